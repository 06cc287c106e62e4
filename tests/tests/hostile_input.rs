//! Hostile input: text the register cannot hold (NUL, control characters, U+FFFE/U+FFFF) is
//! refused with a problem naming the field on both backends, never a 500; documents over the
//! parsers' budgets (entity bombs, alias bombs, deep nesting, too many triples) are refused
//! with the limit they broke; text stored before the rule never makes the RDF/XML catalogue
//! ill-formed; a mirrored entry with such text is rejected without failing the sync.

use diesel::RunQueryDsl;
use integration_tests::federation::{add_peer, node, sync};
use integration_tests::openapi::*;
use integration_tests::{both_backends, on_both_backends, Backend, TestApp};
use registry::store::crud::Crud;
use reqwest::Method;
use serde_json::{json, Value};

async fn refused(resp: reqwest::Response) -> Problem {
    let status = resp.status().as_u16();
    let ct = resp.headers()["content-type"].to_str().unwrap().to_string();
    let text = resp.text().await.unwrap();
    assert_eq!(status, 400, "{text}");
    assert_eq!(ct, "application/problem+json", "{text}");
    serde_json::from_str(&text).unwrap()
}

fn names(p: &Problem, field: &str, message: &str) {
    assert!(
        p.errors
            .iter()
            .any(|e| e.field == field && e.message.contains(message)),
        "expected {field}: …{message}…, got {p:?}"
    );
}

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.http(Method::GET, path).send().await.unwrap()
}

async fn post(app: &TestApp, path: &str, content_type: &str, body: String) -> reqwest::Response {
    app.http(Method::POST, path)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn an_api_id(app: &TestApp) -> String {
    let page: Value = get(app, "/api/v1/apis?limit=1").await.json().await.unwrap();
    page["items"][0]["id"].as_str().unwrap().to_string()
}

/// `<!ENTITY>` definitions nested `levels` deep, each ten of the one before.
pub fn entity_bomb(levels: usize) -> String {
    let mut dtd =
        String::from("<!ENTITY e0 \"lollollollollollollollollollollollollollollollollollollol\">");
    for i in 1..=levels {
        let prev = format!("&e{};", i - 1);
        dtd.push_str(&format!("<!ENTITY e{i} \"{}\">", prev.repeat(10)));
    }
    format!(
        r#"<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [{dtd}]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/">
  <dcat:DataService rdf:about="https://example.se/api/bomb"><dct:title>&e{levels};</dct:title></dcat:DataService>
</rdf:RDF>"#
    )
}

both_backends! {
    async fn nul_and_control_characters_in_the_path_are_refused(app: TestApp) {
        for path in [
            "/api/v1/organisations/%00",
            "/api/v1/organisations/a%00b",
            "/api/v1/building-blocks/x%07",
            "/api/v1/apis/%EF%BF%BF/versions",
            "/api/v1/organisations/%00/catalog",
        ] {
            let p = refused(get(&app, path).await).await;
            names(&p, "path", "U+");
        }
        // Tab, LF and CR are text like any other: not found, not refused.
        let r = get(&app, "/api/v1/organisations/a%09b").await;
        assert_eq!(r.status().as_u16(), 404);
    }

    async fn nul_and_control_characters_in_the_query_are_refused(app: TestApp) {
        let p = refused(get(&app, "/api/v1/building-blocks?q=%00").await).await;
        names(&p, "q", "NUL (U+0000)");
        let p = refused(get(&app, "/api/v1/apis?q=a%1Bb&limit=5").await).await;
        names(&p, "q", "U+001B");
        let p = refused(get(&app, "/api/v1/organisations?origin=%00").await).await;
        names(&p, "origin", "NUL");
        let p = refused(get(&app, "/api/v1/audit?a%00=1").await).await;
        names(&p, "query", "NUL");
        let r = get(&app, "/api/v1/building-blocks?q=tj%C3%A4nst%09").await;
        assert_eq!(r.status().as_u16(), 200);
    }

    async fn nul_and_control_characters_in_bodies_are_refused(app: TestApp) {
        let body = json!({"slug": "are-kommun", "name": "Åre\u{0}kommun", "kind": "kommun"});
        let r = app.http(Method::POST, "/api/v1/organisations").json(&body).send().await.unwrap();
        names(&refused(r).await, "name", "NUL (U+0000)");
        let body = json!({"title": {"sv": "Adress\u{7}", "en": "x"}});
        let r = app.http(Method::POST, "/api/v1/apis").json(&body).send().await.unwrap();
        names(&refused(r).await, "title.sv", "U+0007");
        let body = json!({"slug": "x", "name": "ok", "kind": "kommun", "website": "https://x.se/\u{ffff}"});
        let r = app.http(Method::POST, "/api/v1/organisations").json(&body).send().await.unwrap();
        names(&refused(r).await, "website", "U+FFFF");
        let body = json!({"keywords": ["a", "b\u{1f}"]});
        let r = app.http(Method::POST, "/api/v1/apis").json(&body).send().await.unwrap();
        names(&refused(r).await, "keywords[1]", "U+001F");
        // Nothing was written; tab, LF and CR are accepted.
        let body = json!({"slug": "are-kommun", "name": "Åre\tkommun\r\n", "kind": "kommun"});
        let r = app.http(Method::POST, "/api/v1/organisations").json(&body).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 201, "{}", r.text().await.unwrap());
        // The token endpoint refuses such credentials as a bad request, not a database error.
        let r = app
            .anonymous()
            .request(Method::POST, "/oauth/token")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials&client_id=a%00b&client_secret=x")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400);
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"], "invalid_request");
        assert!(e["error_description"].as_str().unwrap().starts_with("client_id: contains NUL"), "{e}");
    }

    async fn deep_json_bodies_are_refused_at_the_depth_limit(app: TestApp) {
        let deep = format!("{{\"name\": {}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
        let p = refused(post(&app, "/api/v1/organisations", "application/json", deep).await).await;
        names(&p, "body", "deeper than 64 levels");
    }

    async fn entity_bombs_are_refused_before_they_expand(app: TestApp) {
        for levels in [1, 3, 9] {
            let p = refused(post(&app, "/api/v1/catalog/imports", "application/rdf+xml", entity_bomb(levels)).await).await;
            names(&p, "body", "document type declaration");
        }
        // A DOCTYPE without entities is refused too.
        let doc = r#"<?xml version="1.0"?><!DOCTYPE rdf:RDF><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>"#;
        let p = refused(post(&app, "/api/v1/catalog/imports", "application/xml", doc.into()).await).await;
        names(&p, "body", "document type declaration");
    }

    async fn catalogues_over_the_budget_are_refused_with_the_limit(app: TestApp) {
        // Too many triples: short lines, each a triple.
        let mut ttl = String::from("@prefix x: <http://example.se/> .\nx:s x:p ");
        for i in 0..100_001 {
            ttl.push_str(&format!("x:o{i}, "));
        }
        ttl.push_str("x:end .\n");
        let p = refused(post(&app, "/api/v1/catalog/imports", "text/turtle", ttl).await).await;
        names(&p, "body", "more than 100000 triples");
        // Nesting: blank nodes in Turtle, objects in JSON-LD, elements in RDF/XML.
        let ttl = format!("<http://x/a> <http://x/p> {} .", "[ <http://x/p> ".repeat(10_000));
        let p = refused(post(&app, "/api/v1/catalog/imports", "text/turtle", ttl).await).await;
        names(&p, "body", "deeper than 64");
        let jsonld = format!("{{\"@id\": \"http://x/a\", \"http://x/p\": {}{{}}{}}}", "{\"http://x/p\": ".repeat(10_000), "}".repeat(10_000));
        let p = refused(post(&app, "/api/v1/catalog/imports", "application/ld+json", jsonld).await).await;
        names(&p, "body", "deeper than 64");
        let xml = format!("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">{}{}</rdf:RDF>", "<a>".repeat(10_000), "</a>".repeat(10_000));
        let p = refused(post(&app, "/api/v1/catalog/imports", "application/rdf+xml", xml).await).await;
        names(&p, "body", "deeper than 64");
        // A remote context is never fetched.
        let jsonld = r#"{"@context": "http://127.0.0.1:1/context.jsonld", "@id": "http://x/a", "x": 1}"#;
        let p = refused(post(&app, "/api/v1/catalog/imports", "application/ld+json", jsonld.into()).await).await;
        names(&p, "body", "remote contexts are not loaded");
        // Text the register cannot hold, in a literal.
        let ttl = "<https://example.se/api/a> a <http://www.w3.org/ns/dcat#DataService> ; <http://purl.org/dc/terms/title> \"a\\u0000b\"@sv .";
        let p = refused(post(&app, "/api/v1/catalog/imports", "text/turtle", ttl.into()).await).await;
        names(&p, "body", "NUL (U+0000)");
    }

    async fn openapi_documents_over_the_budget_are_refused(app: TestApp) {
        let id = an_api_id(&app).await;
        let path = format!("/api/v1/apis/{id}/versions");
        let mut bomb = String::from("openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\nx-a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (i, c) in ('b'..='i').enumerate() {
            let prev = (b'a' + i as u8) as char;
            bomb.push_str(&format!("x-{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        let p = refused(post(&app, &path, "application/yaml", bomb).await).await;
        assert!(p.errors.iter().any(|e| e.message.contains("limit")), "{p:?}");
        let deep = format!("{{\"openapi\": \"3.1.0\", \"x\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
        let p = refused(post(&app, &path, "application/json", deep).await).await;
        names(&p, "body", "deeper than 64");
        let doc = "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"a\\u0000\", \"version\": \"1\"}, \"paths\": {}}";
        let p = refused(post(&app, &path, "application/json", doc.into()).await).await;
        names(&p, "/info/title", "NUL");
    }

    async fn stored_control_characters_never_break_the_rdf_xml_catalogue(app: TestApp) {
        // As if stored before the rule, or mirrored from an older node.
        let bell = match app.backend {
            Backend::Sqlite => "char(7)",
            Backend::Postgres => "chr(7)",
        };
        let sql = format!("UPDATE apis SET title_sv = title_sv || {bell} || 'x', description_sv = {bell}");
        let mut conn = app.state.db.get().unwrap();
        let n = diesel::sql_query(sql).execute(&mut *conn).unwrap();
        assert!(n > 0);
        drop(conn);
        let xml = get(&app, "/api/v1/catalog").await.text().await.unwrap();
        integration_tests::parse_rdfxml_strictly(&xml);
        assert!(xml.contains("\u{fffd}x"), "{xml}");
        assert!(!xml.contains('\u{7}'));
        for format in ["turtle", "jsonld"] {
            let r = get(&app, &format!("/api/v1/catalog?format={format}")).await;
            assert_eq!(r.status().as_u16(), 200);
            assert!(!r.text().await.unwrap().contains('\u{7}'));
        }
    }
}

/// An origin that stored a NUL (an older node) signs and serves it; the mirror rejects that
/// entry, applies the rest, and syncs again without failing.
async fn mirrored_text_with_nul_is_rejected_not_fatal(backend: Backend) {
    let origin = node(Backend::Sqlite, "agency-a", false).await;
    let mirror = node(backend, "agency-b", false).await;
    let ctx = registry::store::Ctx::local(
        "agency-a",
        &origin.settings.public_url,
        registry::store::Actor::process("test"),
    );
    for (slug, name) in [("bad", "a\u{0}b"), ("good", "Bra kommun")] {
        let input: OrganisationInput =
            serde_json::from_value(json!({"slug": slug, "name": name, "kind": "kommun"})).unwrap();
        let ctx = ctx.clone();
        origin
            .state
            .db
            .run(move |c| {
                registry::store::write(c, |c| {
                    registry::store::organisations::Row::create(c, &ctx, input)
                })
            })
            .await
            .unwrap();
    }
    let peer = add_peer(&mirror, &origin, &[]).await;
    let report = sync(&mirror, &peer).await;
    assert_eq!(report["applied"], 1, "{report}");
    let rejected = report["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 1, "{report}");
    assert!(
        rejected[0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("entry.name: contains NUL"),
        "{report}"
    );
    let again = sync(&mirror, &peer).await;
    assert_eq!(again["rejected"].as_array().unwrap().len(), 0, "{again}");
    let r = get(&mirror, "/api/v1/organisations/good").await;
    assert_eq!(r.status().as_u16(), 200);
}

on_both_backends!(mirrored_text_with_nul_is_rejected_not_fatal);
