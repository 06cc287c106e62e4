//! The signed change feed that peers pull (issue 6, first part): complete, in order,
//! resumable, and every item verifiable with the origin's published keys alone.

use integration_tests::{both_backends, spawn_app_with, Backend, Options, TestApp};
use jsonwebtoken::jwk::JwkSet;
use registry::keys::signing::{self, Invalid};
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

mod mirroring {
    use integration_tests::federation::{
        add_peer, call, get_text, node, peer_state, sync, try_sync, RESOURCES,
    };
    use integration_tests::{on_both_backends, spawn_app_with, Backend, Options, TestApp};
    use reqwest::Method;
    use serde_json::{json, Value};

    /// Changes an organisation's website at its origin, as a client would: the entry before,
    /// and the input that was sent.
    pub async fn set_website(app: &TestApp, key: &str, website: &str) -> (Value, Value) {
        set_field(
            app,
            &format!("/api/v1/organisations/{key}"),
            "website",
            json!(website),
        )
        .await
    }

    /// Changes one field of the entry at `path` with a PUT of the rest as it is.
    pub async fn set_field(app: &TestApp, path: &str, field: &str, value: Value) -> (Value, Value) {
        let (_, org) = call(app, Method::GET, path, None).await;
        let mut input = org.clone();
        for k in [
            "id",
            "origin",
            "uri",
            "version",
            "createdAt",
            "updatedAt",
            "late",
            "moves",
        ] {
            input.as_object_mut().unwrap().remove(k);
        }
        for (k, v) in input.as_object_mut().unwrap().iter_mut() {
            // References are sent by id.
            if k != field && v.get("id").is_some() {
                *v = v["id"].clone();
            }
        }
        input[field] = value;
        let r = app
            .http(Method::PUT, path)
            .header("If-Match", format!("\"{}\"", org["version"]))
            .json(&input)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        (org, input)
    }

    /// The entries of `origin` that a node holds, by resource, in a comparable form.
    pub async fn entries(app: &TestApp, origin: &str) -> Vec<(String, Vec<Value>)> {
        let mut out = vec![];
        for r in RESOURCES {
            let (s, page) = call(app, Method::GET, &format!("/api/v1/{r}?limit=500"), None).await;
            if s == 404 {
                continue; // a resource this build does not have
            }
            assert_eq!(s, 200, "{r}: {page}");
            let mut items: Vec<Value> = page["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["origin"] == origin)
                .cloned()
                .collect();
            items.sort_by_key(|e| e["id"].as_str().unwrap().to_string());
            out.push((r.to_string(), items));
        }
        out
    }

    pub fn assert_same(a: &[(String, Vec<Value>)], b: &[(String, Vec<Value>)]) {
        for ((ra, ea), (_, eb)) in a.iter().zip(b) {
            assert_eq!(
                ea.len(),
                eb.len(),
                "{ra}: {} at the origin, {} mirrored",
                ea.len(),
                eb.len()
            );
            for (x, y) in ea.iter().zip(eb) {
                assert_eq!(x, y, "{ra} differs");
            }
        }
    }

    async fn a_node_mirrors_another_and_follows_its_changes(backend: Backend) {
        let a = node(backend, "agency-a", true).await;
        let b = node(backend, "owner-b", false).await;
        let peer = add_peer(&b, &a, &[]).await;
        let report = sync(&b, &peer).await;
        assert_eq!(
            report["rejected"],
            json!([]),
            "first refusal: {}",
            report["rejected"][0]
        );
        let origin = entries(&a, "agency-a").await;
        assert!(origin.iter().map(|(_, e)| e.len()).sum::<usize>() > 100);
        assert_same(&origin, &entries(&b, "agency-a").await);

        // A change, and a deletion, at the origin reach the mirror at the next pull.
        let (org, input) = set_website(&a, "skr", "https://skr.se/ny").await;
        let (s, tmp) = call(
            &a,
            Method::POST,
            "/api/v1/organisations",
            Some(json!({"slug": "tillfallig", "name": "Tillfällig", "kind": "kommun"})),
        )
        .await;
        assert_eq!(s, 201);
        let r = a
            .http(Method::DELETE, "/api/v1/organisations/tillfallig")
            .header("If-Match", "\"1\"")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
        // An OpenAPI document registered at the origin: the mirror shows it at the origin's
        // URL, which serves it, and its catalogue points there.
        let (_, apis) = call(&a, Method::GET, "/api/v1/apis?limit=1", None).await;
        let api = apis["items"][0]["id"].as_str().unwrap().to_string();
        let spec = "openapi: 3.1.0\ninfo: {title: Test, version: 1.0.0}\npaths: {}\n";
        let r = a
            .http(Method::POST, &format!("/api/v1/apis/{api}/versions"))
            .header("content-type", "application/yaml")
            .body(spec)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
        let report = sync(&b, &peer).await;
        assert_eq!(
            report["rejected"],
            json!([]),
            "first refusal: {}",
            report["rejected"][0]
        );
        assert_eq!(report["waiting"], json!([]), "{report}");
        assert_same(
            &entries(&a, "agency-a").await,
            &entries(&b, "agency-a").await,
        );
        let (_, mirrored_api) = call(&b, Method::GET, &format!("/api/v1/apis/{api}"), None).await;
        let doc_url = mirrored_api["document"]["jsonUrl"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            doc_url.starts_with(&a.settings.public_url)
                && doc_url.ends_with("/versions/1/openapi.json"),
            "{mirrored_api}"
        );
        let catalog = get_text(&b, "/api/v1/catalog?format=turtle").await;
        assert!(
            catalog.contains(&format!("endpointDescription <{doc_url}>")),
            "the mirror's catalogue points at the origin's document"
        );
        let (s, _) = call(
            &b,
            Method::GET,
            &format!("/api/v1/organisations/{}", tmp["id"].as_str().unwrap()),
            None,
        )
        .await;
        assert_eq!(s, 404, "the deletion reached the mirror");

        // Pulling again changes nothing.
        let report = sync(&b, &peer).await;
        assert_eq!(report["applied"], 0);

        // Mirrored entries are read-only: only their origin changes them.
        let (_, mirrored) = call(
            &b,
            Method::GET,
            &format!("/api/v1/organisations/{}", org["id"].as_str().unwrap()),
            None,
        )
        .await;
        let r = b
            .http(
                Method::PUT,
                &format!("/api/v1/organisations/{}", org["id"].as_str().unwrap()),
            )
            .header("If-Match", format!("\"{}\"", mirrored["version"]))
            .json(&input)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 409);
        let p: Value = r.json().await.unwrap();
        assert!(p["detail"].as_str().unwrap().contains("agency-a"), "{p}");

        // The peer's state tells how pulling went.
        let state = peer_state(&b, &peer).await;
        assert_eq!(state["nodeId"], "agency-a");
        assert_eq!(state["lagEntries"], 0);
        assert_eq!(state["rejected"], 0);
        assert!(state["lastSuccessAt"].is_string());
    }

    /// Agencies A and B each run a node; the infrastructure owner's node pulls both, and a
    /// fourth node pulls only the owner's, trusting it to forward A's and B's entries.
    async fn three_nodes_and_a_fourth_converge(backend: Backend) {
        let a = node(backend, "agency-a", true).await;
        let b = node(backend, "agency-b", true).await;
        let owner = node(backend, "owner", false).await;
        let fourth = node(backend, "fourth", false).await;
        let from_a = add_peer(&owner, &a, &[]).await;
        let from_b = add_peer(&owner, &b, &[]).await;
        let from_owner = add_peer(&fourth, &owner, &["agency-a", "agency-b"]).await;
        for (node, peer) in [(&owner, &from_a), (&owner, &from_b), (&fourth, &from_owner)] {
            let r = sync(node, peer).await;
            assert_eq!(
                r["rejected"],
                json!([]),
                "first refusal: {}",
                r["rejected"][0]
            );
        }
        for origin in ["agency-a", "agency-b"] {
            let at_origin = entries(if origin == "agency-a" { &a } else { &b }, origin).await;
            assert_same(&at_origin, &entries(&owner, origin).await);
            assert_same(&at_origin, &entries(&fourth, origin).await);
        }
        // A change at A reaches the fourth node through the owner's, one pull each.
        let (s, _) = call(
            &a,
            Method::POST,
            "/api/v1/organisations",
            Some(json!({"slug": "ny-kommun", "name": "Ny kommun", "kind": "kommun"})),
        )
        .await;
        assert_eq!(s, 201);
        sync(&owner, &from_a).await;
        sync(&fourth, &from_owner).await;
        assert_same(
            &entries(&a, "agency-a").await,
            &entries(&fourth, "agency-a").await,
        );

        // References across nodes: A registers an API in a building block that B just made
        // (A mirrors B). The owner pulls A first: the API waits for the block, which A may not
        // forward; when the owner pulls B, the block arrives and the API with it.
        let a_from_b = add_peer(&a, &b, &[]).await;
        let (s, block) = call(
            &b,
            Method::POST,
            "/api/v1/building-blocks",
            Some(
                json!({"slug": "nytt-block", "name": "Nytt block", "category": "informationsutbyte",
                "phase": "ide", "responsible": "digg"}),
            ),
        )
        .await;
        assert_eq!(s, 201, "{block}");
        sync(&a, &a_from_b).await;
        let (s, api) = call(
            &a,
            Method::POST,
            "/api/v1/apis",
            Some(
                json!({"title": {"sv": "Tvärs över"}, "publisher": "skatteverket",
                "endpointUrls": ["https://api.skatteverket.se/tvars/v1"], "status": "i-produktion",
                "accessRights": "publik", "buildingBlocks": [block["id"]]}),
            ),
        )
        .await;
        assert_eq!(s, 201, "{api}");
        let r = sync(&owner, &from_a).await;
        assert!(
            r["rejected"]
                .as_array()
                .unwrap()
                .iter()
                .all(|x| x["origin"] == "agency-b"),
            "only B's entries, which A may not forward, are refused: {r}"
        );
        assert_eq!(r["waiting"][0]["id"], api["id"], "{r}");
        let r = sync(&owner, &from_b).await;
        assert_eq!(r["waiting"], json!([]), "{r}");
        let (s, held) = call(
            &owner,
            Method::GET,
            &format!("/api/v1/apis/{}", api["id"].as_str().unwrap()),
            None,
        )
        .await;
        assert_eq!(s, 200, "{held}");
        assert_eq!(held["buildingBlocks"][0]["id"], block["id"]);
        sync(&fourth, &from_owner).await;
        for origin in ["agency-a", "agency-b"] {
            let at_origin = entries(if origin == "agency-a" { &a } else { &b }, origin).await;
            assert_same(&at_origin, &entries(&owner, origin).await);
            assert_same(&at_origin, &entries(&fourth, origin).await);
        }
    }

    /// A peer that forwards entries of an origin it was not allowed to speak for has those
    /// entries refused and reported; the rest is applied.
    async fn a_lying_peer_is_refused_entry_by_entry(backend: Backend) {
        let a = node(backend, "agency-a", true).await;
        let owner = node(backend, "owner", false).await;
        let fourth = node(backend, "fourth", false).await;
        let from_a = add_peer(&owner, &a, &[]).await;
        sync(&owner, &from_a).await;
        // The fourth node allows the owner to speak only for itself, not for agency-a.
        let from_owner = add_peer(&fourth, &owner, &[]).await;
        let r = sync(&fourth, &from_owner).await;
        let refused = r["rejected"].as_array().unwrap();
        assert!(!refused.is_empty());
        assert!(refused.iter().all(|x| x["reason"]
            .as_str()
            .unwrap()
            .contains("may not speak for origin 'agency-a'")));
        let state = peer_state(&fourth, &from_owner).await;
        assert_eq!(state["rejected"].as_i64().unwrap(), refused.len() as i64);
        assert!(
            entries(&fourth, "agency-a")
                .await
                .iter()
                .all(|(_, e)| e.is_empty()),
            "nothing of agency-a taken"
        );
    }

    /// A peer that is down, or answers garbage, leaves the mirror as it was and says why.
    async fn a_peer_that_is_down_or_answers_garbage_changes_nothing(backend: Backend) {
        let owner = node(backend, "owner", false).await;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let closed = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        drop(listener);
        let (s, p) = call(
            &owner,
            Method::POST,
            "/api/v1/federation/peers",
            Some(json!({"url": closed, "intervalSeconds": 600})),
        )
        .await;
        assert_eq!(s, 201, "{p}");
        let id = p["id"].as_str().unwrap();
        let (s, problem) = try_sync(&owner, id).await;
        assert_eq!(s, 502, "{problem}");
        let state = peer_state(&owner, id).await;
        assert!(state["lastError"].is_string(), "{state}");
        assert_eq!(state["cursor"], 0);
        // Each failure in a row doubles the wait before the scheduler tries again.
        assert_eq!(state["failures"], 1, "{state}");
        let wait = |s: &Value| {
            let at =
                |k: &str| chrono::DateTime::parse_from_rfc3339(s[k].as_str().unwrap()).unwrap();
            (at("nextAttemptAt") - at("lastAttemptAt")).num_seconds()
        };
        assert_eq!(wait(&state), 1200, "{state}");
        let (s, _) = try_sync(&owner, id).await;
        assert_eq!(s, 502);
        let state = peer_state(&owner, id).await;
        assert_eq!(state["failures"], 2, "{state}");
        assert_eq!(wait(&state), 2400, "{state}");
        assert!(
            state.get("lagEntries").is_none(),
            "never pulled: lag unknown"
        );
        let metrics = get_text(&owner, "/metrics").await;
        assert!(
            metrics.contains(&format!(
                "registry_peer_failures{{node=\"\",peer=\"{closed}\"}} 2"
            )),
            "{metrics}"
        );
        // A server that answers, but not a registry: garbage instead of a feed.
        let garbage = actix_web::HttpServer::new(|| {
            actix_web::App::new().default_service(actix_web::web::to(|| async {
                actix_web::HttpResponse::Ok()
                    .content_type("application/json")
                    .body("{\"items\": [tru")
            }))
        })
        .bind("127.0.0.1:0")
        .unwrap();
        let url = format!("http://{}", garbage.addrs()[0]);
        tokio::spawn(garbage.run());
        let (_, p) = call(
            &owner,
            Method::POST,
            "/api/v1/federation/peers",
            Some(json!({"url": url, "intervalSeconds": 3600})),
        )
        .await;
        let id = p["id"].as_str().unwrap();
        let (s, _) = try_sync(&owner, id).await;
        assert_eq!(s, 502);
        let audit = owner.client.audit(&[("limit", "1")]).await.unwrap();
        assert_eq!(audit.total_count, 0, "nothing was written");
    }

    /// Stands between a node and its mirror and spoils the feed as told: 1 answers 500,
    /// 2 forges the first entry of each page, 3 reverses each page and repeats its first
    /// item, 4 cuts each page in half, 5 answers only after three seconds. 0 passes everything
    /// through.
    async fn spoiling_proxy(
        origin: String,
        mode: std::sync::Arc<std::sync::atomic::AtomicU8>,
    ) -> String {
        use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
        let server = HttpServer::new(move || {
            let (origin, mode) = (origin.clone(), mode.clone());
            App::new().default_service(web::to(move |req: HttpRequest| {
                let (origin, mode) = (origin.clone(), mode.clone());
                async move {
                    let url = format!("{origin}{}", req.uri());
                    let body: Value = reqwest::get(&url).await.unwrap().json().await.unwrap();
                    if !req.path().ends_with("/federation/changes") {
                        return HttpResponse::Ok().json(body);
                    }
                    let mut page = body;
                    let items = page["items"].as_array_mut().unwrap();
                    match mode.load(std::sync::atomic::Ordering::SeqCst) {
                        1 => {
                            return HttpResponse::InternalServerError().body("down for maintenance")
                        }
                        2 => {
                            if let Some(e) = items.iter_mut().find(|i| i["entry"].is_object()) {
                                e["entry"]["name"] = json!("Förfalskad");
                            }
                        }
                        3 => {
                            items.reverse();
                            if let Some(first) = items.first().cloned() {
                                items.push(first);
                            }
                        }
                        4 => {
                            let keep = items.len().div_ceil(2);
                            items.truncate(keep);
                        }
                        5 => tokio::time::sleep(std::time::Duration::from_secs(3)).await,
                        _ => {}
                    }
                    HttpResponse::Ok().json(page)
                }
            }))
        })
        .workers(1)
        .bind("127.0.0.1:0")
        .unwrap();
        let url = format!("http://{}", server.addrs()[0]);
        tokio::spawn(server.run());
        url
    }

    /// A peer that fails, forges, reorders, repeats or truncates: the mirror takes exactly
    /// what the origin signed, in the origin's order of versions, and ends equal to it.
    async fn a_faulty_peer_never_corrupts_the_mirror(backend: Backend) {
        use std::sync::atomic::{AtomicU8, Ordering};
        let a = node(backend, "agency-a", true).await;
        let owner = spawn_app_with(
            backend,
            Options {
                node_id: "owner".into(),
                seed: false,
                peer_timeout_secs: 1,
                fetch_allow_private: true,
                ..Options::default()
            },
        )
        .await;
        let mode = std::sync::Arc::new(AtomicU8::new(1));
        let proxy = spoiling_proxy(a.address.clone(), mode.clone()).await;
        let (_, p) = call(
            &owner,
            Method::POST,
            "/api/v1/federation/peers",
            Some(json!({"url": proxy, "intervalSeconds": 3600})),
        )
        .await;
        let peer = p["id"].as_str().unwrap().to_string();
        // 500: nothing applied, the error kept.
        let (s, _) = try_sync(&owner, &peer).await;
        assert_eq!(s, 502);
        // Slow: a peer slower than the timeout is given up on, nothing applied.
        mode.store(5, Ordering::SeqCst);
        let (s, problem) = try_sync(&owner, &peer).await;
        assert_eq!(s, 502, "{problem}");
        assert!(
            problem["detail"].as_str().unwrap().contains("timed out"),
            "{problem}"
        );
        let state = peer_state(&owner, &peer).await;
        assert_eq!(state["failures"], 2, "{state}");
        assert_eq!(state["cursor"], 0, "{state}");
        let audit = owner.client.audit(&[("limit", "1")]).await.unwrap();
        assert_eq!(audit.total_count, 0, "nothing was written");
        // Forged: the forged entries alone are refused.
        mode.store(2, Ordering::SeqCst);
        let r = sync(&owner, &peer).await;
        let refused = r["rejected"].as_array().unwrap();
        assert!(!refused.is_empty());
        assert!(
            refused
                .iter()
                .all(|x| x["reason"] == "the signature does not verify"),
            "{r}"
        );
        assert!(r["applied"].as_i64().unwrap() > 100);
        // The first entry of the feed is an organisation; what refers to it waits for it.
        assert_eq!(refused.len(), 1, "{r}");
        assert_eq!(refused[0]["entity"], "organisations");
        let forged = refused[0]["id"].as_str().unwrap().to_string();
        let waiting = r["waiting"].as_array().unwrap().len();
        assert!(waiting > 0, "entries referring to it wait");
        let state = peer_state(&owner, &peer).await;
        assert_eq!(state["waiting"], waiting, "{state}");
        assert_eq!(state["failures"], 0, "a success ends the failures: {state}");
        assert_eq!(state["lagEntries"], 0, "{state}");
        assert_eq!(state["lagSeconds"], 0, "{state}");
        // Reordered and repeated: two changes of one organisation arrive newest first; so do
        // the moves of a milestone, and the steps of an idea candidate into a building block.
        mode.store(3, Ordering::SeqCst);
        for website in ["https://skr.se/1", "https://skr.se/2"] {
            set_website(&a, "skr", website).await;
        }
        let (_, milestones) = call(&a, Method::GET, "/api/v1/milestones?limit=1", None).await;
        let milestone = format!(
            "/api/v1/milestones/{}",
            milestones["items"][0]["id"].as_str().unwrap()
        );
        for due in ["2030-Q1", "2030-Q3"] {
            set_field(&a, &milestone, "due", json!(due)).await;
        }
        let (s, idea) = call(
            &a,
            Method::POST,
            "/api/v1/idea-candidates",
            Some(json!({"title": "Samtycken", "need": "Ett delat behov.", "proposer": "skatteverket"})),
        )
        .await;
        assert_eq!(s, 201, "{idea}");
        let idea = idea["id"].as_str().unwrap();
        for (step, body) in [
            ("qualification", json!({"assessment": "Behovet delas."})),
            (
                "acceptance",
                json!({"slug": "samtycken", "category": "tillit-och-sakerhet", "responsible": "skatteverket"}),
            ),
        ] {
            let (s, r) = call(
                &a,
                Method::POST,
                &format!("/api/v1/idea-candidates/{idea}/{step}"),
                Some(body),
            )
            .await;
            assert_eq!(s, 200, "{r}");
        }
        // A level-1 document presented, decided and superseded by a new version.
        let (s, doc) = call(
            &a,
            Method::POST,
            "/api/v1/documents",
            Some(json!({"title": "Styrning av API:er", "level": 1,
                "scope": {"kind": "infrastruktur"}, "authorOrganisation": "digg",
                "level2AuthorRoles": ["byggblocksansvarig"]})),
        )
        .await;
        assert_eq!(s, 201, "{doc}");
        let doc = doc["id"].as_str().unwrap().to_string();
        let mut newest = String::new();
        for (step, body) in [
            ("presentation", a.presented_on("2021-05-01").await),
            (
                "decision",
                json!({"decidedDate": "2021-06-01", "decidingOrganisation": "digg"}),
            ),
            ("versions", json!({"documentVersion": "2.0"})),
        ] {
            let path = format!("/api/v1/documents/{doc}/{step}");
            let (s, r) = call(&a, Method::POST, &path, Some(body)).await;
            assert!(s == 200 || s == 201, "{step}: {r}");
            newest = r["id"].as_str().unwrap().to_string();
        }
        let r = sync(&owner, &peer).await;
        assert_eq!(r["rejected"], json!([]), "{r}");
        let (_, superseded) = call(
            &owner,
            Method::GET,
            &format!("/api/v1/documents/{doc}"),
            None,
        )
        .await;
        assert_eq!(superseded["status"], "beslutat", "{superseded}");
        let (_, draft) = call(
            &owner,
            Method::GET,
            &format!("/api/v1/documents/{newest}"),
            None,
        )
        .await;
        assert_eq!(draft["replaces"]["id"], doc, "{draft}");
        assert_eq!(draft["identity"], superseded["identity"], "{draft}");
        let (_, moved) = call(&owner, Method::GET, &milestone, None).await;
        assert_eq!(moved["moves"].as_array().map(Vec::len), Some(2), "{moved}");
        let (_, accepted) = call(
            &owner,
            Method::GET,
            &format!("/api/v1/idea-candidates/{idea}"),
            None,
        )
        .await;
        assert_eq!(accepted["status"], "antagen", "{accepted}");
        assert_eq!(accepted["buildingBlock"]["slug"], "samtycken", "{accepted}");
        let (_, mirrored) = call(
            &owner,
            Method::GET,
            &format!(
                "/api/v1/organisations/{}",
                call(&a, Method::GET, "/api/v1/organisations/skr", None)
                    .await
                    .1["id"]
                    .as_str()
                    .unwrap()
            ),
            None,
        )
        .await;
        assert_eq!(
            mirrored["website"], "https://skr.se/2",
            "the older state did not win"
        );
        // Truncated pages: the cursor moves only as far as what arrived.
        mode.store(4, Ordering::SeqCst);
        for n in 0..5 {
            let (s, _) = call(
                &a,
                Method::POST,
                "/api/v1/organisations",
                Some(json!({"slug": format!("ny-{n}"), "name": "Ny", "kind": "kommun"})),
            )
            .await;
            assert_eq!(s, 201);
        }
        sync(&owner, &peer).await;
        // The origin changes what was forged: the new version arrives whole and is taken,
        // and what waited for it follows. The mirror then equals the origin.
        mode.store(0, Ordering::SeqCst);
        set_website(&a, &forged, "https://example.se/ny").await;
        let r = sync(&owner, &peer).await;
        assert_eq!(r["waiting"], json!([]), "{r}");
        assert_same(
            &entries(&a, "agency-a").await,
            &entries(&owner, "agency-a").await,
        );
    }

    /// A peer removed from the list is no longer pulled; what was mirrored from it stays,
    /// read-only, and changes at its origin no longer arrive.
    async fn a_removed_peer_is_no_longer_pulled(backend: Backend) {
        let a = node(backend, "agency-a", true).await;
        let owner = node(backend, "owner", false).await;
        let peer = add_peer(&owner, &a, &[]).await;
        sync(&owner, &peer).await;
        let before = entries(&owner, "agency-a").await;
        let r = owner
            .http(Method::DELETE, &format!("/api/v1/federation/peers/{peer}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
        let (s, _) = call(
            &a,
            Method::POST,
            "/api/v1/organisations",
            Some(json!({"slug": "efter", "name": "Efter", "kind": "kommun"})),
        )
        .await;
        assert_eq!(s, 201);
        let (s, _) = try_sync(&owner, &peer).await;
        assert_eq!(s, 404);
        assert_same(&before, &entries(&owner, "agency-a").await);
    }

    async fn total(app: &TestApp, path: &str) -> i64 {
        let (s, page) = call(app, Method::GET, path, None).await;
        assert_eq!(s, 200, "{path}: {page}");
        page["totalCount"].as_i64().unwrap()
    }

    /// Two nodes that both hold the register, so both have their own entry for each agency:
    /// on the mirror, a slug names its own entry, and an agency is one by its organisation
    /// number in the filters and in its catalogue.
    async fn one_agency_on_two_nodes(backend: Backend) {
        let a = node(backend, "agency-a", true).await;
        let owner = node(backend, "owner", true).await;
        let peer = add_peer(&owner, &a, &[]).await;
        let r = sync(&owner, &peer).await;
        assert_eq!(r["rejected"], json!([]), "{r}");
        assert_eq!(r["waiting"], json!([]), "{r}");
        let (_, digg) = call(&owner, Method::GET, "/api/v1/organisations/digg", None).await;
        assert_eq!(
            digg["origin"], "owner",
            "a slug names this node's own entry: {digg}"
        );
        let (_, both) = call(
            &owner,
            Method::GET,
            &format!(
                "/api/v1/organisations?organisationNumber={}",
                digg["organisationNumber"].as_str().unwrap()
            ),
            None,
        )
        .await;
        assert_eq!(both["totalCount"], 2, "{both}");
        // A write by slug changes the own entry, not the mirrored one.
        set_website(&owner, "digg", "https://www.digg.se/ny").await;

        let (_, apis) = call(&a, Method::GET, "/api/v1/apis?limit=1", None).await;
        let publisher = apis["items"][0]["publisher"]["slug"]
            .as_str()
            .unwrap()
            .to_string();
        let at_a = total(&a, &format!("/api/v1/apis?organisation={publisher}")).await;
        let own = total(
            &owner,
            &format!("/api/v1/apis?organisation={publisher}&origin=local"),
        )
        .await;
        assert!(at_a > 0 && own > 0);
        assert_eq!(
            total(&owner, &format!("/api/v1/apis?organisation={publisher}")).await,
            at_a + own,
            "the agency's APIs from both nodes"
        );
        let blocks_at_a = total(&a, "/api/v1/building-blocks?responsible=digg").await;
        assert!(blocks_at_a > 0);
        assert_eq!(
            total(&owner, "/api/v1/building-blocks?responsible=digg").await,
            2 * blocks_at_a
        );
        let catalog = get_text(
            &owner,
            &format!("/api/v1/organisations/{publisher}/catalog?format=turtle"),
        )
        .await;
        let mirrored = apis["items"][0]["id"].as_str().unwrap();
        assert!(
            catalog.contains(mirrored),
            "the agency's catalogue on the mirror lists its APIs from the other node"
        );
    }

    /// A node whose feed is not public is pulled with a client of its issuer; without one,
    /// the pull fails with the peer's 401 as the cause, and bad credentials are refused at once.
    async fn a_private_feed_is_pulled_with_client_credentials(backend: Backend) {
        let a = spawn_app_with(
            backend,
            Options {
                node_id: "agency-a".into(),
                private_feed: true,
                fetch_allow_private: true,
                ..Options::default()
            },
        )
        .await;
        let owner = node(backend, "owner", false).await;
        let r = owner
            .anonymous()
            .request(Method::GET, "/api/v1/federation/changes")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "the owner's own feed stays public");
        let r = a
            .anonymous()
            .request(Method::GET, "/api/v1/federation/changes")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        let without = add_peer(&owner, &a, &[]).await;
        let (s, problem) = try_sync(&owner, &without).await;
        assert_eq!(s, 502, "{problem}");
        assert!(
            problem["detail"].as_str().unwrap().contains("401"),
            "{problem}"
        );
        let (s, p) = call(
            &owner,
            Method::POST,
            "/api/v1/federation/peers",
            Some(json!({"url": format!("{}/", a.address), "clientId": "x"})),
        )
        .await;
        assert_eq!(s, 422, "{p}");
        assert_eq!(p["errors"][0]["field"], "clientSecret", "{p}");
        let r = owner
            .http(
                Method::DELETE,
                &format!("/api/v1/federation/peers/{without}"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
        let client = a.create_client(Some("digg"), false);
        let (s, p) = call(
            &owner,
            Method::POST,
            "/api/v1/federation/peers",
            Some(
                json!({"url": format!("{}/", a.address), "clientId": client.client_id,
                "clientSecret": client.client_secret}),
            ),
        )
        .await;
        assert_eq!(s, 201, "{p}");
        assert_eq!(p["clientId"], client.client_id.as_str());
        assert!(
            p.get("clientSecret").is_none(),
            "the secret is never shown: {p}"
        );
        let with = p["id"].as_str().unwrap().to_string();
        let r = sync(&owner, &with).await;
        assert_eq!(r["rejected"], json!([]), "{r}");
        assert_same(
            &entries(&a, "agency-a").await,
            &entries(&owner, "agency-a").await,
        );
    }

    /// A fresh mirror takes runs of new APIs in batches (`apis::mirror_many`); what a batch
    /// cannot take (a successor, a publisher that arrived in the same page) goes one by one,
    /// and the result is the origin's, searchable at once.
    async fn new_apis_are_mirrored_in_batches_as_one_by_one(backend: Backend) {
        use integration_tests::openapi::*;
        let a = node(backend, "agency-a", true).await;
        let b = node(backend, "owner-b", false).await;
        let api = |n: usize, publisher: &str, successor: Option<String>| {
            serde_json::to_value(ApiInput {
                title: Localized {
                    sv: format!("Batchprovet {n}"),
                    en: String::new(),
                },
                description: Localized {
                    sv: "Ett API för provet".into(),
                    en: String::new(),
                },
                publisher: publisher.into(),
                endpoint_urls: vec![format!("https://api.example.se/{n}")],
                building_blocks: if n.is_multiple_of(2) {
                    vec!["api-hantering".into()]
                } else {
                    vec![]
                },
                themes: if n.is_multiple_of(3) {
                    vec![DataTheme::Gove]
                } else {
                    vec![]
                },
                status: Some(ApiStatus::IProduktion),
                successor,
                contact_point: Some(ContactPoint {
                    name: "Support".into(),
                    email: Some("support@example.se".into()),
                    url: None,
                    telephone: Some("+46 8 123 456".into()),
                }),
                ..Default::default()
            })
            .unwrap()
        };
        let mut first = None;
        for n in 0..30 {
            let (s, created) = call(
                &a,
                Method::POST,
                "/api/v1/apis",
                Some(api(n, "lantmateriet", None)),
            )
            .await;
            assert_eq!(s, 201, "{created}");
            first.get_or_insert(created["id"].as_str().unwrap().to_string());
        }
        let (s, _) = call(
            &a,
            Method::POST,
            "/api/v1/apis",
            Some(api(30, "skatteverket", first.clone())),
        )
        .await;
        assert_eq!(s, 201);
        let (s, org) = call(
            &a,
            Method::POST,
            "/api/v1/organisations",
            Some(json!({"slug": "ny-myndighet", "name": "Ny myndighet", "kind": "statlig-myndighet"})),
        )
        .await;
        assert_eq!(s, 201, "{org}");
        for n in 31..35 {
            let (s, _) = call(
                &a,
                Method::POST,
                "/api/v1/apis",
                Some(api(n, "ny-myndighet", None)),
            )
            .await;
            assert_eq!(s, 201);
        }
        let peer = add_peer(&b, &a, &[]).await;
        let report = sync(&b, &peer).await;
        assert_eq!(report["rejected"], json!([]), "{report}");
        assert_eq!(report["waiting"], json!([]), "{report}");
        assert_same(
            &entries(&a, "agency-a").await,
            &entries(&b, "agency-a").await,
        );
        assert_eq!(total(&b, "/api/v1/apis?q=batchprovet").await, 35);
        assert_eq!(
            total(&b, "/api/v1/apis?q=batchprovet&organisation=ny-myndighet").await,
            4
        );
        // Each mirrored change keeps the origin's signature, so a third node takes it from here.
        let c = node(backend, "third-c", false).await;
        let via_b = add_peer(&c, &b, &["agency-a"]).await;
        let report = sync(&c, &via_b).await;
        assert_eq!(report["rejected"], json!([]), "{report}");
        assert_eq!(total(&c, "/api/v1/apis?q=batchprovet").await, 35);
    }

    on_both_backends!(
        new_apis_are_mirrored_in_batches_as_one_by_one,
        a_private_feed_is_pulled_with_client_credentials,
        one_agency_on_two_nodes,
        a_faulty_peer_never_corrupts_the_mirror,
        a_removed_peer_is_no_longer_pulled,
        a_node_mirrors_another_and_follows_its_changes,
        three_nodes_and_a_fourth_converge,
        a_lying_peer_is_refused_entry_by_entry,
        a_peer_that_is_down_or_answers_garbage_changes_nothing
    );
}
