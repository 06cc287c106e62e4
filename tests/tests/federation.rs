//! The signed change feed that peers pull (issue 6, first part): complete, in order,
//! resumable, and every item verifiable with the origin's published keys alone.

use integration_tests::{both_backends, spawn_app_with, Backend, Options, TestApp};
use jsonwebtoken::jwk::JwkSet;
use registry::federation::signing::{self, Invalid};
use serde_json::json;

async fn keys(app: &TestApp) -> JwkSet {
    serde_json::from_value(app.anonymous().jwks().await.unwrap()).unwrap()
}

fn verify(item: &openapi::FeedItem, keys: &JwkSet) -> Result<(), Invalid> {
    let statement = signing::statement(
        &item.entity,
        &item.id.to_string(),
        &item.origin,
        item.version,
        item.entry.as_ref(),
    );
    signing::verify(&item.signature, &statement, keys)
}

use integration_tests::openapi;

both_backends! {
    async fn the_feed_serves_the_whole_log_in_order_and_resumes(app: TestApp) {
        let reader = app.anonymous();
        let node = reader.node_info().await.unwrap();
        assert_eq!(node.node_id, "test");
        let audit = app.client.audit(&[("limit", "1")]).await.unwrap();
        assert_eq!(node.last_seq, audit.total_count, "the seeded log, one change per entry");
        // Page by page with `after`, as a peer resumes from its cursor.
        let mut after = 0;
        let mut seen = vec![];
        loop {
            let page = reader.federation_changes(after, 37).await.unwrap();
            assert_eq!(page.last_seq, node.last_seq);
            seen.extend(page.items.iter().map(|i| i.seq));
            match page.next_after {
                Some(n) => after = n,
                None => break,
            }
        }
        let expected: Vec<i64> = (1..=node.last_seq).collect();
        assert_eq!(seen, expected, "every change once, oldest first");
        let empty = reader.federation_changes(node.last_seq, 10).await.unwrap();
        assert!(empty.items.is_empty() && empty.next_after.is_none());
    }

    async fn every_item_is_signed_by_the_origin_and_checks_out(app: TestApp) {
        let keys = keys(&app).await;
        let page = app.anonymous().federation_changes(0, 1000).await.unwrap();
        assert!(page.items.len() > 100);
        for item in &page.items {
            assert_eq!(item.origin, "test");
            assert_eq!(verify(item, &keys), Ok(()), "{item:?}");
        }
        // A peer that changes anything in an item is caught.
        let mut forged = page.items[0].clone();
        forged.entry.as_mut().unwrap()["name"] = json!("Förfalskad");
        assert_eq!(verify(&forged, &keys), Err(Invalid::Mismatch));
        let mut older = page.items[0].clone();
        older.version += 1;
        assert_eq!(verify(&older, &keys), Err(Invalid::Mismatch));
    }

    async fn a_deletion_is_a_signed_tombstone(app: TestApp) {
        let created = app.client.organisations()
            .create(&serde_json::from_value(json!({"slug": "tillfallig", "name": "Tillfällig", "kind": "kommun"})).unwrap())
            .await.unwrap();
        app.client.organisations().delete("tillfallig", Some(created.meta.version)).await.unwrap();
        let last = app.anonymous().node_info().await.unwrap().last_seq;
        let page = app.anonymous().federation_changes(last - 2, 10).await.unwrap();
        assert_eq!(page.items.len(), 2);
        let (create, delete) = (&page.items[0], &page.items[1]);
        assert_eq!(create.operation, "create");
        assert_eq!(create.entry.as_ref().unwrap()["slug"], "tillfallig");
        assert_eq!(delete.operation, "delete");
        assert_eq!(delete.entry, None);
        assert_eq!(delete.version, created.meta.version + 1);
        assert_eq!(verify(delete, &keys(&app).await), Ok(()));
    }

    async fn bad_feed_parameters_are_refused(app: TestApp) {
        for (q, field) in [("after=-1", "after"), ("limit=0", "limit"), ("limit=1001", "limit"),
            ("after=x", "after"), ("since=1", "since")] {
            let r = app.anonymous().request(reqwest::Method::GET, &format!("/api/v1/federation/changes?{q}"))
                .send().await.unwrap();
            assert_eq!(r.status(), 400, "{q}");
            let p: serde_json::Value = r.json().await.unwrap();
            assert!(p.to_string().contains(field), "{q}: {p}");
        }
    }
}

/// Another node's keys do not verify this node's items: a peer cannot pass off its own
/// statements as another origin's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_nodes_keys_do_not_verify_the_feed() {
    let a = spawn_app_with(
        Backend::Sqlite,
        Options {
            node_id: "a".into(),
            ..Options::default()
        },
    )
    .await;
    let b = spawn_app_with(
        Backend::Postgres,
        Options {
            node_id: "b".into(),
            ..Options::default()
        },
    )
    .await;
    let item = a
        .anonymous()
        .federation_changes(0, 1)
        .await
        .unwrap()
        .items
        .remove(0);
    assert_eq!(verify(&item, &keys(&a).await), Ok(()));
    assert!(matches!(
        verify(&item, &keys(&b).await),
        Err(Invalid::UnknownKey(_))
    ));
}

both_backends! {
    async fn the_infrastructure_owner_manages_peers(app: TestApp) {
        let digg = app.client_for("digg");
        let bolagsverket = app.client_for("bolagsverket");
        let body = json!({"url": "https://register.bolagsverket.example/", "intervalSeconds": 30, "origins": ["bolagsverket"]});
        let post = |c: &integration_tests::client::Client, b: serde_json::Value| {
            let c = c.clone();
            async move {
                let r = c.authorize(c.request(reqwest::Method::POST, "/api/v1/federation/peers").json(&b)).await.unwrap()
                    .send().await.unwrap();
                (r.status().as_u16(), r.json::<serde_json::Value>().await.unwrap())
            }
        };
        let (s, refused) = post(&bolagsverket, body.clone()).await;
        assert_eq!(s, 403, "{refused}");
        assert_eq!(refused["requiredRoles"], json!(["infrastrukturansvarig"]));
        let r = app.anonymous().request(reqwest::Method::POST, "/api/v1/federation/peers").json(&body).send().await.unwrap();
        assert_eq!(r.status(), 401);

        let (s, peer) = post(&digg, body.clone()).await;
        assert_eq!(s, 201, "{peer}");
        assert_eq!(peer["url"], "https://register.bolagsverket.example");
        assert_eq!(peer["cursor"], 0);
        assert_eq!(peer["intervalSeconds"], 30);
        let (s, _) = post(&digg, body.clone()).await;
        assert_eq!(s, 409, "the same URL twice");
        for (bad, field) in [
            (json!({"url": "ftp://x.example"}), "url"),
            (json!({"url": "https://x.example", "intervalSeconds": 0}), "intervalSeconds"),
            (json!({"url": "https://x.example", "origins": ["Inte En Slug"]}), "origins[0]"),
            (json!({"url": "https://x.example", "extra": 1}), "extra"),
        ] {
            let (s, p) = post(&digg, bad.clone()).await;
            assert_eq!(s, 400, "{bad}");
            assert!(p["errors"].to_string().contains(field) || p["detail"].to_string().contains(field), "{bad}: {p}");
        }
        let list: serde_json::Value = app.anonymous().request(reqwest::Method::GET, "/api/v1/federation/peers")
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(list.as_array().unwrap().len(), 1);
        let path = format!("/api/v1/federation/peers/{}", peer["id"].as_str().unwrap());
        let r = bolagsverket.authorize(bolagsverket.request(reqwest::Method::DELETE, &path)).await.unwrap().send().await.unwrap();
        assert_eq!(r.status(), 403);
        let r = digg.authorize(digg.request(reqwest::Method::DELETE, &path)).await.unwrap().send().await.unwrap();
        assert_eq!(r.status(), 204);
        let r = app.anonymous().request(reqwest::Method::GET, &path).send().await.unwrap();
        assert_eq!(r.status(), 404);
    }
}
