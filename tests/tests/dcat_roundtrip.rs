//! An agency's own DCAT-AP-SE catalogue through the register and back (issue 15): imported,
//! exported, imported on a second node, exported again, and compared as RDF graphs with
//! rdflib; every export validated with pySHACL against all the shape files in `tests/shapes`.
//! The checks in Python are in `tests/dcat/graphs.py`.

use std::path::PathBuf;
use std::process::Command;

use integration_tests::openapi::*;
use integration_tests::{both_backends, spawn_app, Backend, TestApp};
use reqwest::Method;
use serde_json::Value;

const AGENCY: &str = include_str!("../dcat/agency-catalogue.ttl");
const SERVICE: &str = "https://data.skatteverket.se/tjanst/foretagsinformation";
const ENGLISH_ONLY: &str = "https://data.skatteverket.se/tjanst/skattesatser";
const DATASET: &str = "https://data.skatteverket.se/datamangd/foretag";

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `graphs.py` on files written for it; its JSON answer.
fn graphs(mode: &str, texts: &[&str], format: &str) -> Value {
    let tmp = tempfile::tempdir().unwrap();
    let mut cmd = Command::new("python3");
    cmd.arg(dir().join("dcat/graphs.py")).arg(mode);
    for (n, t) in texts.iter().enumerate() {
        let path = tmp.path().join(format!("{n}.rdf"));
        std::fs::write(&path, t).unwrap();
        cmd.arg(path);
    }
    cmd.arg(format);
    if mode == "validate" {
        cmd.arg(dir().join("shapes/dcat-ap-3.0.1"));
    }
    let out = cmd.output().expect("python3 runs (pip install pyshacl)");
    assert!(
        out.status.success(),
        "graphs.py {mode}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every shape file at once: no violation; the warnings (recommendations) listed.
fn validate(export: &str, format: &str) -> Vec<String> {
    let r = graphs("validate", &[export], format);
    assert_eq!(r["violations"], serde_json::json!([]), "{format}: {r:#}");
    serde_json::from_value(r["warnings"].clone()).unwrap()
}

async fn import(app: &TestApp, query: &str, ttl: &str) -> reqwest::Response {
    app.http(Method::POST, &format!("/api/v1/catalog/imports{query}"))
        .header("content-type", "text/turtle")
        .body(ttl.to_string())
        .send()
        .await
        .unwrap()
}

async fn report(resp: reqwest::Response) -> CatalogImportReport {
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).unwrap()
}

async fn export(app: &TestApp, path: &str, format: &str) -> String {
    let resp = app
        .http(Method::GET, &format!("{path}?format={format}"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    resp.text().await.unwrap()
}

async fn api(app: &TestApp, id: uuid::Uuid) -> Api {
    app.client.apis().get(&id.to_string()).await.unwrap()
}

async fn round_trip(backend: Backend) {
    let one = spawn_app(backend).await;
    let two = spawn_app(backend).await;
    let before = one.client.apis().list(&[]).await.unwrap().total_count;

    let first = report(import(&one, "", AGENCY).await).await;
    assert_eq!(
        (first.created, first.updated, first.unchanged),
        (2, 0, 0),
        "{first:?}"
    );
    assert_eq!(first.datasets, [DATASET]);
    assert_eq!(first.skipped, []);
    let iris: Vec<&str> = first.entries.iter().map(|e| e.iri.as_str()).collect();
    assert_eq!(iris, [SERVICE, ENGLISH_ONLY]);

    // Identity and what was stated, as stated.
    let full = api(&one, first.entries[0].api).await;
    assert_eq!(full.source_iri.as_deref(), Some(SERVICE));
    assert_eq!(
        full.identifier.as_deref(),
        Some("skatteverket-foretagsinformation-v1")
    );
    assert_eq!(full.publisher.slug.as_deref(), Some("skatteverket"));
    assert_eq!(full.keywords, ["företag"]);
    assert_eq!(full.keywords_en, ["company", "tax rate"]);
    assert_eq!(full.serves_datasets, [DATASET]);
    assert_eq!(
        full.hvd_categories,
        ["http://data.europa.eu/bna/c_a9135398"]
    );
    assert_eq!(
        full.contact_point.as_ref().unwrap().telephone.as_deref(),
        Some("+4677167080")
    );
    // One API per IRI.
    let twin = serde_json::json!({"title": {"sv": "Tvilling"}, "publisher": "skatteverket",
        "endpointUrls": ["https://api.skatteverket.se/tvilling"], "sourceIri": SERVICE});
    let resp = one
        .http(Method::POST, "/api/v1/apis")
        .json(&twin)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 409);
    let p: Problem = resp.json().await.unwrap();
    assert_eq!(p.errors[0].field, "sourceIri", "{p:?}");
    let bare = api(&one, first.entries[1].api).await;
    assert_eq!((bare.status, bare.access_rights), (None, None));
    assert_eq!(
        (bare.title.sv.as_str(), bare.title.en.as_str()),
        ("", "Tax rates for registered companies")
    );
    // No dct:publisher of its own: the catalogue's.
    assert_eq!(bare.publisher.slug.as_deref(), Some("skatteverket"));

    let turtle = export(&one, "/api/v1/catalog", "turtle").await;
    // Nothing the agency said is lost on the way out …
    let missing = graphs("contains", &[AGENCY, &turtle], "turtle");
    assert_eq!(missing, serde_json::json!([]), "{turtle}");
    // … and nothing it did not say is added: no status or access right for the service that
    // states none, no Swedish tag on English text.
    let start = turtle
        .find(&format!("<{ENGLISH_ONLY}> a "))
        .unwrap_or_else(|| panic!("{turtle}"));
    let bare_block = &turtle[start..start + turtle[start..].find(" .\n").unwrap()];
    assert!(!bare_block.contains("adms:status"), "{bare_block}");
    assert!(!bare_block.contains("accessRights"), "{bare_block}");
    assert!(!bare_block.contains("@sv"), "{bare_block}");
    assert!(turtle.contains("\"tax rate\"@en"), "{turtle}");
    assert!(!turtle.contains("\"tax rate\"@sv"), "{turtle}");

    let mut warnings = vec![];
    for format in ["turtle", "rdfxml", "jsonld"] {
        let text = export(&one, "/api/v1/catalog", format).await;
        warnings = validate(&text, format);
    }
    // The warnings are the recommendations docs/dcat-mapping.md lists; print them for it.
    println!(
        "SHACL warnings ({}):\n{}",
        warnings.len(),
        warnings.join("\n")
    );

    // On a second node: the same services under the same IRIs, the same dataset.
    let agency_one = export(&one, "/api/v1/organisations/skatteverket/catalog", "turtle").await;
    let second = report(import(&two, "", &agency_one).await).await;
    assert_eq!(
        (second.created, second.updated, second.unchanged),
        (2, 0, 0),
        "{second:?}"
    );
    assert_eq!(second.datasets, [DATASET]);
    let copied = api(&two, second.entries[0].api).await;
    assert_eq!(copied.source_iri.as_deref(), Some(SERVICE));
    assert_eq!(
        copied.identifier.as_deref(),
        Some("skatteverket-foretagsinformation-v1")
    );
    let turtle_two = export(&two, "/api/v1/organisations/skatteverket/catalog", "turtle").await;
    let same = graphs("isomorphic", &[&agency_one, &turtle_two], "turtle");
    assert_eq!(same["same"], true, "{same:#}");
    validate(&turtle_two, "turtle");

    // Back on the first node: recognised by IRI and identifier, nothing duplicated.
    let back = report(import(&one, "", &turtle_two).await).await;
    assert_eq!(
        (back.created, back.updated, back.unchanged),
        (0, 0, 2),
        "{back:?}"
    );
    assert_eq!(
        one.client.apis().list(&[]).await.unwrap().total_count,
        before + 2
    );

    // The organisation's catalogue has one IRI however the organisation is named.
    let by_id = export(
        &one,
        &format!("/api/v1/organisations/{}/catalog", full.publisher.id),
        "turtle",
    )
    .await;
    assert!(
        by_id.contains("<http://registry.test/api/v1/organisations/skatteverket/catalog>"),
        "{by_id}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agency_catalogue_round_trips_sqlite() {
    round_trip(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agency_catalogue_round_trips_postgres() {
    round_trip(Backend::Postgres).await
}

/// The agency's catalogue without its English-only service.
fn without_english_only() -> String {
    let start = AGENCY
        .find(&format!("<{ENGLISH_ONLY}> a dcat:DataService"))
        .unwrap();
    let end = start + AGENCY[start..].find(" .\n\n").unwrap() + 4;
    let mut ttl = format!("{}{}", &AGENCY[..start], &AGENCY[end..]);
    ttl = ttl.replace(&format!(", <{ENGLISH_ONLY}>"), "");
    ttl
}

both_backends! {
    async fn services_no_longer_listed_are_reported_and_withdrawn_on_request(app: TestApp) {
        let first = report(import(&app, "", AGENCY).await).await;
        let gone = first.entries[1].api;
        let less = without_english_only();
        assert!(!less.contains(ENGLISH_ONLY));
        let r = report(import(&app, "", &less).await).await;
        assert_eq!((r.created, r.updated, r.unchanged), (0, 0, 1), "{r:?}");
        assert_eq!(r.missing, [CatalogImportMissing { iri: ENGLISH_ONLY.into(), api: gone, withdrawn: false }]);
        assert_eq!(api(&app, gone).await.status, None);
        let r = report(import(&app, "?withdrawMissing=true", &less).await).await;
        assert_eq!(r.missing, [CatalogImportMissing { iri: ENGLISH_ONLY.into(), api: gone, withdrawn: true }]);
        assert_eq!(r.updated, 1);
        // Withdrawn, not deleted: the API and its history stay.
        let withdrawn = api(&app, gone).await;
        assert_eq!(withdrawn.status, Some(ApiStatus::Tillbakadragen));
        let history: Value = app
            .http(Method::GET, &format!("/api/v1/apis/{gone}/history"))
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(history["items"].as_array().unwrap().len(), 2, "{history:#}");
        // Its withdrawal is in the export.
        let ttl = export(&app, "/api/v1/catalog", "turtle").await;
        assert!(ttl.contains("distribution-status/WITHDRAWN"));
    }

    async fn what_is_not_kept_is_reported(app: TestApp) {
        let ttl = format!("{AGENCY}
<https://data.skatteverket.se/tjanst/foretagsinformation> <http://example.org/ns#rating> 5 ;
    <http://purl.org/dc/terms/title> \"Yritystiedot\"@fi ;
    <http://www.w3.org/ns/dcat#theme> <http://example.org/theme/companies> .
[] a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> \"Utan IRI\"@sv .
<https://data.skatteverket.se/serie> a <http://www.w3.org/ns/dcat#DatasetSeries> .
");
        let r = report(import(&app, "", &ttl).await).await;
        let notes = &r.entries[0].notes;
        for expected in ["<http://example.org/ns#rating> not kept", "dct:title@fi not kept", "dcat:theme <http://example.org/theme/companies> not kept"] {
            assert!(notes.iter().any(|n| n.starts_with(expected)), "{expected}: {notes:?}");
        }
        let kinds: Vec<&str> = r.skipped.iter().map(|s| s.kind.as_str()).collect();
        assert_eq!(kinds, ["dcat:Dataset", "dcat:DatasetSeries"], "{r:?}");
        assert!(r.skipped[0].reason.contains("IRI"));
    }

    async fn a_service_without_any_publisher_is_refused_by_its_iri(app: TestApp) {
        let ttl = "@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
<https://example.se/api/utan> a dcat:DataService ; dct:title \"Utan utgivare\"@sv ;
    dcat:endpointURL <https://example.se/v1> .";
        // The operator belongs to no organisation: nobody to publish it.
        let resp = import(&app, "", ttl).await;
        assert_eq!(resp.status().as_u16(), 400);
        let p: Problem = resp.json().await.unwrap();
        assert_eq!(p.errors[0].field, "entries[0].publisher");
        assert!(p.errors[0].message.starts_with("https://example.se/api/utan: "), "{p:?}");
        // An agency importing it publishes it.
        let agency = app.client_for("skr");
        let req = agency.request(Method::POST, "/api/v1/catalog/imports")
            .header("content-type", "text/turtle").body(ttl);
        let r: CatalogImportReport = serde_json::from_slice(&agency.send_raw(req).await.unwrap().bytes().await.unwrap()).unwrap();
        assert_eq!(r.created, 1);
        assert_eq!(api(&app, r.entries[0].api).await.publisher.slug.as_deref(), Some("skr"));
    }

    async fn a_contact_point_without_email_is_refused_and_not_exported(app: TestApp) {
        let ttl = AGENCY.replace("    vcard:hasEmail <mailto:api@skatteverket.se> .\n", "    vcard:hasURL <https://skatteverket.se/kontakt> .\n");
        let resp = import(&app, "", &ttl).await;
        assert_eq!(resp.status().as_u16(), 400);
        let p: Problem = resp.json().await.unwrap();
        assert_eq!(p.errors[0].field, "entries[1].contactPoint.email", "{p:?}");
        // Seeded before the rule: every seeded contact point has one now, so each is exported.
        let ttl = export(&app, "/api/v1/catalog", "turtle").await;
        assert_eq!(ttl.matches("vcard:hasEmail").count(), 5, "{ttl}");
    }
}

/// A node that mirrors the importing node exports the services under the IRIs their publisher
/// gave them, and names only the datasets and concepts it can describe (the federation feed
/// carries the APIs, not the kept descriptions).
async fn a_mirror_keeps_the_identity(backend: Backend) {
    use integration_tests::federation::{add_peer, node, sync};
    let origin = node(backend, "skatteverket-nod", true).await;
    let mirror = node(backend, "digg-nod", false).await;
    report(import(&origin, "", AGENCY).await).await;
    let peer = add_peer(&mirror, &origin, &[]).await;
    let pulled = sync(&mirror, &peer).await;
    assert_eq!(pulled["rejected"], serde_json::json!([]), "{pulled:#}");
    let ttl = export(
        &mirror,
        "/api/v1/organisations/skatteverket/catalog",
        "turtle",
    )
    .await;
    for iri in [SERVICE, ENGLISH_ONLY] {
        assert!(
            ttl.contains(&format!("<{iri}> a dcat:DataService")),
            "{ttl}"
        );
    }
    assert!(!ttl.contains("/api/v1/apis/"), "{ttl}");
    assert!(!ttl.contains("servesDataset"), "{ttl}");
    validate(&ttl, "turtle");
    let mirrored: Vec<Api> = mirror
        .client
        .apis()
        .list(&[("organisation", "skatteverket")])
        .await
        .unwrap()
        .items;
    let ids: Vec<Option<&str>> = mirrored.iter().map(|a| a.identifier.as_deref()).collect();
    assert_eq!(
        ids,
        [
            Some("skatteverket-foretagsinformation-v1"),
            Some("skatteverket-skattesatser")
        ]
    );
    assert_eq!(mirrored[0].source_iri.as_deref(), Some(SERVICE));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mirror_keeps_the_identity_sqlite() {
    a_mirror_keeps_the_identity(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mirror_keeps_the_identity_postgres() {
    a_mirror_keeps_the_identity(Backend::Postgres).await
}

/// An organisation registers where it publishes its catalogue; the register harvests it on
/// demand and on its schedule, through the guarded outbound client, with the import's report.
async fn a_published_catalogue_is_harvested(backend: Backend) {
    use integration_tests::federation::node;
    use registry::catalog::harvest::Harvester;
    // The agency's own catalogue, served by a node of its own.
    let agency_node = node(backend, "skatteverket-nod", true).await;
    report(import(&agency_node, "", AGENCY).await).await;
    let url = format!(
        "{}/api/v1/organisations/skatteverket/catalog?format=turtle",
        agency_node.address
    );
    let register = node(backend, "digg-nod", true).await;
    let path = "/api/v1/organisations/skatteverket/catalog/source";
    let put = |client: integration_tests::client::Client, body: Value| async move {
        let req = client.request(Method::PUT, path).json(&body);
        client.authorize(req).await.unwrap().send().await.unwrap()
    };
    let agency = register.client_for("skatteverket");
    let resp = put(
        agency.clone(),
        serde_json::json!({"url": "ftp://x", "intervalHours": 0}),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 400);
    let p: Problem = resp.json().await.unwrap();
    let fields: Vec<&str> = p.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["url", "intervalHours"]);
    let resp = put(register.client_for("skr"), serde_json::json!({"url": url})).await;
    assert_eq!(resp.status().as_u16(), 403);
    let resp = put(agency.clone(), serde_json::json!({"url": url})).await;
    assert_eq!(resp.status().as_u16(), 200);
    let source: CatalogSource = resp.json().await.unwrap();
    assert_eq!(
        (source.interval_hours, source.withdraw_missing),
        (24, false)
    );
    assert!(
        source.next_run <= chrono::Utc::now(),
        "due at once: {source:?}"
    );

    let harvest = |client: integration_tests::client::Client| async move {
        let req = client.request(Method::POST, &format!("{path}/harvest"));
        client.authorize(req).await.unwrap().send().await.unwrap()
    };
    let first = report(harvest(agency.clone()).await).await;
    assert_eq!((first.created, first.unchanged), (2, 0), "{first:?}");
    assert_eq!(first.datasets, [DATASET]);
    let imported = api(&register, first.entries[0].api).await;
    assert_eq!(imported.source_iri.as_deref(), Some(SERVICE));
    assert_eq!(imported.publisher.slug.as_deref(), Some("skatteverket"));
    let source: CatalogSource = register
        .client
        .send_json(register.client.request(Method::GET, path))
        .await
        .unwrap();
    assert_eq!(source.last_report.as_ref().map(|r| r.created), Some(2));
    assert!(source.next_run > chrono::Utc::now() + chrono::Duration::hours(23));

    // On its schedule: nothing is due now, everything a day later.
    let harvester = Harvester::new(register.state.db.clone(), &register.settings);
    let now = chrono::Utc::now().naive_utc();
    assert_eq!(harvester.run_due(now).await.unwrap(), 0);
    assert_eq!(
        harvester
            .run_due(now + chrono::Duration::hours(25))
            .await
            .unwrap(),
        1
    );
    let source: CatalogSource = register
        .client
        .send_json(register.client.request(Method::GET, path))
        .await
        .unwrap();
    let last = source.last_report.unwrap();
    assert_eq!((last.created, last.unchanged), (0, 2), "{last:?}");

    // A catalogue that cannot be fetched: refused with the reason, which the source keeps.
    let resp = put(
        agency.clone(),
        serde_json::json!({"url": "http://127.0.0.1:1/katalog"}),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 200);
    let resp = harvest(agency.clone()).await;
    assert_eq!(resp.status().as_u16(), 502);
    let source: CatalogSource = register
        .client
        .send_json(register.client.request(Method::GET, path))
        .await
        .unwrap();
    assert!(source.last_error.unwrap().contains("could not fetch"));
    assert!(source.last_report.is_none());

    let req = agency.request(Method::DELETE, path);
    assert_eq!(
        agency
            .authorize(req)
            .await
            .unwrap()
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        204
    );
    let resp = register
        .client
        .request(Method::GET, path)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);
    // What was harvested stays.
    api(&register, first.entries[0].api).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_published_catalogue_is_harvested_sqlite() {
    a_published_catalogue_is_harvested(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_published_catalogue_is_harvested_postgres() {
    a_published_catalogue_is_harvested(Backend::Postgres).await
}
