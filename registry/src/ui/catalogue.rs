//! `/api-katalog`: the API catalogue as a developer portal (search, facets with counts, the
//! list); `/api-katalog/{id}`: one API with its metadata, document versions, their RAP reports
//! and downloads; `/api-katalog/{id}/versioner/{version}`: one version browsed in Swagger UI.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use openapi::{
    AccessRights, Api, ApiDocumentVersion, ApiFacets, ApiStatus, Change, DataTheme, FacetCount,
    Labelled, RapCheck,
};

use super::blocks::{api_title, changes_list, date_time, enum_param};
use super::layout::{self, entry_link, label, pager, select, shell, stated};
use super::table::{self, Text};
use super::{respond, Cx, State};
use crate::error::{Error, Result};
use crate::store::{api_documents, apis, changes, refs, DbConnection, Key, PageRequest};

const PAGE: i64 = 20;

/// The filters of the list, as the page's query names them.
const FACETS: &[&str] = &[
    "organisation",
    "buildingBlock",
    "status",
    "theme",
    "accessRights",
];

fn filter(cx: &Cx) -> Result<apis::Filter> {
    Ok(apis::Filter {
        organisation: cx.param("organisation").map(str::to_string),
        building_block: cx.param("buildingBlock").map(str::to_string),
        status: enum_param(cx, "status")?,
        access_rights: enum_param(cx, "accessRights")?,
        theme: enum_param(cx, "theme")?,
        q: cx.param("q").map(str::to_string),
        origin: None,
    })
}

struct ListPage {
    apis: Vec<Api>,
    total: i64,
    facets: ApiFacets,
    /// The chosen organisation and building block as ids (the query may name them by slug).
    organisation: Option<String>,
    block: Option<String>,
}

pub async fn list(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let page = super::page_of(&cx, PAGE);
    let found = match filter(&cx) {
        Ok(f) => {
            let p = page.clone();
            state
                .db
                .run(move |c| {
                    let (apis, total) = apis::list(c, &f, &p)?;
                    let facets = apis::facets(c, &f)?;
                    let organisation = match &f.organisation {
                        Some(o) => refs::organisations::find_id(c, &Key::parse(o))?,
                        None => None,
                    };
                    let block = match &f.building_block {
                        Some(b) => refs::building_blocks::find_id(c, &Key::parse(b))?,
                        None => None,
                    };
                    Ok(ListPage {
                        apis,
                        total,
                        facets,
                        organisation,
                        block,
                    })
                })
                .await
        }
        Err(e) => Err(e),
    };
    respond(&cx, found.map(|p| render_list(&cx, &p, &page)))
}

/// One facet value: a link that sets the filter (or, when chosen, removes it), with its count.
fn facet_item(cx: &Cx, name: &str, value: &str, text: &str, count: i64, chosen: bool) -> Markup {
    let href = if chosen {
        cx.with(&[(name, None), ("offset", None)])
    } else {
        cx.with(&[(name, Some(value)), ("offset", None)])
    };
    html! {
        li {
            @if chosen {
                a.chosen href=(href) aria-current="true" title=(cx.t("Ta bort filtret", "Remove the filter")) {
                    span { (text) } " " span.count { (count) } span.visually-hidden { " " (cx.t("(valt – ta bort)", "(chosen – remove)")) }
                }
            } @else {
                a href=(href) { span { (text) } " " span.count { (count) } }
            }
        }
    }
}

/// A facet of enumerated values, labelled in the page's language; values without APIs are left
/// out unless chosen.
fn enum_facet<E: Labelled + std::str::FromStr>(
    cx: &Cx,
    name: &str,
    heading: &str,
    counts: &[FacetCount],
) -> Markup {
    let chosen = cx.param(name);
    html! {
        @let shown: Vec<(&str, E, i64)> = counts.iter().filter_map(|f| {
            let v = f.value.as_deref()?;
            let e = v.parse::<E>().ok()?;
            (f.count > 0 || chosen == Some(v)).then_some((v, e, f.count))
        }).collect();
        @if !shown.is_empty() {
            section.facet {
                h3 { (heading) }
                ul { @for (v, e, n) in &shown { (facet_item(cx, name, v, label(cx, e), *n, chosen == Some(*v))) } }
            }
        }
    }
}

/// A facet of referenced entries (organisations, building blocks), by id.
fn ref_facet(
    cx: &Cx,
    name: &str,
    heading: &str,
    counts: &[FacetCount],
    chosen: Option<&str>,
) -> Markup {
    html! {
        @if !counts.is_empty() {
            section.facet {
                h3 { (heading) }
                ul { @for f in counts { @if let Some(v) = f.value.as_deref() {
                    (facet_item(cx, name, v, f.label.as_deref().unwrap_or(v), f.count, chosen == Some(v)))
                } } }
            }
        }
    }
}

/// The publishers' counts with each agency once: the organisation filter takes an agency as
/// every node records it (the same organisation number), so an agency's own entry and its
/// mirrored copies (same name) are one value, counted together. `chosen` becomes the id shown.
fn agencies(counts: &[FacetCount], chosen: Option<&str>) -> (Vec<FacetCount>, Option<String>) {
    let mut merged: Vec<FacetCount> = vec![];
    let mut shown_chosen = None;
    for f in counts {
        let same = merged
            .iter_mut()
            .find(|m| m.label.is_some() && m.label == f.label);
        let value = match same {
            Some(m) => {
                m.count += f.count;
                m.value.clone()
            }
            None => {
                merged.push(f.clone());
                f.value.clone()
            }
        };
        if chosen.is_some() && f.value.as_deref() == chosen {
            shown_chosen = value;
        }
    }
    merged.sort_by_key(|m| std::cmp::Reverse(m.count));
    (merged, shown_chosen)
}

fn render_list(cx: &Cx, p: &ListPage, page: &PageRequest) -> Markup {
    let title = cx.t("API-katalog", "API catalogue");
    let filtered = FACETS.iter().any(|f| cx.param(f).is_some()) || cx.param("q").is_some();
    shell(
        cx,
        title,
        html! {
            h1 { (title) }
            p.lede {
                (cx.t("API:er som myndigheter har registrerat, med deras OpenAPI-dokument och granskning mot REST API-profilen. ",
                      "APIs that agencies have registered, with their OpenAPI documents and checks against the Swedish REST API profile. "))
                a href="/api/v1/catalog" { (cx.t("Katalogen som DCAT-AP-SE för skördare", "The catalogue as DCAT-AP-SE for harvesters")) }
            }
            p { a.button href="/api-katalog/ny" { (cx.t("Registrera ett API", "Register an API")) } }
            form.filters action="/api-katalog" method="get" {
                label for="q" { (cx.t("Sökord", "Search terms"))
                    input #q type="search" name="q" value=[cx.param("q")]; }
                (select(cx, "status", cx.t("Status", "Status"), ApiStatus::ALL, cx.param("status")))
                (select(cx, "accessRights", cx.t("Åtkomst", "Access rights"), AccessRights::ALL, cx.param("accessRights")))
                (select(cx, "theme", cx.t("Tema", "Theme"), DataTheme::ALL, cx.param("theme")))
                @if let Some(o) = cx.param("organisation") { input type="hidden" name="organisation" value=(o); }
                @if let Some(b) = cx.param("buildingBlock") { input type="hidden" name="buildingBlock" value=(b); }
                button type="submit" { (cx.t("Visa", "Show")) }
            }
            div.catalogue {
                aside.facets aria-labelledby="facets-h" {
                    h2 #facets-h { (cx.t("Avgränsa", "Narrow down")) }
                    @if filtered {
                        p { a href="/api-katalog" { (cx.t("Rensa alla filter", "Clear all filters")) } }
                    }
                    @let (orgs, chosen_org) = agencies(&p.facets.organisation, p.organisation.as_deref());
                    (ref_facet(cx, "organisation", cx.t("Organisation", "Organisation"), &orgs, chosen_org.as_deref()))
                    (ref_facet(cx, "buildingBlock", cx.t("Byggblock", "Building block"), &p.facets.building_block, p.block.as_deref()))
                    (enum_facet::<ApiStatus>(cx, "status", cx.t("Status", "Status"), &p.facets.status))
                    (enum_facet::<DataTheme>(cx, "theme", cx.t("Tema", "Theme"), &p.facets.theme))
                    (enum_facet::<AccessRights>(cx, "accessRights", cx.t("Åtkomst", "Access rights"), &p.facets.access_rights))
                }
                section.results aria-labelledby="results-h" {
                    h2 #results-h { (cx.t("API:er", "APIs")) " " span.count { (p.total) } }
                    @if p.apis.is_empty() {
                        p role="status" { (cx.t("Inga API:er matchar.", "No API matches.")) }
                    } @else {
                        ul.api-list { @for a in &p.apis { li { (card(cx, a)) } } }
                    }
                    (pager(cx, p.total, page.limit, page.offset, p.apis.len()))
                }
            }
        },
    )
}

fn description<'a>(cx: &Cx, a: &'a Api) -> &'a str {
    if cx.lang == super::Lang::En && !a.description.en.is_empty() {
        &a.description.en
    } else {
        &a.description.sv
    }
}

/// The first sentences of a text, at most about `max` characters.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut} …")
}

fn card(cx: &Cx, a: &Api) -> Markup {
    html! {
        h3 { a href={ "/api-katalog/" (a.meta.id) } { (api_title(cx, a)) } }
        p.muted {
            (entry_link("/organisationer", &a.publisher)) " · "
            (status(cx, a.status)) " · " (stated(cx, &a.access_rights))
            @if let Some(d) = &a.document { " · " span.spec { (d.spec_version) } }
        }
        @let text = description(cx, a);
        @if !text.is_empty() { p { (excerpt(text, 240)) } }
        @if !a.building_blocks.is_empty() {
            p.muted { (cx.t("Byggblock:", "Building blocks:")) " "
                @for (i, b) in a.building_blocks.iter().enumerate() {
                    @if i > 0 { ", " } (entry_link("/byggblock", b))
                }
            }
        }
    }
}

fn status(cx: &Cx, s: Option<ApiStatus>) -> Markup {
    let class = s.map_or("ej-angiven", |s| s.as_str());
    html! { span class={ "api-status api-status-" (class) } { (stated(cx, &s)) } }
}

struct ApiPage {
    api: Api,
    /// Each version with the API version its document states (`info.version`).
    versions: Vec<(ApiDocumentVersion, Option<String>)>,
    changes: (Vec<Change>, i64),
    /// Whether the person signed in may edit the API (its publisher).
    can_edit: bool,
}

fn load(c: &mut DbConnection, key: Key) -> Result<ApiPage> {
    let api = apis::get(c, &key)?;
    let key = Key::Id(api.meta.id.to_string());
    let versions = api_documents::list(c, &key)?
        .into_iter()
        .map(|v| {
            let stated = info_version(c, &key, v.number)?;
            Ok((v, stated))
        })
        .collect::<Result<_>>()?;
    let changes = changes::of_entry(c, apis::ENTITY, &api.meta.id.to_string(), 10)?;
    Ok(ApiPage {
        api,
        versions,
        changes,
        can_edit: false,
    })
}

pub async fn page(state: State, req: HttpRequest, id: web::Path<String>) -> HttpResponse {
    let cx = Cx::of(&req);
    let key = Key::parse(&id);
    let p = state.db.run(move |c| load(c, key)).await;
    use domain::permissions::{Action, Resource};
    let stored = crate::store::authz::stored::api;
    let can = super::may(
        &state,
        &cx,
        Action::Edit(Resource::Api),
        Key::parse(&id),
        stored,
    )
    .await;
    respond(
        &cx,
        p.map(|p| {
            render(
                &cx,
                &ApiPage { can_edit: can, ..p },
                &state.settings.node_id,
            )
        }),
    )
}

/// The API version a document states (`info.version`).
fn info_version(c: &mut DbConnection, key: &Key, n: i32) -> Result<Option<String>> {
    let content = api_documents::content(c, key, n)?;
    let doc: serde_json::Value = serde_json::from_str(&content).map_err(Error::internal)?;
    Ok(doc
        .pointer("/info/version")
        .and_then(|v| v.as_str())
        .map(str::to_string))
}

/// The version a page's path names: its number, or else the API version its document states
/// (the newest version stating it).
fn find_version(
    c: &mut DbConnection,
    key: &Key,
    named: &str,
) -> Result<(ApiDocumentVersion, Option<String>)> {
    let versions = api_documents::list(c, key)?;
    if let Ok(n) = named.parse::<i32>() {
        if let Some(v) = versions.iter().find(|v| v.number == n) {
            let stated = info_version(c, key, n)?;
            return Ok((v.clone(), stated));
        }
    }
    for v in versions {
        let stated = info_version(c, key, v.number)?;
        if stated.as_deref() == Some(named) {
            return Ok((v, stated));
        }
    }
    Err(Error::not_found("document version", named))
}

/// The REST URLs of a version's document, on this origin.
fn downloads(id: &uuid::Uuid, n: i32) -> (String, String) {
    (
        format!("/api/v1/apis/{id}/versions/{n}/openapi.json"),
        format!("/api/v1/apis/{id}/versions/{n}/openapi.yaml"),
    )
}

fn external(url: &str) -> Markup {
    html! { a href=(url) rel="external noopener" { (url) } }
}

fn render(cx: &Cx, p: &ApiPage, node: &str) -> Markup {
    let a = &p.api;
    let title = api_title(cx, a);
    let id = a.meta.id;
    shell(
        cx,
        title,
        html! {
            p.muted { a href="/api-katalog" { (cx.t("API-katalog", "API catalogue")) } " / " (a.publisher.name) }
            h1 { (title) }
            @if p.can_edit {
                p.actions { a.button href={ "/api-katalog/" (id) "/redigera" } { (cx.t("Redigera API:et", "Edit the API")) } }
            }
            @let text = description(cx, a);
            @if !text.is_empty() { p.lede { (text) } }
            dl.facts {
                dt { (cx.t("Utgivare", "Publisher")) } dd { (entry_link("/organisationer", &a.publisher)) }
                dt { (cx.t("Status", "Status")) } dd { (status(cx, a.status)) }
                @if let Some(d) = a.sunset_date {
                    dt { (cx.t("Upphör", "Sunset")) } dd { time datetime=(d) { (d) } }
                }
                @if let Some(s) = &a.successor {
                    dt { (cx.t("Ersätts av", "Successor")) } dd { a href={ "/api-katalog/" (s.id) } { (s.name) } }
                }
                dt { (cx.t("Åtkomst", "Access rights")) } dd { (stated(cx, &a.access_rights)) }
                dt { (cx.t("Licens", "Licence")) }
                dd { @match &a.licence { Some(l) => (external(l)), None => (layout::none(cx)) } }
                dt { (cx.t("Kontaktpunkt", "Contact point")) }
                dd { @match &a.contact_point {
                    Some(c) => {
                        (c.name)
                        @if let Some(e) = &c.email { " · " a href={ "mailto:" (e) } { (e) } }
                        @if let Some(u) = &c.url { " · " (external(u)) }
                        @if let Some(t) = &c.telephone { " · " a href={ "tel:" (t) } { (t) } }
                    },
                    None => (layout::none(cx)),
                } }
                dt { (cx.t("Dokumentation", "Documentation")) }
                dd { @match &a.documentation_url { Some(u) => (external(u)), None => (layout::none(cx)) } }
                @if let Some(s) = &a.sla {
                    dt { (cx.t("Servicenivå", "Service level")) } dd { (s) }
                }
                @if let Some(s) = &a.spec_url {
                    dt { (cx.t("Dokumentets källa", "Document source")) } dd { (external(s)) }
                }
                (super::layout::source(cx, &a.source))
                dt { (cx.t("Version", "Version")) } dd { (a.meta.version) " · " (cx.t("ändrad", "changed")) " " (date_time(&a.meta.updated_at)) }
                @if a.meta.origin != node {
                    dt { (cx.t("Ursprung", "Origin")) }
                    dd { (cx.t("speglad från noden", "mirrored from the node")) " " code { (a.meta.origin) } " · "
                        a href="/federation" { (cx.t("Federation", "Federation")) } }
                }
            }
            h2 { (cx.t("Anslutningspunkter", "Endpoints")) }
            ul { @for u in &a.endpoint_urls { li { code { (u) } } } }
            h2 { (cx.t("Klassificering", "Classification")) }
            dl.facts {
                dt { (cx.t("Byggblock", "Building blocks")) }
                dd { @if a.building_blocks.is_empty() { (layout::none(cx)) } @else {
                    @for (i, b) in a.building_blocks.iter().enumerate() { @if i > 0 { ", " } (entry_link("/byggblock", b)) }
                } }
                dt { (cx.t("Teman", "Themes")) }
                dd { @if a.themes.is_empty() { (layout::none(cx)) } @else {
                    @for (i, t) in a.themes.iter().enumerate() { @if i > 0 { ", " }
                        a href={ "/api-katalog?theme=" (t.as_str()) } { (label(cx, t)) } }
                } }
                dt { (cx.t("Nyckelord", "Keywords")) }
                dd { @if a.keywords.is_empty() && a.keywords_en.is_empty() { (layout::none(cx)) } @else {
                    ul.tags {
                        @for k in &a.keywords { li lang="sv" { (k) } }
                        @for k in &a.keywords_en { li lang="en" { (k) } }
                    }
                } }
                dt { (cx.t("Följer", "Conforms to")) }
                dd { @if a.conforms_to.is_empty() { (layout::none(cx)) } @else {
                    ul.plain { @for c in &a.conforms_to { li { (external(c)) } } }
                } }
                // What the publisher's own DCAT catalogue says beyond the register's fields.
                @for (sv, en, values) in [
                    ("Typ", "Type", &a.types),
                    ("Värdefulla datamängder", "High-value dataset categories", &a.hvd_categories),
                    ("Tillämplig lagstiftning", "Applicable legislation", &a.applicable_legislation),
                    ("Datamängder", "Datasets served", &a.serves_datasets),
                    ("Sidor", "Pages", &a.pages),
                ] {
                    @if !values.is_empty() {
                        dt { (cx.t(sv, en)) }
                        dd { ul.plain { @for v in values { li { (external(v)) } } } }
                    }
                }
            }
            @if a.identifier.is_some() || a.source_iri.is_some() {
                h2 { (cx.t("I utgivarens egen katalog", "In the publisher's own catalogue")) }
                dl.facts {
                    @if let Some(i) = &a.identifier {
                        dt { (cx.t("Identifierare", "Identifier")) } dd { code { (i) } }
                    }
                    @if let Some(i) = &a.source_iri {
                        dt { "IRI" } dd { code { (i) } }
                    }
                }
            }
            h2 { (cx.t("OpenAPI-dokument", "OpenAPI documents")) }
            @if p.versions.is_empty() {
                @match &a.document {
                    Some(d) => p { (cx.t("Dokumentet finns hos API:ets ursprungsnod:", "The document is kept by the API's origin node:")) " "
                        a href=(d.json_url) rel="external noopener" { "JSON" } " · " a href=(d.yaml_url) rel="external noopener" { "YAML" } },
                    None => p { (cx.t("Inget OpenAPI-dokument är registrerat.", "No OpenAPI document is registered.")) },
                }
            } @else {
                @for (v, stated) in &p.versions { (version(cx, &id, v, stated.as_deref())) }
            }
            (super::api_forms::document_form(cx, &id.to_string()))
            h2 { (cx.t("För skördare och utvecklare", "For harvesters and developers")) }
            ul {
                li { a href={ "/api/v1/organisations/" (a.publisher.id) "/catalog" } { (cx.t("Utgivarens DCAT-AP-SE-katalog", "The publisher's DCAT-AP-SE catalogue")) } " ("
                    a href={ "/api/v1/organisations/" (a.publisher.id) "/catalog?format=turtle" } { "Turtle" } ", "
                    a href={ "/api/v1/organisations/" (a.publisher.id) "/catalog?format=jsonld" } { "JSON-LD" } ")" }
                li { a href="/api/v1/catalog" { (cx.t("Hela registrets DCAT-AP-SE-katalog", "The whole register's DCAT-AP-SE catalogue")) } " ("
                    a href="/api/v1/catalog?format=turtle" { "Turtle" } ", " a href="/api/v1/catalog?format=jsonld" { "JSON-LD" } ")" }
                li { a href={ "/api/v1/apis/" (id) } { (cx.t("API:ets post som JSON", "The API's entry as JSON")) } }
            }
            h2 { (cx.t("Ändringshistorik", "Change history")) }
            (changes_list(cx, &p.changes.0))
            @if !p.changes.0.is_empty() {
                p { a href={ "/andringar/" (apis::ENTITY) "/" (id) } { (cx.t("Hela historiken", "The whole history")) " (" (p.changes.1) ")" } }
            }
        },
    )
}

fn passed(checks: &[RapCheck]) -> usize {
    checks.iter().filter(|c| c.passed).count()
}

/// One version: its facts, downloads and RAP report.
fn version(cx: &Cx, id: &uuid::Uuid, v: &ApiDocumentVersion, stated: Option<&str>) -> Markup {
    let (json, yaml) = downloads(id, v.number);
    html! {
        section.version {
            h3 { (cx.t("Version", "Version")) " " (v.number) }
            p.muted {
                @if let Some(s) = stated { (cx.t("API-version", "API version")) " " span.spec { (s) } " · " }
                span.spec { (v.spec_version) } " · " (date_time(&v.created_at)) " · "
                @match v.source_url.as_deref() {
                    Some(u) => { (cx.t("hämtad från", "fetched from")) " " (external(u)) },
                    None => (cx.t("uppladdad", "uploaded")),
                }
            }
            ul.actions {
                li { a href={ "/api-katalog/" (id) "/versioner/" (v.number) } { (cx.t("Bläddra i dokumentet", "Browse the document")) } }
                li { a href=(json) type="application/json" download { (cx.t("Ladda ned JSON", "Download JSON")) } }
                li { a href=(yaml) type="application/yaml" download { (cx.t("Ladda ned YAML", "Download YAML")) } }
            }
            (rap_report(cx, v))
        }
    }
}

/// The checks of a version against the REST API profile, as a table.
fn rap_report(cx: &Cx, v: &ApiDocumentVersion) -> Markup {
    html! {
        @if v.checks.is_empty() {
            p { (cx.t("Inga kontroller mot REST API-profilen.", "No checks against the REST API profile.")) }
        } @else {
            p { strong { (passed(&v.checks)) " " (cx.t("av", "of")) " " (v.checks.len()) } " "
                (cx.t("regler i REST API-profilen uppfylls.", "rules of the REST API profile are met.")) }
            div.table-wrap { table.rap {
                caption { (cx.t("RAP-rapport för version", "RAP report for version")) " " (v.number) }
                (table::head(cx, &[
                    Text("Regel", "Rule"), Text("Resultat", "Result"),
                    Text("Iakttagelse", "Finding"),
                ]))
                tbody { @for c in &v.checks { tr {
                    th scope="row" { code { (c.rule) } }
                    td { @if c.passed { span.pass { "✓ " (cx.t("Uppfylld", "Met")) } } @else { span.fail { "✗ " (cx.t("Ej uppfylld", "Not met")) } } }
                    td { (c.message) }
                } } }
            } }
        }
    }
}

/// The Content-Security-Policy of the Swagger UI page: this origin's scripts, and the inline
/// styles Swagger UI sets on its elements.
pub const SWAGGER_CSP: &str =
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; font-src 'self' data:; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

pub async fn version_page(
    state: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let cx = Cx::of(&req);
    let (id, named) = path.into_inner();
    let key = Key::parse(&id);
    let p = state
        .db
        .run(move |c| {
            let api = apis::get(c, &key)?;
            let version = find_version(c, &Key::Id(api.meta.id.to_string()), &named)?;
            Ok((api, version))
        })
        .await;
    match p {
        Ok((api, (v, stated))) => super::html_with_csp(
            &cx,
            StatusCode::OK,
            render_version(&cx, &api, &v, stated.as_deref()),
            SWAGGER_CSP,
        ),
        Err(e) => respond(&cx, Err(e)),
    }
}

fn render_version(cx: &Cx, a: &Api, v: &ApiDocumentVersion, stated: Option<&str>) -> Markup {
    let id = a.meta.id;
    let (json, yaml) = downloads(&id, v.number);
    let name = api_title(cx, a);
    let title = format!("{name} – {} {}", cx.t("version", "version"), v.number);
    shell(
        cx,
        &title,
        html! {
            link rel="stylesheet" href="/api/docs/swagger-ui.css";
            p.muted {
                a href="/api-katalog" { (cx.t("API-katalog", "API catalogue")) } " / "
                a href={ "/api-katalog/" (id) } { (name) }
            }
            h1 { (title) }
            dl.facts {
                @if let Some(s) = stated {
                    dt { (cx.t("API-version", "API version")) } dd { span.spec { (s) } }
                }
                dt { (cx.t("Format", "Format")) } dd { span.spec { (v.spec_version) } }
                dt { (cx.t("Registrerad", "Registered")) } dd { (date_time(&v.created_at)) }
                dt { (cx.t("Källa", "Source")) }
                dd { @match v.source_url.as_deref() {
                    Some(u) => { (cx.t("hämtad från", "fetched from")) " " (external(u)) },
                    None => (cx.t("uppladdad", "uploaded")),
                } }
                dt { (cx.t("REST API-profilen", "REST API profile")) }
                dd { (passed(&v.checks)) " " (cx.t("av", "of")) " " (v.checks.len()) " "
                    (cx.t("regler uppfylls", "rules met")) " · "
                    a href={ "/api-katalog/" (id) } { (cx.t("rapporten", "the report")) } }
            }
            ul.actions {
                li { a href=(json) type="application/json" download { (cx.t("Ladda ned JSON", "Download JSON")) } }
                li { a href=(yaml) type="application/yaml" download { (cx.t("Ladda ned YAML", "Download YAML")) } }
                li { a href={ "/api-katalog/" (id) } { (cx.t("Tillbaka till API:et", "Back to the API")) } }
            }
            h2 { (cx.t("Dokumentet", "The document")) }
            div #swagger-ui .swagger-host data-url=(json) {
                p.muted { (cx.t("Dokumentet visas här när JavaScript är påslaget. Utan JavaScript: ladda ned det ovan.",
                                "The document is shown here when JavaScript is on. Without JavaScript: download it above.")) }
            }
            script src="/api/docs/swagger-ui-bundle.js" {}
            script src=(super::assets::SWAGGER_INIT) {}
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(value: &str, label: &str, count: i64) -> FacetCount {
        FacetCount {
            value: Some(value.into()),
            label: Some(label.into()),
            count,
        }
    }

    #[test]
    fn an_agency_and_its_mirrored_copies_are_one_value() {
        let counts = [
            count("own-lm", "Lantmäteriet", 1),
            count("own-bv", "Bolagsverket", 2),
            count("mirror-lm", "Lantmäteriet", 2),
        ];
        let (merged, chosen) = agencies(&counts, Some("mirror-lm"));
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].value.as_deref(), Some("own-lm"));
        assert_eq!(merged[0].count, 3);
        assert_eq!(chosen.as_deref(), Some("own-lm"));
        assert_eq!(agencies(&counts, None).1, None);
    }

    #[test]
    fn excerpts_end_at_a_word() {
        assert_eq!(excerpt("kort", 10), "kort");
        assert_eq!(excerpt("ett två tre fyra", 9), "ett två …");
    }
}
