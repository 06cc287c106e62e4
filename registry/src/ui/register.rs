//! The rest of the register: `/kompetensomraden` and `/grunddatadomaner` (one section per
//! entry, its slug the anchor), `/ideer` and `/ideer/{id}` (idea candidates and the steps they
//! took), and `/finansiering` (funding needs by year and by block, benefits by kind and
//! category).

use std::collections::BTreeMap;

use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use openapi::{
    BaseDataDomain, Benefit, BenefitKind, Category, Change, CompetenceArea, CompetenceAreaStatus,
    Document, DocumentStatus, FundingNeed, FundingSummary, IdeaCandidate, IdeaStatus, Phase,
    ScopeKind,
};

use super::blocks::{date_time, enum_param};
use super::forms::Call;
use super::layout::{self, entry_link, label, pager, phase, select, shell};
use super::organisations::more;
use super::table::{self, table, Num, Text};
use super::{respond, Cx, State};
use crate::error::Result;
use crate::store::{
    base_data_domains, benefits, changes, competence_areas, documents, funding_needs,
    idea_candidates, DbConnection, Key, PageRequest,
};

const PAGE: i64 = 50;

fn page_of(cx: &Cx) -> PageRequest {
    super::page_of(cx, PAGE)
}

fn all() -> PageRequest {
    PageRequest::first(100_000)
}

/// Organisations as a comma-separated list of links, or "none".
fn orgs(cx: &Cx, list: &[openapi::EntryRef]) -> Markup {
    html! {
        @if list.is_empty() { (layout::none(cx)) }
        @else { @for (i, o) in list.iter().enumerate() { @if i > 0 { ", " } (entry_link("/organisationer", o)) } }
    }
}

/// The documents whose scope is an entry of `kind`, for every such entry.
fn scoped_documents(c: &mut DbConnection, kind: ScopeKind) -> Result<Vec<Document>> {
    let f = documents::Filter {
        scope_kind: Some(kind),
        ..Default::default()
    };
    let (docs, _) = documents::list(c, &f, &all())?;
    Ok(docs
        .into_iter()
        .filter(|d| !matches!(d.status, DocumentStatus::Ersatt | DocumentStatus::Upphavt))
        .collect())
}

/// The documents of `docs` about the entry `id`, as a list, or nothing.
fn documents_of(cx: &Cx, docs: &[Document], id: uuid::Uuid) -> Markup {
    let mine: Vec<&Document> = docs
        .iter()
        .filter(|d| d.scope.subject.as_ref().is_some_and(|s| s.id == id))
        .collect();
    html! {
        @if !mine.is_empty() {
            dt { (cx.t("Styrdokument", "Governing documents")) }
            dd { ul.plain { @for d in mine { li {
                a href={ "/styrdokument/" (d.meta.id) } { (d.title) } " · "
                (cx.t("nivå", "level")) " " (d.level) " · " (label(cx, &d.status))
            } } } }
        }
    }
}

fn search_field(cx: &Cx) -> Markup {
    html! {
        label for="q" { (cx.t("Sökord", "Search terms"))
            input #q type="search" name="q" value=[cx.param("q")]; }
    }
}

// ---- /kompetensomraden ------------------------------------------------------------------

pub async fn competence_areas(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let page = page_of(&cx);
    let filter = enum_param(&cx, "status").map(|status| competence_areas::Filter {
        status,
        q: cx.param("q").map(str::to_string),
        ..Default::default()
    });
    let p = page.clone();
    let found = super::with_filter(&state, filter, move |c, f| {
        let (areas, total) = competence_areas::list(c, &f, &p)?;
        Ok((
            areas,
            total,
            scoped_documents(c, ScopeKind::Kompetensomrade)?,
        ))
    })
    .await;
    respond(
        &cx,
        found.map(|(areas, total, docs)| render_areas(&cx, &areas, total, &docs, &page)),
    )
}

fn render_areas(
    cx: &Cx,
    areas: &[CompetenceArea],
    total: i64,
    docs: &[Document],
    page: &PageRequest,
) -> Markup {
    let title = cx.t("Kompetensområden", "Competence areas");
    shell(
        cx,
        title,
        html! {
            h1 { (title) }
            p.lede { (cx.t("Kompetensområdena samlar kunnande som infrastrukturen behöver, var och en med en organisation som hemvist och andra som bidrar.",
                           "The competence areas gather the know-how the infrastructure needs, each with a home organisation and others that contribute.")) }
            (more(cx))
            form.filters action="/kompetensomraden" method="get" {
                (search_field(cx))
                (select(cx, "status", cx.t("Status", "Status"), CompetenceAreaStatus::ALL, cx.param("status")))
                button type="submit" { (cx.t("Visa", "Show")) }
            }
            @if areas.is_empty() {
                p role="status" { (cx.t("Inga kompetensområden matchar.", "No competence area matches.")) }
            }
            @for a in areas {
                section.entry id=(a.slug) aria-labelledby={ "h-" (a.slug) } {
                    h2 id={ "h-" (a.slug) } { (a.name) }
                    @if !a.description.is_empty() { p { (a.description) } }
                    dl.facts {
                        dt { (cx.t("Status", "Status")) } dd { span.tag { (label(cx, &a.status)) } }
                        dt { (cx.t("Hemvist", "Home organisation")) }
                        dd { @match &a.home_organisation { Some(o) => (entry_link("/organisationer", o)), None => (layout::none(cx)) } }
                        dt { (cx.t("Bidragande", "Contributors")) } dd { (orgs(cx, &a.contributors)) }
                        (layout::source(cx, &a.source))
                        (documents_of(cx, docs, a.meta.id))
                    }
                }
            }
            (pager(cx, total, page.limit, page.offset, areas.len()))
        },
    )
}

// ---- /grunddatadomaner ------------------------------------------------------------------

pub async fn base_data_domains(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let page = page_of(&cx);
    let filter = enum_param::<Phase>(&cx, "phase").map(|phase| base_data_domains::Filter {
        phase,
        q: cx.param("q").map(str::to_string),
        ..Default::default()
    });
    let p = page.clone();
    let found = super::with_filter(&state, filter, move |c, f| {
        let (ds, total) = base_data_domains::list(c, &f, &p)?;
        Ok((ds, total, scoped_documents(c, ScopeKind::Grunddatadoman)?))
    })
    .await;
    respond(
        &cx,
        found.map(|(ds, total, docs)| render_domains(&cx, &ds, total, &docs, &page)),
    )
}

fn render_domains(
    cx: &Cx,
    ds: &[BaseDataDomain],
    total: i64,
    docs: &[Document],
    page: &PageRequest,
) -> Markup {
    let title = cx.t("Grunddatadomäner", "Base-data domains");
    shell(
        cx,
        title,
        html! {
            h1 { (title) }
            p.lede { (cx.t("Grunddata som flera behöver, ordnade i domäner med en ansvarig organisation och producenter.",
                           "Base data that many need, in domains with a responsible organisation and producers.")) }
            (more(cx))
            form.filters action="/grunddatadomaner" method="get" {
                (search_field(cx))
                (select(cx, "phase", cx.t("Fas", "Phase"), Phase::ALL, cx.param("phase")))
                button type="submit" { (cx.t("Visa", "Show")) }
            }
            @if ds.is_empty() {
                p role="status" { (cx.t("Inga grunddatadomäner matchar.", "No base-data domain matches.")) }
            }
            @for d in ds {
                section.entry id=(d.slug) aria-labelledby={ "h-" (d.slug) } {
                    h2 id={ "h-" (d.slug) } { (d.name) }
                    @if !d.description.is_empty() { p { (d.description) } }
                    dl.facts {
                        dt { (cx.t("Fas", "Phase")) } dd { (phase(cx, d.phase)) }
                        dt { (cx.t("Ansvarig", "Responsible")) }
                        dd { @match &d.responsible { Some(o) => (entry_link("/organisationer", o)), None => (layout::none(cx)) } }
                        @if let Some(l) = &d.analysis_lead {
                            dt { (cx.t("Leder den utforskande utvecklingen", "Leads the exploratory work")) }
                            dd { (entry_link("/organisationer", l)) }
                        }
                        dt { (cx.t("Producenter", "Producers")) } dd { (orgs(cx, &d.producers)) }
                        dt { (cx.t("Analyser", "Analyses")) }
                        dd {
                            (cx.t("finansiering", "funding")) " " (layout::work(cx, d.analyses.funding)) ", "
                            (cx.t("juridik", "legal")) " " (layout::work(cx, d.analyses.legal)) ", "
                            (cx.t("risk", "risk")) " " (layout::work(cx, d.analyses.risk)) ", "
                            (cx.t("nytta", "benefit")) " " (layout::work(cx, d.analyses.benefit))
                        }
                        (layout::source(cx, &d.source))
                        (documents_of(cx, docs, d.meta.id))
                    }
                }
            }
            (pager(cx, total, page.limit, page.offset, ds.len()))
        },
    )
}

// ---- /ideer -----------------------------------------------------------------------------

pub async fn ideas(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let page = page_of(&cx);
    let filter = enum_param(&cx, "status").map(|status| idea_candidates::Filter {
        status,
        ..Default::default()
    });
    let p = page.clone();
    let found =
        super::with_filter(&state, filter, move |c, f| idea_candidates::list(c, &f, &p)).await;
    respond(
        &cx,
        found.map(|(ideas, total)| render_ideas(&cx, &ideas, total, &page)),
    )
}

fn render_ideas(cx: &Cx, ideas: &[IdeaCandidate], total: i64, page: &PageRequest) -> Markup {
    let title = cx.t("Idékandidater", "Idea candidates");
    shell(
        cx,
        title,
        html! {
            h1 { (title) }
            p.lede { (cx.t("Behov som någon föreslagit ska bli byggblock. Infrastrukturansvarig kvalificerar, prioriterar, avslår eller antar dem; en antagen kandidat blir ett byggblock i fas Idé.",
                           "Needs someone proposed to become building blocks. The infrastructure owner qualifies, prioritises, rejects or accepts them; an accepted candidate becomes a building block in phase Idea.")) }
            (more(cx))
            form.filters action="/ideer" method="get" {
                (select(cx, "status", cx.t("Status", "Status"), IdeaStatus::ALL, cx.param("status")))
                button type="submit" { (cx.t("Visa", "Show")) }
            }
            @if ideas.is_empty() {
                p role="status" { (cx.t("Inga idékandidater matchar.", "No idea candidate matches.")) }
            } @else {
                (table(cx, title, &[
                    Text("Idékandidat", "Idea candidate"), Text("Föreslagen av", "Proposed by"),
                    Text("Status", "Status"), Num("Prioritet", "Priority"),
                ], ideas, |i| html! {
                    th scope="row" { a href={ "/ideer/" (i.meta.id) } { (i.title) } }
                    td { (entry_link("/organisationer", &i.proposer)) }
                    td { span class={ "tag idea-" (i.status.as_str()) } { (label(cx, &i.status)) } }
                    td.num { @match i.priority { Some(p) => (p), None => "–" } }
                }))
            }
            (pager(cx, total, page.limit, page.offset, ideas.len()))
        },
    )
}

struct IdeaPage {
    idea: IdeaCandidate,
    /// The change log of the candidate, oldest first: one entry per step.
    steps: Vec<Change>,
    /// Whether the person signed in may accept it (the infrastructure owner).
    can_accept: bool,
}

fn load_idea(c: &mut DbConnection, key: Key) -> Result<IdeaPage> {
    let idea = idea_candidates::get(c, &key)?;
    let (mut steps, _) =
        changes::of_entry(c, idea_candidates::ENTITY, &idea.meta.id.to_string(), 200)?;
    steps.reverse();
    Ok(IdeaPage {
        idea,
        steps,
        can_accept: false,
    })
}

pub async fn idea(state: State, req: HttpRequest, id: web::Path<String>) -> HttpResponse {
    let cx = Cx::of(&req);
    let key = Key::parse(&id);
    let p = state.db.run(move |c| load_idea(c, key)).await;
    let can = super::may_register(
        &state,
        &cx,
        domain::permissions::Action::HandleIdeaCandidate,
    )
    .await;
    respond(
        &cx,
        p.map(|p| {
            render_idea(
                &cx,
                &IdeaPage {
                    can_accept: can,
                    ..p
                },
            )
        }),
    )
}

/// What a logged change of a candidate did, in words.
fn step_text(cx: &Cx, ch: &Change) -> String {
    let field = |v: &Option<serde_json::Value>, name: &str| {
        v.as_ref()
            .and_then(|v| v.get(name))
            .cloned()
            .unwrap_or(serde_json::Value::Null)
    };
    let status = |v: &Option<serde_json::Value>| {
        field(v, "status")
            .as_str()
            .and_then(|s| s.parse::<IdeaStatus>().ok())
    };
    if ch.operation == "create" {
        return cx.t("Föreslagen", "Proposed").to_string();
    }
    let (before, after) = (status(&ch.before), status(&ch.after));
    match after {
        Some(s) if before != after => label(cx, &s).to_string(),
        _ if field(&ch.before, "priority") != field(&ch.after, "priority") => {
            match field(&ch.after, "priority").as_i64() {
                Some(p) => format!("{} {p}", cx.t("Prioriterad:", "Prioritised:")),
                None => cx.t("Prioritet ändrad", "Priority changed").to_string(),
            }
        }
        _ => super::blocks::operation(cx, &ch.operation).to_string(),
    }
}

fn render_idea(cx: &Cx, p: &IdeaPage) -> Markup {
    let i = &p.idea;
    shell(
        cx,
        &i.title,
        html! {
            p.muted { a href="/ideer" { (cx.t("Idékandidater", "Idea candidates")) } }
            h1 { (i.title) }
            @if p.can_accept && i.status == IdeaStatus::Kvalificerad {
                p.actions { a.button href={ "/ideer/" (i.meta.id) "/anta" } { (cx.t("Anta som byggblock", "Accept as a building block")) } }
            }
            p.lede { (i.need) }
            dl.facts {
                dt { (cx.t("Status", "Status")) } dd { span class={ "tag idea-" (i.status.as_str()) } { (label(cx, &i.status)) } }
                dt { (cx.t("Föreslagen av", "Proposed by")) } dd { (entry_link("/organisationer", &i.proposer)) }
                dt { (cx.t("Berörda aktörer", "Actors concerned")) }
                dd { @if i.affected_actors.is_empty() { (layout::none(cx)) } @else { (i.affected_actors.join(", ")) } }
                dt { (cx.t("Prioritet", "Priority")) } dd { @match i.priority { Some(p) => (p), None => (layout::none(cx)) } }
                @if let Some(b) = &i.building_block {
                    dt { (cx.t("Byggblock", "Building block")) } dd { (entry_link("/byggblock", b)) }
                }
            }
            @if let Some(a) = &i.assessment {
                h2 { (cx.t("Kvalificering", "Qualification")) }
                p { (a) }
            }
            @if let Some(r) = &i.rejection_reason {
                h2 { (cx.t("Skäl för avslag", "Reason for rejection")) }
                p { (r) }
            }
            h2 { (cx.t("Steg", "Steps")) }
            @if p.steps.is_empty() {
                p { (cx.t("Inga steg är loggade.", "No step is logged.")) }
            } @else {
                ol.steps { @for ch in &p.steps { li {
                    strong { (step_text(cx, ch)) } " · " (date_time(&ch.at)) " · " (ch.actor)
                } } }
            }
        },
    )
}

// ---- /finansiering ----------------------------------------------------------------------

struct Funding {
    summary: Vec<FundingSummary>,
    needs: Vec<FundingNeed>,
    benefits: Vec<Benefit>,
}

fn load_funding(c: &mut DbConnection) -> Result<Funding> {
    Ok(Funding {
        summary: funding_needs::summary(c, None, None)?,
        needs: funding_needs::list(c, &Default::default(), &all())?.0,
        benefits: benefits::list(c, &Default::default(), &all())?.0,
    })
}

pub async fn funding(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let f = state.db.run(|c| load_funding(c)).await;
    respond(&cx, f.map(|f| render_funding(&cx, &f)))
}

/// Thousands separated by a narrow no-break space, as Swedish and SI style both allow.
fn amount(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(ch);
    }
    if n < 0 {
        format!("−{out}")
    } else {
        out
    }
}

/// One row of the per-subject table: whose the needs are (a link to the entry, or the label
/// where none is registered), the amount per year (None when nothing is estimated that year),
/// and whether some need that year is not yet estimated.
struct SubjectRow {
    kind: ScopeKind,
    name: String,
    href: Option<String>,
    years: BTreeMap<i32, (i64, bool)>,
}

/// Whose a need is, as the table shows it: (kind, name, link).
fn subject_of(n: &FundingNeed) -> (ScopeKind, String, Option<String>) {
    let linked = |base: &str, sep: &str, r: &openapi::EntryRef| {
        let key = r.slug.clone().unwrap_or_else(|| r.id.to_string());
        (r.name.clone(), Some(format!("{base}{sep}{key}")))
    };
    let (name, href) = match (&n.building_block, &n.base_data_domain, &n.competence_area) {
        (Some(b), _, _) => linked("/byggblock", "/", b),
        (_, Some(d), _) => linked("/grunddatadomaner", "#", d),
        (_, _, Some(a)) => linked("/kompetensomraden", "#", a),
        _ => (n.label.clone().unwrap_or_default(), None),
    };
    (n.subject_kind, name, href)
}

fn by_subject(needs: &[FundingNeed]) -> Vec<SubjectRow> {
    let mut rows: Vec<SubjectRow> = vec![];
    for n in needs {
        let (kind, name, href) = subject_of(n);
        let row = match rows
            .iter_mut()
            .position(|r| r.kind == kind && r.name == name && r.href == href)
        {
            Some(i) => &mut rows[i],
            None => {
                rows.push(SubjectRow {
                    kind,
                    name,
                    href,
                    years: BTreeMap::new(),
                });
                rows.last_mut().expect("just pushed")
            }
        };
        let cell = row.years.entry(n.year).or_insert((0, false));
        match n.amount_ksek {
            Some(a) => cell.0 += a,
            None => cell.1 = true,
        }
    }
    // The blocks first (named, then not yet named), then the domains, the competence areas
    // and the infrastructure owner's own work, as the report's tables run (001 §7.5).
    let order = |k: ScopeKind| match k {
        ScopeKind::Byggblock => 0,
        ScopeKind::Grunddatadoman => 1,
        ScopeKind::Kompetensomrade => 2,
        ScopeKind::Infrastruktur => 3,
    };
    rows.sort_by(|a, b| {
        (order(a.kind), a.href.is_none(), &a.name).cmp(&(order(b.kind), b.href.is_none(), &b.name))
    });
    rows
}

fn render_funding(cx: &Cx, f: &Funding) -> Markup {
    let title = cx.t("Finansiering och nyttor", "Funding and benefits");
    let years: Vec<i32> = f.summary.iter().map(|s| s.year).collect();
    let blocks = by_subject(&f.needs);
    let total: i64 = f.summary.iter().map(|s| s.amount_ksek).sum();
    // Benefits summed per kind and per category (None: the whole infrastructure).
    let mut per_kind: BTreeMap<usize, (BenefitKind, i64, usize)> = BTreeMap::new();
    let mut per_category: BTreeMap<Option<usize>, (Option<Category>, i64, usize)> = BTreeMap::new();
    for b in &f.benefits {
        let k = BenefitKind::ALL
            .iter()
            .position(|x| *x == b.kind)
            .unwrap_or(0);
        let e = per_kind.entry(k).or_insert((b.kind, 0, 0));
        e.1 += b.value_sek;
        e.2 += 1;
        let c = b
            .category
            .and_then(|c| Category::ALL.iter().position(|x| *x == c));
        let e = per_category.entry(c).or_insert((b.category, 0, 0));
        e.1 += b.value_sek;
        e.2 += 1;
    }
    shell(
        cx,
        title,
        html! {
            h1 { (title) }
            p.lede { (cx.t("Finansieringsbehoven per år, för byggblocken och för infrastrukturansvarigs och kompetensområdenas arbete, och de nyttor som beräknats. Belopp i tusen kronor (tkr) där inget annat anges.",
                           "The funding needs per year, of the building blocks and of the work of the infrastructure owner and the competence areas, and the benefits estimated. Amounts in thousands of kronor (kSEK) unless stated otherwise.")) }
            (more(cx))
            h2 { (cx.t("Finansieringsbehov per år", "Funding need per year")) }
            @if f.summary.is_empty() {
                p { (cx.t("Inga finansieringsbehov är registrerade.", "No funding need is registered.")) }
            } @else {
                div.table-wrap { table {
                    caption.visually-hidden { (cx.t("Finansieringsbehov per år", "Funding need per year")) }
                    (table::head(cx, &[
                        Text("År", "Year"),
                        Num("Uppskattat belopp (tkr)", "Estimated amount (kSEK)"),
                        Num("Uppskattade behov", "Needs estimated"),
                        Num("Ej uppskattade behov", "Needs not estimated"),
                    ]))
                    tbody { @for s in &f.summary { tr {
                        th scope="row" { (s.year) }
                        td.num { (amount(s.amount_ksek)) }
                        td.num { (s.estimated_count) }
                        td.num { (s.not_estimated_count) }
                    } } }
                    tfoot { tr {
                        th scope="row" { (cx.t("Totalt", "Total")) }
                        td.num { (amount(total)) }
                        td.num { (f.summary.iter().map(|s| s.estimated_count).sum::<i64>()) }
                        td.num { (f.summary.iter().map(|s| s.not_estimated_count).sum::<i64>()) }
                    } }
                } }
                h2 { (cx.t("Finansieringsbehov per byggblock och område", "Funding need per building block and area")) }
                p.muted { (cx.t("”ej uppsk.” betyder att minst ett behov det året ännu inte är uppskattat.",
                                "“not est.” means that at least one need that year is not estimated yet.")) }
                div.table-wrap { table.funding {
                    caption.visually-hidden { (cx.t("Finansieringsbehov per byggblock, område och år (tkr)", "Funding need per building block, area and year (kSEK)")) }
                    thead { tr {
                        th scope="col" { (cx.t("Byggblock eller område", "Building block or area")) }
                        @for y in &years { th scope="col" class="num" { (y) } }
                        th scope="col" class="num" { (cx.t("Summa", "Sum")) }
                    } }
                    tbody { @for r in &blocks { tr {
                        th scope="row" { @match &r.href { Some(h) => a href=(h) { (r.name) }, None => (r.name) } }
                        @for y in &years {
                            td.num { @match r.years.get(y) {
                                None => "–",
                                Some((a, open)) => {
                                    @if *a > 0 || !*open { (amount(*a)) }
                                    @if *open { @if *a > 0 { br; } span.muted { (cx.t("ej uppsk.", "not est.")) } }
                                }
                            } }
                        }
                        td.num { (amount(r.years.values().map(|(a, _)| a).sum())) }
                    } } }
                } }
            }
            h2 { (cx.t("Nyttor", "Benefits")) }
            @if f.benefits.is_empty() {
                p { (cx.t("Inga nyttor är registrerade.", "No benefit is registered.")) }
            } @else {
                div.columns {
                    div.table-wrap { table {
                        caption { (cx.t("Per slag av nytta", "Per kind of benefit")) }
                        (table::head(cx, &[
                            Text("Slag", "Kind"), Num("Värde (kr)", "Value (SEK)"),
                            Num("Antal", "Count"),
                        ]))
                        tbody { @for (kind, v, n) in per_kind.values() { tr {
                            th scope="row" { (label(cx, kind)) }
                            td.num { (amount(*v)) }
                            td.num { (n) }
                        } } }
                    } }
                    div.table-wrap { table {
                        caption { (cx.t("Per kategori", "Per category")) }
                        (table::head(cx, &[
                            Text("Kategori", "Category"), Num("Värde (kr)", "Value (SEK)"),
                            Num("Antal", "Count"),
                        ]))
                        tbody { @for (cat, v, n) in per_category.values() { tr {
                            th scope="row" { @match cat {
                                Some(c) => a href={ "/byggblock?category=" (c.as_str()) } { (label(cx, c)) },
                                None => (cx.t("Hela infrastrukturen", "The whole infrastructure")),
                            } }
                            td.num { (amount(*v)) }
                            td.num { (n) }
                        } } }
                    } }
                }
                h3 { (cx.t("Alla nyttor", "Every benefit")) }
                ul { @for b in &f.benefits { li {
                    strong { (label(cx, &b.kind)) } ": " (b.description) " – " (amount(b.value_sek)) " kr, "
                    (b.years) " " (cx.t("år", "years"))
                    @if !b.building_blocks.is_empty() {
                        " (" @for (i, r) in b.building_blocks.iter().enumerate() { @if i > 0 { ", " } (entry_link("/byggblock", r)) } ")"
                    }
                } } }
            }
        },
    )
}

/// `/ideer/{id}/anta`: the infrastructure owner accepts a qualified candidate, as
/// `POST /api/v1/idea-candidates/{id}/acceptance`: its building block is created in phase Idé
/// with the responsible organisation appointed.
pub struct Accept;

impl super::forms::Form for Accept {
    type Loaded = IdeaCandidate;
    type Input = openapi::IdeaAcceptanceInput;

    fn load(c: &mut DbConnection, key: Option<&crate::store::Key>) -> Result<IdeaCandidate> {
        let key = super::forms::required(key)?;
        idea_candidates::get(c, key)
    }
    fn title(cx: &Cx, i: &IdeaCandidate) -> String {
        format!("{} {}", cx.t("Anta", "Accept"), i.title)
    }
    fn back(_: &Cx, i: &IdeaCandidate) -> (String, String) {
        (format!("/ideer/{}", i.meta.id), i.title.clone())
    }
    fn fields(cx: &Cx, _: &IdeaCandidate) -> Vec<super::forms::Field> {
        use super::forms::{choices, Field, Kind};
        vec![
            Field::new(
                "slug",
                cx.t("Byggblockets kortnamn", "The block's short name"),
                Kind::Text,
            )
            .hint(cx.t(
                "Gemener, siffror och bindestreck, t.ex. samtycken.",
                "Lower case, digits and hyphens, e.g. samtycken.",
            )),
            Field::new(
                "name",
                cx.t("Byggblockets namn", "The block's name"),
                Kind::Text,
            )
            .hint(cx.t(
                "Kandidatens titel om det lämnas tomt.",
                "The candidate's title when left empty.",
            ))
            .optional(),
            Field::new(
                "category",
                cx.t("Kategori", "Category"),
                Kind::Choice(choices(cx, Category::ALL)),
            ),
            Field::new(
                "responsible",
                cx.t("Ansvarig organisation", "Responsible organisation"),
                Kind::Text,
            )
            .hint(cx.t(
                "Organisationens kortnamn, t.ex. skatteverket.",
                "The organisation's short name, e.g. skatteverket.",
            )),
        ]
    }
    fn base(i: &IdeaCandidate, _: &super::session::Signed) -> serde_json::Value {
        let proposer = i
            .proposer
            .slug
            .clone()
            .unwrap_or_else(|| i.proposer.id.to_string());
        serde_json::json!({ "slug": "", "category": Category::ALL[0], "responsible": proposer })
    }
    fn intro(cx: &Cx, i: &IdeaCandidate) -> Markup {
        html! { p.lede { (cx.t("Behovet:", "The need:")) " " (i.need) } }
    }
    fn submit(cx: &Cx) -> String {
        cx.t("Anta kandidaten", "Accept the candidate").into()
    }
    fn run(
        c: &mut DbConnection,
        at: Call<'_>,
        input: openapi::IdeaAcceptanceInput,
    ) -> Result<String> {
        let Call { who, ctx, key, .. } = at;
        let key = super::forms::required(key)?;
        let i = crate::commands::handle_idea(c, who, ctx, key, input, idea_candidates::accept)?;
        Ok(match i.building_block {
            Some(b) => format!("/byggblock/{}", b.slug.unwrap_or_else(|| b.id.to_string())),
            None => format!("/ideer/{}", i.meta.id),
        })
    }
}
