//! `/byggblock`: the building blocks, filtered and searched; `/byggblock/{slug}`: one block
//! with everything the register knows of it.

use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use openapi::{
    Api, Benefit, BuildingBlock, BuildingBlockDependents, BuildingBlockRoadmap, Category, Change,
    Document, Phase, RoleAssignment, ScopeKind,
};

use super::forms::Call;
use super::layout::{self, entry_link, label, pager, phase, select, shell, stated, work};
use super::table::{self, table, Num, Text};
use super::{respond, Cx, State};
use crate::error::{Error, Result};
use crate::store::{
    apis, benefits, building_blocks, changes, documents, role_assignments, views, DbConnection,
    Key, PageRequest, Session,
};

const PAGE: i64 = 50;

/// An enumerated filter of the page: absent, or one of its values (else a 400 naming it).
pub fn enum_param<E: std::str::FromStr<Err = String>>(cx: &Cx, name: &str) -> Result<Option<E>> {
    cx.param(name)
        .map(|v| v.parse::<E>().map_err(|e| Error::field(name, e)))
        .transpose()
}

pub async fn list(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let filter = (|| {
        Ok::<_, Error>(building_blocks::Filter {
            phase: enum_param(&cx, "phase")?,
            category: enum_param(&cx, "category")?,
            responsible: cx.param("responsible").map(str::to_string),
            q: cx.param("q").map(str::to_string),
            ..Default::default()
        })
    })();
    let page = super::page_of(&cx, PAGE);
    let p = page.clone();
    let found =
        super::with_filter(&state, filter, move |c, f| building_blocks::list(c, &f, &p)).await;
    respond(
        &cx,
        found.map(|(blocks, total)| render_list(&cx, &blocks, total, &page)),
    )
}

fn render_list(cx: &Cx, blocks: &[BuildingBlock], total: i64, page: &PageRequest) -> Markup {
    let title = cx.t("Byggblock", "Building blocks");
    shell(
        cx,
        title,
        html! {
            h1 { (title) }
            form.filters action="/byggblock" method="get" {
                label for="q" { (cx.t("Sökord", "Search terms"))
                    input #q type="search" name="q" value=[cx.param("q")]; }
                (select(cx, "phase", cx.t("Fas", "Phase"), Phase::ALL, cx.param("phase")))
                (select(cx, "category", cx.t("Kategori", "Category"), Category::ALL, cx.param("category")))
                @if let Some(r) = cx.param("responsible") { input type="hidden" name="responsible" value=(r); }
                button type="submit" { (cx.t("Visa", "Show")) }
            }
            @if blocks.is_empty() {
                p role="status" { (cx.t("Inga byggblock matchar.", "No building block matches.")) }
            } @else {
                (table(cx, title, &[
                    Text("Byggblock", "Building block"), Text("Kategori", "Category"),
                    Text("Ansvarig", "Responsible"), Text("Fas", "Phase"),
                ], blocks, |b| html! {
                    th scope="row" { a href={ "/byggblock/" (b.slug) } { (b.name) } }
                    td { (label(cx, &b.category)) }
                    td { @match &b.responsible { Some(r) => (entry_link("/organisationer", r)), None => (layout::none(cx)) } }
                    td { (phase(cx, b.phase)) }
                }))
            }
            (pager(cx, total, page.limit, page.offset, blocks.len()))
        },
    )
}

/// Everything the block's page shows.
pub struct BlockPage {
    pub block: BuildingBlock,
    pub roadmap: BuildingBlockRoadmap,
    pub dependents: BuildingBlockDependents,
    /// The blocks around this one in the dependency graph, for its figure.
    pub graph: openapi::BuildingBlockGraph,
    pub roles: Vec<RoleAssignment>,
    pub documents: Vec<Document>,
    pub apis: (Vec<Api>, i64),
    pub benefits: Vec<Benefit>,
    pub changes: (Vec<Change>, i64),
    /// The organisations connected to the block's services over time (report 000).
    pub adoption: openapi::Adoption,
    /// Whether the person signed in may edit the block (the edit form is offered).
    pub can_edit: bool,
}

/// Everything of a kind that belongs to one block (the API's largest page).
fn all() -> PageRequest {
    PageRequest::first(500)
}

fn load(c: &mut Session, key: Key) -> Result<BlockPage> {
    let block = building_blocks::get(c, &key)?;
    let id = block.meta.id.to_string();
    let roadmap = views::roadmap(c, &key)?;
    let dependents = views::dependents(c, &key)?;
    let graph = views::neighbourhood(c, &key, 40)?;
    let (roles, _) = role_assignments::list(
        c,
        &role_assignments::Filter {
            building_block: Some(id.clone()),
            ..Default::default()
        },
        &all(),
    )?;
    let (scoped, _) = documents::list(
        c,
        &documents::Filter {
            scope_kind: Some(ScopeKind::Byggblock),
            ..Default::default()
        },
        &all(),
    )?;
    let documents = scoped
        .into_iter()
        .filter(|d| {
            d.scope
                .subject
                .as_ref()
                .is_some_and(|s| s.id == block.meta.id)
        })
        .collect();
    let apis = apis::list(
        c,
        &apis::Filter {
            building_block: Some(id.clone()),
            ..Default::default()
        },
        &PageRequest::first(20),
    )?;
    let (benefits, _) = benefits::list(
        c,
        &benefits::Filter {
            building_block: Some(id.clone()),
            ..Default::default()
        },
        &all(),
    )?;
    let changes = changes::of_entry(c, building_blocks::ENTITY, &id, 10)?;
    let this_year = chrono::Datelike::year(&chrono::Utc::now());
    let adoption = crate::store::indicators::adoption(c, &key, this_year)?;
    Ok(BlockPage {
        adoption,
        block,
        roadmap,
        dependents,
        graph,
        roles,
        documents,
        apis,
        benefits,
        changes,
        can_edit: false,
    })
}

async fn can_edit(state: &State, cx: &Cx, slug: &str) -> bool {
    use domain::permissions::{Action, Resource};
    let stored = crate::store::authz::stored::building_block;
    super::may(
        state,
        cx,
        Action::Edit(Resource::BuildingBlock),
        Key::parse(slug),
        stored,
    )
    .await
}

pub async fn page(state: State, req: HttpRequest, slug: web::Path<String>) -> HttpResponse {
    let cx = Cx::of(&req);
    let key = Key::parse(&slug);
    let p = state.db.run(move |c| load(c, key)).await;
    let can = can_edit(&state, &cx, &slug).await;
    respond(
        &cx,
        p.map(|p| {
            render(
                &cx,
                &BlockPage { can_edit: can, ..p },
                &DecisionForm::default(),
            )
        }),
    )
}

/// The phase-decision form as posted, with what was wrong with it.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    phase: String,
    #[serde(default, rename = "decisionDate")]
    decision_date: String,
    #[serde(default)]
    reference: String,
    #[serde(default)]
    justification: String,
    #[serde(skip)]
    errors: Vec<(String, String)>,
}

/// Records a phase decision from the block page's form: the same command, rules and
/// validation as `POST /api/v1/building-blocks/{id}/phase-decisions`.
pub async fn decide(
    state: State,
    req: HttpRequest,
    slug: web::Path<String>,
    form: web::Form<DecisionForm>,
) -> HttpResponse {
    let cx = Cx::of(&req);
    let mut form = form.into_inner();
    let Some(who) = cx.who.clone() else {
        let back = format!("/logga-in?next=/byggblock/{}", slug.as_str());
        return HttpResponse::SeeOther()
            .insert_header((actix_web::http::header::LOCATION, back))
            .finish();
    };
    if !super::session::csrf_ok(&who, &form.csrf) || !super::session::same_origin(&req) {
        return respond(&cx, Err(super::session::forged()));
    }
    let input = serde_json::from_value::<openapi::PhaseDecisionInput>(serde_json::json!({
        "phase": form.phase,
        "decisionDate": form.decision_date,
        "decidingOrganisation": who.organisation_slug,
        "reference": form.reference,
        "justification": form.justification,
    }));
    let result = match input {
        Err(_) => Err(form_errors(&cx, &form)),
        Ok(input) => {
            let ctx = state.ctx(&who.principal);
            let key = Key::parse(&slug);
            let principal = who.principal.clone();
            state
                .db
                .run(move |c| {
                    crate::store::write(c, |c| {
                        crate::commands::decide_phase(
                            c,
                            &principal,
                            &ctx,
                            ScopeKind::Byggblock,
                            &key,
                            input,
                        )
                    })
                })
                .await
        }
    };
    let status = match result {
        Ok(_) => {
            return HttpResponse::SeeOther()
                .insert_header((
                    actix_web::http::header::LOCATION,
                    format!("/byggblock/{}#fasbeslut", slug.as_str()),
                ))
                .finish()
        }
        Err(e) => {
            let status = actix_web::ResponseError::status_code(&e);
            form.errors = match e {
                Error::Validation(fields)
                | Error::Rule(fields)
                | Error::UnknownReference(fields) => fields
                    .into_iter()
                    .map(|f| (form_field(&f.field), f.message))
                    .collect(),
                Error::NotFound { .. } => return respond(&cx, Err(e)),
                other if status.is_client_error() => vec![("phase".into(), other.to_string())],
                other => return respond(&cx, Err(other)),
            };
            status
        }
    };
    let key = Key::parse(&slug);
    match state.db.run(move |c| load(c, key)).await {
        Ok(p) => {
            let p = BlockPage {
                can_edit: can_edit(&state, &cx, &slug).await,
                ..p
            };
            super::html(&cx, status, render(&cx, &p, &form))
        }
        Err(e) => respond(&cx, Err(e)),
    }
}

/// The form's fields by the names the API's messages use.
fn form_field(api_field: &str) -> String {
    match api_field {
        "decisionDate" => "decisionDate",
        "reference" => "reference",
        "justification" => "justification",
        _ => "phase",
    }
    .into()
}

/// What is wrong with a form whose values do not even make an input (an unknown phase, a date
/// that is no date), field by field.
fn form_errors(cx: &Cx, form: &DecisionForm) -> Error {
    let mut fields = vec![];
    if form.phase.parse::<Phase>().is_err() {
        fields.push(openapi::FieldError {
            field: "phase".into(),
            message: cx.t("Välj en fas.", "Choose a phase.").into(),
        });
    }
    if chrono::NaiveDate::parse_from_str(&form.decision_date, "%Y-%m-%d").is_err() {
        fields.push(openapi::FieldError {
            field: "decisionDate".into(),
            message: cx
                .t(
                    "Ange beslutsdatum som ÅÅÅÅ-MM-DD.",
                    "Enter the decision date as YYYY-MM-DD.",
                )
                .into(),
        });
    }
    Error::Validation(fields)
}

fn decision_form(cx: &Cx, b: &BuildingBlock, form: &DecisionForm) -> Markup {
    let Some(who) = &cx.who else {
        return html! {
            p { a href={ "/logga-in?next=/byggblock/" (b.slug) } { (cx.t("Logga in", "Sign in")) }
                " " (cx.t("för att registrera ett fasbeslut.", "to record a phase decision.")) }
        };
    };
    let errors = super::session::FormErrors(form.errors.clone());
    let today = chrono::Utc::now().date_naive().to_string();
    let date = if form.decision_date.is_empty() {
        today.as_str()
    } else {
        form.decision_date.as_str()
    };
    html! {
        details.form open[!form.errors.is_empty()] {
            summary { (cx.t("Registrera ett fasbeslut", "Record a phase decision")) }
            form.stack method="post" action={ "/byggblock/" (b.slug) "/fasbeslut" } novalidate {
                input type="hidden" name="csrf" value=(who.csrf);
                div.field.field-error[errors.of("phase").is_some()] {
                    label for="phase" { (cx.t("Ny fas", "New phase")) }
                    @if let Some(e) = errors.of("phase") { p.error-message #phase-error { (e) } }
                    select #phase name="phase" aria-describedby=[errors.of("phase").map(|_| "phase-error")] {
                        @for p in Phase::ALL {
                            option value=(p.as_str()) selected[form.phase == p.as_str() || (form.phase.is_empty() && *p == b.phase)] { (label(cx, p)) }
                        }
                    }
                }
                (errors.input("decisionDate", cx.t("Beslutsdatum", "Decision date"), "date", date, html! {}))
                (errors.input("reference", cx.t("Diarienummer", "Reference"), "text", &form.reference, html! {}))
                div.field.field-error[errors.of("justification").is_some()] {
                    label for="justification" { (cx.t("Motivering", "Justification")) }
                    @if let Some(e) = errors.of("justification") { p.error-message #justification-error { (e) } }
                    textarea #justification name="justification" rows="3" { (form.justification) }
                }
                p.muted { (cx.t("Beslutet registreras i namn av", "The decision is recorded in the name of")) " " (who.organisation_slug) "." }
                button.primary type="submit" { (cx.t("Registrera beslutet", "Record the decision")) }
            }
        }
    }
}

fn render(cx: &Cx, p: &BlockPage, form: &DecisionForm) -> Markup {
    let b = &p.block;
    // A refused form puts "Error:" first in the title and the summary first on the page
    // (GOV.UK error summary), so that both a screen reader and a sighted person meet it first.
    let title = super::session::FormErrors(form.errors.clone()).title(cx, &b.name);
    shell(
        cx,
        &title,
        html! {
            (super::session::FormErrors(form.errors.clone()).summary(cx))
            p.muted { a href="/byggblock" { (cx.t("Byggblock", "Building blocks")) } " / " (label(cx, &b.category)) }
            h1 { (b.name) }
            @if p.can_edit {
                p.actions { a.button href={ "/byggblock/" (b.slug) "/redigera" } { (cx.t("Redigera byggblocket", "Edit the block")) } }
            }
            p.lede { (b.purpose) }
            dl.facts {
                dt { (cx.t("Fas", "Phase")) } dd { (phase(cx, b.phase)) }
                dt { (cx.t("Kategori", "Category")) } dd { a href={ "/byggblock?category=" (b.category.as_str()) } { (label(cx, &b.category)) } }
                dt { (cx.t("Ansvarig organisation", "Responsible organisation")) }
                dd { @match &b.responsible { Some(r) => (entry_link("/organisationer", r)), None => (layout::none(cx)) } }
                @if let Some(l) = &b.analysis_lead {
                    dt { (cx.t("Leder den utforskande utvecklingen", "Leads the exploratory work")) }
                    dd { (entry_link("/organisationer", l)) }
                }
                @for r in &p.roles {
                    dt { (label(cx, &r.role)) } dd { (entry_link("/organisationer", &r.organisation)) }
                }
                (layout::source(cx, &b.source))
                dt { (cx.t("Version", "Version")) } dd { (b.meta.version) " · " (cx.t("ändrad", "changed")) " " (date_time(&b.meta.updated_at)) }
            }
            h2 { (cx.t("Beskrivning", "Description")) }
            p { (b.description) }
            @if !b.value_propositions.is_empty() {
                h2 { (cx.t("Värdeerbjudanden", "Value propositions")) }
                ul { @for v in &b.value_propositions { li { (v) } } }
            }
            h2 { (cx.t("Analyser", "Analyses")) }
            (table(cx, cx.t("De fyra analyserna", "The four analyses"), &[
                Text("Finansiering", "Funding"), Text("Juridik", "Legal"), Text("Risk", "Risk"),
                Text("Nytta", "Benefit"),
            ], [&b.analyses], |a| html! {
                td { (work(cx, a.funding)) }
                td { (work(cx, a.legal)) }
                td { (work(cx, a.risk)) }
                td { (work(cx, a.benefit)) }
            }))
            (decisions(cx, &p.roadmap))
            (decision_form(cx, b, form))
            (dependencies(cx, p))
            h2 { (cx.t("Styrdokument", "Governing documents")) }
            @if p.documents.is_empty() {
                p { (cx.t("Inga styrdokument gäller särskilt detta byggblock.", "No governing document applies to this block in particular.")) " "
                    a href="/styrdokument" { (cx.t("Styrdokument för hela infrastrukturen", "Documents for the whole infrastructure")) } }
            } @else {
                ul { @for d in &p.documents { li {
                    a href={ "/styrdokument/" (d.meta.id) } { (d.title) } " · "
                    (cx.t("nivå", "level")) " " (d.level) " · " (label(cx, &d.status))
                } } }
            }
            h2 { (cx.t("API:er som implementerar byggblocket", "APIs implementing the block")) }
            @if p.apis.0.is_empty() {
                p { (cx.t("Inga API:er är registrerade för byggblocket.", "No API is registered for this block.")) }
            } @else {
                ul { @for a in &p.apis.0 { li {
                    a href={ "/api-katalog/" (a.meta.id) } { (api_title(cx, a)) } " · " (a.publisher.name) " · " (stated(cx, &a.status))
                } } }
                @if p.apis.1 > p.apis.0.len() as i64 {
                    p { a href={ "/api-katalog?buildingBlock=" (b.slug) } { (cx.t("Alla API:er", "All APIs")) " (" (p.apis.1) ")" } }
                }
            }
            (adoption(cx, &p.adoption))
            (milestones(cx, &p.roadmap))
            (funding(cx, &p.roadmap))
            @if !p.benefits.is_empty() {
                h2 { (cx.t("Nyttor", "Benefits")) }
                ul { @for n in &p.benefits { li { (label(cx, &n.kind)) ": " (n.description) " (" (layout::number(cx, n.value_sek)) " " (cx.t("kr", "SEK")) ", " (n.years) " " (cx.t("år", "years")) ")" } } }
            }
            h2 { (cx.t("Ändringshistorik", "Change history")) }
            (changes_list(cx, &p.changes.0))
            @if p.changes.1 > p.changes.0.len() as i64 {
                p { a href={ "/andringar/" (building_blocks::ENTITY) "/" (b.meta.id) } { (cx.t("Hela historiken", "The whole history")) " (" (p.changes.1) ")" } }
            }
        },
    )
}

pub fn api_title<'a>(cx: &Cx, a: &'a Api) -> &'a str {
    if cx.lang == super::Lang::En && !a.title.en.is_empty() {
        &a.title.en
    } else {
        // An imported API may be titled in English only.
        a.title.text()
    }
}

pub fn date_time(t: &chrono::DateTime<chrono::Utc>) -> Markup {
    html! { time datetime=(t.to_rfc3339()) { (t.format("%Y-%m-%d %H:%M UTC")) } }
}

fn decisions(cx: &Cx, r: &BuildingBlockRoadmap) -> Markup {
    html! {
        h2 #fasbeslut { (cx.t("Fasbeslut", "Phase decisions")) }
        @if r.phase_decisions.is_empty() {
            p { (cx.t("Inga fasbeslut är registrerade.", "No phase decision is recorded.")) }
        } @else {
            (table(cx, cx.t("Fasbeslut", "Phase decisions"), &[
                Text("Datum", "Date"), Text("Från", "From"), Text("Till", "To"),
                Text("Beslutade av", "Decided by"), Text("Diarienummer", "Reference"),
                Text("Motivering", "Justification"),
            ], &r.phase_decisions, |d| html! {
                td { time datetime=(d.decision_date) { (d.decision_date) } }
                td { (phase(cx, d.from_phase)) }
                td { (phase(cx, d.phase)) }
                td { (entry_link("/organisationer", &d.deciding_organisation)) }
                td { (d.reference) }
                td { (d.justification) }
            }))
        }
    }
}

fn dependencies(cx: &Cx, p: &BlockPage) -> Markup {
    let b = &p.block;
    html! {
        h2 { (cx.t("Beroenden", "Dependencies")) }
        (super::graph::block_graph(cx, &p.graph, b.meta.id))
        div.columns {
            section {
                h3 { (cx.t("Byggblocket beror på", "This block depends on")) }
                @if b.depends_on.is_empty() { p { (layout::none(cx)) } }
                @else { ul { @for d in &b.depends_on { li { (entry_link("/byggblock", d)) } } } }
            }
            section {
                h3 { (cx.t("Beroende byggblock", "Blocks that depend on it")) }
                @if p.dependents.direct.is_empty() && p.dependents.indirect.is_empty() { p { (layout::none(cx)) } }
                @else {
                    ul { @for d in &p.dependents.direct { li { (entry_link("/byggblock", d)) } } }
                    @if !p.dependents.indirect.is_empty() {
                        p.muted { (cx.t("Indirekt:", "Indirectly:")) }
                        ul { @for d in &p.dependents.indirect { li { (entry_link("/byggblock", d)) } } }
                    }
                }
            }
        }
        @if !b.related_external.is_empty() {
            h3 { (cx.t("Relaterade externa byggblock", "Related external blocks")) }
            ul { @for e in &b.related_external { li {
                @match &e.url { Some(u) => a href=(u) rel="external noopener" { (e.name) }, None => (e.name) }
                @if let Some(r) = &e.relation { " – " (r) }
            } } }
        }
    }
}

fn milestones(cx: &Cx, r: &BuildingBlockRoadmap) -> Markup {
    html! {
        h2 { (cx.t("Milstolpar", "Milestones")) }
        @if r.milestones.is_empty() {
            p { (cx.t("Inga milstolpar är kopplade till byggblocket.", "No milestone is linked to this block.")) }
        }
        (super::graph::roadmap(cx, r))
        @if !r.milestones.is_empty() {
            (table(cx, cx.t("Milstolpar", "Milestones"), &[
                Text("Plan", "Plan"), Num("#", "#"), Text("Milstolpe", "Milestone"),
                Text("Kvartal", "Quarter"), Text("Ansvarig", "Responsible"), Text("Status", "Status"),
            ], &r.milestones, |m| html! {
                td { (entry_link("/planer", &m.plan)) }
                td.num { (m.number) }
                td { (m.description) }
                td {
                    @if m.late { span.late { (m.due) " – " (cx.t("försenad", "late")) } } @else { (m.due) }
                    @for mv in &m.moves { br; span.muted { (cx.t("flyttad från", "moved from")) " " (mv.from_due) } }
                }
                td { (m.responsible) }
                td { (work(cx, m.status)) }
            }))
        }
    }
}

fn funding(cx: &Cx, r: &BuildingBlockRoadmap) -> Markup {
    html! {
        @if !r.funding.is_empty() {
            h2 { (cx.t("Finansieringsbehov per år", "Funding need per year")) }
            (super::graph::funding(cx, r))
            (table(cx, cx.t("Finansieringsbehov", "Funding need"), &[
                Text("År", "Year"), Num("Belopp (tkr)", "Amount (kSEK)"),
                Text("Uppskattning", "Estimate"), Text("Finansieringsform", "Funding form"),
            ], &r.funding, |f| html! {
                td { (f.year) }
                td.num { @match f.amount_ksek { Some(a) => (layout::number(cx, a)), None => "–" } }
                td { (label(cx, &f.estimate)) }
                td { @match &f.funding_form { Some(ff) => (label(cx, ff)), None => "–" } }
            }))
        }
    }
}

/// Who uses the block: the state agencies connected to its shared services at each year's end,
/// as bars and as a table with their share of all state agencies (report 000, indicator 1).
fn adoption(cx: &Cx, a: &openapi::Adoption) -> Markup {
    let bars: Vec<(String, i64)> = a
        .years
        .iter()
        .map(|y| (y.year.to_string(), y.state_agencies.count))
        .collect();
    let desc = cx.t(
        "Staplar per år: anslutna statliga myndigheter vid årets slut.",
        "Bars per year: state agencies connected at the year's end.",
    );
    let title = cx.t("Anslutna statliga myndigheter", "Connected state agencies");
    html! {
        h2 { (cx.t("Anslutning", "Adoption")) }
        @if a.services.is_empty() {
            p { (cx.t("Byggblocket är ännu ingen samordnad tjänst som organisationer kan ansluta till (det blir det i Införande eller Förvaltning).",
                "The block is not yet a shared service organisations can connect to (it becomes one in Införande or Förvaltning).")) }
        } @else {
            p { (cx.t("Samordnade tjänster", "Shared services")) ": "
                @for (k, s) in a.services.iter().enumerate() {
                    @if k > 0 { ", " }
                    (entry_link("/tjanster", s))
                }
            }
            @if let Some(chart) = super::svg::bar_chart(cx, "anslutning", title, desc, cx.t("myndigheter", "agencies"), &bars) {
                figure.chart {
                    (super::svg::scrolling(cx, chart))
                    div.table-wrap { table {
                        caption { (cx.t("Anslutna vid årets slut", "Connected at the year's end")) }
                        (table::head(cx, &[
                            Text("År", "Year"), Num("Statliga myndigheter", "State agencies"),
                            Num("Andel av alla statliga myndigheter", "Share of all state agencies"),
                            Num("Organisationer", "Organisations"),
                        ]))
                        tbody { @for y in &a.years { tr {
                            th scope="row" { (y.year) }
                            td.num { (layout::number(cx, y.state_agencies.count)) }
                            td.num { @match (y.state_agencies.percent, y.state_agencies.of) {
                                (Some(p), Some(of)) => { (layout::percent(cx, p)) " % " (cx.t("av", "of")) " " (layout::number(cx, of)) }
                                _ => "–",
                            } }
                            td.num { (layout::number(cx, y.organisations)) }
                        } } }
                    } }
                }
            } @else {
                p { (cx.t("Ingen organisation har anslutit sig ännu.", "No organisation has connected yet.")) }
            }
        }
    }
}

/// A list of changes, newest first: when, who, what.
pub fn changes_list(cx: &Cx, changes: &[Change]) -> Markup {
    html! {
        @if changes.is_empty() {
            p { (cx.t("Inga ändringar är loggade.", "No change is logged.")) }
        } @else {
            ul.plain { @for ch in changes { li {
                (date_time(&ch.at)) " · " (operation(cx, &ch.operation)) " · "
                (cx.t("version", "version")) " " (ch.version) " · " (ch.actor)
            } } }
        }
    }
}

pub fn operation<'a>(cx: &Cx, op: &'a str) -> &'a str {
    match op {
        "create" => cx.t("skapad", "created"),
        "update" => cx.t("ändrad", "changed"),
        "delete" => cx.t("borttagen", "deleted"),
        other => other,
    }
}

/// `/byggblock/{slug}/redigera`: the responsible agency (or the owner) edits its block, as
/// `PUT /api/v1/building-blocks/{id}` with the version it opened.
pub struct Edit;

impl super::forms::Form for Edit {
    type Loaded = BuildingBlock;
    type Input = openapi::BuildingBlockInput;

    fn load(c: &mut DbConnection, key: Option<&Key>) -> Result<BuildingBlock> {
        building_blocks::get(c, super::forms::required(key)?)
    }
    fn title(cx: &Cx, b: &BuildingBlock) -> String {
        format!("{} {}", cx.t("Redigera", "Edit"), b.name)
    }
    fn back(_cx: &Cx, b: &BuildingBlock) -> (String, String) {
        (format!("/byggblock/{}", b.slug), b.name.clone())
    }
    fn fields(cx: &Cx, _b: &BuildingBlock) -> Vec<super::forms::Field> {
        use super::forms::{choices, Field, Kind};
        use openapi::WorkStatus;
        let status = || Kind::Choice(choices(cx, WorkStatus::ALL));
        vec![
            Field::new("name", cx.t("Namn", "Name"), Kind::Text),
            Field::new("purpose", cx.t("Syfte", "Purpose"), Kind::Area),
            Field::new(
                "description",
                cx.t("Beskrivning", "Description"),
                Kind::Area,
            ),
            Field::new(
                "valuePropositions",
                cx.t("Värdeerbjudanden", "Value propositions"),
                Kind::Lines,
            )
            .hint(cx.t("Ett per rad.", "One per line.")),
            Field::new(
                "category",
                cx.t("Kategori", "Category"),
                Kind::Choice(choices(cx, Category::ALL)),
            ),
            Field::new("dependsOn", cx.t("Beror på", "Depends on"), Kind::Csv).hint(cx.t(
                "Kortnamn för byggblocken som detta bygger på, kommaseparerade (t.ex. mina-ombud).",
                "Short names of the blocks this one builds on, comma-separated (e.g. mina-ombud).",
            )),
            Field::new(
                "analyses.funding",
                cx.t("Finansieringsanalys", "Funding analysis"),
                status(),
            ),
            Field::new(
                "analyses.legal",
                cx.t("Rättslig analys", "Legal analysis"),
                status(),
            ),
            Field::new(
                "analyses.risk",
                cx.t("Riskanalys", "Risk analysis"),
                status(),
            ),
            Field::new(
                "analyses.benefit",
                cx.t("Nyttoanalys", "Benefit analysis"),
                status(),
            ),
        ]
    }
    fn base(b: &BuildingBlock, _who: &super::session::Signed) -> serde_json::Value {
        serde_json::to_value(building_blocks::to_input(b)).unwrap_or_default()
    }
    fn version(b: &BuildingBlock) -> Option<i64> {
        Some(b.meta.version)
    }
    fn intro(cx: &Cx, _b: &BuildingBlock) -> Markup {
        html! { p.lede { (cx.t(
            "Fasen ändras genom ett fasbeslut och den ansvariga organisationen utses av infrastrukturansvarig; båda finns på byggblockets sida.",
            "The phase changes by a phase decision and the responsible organisation is appointed by the infrastructure owner; both are on the block's page.",
        )) } }
    }
    fn submit(cx: &Cx) -> String {
        cx.t("Spara ändringarna", "Save the changes").into()
    }
    fn run(
        c: &mut DbConnection,
        at: Call<'_>,
        input: openapi::BuildingBlockInput,
    ) -> Result<String> {
        use crate::store::authz::{proposed, stored};
        use domain::permissions::Resource;
        let (stored, proposed) = (stored::building_block, proposed::none);
        let b = at.replace::<building_blocks::Row>(
            c,
            Resource::BuildingBlock,
            stored,
            proposed,
            input,
        )?;
        Ok(format!("/byggblock/{}", b.slug))
    }
}
