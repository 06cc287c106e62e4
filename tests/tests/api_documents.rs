use integration_tests::openapi::*;
use integration_tests::{assert_problem, both_backends, spawn_app_with, Backend, Options, TestApp};
use reqwest::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SPEC: &str = r#"openapi: 3.1.0
info:
  title: Fastighetsregistret
  version: 1.0.0
  contact: {email: api@lm.se}
  license: {name: CC0}
servers: [{url: "https://api.lm.se/fastighet/v1"}]
paths:
  /api-info:
    get:
      responses:
        "200": {description: ok}
        "500":
          description: fel
          content: {application/problem+json: {}}
"#;

async fn register(app: &TestApp) -> Api {
    let input: ApiInput = serde_json::from_value(serde_json::json!({
        "title": {"sv": "Fastighetsregistret"}, "publisher": "lantmateriet",
        "endpointUrls": ["https://api.lm.se/fastighet/v1"], "status": "i-produktion",
        "accessRights": "publik"
    }))
    .unwrap();
    app.client.apis().create(&input).await.unwrap()
}

async fn upload(
    app: &TestApp,
    id: &str,
    ct: &str,
    body: impl Into<reqwest::Body>,
) -> reqwest::Response {
    app.http(Method::POST, &format!("/api/v1/apis/{id}/versions"))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn problem(resp: reqwest::Response, status: u16) -> Problem {
    assert_eq!(resp.status().as_u16(), status);
    assert_eq!(resp.headers()["content-type"], "application/problem+json");
    resp.json().await.unwrap()
}

both_backends! {
    async fn upload_version_and_serve_with_cors(app: TestApp) {
        let api = register(&app).await;
        let id = api.meta.id.to_string();
        let resp = upload(&app, &id, "application/yaml", SPEC).await;
        assert_eq!(resp.status().as_u16(), 201);
        let up: ApiDocumentUpload = resp.json().await.unwrap();
        assert!(up.created);
        assert_eq!(up.version.number, 1);
        assert_eq!(up.version.spec_version, "openapi-3.1");
        assert!(up.version.checks.iter().all(|c| c.passed), "{:?}", up.version.checks);

        // The same document as JSON is no new version.
        let as_json: serde_json::Value = yaml_value(SPEC);
        let resp = upload(&app, &id, "application/json", as_json.to_string()).await;
        assert_eq!(resp.status().as_u16(), 200);
        let same: ApiDocumentUpload = resp.json().await.unwrap();
        assert!(!same.created);
        assert_eq!(same.version.number, 1);

        let changed = SPEC.replace("version: 1.0.0", "version: 1.1.0").replace("  license: {name: CC0}\n", "");
        let up2: ApiDocumentUpload = upload(&app, &id, "text/yaml", changed).await.json().await.unwrap();
        assert_eq!(up2.version.number, 2);
        let license = up2.version.checks.iter().find(|c| c.rule == "info-license").unwrap();
        assert!(!license.passed);

        let versions: Vec<ApiDocumentVersion> = app.http(Method::GET, &format!("/api/v1/apis/{id}/versions"))
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(versions.iter().map(|v| v.number).collect::<Vec<_>>(), [2, 1]);
        let api = app.client.apis().get(&id).await.unwrap();
        assert_eq!(api.meta.version, 3);
        assert_eq!(api.document.as_ref().unwrap().number, 2);
        assert!(api.document.as_ref().unwrap().json_url.ends_with(&format!("/api/v1/apis/{id}/versions/2/openapi.json")));

        for _ in 0..2 {
            // Twice: the second answer comes from the read cache and keeps CORS open.
            let resp = app.http(Method::GET, &format!("/api/v1/apis/{id}/versions/1/openapi.json")).send().await.unwrap();
            assert_eq!(resp.status().as_u16(), 200);
            assert_eq!(resp.headers()["access-control-allow-origin"], "*");
            let doc: serde_json::Value = resp.json().await.unwrap();
            assert_eq!(doc, as_json);
        }
        let resp = app.http(Method::GET, &format!("/api/v1/apis/{id}/versions/2/openapi.yaml")).send().await.unwrap();
        assert_eq!(resp.headers()["access-control-allow-origin"], "*");
        assert_eq!(resp.headers()["content-type"], "application/yaml");
        assert!(resp.text().await.unwrap().contains("version: 1.1.0"));
        let pre = app.http(Method::OPTIONS, &format!("/api/v1/apis/{id}/versions/2/openapi.json")).send().await.unwrap();
        assert_eq!(pre.headers()["access-control-allow-origin"], "*");
        let missing = app.http(Method::GET, &format!("/api/v1/apis/{id}/versions/9/openapi.json")).send().await.unwrap();
        problem(missing, 404).await;
        let history = app.client.apis().history(&id, &[]).await.unwrap();
        assert_eq!(history.total_count, 3);
    }

    async fn invalid_documents_are_refused_with_reasons(app: TestApp) {
        let api = register(&app).await;
        let id = api.meta.id.to_string();
        let before = app.client.audit(&[]).await.unwrap().total_count;
        let p = problem(upload(&app, &id, "application/yaml", "openapi: 3.0.0\ninfo: [\n").await, 400).await;
        assert!(p.errors[0].field.starts_with("line 3"), "{p:?}");
        let p = problem(upload(&app, &id, "application/json", "{\"openapi\": \"3.0.0\",").await, 400).await;
        assert!(p.errors[0].field.starts_with("line 1"), "{p:?}");
        let p = problem(upload(&app, &id, "application/yaml", vec![0xffu8, 0xfe, 0x00]).await, 400).await;
        assert_eq!(p.errors[0].field, "body");
        let p = problem(upload(&app, &id, "application/json", r#"{"openapi": "3.0.3", "paths": {}}"#).await, 422).await;
        assert!(p.errors.iter().any(|e| e.field == "/info"), "{p:?}");
        let p = problem(upload(&app, &id, "application/json", r#"{"openapi": "2.5", "info": {"title": "x", "version": "1"}, "paths": {}}"#).await, 422).await;
        assert_eq!(p.errors[0].field, "/openapi");
        let big = format!("{{\"x\": \"{}\"}}", "a".repeat(11 * 1024 * 1024));
        problem(upload(&app, &id, "application/json", big).await, 413).await;
        problem(upload(&app, "0190c0de-0000-7000-8000-000000000000", "application/yaml", SPEC).await, 404).await;
        assert_eq!(app.client.audit(&[]).await.unwrap().total_count, before);

        // Swagger 2.0 is accepted and marked.
        let swagger = r#"{"swagger": "2.0", "info": {"title": "x", "version": "1"}, "basePath": "/v1", "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}}"#;
        let up: ApiDocumentUpload = upload(&app, &id, "application/json", swagger).await.json().await.unwrap();
        assert_eq!(up.version.spec_version, "swagger-2.0");
        let by_rule = |r: &str| up.version.checks.iter().find(|c| c.rule == r).unwrap().passed;
        assert!(by_rule("version-in-path"));
        assert!(!by_rule("api-info"));
    }

    async fn the_fetcher_refuses_local_targets_by_default(app: TestApp) {
        let server = TestServer::start().await;
        let api = register(&app).await;
        let id = api.meta.id.to_string();
        let fetch = |url: String| {
            app.http(Method::POST, &format!("/api/v1/apis/{id}/versions/fetch"))
                .json(&serde_json::json!({"url": url}))
                .send()
        };
        for (url, why) in [
            (format!("{}/spec.yaml", server.base), "loopback"),
            (format!("http://localhost:{}/spec.yaml", server.port), "loopback"),
            ("http://169.254.169.254/latest/meta-data/".to_string(), "link-local"),
            ("http://[::1]/".to_string(), "loopback"),
            ("http://10.0.0.1/".to_string(), "private"),
        ] {
            // The register does not fetch from these: the fetch fails (502) naming the field.
            let p = problem(fetch(url.clone()).await.unwrap(), 502).await;
            assert_eq!(p.errors[0].field, "url");
            assert!(p.errors[0].message.contains(why), "{url}: {p:?}");
        }
        // No specUrl registered and none given: a conflict with the API as it is.
        let resp = app.http(Method::POST, &format!("/api/v1/apis/{id}/versions/fetch"))
            .json(&serde_json::json!({})).send().await.unwrap();
        assert_eq!(problem(resp, 409).await.errors[0].field, "url");
        assert_eq!(server.hits(), 0, "nothing may reach the local server");
    }
}

/// The document as the registry normalises it (YAML read into JSON).
fn yaml_value(yaml: &str) -> serde_json::Value {
    registry::catalog::document::parse(yaml.as_bytes(), true)
        .unwrap()
        .value
}

/// A small HTTP server on 127.0.0.1 for the fetcher: `/spec.yaml`, a redirect loop, a
/// document over the size cap, and a redirect to 169.254.169.254.
struct TestServer {
    base: String,
    port: u16,
    hits: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl TestServer {
    async fn start() -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = hits.clone();
        tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                tokio::spawn(async move {
                    let mut buf = vec![0u8; 4096];
                    let n = sock.read(&mut buf).await.unwrap_or(0);
                    let head = String::from_utf8_lossy(&buf[..n]).to_string();
                    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
                    let (status, headers, body): (&str, String, Vec<u8>) = match path.as_str() {
                        "/spec.yaml" => (
                            "200 OK",
                            "Content-Type: application/yaml\r\n".into(),
                            SPEC.as_bytes().to_vec(),
                        ),
                        "/loop" => ("302 Found", "Location: /loop\r\n".into(), vec![]),
                        "/metadata" => (
                            "302 Found",
                            "Location: http://169.254.169.254/latest\r\n".into(),
                            vec![],
                        ),
                        "/big" => (
                            "200 OK",
                            "Content-Type: application/json\r\n".into(),
                            vec![b' '; 11 * 1024 * 1024],
                        ),
                        "/slow" => {
                            tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                            (
                                "200 OK",
                                "Content-Type: application/yaml\r\n".into(),
                                SPEC.as_bytes().to_vec(),
                            )
                        }
                        "/broken" => (
                            "200 OK",
                            "Content-Type: application/yaml\r\n".into(),
                            b"openapi: [".to_vec(),
                        ),
                        _ => ("404 Not Found", String::new(), vec![]),
                    };
                    let head = format!("HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n", body.len());
                    let _ = sock.write_all(head.as_bytes()).await;
                    let _ = sock.write_all(&body).await;
                    let _ = sock.shutdown().await;
                });
            }
        });
        TestServer {
            base: format!("http://127.0.0.1:{port}"),
            port,
            hits,
        }
    }

    fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::SeqCst)
    }
}

async fn fetch_from_a_local_server(backend: Backend) {
    let app = spawn_app_with(
        backend,
        Options {
            fetch_allow_private: true,
            fetch_timeout_secs: 1,
            ..Options::default()
        },
    )
    .await;
    let server = TestServer::start().await;
    let mut input: ApiInput = serde_json::from_value(serde_json::json!({
        "title": {"sv": "Hämtat"}, "publisher": "digg",
        "endpointUrls": ["https://api.digg.se/v1"], "status": "i-produktion",
        "accessRights": "publik"
    }))
    .unwrap();
    input.spec_url = Some(format!("{}/spec.yaml", server.base));
    let api = app.client.apis().create(&input).await.unwrap();
    let id = api.meta.id.to_string();
    let fetch = |body: serde_json::Value| {
        app.http(Method::POST, &format!("/api/v1/apis/{id}/versions/fetch"))
            .json(&body)
            .send()
    };
    let resp = fetch(serde_json::json!({})).await.unwrap();
    assert_eq!(resp.status().as_u16(), 201);
    let up: ApiDocumentUpload = resp.json().await.unwrap();
    assert_eq!(up.version.source, "url");
    assert_eq!(
        up.version.source_url.as_deref(),
        Some(format!("{}/spec.yaml", server.base).as_str())
    );
    // Unchanged on refetch.
    let again: ApiDocumentUpload = fetch(serde_json::json!({}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!again.created);
    for (path, field, why) in [
        ("/loop", "url", "redirect"),
        ("/big", "url", "larger than"),
        ("/broken", "line ", "YAML"),
        ("/missing", "url", "404"),
        ("/slow", "url", "timed out"),
    ] {
        let resp = fetch(serde_json::json!({"url": format!("{}{path}", server.base)}))
            .await
            .unwrap();
        // What was fetched but cannot be read is malformed (400); what could not be fetched
        // usably is the other server's failure (502).
        let p = problem(resp, if path == "/broken" { 400 } else { 502 }).await;
        assert!(p.errors[0].field.starts_with(field), "{path}: {p:?}");
        assert!(
            p.detail.contains(why) || p.errors[0].message.contains(why),
            "{path}: {p:?}"
        );
    }
    assert_problem(app.client.apis().get("x").await, 404, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_from_a_local_server_sqlite() {
    fetch_from_a_local_server(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_from_a_local_server_postgres() {
    fetch_from_a_local_server(Backend::Postgres).await
}
