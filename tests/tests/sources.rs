//! Every seeded entry serves where its facts come from (`source`: a report and its section),
//! so a reader can check any fact (issue 14 item 9); clients may cite too, and a mirror serves
//! the origin's citation.

use integration_tests::federation::{add_peer, call, node, sync};
use integration_tests::{both_backends, on_both_backends, Backend, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

async fn get(app: &TestApp, path: &str) -> Value {
    let (s, v) = call(app, Method::GET, path, None).await;
    assert_eq!(s, 200, "{path}: {v}");
    v
}

/// Every entry of a seeded list, with its source.
async fn sources(app: &TestApp, resource: &str) -> Vec<Option<String>> {
    let page = get(app, &format!("/api/v1/{resource}?limit=500")).await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["source"].as_str().map(str::to_string))
        .collect()
}

both_backends! {
    async fn seeded_entries_cite_the_report(app: TestApp) {
        let block = get(&app, "/api/v1/building-blocks/mina-ombud").await;
        assert_eq!(block["source"], "001 §2.2.1.1, §2.4, §5.4");
        let org = get(&app, "/api/v1/organisations/bolagsverket").await;
        assert_eq!(org["source"], "001 §1.2, §1.5");
        // The appointment recorded with the block cites the block's source.
        let held = get(&app, "/api/v1/role-assignments?buildingBlock=mina-ombud").await;
        assert_eq!(held["items"][0]["source"], "001 §2.2.1.1, §2.4, §5.4");
        // The web page shows it among the block's facts.
        let page = app.http(Method::GET, "/byggblock/mina-ombud").send().await.unwrap().text().await.unwrap();
        assert!(page.contains("<dt>Källa</dt><dd class=\"source\">001 §2.2.1.1, §2.4, §5.4</dd>"), "{page}");
        let plan = get(&app, "/api/v1/plans/styrningsstruktur-2021").await;
        assert!(plan["source"].as_str().unwrap().starts_with("001 §7"), "{plan}");
        for resource in ["organisations", "building-blocks", "competence-areas", "role-assignments",
                         "phase-decisions", "plans", "funding-needs", "benefits", "apis",
                         "shared-services", "indicator-years", "forums"] {
            let all = sources(&app, resource).await;
            assert!(!all.is_empty(), "{resource}");
            for s in &all {
                let s = s.as_deref().unwrap_or_else(|| panic!("{resource}: an entry without its source"));
                // Report 001, or 000 for adoption (Statskontoret's report).
                assert!(s.starts_with("001 ") || s.starts_with("000 ") || s.starts_with("Exempel"), "{resource}: {s}");
            }
        }
    }

    async fn a_client_cites_and_a_blank_citation_is_refused(app: TestApp) {
        let body = |source: Value| json!({"slug": "kallan", "name": "Källan", "category": "informationsutbyte",
            "source": source});
        for (bad, why) in [(json!("   "), "empty"), (json!("x".repeat(501)), "500")] {
            let (s, p) = call(&app, Method::POST, "/api/v1/building-blocks", Some(body(bad))).await;
            assert_eq!(s, 400, "{p}");
            let e = &p["errors"][0];
            assert_eq!(e["field"], "source", "{p}");
            assert!(e["message"].as_str().unwrap().contains(why), "{p}");
        }
        let (s, b) = call(&app, Method::POST, "/api/v1/building-blocks", Some(body(json!("001 §2.2")))).await;
        assert_eq!(s, 201, "{b}");
        assert_eq!(b["source"], "001 §2.2");
        let (s, b) = call(&app, Method::POST, "/api/v1/organisations", Some(json!({"slug": "utan", "name": "Utan källa",
            "kind": "kommun"}))).await;
        assert_eq!(s, 201, "{b}");
        assert!(b.get("source").is_none(), "absent when not stated: {b}");
    }
}

async fn a_mirror_serves_the_origins_citation(backend: Backend) {
    let origin = node(backend, "ursprung", true).await;
    let mirror = node(backend, "spegel", false).await;
    let peer = add_peer(&mirror, &origin, &["ursprung"]).await;
    sync(&mirror, &peer).await;
    let here = get(&mirror, "/api/v1/building-blocks/mina-ombud").await;
    assert_eq!(here["source"], "001 §2.2.1.1, §2.4, §5.4");
    let decisions = get(&mirror, "/api/v1/phase-decisions?buildingBlock=mina-ombud").await;
    assert_eq!(decisions["items"][0]["source"], "001 §2.4");
}

on_both_backends!(a_mirror_serves_the_origins_citation);
