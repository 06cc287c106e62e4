//! Signing in to the web interface with an account of the built-in issuer, and the session it
//! gives: a random token in an HttpOnly, SameSite=Lax cookie (Secure when the node's public
//! URL is https), kept by the server only as a hash with a server-side expiry, and a CSRF
//! token every form of the session carries.
//!
//! A session acts for its organisation with exactly that organisation's rights: the same
//! `Principal` the API builds from a token, judged by the same permission table.

use std::net::IpAddr;
use std::num::NonZeroU32;

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use chrono::Duration;
use governor::{DefaultKeyedRateLimiter, Quota};
use maud::{html, Markup};
use serde::Deserialize;

use super::layout::shell;
use super::{html, Cx, State};
use crate::auth::accounts::{self, token_hash};
use crate::auth::{secrets, Principal};
use crate::error::{Error, Result};
use crate::store::{self, DbConnection};

pub const COOKIE: &str = "session";
/// A session ends this long after it began, whatever happens in between.
const SESSION_HOURS: i64 = 8;

/// Who is signed in, as the pages and the forms see it.
#[derive(Debug, Clone)]
pub struct Signed {
    pub principal: Principal,
    /// The email (or the provider's subject) of the person.
    pub subject: String,
    pub organisation_slug: String,
    pub csrf: String,
    token_hash: String,
}

/// Before a page: the session named by the cookie, if it is live, for `Cx::of` to find.
pub async fn load(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> std::result::Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let state = req.app_data::<State>().cloned();
    let token = req.cookie(COOKIE).map(|c| c.value().to_string());
    if let (Some(state), Some(token)) = (state, token) {
        if !req.path().starts_with("/api/") {
            let hash = token_hash(&token);
            let node = state.settings.node_id.clone();
            let found = state
                .db
                .run(move |c| {
                    store::accounts::session(c, &hash, store::entry::now())
                        .map(|s| s.map(|(row, slug)| (row, slug, node)))
                })
                .await;
            match found {
                Ok(Some((row, slug, node))) => {
                    req.extensions_mut().insert(Signed {
                        principal: accounts::principal(
                            &node,
                            (row.organisation_id, slug.clone()),
                            row.subject.clone(),
                        ),
                        subject: row.subject,
                        organisation_slug: slug,
                        csrf: row.csrf_token,
                        token_hash: row.token_hash,
                    });
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "reading a session failed"),
            }
        }
    }
    next.call(req).await
}

/// Sign-in attempts per minute, per address and per email: enough for a person who mistypes,
/// far too few to guess a password. One per server, shared by its workers.
pub struct Attempts {
    address: DefaultKeyedRateLimiter<IpAddr>,
    email: DefaultKeyedRateLimiter<String>,
}

impl Default for Attempts {
    fn default() -> Attempts {
        let quota = |n| Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        Attempts {
            address: DefaultKeyedRateLimiter::keyed(quota(20)),
            email: DefaultKeyedRateLimiter::keyed(quota(5)),
        }
    }
}

fn allowed(req: &HttpRequest, email: &str) -> bool {
    let Some(attempts) = req.app_data::<web::Data<Attempts>>() else {
        return false;
    };
    let ip = req
        .peer_addr()
        .map(|a| a.ip())
        .unwrap_or(IpAddr::from([0, 0, 0, 0]));
    attempts.address.check_key(&ip).is_ok()
        && attempts
            .email
            .check_key(&store::accounts::normalise_email(email))
            .is_ok()
}

/// Whether people can sign in through the node's OpenID provider here (one is configured,
/// with a client id for this node; the flow itself is `ui::oidc`).
pub fn provider_enabled(state: &State) -> bool {
    state.auth.provider().is_some() && state.settings.auth.oidc_client_id.is_some()
}

/// A form posted from another site is refused: the browser's `Origin` (or, without it,
/// `Referer`) must be this server's own. With SameSite cookies and per-session CSRF tokens,
/// this also covers the sign-in form, which has no session yet.
pub fn same_origin(req: &HttpRequest) -> bool {
    let host = req.connection_info().host().to_string();
    let from = req
        .headers()
        .get(header::ORIGIN)
        .or_else(|| req.headers().get(header::REFERER))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| url::Url::parse(v).ok());
    match from {
        Some(u) => {
            let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
            format!("{}{port}", u.host_str().unwrap_or_default()) == host
        }
        // A client that sends neither is no browser on another site.
        None => true,
    }
}

/// Whether the form's CSRF token is the session's.
pub fn csrf_ok(signed: &Signed, given: &str) -> bool {
    // Both are ours or an attacker's guess; the length is public. Compare without an early
    // exit so the time says nothing of how much matched.
    signed.csrf.len() == given.len()
        && signed
            .csrf
            .bytes()
            .zip(given.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// Where to go after signing in: a path on this site, never elsewhere.
pub(super) fn next_path(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".into(),
    }
}

/// Begins a session for the organisation; the cookie to set.
pub(super) fn begin(
    c: &mut DbConnection,
    organisation_id: String,
    subject: String,
    account_id: Option<String>,
    secure: bool,
) -> Result<Cookie<'static>> {
    let token = secrets::generate()?;
    let now = store::entry::now();
    store::accounts::insert_session(
        c,
        &store::accounts::SessionRow {
            token_hash: token_hash(&token),
            subject,
            organisation_id,
            account_id,
            csrf_token: secrets::generate()?,
            created_at: now,
            expires_at: now + Duration::hours(SESSION_HOURS),
        },
    )?;
    Ok(Cookie::build(COOKIE, token)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(actix_web::cookie::time::Duration::hours(SESSION_HOURS))
        .finish())
}

fn secure(state: &State) -> bool {
    state.settings.public_url.starts_with("https://")
}

fn see_other(to: &str) -> actix_web::HttpResponseBuilder {
    let mut r = HttpResponse::SeeOther();
    r.insert_header((header::LOCATION, to.to_string()));
    r
}

/// A field's error beside it, and the list of all of them at the top (the GOV.UK error
/// summary: announced, and each entry a link to its field).
pub struct FormErrors(pub Vec<(String, String)>);

/// A form posted from another site, in words.
const ELSEWHERE: (&str, &str) = (
    "Formuläret kom från en annan webbplats.",
    "The form came from another site.",
);

impl FormErrors {
    pub fn one(field: &str, message: &str) -> FormErrors {
        FormErrors(vec![(field.into(), message.into())])
    }

    pub fn of(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    /// The page's title: "Error:" before it when the form was refused, so a screen reader
    /// hears it first.
    pub fn title(&self, cx: &Cx, title: &str) -> String {
        if self.0.is_empty() {
            title.to_string()
        } else {
            format!("{} {title}", cx.t("Fel:", "Error:"))
        }
    }

    pub fn summary(&self, cx: &Cx) -> Markup {
        html! {
            @if !self.0.is_empty() {
                div.error-summary role="alert" tabindex="-1" aria-labelledby="error-summary-title" {
                    h2 #error-summary-title { (cx.t("Det finns problem", "There is a problem")) }
                    ul { @for (f, m) in &self.0 {
                        li { @if f.is_empty() { (m) } @else { a href={ "#" (f) } { (m) } } }
                    } }
                }
            }
        }
    }

    /// A labelled input with its error.
    pub fn input(&self, id: &str, label: &str, kind: &str, value: &str, extra: Markup) -> Markup {
        let error = self.of(id);
        let described = error.map(|_| format!("{id}-error"));
        html! {
            div.field.field-error[error.is_some()] {
                label for=(id) { (label) }
                @if let Some(e) = error { p.error-message id={ (id) "-error" } { (e) } }
                input #(id) name=(id) type=(kind) value=(value) aria-describedby=[described]
                    aria-invalid=[error.map(|_| "true")];
                (extra)
            }
        }
    }
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
}

pub async fn sign_in_page(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let next = cx.param("next").map(str::to_string);
    let provider = provider_enabled(&state);
    html(
        &cx,
        StatusCode::OK,
        sign_in_form(&cx, "", next.as_deref(), provider, &FormErrors(vec![])),
    )
}

pub(super) fn sign_in_form(
    cx: &Cx,
    email: &str,
    next: Option<&str>,
    provider: bool,
    errors: &FormErrors,
) -> Markup {
    let title = cx.t("Logga in", "Sign in");
    shell(
        cx,
        title,
        html! {
            (errors.summary(cx))
            h1 { (title) }
            @if let Some(who) = &cx.who {
                p { (cx.t("Du är inloggad som", "You are signed in as")) " " (who.subject) " (" (who.organisation_slug) ")." }
            }
            @if provider {
                p #provider {
                    a.button href=(super::href("/logga-in/oidc", &[("next".into(), next.unwrap_or("/").into())])) {
                        (cx.t("Logga in med din organisations inloggning", "Sign in with your organisation's sign-in"))
                    }
                }
                h2 { (cx.t("Eller med ett konto i registret", "Or with an account of the register")) }
            }
            p.lede { (cx.t("Med ett konto som registrets förvaltare har skapat åt dig. Du gör det som din organisation får göra.",
                           "With an account the register's operator created for you. You can do what your organisation may do.")) }
            form.stack method="post" action="/logga-in" novalidate {
                (errors.input("email", cx.t("E-postadress", "Email address"), "email", email, html! {}))
                (errors.input("password", cx.t("Lösenord", "Password"), "password", "", html! {}))
                @if let Some(n) = next { input type="hidden" name="next" value=(n); }
                button.primary type="submit" { (title) }
            }
            p.muted { (cx.t("Inget konto? Be registrets förvaltare skapa ett med kommandot registry users create.",
                            "No account? Ask the register's operator to create one with the command registry users create.")) }
        },
    )
}

pub async fn sign_in(state: State, req: HttpRequest, form: web::Form<SignInForm>) -> HttpResponse {
    let cx = Cx::of(&req);
    let form = form.into_inner();
    let provider = provider_enabled(&state);
    let refuse = |status, field: &str, msg: &str| {
        html(
            &cx,
            status,
            sign_in_form(
                &cx,
                &form.email,
                form.next.as_deref(),
                provider,
                &FormErrors::one(field, msg),
            ),
        )
    };
    if !same_origin(&req) {
        return refuse(
            StatusCode::FORBIDDEN,
            "email",
            cx.t(ELSEWHERE.0, ELSEWHERE.1),
        );
    }
    if form.email.trim().is_empty() {
        return refuse(
            StatusCode::BAD_REQUEST,
            "email",
            cx.t("Ange din e-postadress.", "Enter your email address."),
        );
    }
    if form.password.is_empty() {
        return refuse(
            StatusCode::BAD_REQUEST,
            "password",
            cx.t("Ange ditt lösenord.", "Enter your password."),
        );
    }
    if !allowed(&req, &form.email) {
        return refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "email",
            cx.t(
                "För många försök. Vänta en minut och försök igen.",
                "Too many attempts. Wait a minute and try again.",
            ),
        );
    }
    let (email, password, secure) = (form.email.clone(), form.password.clone(), secure(&state));
    let signed = state
        .db
        .run(move |c| {
            let Some(account) = accounts::sign_in(c, &email, &password)? else {
                return Ok(None);
            };
            begin(
                c,
                account.organisation_id,
                account.email,
                Some(account.id),
                secure,
            )
            .map(Some)
        })
        .await;
    match signed {
        Ok(Some(cookie)) => see_other(&next_path(form.next.as_deref()))
            .cookie(cookie)
            .finish(),
        Ok(None) => refuse(
            StatusCode::UNAUTHORIZED,
            "email",
            cx.t(
                "Fel e-postadress eller lösenord.",
                "Wrong email address or password.",
            ),
        ),
        Err(e) => super::respond(&cx, Err(e)),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn sign_out(state: State, req: HttpRequest, form: web::Form<CsrfForm>) -> HttpResponse {
    let cx = Cx::of(&req);
    let Some(who) = cx.who.clone() else {
        return see_other("/").finish();
    };
    if !csrf_ok(&who, &form.csrf) || !same_origin(&req) {
        return super::respond(&cx, Err(forged()));
    }
    let hash = who.token_hash.clone();
    if let Err(e) = state
        .db
        .run(move |c| store::accounts::end_session(c, &hash))
        .await
    {
        return super::respond(&cx, Err(e));
    }
    let mut gone = Cookie::build(COOKIE, "").path("/").finish();
    gone.make_removal();
    see_other("/").cookie(gone).finish()
}

/// A form without its session's token, or posted from elsewhere.
pub fn forged() -> Error {
    Error::Forbidden {
        detail: "the form is not from this session; reload the page and send it again".into(),
        roles: vec![],
    }
}

#[derive(Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    repeat: String,
}

pub async fn setup_page(req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let token = cx.param("token").unwrap_or_default().to_string();
    html(
        &cx,
        StatusCode::OK,
        setup_form(&cx, &token, &FormErrors(vec![])),
    )
}

fn setup_form(cx: &Cx, token: &str, errors: &FormErrors) -> Markup {
    let title = cx.t("Välj lösenord", "Choose a password");
    shell(
        cx,
        title,
        html! {
            (errors.summary(cx))
            h1 { (title) }
            p.lede { (cx.t("Länken fungerar en gång. Välj ett lösenord med minst 12 tecken; en mening du minns är bra.",
                           "The link works once. Choose a password of at least 12 characters; a sentence you remember is good.")) }
            form.stack method="post" action="/konto/losenord" novalidate {
                input type="hidden" name="token" value=(token);
                (errors.input("password", cx.t("Nytt lösenord", "New password"), "password", "", html! {}))
                (errors.input("repeat", cx.t("Samma lösenord igen", "The same password again"), "password", "", html! {}))
                button.primary type="submit" { (cx.t("Spara och logga in", "Save and sign in")) }
            }
        },
    )
}

pub async fn setup(state: State, req: HttpRequest, form: web::Form<SetupForm>) -> HttpResponse {
    let cx = Cx::of(&req);
    let form = form.into_inner();
    let refuse = |status, field: &str, msg: &str| {
        html(
            &cx,
            status,
            setup_form(&cx, &form.token, &FormErrors::one(field, msg)),
        )
    };
    if !same_origin(&req) {
        return refuse(
            StatusCode::FORBIDDEN,
            "password",
            cx.t(ELSEWHERE.0, ELSEWHERE.1),
        );
    }
    if let Some((sv, en)) = accounts::password_problem(&form.password, &form.repeat) {
        return refuse(StatusCode::BAD_REQUEST, "password", cx.t(sv, en));
    }
    let (token, password, secure) = (form.token.clone(), form.password.clone(), secure(&state));
    let done = state
        .db
        .run(move |c| {
            let account = accounts::complete_setup(c, &token, &password)?;
            begin(
                c,
                account.organisation_id,
                account.email,
                Some(account.id),
                secure,
            )
        })
        .await;
    match done {
        Ok(cookie) => see_other("/").cookie(cookie).finish(),
        Err(Error::Validation(_)) => refuse(
            StatusCode::BAD_REQUEST,
            "password",
            cx.t(
                "Länken är okänd, använd eller för gammal. Be om en ny.",
                "The link is unknown, used or too old. Ask for a new one.",
            ),
        ),
        Err(e) => super::respond(&cx, Err(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_signing_in_only_this_site() {
        assert_eq!(
            next_path(Some("/byggblock/x?lang=en")),
            "/byggblock/x?lang=en"
        );
        assert_eq!(next_path(Some("//evil.example/")), "/");
        assert_eq!(next_path(Some("https://evil.example/")), "/");
        assert_eq!(next_path(Some("/\\evil.example")), "/");
        assert_eq!(next_path(None), "/");
    }
}
