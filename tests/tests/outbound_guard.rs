//! The outbound guard as federation meets it: a peer cannot point this node at its own
//! network (loopback, metadata, a name that resolves to loopback), what a peer's host answers
//! never comes back in an error, a peer's internals are the infrastructure owner's to read,
//! and its client secret is sealed and never exported.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use integration_tests::federation::{call, node, peer_state, try_sync};
use integration_tests::{both_backends, on_both_backends, Backend, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

const MARKER: &str = "MARKER-7f3c-remote-body";

/// A server on 127.0.0.1 that counts the requests it gets and answers, by the first path
/// segment: `p500` a 500 with the marker as text, `pproblem` a problem whose text is the
/// marker, `pjson` a 200 whose JSON has the marker where a number belongs, `ptoken` a token
/// endpoint refusing with the marker as `error_description`; anything else `{}`.
async fn marker_server() -> (String, Arc<AtomicUsize>) {
    use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let server = HttpServer::new(move || {
        let counter = counter.clone();
        App::new().default_service(web::to(move |req: HttpRequest| {
            counter.fetch_add(1, Ordering::SeqCst);
            async move {
                let path = req.path().to_string();
                if path.starts_with("/p500/") {
                    HttpResponse::InternalServerError()
                        .content_type("text/plain")
                        .body(format!("internal secret: {MARKER}"))
                } else if path.starts_with("/pproblem/") {
                    HttpResponse::InternalServerError()
                        .content_type("application/problem+json")
                        .json(
                            json!({"type": "about:blank", "title": MARKER, "status": 500,
                            "detail": MARKER, "instance": "/x"}),
                        )
                } else if path.starts_with("/pjson/") {
                    HttpResponse::Ok().json(json!({"nodeId": "x", "publicUrl": MARKER,
                        "jwksUri": MARKER, "lastSeq": MARKER}))
                } else if path.starts_with("/ptoken/") {
                    HttpResponse::BadRequest()
                        .json(json!({"error": "invalid_client", "error_description": MARKER}))
                } else {
                    HttpResponse::Ok().json(json!({}))
                }
            }
        }))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let url = format!("http://{}", server.addrs()[0]);
    tokio::spawn(server.run());
    (url, hits)
}

async fn add(app: &TestApp, body: Value) -> (u16, Value) {
    call(app, Method::POST, "/api/v1/federation/peers", Some(body)).await
}

/// A peer stored without the checks of the API (as one stored before them would be).
fn stored_peer(app: &TestApp, url: &str) -> String {
    let input = integration_tests::openapi::PeerInput {
        url: url.into(),
        interval_seconds: Some(3600),
        origins: vec![],
        client_id: None,
        client_secret: None,
    };
    let mut conn = app.state.db.get().unwrap();
    let peer = registry::store::peers::create(
        &mut conn,
        input,
        true,
        &registry::keys::sealed::seal_peer_secret,
    )
    .unwrap();
    peer.id.to_string()
}

both_backends! {
    // Where private addresses are not allowed (the default), a peer at a loopback, private,
    // link-local or metadata literal is refused when it is added, naming `url`; so are
    // fragments, user info and other schemes.
    async fn a_peer_at_a_private_literal_is_refused_when_added(app: TestApp) {
        for url in [
            "http://127.0.0.1:8080",
            "http://127.0.0.1:9/anything#",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]:8080",
            "http://[::ffff:127.0.0.1]",
            "http://[fd00:ec2::254]",
            "http://[64:ff9b::a9fe:a9fe]",
            "http://10.0.0.7",
            "http://2130706433",
            "https://register.example.se/#frag",
            "https://user:pw@register.example.se",
            "https://register.example.se/?x=1",
            "ftp://register.example.se",
        ] {
            let (s, p) = add(&app, json!({"url": url})).await;
            // Not an http(s) URL breaks the document (400); an address the guard refuses, a
            // query, a fragment or user info breaks the peer rules beyond it (422).
            let want = if url.starts_with("ftp:") { 400 } else { 422 };
            assert_eq!(s, want, "{url}: {p}");
            assert_eq!(p["errors"][0]["field"], "url", "{url}: {p}");
        }
        let (s, p) = add(&app, json!({"url": "https://register.example.se"})).await;
        assert_eq!(s, 201, "a public name is taken: {p}");
    }

    // A peer at a private literal that got stored anyway is refused again at every pull,
    // before any request; a host name that resolves to loopback is refused at resolution,
    // so no request reaches the server behind it.
    async fn a_pull_never_reaches_a_private_address(app: TestApp) {
        let (server, hits) = marker_server().await;
        let port = server.rsplit(':').next().unwrap().to_string();
        for (url, why) in [
            (server.clone(), "loopback"),
            ("http://169.254.169.254/latest/meta-data".to_string(), "cloud metadata"),
            (format!("http://[::ffff:127.0.0.1]:{port}"), "loopback"),
        ] {
            let id = stored_peer(&app, &url);
            let (s, p) = try_sync(&app, &id).await;
            assert_eq!(s, 502, "{url}: {p}");
            assert!(p["detail"].as_str().unwrap().contains(why), "{url}: {p}");
        }
        let (s, p) = add(&app, json!({"url": format!("http://localhost:{port}")})).await;
        assert_eq!(s, 201, "names are checked when resolved: {p}");
        let (s, p) = try_sync(&app, p["id"].as_str().unwrap()).await;
        assert_eq!(s, 502, "{p}");
        assert!(p["detail"].as_str().unwrap().contains("loopback"), "{p}");
        assert_eq!(hits.load(Ordering::SeqCst), 0, "no request reached the server");
    }
}

/// What a peer's host answers never comes back: not in the 502, not in `lastError`; the
/// error still says what failed (the status, JSON that is not a feed, a refused token).
async fn a_remote_body_is_never_echoed(backend: Backend) {
    let owner = node(backend, "owner", false).await;
    let (server, hits) = marker_server().await;
    for (path, says, credentials) in [
        ("p500", "500", false),
        ("pproblem", "500", false),
        ("pjson", "not the expected JSON", false),
        ("ptoken", "token", true),
    ] {
        let mut body = json!({"url": format!("{server}/{path}"), "intervalSeconds": 3600});
        if credentials {
            body["clientId"] = json!("some-client");
            body["clientSecret"] = json!("some-secret");
        }
        let (s, p) = add(&owner, body).await;
        assert_eq!(s, 201, "{p}");
        let id = p["id"].as_str().unwrap();
        let (s, problem) = try_sync(&owner, id).await;
        assert_eq!(s, 502, "{path}: {problem}");
        let text = problem.to_string();
        assert!(
            !text.contains(MARKER),
            "{path}: the body came back: {problem}"
        );
        assert!(
            problem["detail"].as_str().unwrap().contains(says),
            "{path}: {problem}"
        );
        let state = peer_state(&owner, id).await;
        let error = state["lastError"].as_str().unwrap();
        assert!(!error.contains(MARKER), "{path}: {state}");
        assert!(error.contains(says), "{path}: {state}");
    }
    assert!(hits.load(Ordering::SeqCst) >= 4, "the server was asked");
}

/// A node with a peer whose every answer is a 500, added with client credentials: the node and
/// the peer's id.
async fn failing_peer(backend: Backend) -> (TestApp, String) {
    let owner = node(backend, "owner", true).await;
    let (server, _) = marker_server().await;
    let (s, p) = add(
        &owner,
        json!({"url": format!("{server}/p500"), "clientId": "c", "clientSecret": "s"}),
    )
    .await;
    assert_eq!(s, 201, "{p}");
    (owner, p["id"].as_str().unwrap().to_string())
}

/// The read cache never serves one caller an answer computed for another: the owner's view
/// of a peer, with its internals, is not what an anonymous reader gets next, and the public
/// view is not what the owner gets next.
async fn a_cached_answer_is_never_another_callers(backend: Backend) {
    let (owner, id) = failing_peer(backend).await;
    let path = format!("/api/v1/federation/peers/{id}");
    let digg = owner.client_for("digg");
    let as_owner = || async {
        let r = digg
            .authorize(digg.request(Method::GET, &path))
            .await
            .unwrap();
        r.send().await.unwrap().json::<Value>().await.unwrap()
    };
    let anonymously = || async {
        let r = owner
            .anonymous()
            .request(Method::GET, &path)
            .send()
            .await
            .unwrap();
        r.json::<Value>().await.unwrap()
    };
    for _ in 0..3 {
        let seen = as_owner().await;
        assert_eq!(seen["clientId"], "c", "the owner: {seen}");
        let seen = anonymously().await;
        assert!(seen.get("clientId").is_none(), "anonymous: {seen}");
    }
}

/// A peer's internals (last error, waiting changes, failures, next attempt, client id) are
/// for the infrastructure owner and operators; anyone else gets the peer without them.
async fn only_the_owner_reads_a_peers_internals(backend: Backend) {
    let (owner, id) = failing_peer(backend).await;
    let (s, _) = try_sync(&owner, &id).await;
    assert_eq!(s, 502);
    let internals = [
        "lastError",
        "waiting",
        "failures",
        "nextAttemptAt",
        "clientId",
    ];
    let path = format!("/api/v1/federation/peers/{id}");
    let get = |c: integration_tests::client::Client, path: String| async move {
        let r = c.authorize(c.request(Method::GET, &path)).await.unwrap();
        let r = r.send().await.unwrap();
        assert_eq!(r.status(), 200);
        r.json::<Value>().await.unwrap()
    };
    let garbage = owner
        .anonymous()
        .request(Method::GET, &path)
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), 200, "a read stays public");
    let garbage: Value = garbage.json().await.unwrap();
    for (who, peer) in [
        ("anonymous", get(owner.anonymous(), path.clone()).await),
        (
            "another agency",
            get(owner.client_for("bolagsverket"), path.clone()).await,
        ),
        ("a token that does not verify", garbage),
        (
            "anonymous, listed",
            get(owner.anonymous(), "/api/v1/federation/peers".into()).await[0].clone(),
        ),
    ] {
        assert_eq!(peer["id"], id.as_str(), "{who}: {peer}");
        assert_eq!(peer["cursor"], 0, "{who}: {peer}");
        for k in internals {
            assert!(peer.get(k).is_none(), "{who} sees {k}: {peer}");
        }
    }
    for (who, peer) in [
        (
            "the infrastructure owner",
            get(owner.client_for("digg"), path.clone()).await,
        ),
        ("an operator", peer_state(&owner, &id).await),
        (
            "the infrastructure owner, listed",
            get(owner.client_for("digg"), "/api/v1/federation/peers".into()).await[0].clone(),
        ),
    ] {
        assert!(peer["lastError"].is_string(), "{who}: {peer}");
        assert_eq!(peer["failures"], 1, "{who}: {peer}");
        assert_eq!(peer["waiting"], 0, "{who}: {peer}");
        assert_eq!(peer["clientId"], "c", "{who}: {peer}");
        assert!(peer["nextAttemptAt"].is_string(), "{who}: {peer}");
    }
}

/// A peer's client secret is stored sealed, and `registry export` writes neither it nor
/// anything it could be opened with, to a file only its owner may read.
async fn the_peer_secret_is_sealed_and_never_exported(backend: Backend) {
    let app = node(backend, "owner", false).await;
    let secret = "S3CRET-of-the-peer-client";
    let (s, p) = add(
        &app,
        json!({"url": "https://register.example.se", "clientId": "c", "clientSecret": secret}),
    )
    .await;
    assert_eq!(s, 201, "{p}");
    let id = p["id"].as_str().unwrap().to_string();
    let row = registry::store::peers::row(&mut app.state.db.get().unwrap(), &id).unwrap();
    let stored = row.client_secret.clone().unwrap();
    assert!(!stored.contains(secret), "stored in the clear: {stored}");
    let opened =
        registry::keys::sealed::open_peer_secret(&mut app.state.db.get().unwrap(), &row).unwrap();
    assert_eq!(opened.as_deref(), Some(secret));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backup.json");
    std::fs::write(&path, "old").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let settings = app.settings.clone();
    let out = path.clone();
    tokio::task::spawn_blocking(move || {
        registry::cli::run(
            registry::cli::Command::Export {
                output: Some(out),
                json: false,
            },
            settings,
        )
    })
    .await
    .unwrap()
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the export is readable by others: {mode:o}");
    }
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains(secret), "the secret is in the export");
    assert!(
        !text.contains(&stored),
        "the sealed secret is in the export"
    );
    assert!(
        !text.contains("client_secret"),
        "a secret field in the export"
    );
    let backup: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        backup["peers"][0]["id"],
        id.as_str(),
        "the peer itself is kept"
    );
}

on_both_backends!(
    a_remote_body_is_never_echoed,
    only_the_owner_reads_a_peers_internals,
    a_cached_answer_is_never_another_callers,
    the_peer_secret_is_sealed_and_never_exported
);
