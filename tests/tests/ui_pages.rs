//! The web interface's front page, search and building-block pages, read over HTTP from the
//! real server on the seeded register.

use integration_tests::*;
use scraper::{Html, Selector};

async fn page(app: &TestApp, path: &str, lang: &str) -> (u16, String) {
    let res = reqwest::Client::new()
        .get(format!("{}{path}", app.address))
        .header("Accept", "text/html")
        .header("Accept-Language", lang)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let ct = res.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ct.starts_with("text/html"), "{path}: {ct}");
    let body = res.text().await.unwrap();
    let doc = Html::parse_document(&body);
    assert!(doc.errors.is_empty(), "{path}: {:?}", doc.errors);
    (status, body)
}

fn texts(body: &str, selector: &str) -> Vec<String> {
    let doc = Html::parse_document(body);
    doc.select(&Selector::parse(selector).unwrap())
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

both_backends! {
    async fn the_front_page_shows_the_register_as_it_stands(app: TestApp) {
        let (status, body) = page(&app, "/", "sv").await;
        assert_eq!(status, 200);
        assert!(body.contains(r#"<html lang="sv">"#));
        // The counts per phase add up to the blocks the API lists.
        let blocks = app.anonymous().building_blocks().list_all(&[]).await.unwrap();
        let counts: i64 = texts(&body, ".cards .count").iter().map(|c| c.parse::<i64>().unwrap()).sum();
        assert_eq!(counts, blocks.len() as i64);
        // Every block is in the status table, under its category, with its phase's label.
        let rows = texts(&body, "table tbody th[scope=row]");
        for b in &blocks {
            assert!(rows.contains(&b.name), "{} missing from the status table", b.name);
        }
        let captions = texts(&body, "table caption");
        assert!(captions.iter().any(|c| c.starts_with("Informationsutbyte")), "{captions:?}");
        assert!(body.contains("Analys och krav"));

        // A phase decision recorded now is the first of the recent ones.
        let (_, before) = page(&app, "/", "sv").await;
        assert!(!before.contains("UI-2026/1"));
        let decision: openapi::PhaseDecisionInput = serde_json::from_value(serde_json::json!({
            "phase": "analys-och-krav", "decisionDate": "2026-11-30", "decidingOrganisation": "digg",
            "reference": "UI-2026/1", "justification": "Analysen är påbörjad."
        }))
        .unwrap();
        app.client.decide_phase("building-blocks", "indexering", &decision).await.unwrap();
        let (_, after) = page(&app, "/", "sv").await;
        let recent = texts(&after, "#decisions + ul li");
        assert!(recent[0].contains("Indexering") && recent[0].contains("2026-11-30"), "{recent:?}");
    }

    async fn english_is_a_switch_away_and_is_remembered(app: TestApp) {
        let (_, sv) = page(&app, "/byggblock", "sv").await;
        let switch = Html::parse_document(&sv)
            .select(&Selector::parse("a.lang").unwrap())
            .next()
            .and_then(|a| a.value().attr("href").map(str::to_string))
            .unwrap();
        assert_eq!(switch, "/byggblock?lang=en");
        let http = reqwest::Client::new();
        let res = http.get(format!("{}{switch}", app.address)).send().await.unwrap();
        let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.starts_with("lang=en;") && cookie.contains("HttpOnly"), "{cookie}");
        assert_eq!(res.headers()["content-language"], "en");
        let body = res.text().await.unwrap();
        assert!(body.contains(r#"<html lang="en">"#) && body.contains("Analysis and requirements"));
        // The next page, without the parameter, stays in English; the filter keeps it.
        let body = http
            .get(format!("{}/byggblock?phase=utveckling", app.address))
            .header("Cookie", "lang=en")
            .header("Accept-Language", "sv")
            .send().await.unwrap().text().await.unwrap();
        assert!(body.contains(r#"<html lang="en">"#), "the cookie is not honoured");
        let rows = texts(&body, "tbody th[scope=row]");
        assert!(rows.contains(&"API-hantering".to_string()) && !rows.contains(&"Identitet".to_string()), "{rows:?}");
        // Accept-Language chooses when nothing else does.
        let (_, en) = page(&app, "/", "en-GB,en;q=0.9,sv;q=0.5").await;
        assert!(en.contains(r#"<html lang="en">"#));
    }

    async fn a_block_page_shows_what_the_register_knows_of_it(app: TestApp) {
        let (status, body) = page(&app, "/byggblock/api-hantering", "sv").await;
        assert_eq!(status, 200);
        assert_eq!(texts(&body, "h1"), vec!["API-hantering"]);
        assert!(body.contains("Myndigheten för digital förvaltning"));
        // Its decisions, its funding per year, its change history.
        let roadmap = app.anonymous().roadmap("api-hantering").await.unwrap();
        for d in &roadmap.phase_decisions {
            assert!(body.contains(&d.reference), "decision {} missing", d.reference);
        }
        for f in &roadmap.funding {
            assert!(body.contains(&format!("<td>{}</td>", f.year)), "funding year {} missing", f.year);
        }
        assert!(body.contains("Ändringshistorik"));
        // Reached by id as well as by slug.
        let id = app.anonymous().building_blocks().get("api-hantering").await.unwrap().meta.id;
        let (status, _) = page(&app, &format!("/byggblock/{id}"), "sv").await;
        assert_eq!(status, 200);
    }

    async fn search_finds_across_kinds(app: TestApp) {
        let (status, body) = page(&app, "/sok?q=identitet", "sv").await;
        assert_eq!(status, 200);
        let links = texts(&body, ".results a");
        assert!(links.contains(&"Identitet".to_string()), "{links:?}");
        let (_, none) = page(&app, "/sok?q=zzzzqqq", "sv").await;
        assert!(none.contains("0 träffar"));
    }

    async fn errors_are_pages_for_people_and_problems_for_programs(app: TestApp) {
        let (status, body) = page(&app, "/byggblock/finns-inte", "sv").await;
        assert_eq!(status, 404);
        assert!(body.contains("Sidan finns inte"));
        let (status, body) = page(&app, "/ingen/sida/alls", "en").await;
        assert_eq!(status, 404);
        assert!(body.contains("Page not found"));
        let (status, body) = page(&app, "/byggblock?phase=nagon", "sv").await;
        assert_eq!(status, 400);
        assert!(body.contains("phase") && body.contains("analys-och-krav"), "the page names the parameter and the values");
        // Programs asking for JSON still get problems, also outside the API's paths.
        let res = reqwest::Client::new().get(format!("{}/ingen/sida", app.address)).send().await.unwrap();
        assert_eq!(res.status(), 404);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        // HEAD as GET, 405 with Allow for another method, /api to the documentation.
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let head = http.head(format!("{}/byggblock", app.address)).send().await.unwrap();
        assert_eq!(head.status(), 200);
        let post = http.post(format!("{}/byggblock", app.address)).send().await.unwrap();
        assert_eq!(post.status(), 405);
        assert_eq!(post.headers()["allow"], "GET, HEAD");
        for path in ["/api", "/api/docs"] {
            let r = http.get(format!("{}{path}", app.address)).send().await.unwrap();
            assert_eq!(r.status(), 308, "{path}");
            assert_eq!(r.headers()["location"], "/api/docs/");
        }
    }

    async fn pages_carry_a_strict_content_security_policy(app: TestApp) {
        let res = reqwest::Client::new().get(format!("{}/", app.address)).send().await.unwrap();
        let csp = res.headers()["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'") && !csp.contains("unsafe"), "{csp}");
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        // A name with markup in it is shown as text, never as markup.
        let mut b = app.anonymous().building_blocks().get("indexering").await.unwrap();
        b.name = "<script>alert(1)</script> Indexering".into();
        let input: openapi::BuildingBlockInput = serde_json::from_value(serde_json::json!({
            "slug": b.slug, "name": b.name, "description": b.description, "purpose": b.purpose,
            "category": b.category, "analyses": b.analyses,
        })).unwrap();
        app.client.building_blocks().replace("indexering", Some(b.meta.version), &input).await.unwrap();
        let (_, body) = page(&app, "/byggblock/indexering", "sv").await;
        assert!(!body.contains("<script>alert(1)</script>"));
        assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt; Indexering"));
    }
}
