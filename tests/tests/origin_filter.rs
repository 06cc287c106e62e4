//! `origin=` on every list, on a node that mirrors another: the other node's entries by its id
//! or as `mirrored`, the node's own as `local`, together the whole list.

use integration_tests::federation::{add_peer, call, node, sync, RESOURCES};
use integration_tests::{on_both_backends, Backend, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

/// The ids of a list's entries, in its order, and its totalCount.
async fn list(app: &TestApp, resource: &str, query: &str) -> (Vec<String>, i64) {
    let path = format!("/api/v1/{resource}?limit=500&{query}");
    let (s, page) = call(app, Method::GET, &path, None).await;
    assert_eq!(s, 200, "{path}: {page}");
    let ids: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    let total = page["totalCount"].as_i64().unwrap();
    // One page holds them all, so the count and the page must agree.
    assert_eq!(ids.len() as i64, total, "{path}");
    (ids, total)
}

/// A refused `origin`: 400 problem+json naming the field.
async fn assert_refused(app: &TestApp, path: &str) {
    let r = app.http(Method::GET, path).send().await.unwrap();
    assert_eq!(r.status(), 400, "{path}");
    let content_type = r.headers()["content-type"].to_str().unwrap().to_string();
    assert!(
        content_type.starts_with("application/problem+json"),
        "{path}: {content_type}"
    );
    let p: Value = r.json().await.unwrap();
    assert!(
        p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"] == "origin"),
        "{path}: {p}"
    );
}

async fn facets_total(app: &TestApp, resource: &str, query: &str) -> i64 {
    let path = format!("/api/v1/{resource}/facets?{query}");
    let (s, f) = call(app, Method::GET, &path, None).await;
    assert_eq!(s, 200, "{path}: {f}");
    f["totalCount"].as_i64().unwrap()
}

/// Creates an entry; its id.
async fn create(app: &TestApp, resource: &str, body: Value) -> String {
    let path = format!("/api/v1/{resource}");
    let (s, e) = call(app, Method::POST, &path, Some(body)).await;
    assert_eq!(s, 201, "{path}: {e}");
    e["id"].as_str().unwrap().to_string()
}

fn document(author: &str) -> Value {
    json!({"title": "Styrning av API:er", "level": 1, "scope": {"kind": "infrastruktur"},
        "authorOrganisation": author, "level2AuthorRoles": ["byggblocksansvarig"]})
}

fn idea(proposer: &str) -> Value {
    json!({"title": "Samtycken", "need": "Var sin lösning för samtycken.",
        "proposer": proposer, "affectedActors": ["kommuner"]})
}

async fn every_list_filters_by_origin(backend: Backend) {
    let a = node(backend, "agency-a", true).await;
    // The seed has none of these; every list should have something to mirror.
    let domain = json!({"slug": "adresser", "name": "Adresser", "responsible": "digg"});
    create(&a, "base-data-domains", domain).await;
    create(&a, "documents", document("digg")).await;
    create(&a, "idea-candidates", idea("skatteverket")).await;
    let service = json!({"slug": "e-post", "name": "E-post", "supplier": "forsakringskassan"});
    create(&a, "shared-services", service).await;
    let connection =
        json!({"service": "e-post", "organisation": "scb", "interestOn": "2025-01-02"});
    create(&a, "connections", connection).await;
    create(
        &a,
        "service-reports",
        json!({"service": "e-post", "year": 2025, "units": 10}),
    )
    .await;
    let meeting = json!({"forum": "strategiskt-samordningsforum", "meetingDate": "2021-03-01",
        "agenda": "Långsiktig plan"});
    create(&a, "forum-meetings", meeting).await;
    let b = node(backend, "owner", false).await;
    let peer = add_peer(&b, &a, &[]).await;
    let report = sync(&b, &peer).await;
    assert_eq!(
        report["rejected"],
        json!([]),
        "first refusal: {}",
        report["rejected"][0]
    );
    assert_eq!(report["waiting"], json!([]), "{report}");

    // B's own entries: an organisation, the role that lets it author a level-1 document, a
    // document and an idea candidate.
    let own_org = json!({"slug": "egen", "name": "Egen", "kind": "kommun"});
    let own_role = json!({"organisation": "egen", "role": "infrastrukturansvarig"});
    let own = [
        ("organisations", create(&b, "organisations", own_org).await),
        (
            "role-assignments",
            create(&b, "role-assignments", own_role).await,
        ),
        ("documents", create(&b, "documents", document("egen")).await),
        (
            "idea-candidates",
            create(&b, "idea-candidates", idea("egen")).await,
        ),
    ];

    for r in RESOURCES {
        let (at_origin, n_at_origin) = list(&a, r, "").await;
        assert!(!at_origin.is_empty(), "{r}: agency-a has entries to mirror");
        // At the origin itself, everything is local.
        let everything = (at_origin.clone(), n_at_origin);
        assert_eq!(list(&a, r, "origin=local").await, everything, "{r}");
        assert_eq!(list(&a, r, "origin=mirrored").await, (vec![], 0), "{r}");

        let (by_id, _) = list(&b, r, "origin=agency-a").await;
        assert_eq!(
            by_id, at_origin,
            "{r}: origin=agency-a is what agency-a has"
        );
        let (mirrored, n_mirrored) = list(&b, r, "origin=mirrored").await;
        assert_eq!(mirrored, at_origin, "{r}: origin=mirrored");

        let (local, n_local) = list(&b, r, "origin=local").await;
        let expected: Vec<String> = own
            .iter()
            .filter(|(resource, _)| *resource == r)
            .map(|(_, id)| id.clone())
            .collect();
        assert_eq!(local, expected, "{r}: origin=local is this node's own");
        let (mut all, total) = list(&b, r, "").await;
        assert_eq!(
            n_local + n_mirrored,
            total,
            "{r}: local and mirrored are all"
        );
        let mut both = [local.clone(), mirrored].concat();
        both.sort();
        all.sort();
        assert_eq!(both, all, "{r}: local and mirrored are all");
        assert_eq!(
            list(&b, r, "origin=owner").await,
            (local, n_local),
            "{r}: this node by its id is local"
        );
        assert_eq!(list(&b, r, "origin=nobody").await, (vec![], 0), "{r}");

        for bad in [
            "Not%20A%20Slug%21",
            "",
            "Local",
            "0190c0de-0000-7000-8000-000000000000",
        ] {
            assert_refused(&b, &format!("/api/v1/{r}?origin={bad}")).await;
        }
    }

    // The facet counts take the same filter as their lists.
    for r in ["building-blocks", "apis"] {
        let all = facets_total(&b, r, "").await;
        assert!(all > 0, "{r}");
        assert_eq!(facets_total(&b, r, "origin=mirrored").await, all, "{r}");
        assert_eq!(facets_total(&b, r, "origin=agency-a").await, all, "{r}");
        assert_eq!(facets_total(&b, r, "origin=local").await, 0, "{r}");
        assert_refused(&b, &format!("/api/v1/{r}/facets?origin=Not%20A%20Slug%21")).await;
    }
}

on_both_backends!(every_list_filters_by_origin);
