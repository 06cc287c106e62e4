//! The web interface's API catalogue (list with facets, an API's page, a version in Swagger
//! UI), change log and entry histories, and federation status, read over HTTP from the real
//! server on the seeded register.

use integration_tests::openapi::*;
use integration_tests::*;
use reqwest::Method;
use scraper::{Html, Selector};
use serde_json::{json, Value};

const SPEC: &str = r#"openapi: 3.1.0
info:
  title: Fastighetsregistret
  version: 1.0.0
  contact: {email: api@lm.se}
  license: {name: CC0}
servers: [{url: "https://api.lm.se/fastighet/v1"}]
paths:
  /api-info:
    get:
      responses:
        "200": {description: ok}
        "500":
          description: fel
          content: {application/problem+json: {}}
"#;

/// A page as a browser asks for it: the status, the CSP and the body, which must parse as
/// HTML5 without a single error.
async fn fetch(app: &TestApp, path: &str) -> (u16, String, String) {
    let res = reqwest::Client::new()
        .get(format!("{}{path}", app.address))
        .header("Accept", "text/html")
        .header("Accept-Language", "sv")
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let ct = res.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ct.starts_with("text/html"), "{path}: {ct}");
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let body = res.text().await.unwrap();
    let doc = Html::parse_document(&body);
    assert!(doc.errors.is_empty(), "{path}: {:?}", doc.errors);
    (status, csp, body)
}

async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let (status, _, body) = fetch(app, path).await;
    (status, body)
}

fn select(body: &str, selector: &str) -> Vec<String> {
    let doc = Html::parse_document(body);
    doc.select(&Selector::parse(selector).unwrap())
        .map(|e| {
            e.text()
                .collect::<Vec<_>>()
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn attrs(body: &str, selector: &str, attr: &str) -> Vec<String> {
    let doc = Html::parse_document(body);
    doc.select(&Selector::parse(selector).unwrap())
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

async fn status_of(app: &TestApp, path: &str) -> u16 {
    reqwest::Client::new()
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Every same-origin link of the page to the parts of the interface this branch serves (and
/// the REST API) answers 200.
async fn links_resolve(app: &TestApp, body: &str) {
    let served = [
        "/api-katalog",
        "/andringar",
        "/federation",
        "/api/",
        "/byggblock",
        "/assets/",
        "/.well-known/",
    ];
    let mut hrefs = attrs(body, "a[href]", "href");
    hrefs.extend(attrs(body, "link[href]", "href"));
    hrefs.extend(attrs(body, "script[src]", "src"));
    hrefs.sort();
    hrefs.dedup();
    for h in hrefs {
        if !h.starts_with('/') || !served.iter().any(|s| h.starts_with(s)) {
            continue;
        }
        let path = h.split('#').next().unwrap();
        assert_eq!(status_of(app, path).await, 200, "broken link {h}");
    }
}

/// An API of Lantmäteriet in the block API-hantering with two document versions (the second
/// breaks the licence rule).
async fn register(app: &TestApp) -> Api {
    let input: ApiInput = serde_json::from_value(json!({
        "title": {"sv": "Fastighetsregistret", "en": "Real property register"},
        "description": {"sv": "Uppgifter om fastigheter.", "en": "Data on real property."},
        "publisher": "lantmateriet",
        "endpointUrls": ["https://api.lm.se/fastighet/v1"],
        "buildingBlocks": ["api-hantering"],
        "status": "i-produktion",
        "accessRights": "publik",
        "licence": "http://creativecommons.org/publicdomain/zero/1.0/",
        "contactPoint": {"name": "LM API-stöd", "email": "api@lm.se"},
        "keywords": ["fastighetsbeteckning"],
        "themes": ["REGI"],
        "conformsTo": ["https://dev.dataportal.se/rest-api-profil"],
        "documentationUrl": "https://www.lantmateriet.se/api"
    }))
    .unwrap();
    let api = app.client.apis().create(&input).await.unwrap();
    for spec in [
        SPEC.to_string(),
        SPEC.replace("version: 1.0.0", "version: 1.1.0")
            .replace("  license: {name: CC0}\n", ""),
    ] {
        let resp = app
            .http(
                Method::POST,
                &format!("/api/v1/apis/{}/versions", api.meta.id),
            )
            .header("content-type", "application/yaml")
            .body(spec)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 201);
    }
    api
}

/// The count a facet link shows for a value, by its label.
fn facet_count(body: &str, heading: &str, label: &str) -> Option<i64> {
    let doc = Html::parse_document(body);
    let section = Selector::parse("aside.facets section.facet").unwrap();
    let h3 = Selector::parse("h3").unwrap();
    let a = Selector::parse("li a").unwrap();
    let span = Selector::parse("span").unwrap();
    for s in doc.select(&section) {
        if s.select(&h3).next()?.text().collect::<String>() != heading {
            continue;
        }
        for link in s.select(&a) {
            let parts: Vec<String> = link.select(&span).map(|x| x.text().collect()).collect();
            if parts.first().map(String::as_str) == Some(label) {
                return parts.get(1)?.parse().ok();
            }
        }
    }
    None
}

both_backends! {
    async fn the_catalogue_lists_apis_with_facet_counts(app: TestApp) {
        register(&app).await;
        let (status, body) = page(&app, "/api-katalog").await;
        assert_eq!(status, 200);
        assert_eq!(select(&body, "h1"), ["API-katalog"]);
        let titles = select(&body, "ul.api-list h3");
        assert!(titles.contains(&"Fastighetsregistret".to_string()), "{titles:?}");
        // The facet counts are the store's, as the REST API gives them.
        let facets: ApiFacets = app.http(Method::GET, "/api/v1/apis/facets").send().await.unwrap().json().await.unwrap();
        let lm = facets.organisation.iter().find(|f| f.label.as_deref() == Some("Lantmäteriet")).unwrap();
        assert!(lm.count >= 1);
        assert_eq!(facet_count(&body, "Organisation", "Lantmäteriet"), Some(lm.count));
        let prod = facets.status.iter().find(|f| f.value.as_deref() == Some("i-produktion")).unwrap();
        assert_eq!(facet_count(&body, "Status", "I produktion"), Some(prod.count));
        let block = facets.building_block.iter().find(|f| f.label.as_deref() == Some("API-hantering")).unwrap();
        assert_eq!(facet_count(&body, "Byggblock", "API-hantering"), Some(block.count));
        assert_eq!(facet_count(&body, "Tema", "Regioner och städer"),
            facets.theme.iter().find(|f| f.value.as_deref() == Some("REGI")).map(|f| f.count));
        // A facet link narrows the list, and the chosen value links back to all.
        let href = Html::parse_document(&body)
            .select(&Selector::parse("aside.facets a").unwrap())
            .find(|a| a.text().collect::<String>().contains("API-hantering"))
            .and_then(|a| a.value().attr("href").map(str::to_string))
            .unwrap();
        let (_, narrowed) = page(&app, &href).await;
        assert_eq!(select(&narrowed, "ul.api-list h3"), ["Fastighetsregistret"]);
        assert_eq!(attrs(&narrowed, "aside.facets a.chosen", "href"), ["/api-katalog"]);
        // Search, and a filter by slug.
        let (_, found) = page(&app, "/api-katalog?q=fastighetsbeteckning&organisation=lantmateriet").await;
        assert_eq!(select(&found, "ul.api-list h3"), ["Fastighetsregistret"]);
        let (_, none) = page(&app, "/api-katalog?q=zzzqqq").await;
        assert!(none.contains("Inga API:er matchar."));
        // A bad filter is a 400 naming it.
        let (status, bad) = page(&app, "/api-katalog?status=kanske").await;
        assert_eq!(status, 400);
        assert!(bad.contains("status"), "{bad}");
        // English on request.
        let (_, en) = page(&app, "/api-katalog?lang=en").await;
        assert!(en.contains(r#"<html lang="en">"#));
        assert!(select(&en, "ul.api-list h3").contains(&"Real property register".to_string()));
        assert_eq!(facet_count(&en, "Status", "In production"), Some(prod.count));
        links_resolve(&app, &body).await;
    }

    async fn an_api_page_shows_metadata_versions_reports_and_downloads(app: TestApp) {
        let api = register(&app).await;
        let id = api.meta.id;
        let (status, body) = page(&app, &format!("/api-katalog/{id}")).await;
        assert_eq!(status, 200);
        assert_eq!(select(&body, "h1"), ["Fastighetsregistret"]);
        for text in ["Lantmäteriet", "https://api.lm.se/fastighet/v1", "LM API-stöd", "api@lm.se",
            "fastighetsbeteckning", "Regioner och städer", "https://dev.dataportal.se/rest-api-profil",
            "https://www.lantmateriet.se/api", "http://creativecommons.org/publicdomain/zero/1.0/", "I produktion", "Publik"] {
            assert!(body.contains(text), "{text} missing");
        }
        // Both versions, newest first, each with its RAP report.
        assert_eq!(select(&body, "section.version h3"), ["Version 2", "Version 1"]);
        let captions = select(&body, "table.rap caption");
        assert_eq!(captions, ["RAP-rapport för version 2", "RAP-rapport för version 1"]);
        let versions: Vec<ApiDocumentVersion> = app.http(Method::GET, &format!("/api/v1/apis/{id}/versions"))
            .send().await.unwrap().json().await.unwrap();
        let rules = select(&body, "table.rap tbody th");
        assert_eq!(rules.len(), versions[0].checks.len() + versions[1].checks.len());
        let failed = select(&body, "table.rap .fail");
        assert_eq!(failed.len(), 1, "only version 2 breaks a rule (info-license)");
        assert!(rules.contains(&"info-license".to_string()));
        // Downloads of each version as JSON and YAML, the Swagger view, DCAT for harvesters.
        let hrefs = attrs(&body, "a", "href");
        for n in [1, 2] {
            for ext in ["json", "yaml"] {
                let h = format!("/api/v1/apis/{id}/versions/{n}/openapi.{ext}");
                assert!(hrefs.contains(&h), "{h} missing");
            }
            assert!(hrefs.contains(&format!("/api-katalog/{id}/versioner/{n}")));
        }
        assert!(hrefs.contains(&"/api/v1/catalog".to_string()));
        assert!(hrefs.contains(&format!("/api/v1/organisations/{}/catalog", api.publisher.id)));
        assert!(hrefs.contains(&format!("/andringar/apis/{id}")));
        links_resolve(&app, &body).await;
        // English.
        let (_, en) = page(&app, &format!("/api-katalog/{id}?lang=en")).await;
        assert_eq!(select(&en, "h1"), ["Real property register"]);
        assert!(en.contains("RAP report for version 2") && en.contains("Not met") && en.contains("Public"));
        // Unknown ids.
        assert_eq!(page(&app, &format!("/api-katalog/{}", uuid::Uuid::nil())).await.0, 404);
        let (status, missing) = page(&app, "/api-katalog/finns-inte").await;
        assert_eq!(status, 404);
        assert!(missing.contains("Sidan finns inte"));
        // Pages without scripts allow none.
        let (_, csp, _) = fetch(&app, &format!("/api-katalog/{id}")).await;
        assert!(!csp.contains("script-src"), "{csp}");
    }

    async fn a_version_is_browsed_in_the_vendored_swagger_ui(app: TestApp) {
        let api = register(&app).await;
        let id = api.meta.id;
        let (status, csp, body) = fetch(&app, &format!("/api-katalog/{id}/versioner/2")).await;
        assert_eq!(status, 200);
        assert!(csp.contains("script-src 'self'") && csp.contains("default-src 'none'"), "{csp}");
        assert!(!csp.contains("'unsafe-eval'") && !csp.contains("script-src 'self' 'unsafe-inline'"), "{csp}");
        assert_eq!(select(&body, "h1"), ["Fastighetsregistret – version 2"]);
        // The container names the served document, which is there.
        let url = attrs(&body, "div#swagger-ui", "data-url");
        assert_eq!(url, [format!("/api/v1/apis/{id}/versions/2/openapi.json")]);
        let doc: Value = reqwest::get(format!("{}{}", app.address, url[0])).await.unwrap().json().await.unwrap();
        assert_eq!(doc["info"]["version"], "1.1.0");
        // Only same-origin scripts and styles, every one served.
        let mut assets = attrs(&body, "script", "src");
        assert!(assets.contains(&"/api/docs/swagger-ui-bundle.js".to_string()), "{assets:?}");
        assert!(assets.contains(&"/assets/swagger-init.js".to_string()), "{assets:?}");
        assets.extend(attrs(&body, "link[rel=stylesheet]", "href"));
        assert!(assets.contains(&"/api/docs/swagger-ui.css".to_string()), "{assets:?}");
        assert_eq!(select(&body, "script").iter().filter(|s| !s.is_empty()).count(), 0, "no inline script");
        for a in &assets {
            assert!(a.starts_with('/') && !a.starts_with("//"), "{a} is not same-origin");
            assert_eq!(status_of(&app, a).await, 200, "{a}");
        }
        let init = reqwest::get(format!("{}/assets/swagger-init.js", app.address)).await.unwrap();
        assert!(init.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
        assert!(init.text().await.unwrap().contains("SwaggerUIBundle"));
        // Without JavaScript: the facts and the downloads.
        assert!(body.contains("openapi-3.1") && body.contains("5 av 6"));
        links_resolve(&app, &body).await;
        // English; unknown versions.
        let (_, en) = page(&app, &format!("/api-katalog/{id}/versioner/2?lang=en")).await;
        assert!(en.contains("Download JSON") && en.contains("Real property register – version 2"));
        // A version is named by its number or by the API version its document states.
        let (status, by_stated) = page(&app, &format!("/api-katalog/{id}/versioner/1.0.0")).await;
        assert_eq!(status, 200);
        assert_eq!(select(&by_stated, "h1"), ["Fastighetsregistret – version 1"]);
        assert_eq!(attrs(&by_stated, "div#swagger-ui", "data-url"), [format!("/api/v1/apis/{id}/versions/1/openapi.json")]);
        assert!(body.contains("1.1.0"), "the API version of version 2");
        assert_eq!(page(&app, &format!("/api-katalog/{id}/versioner/9")).await.0, 404);
        assert_eq!(page(&app, &format!("/api-katalog/{id}/versioner/3.0.0")).await.0, 404);
        assert_eq!(page(&app, &format!("/api-katalog/{id}/versioner/x")).await.0, 404);
        assert_eq!(page(&app, "/api-katalog/finns-inte/versioner/1").await.0, 404);
    }

    async fn the_change_log_and_a_history_show_what_changed(app: TestApp) {
        let api = register(&app).await;
        let id = api.meta.id.to_string();
        let apis = app.client.apis();
        let mut input = ApiInput {
            title: api.title.clone(),
            description: api.description.clone(),
            publisher: "lantmateriet".into(),
            endpoint_urls: api.endpoint_urls.clone(),
            building_blocks: vec!["api-hantering".into()],
            status: Some(ApiStatus::Utfasad),
            sunset_date: Some(chrono::NaiveDate::from_ymd_opt(2027, 6, 30).unwrap()),
            successor: None,
            licence: api.licence.clone(),
            access_rights: api.access_rights,
            contact_point: api.contact_point.clone(),
            keywords: api.keywords.clone(),
            themes: api.themes.clone(),
            conforms_to: api.conforms_to.clone(),
            documentation_url: api.documentation_url.clone(),
            sla: None,
            spec_url: None,
            ..Default::default()
        };
        input.title.sv = "Fastighetsregistret (gammalt)".into();
        let current = apis.get(&id).await.unwrap().meta.version;
        apis.replace(&id, Some(current), &input).await.unwrap();

        // The log, newest first: the update leads, linked to the API and to its history.
        let (status, body) = page(&app, "/andringar").await;
        assert_eq!(status, 200);
        let first = select(&body, "tbody tr").into_iter().next().unwrap();
        assert!(first.contains("Fastighetsregistret (gammalt)") && first.contains("ändrad"), "{first}");
        let hrefs = attrs(&body, "tbody tr:first-child a", "href");
        assert!(hrefs.contains(&format!("/api-katalog/{id}")), "{hrefs:?}");
        assert!(hrefs.contains(&format!("/andringar/apis/{id}")), "{hrefs:?}");
        links_resolve(&app, &body).await;
        // Filters: by kind, by the organisation that acted (the operator wrote, so none).
        let (_, only_apis) = page(&app, "/andringar?entity=apis").await;
        assert!(select(&only_apis, "tbody tr td:nth-child(3)").iter().all(|k| k == "API:er"));
        let (_, blocks) = page(&app, "/andringar?entity=building-blocks").await;
        assert!(!blocks.contains("Fastighetsregistret"));
        let (_, by_lm) = page(&app, "/andringar?organisation=lantmateriet").await;
        assert!(by_lm.contains("Inga ändringar matchar."));
        assert_eq!(page(&app, "/andringar?entity=nope").await.0, 400);
        assert_eq!(page(&app, "/andringar?organisation=finns-inte").await.0, 400);

        // The history: every change, the update as a field-by-field diff.
        let (status, hist) = page(&app, &format!("/andringar/apis/{id}")).await;
        assert_eq!(status, 200);
        let rows = select(&hist, "ol.history li:first-child table.diff tbody tr");
        assert!(rows.contains(&"status i-produktion utfasad".to_string()), "{rows:?}");
        assert!(rows.contains(&"sunsetDate – 2027-06-30".to_string()), "{rows:?}");
        assert!(rows.contains(&"title.sv Fastighetsregistret Fastighetsregistret (gammalt)".to_string()), "{rows:?}");
        assert!(!rows.iter().any(|r| r.starts_with("version") || r.starts_with("updatedAt")), "{rows:?}");
        // The two uploads are there too, each naming its document version.
        assert!(hist.contains("Ett nytt OpenAPI-dokument"));
        assert_eq!(select(&hist, "ol.history > li").len(), 4);
        links_resolve(&app, &hist).await;
        let (_, en) = page(&app, &format!("/andringar/apis/{id}?lang=en")).await;
        assert!(en.contains("History of") && en.contains("Before") && en.contains("changed"));
        // A block's history by slug; unknown kinds and entries are 404 pages.
        assert_eq!(page(&app, "/andringar/building-blocks/api-hantering").await.0, 200);
        assert_eq!(page(&app, &format!("/andringar/nope/{id}")).await.0, 404);
        assert_eq!(page(&app, &format!("/andringar/apis/{}", uuid::Uuid::nil())).await.0, 404);
        assert_eq!(page(&app, "/andringar/building-blocks/finns-inte").await.0, 404);
    }
}

/// The federation page shows a peer as anyone may see it: never its last error.
async fn federation_page_shows_only_the_public_view(backend: Backend) {
    let app = spawn_app_with(
        backend,
        Options {
            node_id: "ui-node".into(),
            fetch_allow_private: true,
            ..Options::default()
        },
    )
    .await;
    let (status, body) = page(&app, "/federation").await;
    assert_eq!(status, 200);
    assert!(body.contains("ui-node") && body.contains("http://registry.test"));
    assert!(body.contains("Noden speglar inga andra noder."));

    // A peer that is down: its pull fails, and the owner sees why.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    drop(listener);
    let resp = app
        .http(Method::POST, "/api/v1/federation/peers")
        .json(&json!({"url": closed, "intervalSeconds": 600}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 201);
    let peer: Value = resp.json().await.unwrap();
    let pid = peer["id"].as_str().unwrap();
    let sync = app
        .http(
            Method::POST,
            &format!("/api/v1/federation/peers/{pid}/sync"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(sync.status().as_u16(), 502);
    let inside: Value = app
        .http(Method::GET, &format!("/api/v1/federation/peers/{pid}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let error = inside["lastError"].as_str().unwrap().to_string();

    let (_, body) = page(&app, "/federation").await;
    assert!(body.contains(&closed), "the peer's URL");
    let cells = select(&body, "tbody tr td");
    assert!(cells.contains(&"Aldrig".to_string()), "{cells:?}");
    assert!(!body.contains(&error), "the last error is the owner's only");
    let (_, en) = page(&app, "/federation?lang=en").await;
    assert!(en.contains("Mirrored nodes") && en.contains("Never"));
    links_resolve(&app, &body).await;
}

on_both_backends!(federation_page_shows_only_the_public_view);
