//! `/`: the register at a glance (the 2020 report's status table as it stands now, counts per
//! phase, late milestones, recent decisions), and `/sok`: one search over every kind of entry.

use actix_web::{HttpRequest, HttpResponse};
use maud::{html, Markup};
use openapi::{BuildingBlock, BuildingBlockFacets, Category, Milestone, PhaseDecision};

use super::layout::{self, entry_link, phase, shell, work};
use super::table::{self, Text};
use super::{respond, Cx, State};
use crate::error::Result;
use crate::store::{
    apis, base_data_domains, building_blocks, competence_areas, documents, milestones,
    organisations, phase_decisions, plans, PageRequest, Session,
};

/// Blocks shown per category on the front page; the rest are a link away.
const PER_CATEGORY: i64 = 25;

struct Overview {
    facets: BuildingBlockFacets,
    by_category: Vec<(Category, Vec<BuildingBlock>, i64)>,
    late: (Vec<Milestone>, i64),
    decisions: Vec<PhaseDecision>,
}

fn overview(c: &mut Session) -> Result<Overview> {
    let facets = building_blocks::facets(c, &Default::default())?;
    let by_category = Category::ALL
        .iter()
        .map(|cat| {
            let f = building_blocks::Filter {
                category: Some(*cat),
                ..Default::default()
            };
            let (blocks, total) = building_blocks::list(c, &f, &PageRequest::first(PER_CATEGORY))?;
            Ok((*cat, blocks, total))
        })
        .collect::<Result<_>>()?;
    let late = milestones::list(
        c,
        &milestones::Filter {
            late: Some(true),
            ..Default::default()
        },
        &PageRequest::first(8),
    )?;
    let decisions = phase_decisions::newest(c, 5)?;
    Ok(Overview {
        facets,
        by_category,
        late,
        decisions,
    })
}

pub async fn page(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let o = state.db.run(overview).await;
    respond(&cx, o.map(|o| render(&cx, &o)))
}

fn render(cx: &Cx, o: &Overview) -> Markup {
    let title = cx.t("Byggblocksregistret", "The building-block register");
    shell(
        cx,
        cx.t("Översikt", "Overview"),
        html! {
            h1 { (title) }
            p.lede {
                (cx.t("Byggblocken i den förvaltningsgemensamma digitala infrastrukturen för informationsutbyte: vem som ansvarar, i vilken fas de är, vilka beslut som fattats och vilka API:er som finns.",
                      "The building blocks of Sweden's shared digital infrastructure for information exchange: who is responsible, which phase each is in, the decisions taken, and the APIs that implement them."))
            }
            section aria-labelledby="phases" {
                h2 #phases { (cx.t("Byggblock per fas", "Building blocks per phase")) }
                ul.cards {
                    @for f in &o.facets.phase {
                        @if let Some(slug) = &f.value {
                            li { a href={ "/byggblock?phase=" (slug) } {
                                span.count { (f.count) }
                                (label_of_phase(cx, slug))
                            } }
                        }
                    }
                }
                p { a href="/faser" { (cx.t("Faserna i överblick", "The phases at a glance")) } " · "
                    a href="/beroenden" { (cx.t("Beroenden mellan byggblocken", "Dependencies between the blocks")) } }
            }
            section aria-labelledby="status" {
                h2 #status { (cx.t("Status för byggblocken", "Status of the building blocks")) }
                p.muted { (cx.t("Som statustabellen i 2020 års rapport: ansvarig, fas och de fyra analyserna, per kategori.",
                                "As the status table of the 2020 report: responsible agency, phase and the four analyses, by category.")) }
                @for (cat, blocks, total) in &o.by_category {
                    @if *total > 0 {
                        (status_table(cx, *cat, blocks, *total))
                    }
                }
            }
            div.columns {
                section aria-labelledby="late" {
                    h2 #late { (cx.t("Försenade milstolpar", "Late milestones")) }
                    @if o.late.0.is_empty() {
                        p { (cx.t("Inga milstolpar är försenade.", "No milestone is late.")) }
                    } @else {
                        ul.plain {
                            @for m in &o.late.0 {
                                li {
                                    span.late { (m.due) } " · "
                                    (entry_link("/planer", &m.plan)) " " (m.number) ": " (m.description)
                                }
                            }
                        }
                        @if o.late.1 > o.late.0.len() as i64 {
                            p { a href="/planer?late=true" { (cx.t("Alla försenade milstolpar", "All late milestones")) " (" (o.late.1) ")" } }
                        }
                    }
                }
                section aria-labelledby="decisions" {
                    h2 #decisions { (cx.t("Senaste fasbesluten", "Recent phase decisions")) }
                    @if o.decisions.is_empty() {
                        p { (cx.t("Inga beslut är registrerade.", "No decisions are recorded.")) }
                    } @else {
                        ul.plain {
                            @for d in &o.decisions {
                                li {
                                    time datetime=(d.decision_date) { (d.decision_date) } " · "
                                    (subject_link(d)) ": "
                                    (phase(cx, d.from_phase)) " → " (phase(cx, d.phase))
                                    " (" (d.deciding_organisation.name) ")"
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// The label of a phase facet in the page's language (facets carry the Swedish one).
fn label_of_phase(cx: &Cx, slug: &str) -> String {
    slug.parse::<openapi::Phase>()
        .map(|p| cx.t(p.label_sv(), p.label_en()).to_string())
        .unwrap_or_else(|_| slug.to_string())
}

fn subject_link(d: &PhaseDecision) -> Markup {
    match d.subject_kind {
        openapi::ScopeKind::Byggblock => entry_link("/byggblock", &d.subject),
        _ => html! { (d.subject.name) },
    }
}

/// One category's blocks with their responsible agency, phase and the four analyses.
pub fn status_table(cx: &Cx, cat: Category, blocks: &[BuildingBlock], total: i64) -> Markup {
    html! {
        div.table-wrap {
            table.status {
                caption { (cx.t(cat.label_sv(), cat.label_en())) " (" (total) ")" }
                (table::head(cx, &[
                    Text("Byggblock", "Building block"), Text("Ansvarig", "Responsible"),
                    Text("Fas", "Phase"), Text("Finansiering", "Funding"), Text("Juridik", "Legal"),
                    Text("Risk", "Risk"), Text("Nytta", "Benefit"),
                ]))
                tbody {
                    @for b in blocks {
                        tr {
                            th scope="row" { a href={ "/byggblock/" (b.slug) } { (b.name) } }
                            td { @match &b.responsible { Some(r) => (entry_link("/organisationer", r)), None => (layout::none(cx)) } }
                            td { (phase(cx, b.phase)) }
                            td { (work(cx, b.analyses.funding)) }
                            td { (work(cx, b.analyses.legal)) }
                            td { (work(cx, b.analyses.risk)) }
                            td { (work(cx, b.analyses.benefit)) }
                        }
                    }
                }
            }
        }
        @if total > blocks.len() as i64 {
            p { a href={ "/byggblock?category=" (cat.as_str()) } {
                (cx.t("Alla byggblock i kategorin", "All building blocks of the category")) " (" (total) ")"
            } }
        }
    }
}

/// What a search found of one kind: its heading, the list page to see all, the hits (link
/// and name) and how many there are.
struct Found {
    sv: &'static str,
    en: &'static str,
    list: &'static str,
    hits: Vec<(String, String)>,
    total: i64,
}

const HITS: i64 = 10;

macro_rules! found {
    ($c:expr, $q:expr, $store:ident, $sv:literal, $en:literal, $list:literal, |$e:ident| $href:expr, $name:expr) => {{
        let f = $store::Filter {
            q: Some($q.clone()),
            ..Default::default()
        };
        let (items, total) = $store::list($c, &f, &PageRequest::first(HITS))?;
        Found {
            sv: $sv,
            en: $en,
            list: $list,
            hits: items.into_iter().map(|$e| ($href, $name)).collect(),
            total,
        }
    }};
}

fn search_all(c: &mut Session, q: String) -> Result<Vec<Found>> {
    Ok(vec![
        found!(
            c,
            q,
            building_blocks,
            "Byggblock",
            "Building blocks",
            "/byggblock",
            |e| format!("/byggblock/{}", e.slug),
            e.name
        ),
        found!(
            c,
            q,
            apis,
            "API:er",
            "APIs",
            "/api-katalog",
            |e| format!("/api-katalog/{}", e.meta.id),
            e.title.sv
        ),
        found!(
            c,
            q,
            documents,
            "Styrdokument",
            "Governing documents",
            "/styrdokument",
            |e| format!("/styrdokument/{}", e.meta.id),
            e.title
        ),
        found!(
            c,
            q,
            organisations,
            "Organisationer",
            "Organisations",
            "/organisationer",
            |e| format!("/organisationer/{}", e.slug),
            e.name
        ),
        found!(
            c,
            q,
            plans,
            "Planer",
            "Plans",
            "/planer",
            |e| format!("/planer/{}", e.slug),
            e.name
        ),
        found!(
            c,
            q,
            competence_areas,
            "Kompetensområden",
            "Competence areas",
            "/kompetensomraden",
            |e| format!("/kompetensomraden#{}", e.slug),
            e.name
        ),
        found!(
            c,
            q,
            base_data_domains,
            "Grunddatadomäner",
            "Base-data domains",
            "/grunddatadomaner",
            |e| format!("/grunddatadomaner#{}", e.slug),
            e.name
        ),
    ])
}

pub async fn search(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let q = cx.param("q").map(str::to_string);
    let found = match q.clone() {
        Some(q) => state.db.run(move |c| search_all(c, q)).await.map(Some),
        None => Ok(None),
    };
    respond(&cx, found.map(|f| render_search(&cx, q.as_deref(), f)))
}

fn render_search(cx: &Cx, q: Option<&str>, found: Option<Vec<Found>>) -> Markup {
    let title = cx.t("Sök", "Search");
    shell(
        cx,
        title,
        html! {
            h1 { (title) }
            form.filters action="/sok" method="get" role="search" {
                label for="q" { (cx.t("Sökord", "Search terms"))
                    input #q type="search" name="q" value=[q]; }
                button type="submit" { (cx.t("Sök", "Search")) }
            }
            @if let Some(found) = found {
                @let total: i64 = found.iter().map(|f| f.total).sum();
                p role="status" { (total) " " (cx.t("träffar", "results")) }
                div.results {
                    @for f in found.iter().filter(|f| f.total > 0) {
                        section {
                            h2 { (cx.t(f.sv, f.en)) " (" (f.total) ")" }
                            ul {
                                @for (href, name) in &f.hits { li { a href=(href) { (name) } } }
                            }
                            @if f.total > f.hits.len() as i64 {
                                p { a href=(super::href(f.list, &[("q".into(), q.unwrap_or_default().into())])) { (cx.t("Visa alla", "Show all")) } }
                            }
                        }
                    }
                }
            } @else {
                p { (cx.t("Sök bland byggblock, API:er, styrdokument, organisationer, planer, kompetensområden och grunddatadomäner.",
                          "Search building blocks, APIs, governing documents, organisations, plans, competence areas and base-data domains.")) }
            }
        },
    )
}
