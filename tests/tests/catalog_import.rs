//! `POST /api/v1/catalog/imports`: an agency's DCAT-AP-SE catalogue becomes registered APIs,
//! idempotently and all or nothing.

use integration_tests::openapi::*;
use integration_tests::{both_backends, spawn_app, Backend, TestApp};
use reqwest::Method;

async fn import(app: &TestApp, content_type: &str, body: String) -> reqwest::Response {
    app.http(Method::POST, "/api/v1/catalog/imports")
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn report(resp: reqwest::Response) -> CatalogImportReport {
    assert_eq!(resp.status().as_u16(), 200);
    resp.json().await.unwrap()
}

async fn problem(resp: reqwest::Response, status: u16) -> Problem {
    assert_eq!(resp.status().as_u16(), status);
    assert_eq!(resp.headers()["content-type"], "application/problem+json");
    resp.json().await.unwrap()
}

async fn export(app: &TestApp, format: &str) -> String {
    let text = app
        .http(Method::GET, &format!("/api/v1/catalog?format={format}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    if format == "rdfxml" {
        integration_tests::parse_rdfxml_strictly(&text);
    }
    text
}

const BLANK_PUBLISHER: &str = r#"
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://example.se/api/ok> a dcat:DataService ; dct:title "Bra"@sv ;
    dcat:endpointURL <https://example.se/v1> ;
    dct:publisher <http://dataportal.se/organisation/SE2021006883> .
<https://example.se/api/x> a dcat:DataService ; dct:title "Trasig"@sv ;
    dcat:endpointURL <https://example.se/v1> ;
    dct:publisher [ a <http://xmlns.com/foaf/0.1/Agent> ] .
<https://example.se/api/y> a dcat:DataService ; dct:title "Okänd"@sv ;
    dcat:endpointURL <https://example.se/v1> ;
    dct:publisher <http://dataportal.se/organisation/SE9999999999> .
"#;

both_backends! {
    async fn importing_our_own_export_changes_nothing(app: TestApp) {
        let before = app.client.audit(&[]).await.unwrap().total_count;
        for format in ["turtle", "rdfxml", "jsonld"] {
            let ct = match format {
                "turtle" => "text/turtle",
                "rdfxml" => "application/rdf+xml",
                _ => "application/ld+json",
            };
            let r = report(import(&app, ct, export(&app, format).await).await).await;
            assert_eq!((r.created, r.updated, r.unchanged), (0, 0, 5), "{format}: {r:?}");
        }
        assert_eq!(app.client.audit(&[]).await.unwrap().total_count, before);
    }

    async fn invalid_services_stop_the_whole_import(app: TestApp) {
        let before = app.client.audit(&[]).await.unwrap().total_count;
        let p = problem(import(&app, "text/turtle", BLANK_PUBLISHER.into()).await, 400).await;
        let fields: Vec<&str> = p.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["entries[1].publisher", "entries[2].publisher"], "{p:?}");
        assert!(p.errors[0].message.contains("blank node"), "{p:?}");
        let p = problem(import(&app, "text/turtle", "<a> <b> .".into()).await, 400).await;
        assert_eq!(p.errors[0].field, "body");
        let p = problem(import(&app, "text/turtle", "@prefix x: <http://x/> . x:a x:b x:c .".into()).await, 422).await;
        assert!(p.errors[0].message.contains("no dcat:DataService"), "{p:?}");
        let resp = import(&app, "text/plain", "x".into()).await;
        assert_eq!(resp.status().as_u16(), 400);
        let p = problem(import(&app, "application/json", r#"{"url": "http://127.0.0.1:1/catalog"}"#.into()).await, 502).await;
        assert_eq!(p.errors[0].field, "url");
        assert_eq!(app.client.audit(&[]).await.unwrap().total_count, before);
    }
}

async fn import_into_another_register(backend: Backend) {
    let source = spawn_app(backend).await;
    let target = spawn_app(backend).await;
    let ttl = export(&source, "turtle").await;
    let first = report(import(&target, "text/turtle", ttl.clone()).await).await;
    assert_eq!((first.created, first.updated, first.unchanged), (5, 0, 0));
    assert_eq!(
        target.client.apis().list(&[]).await.unwrap().total_count,
        10
    );
    let imported = target
        .client
        .apis()
        .get(&first.entries[0].api.to_string())
        .await
        .unwrap();
    let original = source
        .client
        .apis()
        .list(&[("q", &imported.title.sv)])
        .await
        .unwrap()
        .items
        .remove(0);
    assert_eq!(imported.publisher.slug, original.publisher.slug);
    assert_eq!(imported.endpoint_urls, original.endpoint_urls);
    assert_eq!(imported.themes, original.themes);
    assert_eq!(imported.contact_point, original.contact_point);
    // Twice: nothing changes.
    let again = report(import(&target, "text/turtle", ttl.clone()).await).await;
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 5));
    // A changed title updates that one entry.
    let changed = ttl.replace("Statistikdatabasen (PxWebApi)", "Statistikdatabasen");
    let third = report(import(&target, "text/turtle", changed).await).await;
    assert_eq!((third.created, third.updated, third.unchanged), (0, 1, 4));
    assert_eq!(
        target.client.apis().list(&[]).await.unwrap().total_count,
        10
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_into_another_register_sqlite() {
    import_into_another_register(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_into_another_register_postgres() {
    import_into_another_register(Backend::Postgres).await
}

/// A catalogue of `n` services of Bolagsverket, and optionally one with a blank-node publisher
/// at the end.
fn big_catalogue(n: usize, broken_last: bool) -> String {
    let mut out = String::from(
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n@prefix dct: <http://purl.org/dc/terms/> .\n",
    );
    for i in 0..n {
        out.push_str(&format!(
            "<https://example.se/api/{i}> a dcat:DataService ; dct:title \"Tjänst {i}\"@sv ; \
             dcat:endpointURL <https://example.se/v1/{i}> ; \
             dct:publisher <http://dataportal.se/organisation/SE2021005489> ; \
             dcat:theme <http://publications.europa.eu/resource/authority/data-theme/GOVE> .\n"
        ));
    }
    if broken_last {
        out.push_str(
            "<https://example.se/api/x> a dcat:DataService ; dct:title \"X\"@sv ; \
             dcat:endpointURL <https://example.se/x> ; dct:publisher [ dct:title \"?\" ] .\n",
        );
    }
    out
}

both_backends! {
    async fn a_catalogue_of_ten_thousand_services_is_all_or_nothing(app: TestApp) {
        let before = app.client.apis().list(&[]).await.unwrap().total_count;
        // One bad service among 10 000: nothing is written.
        let p = problem(import(&app, "text/turtle", big_catalogue(10_000, true)).await, 400).await;
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].field, "entries[10000].publisher");
        assert_eq!(app.client.apis().list(&[]).await.unwrap().total_count, before);
        let r = report(import(&app, "text/turtle", big_catalogue(10_000, false)).await).await;
        assert_eq!(r.created, 10_000);
        let again = report(import(&app, "text/turtle", big_catalogue(10_000, false)).await).await;
        assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 10_000));
        assert_eq!(app.client.apis().list(&[]).await.unwrap().total_count, before + 10_000);
    }
}
