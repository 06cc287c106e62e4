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
