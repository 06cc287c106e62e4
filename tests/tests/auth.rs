//! Authentication: the built-in issuer, and every way a token can be wrong. Each attack in
//! the issue is a test; each refusal is checked to have written nothing.

use std::time::Instant;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use integration_tests::{both_backends, spawn_app_with, Backend, Options, TestApp};
use registry::auth::Claims;
use registry::settings::AuthSettings;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn org_body(slug: &str) -> Value {
    json!({"slug": slug, "name": slug, "kind": "kommun"})
}

async fn audit_total(app: &TestApp) -> i64 {
    app.client
        .audit(&[("limit", "1")])
        .await
        .unwrap()
        .total_count
}

/// A write with this Authorization header value (or none).
async fn write_with(app: &TestApp, authorization: Option<&str>) -> reqwest::Response {
    let mut req = app
        .anonymous()
        .request(Method::POST, "/api/v1/organisations")
        .json(&org_body(&format!("o-{}", uuid::Uuid::new_v4().simple())));
    if let Some(a) = authorization {
        req = req.header("Authorization", a);
    }
    req.send().await.unwrap()
}

/// Asserts a 401 problem with a Bearer challenge naming `invalid_token`, and nothing written.
async fn assert_refused(app: &TestApp, authorization: Option<&str>, reason: &str) {
    let before = audit_total(app).await;
    let r = write_with(app, authorization).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{reason}");
    let challenge = r.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(challenge.starts_with("Bearer "), "{challenge}");
    assert!(challenge.contains("error=\"invalid_token\""), "{challenge}");
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["status"], 401);
    assert!(
        p["detail"].as_str().unwrap().contains(reason),
        "expected '{reason}' in {p}"
    );
    assert_eq!(audit_total(app).await, before, "nothing is written");
}

/// Valid claims for the operator's client, to be spoiled one way at a time.
fn claims(app: &TestApp) -> Claims {
    let now = jsonwebtoken::get_current_timestamp();
    let client_id = app_client_id(app);
    Claims {
        iss: app.settings.public_url.clone(),
        sub: client_id.clone(),
        aud: app.settings.audience().to_string(),
        exp: now + 300,
        nbf: now,
        iat: now,
        jti: uuid::Uuid::new_v4().to_string(),
        scope: "registry.read registry.write".into(),
        client_id,
        org: None,
    }
}

fn app_client_id(app: &TestApp) -> String {
    let payload = app.token.split('.').nth(1).unwrap();
    let v: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    v["client_id"].as_str().unwrap().to_string()
}

/// The node's own keys, as stored: tokens signed with them are what an attacker cannot make,
/// so signing spoiled claims with them shows that the claims checks hold on their own.
fn node_keys(app: &TestApp) -> registry::keys::node::NodeKeys {
    let mut conn = app.state.db.get().unwrap();
    let rows = registry::store::keys::active(&mut conn).unwrap();
    registry::keys::node::NodeKeys::from_rows(&rows).unwrap()
}

fn kid(token: &str) -> String {
    jsonwebtoken::decode_header(token).unwrap().kid.unwrap()
}

fn b64(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
}

async fn token_request(
    app: &TestApp,
    form: &[(&str, &str)],
    basic: Option<(&str, &str)>,
) -> reqwest::Response {
    let mut req = app
        .anonymous()
        .request(Method::POST, "/oauth/token")
        .form(form);
    if let Some((id, secret)) = basic {
        req = req.basic_auth(id, Some(secret));
    }
    req.send().await.unwrap()
}

both_backends! {
    async fn reads_are_public_and_writes_need_a_token(app: TestApp) {
        let r = app.anonymous().request(Method::GET, "/api/v1/organisations/digg").send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_refused(&app, None, "bearer token is required").await;
        assert_refused(&app, Some("Basic dXNlcjpwYXNz"), "not 'Bearer <token>'").await;
        assert_refused(&app, Some("Bearer"), "not 'Bearer <token>'").await;
        assert_refused(&app, Some("Bearer not.a.jwt"), "not a JWT").await;
        // With a token the same write works.
        let r = write_with(&app, Some(&format!("Bearer {}", app.token))).await;
        assert_eq!(r.status(), 201);
    }

    async fn an_organisation_client_writes_and_the_change_log_names_it(app: TestApp) {
        let c = app.create_client(Some("digg"), false);
        let digg = app.client.organisations().get("digg").await.unwrap();
        let client = app.anonymous().with_client_credentials(&c.client_id, &c.client_secret);
        let created = client
            .organisations()
            .create(&serde_json::from_value(json!({"slug": "ny-kommun", "name": "Ny kommun", "kind": "kommun"})).unwrap())
            .await
            .unwrap();
        let history = app.client.organisations().history("ny-kommun", &[]).await.unwrap();
        let change = &history.items[0];
        assert_eq!(change.actor, "digg");
        assert_eq!(change.actor_organisation.as_deref(), Some(digg.meta.id.to_string().as_str()));
        assert_eq!(change.actor_client.as_deref(), Some(c.client_id.as_str()));
        assert_eq!(created.meta.version, 1);
        // The audit trail can be filtered by the acting organisation.
        let by_digg = app
            .client
            .audit(&[("actorOrganisation", &digg.meta.id.to_string())])
            .await
            .unwrap();
        assert_eq!(by_digg.total_count, 1);
    }

    async fn alg_none_is_refused(app: TestApp) {
        let header = json!({"alg": "none", "typ": "JWT", "kid": kid(&app.token)});
        let token = format!("{}.{}.", b64(&header), b64(&serde_json::to_value(claims(&app)).unwrap()));
        assert_refused(&app, Some(&format!("Bearer {token}")), "not a JWT").await;
    }

    async fn hs256_signed_with_the_public_key_is_refused(app: TestApp) {
        // The classic confusion: the public key, which anyone can fetch, used as an HMAC secret.
        let jwks: Value = app.anonymous().request(Method::GET, "/.well-known/jwks.json")
            .send().await.unwrap().json().await.unwrap();
        let x = jwks["keys"][0]["x"].as_str().unwrap();
        for secret in [x.as_bytes().to_vec(), URL_SAFE_NO_PAD.decode(x).unwrap()] {
            let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
            header.kid = Some(kid(&app.token));
            let token = jsonwebtoken::encode(&header, &claims(&app),
                &jsonwebtoken::EncodingKey::from_secret(&secret)).unwrap();
            assert_refused(&app, Some(&format!("Bearer {token}")), "algorithm is not accepted").await;
        }
    }

    async fn spoiled_claims_are_refused_even_when_signed_by_the_node(app: TestApp) {
        let keys = node_keys(&app);
        let now = jsonwebtoken::get_current_timestamp();
        let cases: Vec<(Claims, &str)> = vec![
            (Claims { iss: "https://evil.example".into(), ..claims(&app) }, "issuer this node does not trust"),
            (Claims { aud: "https://other.example".into(), ..claims(&app) }, "another audience"),
            (Claims { exp: now - 3600, nbf: now - 7200, iat: now - 7200, ..claims(&app) }, "expired"),
            (Claims { nbf: now + 3600, ..claims(&app) }, "not valid yet"),
        ];
        for (c, reason) in cases {
            let token = keys.sign(&c).unwrap();
            assert_refused(&app, Some(&format!("Bearer {token}")), reason).await;
        }
        // The unspoiled claims, signed the same way, are accepted: the refusals above are
        // about the claims, not the signing.
        let token = keys.sign(&claims(&app)).unwrap();
        assert_eq!(write_with(&app, Some(&format!("Bearer {token}"))).await.status(), 201);
    }

    async fn a_key_the_node_does_not_have_is_refused(app: TestApp) {
        let row = registry::keys::node::generate().unwrap();
        let stranger = registry::keys::node::NodeKeys::from_rows(&[row]).unwrap();
        let token = stranger.sign(&claims(&app)).unwrap();
        assert_refused(&app, Some(&format!("Bearer {token}")), "key this node does not have").await;
    }

    async fn a_tampered_payload_is_refused(app: TestApp) {
        // Someone else's client id put into a valid token: the signature no longer verifies.
        let other = app.create_client(Some("digg"), false);
        let mut parts: Vec<String> = app.token.split('.').map(String::from).collect();
        let mut payload: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
        payload["client_id"] = json!(other.client_id);
        parts[1] = b64(&payload);
        assert_refused(&app, Some(&format!("Bearer {}", parts.join("."))), "signature does not verify").await;
    }

    async fn a_huge_authorization_header_is_refused_cleanly(app: TestApp) {
        let long = format!("Bearer {}", "a".repeat(20 * 1024));
        assert_refused(&app, Some(&long), "too long").await;
        // Far past any header limit: refused by the server before it reaches a handler.
        let huge = format!("Bearer {}", "a".repeat(200 * 1024));
        let r = app.anonymous().request(Method::POST, "/api/v1/organisations")
            .header("Authorization", huge).json(&org_body("x")).send().await;
        if let Ok(r) = r {
            assert!(r.status().is_client_error(), "{}", r.status());
        }
        // And the node goes on serving.
        let r = app.anonymous().request(Method::GET, "/healthz").send().await.unwrap();
        assert_eq!(r.status(), 200);
    }

    async fn a_revoked_client_loses_its_token_at_once(app: TestApp) {
        let c = app.create_client(None, true);
        let client = app.anonymous().with_client_credentials(&c.client_id, &c.client_secret);
        let token = client.access_token().await.unwrap().unwrap();
        assert_eq!(write_with(&app, Some(&format!("Bearer {token}"))).await.status(), 201);
        registry::store::clients::revoke(&mut app.state.db.get().unwrap(), &c.client_id).unwrap();
        assert_refused(&app, Some(&format!("Bearer {token}")), "unknown or revoked").await;
        let r = token_request(&app, &[("grant_type", "client_credentials")], Some((&c.client_id, &c.client_secret))).await;
        assert_eq!(r.status(), 401);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"], "invalid_client");
    }

    async fn a_read_only_token_cannot_write(app: TestApp) {
        let c = app.create_client(None, true);
        let r = token_request(&app, &[("grant_type", "client_credentials"), ("scope", "registry.read")],
            Some((&c.client_id, &c.client_secret))).await;
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["scope"], "registry.read");
        let r = write_with(&app, Some(&format!("Bearer {}", body["access_token"].as_str().unwrap()))).await;
        assert_eq!(r.status(), 403);
        let challenge = r.headers()["www-authenticate"].to_str().unwrap();
        assert!(challenge.contains("insufficient_scope"), "{challenge}");
    }

    async fn the_token_endpoint_follows_rfc_6749(app: TestApp) {
        let c = app.create_client(Some("digg"), false);
        let (id, secret) = (c.client_id.as_str(), c.client_secret.as_str());
        // Basic and form-body authentication both work; the answer is not cached.
        let r = token_request(&app, &[("grant_type", "client_credentials")], Some((id, secret))).await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["cache-control"], "no-store");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["scope"], "registry.read registry.write");
        assert!(body["expires_in"].as_u64().unwrap() > 0);
        let token = body["access_token"].as_str().unwrap();
        let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(token.split('.').nth(1).unwrap()).unwrap()).unwrap();
        assert_eq!(claims["org"], "digg");
        assert_eq!(claims["iss"], app.settings.public_url);
        let r = token_request(&app, &[("grant_type", "client_credentials"), ("client_id", id), ("client_secret", secret)], None).await;
        assert_eq!(r.status(), 200);
        // Each error with its RFC 6749 §5.2 code.
        type Case<'a> = (Vec<(&'a str, &'a str)>, Option<(&'a str, &'a str)>, u16, &'a str);
        let cases: Vec<Case> = vec![
            (vec![("grant_type", "password")], Some((id, secret)), 400, "unsupported_grant_type"),
            (vec![], Some((id, secret)), 400, "invalid_request"),
            (vec![("grant_type", "client_credentials"), ("scope", "registry.admin")], Some((id, secret)), 400, "invalid_scope"),
            (vec![("grant_type", "client_credentials"), ("client_id", id)], Some((id, secret)), 400, "invalid_request"),
            (vec![("grant_type", "client_credentials")], None, 401, "invalid_client"),
        ];
        for (form, basic, status, error) in cases {
            let r = token_request(&app, &form, basic).await;
            assert_eq!(r.status().as_u16(), status, "{form:?}");
            let body: Value = r.json().await.unwrap();
            assert_eq!(body["error"], error, "{form:?}: {body}");
        }
        // The keys and metadata that let anyone verify the tokens.
        let jwks: Value = app.anonymous().request(Method::GET, "/.well-known/jwks.json").send().await.unwrap().json().await.unwrap();
        assert_eq!(jwks["keys"][0]["kid"].as_str().unwrap(), kid(token));
        assert_eq!(jwks["keys"][0]["kty"], "OKP");
        assert!(jwks["keys"][0].get("d").is_none(), "no private part");
        let meta: Value = app.anonymous().request(Method::GET, "/.well-known/openid-configuration").send().await.unwrap().json().await.unwrap();
        assert_eq!(meta["issuer"], app.settings.public_url);
        assert_eq!(meta["grant_types_supported"], json!(["client_credentials"]));
    }

    async fn a_wrong_secret_and_an_unknown_client_look_the_same(app: TestApp) {
        let c = app.create_client(Some("digg"), false);
        let wrong = (c.client_id.as_str(), "not-the-secret");
        let unknown = ("bbr-00000000000000000000000000000000", c.client_secret.as_str());
        let mut times = [vec![], vec![]];
        let mut bodies = [None, None];
        for _ in 0..7 {
            for (i, creds) in [wrong, unknown].into_iter().enumerate() {
                let start = Instant::now();
                let r = token_request(&app, &[("grant_type", "client_credentials")], Some(creds)).await;
                times[i].push(start.elapsed());
                assert_eq!(r.status(), 401);
                bodies[i] = Some(r.text().await.unwrap());
            }
        }
        assert_eq!(bodies[0], bodies[1], "the same answer for both");
        // Both check an Argon2 hash; without the decoy an unknown id answers over ten times
        // faster. The fastest of several tries is the least disturbed by a busy machine.
        let (a, b) = (*times[0].iter().min().unwrap(), *times[1].iter().min().unwrap());
        let ratio = a.as_secs_f64() / b.as_secs_f64();
        assert!((0.25..4.0).contains(&ratio), "wrong secret {a:?}, unknown client {b:?}");
    }

    async fn the_client_crate_caches_its_token(app: TestApp) {
        let c = app.create_client(Some("digg"), false);
        let client = app.anonymous().with_client_credentials(&c.client_id, &c.client_secret);
        let first = client.access_token().await.unwrap().unwrap();
        let second = client.access_token().await.unwrap().unwrap();
        assert_eq!(first, second, "a token with time left is reused");
        let wrong = app.anonymous().with_client_credentials(&c.client_id, "wrong");
        let err = wrong.organisations().create(&serde_json::from_value(org_body("x")).unwrap()).await.unwrap_err();
        assert!(err.to_string().contains("invalid_client"), "{err}");
    }
}

/// Tokens that are about to expire are renewed by the client crate before it sends them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_crate_renews_a_token_before_it_expires() {
    let app = spawn_app_with(
        Backend::Sqlite,
        Options {
            auth: AuthSettings {
                token_ttl: 5,
                token_rate: 1000,
                ..AuthSettings::default()
            },
            ..Options::default()
        },
    )
    .await;
    let c = app.create_client(Some("digg"), false);
    let client = app
        .anonymous()
        .with_client_credentials(&c.client_id, &c.client_secret);
    let first = client.access_token().await.unwrap().unwrap();
    let second = client.access_token().await.unwrap().unwrap();
    assert_ne!(
        first, second,
        "a token with less than 30 s left is not sent again"
    );
}

/// Brute force on the token endpoint meets 429 with Retry-After.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn brute_force_on_the_token_endpoint_is_rate_limited() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let app = spawn_app_with(
            backend,
            Options {
                auth: AuthSettings {
                    token_rate: 5,
                    ..AuthSettings::default()
                },
                ..Options::default()
            },
        )
        .await;
        let c = app.create_client(Some("digg"), false);
        let mut limited = None;
        for i in 0..20 {
            let secret = format!("guess-{i}");
            let r = token_request(
                &app,
                &[("grant_type", "client_credentials")],
                Some((&c.client_id, &secret)),
            )
            .await;
            if r.status() == StatusCode::TOO_MANY_REQUESTS {
                limited = Some((i, r));
                break;
            }
            assert_eq!(r.status(), 401);
        }
        let (i, r) = limited.expect("guessing is stopped");
        assert!(i <= 6, "stopped after {i} guesses");
        let wait: u64 = r.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&wait), "{wait}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        // Even the right secret waits now: the limit is on the address, not on the guess.
        let r = token_request(
            &app,
            &[("grant_type", "client_credentials")],
            Some((&c.client_id, &c.client_secret)),
        )
        .await;
        assert_eq!(r.status(), 429);
    }
}
