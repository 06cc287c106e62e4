//! An agency registers an API (`/api-katalog/ny`) and adds a version of its OpenAPI document,
//! pasted or fetched from a URL (`/api-katalog/{id}/dokument`): the same commands, rules and
//! validation as `POST /api/v1/apis` and `POST /api/v1/apis/{id}/versions[/fetch]`.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use openapi::{AccessRights, ApiStatus, DataTheme, Labelled};

use super::layout::{label, shell};
use super::session::{self, FormErrors, Signed};
use super::{respond, Cx, State};
use crate::error::Error;
use crate::store::api_documents::Source;
use crate::store::{apis, building_blocks, Key, PageRequest};

/// The form's fields as posted (repeated names, e.g. several themes, kept).
struct Posted(Vec<(String, String)>);

impl Posted {
    fn of(body: &[u8]) -> Posted {
        Posted(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }
    fn one(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    }
    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    }
    fn has(&self, name: &str, value: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && v == value)
    }
}

fn see_other(to: String) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to))
        .finish()
}

/// The way to sign in and come back, for a person who is not signed in.
fn sign_in_first(back: &str) -> HttpResponse {
    see_other(super::href(
        "/logga-in",
        &[("next".into(), back.to_string())],
    ))
}

/// The form's field for a field the API names in its refusal (`title.sv`, `endpointUrls[1]`).
fn field_of(api: &str) -> String {
    let base = api.split(['[', '.']).next().unwrap_or(api);
    match (base, api) {
        ("title", a) if a.ends_with(".en") => "titleEn",
        ("title", _) => "titleSv",
        ("description", a) if a.ends_with(".en") => "descriptionEn",
        ("description", _) => "descriptionSv",
        ("endpointUrls", _) => "endpointUrls",
        ("buildingBlocks", _) => "buildingBlocks",
        ("status", _) => "status",
        ("accessRights", _) => "accessRights",
        ("themes", _) => "themes",
        ("keywords", _) => "keywords",
        ("licence", _) => "licence",
        ("documentationUrl", _) => "documentationUrl",
        _ => "titleSv",
    }
    .into()
}

/// The input the API would be sent, from the form (the publisher is the session's).
fn input(p: &Posted, who: &Signed) -> serde_json::Value {
    let opt = |s: String| (!s.is_empty()).then_some(s);
    serde_json::json!({
        "title": { "sv": p.one("titleSv"), "en": p.one("titleEn") },
        "description": { "sv": p.one("descriptionSv"), "en": p.one("descriptionEn") },
        "publisher": who.organisation_slug,
        "endpointUrls": p.one("endpointUrls").lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>(),
        "buildingBlocks": p.all("buildingBlocks"),
        "status": p.one("status"),
        "accessRights": p.one("accessRights"),
        "themes": p.all("themes"),
        "keywords": p.one("keywords").split(',').map(str::trim).filter(|k| !k.is_empty()).collect::<Vec<_>>(),
        "licence": opt(p.one("licence")),
        "documentationUrl": opt(p.one("documentationUrl")),
    })
}

async fn blocks(state: &State) -> Result<Vec<(String, String)>, Error> {
    state
        .db
        .run(|c| {
            let (all, _) = building_blocks::list(c, &Default::default(), &PageRequest::first(500))?;
            Ok(all.into_iter().map(|b| (b.slug, b.name)).collect())
        })
        .await
}

pub async fn new_page(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    if cx.who.is_none() {
        return sign_in_first("/api-katalog/ny");
    }
    match blocks(&state).await {
        Ok(b) => super::html(
            &cx,
            StatusCode::OK,
            form(&cx, &Posted(vec![]), &b, &FormErrors(vec![])),
        ),
        Err(e) => respond(&cx, Err(e)),
    }
}

pub async fn create(state: State, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let cx = Cx::of(&req);
    let Some(who) = cx.who.clone() else {
        return sign_in_first("/api-katalog/ny");
    };
    let p = Posted::of(&body);
    if !session::csrf_ok(&who, &p.one("csrf")) || !session::same_origin(&req) {
        return respond(&cx, Err(session::forged()));
    }
    let result = match serde_json::from_value::<openapi::ApiInput>(input(&p, &who)) {
        // Only an enumerated value can fail here: the form offers each as a choice.
        Err(_) => Err(Error::field(
            "status",
            cx.t(
                "Välj status och åtkomst.",
                "Choose a status and access rights.",
            ),
        )),
        Ok(api) => {
            let ctx = state.ctx(&who.principal);
            let principal = who.principal.clone();
            state
                .db
                .run(move |c| {
                    crate::store::write(c, |c| {
                        let proposed = crate::store::authz::proposed::api(c, &api)?;
                        crate::commands::create::<apis::Row>(
                            c,
                            &principal,
                            &ctx,
                            domain::permissions::Resource::Apis,
                            proposed,
                            api,
                        )
                    })
                })
                .await
        }
    };
    let errors = match result {
        Ok(api) => return see_other(format!("/api-katalog/{}", api.meta.id)),
        Err(Error::Validation(fields)) => fields
            .into_iter()
            .map(|f| (field_of(&f.field), format!("{}: {}", f.field, f.message)))
            .collect(),
        Err(e) if actix_web::ResponseError::status_code(&e).is_client_error() => {
            vec![("titleSv".into(), e.to_string())]
        }
        Err(e) => return respond(&cx, Err(e)),
    };
    let status = StatusCode::BAD_REQUEST;
    match blocks(&state).await {
        Ok(b) => super::html(&cx, status, form(&cx, &p, &b, &FormErrors(errors))),
        Err(e) => respond(&cx, Err(e)),
    }
}

fn form(cx: &Cx, p: &Posted, blocks: &[(String, String)], errors: &FormErrors) -> Markup {
    let title = cx.t("Registrera ett API", "Register an API");
    let who = cx.who.as_ref();
    let text = |id: &str, l: &str| errors.input(id, l, "text", &p.one(id), html! {});
    let area = |id: &str, l: &str, hint: &str| {
        let error = errors.of(id);
        html! {
            div.field.field-error[error.is_some()] {
                label for=(id) { (l) }
                @if !hint.is_empty() { p.hint #{ (id) "-hint" } { (hint) } }
                @if let Some(e) = error { p.error-message #{ (id) "-error" } { (e) } }
                textarea #(id) name=(id) rows="3" aria-describedby=[(!hint.is_empty()).then(|| format!("{id}-hint"))] { (p.one(id)) }
            }
        }
    };
    let choice = |id: &str, l: &str, values: &[(&'static str, String)]| {
        html! {
            div.field.field-error[errors.of(id).is_some()] {
                label for=(id) { (l) }
                @if let Some(e) = errors.of(id) { p.error-message #{ (id) "-error" } { (e) } }
                select #(id) name=(id) {
                    @for (v, text) in values { option value=(v) selected[p.has(id, v)] { (text) } }
                }
            }
        }
    };
    let statuses: Vec<_> = ApiStatus::ALL
        .iter()
        .map(|s| (s.slug(), label(cx, s).to_string()))
        .collect();
    let access: Vec<_> = AccessRights::ALL
        .iter()
        .map(|a| (a.slug(), label(cx, a).to_string()))
        .collect();
    shell(
        cx,
        &if errors.0.is_empty() {
            title.to_string()
        } else {
            format!("{} {title}", cx.t("Fel:", "Error:"))
        },
        html! {
            (errors.summary(cx))
            p.muted { a href="/api-katalog" { (cx.t("API-katalog", "API catalogue")) } }
            h1 { (title) }
            @if let Some(w) = who {
                p.lede { (cx.t("API:et registreras med din organisation som utgivare:", "The API is registered with your organisation as its publisher:")) " " (w.organisation_slug) "." }
            }
            form.stack method="post" action="/api-katalog/ny" novalidate {
                @if let Some(w) = who { input type="hidden" name="csrf" value=(w.csrf); }
                (text("titleSv", cx.t("Namn (svenska)", "Name (Swedish)")))
                (text("titleEn", cx.t("Namn (engelska)", "Name (English)")))
                (area("descriptionSv", cx.t("Beskrivning (svenska)", "Description (Swedish)"), ""))
                (area("descriptionEn", cx.t("Beskrivning (engelska)", "Description (English)"), ""))
                (area("endpointUrls", cx.t("Anslutningspunkter", "Endpoints"), cx.t("En URL per rad.", "One URL per line.")))
                (choice("status", cx.t("Status", "Status"), &statuses))
                (choice("accessRights", cx.t("Åtkomst", "Access rights"), &access))
                div.field {
                    label for="buildingBlocks" { (cx.t("Byggblock som API:et implementerar", "Building blocks the API implements")) }
                    select #buildingBlocks name="buildingBlocks" multiple size="6" {
                        @for (slug, name) in blocks { option value=(slug) selected[p.has("buildingBlocks", slug)] { (name) } }
                    }
                }
                fieldset.field {
                    legend { (cx.t("Teman", "Themes")) }
                    ul.checks {
                        @for t in DataTheme::ALL {
                            li { label { input type="checkbox" name="themes" value=(t.slug()) checked[p.has("themes", t.slug())]; " " (label(cx, t)) } }
                        }
                    }
                }
                (text("keywords", cx.t("Nyckelord (kommaseparerade)", "Keywords (comma-separated)")))
                (text("licence", cx.t("Licens (URL)", "Licence (URL)")))
                (text("documentationUrl", cx.t("Dokumentation (URL)", "Documentation (URL)")))
                button.primary type="submit" { (title) }
            }
        },
    )
}

/// The form on an API's page for a new version of its document.
pub fn document_form(cx: &Cx, api_id: &str) -> Markup {
    let Some(who) = &cx.who else {
        return html! {};
    };
    html! {
        details.form {
            summary { (cx.t("Lägg till en version av OpenAPI-dokumentet", "Add a version of the OpenAPI document")) }
            form.stack method="post" action={ "/api-katalog/" (api_id) "/dokument" } novalidate {
                input type="hidden" name="csrf" value=(who.csrf);
                div.field {
                    label for="document" { (cx.t("Dokumentet (JSON eller YAML)", "The document (JSON or YAML)")) }
                    textarea #document name="document" rows="8" {}
                }
                div.field {
                    label for="url" { (cx.t("…eller hämta det från en URL", "…or fetch it from a URL")) }
                    input #url name="url" type="url";
                }
                button.primary type="submit" { (cx.t("Lägg till versionen", "Add the version")) }
            }
        }
    }
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
    let (text, url) = (p.one("document"), p.one("url"));
    let (bytes, yaml, source) = if !url.is_empty() {
        if let Some(problem) = domain::identifiers::url_problem(&url) {
            return respond(&cx, Err(Error::field("url", problem)));
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
                (f.bytes, yaml, Source::Url(url))
            }
            Err(e) => {
                return respond(
                    &cx,
                    Err(Error::field(
                        "url",
                        format!("could not fetch {url}: {}", e.0),
                    )),
                )
            }
        }
    } else if !text.is_empty() {
        // JSON begins with an object; anything else is read as YAML.
        let yaml = !text.trim_start().starts_with('{');
        (text.into_bytes(), yaml, Source::Upload)
    } else {
        return respond(
            &cx,
            Err(Error::field(
                "document",
                cx.t(
                    "Klistra in dokumentet eller ange en URL.",
                    "Paste the document or give a URL.",
                ),
            )),
        );
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
        Ok(up) => see_other(format!("{back}/versioner/{}", up.version.number)),
        Err(e) => respond(&cx, Err(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_apis_field_names_lead_to_the_forms_fields() {
        assert_eq!(field_of("title.en"), "titleEn");
        assert_eq!(field_of("title.sv"), "titleSv");
        assert_eq!(field_of("endpointUrls[1]"), "endpointUrls");
        assert_eq!(field_of("description.sv"), "descriptionSv");
        assert_eq!(field_of("somethingElse"), "titleSv");
    }
}
