//! `/beroenden`: the dependency graph of the whole register, drawn and as a table; `/faser`:
//! the building blocks in a column per phase, Idé to Avveckling, with the counts.

use std::collections::HashMap;

use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use openapi::{BuildingBlock, BuildingBlockGraph, BuildingBlockRoadmap, Labelled, Phase};
use uuid::Uuid;

use super::layout::{self, label, pager, phase, shell};
use super::table::{table, Text};
use super::{respond, svg, Cx, State};
use crate::error::Error;
use crate::store::{building_blocks, views, PageRequest};

/// Rows of the graph's table per page.
const PAGE: usize = 100;
/// Blocks listed per phase column; the rest are a link away.
const PER_PHASE: i64 = 60;

pub async fn dependencies(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let g = state.db.run(|c| views::graph(c)).await;
    let page = match g {
        // The layout is computation, not I/O: off the async workers.
        Ok(g) => {
            let cx2 = Cx::of(&req);
            web::block(move || render_dependencies(&cx2, &g))
                .await
                .map_err(Error::internal)
        }
        Err(e) => Err(e),
    };
    respond(&cx, page)
}

fn render_dependencies(cx: &Cx, g: &BuildingBlockGraph) -> Markup {
    let title = cx.t(
        "Beroenden mellan byggblocken",
        "Dependencies between the building blocks",
    );
    let by_id: HashMap<Uuid, usize> = g.nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    let mut uses: Vec<Vec<usize>> = vec![vec![]; g.nodes.len()];
    let mut used_by: Vec<Vec<usize>> = vec![vec![]; g.nodes.len()];
    for e in &g.edges {
        if let (Some(&f), Some(&t)) = (by_id.get(&e.from), by_id.get(&e.to)) {
            uses[f].push(t);
            used_by[t].push(f);
        }
    }
    let name_order = |v: &mut Vec<usize>| v.sort_by(|a, b| g.nodes[*a].name.cmp(&g.nodes[*b].name));
    uses.iter_mut().for_each(name_order);
    used_by.iter_mut().for_each(name_order);
    let mut order: Vec<usize> = (0..g.nodes.len()).collect();
    name_order(&mut order);
    let offset = layout::offset(cx) as usize;
    let rows: Vec<usize> = order.iter().skip(offset).take(PAGE).copied().collect();
    let figure = svg::graph_figure(cx, "beroendegraf", g, None);
    let link = |i: usize| {
        let n = &g.nodes[i];
        html! { a href={ "/byggblock/" (n.slug) } { (n.name) } }
    };
    shell(
        cx,
        title,
        html! {
            h1 { (title) }
            p.lede { (cx.t(
                "Vilka byggblock som bygger på vilka. En pil går från ett byggblock till det byggblock det beror på; rutornas färg och text visar fasen.",
                "Which building blocks build on which. An arrow goes from a block to the block it depends on; the colour and text of each box show its phase.")) }
            p { (g.nodes.len()) " " (cx.t("byggblock", "building blocks")) " · " (g.edges.len()) " " (cx.t("beroenden", "dependencies")) }
            @if g.edges.is_empty() && !g.nodes.is_empty() {
                p role="status" { (cx.t("Inga beroenden mellan byggblocken är registrerade ännu.", "No dependency between the blocks is recorded yet.")) }
            }
            @match figure {
                Some(f) => {
                    figure.chart.graph {
                        (crate::ui::svg::scrolling(cx, f))
                        figcaption { (cx.t("Beroendegrafen; en bred graf rullas i sidled. Tabellen nedan har samma uppgifter med länkar till varje byggblock.",
                                          "The dependency graph; a wide graph scrolls sideways. The table below holds the same data, with links to each block.")) }
                    }
                    (legend(cx))
                }
                None => {
                    @if g.nodes.len() > svg::MAX_GRAPH_NODES {
                        p role="status" { (cx.t("Registret har", "The register has")) " " (g.nodes.len()) " "
                            (cx.t("byggblock, fler än en graf kan visa läsbart; beroendena finns i tabellen.",
                                  "building blocks, more than a graph can show legibly; the dependencies are in the table.")) }
                    }
                }
            }
            h2 { (cx.t("Beroenden per byggblock", "Dependencies by block")) }
            @if rows.is_empty() {
                p { (cx.t("Inga byggblock att visa.", "No building block to show.")) }
            } @else {
                (table(cx, cx.t("Beroenden per byggblock", "Dependencies by block"), &[
                    Text("Byggblock", "Building block"), Text("Fas", "Phase"),
                    Text("Beror på", "Depends on"), Text("Används av", "Used by"),
                ], &rows, |i| html! {
                    th scope="row" { (link(*i)) }
                    td { (phase(cx, g.nodes[*i].phase)) }
                    td { @if uses[*i].is_empty() { (layout::none(cx)) } @else {
                        ul.inline { @for t in &uses[*i] { li { (link(*t)) } } } } }
                    td { @if used_by[*i].is_empty() { (layout::none(cx)) } @else {
                        ul.inline { @for t in &used_by[*i] { li { (link(*t)) } } } } }
                }))
            }
            (pager(cx, g.nodes.len() as i64, PAGE as i64, offset as i64, rows.len()))
            p { a href="/faser" { (cx.t("Byggblocken per fas", "The building blocks by phase")) } }
        },
    )
}

/// The phases' colours in words, under a graph.
pub fn legend(cx: &Cx) -> Markup {
    html! {
        ul.inline.legend aria-label=(cx.t("Faser", "Phases")) {
            @for p in Phase::ALL { li { (phase(cx, *p)) } }
        }
    }
}

pub async fn phases(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let found = state
        .db
        .run(|c| {
            Phase::ALL
                .iter()
                .map(|p| {
                    let (blocks, total) = building_blocks::list(
                        c,
                        &building_blocks::Filter {
                            phase: Some(*p),
                            ..Default::default()
                        },
                        &PageRequest::first(PER_PHASE),
                    )?;
                    Ok((*p, blocks, total))
                })
                .collect::<Result<Vec<_>, Error>>()
        })
        .await;
    respond(&cx, found.map(|cols| render_phases(&cx, &cols)))
}

fn render_phases(cx: &Cx, cols: &[(Phase, Vec<BuildingBlock>, i64)]) -> Markup {
    let title = cx.t("Byggblocken per fas", "The building blocks by phase");
    let total: i64 = cols.iter().map(|c| c.2).sum();
    let counts: Vec<(String, i64)> = cols
        .iter()
        .map(|(p, _, n)| (label(cx, p).to_string(), *n))
        .collect();
    let desc = format!(
        "{} {} {}",
        cx.t(
            "Antal byggblock i varje fas, av sammanlagt",
            "Number of building blocks in each phase, of"
        ),
        total,
        cx.t("byggblock.", "building blocks in all."),
    );
    let chart = svg::bar_chart(
        cx,
        "faser-antal",
        cx.t("Antal byggblock per fas", "Building blocks per phase"),
        &desc,
        cx.t("antal", "count"),
        &counts,
    );
    shell(
        cx,
        title,
        html! {
            h1 { (title) }
            p.lede { (cx.t(
                "Varje byggblock går genom faserna Idé, Analys och krav, Utveckling, Införande, Förvaltning och Avveckling; ett fasbeslut flyttar det från en fas till nästa.",
                "Every building block passes through the phases Idea, Analysis and requirements, Development, Introduction, Operation and maintenance, and Decommissioning; a phase decision moves it from one phase to the next.")) }
            p { (total) " " (cx.t("byggblock i registret.", "building blocks in the register.")) }
            ol.phase-board {
                @for (p, blocks, n) in cols {
                    li class={ "phase-col phase-col-" (p.slug()) } {
                        h2 id={ "fas-" (p.slug()) } { (label(cx, p)) " " span.count { "(" (n) ")" } }
                        @if blocks.is_empty() {
                            p { (layout::none(cx)) }
                        } @else {
                            ul { @for b in blocks { li { a href={ "/byggblock/" (b.slug) } { (b.name) } } } }
                        }
                        @if *n > blocks.len() as i64 || *n > 0 {
                            p.more { a href={ "/byggblock?phase=" (p.slug()) } {
                                @if *n > blocks.len() as i64 { (cx.t("Alla", "All")) " " (n) " " }
                                @else { (cx.t("Som lista", "As a list")) }
                                span.visually-hidden { " – " (label(cx, p)) }
                            } }
                        }
                    }
                }
            }
            @if let Some(chart) = chart {
                h2 { (cx.t("Antal per fas", "Count by phase")) }
                figure.chart {
                    (crate::ui::svg::scrolling(cx, chart))
                    figcaption { (cx.t("Antalet byggblock i varje fas; samma tal står i kolumnernas rubriker ovan.",
                                      "The number of building blocks in each phase; the column headings above give the same numbers.")) }
                }
            }
            p { a href="/beroenden" { (cx.t("Beroenden mellan byggblocken", "Dependencies between the building blocks")) } }
        },
    )
}

/// The block page's graph: the block with the blocks it depends on and those that depend on
/// it (the lists beside it are its text); nothing when it stands alone.
pub fn block_graph(cx: &Cx, g: &BuildingBlockGraph, block: Uuid) -> Markup {
    if g.edges.is_empty() {
        return html! {};
    }
    html! {
        @if let Some(f) = svg::graph_figure(cx, "blockgraf", g, Some(block)) {
            figure.chart.graph {
                (crate::ui::svg::scrolling(cx, f))
                figcaption { (cx.t(
                    "Byggblocket (tjock ram) med de byggblock det beror på och de som beror på det. Listorna nedan har samma uppgifter.",
                    "The block (thick outline) with the blocks it depends on and those that depend on it. The lists below hold the same data.")) }
            }
        }
    }
}

/// The block page's roadmap figure, beside the tables of phase decisions and milestones.
pub fn roadmap(cx: &Cx, r: &BuildingBlockRoadmap) -> Markup {
    let today = chrono::Utc::now().date_naive();
    html! {
        @if let Some(f) = svg::roadmap_figure(cx, "fardplan", r, today) {
            figure.chart {
                (crate::ui::svg::scrolling(cx, f))
                figcaption { (cx.t(
                    "Färdplanen: fasbeslut och milstolpar per kvartal. Tabellerna över fasbeslut och milstolpar har samma uppgifter.",
                    "The roadmap: phase decisions and milestones by quarter. The tables of phase decisions and milestones hold the same data.")) }
            }
        }
    }
}

/// The block page's funding bars, beside the table of its funding needs (years without an
/// estimated amount are in the table only).
pub fn funding(cx: &Cx, r: &BuildingBlockRoadmap) -> Markup {
    let data: Vec<(i32, i64)> = r
        .funding
        .iter()
        .filter_map(|f| Some((f.year, f.amount_ksek?)))
        .collect();
    html! {
        @if let Some(f) = svg::funding_chart(cx, "finansiering", &data) {
            figure.chart {
                (crate::ui::svg::scrolling(cx, f))
                figcaption { (cx.t("Finansieringsbehovet per år i tusental kronor; tabellen nedan har samma belopp.",
                                  "The funding need per year in thousands of SEK; the table below has the same amounts.")) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::Lang;
    use openapi::{Category, GraphEdge, GraphNode};

    fn cx(query: &[(&str, &str)]) -> Cx {
        Cx {
            lang: Lang::Sv,
            who: None,
            remember: false,
            path: "/beroenden".into(),
            query: query
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    fn graph(n: u128) -> BuildingBlockGraph {
        BuildingBlockGraph {
            nodes: (0..n)
                .map(|i| GraphNode {
                    id: Uuid::from_u128(i),
                    slug: format!("b{i:05}"),
                    name: format!("Block {i:05}"),
                    phase: Phase::Ide,
                    category: Category::Informationsutbyte,
                })
                .collect(),
            edges: (1..n)
                .map(|i| GraphEdge {
                    from: Uuid::from_u128(i),
                    to: Uuid::from_u128(i / 2),
                })
                .collect(),
        }
    }

    #[test]
    fn a_large_register_gets_the_table_only_and_in_pages() {
        let g = graph(10_000);
        let t = std::time::Instant::now();
        let page = render_dependencies(&cx(&[("offset", "200")]), &g).into_string();
        assert!(t.elapsed().as_secs() < 10, "{:?}", t.elapsed());
        assert!(!page.contains("<svg"));
        assert!(page.contains("fler än en graf kan visa läsbart"));
        assert_eq!(page.matches("<tr><th scope=\"row\">").count(), PAGE);
        assert!(page.contains(">Block 00200<") && !page.contains(">Block 00199</a></th>"));
        assert!(page.contains("offset=300"));
    }

    #[test]
    fn a_small_register_is_drawn() {
        let page = render_dependencies(&cx(&[]), &graph(12)).into_string();
        assert_eq!(page.matches("<svg").count(), 1);
        assert_eq!(page.matches("class=\"node\"").count(), 12);
    }
}
