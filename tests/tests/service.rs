use integration_tests::openapi::*;
use integration_tests::{both_backends, spawn_app, Backend};
use registry::store::crud::Crud;

both_backends! {
    async fn api_info_health_and_readiness(app: TestApp) {
        let info = app.client.api_info().await.unwrap();
        assert_eq!(info.api_name, "building-block-registry");
        assert_eq!(info.api_status, "active");
        for path in ["/healthz", "/readyz", "/metrics", "/api/docs/"] {
            let resp = app.http(reqwest::Method::GET, path).send().await.unwrap();
            assert_eq!(resp.status().as_u16(), 200, "{path}");
        }
    }

    async fn audit_trail_records_the_seed(app: TestApp) {
        let audit = app.client.audit(&[("limit", "3")]).await.unwrap();
        assert!(audit.total_count > 100, "{}", audit.total_count);
        assert!(audit.items.windows(2).all(|w| w[0].seq > w[1].seq), "newest first");
        assert!(audit.items.iter().all(|c| c.actor == "seed" && c.operation == "create"));
        let next = app.client.audit(&[("limit", "3"), ("cursor", audit.next_cursor.as_deref().unwrap())]).await.unwrap();
        assert_eq!(next.items[0].seq, audit.items[2].seq - 1);
        let blocks = app.client.audit(&[("entity", "building-blocks")]).await.unwrap();
        // 14 created, and moved 12 times by the seeded phase decisions.
        assert_eq!(blocks.total_count, 26);
        let decisions = app.client.audit(&[("entity", "phase-decisions")]).await.unwrap();
        assert_eq!(decisions.total_count, 12);
    }

    async fn unknown_paths_and_ids_are_problems(app: TestApp) {
        for path in ["/nothing", "/api/v1/nothing", "/api/v1/building-blocks/finns-inte",
                     "/api/v1/nothing/x/history", "/api/v1/building-blocks/finns-inte/history"] {
            let resp = app.http(reqwest::Method::GET, path).send().await.unwrap();
            assert_eq!(resp.status().as_u16(), 404, "{path}");
            assert_eq!(resp.headers()["content-type"], "application/problem+json", "{path}");
            let p: Problem = resp.json().await.unwrap();
            assert_eq!(p.instance, path);
        }
    }

    async fn traceparent_is_echoed(app: TestApp) {
        let tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        let resp = app.http(reqwest::Method::GET, "/api/v1/api-info").header("traceparent", tp).send().await.unwrap();
        assert_eq!(resp.headers()["traceparent"], tp);
        let resp = app.http(reqwest::Method::GET, "/api/v1/api-info").header("traceparent", "junk").send().await.unwrap();
        let fresh = resp.headers()["traceparent"].to_str().unwrap().to_string();
        assert_ne!(fresh, "junk");
        assert_eq!(fresh.len(), 55);
    }
}

/// The served document is the committed contract, byte for byte. Run with
/// `UPDATE_OPENAPI=1` to rewrite `openapi/openapi.json` after changing the API on purpose.
#[tokio::test]
async fn served_openapi_document_is_the_committed_one() {
    let app = spawn_app(Backend::Sqlite).await;
    let served = app
        .http(reqwest::Method::GET, "/api/v1/openapi.json")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let committed_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
    if std::env::var("UPDATE_OPENAPI").is_ok() {
        std::fs::write(committed_path, &served).unwrap();
    }
    let committed = std::fs::read_to_string(committed_path).unwrap();
    assert!(
        served == committed,
        "the served OpenAPI document differs from openapi/openapi.json; \
         run UPDATE_OPENAPI=1 cargo test -p integration-tests --test integration service:: and review the diff"
    );
    check_openapi(&serde_json::from_str(&served).unwrap());
}

/// Structural checks of the document: OpenAPI 3.1, every reference resolves, every operation
/// has a unique operationId, a summary, and documents its error responses as problems.
fn check_openapi(doc: &serde_json::Value) {
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["info"]["contact"]["email"].is_string());
    assert!(doc["info"]["license"]["identifier"].is_string());
    assert!(doc["info"]["x-sla"].is_object());
    assert!(doc["info"]["x-limitations"].is_object());
    let mut refs = vec![];
    collect_refs(doc, &mut refs);
    assert!(!refs.is_empty());
    for r in &refs {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external ref {r}"));
        assert!(doc.pointer(pointer).is_some(), "unresolved $ref {r}");
    }
    let mut operation_ids = std::collections::HashSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path}: no operationId"));
            assert!(
                operation_ids.insert(id.to_string()),
                "operationId {id} is not unique"
            );
            let responses = op["responses"]
                .as_object()
                .unwrap_or_else(|| panic!("{method} {path}: no responses"));
            assert!(!responses.is_empty(), "{method} {path}");
            assert!(
                op["summary"].is_string() || op["description"].is_string(),
                "{method} {path}: undocumented"
            );
            // Every write names the bearer scheme and documents 401 and 403.
            if path.starts_with("/api/") && matches!(method.as_str(), "post" | "put" | "delete") {
                assert!(
                    op["security"].to_string().contains("bearer"),
                    "{method} {path}: no bearer security"
                );
                assert!(responses.contains_key("401"), "{method} {path}: no 401");
                assert!(responses.contains_key("403"), "{method} {path}: no 403");
            }
            for (code, resp) in responses {
                if code.starts_with('4') || code.starts_with('5') {
                    let resolved = match resp["$ref"].as_str() {
                        Some(r) => doc.pointer(&r[1..]).unwrap(),
                        None => resp,
                    };
                    // The token endpoint answers errors as RFC 6749 §5.2 says, in JSON; what
                    // the middleware refuses before it (429, 414) is a problem like any other.
                    let media = if path == "/oauth/token" && code != "429" && code != "414" {
                        "application/json"
                    } else {
                        "application/problem+json"
                    };
                    assert!(
                        resolved["content"][media].is_object(),
                        "{method} {path} {code} is not a {media} response"
                    );
                }
            }
        }
    }
}

fn collect_refs(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(serde_json::Value::String(r)) = m.get("$ref") {
                out.push(r.clone());
            }
            m.values().for_each(|x| collect_refs(x, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

both_backends! {
    async fn cached_reads_see_writes_of_other_processes(app: TestApp) {
        // The watch follows the database once its thread has connected.
        let started = std::time::Instant::now();
        while app.state.db.watch.current().is_none() && started.elapsed() < std::time::Duration::from_secs(5) {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        assert!(app.state.db.watch.current().is_some(), "the write watch follows the database");
        use registry::store::{building_blocks, Ctx, Db, Key};
        let bb = app.client.building_blocks();
        let first = bb.get("min-profil").await.unwrap();
        let page = bb.list(&[("phase", "ide")]).await.unwrap();
        assert_eq!(bb.get("min-profil").await.unwrap(), first);
        assert_eq!(bb.list(&[("phase", "ide")]).await.unwrap(), page);

        // Another registry process sharing the database changes the block.
        let db = Db::connect(&app.settings.database_url, 1).unwrap();
        let ctx = Ctx::local(
            &app.settings.node_id,
            &app.settings.public_url,
            registry::store::entry::Actor::process("other-process"),
        );
        let input = BuildingBlockInput {
            analysis_lead: None,
            source: None,
            slug: first.slug.clone(),
            name: first.name.clone(),
            description: "Ändrad av en annan process".into(),
            purpose: first.purpose.clone(),
            category: first.category,
            phase: None,
            responsible: None,
            analyses: first.analyses,
            value_propositions: first.value_propositions.clone(),
            depends_on: vec![],
            related_external: vec![],
        };
        building_blocks::Row::replace(&mut db.get().unwrap(), &ctx, &Key::Slug("min-profil".into()), Some(first.meta.version), input).unwrap();
        let decision = PhaseDecisionInput {
            source: None,
            phase: Phase::AnalysOchKrav,
            decision_date: "2024-01-01".parse().unwrap(),
            deciding_organisation: "digg".into(),
            reference: "2024-1".into(),
            justification: String::new(),
        };
        registry::store::phase_decisions::decide(&mut db.get().unwrap(), &ctx, ScopeKind::Byggblock, &Key::Slug("min-profil".into()), decision).unwrap();

        // This process learns of the other's writes from the database (LISTEN on PostgreSQL,
        // `PRAGMA data_version` on SQLite), polled every few milliseconds: the write is seen
        // within that lag, never later.
        let written = std::time::Instant::now();
        let mut now = bb.get("min-profil").await.unwrap();
        while now.meta.version != first.meta.version + 2 && written.elapsed() < std::time::Duration::from_secs(2) {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            now = bb.get("min-profil").await.unwrap();
        }
        assert!(written.elapsed() < std::time::Duration::from_millis(500), "seen after {:?}", written.elapsed());
        assert_eq!(now.meta.version, first.meta.version + 2);
        assert_eq!(now.description, "Ändrad av en annan process");
        let resp = app.http(reqwest::Method::GET, "/api/v1/building-blocks/min-profil").send().await.unwrap();
        assert_eq!(resp.headers()["etag"], format!("\"{}\"", now.meta.version).as_str());
        let ideas = bb.list(&[("phase", "ide")]).await.unwrap();
        assert_eq!(ideas.total_count, page.total_count - 1);
    }
}

/// The read cache's counter of one outcome, from `/metrics`.
async fn cache_uses(app: &integration_tests::TestApp, outcome: &str) -> u64 {
    let text = app
        .anonymous()
        .request(reqwest::Method::GET, "/metrics")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = format!("registry_read_cache_requests{{outcome=\"{outcome}\"}} ");
    text.lines()
        .find_map(|l| l.strip_prefix(&line))
        .map_or(0, |n| n.trim().parse().unwrap())
}

both_backends! {
    async fn concurrent_requests_for_a_cold_answer_compute_it_once(app: TestApp) {
        let path = "/api/v1/building-blocks?q=identitet&limit=7";
        let before = (cache_uses(&app, "computed").await, cache_uses(&app, "hit").await + cache_uses(&app, "joined").await);
        let reads = (0..16).map(|_| {
            let req = app.anonymous().request(reqwest::Method::GET, path);
            async move { req.send().await.unwrap().text().await.unwrap() }
        });
        let answers = futures_util::future::join_all(reads).await;
        assert!(answers.windows(2).all(|w| w[0] == w[1]), "the same answer for all");
        let after = (cache_uses(&app, "computed").await, cache_uses(&app, "hit").await + cache_uses(&app, "joined").await);
        assert_eq!(after.0 - before.0, 1, "computed once");
        assert_eq!(after.1 - before.1, 15, "the others waited for it or found it cached");
    }
}
