//! An agency registers an API and adds its OpenAPI document through the web interface, with
//! the API's rules: what the API refuses, the form refuses; only the publisher adds versions.

use integration_tests::*;
use scraper::{Html, Selector};

async fn get(app: &TestApp, path: &str, cookie: &str) -> (u16, String) {
    let res = browser()
        .get(format!("{}{path}", app.address))
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn post(app: &TestApp, path: &str, cookie: &str, form: &[(&str, &str)]) -> reqwest::Response {
    browser()
        .post(format!("{}{path}", app.address))
        .header("Cookie", cookie)
        .header("Origin", &app.address)
        .form(form)
        .send()
        .await
        .unwrap()
}

fn csrf(page: &str) -> String {
    Html::parse_document(page)
        .select(&Selector::parse(r#"input[name="csrf"]"#).unwrap())
        .next()
        .and_then(|i| i.value().attr("value").map(str::to_string))
        .expect("a form with the session's CSRF token")
}

const DOCUMENT: &str = r#"{"openapi": "3.0.3", "info": {"title": "Företagsfakta", "version": "1.0.0"},
  "paths": {"/foretag": {"get": {"responses": {"200": {"description": "Företagen"}}}}}}"#;

both_backends! {
    async fn an_agency_registers_an_api_and_its_document(app: TestApp) {
        let cookie = app.signed_in("bolagsverket", "bo@bolagsverket.se").await;
        let (status, page) = get(&app, "/api-katalog/ny", &cookie).await;
        assert_eq!(status, 200);
        assert!(Html::parse_document(&page).errors.is_empty());
        let token = csrf(&page);
        let before = app.anonymous().apis().list(&[]).await.unwrap().total_count;

        // A refusal of the API's validation is shown beside the field, nothing written.
        let res = post(&app, "/api-katalog/ny", &cookie, &[
            ("csrf", &token), ("title.sv", ""), ("endpointUrls", "inte en url"),
            ("status", "i-produktion"), ("accessRights", "publik"),
        ]).await;
        assert_eq!(res.status(), 400);
        let body = res.text().await.unwrap();
        assert!(body.contains("error-summary") && body.contains("f-endpointUrls-error"), "{body}");
        assert!(Html::parse_document(&body).errors.is_empty());
        assert_eq!(app.anonymous().apis().list(&[]).await.unwrap().total_count, before);

        let res = post(&app, "/api-katalog/ny", &cookie, &[
            ("csrf", &token), ("title.sv", "Företagsfakta"), ("title.en", "Company facts"),
            ("description.sv", "Grunduppgifter om företag."), ("endpointUrls", "https://api.bolagsverket.se/foretag/v1\n"),
            ("status", "i-produktion"), ("accessRights", "publik"), ("buildingBlocks", "api-hantering"),
            ("themes", "ECON"), ("themes", "GOVE"), ("keywords", "företag, register"),
        ]).await;
        assert_eq!(res.status(), 303);
        let at = res.headers()["location"].to_str().unwrap().to_string();
        let id = at.strip_prefix("/api-katalog/").unwrap().to_string();
        let api = app.anonymous().apis().get(&id).await.unwrap();
        assert_eq!(api.publisher.slug.as_deref(), Some("bolagsverket"));
        assert_eq!(api.themes.len(), 2);
        assert_eq!(api.keywords, ["företag", "register"]);
        assert_eq!(api.building_blocks[0].slug.as_deref(), Some("api-hantering"));

        // Its document, pasted: a version with its REST API profile report, browsable.
        let (_, page) = get(&app, &at, &cookie).await;
        assert!(page.contains("Lägg till en version"));
        let res = post(&app, &format!("{at}/dokument"), &cookie, &[("csrf", &csrf(&page)), ("document", DOCUMENT)]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], format!("{at}/versioner/1").as_str());
        let (status, version) = get(&app, &format!("{at}/versioner/1"), &cookie).await;
        assert_eq!(status, 200);
        assert!(version.contains("data-url"));
        let versions = app.anonymous().request(reqwest::Method::GET, &format!("/api/v1/apis/{id}/versions")).send().await.unwrap();
        assert_eq!(versions.status(), 200);
        // The catalogue lists it.
        let (_, list) = get(&app, "/api-katalog?q=f%C3%B6retagsfakta", &cookie).await;
        assert!(list.contains("Företagsfakta"));

        // Another agency may not add versions to it; without a session, sign in first.
        let other = app.signed_in("skatteverket", "sk@skatteverket.se").await;
        let (_, page) = get(&app, &at, &other).await;
        let res = post(&app, &format!("{at}/dokument"), &other, &[("csrf", &csrf(&page)), ("document", DOCUMENT)]).await;
        assert_eq!(res.status(), 403);
        let res = browser().post(format!("{}{at}/dokument", app.address)).form(&[("document", DOCUMENT)]).send().await.unwrap();
        assert_eq!(res.status(), 303);
        assert!(res.headers()["location"].to_str().unwrap().starts_with("/logga-in?next="));
        // A document that is no OpenAPI document is refused.
        let (_, page) = get(&app, &at, &cookie).await;
        let res = post(&app, &format!("{at}/dokument"), &cookie, &[("csrf", &csrf(&page)), ("document", "{\"inte\": \"openapi\"}")]).await;
        assert_eq!(res.status(), 422);
    }
}
