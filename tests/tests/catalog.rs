//! The DCAT-AP-SE export: content negotiation, the catalogue rules of DESIGN.md, and SHACL
//! validation with pySHACL against the DCAT-AP 3.0.1 shapes in `tests/shapes`.

use std::path::PathBuf;
use std::process::Command;

use integration_tests::openapi::*;
use integration_tests::{both_backends, TestApp};
use reqwest::Method;

/// The DCAT-AP 3.0.1 shapes: `DCAT_AP_SHAPES_DIR`, or the copy in `tests/shapes/dcat-ap-3.0.1`
/// kept in the repository so that a clean clone anywhere runs the check.
fn shapes_dir() -> PathBuf {
    std::env::var_os("DCAT_AP_SHAPES_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("shapes/dcat-ap-3.0.1"))
}

const SPEC: &str = r#"{"openapi": "3.0.3", "info": {"title": "Adresser", "version": "1"},
  "paths": {"/v1/adresser": {"get": {"responses": {"200": {"description": "ok"}}}}}}"#;

fn input(title: &str, publisher: &str, status: ApiStatus, access: AccessRights) -> ApiInput {
    ApiInput {
        title: Localized {
            sv: title.into(),
            en: format!("{title} API"),
        },
        description: Localized {
            sv: format!("Beskrivning av {title}"),
            en: String::new(),
        },
        publisher: publisher.into(),
        endpoint_urls: vec![format!("https://api.{publisher}.se/v1")],
        building_blocks: vec!["adressregister".into()],
        status: Some(status),
        sunset_date: None,
        successor: None,
        licence: Some("http://creativecommons.org/publicdomain/zero/1.0/".into()),
        access_rights: Some(access),
        contact_point: Some(ContactPoint {
            name: "Kundtjänst".into(),
            email: Some(format!("api@{publisher}.se")),
            url: Some(format!("https://{publisher}.se/kontakt")),
            telephone: None,
        }),
        keywords: vec!["adress".into(), "geodata".into()],
        themes: vec![DataTheme::Regi, DataTheme::Gove],
        conforms_to: vec!["https://www.dataportal.se/rest-api-profil/1.2.0".into()],
        documentation_url: Some(format!("https://{publisher}.se/api")),
        sla: None,
        spec_url: None,
        ..Default::default()
    }
}

async fn register_test_apis(app: &TestApp) -> Api {
    let apis = app.client.apis();
    let a = apis
        .create(&input(
            "Adressuppslag",
            "lantmateriet",
            ApiStatus::IProduktion,
            AccessRights::Publik,
        ))
        .await
        .unwrap();
    app.http(
        Method::POST,
        &format!("/api/v1/apis/{}/versions", a.meta.id),
    )
    .header("content-type", "application/json")
    .body(SPEC)
    .send()
    .await
    .unwrap();
    let mut old = input(
        "Gamla adresser",
        "lantmateriet",
        ApiStatus::Utfasad,
        AccessRights::Begransad,
    );
    old.successor = Some(a.meta.id.to_string());
    old.contact_point = None;
    apis.create(&old).await.unwrap();
    // An organisation without an organisation number publishes under its register URI.
    apis.create(&input(
        "Styrning",
        "skr",
        ApiStatus::UnderUtveckling,
        AccessRights::IckePublik,
    ))
    .await
    .unwrap();
    apis.get(&a.meta.id.to_string()).await.unwrap()
}

async fn get(app: &TestApp, path: &str, accept: Option<&str>) -> (String, String) {
    let mut req = app.http(Method::GET, path);
    if let Some(a) = accept {
        req = req.header("accept", a);
    }
    let resp = req.send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200, "{path}");
    let ct = resp.headers()["content-type"].to_str().unwrap().to_string();
    (ct, resp.text().await.unwrap())
}

/// pySHACL's verdict on the data against one shapes file (warnings allowed), and its report.
fn conforms(data: &str, format: &str, shapes: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalog");
    std::fs::write(&path, data).unwrap();
    let shapes = shapes_dir().join(shapes);
    assert!(
        shapes.exists(),
        "the SHACL shapes are needed: {}",
        shapes.display()
    );
    let out = Command::new("python3")
        .args(["-m", "pyshacl", "-s"])
        .arg(&shapes)
        .args(["-sf", "turtle", "-df", format, "-w"])
        .arg(&path)
        .output()
        .expect("python3 -m pyshacl runs (pip install pyshacl)");
    let report = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.success() && report.contains("Conforms: True"),
        report,
    )
}

/// Runs pySHACL with each shapes file that applies; panics with the report.
fn shacl(data: &str, format: &str) {
    for shapes in ["shapes.ttl", "range.ttl", "mdr-vocabularies.shape.ttl"] {
        let (ok, report) = conforms(data, format, shapes);
        assert!(ok, "{shapes} on {format}:\n{report}");
    }
}

#[test]
fn the_shacl_check_finds_violations() {
    // A service without a title, and a publisher that is not an agent.
    let bad = "<http://x/s> a <http://www.w3.org/ns/dcat#DataService> ; \
        <http://www.w3.org/ns/dcat#endpointURL> <http://x/e> ; \
        <http://purl.org/dc/terms/publisher> <http://x/p> .";
    assert!(!conforms(bad, "turtle", "shapes.ttl").0);
    assert!(!conforms(bad, "turtle", "range.ttl").0);
}

both_backends! {
    async fn the_catalogue_passes_shacl_in_every_format(app: TestApp) {
        let api = register_test_apis(&app).await;
        let (ct, xml) = get(&app, "/api/v1/catalog", None).await;
        assert_eq!(ct, "application/rdf+xml");
        integration_tests::parse_rdfxml_strictly(&xml);
        // Absolute IRIs and no blank nodes for the catalogue, services, publishers, contacts.
        assert!(!xml.contains("rdf:nodeID"), "{xml}");
        assert!(xml.contains("rdf:about=\"http://registry.test/api/v1/catalog\""));
        assert!(xml.contains(&format!("http://registry.test/api/v1/apis/{}", api.meta.id)));
        // Lantmäteriet, 202100-4888.
        assert!(xml.contains("http://dataportal.se/organisation/SE2021004888"), "{xml}");
        assert!(xml.contains(&format!("http://registry.test/api/v1/apis/{}#contact", api.meta.id)));
        assert!(xml.contains("http://creativecommons.org/publicdomain/zero/1.0/"));
        assert!(xml.contains("distribution-status/COMPLETED"));
        assert!(xml.contains("distribution-status/DEPRECATED"));
        assert!(xml.contains("access-right/NON_PUBLIC"));
        // The endpoint description is the served document, fetched back at its version URL.
        let doc_url = &api.document.as_ref().unwrap().json_url;
        assert!(xml.contains(doc_url.as_str()));
        let path = doc_url.strip_prefix("http://registry.test").unwrap();
        let resp = app.http(Method::GET, path).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 200);
        assert_eq!(resp.headers()["access-control-allow-origin"], "*");
        let doc: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(doc["info"]["title"], "Adresser");
        shacl(&xml, "xml");

        let (ct, ttl) = get(&app, "/api/v1/catalog", Some("text/turtle")).await;
        assert_eq!(ct, "text/turtle");
        assert!(!ttl.contains("_:"), "{ttl}");
        shacl(&ttl, "turtle");
        let (ct, jsonld) = get(&app, "/api/v1/catalog?format=jsonld", Some("text/turtle")).await;
        assert_eq!(ct, "application/ld+json");
        serde_json::from_str::<serde_json::Value>(&jsonld).unwrap();
        shacl(&jsonld, "json-ld");
    }

    async fn per_organisation_catalogues_and_bad_requests(app: TestApp) {
        register_test_apis(&app).await;
        let (_, ttl) = get(&app, "/api/v1/organisations/skr/catalog", Some("text/turtle")).await;
        assert!(ttl.contains("Styrning"));
        assert!(!ttl.contains("Adressuppslag"));
        assert!(ttl.contains("http://registry.test/api/v1/organisations/skr/catalog"));
        shacl(&ttl, "turtle");
        let (_, empty) = get(&app, "/api/v1/organisations/msb/catalog?format=turtle", None).await;
        assert!(!empty.contains("DataService"));
        let resp = app.http(Method::GET, "/api/v1/organisations/finns-inte/catalog").send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 404);
        let resp = app.http(Method::GET, "/api/v1/catalog?format=csv").send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 400);
        let p: Problem = resp.json().await.unwrap();
        assert_eq!(p.errors[0].field, "format");
    }
}
