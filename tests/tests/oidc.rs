//! End to end with an external OpenID Connect provider: a small provider started by the test,
//! with its own discovery document and JWKS, whose signing key is rotated mid-test. The
//! registry must follow the rotation without a restart, and still take its own tokens.

use std::sync::{Arc, Mutex};

use actix_web::{web, App, HttpResponse, HttpServer};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use ed25519_dalek::SigningKey;
use integration_tests::{on_both_backends, spawn_app_with, Backend, Options, TestApp};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use registry::settings::AuthSettings;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

struct ProviderKey {
    kid: String,
    encoding: EncodingKey,
    jwk: Value,
}

impl ProviderKey {
    fn new() -> ProviderKey {
        let mut seed = [0u8; 32];
        seed[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        seed[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        let key = SigningKey::from_bytes(&seed);
        let kid = format!("k-{}", uuid::Uuid::new_v4().simple());
        ProviderKey {
            encoding: EncodingKey::from_ed_der(key.to_pkcs8_der().unwrap().as_bytes()),
            jwk: json!({"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig", "kid": kid,
                "x": URL_SAFE_NO_PAD.encode(key.verifying_key().to_bytes())}),
            kid,
        }
    }
}

/// The provider: discovery and a JWKS that the test can change.
struct Provider {
    url: String,
    published: Arc<Mutex<Vec<Value>>>,
}

impl Provider {
    async fn start(keys: &[&ProviderKey]) -> Provider {
        let published = Arc::new(Mutex::new(
            keys.iter().map(|k| k.jwk.clone()).collect::<Vec<_>>(),
        ));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let (jwks, issuer) = (published.clone(), url.clone());
        let server = HttpServer::new(move || {
            let (jwks, issuer) = (jwks.clone(), issuer.clone());
            App::new()
                .route(
                    "/.well-known/openid-configuration",
                    web::get().to(move || {
                        let issuer = issuer.clone();
                        async move {
                            HttpResponse::Ok().json(
                                json!({"issuer": issuer, "jwks_uri": format!("{issuer}/keys")}),
                            )
                        }
                    }),
                )
                .route(
                    "/keys",
                    web::get().to(move || {
                        let keys = jwks.lock().unwrap().clone();
                        async move { HttpResponse::Ok().json(json!({ "keys": keys })) }
                    }),
                )
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        tokio::spawn(server);
        Provider { url, published }
    }

    fn publish(&self, keys: &[&ProviderKey]) {
        *self.published.lock().unwrap() = keys.iter().map(|k| k.jwk.clone()).collect();
    }

    fn token(&self, key: &ProviderKey, app: &TestApp, org: &str) -> String {
        let now = jsonwebtoken::get_current_timestamp();
        self.token_with(
            key,
            json!({"iss": self.url, "aud": app.settings.audience(), "sub": "alice",
            "azp": "agency-portal", "org": org, "scope": "openid registry.write",
            "iat": now, "nbf": now, "exp": now + 300}),
        )
    }

    fn token_with(&self, key: &ProviderKey, claims: Value) -> String {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(key.kid.clone());
        jsonwebtoken::encode(&header, &claims, &key.encoding).unwrap()
    }
}

async fn spawn_with_provider(backend: Backend, provider: &Provider, refresh: u64) -> TestApp {
    spawn_app_with(
        backend,
        Options {
            auth: AuthSettings {
                oidc_issuer: Some(provider.url.clone()),
                oidc_algorithms: vec![Algorithm::EdDSA],
                jwks_refresh: refresh,
                token_rate: 100_000,
                ..AuthSettings::default()
            },
            // The test provider listens on 127.0.0.1.
            fetch_allow_private: true,
            ..Options::default()
        },
    )
    .await
}

/// Creates an organisation with this token: the status and the body.
async fn write(app: &TestApp, token: &str) -> (StatusCode, Value) {
    let slug = format!("o-{}", uuid::Uuid::new_v4().simple());
    let r = app
        .anonymous()
        .request(Method::POST, "/api/v1/organisations")
        .bearer_auth(token)
        .json(&json!({"slug": slug, "name": slug, "kind": "kommun"}))
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

async fn provider_tokens_follow_rotation(backend: Backend) {
    let (k1, k2) = (ProviderKey::new(), ProviderKey::new());
    let provider = Provider::start(&[&k1]).await;
    let app = spawn_with_provider(backend, &provider, 0).await;

    // The infrastructure owner, named by slug: allowed; the change log names person and client.
    let (s, body) = write(&app, &provider.token(&k1, &app, "digg")).await;
    assert_eq!(s, 201, "{body}");
    let history = app
        .client
        .organisations()
        .history(body["slug"].as_str().unwrap(), &[])
        .await
        .unwrap();
    assert_eq!(history.items[0].actor, "digg");
    assert_eq!(history.items[0].actor_subject.as_deref(), Some("alice"));
    assert_eq!(
        history.items[0].actor_client.as_deref(),
        Some("agency-portal")
    );

    // Bolagsverket, named by organisation number, is a block owner, not the infrastructure owner.
    let (s, body) = write(&app, &provider.token(&k1, &app, "202100-5489")).await;
    assert_eq!(s, 403, "{body}");
    assert_eq!(body["requiredRoles"], json!(["infrastrukturansvarig"]));
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .starts_with("bolagsverket may not"),
        "{body}"
    );

    // An organisation the register does not know.
    let (s, body) = write(&app, &provider.token(&k1, &app, "okand-myndighet")).await;
    assert_eq!(s, 403, "{body}");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("not in the register"),
        "{body}"
    );

    // Wrong audience, and the provider's issuer with an algorithm not configured for it.
    let now = jsonwebtoken::get_current_timestamp();
    let wrong_aud = provider.token_with(
        &k1,
        json!({"iss": provider.url, "aud": "someone-else", "org": "digg",
        "scope": "registry.write", "exp": now + 300}),
    );
    assert_eq!(write(&app, &wrong_aud).await.0, 401);
    let mut hs = Header::new(Algorithm::HS256);
    hs.kid = Some(k1.kid.clone());
    let forged = jsonwebtoken::encode(
        &hs,
        &json!({"iss": provider.url, "aud": app.settings.audience(),
        "org": "digg", "scope": "registry.write", "exp": now + 300}),
        &EncodingKey::from_secret(b"guess"),
    )
    .unwrap();
    assert_eq!(write(&app, &forged).await.0, 401);

    // The provider rotates: k2 in, k1 out. No restart.
    provider.publish(&[&k2]);
    let (s, body) = write(&app, &provider.token(&k2, &app, "digg")).await;
    assert_eq!(s, 201, "{body}");
    let (s, body) = write(&app, &provider.token(&k1, &app, "digg")).await;
    assert_eq!(s, 401, "a retired key no longer verifies: {body}");

    // The built-in issuer works beside the provider.
    let (s, _) = write(&app, &app.token).await;
    assert_eq!(s, 201);
}

async fn unknown_key_ids_do_not_make_the_registry_hammer_the_provider(backend: Backend) {
    let (k1, k2) = (ProviderKey::new(), ProviderKey::new());
    let provider = Provider::start(&[&k1]).await;
    let app = spawn_with_provider(backend, &provider, 3600).await;
    assert_eq!(write(&app, &provider.token(&k1, &app, "digg")).await.0, 201);
    provider.publish(&[&k1, &k2]);
    // Within the refresh interval the keys are not fetched again, so k2 is not known yet.
    let (s, body) = write(&app, &provider.token(&k2, &app, "digg")).await;
    assert_eq!(s, 401, "{body}");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("does not publish"),
        "{body}"
    );
}

on_both_backends!(
    provider_tokens_follow_rotation,
    unknown_key_ids_do_not_make_the_registry_hammer_the_provider
);
