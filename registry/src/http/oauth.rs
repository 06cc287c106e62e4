//! The built-in issuer: the OAuth2 client-credentials grant (RFC 6749 §4.4) at `/oauth/token`,
//! the node's public keys at `/.well-known/jwks.json`, and its metadata (RFC 8414, and the
//! OpenID Connect discovery document for tools that look there).

use std::net::IpAddr;
use std::num::NonZeroU32;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::State;
use crate::auth::{secrets, SCOPES};
use crate::error::Error;
use crate::store;

/// Keys kept by a limiter before the ones back at a full quota are dropped.
const LIMITER_KEYS: usize = 10_000;
/// Longest client id kept as a key (longer ids are cut: no client has one).
const CLIENT_KEY_LEN: usize = 128;

/// A token request is a short form.
const TOKEN_BODY_LIMIT: usize = 16 * 1024;

/// Token requests per client id and per client address: brute force on secrets meets 429,
/// and one client behind a shared proxy uses up its own quota before the address's, so it
/// cannot lock out the other clients behind that proxy.
pub struct Limiter {
    address: DefaultKeyedRateLimiter<IpAddr>,
    client: DefaultKeyedRateLimiter<String>,
}

impl Limiter {
    /// `per_address` requests per address and minute, `per_client` per client id and minute.
    pub fn per_minute(per_address: u32, per_client: u32) -> Limiter {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        Limiter {
            address: DefaultKeyedRateLimiter::keyed(quota(per_address)),
            client: DefaultKeyedRateLimiter::keyed(quota(per_client)),
        }
    }

    /// `Err(seconds to wait)` when this client id, or else this address, has used its quota.
    /// The client's quota is checked first, so a client refused for its own rate does not
    /// use the address's.
    fn check(&self, ip: IpAddr, client: Option<&str>) -> Result<(), u64> {
        let wait = |not_until: governor::NotUntil<_>| {
            not_until
                .wait_time_from(DefaultClock::default().now())
                .as_secs()
                + 1
        };
        if let Some(id) = client {
            let key: String = id.chars().take(CLIENT_KEY_LEN).collect();
            self.client.check_key(&key).map_err(wait)?;
            if self.client.len() > LIMITER_KEYS {
                self.client.retain_recent();
            }
        }
        self.address.check_key(&ip).map_err(wait)?;
        if self.address.len() > LIMITER_KEYS {
            self.address.retain_recent();
        }
        Ok(())
    }
}

/// What a client sends (application/x-www-form-urlencoded).
#[derive(Debug, Deserialize, ToSchema, IntoParams)]
pub struct TokenRequest {
    /// Must be `client_credentials`.
    #[schema(example = "client_credentials")]
    pub grant_type: Option<String>,
    /// Space-separated; default: all the client may have (`registry.read registry.write`).
    #[schema(example = "registry.write")]
    pub scope: Option<String>,
    /// With `client_secret_post`; else in HTTP Basic.
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
}

/// A successful answer (RFC 6749 §5.1).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    #[schema(example = 600)]
    pub expires_in: u64,
    #[schema(example = "registry.read registry.write")]
    pub scope: String,
}

/// An error answer (RFC 6749 §5.2).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenError {
    #[schema(example = "invalid_client")]
    pub error: &'static str,
    pub error_description: String,
}

/// A refusal of the token endpoint, before it becomes a response.
struct Refusal(StatusCode, &'static str, String);

impl Refusal {
    fn response(self) -> HttpResponse {
        token_error(self.0, self.1, &self.2)
    }
}

fn token_error(status: StatusCode, error: &'static str, description: &str) -> HttpResponse {
    let mut r = HttpResponse::build(status);
    r.insert_header((header::CACHE_CONTROL, "no-store"));
    if status == StatusCode::UNAUTHORIZED {
        r.insert_header((header::WWW_AUTHENTICATE, "Basic realm=\"registry\""));
    }
    // Descriptions quote what the caller sent; text the service refuses is not sent back.
    let description = domain::text::scrub(description).into_owned();
    r.json(TokenError {
        error,
        error_description: description,
    })
}

/// Credentials from HTTP Basic (RFC 6749 §2.3.1: each part form-urlencoded) or the body;
/// a client must use exactly one method.
fn credentials(req: &HttpRequest, form: &TokenRequest) -> Result<(String, String), Refusal> {
    let basic = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Basic ")
                .or_else(|| v.strip_prefix("basic "))
        })
        .map(|b64| {
            let bad = || {
                Refusal(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    "the Basic credentials cannot be read".into(),
                )
            };
            let raw = STANDARD.decode(b64.trim()).map_err(|_| bad())?;
            let text = String::from_utf8(raw).map_err(|_| bad())?;
            let (id, secret) = text.split_once(':').ok_or_else(bad)?;
            let decode = |s: &str| {
                form_urlencoded::parse(format!("x={s}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default()
            };
            Ok((decode(id), decode(secret)))
        });
    match (basic, &form.client_id, &form.client_secret) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => Err(Refusal(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "use one client authentication method, not both Basic and the body".into(),
        )),
        (Some(b), _, _) => b,
        (None, Some(id), Some(secret)) => Ok((id.clone(), secret.clone())),
        (None, _, _) => Err(Refusal(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client authentication is required (HTTP Basic or client_id and client_secret)".into(),
        )),
    }
}

/// Issues an access token to a client of this node (client-credentials grant).
#[utoipa::path(post, operation_id = "oauth.token", path = "/oauth/token", tag = "auth",
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "En åtkomsttoken / An access token", body = TokenResponse),
        (status = 400, description = "Felaktig begäran (RFC 6749 §5.2) / Bad request", body = TokenError),
        (status = 401, description = "Okänd klient eller fel hemlighet / Unknown client or wrong secret", body = TokenError),
        super::responses::TooManyRequests))]
pub async fn token(
    state: State,
    limiter: web::Data<Limiter>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, Error> {
    // Read by hand, so that a body cut off or too large is answered as this endpoint answers
    // (RFC 6749 §5.2 JSON), not with the framework's plain-text 400.
    let body = match payload.to_bytes_limited(TOKEN_BODY_LIMIT).await {
        Ok(Ok(b)) => b,
        Ok(Err(_)) => {
            return Ok(token_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "the body could not be read to its end",
            ))
        }
        Err(_) => {
            return Ok(token_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                &format!("the body is larger than {TOKEN_BODY_LIMIT} bytes"),
            ))
        }
    };
    let ip = req
        .peer_addr()
        .map(|a| a.ip())
        .unwrap_or(IpAddr::from([0, 0, 0, 0]));
    let form: TokenRequest = match serde_urlencoded::from_bytes(&body) {
        Ok(f) => f,
        Err(e) => {
            return Ok(token_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                &format!("the body is not a form: {e}"),
            ))
        }
    };
    let credentials = credentials(&req, &form);
    let client = credentials.as_ref().ok().map(|(id, _)| id.as_str());
    if let Err(retry_after) = limiter.check(ip, client) {
        return Err(Error::TooManyRequests { retry_after });
    }
    match form.grant_type.as_deref() {
        Some("client_credentials") => {}
        Some(other) => {
            return Ok(token_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                &format!("grant type '{other}' is not supported; use client_credentials"),
            ))
        }
        None => {
            return Ok(token_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "grant_type is required",
            ))
        }
    }
    let scope = match form.scope.as_deref().map(str::split_whitespace) {
        None => SCOPES.join(" "),
        Some(asked) => {
            let asked: Vec<&str> = asked.collect();
            if let Some(bad) = asked.iter().find(|s| !SCOPES.contains(s)) {
                return Ok(token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_scope",
                    // Escaped: the caller's text goes back into a JSON string, whole and readable.
                    &format!(
                        "unknown scope '{}'; known: {}",
                        bad.escape_debug(),
                        SCOPES.join(" ")
                    ),
                ));
            }
            if asked.is_empty() {
                SCOPES.join(" ")
            } else {
                asked.join(" ")
            }
        }
    };
    let (id, secret) = match credentials {
        Ok(c) => c,
        Err(r) => return Ok(r.response()),
    };
    // Text the register cannot hold never reaches the store (PostgreSQL refuses NUL).
    for (field, value) in [("client_id", &id), ("client_secret", &secret)] {
        if let Some(p) = domain::text::problem(value) {
            return Ok(token_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                &format!("{field}: {p}"),
            ));
        }
    }
    // The hash is checked whether or not the client exists (against a decoy if not), so an
    // unknown id and a wrong secret take the same time and get the same answer.
    let found = state
        .db
        .run(move |c| {
            let client = store::clients::find(c, &id)?;
            let hash = client
                .as_ref()
                .map(|c| c.secret_hash.clone())
                .unwrap_or_else(|| secrets::decoy().to_string());
            let ok = secrets::verify(&secret, &hash);
            let client = client.filter(|c| ok && c.revoked_at.is_none());
            Ok(match client {
                Some(cl) => {
                    let slug = match &cl.organisation_id {
                        Some(o) => Some(store::organisations::slug_of(c, o)?),
                        None => None,
                    };
                    Some((cl.id, slug))
                }
                None => None,
            })
        })
        .await?;
    let Some((client_id, org)) = found else {
        return Ok(token_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "unknown client, wrong secret, or revoked client",
        ));
    };
    let access_token = state.auth.issue(&client_id, org, &scope)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"))
        .json(TokenResponse {
            access_token,
            token_type: "Bearer",
            expires_in: state.auth.ttl,
            scope,
        }))
}

/// The node's public signing keys (JWKS, RFC 7517).
#[utoipa::path(get, operation_id = "oauth.jwks", path = "/.well-known/jwks.json", tag = "auth",
    responses((status = 200, description = "JSON Web Key Set", body = Object)))]
pub async fn jwks(state: State) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .insert_header((header::CACHE_CONTROL, "max-age=300"))
        .json(state.auth.jwks())
}

/// Authorisation-server metadata (RFC 8414; also served as OpenID Connect discovery).
#[utoipa::path(get, operation_id = "oauth.metadata", path = "/.well-known/openid-configuration", tag = "auth",
    responses((status = 200, description = "Metadata", body = Object)))]
pub async fn metadata(state: State) -> HttpResponse {
    let base = &state.settings.public_url;
    HttpResponse::Ok()
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .json(serde_json::json!({
            "issuer": state.auth.issuer,
            "token_endpoint": format!("{base}/oauth/token"),
            "jwks_uri": format!("{base}/.well-known/jwks.json"),
            "grant_types_supported": ["client_credentials"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": SCOPES,
            "response_types_supported": ["token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["EdDSA"],
            "token_endpoint_auth_signing_alg_values_supported": ["EdDSA"],
        }))
}

#[derive(OpenApi)]
#[openapi(
    paths(token, jwks, metadata),
    components(schemas(TokenRequest, TokenResponse, TokenError))
)]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/oauth/token", web::post().to(token))
        .route("/.well-known/jwks.json", web::get().to(jwks))
        .route("/.well-known/openid-configuration", web::get().to(metadata))
        .route(
            "/.well-known/oauth-authorization-server",
            web::get().to(metadata),
        );
}
