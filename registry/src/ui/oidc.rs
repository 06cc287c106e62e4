//! Signing in through the node's OpenID provider: the authorization code flow with PKCE
//! (RFC 7636) and a nonce, by the `oauth2` crate, every request to the provider through the
//! guarded outbound client. The person acts for the organisation the provider's claim names,
//! in a session like a built-in account's.
//!
//! The flow's state (the `state` value, the PKCE verifier, the nonce, where to go after) is
//! kept in a short-lived HttpOnly cookie scoped to the callback, so that any process of the
//! node can finish a sign-in another began.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet, EndpointSet,
    ExtraTokenFields, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    StandardRevocableToken, StandardTokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};

use super::session::{self, FormErrors};
use super::{Cx, State};
use crate::error::Error;
use crate::store;

const FLOW_COOKIE: &str = "oidc_flow";
const CALLBACK: &str = "/logga-in/oidc/callback";

/// The ID token beside the access token in the provider's answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct IdToken {
    id_token: String,
}
impl ExtraTokenFields for IdToken {}

type OidcClient = oauth2::Client<
    BasicErrorResponse,
    StandardTokenResponse<IdToken, BasicTokenType>,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

#[derive(Serialize, Deserialize)]
struct Flow {
    state: String,
    verifier: String,
    nonce: String,
    next: String,
}

async fn client(state: &State) -> Result<OidcClient, String> {
    let provider = state
        .auth
        .provider()
        .ok_or("no OpenID provider is configured")?;
    let id = state
        .settings
        .auth
        .oidc_client_id
        .clone()
        .ok_or("no client id at the OpenID provider is configured")?;
    let endpoints = provider.endpoints().await.map_err(|e| e.to_string())?;
    let redirect = format!(
        "{}{CALLBACK}",
        state.settings.public_url.trim_end_matches('/')
    );
    let mut c = oauth2::Client::new(ClientId::new(id))
        .set_auth_uri(AuthUrl::new(endpoints.authorization).map_err(|e| e.to_string())?)
        .set_token_uri(TokenUrl::new(endpoints.token).map_err(|e| e.to_string())?)
        .set_redirect_uri(RedirectUrl::new(redirect).map_err(|e| e.to_string())?);
    if let Some(secret) = &state.settings.auth.oidc_client_secret {
        c = c.set_client_secret(ClientSecret::new(secret.clone()));
    }
    Ok(c)
}

/// The sign-in page again, with what went wrong.
fn failed(cx: &Cx, status: StatusCode, sv: &str, en: &str) -> HttpResponse {
    super::html(
        cx,
        status,
        session::sign_in_form(
            cx,
            "",
            None,
            true,
            &FormErrors::one("provider", cx.t(sv, en)),
        ),
    )
}

/// `/logga-in/oidc`: off to the provider.
pub async fn start(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    if !session::provider_enabled(&state) {
        return super::respond(
            &cx,
            Err(Error::NotFound {
                what: "page",
                key: req.path().to_string(),
            }),
        );
    }
    let c = match client(&state).await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "the OpenID provider cannot be reached");
            return failed(
                &cx,
                StatusCode::BAD_GATEWAY,
                "Inloggningstjänsten svarar inte just nu. Försök igen om en stund.",
                "The sign-in service does not answer just now. Please try again shortly.",
            );
        }
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let nonce = CsrfToken::new_random().secret().clone();
    let mut auth = c.authorize_url(CsrfToken::new_random);
    for s in state.settings.auth.oidc_scopes.split_whitespace() {
        auth = auth.add_scope(Scope::new(s.to_string()));
    }
    let (url, csrf) = auth
        .set_pkce_challenge(challenge)
        .add_extra_param("nonce", nonce.clone())
        .url();
    let flow = Flow {
        state: csrf.secret().clone(),
        verifier: verifier.secret().clone(),
        nonce,
        next: session::next_path(cx.param("next")),
    };
    let value = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&flow).unwrap_or_default());
    let cookie = Cookie::build(FLOW_COOKIE, value)
        .path(CALLBACK)
        .http_only(true)
        // Lax: the provider's redirect back is a top-level GET, which carries it.
        .same_site(SameSite::Lax)
        .secure(state.settings.public_url.starts_with("https://"))
        .max_age(actix_web::cookie::time::Duration::minutes(10))
        .finish();
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, url.to_string()))
        .cookie(cookie)
        .finish()
}

/// `/logga-in/oidc/callback`: the provider sends the person back with a code.
pub async fn callback(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let flow: Option<Flow> = req
        .cookie(FLOW_COOKIE)
        .and_then(|c| URL_SAFE_NO_PAD.decode(c.value()).ok())
        .and_then(|b| serde_json::from_slice(&b).ok());
    let mut gone = Cookie::build(FLOW_COOKIE, "").path(CALLBACK).finish();
    gone.make_removal();
    let with_gone = |mut r: HttpResponse| {
        let _ = r.add_cookie(&gone);
        r
    };
    let Some(flow) = flow.filter(|f| cx.param("state") == Some(f.state.as_str())) else {
        return with_gone(failed(
            &cx,
            StatusCode::BAD_REQUEST,
            "Inloggningen gick inte att slutföra (den började inte här, eller tog för lång tid). Försök igen.",
            "The sign-in could not be completed (it did not begin here, or took too long). Please try again.",
        ));
    };
    let Some(code) = cx.param("code").map(str::to_string) else {
        return with_gone(failed(
            &cx,
            StatusCode::UNAUTHORIZED,
            "Inloggningen avbröts hos inloggningstjänsten.",
            "The sign-in was cancelled at the sign-in service.",
        ));
    };
    let c = match client(&state).await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "the OpenID provider cannot be reached");
            return with_gone(failed(
                &cx,
                StatusCode::BAD_GATEWAY,
                "Inloggningstjänsten svarar inte just nu.",
                "The sign-in service does not answer just now.",
            ));
        }
    };
    let Some(http) = state.auth.provider().map(|p| p.http()) else {
        return with_gone(failed(
            &cx,
            StatusCode::NOT_FOUND,
            "Ingen inloggningstjänst.",
            "No sign-in service.",
        ));
    };
    let answer = c
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(PkceCodeVerifier::new(flow.verifier.clone()))
        .request_async(&http)
        .await;
    let id_token = match answer {
        Ok(t) => t.extra_fields().id_token.clone(),
        Err(e) => {
            // What failed, never what the provider said.
            tracing::warn!(error = %describe(&e), "exchanging the code failed");
            return with_gone(failed(
                &cx,
                StatusCode::BAD_GATEWAY,
                "Inloggningstjänsten godtog inte inloggningen.",
                "The sign-in service did not accept the sign-in.",
            ));
        }
    };
    let client_id = state
        .settings
        .auth
        .oidc_client_id
        .clone()
        .unwrap_or_default();
    let (organisation, who) = match state
        .auth
        .verify_id_token(&id_token, &client_id, &flow.nonce)
        .await
    {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!(error = %e, "an ID token was refused");
            return with_gone(failed(
                &cx,
                StatusCode::UNAUTHORIZED,
                "Inloggningstjänstens svar gick inte att lita på.",
                "The sign-in service's answer could not be trusted.",
            ));
        }
    };
    let Some(named) = organisation else {
        return with_gone(failed(
            &cx,
            StatusCode::FORBIDDEN,
            "Inloggningstjänsten angav ingen organisation för dig.",
            "The sign-in service named no organisation for you.",
        ));
    };
    let (node, secure) = (
        state.settings.node_id.clone(),
        state.settings.public_url.starts_with("https://"),
    );
    let begun = state
        .db
        .run(move |c| {
            let Some((org_id, _)) = store::organisations::find_by_name_or_number(c, &node, &named)?
            else {
                return Ok(None);
            };
            session::begin(c, org_id, who, None, secure).map(Some)
        })
        .await;
    match begun {
        Ok(Some(cookie)) => with_gone(
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, flow.next))
                .cookie(cookie)
                .finish(),
        ),
        Ok(None) => with_gone(failed(
            &cx,
            StatusCode::FORBIDDEN,
            "Din organisation finns inte i registret.",
            "Your organisation is not in the register.",
        )),
        Err(e) => with_gone(super::respond(&cx, Err(e))),
    }
}

fn describe<E: std::error::Error>(e: &oauth2::RequestTokenError<E, BasicErrorResponse>) -> String {
    match e {
        oauth2::RequestTokenError::ServerResponse(r) => format!("refused: {}", r.error()),
        oauth2::RequestTokenError::Request(_) => "the request failed".into(),
        oauth2::RequestTokenError::Parse(_, _) => "the answer could not be read".into(),
        oauth2::RequestTokenError::Other(s) => s.clone(),
    }
}
