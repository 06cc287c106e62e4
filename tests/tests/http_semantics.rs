//! HTTP semantics and hostile clients: HEAD and 405, If-Match, problems outside the API,
//! problem type pages, bounded metrics, the token rate per client, and slow clients.

use std::time::{Duration, Instant};

use integration_tests::openapi::Problem;
use integration_tests::{
    both_backends, on_both_backends, spawn_app_with, Backend, Options, TestApp,
};
use registry::settings::{AuthSettings, HttpSettings};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A raw request and its raw answer, for what reqwest would not send.
async fn raw(app: &TestApp, request: &[u8]) -> String {
    let addr = app.address.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(request).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

/// The problem of an answer, after checking its status and media type.
async fn problem(r: reqwest::Response, status: u16) -> Problem {
    assert_eq!(r.status().as_u16(), status, "{:?}", r.url().path());
    assert_eq!(
        r.headers()["content-type"],
        "application/problem+json",
        "{}",
        r.url().path()
    );
    r.json().await.unwrap()
}

/// The path part of a problem `type`, which the test server serves.
fn type_path(p: &Problem) -> String {
    let rest = p
        .problem_type
        .strip_prefix("http://registry.test")
        .unwrap_or_else(|| panic!("type under the public URL: {}", p.problem_type));
    assert!(rest.starts_with("/problems/"), "{rest}");
    rest.to_string()
}

/// Every GET path of the served document, with its parameters filled from the register.
async fn get_paths(app: &TestApp) -> Vec<String> {
    let doc: Value = app
        .anonymous()
        .request(Method::GET, "/api/v1/openapi.json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut paths = vec![
        "/api/v1/openapi.json".to_string(),
        "/.well-known/oauth-authorization-server".into(),
        "/api/docs/".into(),
    ];
    for (template, item) in doc["paths"].as_object().unwrap() {
        if item.get("get").is_none() {
            continue;
        }
        let mut path = template.replace("{resource}", "building-blocks");
        path = path.replace("{slug}", "stale-etag").replace("{v}", "1");
        if path.contains("{id}") {
            let resource = path.split('/').nth(3).unwrap().to_string();
            let resource = if resource == "{id}" {
                "building-blocks".into()
            } else {
                resource
            };
            let list: Value = app
                .anonymous()
                .request(Method::GET, &format!("/api/v1/{resource}?limit=1"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap_or(Value::Null);
            let id = list["items"][0]["id"]
                .as_str()
                .unwrap_or("finns-inte")
                .to_string();
            path = path.replace("{id}", &id);
        }
        paths.push(path);
    }
    assert!(paths.len() > 30, "{paths:?}");
    paths
}

both_backends! {
    async fn head_answers_like_get_without_a_body(app: TestApp) {
        let anon = app.anonymous();
        for path in get_paths(&app).await {
            let got = anon.request(Method::GET, &path).send().await.unwrap();
            let head = anon.request(Method::HEAD, &path).send().await.unwrap();
            assert_eq!(head.status(), got.status(), "HEAD {path}");
            let skip = ["date", "traceparent"];
            let names = |r: &reqwest::Response| {
                let mut n: Vec<String> = r
                    .headers()
                    .keys()
                    .map(|k| k.to_string())
                    .filter(|k| !skip.contains(&k.as_str()))
                    .collect();
                n.sort();
                n
            };
            assert_eq!(names(&head), names(&got), "HEAD {path}");
            for name in names(&got) {
                assert_eq!(head.headers().get(&name), got.headers().get(&name), "HEAD {path}: {name}");
            }
            assert!(head.bytes().await.unwrap().is_empty(), "HEAD {path} has a body");
        }
        // The metrics change from one request to the next; their headers do not.
        let head = anon.request(Method::HEAD, "/metrics").send().await.unwrap();
        assert_eq!(head.status(), 200);
        assert!(head.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
        assert!(head.bytes().await.unwrap().is_empty());
    }

    async fn known_paths_answer_405_with_allow(app: TestApp) {
        let doc: Value = app.anonymous().request(Method::GET, "/api/v1/openapi.json")
            .send().await.unwrap().json().await.unwrap();
        // No route takes PATCH: every documented path answers 405 naming its methods.
        for (template, item) in doc["paths"].as_object().unwrap() {
            let path = template.replace("{resource}", "building-blocks").replace("{slug}", "x")
                .replace("{id}", "x").replace("{v}", "1");
            let r = app.anonymous().request(Method::PATCH, &path).send().await.unwrap();
            let allow = r.headers().get("allow").map(|v| v.to_str().unwrap().to_string());
            let p = problem(r, 405).await;
            assert_eq!(p.instance, path);
            let mut want: Vec<String> = item.as_object().unwrap().keys().map(|m| m.to_uppercase()).collect();
            if want.contains(&"GET".to_string()) {
                want.push("HEAD".into());
            }
            // The served OpenAPI documents of registered APIs also answer CORS preflights.
            if template.contains("/versions/{v}/openapi.") {
                want.push("OPTIONS".into());
            }
            let mut got: Vec<String> = allow.unwrap_or_default().split(", ").map(str::to_string).collect();
            want.sort();
            got.sort();
            assert_eq!(got, want, "PATCH {path}");
        }
        for (method, path, allow) in [
            (Method::POST, "/api/v1/catalog", "GET, HEAD"),
            (Method::DELETE, "/healthz", "GET, HEAD"),
            (Method::GET, "/oauth/token", "POST"),
            (Method::HEAD, "/oauth/token", "POST"),
            (Method::PUT, "/metrics", "GET, HEAD"),
            (Method::POST, "/api/v1/building-blocks/facets", "GET, HEAD"),
            (Method::POST, "/api/v1/building-blocks/api-hantering", "GET, HEAD, PUT, DELETE"),
        ] {
            let r = app.anonymous().request(method.clone(), path).send().await.unwrap();
            assert_eq!(r.status(), 405, "{method} {path}");
            assert_eq!(r.headers()["allow"], allow, "{method} {path}");
            assert_eq!(r.headers()["content-type"], "application/problem+json");
        }
        // Unknown paths stay 404 with any known method; a method the service knows nothing of
        // is 405 on a served path (QUERY is a real method, just not one of this path's) and
        // 501 elsewhere.
        let r = app.anonymous().request(Method::PUT, "/api/v1/nothing").send().await.unwrap();
        problem(r, 404).await;
        let r = app.anonymous().request(Method::from_bytes(b"QUERY").unwrap(), "/api/v1/catalog")
            .send().await.unwrap();
        assert_eq!(r.headers()["allow"], "GET, HEAD");
        problem(r, 405).await;
        let r = app.anonymous().request(Method::from_bytes(b"BREW").unwrap(), "/api/v1/nothing")
            .send().await.unwrap();
        problem(r, 501).await;
    }

    async fn if_match_star_weak_and_malformed(app: TestApp) {
        let org = json!({"slug": "are-kommun", "name": "Åre kommun", "kind": "kommun", "organisationNumber": "212000-2346"});
        let r = app.http(Method::POST, "/api/v1/organisations").json(&org).send().await.unwrap();
        assert_eq!(r.status(), 201);
        let put = |if_match: Option<&str>, path: &str| {
            let mut req = app.http(Method::PUT, path).json(&org);
            if let Some(v) = if_match {
                req = req.header("if-match", v);
            }
            req.send()
        };
        let path = "/api/v1/organisations/are-kommun";
        for bad in ["", "   ", "3", "\"1", "\"1\", \"2\"", "W/1", "\"a b\""] {
            let p = problem(put(Some(bad), path).await.unwrap(), 400).await;
            assert!(p.errors.iter().any(|e| e.field == "If-Match"), "{bad:?}: {p:?}");
            assert!(p.detail.contains("If-Match"), "{bad:?}: {p:?}");
        }
        // Strong comparison: a weak tag never matches, even of the current version.
        let p = problem(put(Some("W/\"1\""), path).await.unwrap(), 412).await;
        assert!(p.detail.contains("weak"), "{p:?}");
        problem(put(Some("\"abc\""), path).await.unwrap(), 412).await;
        problem(put(Some("\"7\""), path).await.unwrap(), 412).await;
        problem(put(None, path).await.unwrap(), 428).await;
        // `*`: any current version; the entry must exist.
        let r = put(Some("*"), path).await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["etag"], "\"2\"");
        problem(put(Some("*"), "/api/v1/organisations/finns-inte").await.unwrap(), 404).await;
        let r = app.http(Method::DELETE, path).header("if-match", "\"2\"").send().await.unwrap();
        assert_eq!(r.status(), 204);
        let r = app.http(Method::DELETE, path).header("if-match", "*").send().await.unwrap();
        problem(r, 404).await;
        let r = app.http(Method::DELETE, "/api/v1/organisations/digg").header("if-match", "").send().await.unwrap();
        problem(r, 400).await;
    }

    async fn oversized_and_undecodable_requests_are_problems(app: TestApp) {
        let anon = app.anonymous();
        let long = format!("/api/v1/building-blocks?q={}", "a".repeat(9000));
        let p = problem(anon.request(Method::GET, &long).send().await.unwrap(), 414).await;
        assert!(p.instance.len() <= 256);
        let r = anon.request(Method::GET, "/healthz").header("x-big", "b".repeat(33 * 1024))
            .send().await.unwrap();
        problem(r, 431).await;
        let mut req = anon.request(Method::GET, "/healthz");
        for i in 0..9 {
            req = req.header(format!("x-{i}"), "h".repeat(4000));
        }
        problem(req.send().await.unwrap(), 431).await;
        // Just below the limits: served.
        let ok = format!("/api/v1/building-blocks?q={}", "a".repeat(7000));
        let r = anon.request(Method::GET, &ok).header("x-big", "b".repeat(30 * 1024)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        for path in ["/api/v1/building-blocks/%zz", "/api/v1/building-blocks/%FF", "/%C3", "/x%4"] {
            let answer = raw(&app, format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes()).await;
            assert!(answer.starts_with("HTTP/1.1 400"), "{path}: {answer}");
            assert!(answer.contains("application/problem+json"), "{path}: {answer}");
            assert!(answer.contains("\"field\":\"path\""), "{path}: {answer}");
        }
        // Good percent-encoding is still fine.
        let r = anon.request(Method::GET, "/api/v1/organisations/%64igg").send().await.unwrap();
        assert_eq!(r.status(), 200);
    }

    async fn problem_types_resolve(app: TestApp) {
        let anon = app.anonymous();
        let mut problems = vec![
            problem(anon.request(Method::GET, "/nothing").send().await.unwrap(), 404).await,
            problem(anon.request(Method::POST, "/healthz").send().await.unwrap(), 405).await,
            problem(anon.request(Method::GET, "/api/v1/building-blocks?limit=0").send().await.unwrap(), 400).await,
            problem(anon.request(Method::POST, "/api/v1/organisations").json(&json!({})).send().await.unwrap(), 401).await,
            problem(app.http(Method::PUT, "/api/v1/organisations/digg").json(&json!({})).send().await.unwrap(), 428).await,
            problem(app.http(Method::DELETE, "/api/v1/organisations/digg").header("if-match", "\"999\"").send().await.unwrap(), 412).await,
            problem(app.http(Method::DELETE, "/api/v1/organisations/digg").header("if-match", "W/\"1\"").send().await.unwrap(), 412).await,
            problem(anon.request(Method::GET, &format!("/{}", "x".repeat(9000))).send().await.unwrap(), 414).await,
            problem(anon.request(Method::from_bytes(b"BREW").unwrap(), "/nothing-here").send().await.unwrap(), 501).await,
            problem(anon.request(Method::GET, "/problems/finns-inte").send().await.unwrap(), 404).await,
        ];
        problems.push(problem(anon.request(Method::GET, "/healthz").header("x-big", "b".repeat(33 * 1024)).send().await.unwrap(), 431).await);
        for p in &problems {
            let path = type_path(p);
            let r = anon.request(Method::GET, &path).send().await.unwrap();
            assert_eq!(r.status(), 200, "{path}");
            assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
            let page = r.text().await.unwrap();
            assert!(page.contains(&p.status.to_string()), "{path}: {page}");
        }
        // And every type the server knows, in both languages.
        for t in registry::http::problem::PROBLEM_TYPES {
            let r = anon.request(Method::GET, &format!("/problems/{}", t.slug)).send().await.unwrap();
            assert_eq!(r.status(), 200, "{}", t.slug);
            let page = r.text().await.unwrap();
            assert!(page.contains("Vad gör jag?") && page.contains("What do I do?"), "{page}");
        }
    }

    async fn metrics_do_not_grow_with_unknown_paths(app: TestApp) {
        let anon = app.anonymous();
        let lines = || async {
            let text = anon.request(Method::GET, "/metrics").send().await.unwrap().text().await.unwrap();
            (text.lines().count(), text)
        };
        let visit = |n: u32| {
            let anon = anon.clone();
            async move {
                for i in 0..n {
                    let id = uuid::Uuid::new_v4();
                    for path in [format!("/x-{id}"), format!("/api/v1/nothing-{i}-{id}/a/b"),
                                 format!("/api/v1/building-blocks/{id}/x"), format!("/api/v1/building-blocks/{id}")] {
                        let s = anon.request(Method::GET, &path).send().await.unwrap().status();
                        assert_eq!(s, 404, "{path}");
                    }
                    let r = anon.request(Method::PATCH, &format!("/api/v1/building-blocks/{id}")).send().await.unwrap();
                    assert_eq!(r.status(), 405);
                }
            }
        };
        visit(1).await;
        // The first scrape shows up in the second.
        lines().await;
        let (before, _) = lines().await;
        visit(20).await;
        let (after, text) = lines().await;
        assert_eq!(after, before, "{text}");
        assert!(!text.contains("nothing-"), "{text}");
        assert!(text.contains("endpoint=\"UNMATCHED\""), "{text}");
        assert!(text.contains("endpoint=\"/api/v1/building-blocks/{id}\""), "{text}");
    }
}

/// One client behind a shared address uses up its own quota, not the other clients'.
async fn token_rate_is_per_client_and_per_address(backend: Backend) {
    let app = spawn_app_with(
        backend,
        Options {
            auth: AuthSettings {
                token_rate: 8,
                token_client_rate: 3,
                ..AuthSettings::default()
            },
            ..Options::default()
        },
    )
    .await;
    let token = |id: String, secret: String| {
        let anon = app.anonymous();
        async move {
            anon.request(Method::POST, "/oauth/token")
                .basic_auth(id, Some(secret))
                .form(&[("grant_type", "client_credentials")])
                .send()
                .await
                .unwrap()
        }
    };
    let a = app.create_client(Some("digg"), false);
    let b = app.create_client(Some("digg"), false);
    // The harness's operator token was the address's first request.
    for _ in 0..3 {
        let r = token(a.client_id.clone(), a.client_secret.clone()).await;
        assert_eq!(r.status(), 200);
    }
    for _ in 0..3 {
        let r = token(a.client_id.clone(), "wrong".into()).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(r.headers().contains_key("retry-after"));
        problem(r, 429).await;
    }
    // Another client behind the same address is not locked out by the first one's requests.
    for _ in 0..3 {
        let r = token(b.client_id.clone(), b.client_secret.clone()).await;
        assert_eq!(r.status(), 200);
    }
    // Guessing across ids still meets the address's limit (8 a minute, 7 used; one more may
    // have come back while the test ran).
    let mut refused = None;
    for i in 0..4 {
        let r = token(format!("made-up-{i}"), "guess".into()).await;
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            refused = Some(i);
            problem(r, 429).await;
            break;
        }
        assert_eq!(r.status(), 401);
    }
    assert!(matches!(refused, Some(1..=2)), "{refused:?}");
}

/// Connections that send their headers or bodies too slowly are answered 408 and closed,
/// while the server keeps answering everyone else.
async fn slow_clients_are_cut_off(backend: Backend) {
    let app = spawn_app_with(
        backend,
        Options {
            http: HttpSettings {
                header_timeout_secs: 2,
                body_timeout_secs: 2,
                disconnect_timeout_secs: 1,
                ..HttpSettings::default()
            },
            ..Options::default()
        },
    )
    .await;
    let addr = app.address.trim_start_matches("http://").to_string();
    let start = Instant::now();
    let mut slow = Vec::new();
    for i in 0..60 {
        let addr = addr.clone();
        slow.push(tokio::spawn(async move {
            let stream = TcpStream::connect(&addr).await.unwrap();
            let (mut rd, mut wr) = stream.into_split();
            let slow_body = i % 3 != 0;
            let head = if slow_body {
                "POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\n"
            } else {
                "POST /oauth/token HTTP/1.1\r\nHost: x\r\n"
            };
            wr.write_all(head.as_bytes()).await.unwrap();
            let trickle = tokio::spawn(async move {
                loop {
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    let bit: &[u8] = if slow_body { b"a" } else { b"X-Slow: 1\r\n" };
                    if wr.write_all(bit).await.is_err() {
                        break;
                    }
                }
            });
            let mut answer = Vec::new();
            let mut buf = [0u8; 4096];
            let closed = tokio::time::timeout(Duration::from_secs(20), async {
                loop {
                    match rd.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => answer.extend_from_slice(&buf[..n]),
                    }
                }
            })
            .await
            .is_ok();
            trickle.abort();
            (slow_body, closed, start.elapsed(), String::from_utf8_lossy(&answer).into_owned())
        }));
    }
    // Meanwhile the server answers others at once.
    let health = app.anonymous();
    for _ in 0..10 {
        let t = Instant::now();
        let r = health
            .request(Method::GET, "/healthz")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (mut answered, mut problems) = (0, 0);
    for s in slow {
        let (slow_body, closed, elapsed, answer) = s.await.unwrap();
        assert!(closed, "a slow connection stayed open");
        // 2 s to send, 1 s to go away, and slack for a loaded machine.
        assert!(elapsed < Duration::from_secs(8), "{elapsed:?}");
        assert!(
            elapsed >= Duration::from_millis(1500),
            "{elapsed:?}: {answer}"
        );
        if !answer.is_empty() {
            answered += 1;
            assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
            if slow_body {
                assert!(answer.contains("application/problem+json"), "{answer}");
                assert!(answer.contains("/problems/request-timeout"), "{answer}");
                problems += 1;
            }
        }
    }
    // A connection reset can swallow an answer already sent; most arrive.
    assert!(
        answered >= 30 && problems >= 20,
        "{answered} answers, {problems} problems"
    );
    let r = health
        .request(Method::GET, "/healthz")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

/// At its connection limit the server queues new connections and serves them once a slot is
/// free, rather than refusing them or failing the ones it has.
async fn connections_over_the_limit_wait(backend: Backend) {
    let app = spawn_app_with(
        backend,
        Options {
            http: HttpSettings {
                max_connections: 2,
                body_timeout_secs: 3,
                disconnect_timeout_secs: 1,
                ..HttpSettings::default()
            },
            ..Options::default()
        },
    )
    .await;
    let addr = app.address.trim_start_matches("http://").to_string();
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut s = TcpStream::connect(&addr).await.unwrap();
        s.write_all(b"POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
            .await
            .unwrap();
        held.push(s);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let t = Instant::now();
    let fresh = reqwest::Client::new();
    let r = fresh
        .get(format!("{}/healthz", app.address))
        .timeout(Duration::from_secs(15))
        .send()
        .await
        .expect("a connection over the limit waits and is served");
    assert_eq!(r.status(), 200);
    let waited = t.elapsed();
    assert!(
        waited >= Duration::from_secs(1),
        "served at once: {waited:?}"
    );
    assert!(waited < Duration::from_secs(10), "{waited:?}");
    drop(held);
}

on_both_backends!(
    token_rate_is_per_client_and_per_address,
    slow_clients_are_cut_off,
    connections_over_the_limit_wait,
);
