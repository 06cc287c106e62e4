//! The web interface: server-rendered pages for the register's people, on the same store and
//! the same permission rules as the REST API. Every page works without JavaScript; Swedish
//! first, English by a switch that keeps the page (see [`lang`]).
//!
//! One module per page family; each reads the store through [`AppState::db`] and renders with
//! the shared parts of [`layout`]. The web layer (`http`) knows this module only to answer a
//! browser's unknown path with a page instead of a problem.

pub mod api_forms;
pub mod assets;
pub mod blocks;
pub mod catalogue;
pub mod changes;
pub mod documents;
pub mod federation;
pub mod forms;
pub mod governance;
pub mod graph;
pub mod home;
pub mod lang;
pub mod layout;
pub mod oidc;
pub mod organisations;
pub mod plans;
pub mod register;
pub mod services;
pub mod session;
pub mod svg;
pub mod table;

use actix_web::http::{header, Method, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use maud::Markup;

use crate::app::AppState;
use crate::error::Error;
pub use lang::Lang;

pub type State = web::Data<AppState>;

/// What a page handler gives: the page's markup, or the error to show as a page.
pub type PageResult = Result<Markup, Error>;

/// The pages, declared once: `ROUTES` (each template with its methods, for `Allow` on a 405)
/// and `configure` (the router) are made from the same list, in its order.
macro_rules! pages {
    ($($path:literal: $($method:ident => $handler:path),+;)*) => {
        pub const ROUTES: &[(&str, &[Method])] = &[$(($path, &[$(pages!(@method $method)),+])),*];

        pub fn configure(cfg: &mut web::ServiceConfig) {
            $($(cfg.route($path, web::$method().to($handler));)+)*
        }
    };
    (@method get) => { Method::GET };
    (@method post) => { Method::POST };
}

pages! {
    "/": get => home::page;
    "/sok": get => home::search;
    "/byggblock": get => blocks::list;
    "/byggblock/{slug}": get => blocks::page;
    "/byggblock/{slug}/fasbeslut": post => blocks::decide;
    "/byggblock/{slug}/redigera": get => forms::show::<blocks::Edit>, post => forms::submit::<blocks::Edit>;
    "/logga-in": get => session::sign_in_page, post => session::sign_in;
    "/logga-in/oidc": get => oidc::start;
    "/logga-in/oidc/callback": get => oidc::callback;
    "/logga-ut": post => session::sign_out;
    "/konto/losenord": get => session::setup_page, post => session::setup;
    "/planer": get => plans::list;
    "/planer/{slug}": get => plans::page;
    "/milstolpar/{id}": get => forms::show::<plans::Change>, post => forms::submit::<plans::Change>;
    "/styrdokument": get => documents::list;
    "/styrdokument/{id}": get => documents::page;
    "/styrdokument/{id}/beslut": get => forms::show::<documents::Decide>, post => forms::submit::<documents::Decide>;
    "/organisationer": get => organisations::list;
    // Before `{slug}`, which would take "ny" for a slug.
    "/organisationer/ny": get => forms::show::<organisations::New>, post => forms::submit::<organisations::New>;
    "/organisationer/{slug}": get => organisations::page;
    "/organisationer/{slug}/roller/ny": get => forms::show::<organisations::Appoint>, post => forms::submit::<organisations::Appoint>;
    "/kompetensomraden": get => register::competence_areas;
    "/grunddatadomaner": get => register::base_data_domains;
    "/ideer": get => register::ideas;
    "/ideer/{id}": get => register::idea;
    "/ideer/{id}/anta": get => forms::show::<register::Accept>, post => forms::submit::<register::Accept>;
    "/finansiering": get => register::funding;
    "/forum": get => governance::forums_page;
    "/beslut": get => governance::decisions_page;
    "/tjanster": get => services::list;
    "/tjanster/{slug}": get => services::page;
    "/beroenden": get => graph::dependencies;
    "/faser": get => graph::phases;
    "/api-katalog": get => catalogue::list;
    // Before `{id}`, which would take "ny" for an id.
    "/api-katalog/ny": get => forms::show::<api_forms::New>, post => forms::submit::<api_forms::New>;
    "/api-katalog/{id}": get => catalogue::page;
    "/api-katalog/{id}/redigera": get => forms::show::<api_forms::Edit>, post => forms::submit::<api_forms::Edit>;
    "/api-katalog/{id}/dokument": get => api_forms::document_form_page, post => api_forms::add_document;
    "/api-katalog/{id}/versioner/{version}": get => catalogue::version_page;
    "/andringar": get => changes::list;
    "/andringar/{entity}/{id}": get => changes::history;
    "/federation": get => federation::page;
    "/assets/{name}": get => assets::serve;
    "/api": get => to_api_docs;
    "/api/docs": get => to_api_docs;
}

/// `/api` and `/api/docs` (no slash) lead to the Swagger UI.
async fn to_api_docs() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header((header::LOCATION, "/api/docs/"))
        .finish()
}

/// What a page needs to know about its request: the language and where it is.
pub struct Cx {
    pub lang: Lang,
    /// Who is signed in, if anyone (see [`session`]).
    pub who: Option<session::Signed>,
    remember: bool,
    path: String,
    /// The query's pairs other than `lang`, in their order.
    query: Vec<(String, String)>,
}

impl Cx {
    pub fn of(req: &HttpRequest) -> Cx {
        let (lang, remember) = Lang::of(req);
        let query = form_urlencoded::parse(req.query_string().as_bytes())
            .filter(|(k, _)| k != "lang")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        use actix_web::HttpMessage;
        Cx {
            lang,
            who: req.extensions().get::<session::Signed>().cloned(),
            remember,
            path: req.path().to_string(),
            query,
        }
    }

    /// The text in the page's language.
    pub fn t<'a>(&self, sv: &'a str, en: &'a str) -> &'a str {
        self.lang.t(sv, en)
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// A query parameter of the page (`lang` aside), if given and not empty.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// This page in the other language.
    pub fn switch_href(&self) -> String {
        let mut pairs = self.query.clone();
        pairs.push(("lang".into(), self.lang.other().code().into()));
        href(&self.path, &pairs)
    }

    /// This page with the parameters `set` (a `None` removes one), e.g. the next page of a list.
    pub fn with(&self, set: &[(&str, Option<&str>)]) -> String {
        let mut pairs: Vec<(String, String)> = self
            .query
            .iter()
            .filter(|(k, _)| !set.iter().any(|(s, _)| s == k))
            .cloned()
            .collect();
        pairs.extend(
            set.iter()
                .filter_map(|(k, v)| v.map(|v| (k.to_string(), v.to_string()))),
        );
        href(&self.path, &pairs)
    }
}

/// Whether the person signed in may take `action` on the entry `key` (`stored` gives its
/// subject), by the same permission table as the API: pages offer only the forms that would be
/// accepted (each form still decides on its own when it is sent).
pub async fn may(
    state: &State,
    cx: &Cx,
    action: domain::permissions::Action,
    key: crate::store::Key,
    stored: crate::commands::Stored,
) -> bool {
    let Some(who) = cx.who.clone() else {
        return false;
    };
    state
        .db
        .run(move |c| {
            let subject = stored(c, &key)?;
            Ok(crate::auth::authorize(c, &who.principal, action, &subject).is_ok())
        })
        .await
        .unwrap_or(false)
}

/// Whether the person signed in may take `action` on the register as a whole.
pub async fn may_register(state: &State, cx: &Cx, action: domain::permissions::Action) -> bool {
    let key = crate::store::Key::parse("register");
    may(
        state,
        cx,
        action,
        key,
        crate::store::authz::stored::register,
    )
    .await
}

/// Reads the store with a filter made of the page's query: the filter's error (a 400 page
/// naming the parameter) without asking the store, else what `f` reads with it.
pub async fn with_filter<F, T>(
    state: &State,
    filter: Result<F, Error>,
    f: impl FnOnce(&mut crate::store::Session, F) -> Result<T, Error> + Send + 'static,
) -> Result<T, Error>
where
    F: Send + 'static,
    T: Send + 'static,
{
    let filter = filter?;
    state.db.run(move |c| f(c, filter)).await
}

/// The page of a list the query asks for (`offset`), of `limit` entries.
pub fn page_of(cx: &Cx, limit: i64) -> crate::store::PageRequest {
    crate::store::PageRequest {
        limit,
        offset: layout::offset(cx),
        after: None,
    }
}

/// A path with its query, encoded.
pub fn href(path: &str, pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return path.to_string();
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    format!("{path}?{query}")
}

/// The page's `year` parameter: none, or a year the register takes (`YEARS`; else a 400 naming
/// it).
pub fn year_param(cx: &Cx) -> Result<Option<i32>, Error> {
    match cx.param("year").filter(|y| !y.is_empty()) {
        None => Ok(None),
        Some(y) => y
            .parse::<i32>()
            .ok()
            .filter(|y| domain::validate::YEARS.contains(y))
            .map(Some)
            .ok_or_else(|| {
                Error::field(
                    "year",
                    format!("must be a year between {}", domain::validate::years()),
                )
            }),
    }
}

/// The answer to a page request: the page, or its error as a page, with the headers every
/// page carries.
pub fn respond(cx: &Cx, page: PageResult) -> HttpResponse {
    let (status, body) = match page {
        Ok(markup) => (StatusCode::OK, markup),
        Err(e) => {
            let status = actix_web::ResponseError::status_code(&e);
            if status.is_server_error() {
                tracing::error!(error = ?e, path = %cx.path, "page failed");
            }
            (status, layout::error_page(cx, status, &e))
        }
    };
    html(cx, status, body)
}

/// An HTML answer with the page headers: language, no caching by shared caches (pages follow
/// the register and the reader's language), and a content security policy that allows only
/// this origin's own styles and no scripts.
pub fn html(cx: &Cx, status: StatusCode, body: Markup) -> HttpResponse {
    html_with_csp(
        cx,
        status,
        body,
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
         frame-ancestors 'none'; base-uri 'none'",
    )
}

/// [`html`] with another content security policy: for the one page that runs a script of
/// this origin (the API catalogue's Swagger UI view).
pub fn html_with_csp(cx: &Cx, status: StatusCode, body: Markup, csp: &str) -> HttpResponse {
    let mut resp = HttpResponse::build(status);
    resp.content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_LANGUAGE, cx.lang.code()))
        .insert_header((header::VARY, "Accept-Language, Cookie"))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((header::CONTENT_SECURITY_POLICY, csp))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "same-origin"));
    if cx.remember {
        resp.cookie(cx.lang.cookie());
    }
    resp.body(body.into_string())
}

/// Whether an unknown path should get a page rather than a problem: a browser asking for
/// HTML, outside the API's own paths.
pub fn wants_page(req: &HttpRequest) -> bool {
    let path = req.path();
    let api = ["/api/v1", "/oauth", "/.well-known", "/metrics", "/problems"]
        .iter()
        .any(|p| path.starts_with(p));
    let html = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    !api && html && matches!(*req.method(), Method::GET | Method::HEAD)
}

/// The page for a path nothing serves.
pub fn not_found(req: &HttpRequest) -> HttpResponse {
    let cx = Cx::of(req);
    let e = Error::NotFound {
        what: "page",
        key: req.path().to_string(),
    };
    respond(&cx, Err(e))
}
