//! An agency registers an API (`/api-katalog/ny`) and adds a version of its OpenAPI document,
//! pasted or fetched from a URL (`/api-katalog/{id}/dokument`): the same commands, rules and
//! validation as `POST /api/v1/apis` and `POST /api/v1/apis/{id}/versions[/fetch]`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use openapi::{AccessRights, Api, ApiInput, ApiStatus, DataTheme};
use serde_json::{json, Value};

use super::forms::{choices, see_other, sign_in_first, Call, Field, Form, Kind, Posted};
use super::session::{self, FormErrors, Signed};
use super::{respond, Cx, State};
use crate::error::{Error, Result};
use crate::store::api_documents::Source;
use crate::store::{apis, authz, DbConnection, Key};

/// An API's fields, for registering one and for editing it.
fn api_fields(cx: &Cx) -> Vec<Field> {
    vec![
        Field::new(
            "title.sv",
            cx.t("Namn (svenska)", "Name (Swedish)"),
            Kind::Text,
        ),
        Field::new(
            "title.en",
            cx.t("Namn (engelska)", "Name (English)"),
            Kind::Text,
        ),
        Field::new(
            "description.sv",
            cx.t("Beskrivning (svenska)", "Description (Swedish)"),
            Kind::Area,
        ),
        Field::new(
            "description.en",
            cx.t("Beskrivning (engelska)", "Description (English)"),
            Kind::Area,
        ),
        Field::new(
            "endpointUrls",
            cx.t("Anslutningspunkter", "Endpoints"),
            Kind::Lines,
        )
        .hint(cx.t("En URL per rad.", "One URL per line.")),
        Field::new(
            "status",
            cx.t("Status", "Status"),
            Kind::Choice(choices(cx, ApiStatus::ALL)),
        )
        // An API imported without them states neither (exported without them).
        .optional(),
        Field::new(
            "accessRights",
            cx.t("Åtkomst", "Access rights"),
            Kind::Choice(choices(cx, AccessRights::ALL)),
        )
        .optional(),
        Field::new(
            "buildingBlocks",
            cx.t(
                "Byggblock som API:et implementerar",
                "Building blocks the API implements",
            ),
            Kind::Csv,
        )
        .hint(cx.t(
            "Byggblockens kortnamn, kommaseparerade (t.ex. api-hantering).",
            "The blocks' short names, comma-separated (e.g. api-hantering).",
        )),
        Field::new(
            "themes",
            cx.t("Teman", "Themes"),
            Kind::Multi(choices(cx, DataTheme::ALL)),
        ),
        Field::new("keywords", cx.t("Nyckelord", "Keywords"), Kind::Csv)
            .hint(cx.t("Kommaseparerade.", "Comma-separated.")),
        Field::new("licence", cx.t("Licens (URL)", "Licence (URL)"), Kind::Url).optional(),
        Field::new(
            "documentationUrl",
            cx.t("Dokumentation (URL)", "Documentation (URL)"),
            Kind::Url,
        )
        .optional(),
    ]
}

/// `/api-katalog/ny`: an agency registers an API, as `POST /api/v1/apis`, with its own
/// organisation as the publisher.
pub struct New;

impl Form for New {
    type Loaded = ();
    type Input = ApiInput;

    fn load(_: &mut DbConnection, _: Option<&Key>) -> Result<()> {
        Ok(())
    }
    fn title(cx: &Cx, _: &()) -> String {
        cx.t("Registrera ett API", "Register an API").into()
    }
    fn back(cx: &Cx, _: &()) -> (String, String) {
        (
            "/api-katalog".into(),
            cx.t("API-katalog", "API catalogue").into(),
        )
    }
    fn fields(cx: &Cx, _: &()) -> Vec<Field> {
        api_fields(cx)
    }
    fn base(_: &(), who: &Signed) -> Value {
        json!({
            "title": {"sv": "", "en": ""},
            "publisher": who.organisation_slug,
            "status": ApiStatus::ALL[0],
            "accessRights": AccessRights::ALL[0],
        })
    }
    fn intro(cx: &Cx, _: &()) -> Markup {
        let who = cx
            .who
            .as_ref()
            .map(|w| w.organisation_slug.as_str())
            .unwrap_or_default();
        html! { p.lede { (cx.t("API:et registreras med din organisation som utgivare:", "The API is registered with your organisation as its publisher:")) " " (who) "." } }
    }
    fn submit(cx: &Cx) -> String {
        cx.t("Registrera API:et", "Register the API").into()
    }
    fn run(c: &mut DbConnection, at: Call<'_>, api: ApiInput) -> Result<String> {
        let Call { who, ctx, .. } = at;
        let proposed = authz::proposed::api(c, &api)?;
        let resource = domain::permissions::Resource::Api;
        let api = crate::commands::create::<apis::Row>(c, who, ctx, resource, proposed, api)?;
        Ok(format!("/api-katalog/{}", api.meta.id))
    }
}

/// `/api-katalog/{id}/redigera`: the publisher edits its API, as `PUT /api/v1/apis/{id}` with
/// the version it opened.
pub struct Edit;

impl Form for Edit {
    type Loaded = Api;
    type Input = ApiInput;

    fn load(c: &mut DbConnection, key: Option<&Key>) -> Result<Api> {
        apis::get(c, super::forms::required(key)?)
    }
    fn title(cx: &Cx, a: &Api) -> String {
        format!(
            "{} {}",
            cx.t("Redigera", "Edit"),
            super::blocks::api_title(cx, a)
        )
    }
    fn back(_: &Cx, a: &Api) -> (String, String) {
        (
            format!("/api-katalog/{}", a.meta.id),
            a.title.text().to_string(),
        )
    }
    fn fields(cx: &Cx, _: &Api) -> Vec<Field> {
        api_fields(cx)
    }
    fn base(a: &Api, _: &Signed) -> Value {
        let mut input = apis::to_input(a);
        // Shown to the person by the short names they know.
        input.building_blocks = a
            .building_blocks
            .iter()
            .map(|b| b.slug.clone().unwrap_or_else(|| b.id.to_string()))
            .collect();
        serde_json::to_value(input).unwrap_or_default()
    }
    fn version(a: &Api) -> Option<i64> {
        Some(a.meta.version)
    }
    fn submit(cx: &Cx) -> String {
        cx.t("Spara ändringarna", "Save the changes").into()
    }
    fn run(c: &mut DbConnection, at: Call<'_>, input: ApiInput) -> Result<String> {
        use domain::permissions::Resource;
        let (stored, proposed) = (authz::stored::api, authz::proposed::api);
        let api = at.replace::<apis::Row>(c, Resource::Api, stored, proposed, input)?;
        Ok(format!("/api-katalog/{}", api.meta.id))
    }
}

/// The fields of a new version of an API's document: pasted, or fetched from a URL.
fn document_fields(cx: &Cx) -> Vec<Field> {
    vec![
        Field::new(
            "document",
            cx.t(
                "Dokumentet (JSON eller YAML)",
                "The document (JSON or YAML)",
            ),
            Kind::Area,
        ),
        Field::new(
            "url",
            cx.t("…eller hämta det från en URL", "…or fetch it from a URL"),
            Kind::Url,
        ),
    ]
}

fn document_fields_html(cx: &Cx, api_id: &str, posted: &Posted, errors: &FormErrors) -> Markup {
    let Some(who) = &cx.who else {
        return html! {};
    };
    html! {
        form.stack method="post" action={ "/api-katalog/" (api_id) "/dokument" } novalidate {
            input type="hidden" name="csrf" value=(who.csrf);
            @for f in document_fields(cx) { (super::forms::field(&f, posted, errors)) }
            button.primary type="submit" { (cx.t("Lägg till versionen", "Add the version")) }
        }
    }
}

/// The form on an API's page for a new version of its document.
pub fn document_form(cx: &Cx, api_id: &str) -> Markup {
    if cx.who.is_none() {
        return html! {};
    }
    html! {
        details.form {
            summary { (cx.t("Lägg till en version av OpenAPI-dokumentet", "Add a version of the OpenAPI document")) }
            (document_fields_html(cx, api_id, &Posted(vec![]), &FormErrors(vec![])))
        }
    }
}

/// The document form on a page of its own, with what was wrong beside the field.
fn document_page(cx: &Cx, api_id: &str, posted: &Posted, errors: &FormErrors) -> Markup {
    let title = cx.t(
        "Lägg till en version av OpenAPI-dokumentet",
        "Add a version of the OpenAPI document",
    );
    super::layout::shell(
        cx,
        &errors.title(cx, title),
        html! {
            (errors.summary(cx))
            p.muted { a href={ "/api-katalog/" (api_id) } { (cx.t("Tillbaka till API:et", "Back to the API")) } }
            h1 { (title) }
            (document_fields_html(cx, api_id, posted, errors))
        },
    )
}

pub async fn document_form_page(req: HttpRequest, id: web::Path<String>) -> HttpResponse {
    let cx = Cx::of(&req);
    if cx.who.is_none() {
        return sign_in_first(req.path());
    }
    let page = document_page(&cx, &id, &Posted(vec![]), &FormErrors(vec![]));
    super::html(&cx, StatusCode::OK, page)
}

pub async fn add_document(
    state: State,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    let cx = Cx::of(&req);
    let back = format!("/api-katalog/{}", id.as_str());
    let Some(who) = cx.who.clone() else {
        return sign_in_first(&back);
    };
    let p = Posted::of(&body);
    if !session::csrf_ok(&who, &p.one("csrf")) || !session::same_origin(&req) {
        return respond(&cx, Err(session::forged()));
    }
    let refused = |field: &str, status: StatusCode, message: String| {
        let errors = FormErrors(vec![(format!("f-{field}"), message)]);
        super::html(&cx, status, document_page(&cx, &id, &p, &errors))
    };
    let (text, url) = (p.one("document"), p.one("url"));
    let (bytes, yaml, source) = if !url.is_empty() {
        if let Some(problem) = domain::identifiers::url_problem(&url) {
            return refused("url", StatusCode::BAD_REQUEST, problem.to_string());
        }
        let limits = crate::catalog::fetch::Limits::new(
            state.settings.fetch_allow_private,
            state.settings.fetch_timeout_secs,
        );
        match crate::catalog::fetch::fetch(&url, &limits).await {
            Ok(f) => {
                let yaml = f
                    .content_type
                    .as_deref()
                    .is_some_and(|c| c.to_ascii_lowercase().contains("yaml"));
                (f.bytes, yaml, Source::Url(url.clone()))
            }
            Err(e) => {
                return refused(
                    "url",
                    StatusCode::BAD_REQUEST,
                    format!("could not fetch {url}: {}", e.0),
                )
            }
        }
    } else if !text.is_empty() {
        // JSON begins with an object; anything else is read as YAML.
        let yaml = !text.trim_start().starts_with('{');
        (text.clone().into_bytes(), yaml, Source::Upload)
    } else {
        let message = cx.t(
            "Klistra in dokumentet eller ange en URL.",
            "Paste the document or give a URL.",
        );
        return refused("document", StatusCode::BAD_REQUEST, message.into());
    };
    let field = if matches!(source, Source::Url(_)) {
        "url"
    } else {
        "document"
    };
    let ctx = state.ctx(&who.principal);
    let key = Key::parse(&id);
    let principal = who.principal.clone();
    let added = state
        .db
        .run(move |c| {
            crate::commands::add_api_document(c, &principal, &ctx, &key, &bytes, yaml, source)
        })
        .await;
    match added {
        Ok(up) => see_other(&format!("{back}/versioner/{}", up.version.number)),
        Err(Error::Validation(list)) => {
            let message = list
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("; ");
            refused(field, StatusCode::BAD_REQUEST, message)
        }
        Err(e) => {
            let status = actix_web::ResponseError::status_code(&e);
            if status.is_client_error() && !matches!(e, Error::NotFound { .. }) {
                refused(field, status, e.to_string())
            } else {
                respond(&cx, Err(e))
            }
        }
    }
}
