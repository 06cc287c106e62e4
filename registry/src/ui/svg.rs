//! Figures drawn on the server as inline SVG: the dependency graph of the building blocks, a
//! block's roadmap on a quarter axis, and bars (funding need per year, blocks per phase).
//!
//! Pure functions from data to markup, no I/O. Every figure is an `<svg role="img">` named by
//! its `<title>` and `<desc>`, sized by its `viewBox` (its `width` is its natural size, so text
//! is drawn at 12–13 px; on a narrow screen the figure scrolls sideways in `.figure-scroll`
//! rather than shrinking its text), coloured with presentation attributes only (the CSP allows
//! no inline styles), and never the only way to the data: a table of the same data is beside it
//! or behind it in a `<details>`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use maud::{html, Markup};
use openapi::{BuildingBlockGraph, BuildingBlockRoadmap, GraphNode, Phase, WorkStatus};
use uuid::Uuid;

use super::layout::label;
use super::table::{self, Num, Text};
use super::Cx;

/// Above this many blocks the register's graph is not drawn (a layered layout of thousands
/// of boxes is neither quick nor readable); the table says it all instead.
pub const MAX_GRAPH_NODES: usize = 300;

const INK: &str = "#1b1d21";
const MUTED: &str = "#4a505a";
const LINE: &str = "#c9ced6";
const BRAND: &str = "#0b3d5c";
const LATE: &str = "#a4161a";
const OK: &str = "#1e6b34";

/// A phase's fill and outline: the badge colours of the stylesheet (dark text on light fills,
/// outlines ≥ 3:1 against white are not needed as the text carries the phase too).
pub fn phase_colours(p: Phase) -> (&'static str, &'static str) {
    match p {
        Phase::Ide => ("#f1ecf9", "#6f55a3"),
        Phase::AnalysOchKrav => ("#e5f0fb", "#3d6e9e"),
        Phase::Utveckling => ("#fff3d6", "#8a6a16"),
        Phase::Inforande => ("#e3f5ec", "#2f7a52"),
        Phase::Forvaltning => ("#dff0f2", "#2c6f79"),
        Phase::Avveckling => ("#eeeeee", "#6b6b6b"),
    }
}

/// A coordinate as SVG wants it: at most one decimal.
fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// A whole number with the page language's thousands separator.
pub fn number(cx: &Cx, v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let sep = cx.t("\u{a0}", ",");
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(ch);
    }
    if v < 0 {
        format!("−{out}")
    } else {
        out
    }
}

/// `text` cut to at most `max` characters, with an ellipsis when cut.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s = s.trim_end().to_string();
        s.push('…');
        s
    }
}

/// A name broken at spaces into at most two lines of `max` characters (the second clipped).
fn two_lines(text: &str, max: usize) -> Vec<String> {
    if text.chars().count() <= max {
        return vec![text.to_string()];
    }
    let mut first = String::new();
    let mut rest = String::new();
    for word in text.split_whitespace() {
        if rest.is_empty()
            && (first.is_empty() || first.chars().count() + 1 + word.chars().count() <= max)
        {
            if !first.is_empty() {
                first.push(' ');
            }
            first.push_str(word);
        } else {
            if !rest.is_empty() {
                rest.push(' ');
            }
            rest.push_str(word);
        }
    }
    vec![clip(&first, max), clip(&rest, max)]
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect()
}

/// A figure at its natural size in a box that scrolls sideways on a narrow screen; the box
/// takes keyboard focus, so it can be scrolled without a mouse.
pub fn scrolling(cx: &Cx, figure: impl maud::Render) -> Markup {
    html! {
        div.figure-scroll tabindex="0" role="region"
            aria-label=(cx.t("Figur, rullbar i sidled", "Figure, scrolls sideways")) { (figure) }
    }
}

/// The frame every figure shares: the `svg` with its name, description and natural size. A
/// figure is one picture (`role="img"`), but for the dependency graph, whose boxes are links:
/// a group, so that its links are links to a keyboard and a screen reader too.
fn frame(role: &str, id: &str, title: &str, desc: &str, w: f64, h: f64, body: Markup) -> Markup {
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role=(role)
            aria-labelledby={ (id) "-title " (id) "-desc" }
            viewBox={ "0 0 " (n(w)) " " (n(h)) } width=(n(w)) height=(n(h))
            font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
            font-size="13" fill=(INK) {
            title id={ (id) "-title" } { (title) }
            desc id={ (id) "-desc" } { (desc) }
            (body)
        }
    }
}

// ---------------------------------------------------------------------------------------
// The dependency graph

pub const NODE_W: f64 = 196.0;
pub const NODE_H: f64 = 64.0;
const GAP_X: f64 = 28.0;
/// The layout's own spacing between vertices: small, so that the bend points of long edges
/// pack closely; a box's layout width carries the rest of the gap between boxes.
const SPACING: f64 = 6.0;
const BOX_LAYOUT_W: f64 = NODE_W + GAP_X - SPACING;
const GAP_Y: f64 = 52.0;
const MARGIN: f64 = 16.0;
/// The width the components are packed into (the page's text column on a desktop).
const PACK_W: f64 = 1150.0;

/// A block placed in the figure: its box's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedNode {
    pub index: usize,
    pub x: f64,
    pub y: f64,
}

/// The graph laid out: a box per block (in the order of the graph's nodes), a path per
/// dependency, and the caption over the blocks that have none.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphLayout {
    pub nodes: Vec<PlacedNode>,
    /// `(from, to, path)`: node indices and the path's `d`, ending at `to`'s box.
    pub edges: Vec<(usize, usize, String)>,
    /// Where the label over the blocks without dependencies goes, if there are such blocks
    /// beside connected ones.
    pub isolated_label: Option<(f64, f64)>,
    pub width: f64,
    pub height: f64,
}

/// The distinct dependencies between known blocks, self-references left out, as node indices.
fn edge_indices(g: &BuildingBlockGraph) -> Vec<(usize, usize)> {
    let index: HashMap<Uuid, usize> = g.nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    let mut seen = BTreeSet::new();
    for e in &g.edges {
        if let (Some(&f), Some(&t)) = (index.get(&e.from), index.get(&e.to)) {
            if f != t {
                seen.insert((f, t));
            }
        }
    }
    seen.into_iter().collect()
}

/// The height of a rank: a box and the room for the edges under it.
const RANK_H: f64 = NODE_H + GAP_Y;
/// The width of a bend point of a long edge (a vertex of the layout that is no block).
const BEND_W: f64 = 8.0;

/// One connected group laid out: the boxes' top-left corners and the bend points of each
/// long edge (`(x, top of its rank)`), relative to the group's corner, and its size.
struct Group {
    boxes: Vec<(usize, f64, f64)>,
    bends: HashMap<(usize, usize), Vec<(f64, f64)>>,
    w: f64,
    h: f64,
}

/// Runs the layered layout over vertices `0..sizes.len()`, returning each connected
/// component's vertices with their centres.
fn sugiyama(sizes: &[f64], edges: &[(u32, u32)]) -> Vec<Vec<(usize, (f64, f64))>> {
    let vertices: Vec<(u32, (f64, f64))> = sizes
        .iter()
        .enumerate()
        .map(|(v, w)| (v as u32, (*w, RANK_H)))
        .collect();
    if vertices.is_empty() {
        return vec![];
    }
    let config = rust_sugiyama::configure::Config {
        vertex_spacing: SPACING,
        ..Default::default()
    };
    rust_sugiyama::from_vertices_and_edges(&vertices, edges, &config)
        .into_iter()
        .map(|(coords, _, _)| coords)
        .filter(|c| !c.is_empty())
        .collect()
}

/// The connected blocks (`connected[l]` is block `l` of the layout) laid out in groups. A
/// first pass gives each block its rank; a second lays out again with a bend point on every
/// rank a long edge crosses, so that the edge is routed around the boxes in between rather
/// than through them.
fn layout_groups(connected: &[usize], edges: &[(u32, u32)]) -> Vec<Group> {
    let m = connected.len();
    let mut rank = vec![0i64; m];
    for comp in sugiyama(&vec![BOX_LAYOUT_W; m], edges) {
        let min_y = comp.iter().map(|(_, (_, y))| *y).fold(f64::MAX, f64::min);
        for (v, (_, y)) in comp {
            rank[v] = ((y - min_y) / (RANK_H + SPACING)).round() as i64;
        }
    }
    let mut sizes = vec![BOX_LAYOUT_W; m];
    let mut chains: Vec<((usize, usize), Vec<usize>)> = vec![];
    let mut split: Vec<(u32, u32)> = vec![];
    for &(f, t) in edges {
        let span = rank[t as usize] - rank[f as usize];
        if span <= 1 {
            split.push((f, t));
            continue;
        }
        let mut prev = f;
        let mut bends = vec![];
        for _ in 1..span {
            let d = sizes.len();
            sizes.push(BEND_W);
            split.push((prev, d as u32));
            bends.push(d);
            prev = d as u32;
        }
        split.push((prev, t));
        chains.push(((f as usize, t as usize), bends));
    }
    sugiyama(&sizes, &split)
        .into_iter()
        .filter(|comp| comp.iter().any(|(v, _)| *v < m))
        .map(|comp| {
            let centre: HashMap<usize, (f64, f64)> = comp.iter().copied().collect();
            let left = comp
                .iter()
                .map(|(v, (x, _))| x - sizes[*v] / 2.0)
                .fold(f64::MAX, f64::min);
            let top = comp.iter().map(|(_, (_, y))| *y).fold(f64::MAX, f64::min);
            let boxes: Vec<(usize, f64, f64)> = comp
                .iter()
                .filter(|(v, _)| *v < m)
                .map(|(v, (x, y))| (connected[*v], x - NODE_W / 2.0 - left, y - top))
                .collect();
            let bends = chains
                .iter()
                .filter(|((f, _), _)| centre.contains_key(f))
                .map(|((f, t), ds)| {
                    let pts = ds
                        .iter()
                        .filter_map(|d| centre.get(d))
                        .map(|(x, y)| (x - left, y - top))
                        .collect();
                    ((connected[*f], connected[*t]), pts)
                })
                .collect();
            let w = comp
                .iter()
                .map(|(v, (x, _))| x + sizes[*v] / 2.0 - left)
                .fold(0.0, f64::max);
            let h = boxes.iter().map(|b| b.2).fold(0.0, f64::max) + NODE_H;
            Group { boxes, bends, w, h }
        })
        .collect()
}

/// A layered (Sugiyama) layout of the graph: each connected group of blocks laid out by
/// `rust_sugiyama` (cycles are broken by it, so they do not hang), the groups packed in rows
/// of at most [`PACK_W`], the blocks without any dependency in a grid below them.
pub fn layout_graph(g: &BuildingBlockGraph) -> GraphLayout {
    let edges = edge_indices(g);
    let mut linked = vec![false; g.nodes.len()];
    for &(f, t) in &edges {
        linked[f] = true;
        linked[t] = true;
    }
    // The connected blocks, renumbered 0.. in node order (the crate numbers vertices by
    // insertion order).
    let connected: Vec<usize> = (0..g.nodes.len()).filter(|&i| linked[i]).collect();
    let local: HashMap<usize, u32> = connected
        .iter()
        .enumerate()
        .map(|(l, &i)| (i, l as u32))
        .collect();
    let local_edges: Vec<(u32, u32)> = edges.iter().map(|(f, t)| (local[f], local[t])).collect();
    let mut groups = layout_groups(&connected, &local_edges);
    // The largest group first, then by its first block, for a stable picture.
    let first = |g: &Group| g.boxes.iter().map(|x| x.0).min();
    groups.sort_by(|a, b| (b.boxes.len(), first(a)).cmp(&(a.boxes.len(), first(b))));

    let mut pos: Vec<Option<(f64, f64)>> = vec![None; g.nodes.len()];
    let mut bends: HashMap<(usize, usize), Vec<(f64, f64)>> = HashMap::new();
    let (mut x, mut y, mut row_h, mut width) = (MARGIN, MARGIN, 0.0_f64, 0.0_f64);
    for group in &groups {
        if x > MARGIN && x + group.w > PACK_W - MARGIN {
            x = MARGIN;
            y += row_h + GAP_Y;
            row_h = 0.0;
        }
        for (i, bx, by) in &group.boxes {
            pos[*i] = Some((x + bx, y + by));
        }
        for (e, pts) in &group.bends {
            bends.insert(*e, pts.iter().map(|(px, py)| (x + px, y + py)).collect());
        }
        width = width.max(x + group.w + MARGIN);
        row_h = row_h.max(group.h);
        x += group.w + GAP_X * 2.0;
    }
    let mut height = if groups.is_empty() {
        MARGIN
    } else {
        y + row_h + MARGIN
    };

    let isolated: Vec<usize> = (0..g.nodes.len()).filter(|&i| !linked[i]).collect();
    let mut isolated_label = None;
    if !isolated.is_empty() {
        let mut top = height;
        if !groups.is_empty() {
            top += 16.0;
            isolated_label = Some((MARGIN, top + 14.0));
            top += 28.0;
        }
        let span = width.max(PACK_W) - 2.0 * MARGIN + GAP_X;
        let per_row = ((span / (NODE_W + GAP_X)).floor() as usize).clamp(1, isolated.len());
        for (k, i) in isolated.iter().enumerate() {
            let (r, c) = (k / per_row, k % per_row);
            pos[*i] = Some((
                MARGIN + c as f64 * (NODE_W + GAP_X),
                top + r as f64 * (NODE_H + GAP_X),
            ));
        }
        let rows = isolated.len().div_ceil(per_row);
        width = width.max(2.0 * MARGIN + per_row as f64 * (NODE_W + GAP_X) - GAP_X);
        height = top + rows as f64 * (NODE_H + GAP_X) - GAP_X + MARGIN;
    }

    let nodes: Vec<PlacedNode> = pos
        .iter()
        .enumerate()
        .map(|(index, p)| {
            let (x, y) = p.unwrap_or((MARGIN, MARGIN));
            PlacedNode { index, x, y }
        })
        .collect();
    // Where each edge leaves its block and reaches the other: spread along the box's bottom
    // and top edges in the order of where the edge comes from, so arrows do not meet in one
    // point.
    let centre = |i: usize| nodes[i].x + NODE_W / 2.0;
    let bend = |e: &(usize, usize), first: bool| {
        bends
            .get(e)
            .and_then(|b| if first { b.first() } else { b.last() })
            .map(|p| p.0)
    };
    let mut ports: HashMap<(usize, usize), (f64, f64)> = edges
        .iter()
        .map(|&(f, t)| ((f, t), (centre(f), centre(t))))
        .collect();
    for (i, node) in nodes.iter().enumerate() {
        let mut out: Vec<(f64, (usize, usize))> = edges
            .iter()
            .filter(|e| e.0 == i)
            .map(|e| (bend(e, true).unwrap_or(centre(e.1)), *e))
            .collect();
        let mut inc: Vec<(f64, (usize, usize))> = edges
            .iter()
            .filter(|e| e.1 == i)
            .map(|e| (bend(e, false).unwrap_or(centre(e.0)), *e))
            .collect();
        out.sort_by(|a, b| a.0.total_cmp(&b.0));
        inc.sort_by(|a, b| a.0.total_cmp(&b.0));
        let spread = |k: usize, count: usize| {
            node.x + NODE_W * (0.2 + 0.6 * (k as f64 + 0.5) / count as f64)
        };
        for (k, (_, e)) in out.iter().enumerate() {
            ports.get_mut(e).expect("an edge").0 = spread(k, out.len());
        }
        for (k, (_, e)) in inc.iter().enumerate() {
            ports.get_mut(e).expect("an edge").1 = spread(k, inc.len());
        }
    }
    let edges = edges
        .into_iter()
        .map(|(f, t)| {
            let (a, b) = (&nodes[f], &nodes[t]);
            let d = edge_path(
                a,
                b,
                ports[&(f, t)],
                bends.get(&(f, t)).map_or(&[][..], |v| v),
            );
            (f, t, d)
        })
        .collect();
    GraphLayout {
        nodes,
        edges,
        isolated_label,
        width: width.max(2.0 * MARGIN),
        height,
    }
}

/// The path of an edge from box `a` to box `b`, leaving and arriving at `ports` (x): a curve from rank to rank, straight down
/// through each bend point's rank.
fn edge_path(a: &PlacedNode, b: &PlacedNode, ports: (f64, f64), bends: &[(f64, f64)]) -> String {
    let (x1, x2) = ports;
    if b.y < a.y {
        // Upwards, where the layout reversed an edge to break a cycle.
        let (y1, y2) = (a.y, b.y + NODE_H + 2.0);
        let my = (y1 + y2) / 2.0;
        return format!(
            "M{} {} C{} {} {} {} {} {}",
            n(x1),
            n(y1),
            n(x1),
            n(my),
            n(x2),
            n(my),
            n(x2),
            n(y2)
        );
    }
    let mut d = format!("M{} {}", n(x1), n(a.y + NODE_H));
    let (mut px, mut py) = (x1, a.y + NODE_H);
    let curve = |d: &mut String, px: f64, py: f64, x: f64, y: f64| {
        let my = (py + y) / 2.0;
        d.push_str(&format!(
            " C{} {} {} {} {} {}",
            n(px),
            n(my),
            n(x),
            n(my),
            n(x),
            n(y)
        ));
    };
    for (bx, by) in bends {
        curve(&mut d, px, py, *bx, *by);
        d.push_str(&format!(" L{} {}", n(*bx), n(by + NODE_H)));
        (px, py) = (*bx, by + NODE_H);
    }
    curve(&mut d, px, py, x2, b.y - 2.0);
    d
}

/// The figure of a dependency graph, or `None` when it has no blocks or more than
/// [`MAX_GRAPH_NODES`]. `id` names the figure within the page; `current` is the block whose
/// page it is on, drawn with a heavier outline.
pub fn graph_figure(
    cx: &Cx,
    id: &str,
    g: &BuildingBlockGraph,
    current: Option<Uuid>,
) -> Option<Markup> {
    if g.nodes.is_empty() || g.nodes.len() > MAX_GRAPH_NODES {
        return None;
    }
    let l = layout_graph(g);
    let title = cx.t("Beroendegraf", "Dependency graph");
    let desc = format!(
        "{} {} {} {} {}",
        g.nodes.len(),
        cx.t("byggblock och", "building blocks and"),
        l.edges.len(),
        cx.t(
            "beroenden. En pil går från ett byggblock till det byggblock det beror på. Varje ruta visar byggblockets namn och fas.",
            "dependencies. An arrow goes from a building block to the block it depends on. Each box shows the block's name and phase.",
        ),
        cx.t("Samma uppgifter finns i tabellen.", "The table holds the same data."),
    );
    let arrow = format!("{id}-arrow");
    let body = html! {
        defs {
            marker id=(arrow) viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"
                orient="auto-start-reverse" markerUnits="strokeWidth" {
                path d="M0 0 L10 5 L0 10 z" fill=(MUTED) {}
            }
        }
        @if let Some((x, y)) = l.isolated_label {
            text x=(n(x)) y=(n(y)) font-weight="600" fill=(MUTED) {
                (cx.t("Byggblock utan registrerade beroenden", "Building blocks without recorded dependencies"))
            }
        }
        g class="edges" fill="none" stroke=(MUTED) stroke-width="1.5" {
            @for (_, _, d) in &l.edges {
                path d=(d) marker-end={ "url(#" (arrow) ")" } {}
            }
        }
        g class="nodes" {
            @for p in &l.nodes {
                (node_box(cx, &g.nodes[p.index], p, current == Some(g.nodes[p.index].id)))
            }
        }
    };
    Some(frame("group", id, title, &desc, l.width, l.height, body))
}

fn node_box(cx: &Cx, node: &GraphNode, p: &PlacedNode, current: bool) -> Markup {
    let (fill, stroke) = phase_colours(node.phase);
    let lines = two_lines(&node.name, 24);
    let cx_ = p.x + NODE_W / 2.0;
    let first_y = if lines.len() > 1 {
        p.y + 20.0
    } else {
        p.y + 28.0
    };
    html! {
        a href={ "/byggblock/" (node.slug) } class="node" {
            rect x=(n(p.x)) y=(n(p.y)) width=(n(NODE_W)) height=(n(NODE_H)) rx="6"
                fill=(fill) stroke=(if current { INK } else { stroke })
                stroke-width=(if current { "3" } else { "1.5" }) {}
            text x=(n(cx_)) text-anchor="middle" font-weight="600" fill=(INK) text-decoration="underline" {
                @for (k, line) in lines.iter().enumerate() {
                    tspan x=(n(cx_)) y=(n(first_y + 16.0 * k as f64)) { (line) }
                }
            }
            text x=(n(cx_)) y=(n(p.y + NODE_H - 9.0)) text-anchor="middle" font-size="12" fill=(MUTED) {
                (label(cx, &node.phase))
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The roadmap

/// A quarter `YYYY-QN` (also `YYYYQN`) as a running number: year × 4 + quarter − 1.
pub fn quarter_index(q: &str) -> Option<i64> {
    let q = q.trim();
    let year: i64 = q.get(..4)?.parse().ok()?;
    let rest = q.get(4..)?.trim_start_matches('-');
    let n: i64 = rest.strip_prefix(['Q', 'q'])?.parse().ok()?;
    (1..=4).contains(&n).then_some(year * 4 + n - 1)
}

/// A date's place on the quarter axis, in quarters (its quarter's index plus the fraction of
/// the quarter gone).
fn date_quarters(d: NaiveDate) -> f64 {
    let q0 = (d.month0() / 3) as i64;
    let start = NaiveDate::from_ymd_opt(d.year(), q0 as u32 * 3 + 1, 1).unwrap_or(d);
    let frac = (d - start).num_days() as f64 / 91.0;
    (d.year() as i64 * 4 + q0) as f64 + frac.min(0.99)
}

const LABEL_W: f64 = 250.0;
const ROW_H: f64 = 28.0;
const AXIS_H: f64 = 44.0;
/// Rows drawn at most; the table beside the figure lists every milestone.
const MAX_ROWS: usize = 60;

/// The block's roadmap on a quarter axis: its phase decisions (a flag at the date, the phase
/// decided as the row's label) and its milestones (a mark at the due quarter: filled with ✓
/// when done, a red diamond with "!" and the word "late" when late; each move of the due
/// quarter a dashed line from the old quarter), with today as a dotted line. `None` when the
/// block has neither decisions nor milestones with a readable quarter.
pub fn roadmap_figure(
    cx: &Cx,
    id: &str,
    r: &BuildingBlockRoadmap,
    today: NaiveDate,
) -> Option<Markup> {
    struct Row {
        label: String,
        full: String,
        kind: RowKind,
    }
    enum RowKind {
        Decision(f64),
        Milestone {
            due: i64,
            moves: Vec<(i64, i64)>,
            status: WorkStatus,
            late: bool,
        },
    }
    let mut rows: Vec<Row> = vec![];
    for d in &r.phase_decisions {
        let text = format!(
            "{} → {}",
            d.decision_date.format("%Y-%m-%d"),
            label(cx, &d.phase)
        );
        rows.push(Row {
            label: clip(&text, 34),
            full: text,
            kind: RowKind::Decision(date_quarters(d.decision_date)),
        });
    }
    let decisions = rows.len();
    for m in &r.milestones {
        let Some(due) = quarter_index(&m.due) else {
            continue;
        };
        let text = format!("{} {}", m.number, m.description);
        rows.push(Row {
            label: clip(&text, 34),
            full: format!("{text} ({})", m.due),
            kind: RowKind::Milestone {
                due,
                moves: m
                    .moves
                    .iter()
                    .filter_map(|mv| {
                        Some((quarter_index(&mv.from_due)?, quarter_index(&mv.to_due)?))
                    })
                    .collect(),
                status: m.status,
                late: m.late,
            },
        });
    }
    if rows.is_empty() {
        return None;
    }
    let shown_milestones = rows.len() - decisions;
    rows.truncate(decisions + shown_milestones.min(MAX_ROWS));

    // The axis: every quarter of the data, and today's when that widens it by at most two years.
    let mut qs: Vec<f64> = vec![];
    for row in &rows {
        match &row.kind {
            RowKind::Decision(q) => qs.push(*q),
            RowKind::Milestone { due, moves, .. } => {
                qs.push(*due as f64);
                for (a, b) in moves {
                    qs.push(*a as f64);
                    qs.push(*b as f64);
                }
            }
        }
    }
    let mut q0 = qs.iter().copied().fold(f64::MAX, f64::min).floor() as i64;
    let mut q1 = qs.iter().copied().fold(f64::MIN, f64::max).floor() as i64;
    let now = date_quarters(today);
    let show_today = now >= (q0 - 8) as f64 && now < (q1 + 9) as f64;
    if show_today {
        q0 = q0.min(now.floor() as i64);
        q1 = q1.max(now.floor() as i64);
    }
    let quarters = (q1 - q0 + 1).max(1);
    let qw = if quarters <= 20 {
        44.0
    } else {
        880.0 / quarters as f64
    };
    let label_quarters = qw >= 36.0;
    // Years labelled every `step` years, so that labels (about 40 px) never overlap.
    let step = ((40.0 / (4.0 * qw)).ceil() as i64).max(1);
    let x_of = |q: f64| LABEL_W + (q - q0 as f64) * qw;
    let mid = |q: i64| x_of(q as f64 + 0.5);

    let sections = if decisions > 0 && rows.len() > decisions {
        2
    } else {
        1
    };
    let top = AXIS_H + 8.0;
    let plot_h = (rows.len() + sections) as f64 * ROW_H;
    let legend_y = top + plot_h + 24.0;
    let width = LABEL_W + quarters as f64 * qw + 16.0;
    let width = width.max(640.0);
    let height = legend_y + 24.0;
    let mut y_of = Vec::with_capacity(rows.len());
    let mut y = top;
    for (k, _) in rows.iter().enumerate() {
        if k == 0 || k == decisions {
            y += ROW_H;
        }
        y_of.push(y + ROW_H / 2.0);
        y += ROW_H;
    }
    let late_count = rows
        .iter()
        .filter(|r| matches!(r.kind, RowKind::Milestone { late: true, .. }))
        .count();
    let title = cx.t("Färdplan", "Roadmap");
    let desc = format!(
        "{} {} {} {} {} {}. {}",
        decisions,
        cx.t("fasbeslut och", "phase decisions and"),
        rows.len() - decisions,
        cx.t("milstolpar på en tidsaxel i kvartal, varav", "milestones on a quarterly time axis, of which"),
        late_count,
        cx.t("försenade", "late"),
        cx.t(
            "Flyttade milstolpar visas med en streckad linje från det tidigare kvartalet. Tabellerna på sidan har samma uppgifter.",
            "Moved milestones show a dashed line from the earlier quarter. The tables on the page hold the same data.",
        ),
    );
    let body = html! {
        // The axis: a band per year, the quarters under it.
        g class="axis" font-size="12" fill=(MUTED) {
            @for q in q0..=q1 {
                @let x = x_of(q as f64);
                @if (q % 4 == 0 && q.div_euclid(4) % step == 0) || q == q0 {
                    line x1=(n(x)) y1="6" x2=(n(x)) y2=(n(top + plot_h)) stroke=(LINE) stroke-width="1" {}
                    @if q % 4 == 0 || (label_quarters && q.rem_euclid(4) < 3) {
                        text x=(n(x + 4.0)) y="18" font-weight="600" fill=(INK) { (q.div_euclid(4)) }
                    }
                } @else if label_quarters {
                    line x1=(n(x)) y1="26" x2=(n(x)) y2=(n(top + plot_h)) stroke=(LINE) stroke-width="0.5" {}
                }
                @if label_quarters {
                    text x=(n(mid(q))) y="38" text-anchor="middle" { "Q" (q.rem_euclid(4) + 1) }
                }
            }
            line x1=(n(LABEL_W)) y1=(n(top)) x2=(n(x_of((q1 + 1) as f64))) y2=(n(top)) stroke=(MUTED) {}
        }
        @if show_today {
            @let x = x_of(now);
            line x1=(n(x)) y1=(n(top)) x2=(n(x)) y2=(n(top + plot_h)) stroke=(BRAND) stroke-width="1.5" stroke-dasharray="2 3" {}
            text x=(n(x)) y=(n(top + plot_h + 14.0)) text-anchor="middle" font-size="12" fill=(BRAND) { (cx.t("idag", "today")) }
        }
        @if decisions > 0 {
            text x="4" y=(n(top + ROW_H / 2.0 + 4.5)) font-weight="700" fill=(BRAND) { (cx.t("Fasbeslut", "Phase decisions")) }
        }
        @if rows.len() > decisions {
            @let hy = y_of[decisions] - ROW_H + 4.5;
            text x="4" y=(n(hy)) font-weight="700" fill=(BRAND) { (cx.t("Milstolpar", "Milestones")) }
        }
        @for (row, y) in rows.iter().zip(&y_of) {
            @let y = *y;
            text x="12" y=(n(y + 4.5)) { title { (row.full) } (row.label) }
            line x1=(n(LABEL_W)) y1=(n(y + ROW_H / 2.0)) x2=(n(x_of((q1 + 1) as f64))) y2=(n(y + ROW_H / 2.0)) stroke="#e6e9ed" {}
            @match &row.kind {
                RowKind::Decision(q) => {
                    @let x = x_of(*q);
                    g class="decision" {
                        line x1=(n(x)) y1=(n(y - 9.0)) x2=(n(x)) y2=(n(y + 9.0)) stroke=(BRAND) stroke-width="2" {}
                        path d={ "M" (n(x)) " " (n(y - 9.0)) " l10 4 l-10 4 z" } fill=(BRAND) {}
                    }
                }
                RowKind::Milestone { due, moves, status, late } => {
                    @for (a, b) in moves {
                        line class="move" x1=(n(mid(*a))) y1=(n(y)) x2=(n(mid(*b))) y2=(n(y)) stroke=(MUTED) stroke-width="1.5" stroke-dasharray="4 3" {}
                        circle cx=(n(mid(*a))) cy=(n(y)) r="4" fill="#ffffff" stroke=(MUTED) stroke-width="1.5" {}
                    }
                    @let x = mid(*due);
                    @if *late {
                        g class="late" {
                            path d={ "M" (n(x)) " " (n(y - 10.0)) " l10 10 l-10 10 l-10 -10 z" } fill=(LATE) {}
                            text x=(n(x)) y=(n(y + 4.5)) text-anchor="middle" font-weight="700" fill="#ffffff" { "!" }
                            text x=(n(x + 14.0)) y=(n(y + 4.5)) font-size="12" font-weight="600" fill=(LATE) { (cx.t("försenad", "late")) }
                        }
                    } @else if *status == WorkStatus::Klar {
                        g class="done" {
                            circle cx=(n(x)) cy=(n(y)) r="8" fill=(OK) {}
                            path d={ "M" (n(x - 4.0)) " " (n(y)) " l3 3 l5 -6" } fill="none" stroke="#ffffff" stroke-width="2" {}
                        }
                    } @else {
                        circle cx=(n(x)) cy=(n(y)) r="7" fill=(if *status == WorkStatus::Pagar { "#fff3d6" } else { "#ffffff" })
                            stroke=(INK) stroke-width="2" {}
                    }
                }
            }
        }
        // The legend: every mark in words.
        g class="legend" font-size="12" {
            @let ly = legend_y;
            path d={ "M12 " (n(ly - 9.0)) " l10 4 l-10 4 z" } fill=(BRAND) {}
            text x="26" y=(n(ly)) { (cx.t("fasbeslut", "phase decision")) }
            circle cx="136" cy=(n(ly - 4.0)) r="7" fill="#ffffff" stroke=(INK) stroke-width="2" {}
            text x="148" y=(n(ly)) { (cx.t("planerad", "planned")) }
            circle cx="230" cy=(n(ly - 4.0)) r="7" fill=(OK) {}
            text x="242" y=(n(ly)) { (cx.t("klar", "done")) }
            path d={ "M302 " (n(ly - 14.0)) " l10 10 l-10 10 l-10 -10 z" } fill=(LATE) {}
            text x="302" y=(n(ly)) text-anchor="middle" font-weight="700" fill="#ffffff" { "!" }
            text x="316" y=(n(ly)) { (cx.t("försenad", "late")) }
            line x1="386" y1=(n(ly - 4.0)) x2="416" y2=(n(ly - 4.0)) stroke=(MUTED) stroke-width="1.5" stroke-dasharray="4 3" {}
            circle cx="386" cy=(n(ly - 4.0)) r="4" fill="#ffffff" stroke=(MUTED) stroke-width="1.5" {}
            text x="422" y=(n(ly)) { (cx.t("flyttad från", "moved from")) }
        }
    };
    Some(frame("img", id, title, &desc, width, height, body))
}

// ---------------------------------------------------------------------------------------
// Bars

/// A "nice" step for an axis up to `max` with about four ticks: 1, 2, 2.5 or 5 × 10ⁿ.
fn nice_step(max: i64) -> i64 {
    if max <= 4 {
        return 1;
    }
    let raw = max as f64 / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    (step.round() as i64).max(1)
}

/// Vertical bars with a value axis: one bar per `(label, value)`, the value over each bar.
/// `None` when there is nothing to draw.
pub fn bar_chart(
    cx: &Cx,
    id: &str,
    title: &str,
    desc: &str,
    unit: &str,
    data: &[(String, i64)],
) -> Option<Markup> {
    if data.is_empty() {
        return None;
    }
    let max = data.iter().map(|d| d.1).max().unwrap_or(0).max(0);
    let step = nice_step(max);
    let top_v = (max + step - 1).max(step) / step * step;
    let ticks: Vec<i64> = (0..=top_v / step).map(|k| k * step).collect();
    let label_w = 12.0 + 8.0 * number(cx, top_v).chars().count() as f64;
    let longest = data.iter().map(|d| d.0.chars().count()).max().unwrap_or(4);
    let slot = (longest as f64 * 7.5 + 16.0).max(56.0);
    let (plot_top, plot_h) = (28.0, 200.0);
    let width = label_w + 12.0 + slot * data.len() as f64 + 8.0;
    let height = plot_top + plot_h + 34.0;
    let base = plot_top + plot_h;
    let y_of = |v: i64| base - plot_h * (v.max(0) as f64) / top_v as f64;
    let x0 = label_w + 12.0;
    let body = html! {
        text x="4" y="14" font-size="12" fill=(MUTED) { (unit) }
        g class="axis" font-size="12" fill=(MUTED) {
            @for t in &ticks {
                line x1=(n(x0)) y1=(n(y_of(*t))) x2=(n(width - 8.0)) y2=(n(y_of(*t))) stroke=(if *t == 0 { MUTED } else { "#e6e9ed" }) {}
                text x=(n(label_w + 6.0)) y=(n(y_of(*t) + 4.0)) text-anchor="end" { (number(cx, *t)) }
            }
        }
        g class="bars" {
            @for (k, (name, v)) in data.iter().enumerate() {
                @let x = x0 + slot * k as f64;
                @let bw = (slot * 0.6).min(48.0);
                @let bx = x + (slot - bw) / 2.0;
                @if *v > 0 {
                    rect x=(n(bx)) y=(n(y_of(*v))) width=(n(bw)) height=(n(base - y_of(*v))) fill=(BRAND) {}
                }
                text x=(n(x + slot / 2.0)) y=(n(y_of(*v) - 5.0)) text-anchor="middle" font-size="12" font-weight="600" { (number(cx, *v)) }
                text x=(n(x + slot / 2.0)) y=(n(base + 18.0)) text-anchor="middle" font-size="12" { (name) }
            }
        }
    };
    Some(frame("img", id, title, desc, width, height, body))
}

/// The funding need per year as bars, or `None` without data: the figure alone, for a page
/// that shows the table beside it.
pub fn funding_chart(cx: &Cx, id: &str, data: &[(i32, i64)]) -> Option<Markup> {
    let mut by_year: BTreeMap<i32, i64> = BTreeMap::new();
    for (y, a) in data {
        *by_year.entry(*y).or_default() += a;
    }
    let rows: Vec<(String, i64)> = by_year.iter().map(|(y, a)| (y.to_string(), *a)).collect();
    let total: i64 = by_year.values().sum();
    let desc = format!(
        "{} {} {} {} {}",
        cx.t(
            "Staplar per år, i tusental kronor. Sammanlagt",
            "Bars per year, in thousands of SEK. In all"
        ),
        number(cx, total),
        cx.t("tkr över", "kSEK over"),
        rows.len(),
        cx.t("år.", "years."),
    );
    bar_chart(
        cx,
        id,
        cx.t("Finansieringsbehov per år", "Funding need per year"),
        &desc,
        cx.t("tkr", "kSEK"),
        &rows,
    )
}

/// The funding need per year: the bars and, behind them, the table of the same numbers.
/// `data` is `(year, amount in kSEK)`, several entries of a year summed.
pub fn funding_bars(cx: &Cx, data: &[(i32, i64)]) -> Markup {
    let mut by_year: BTreeMap<i32, i64> = BTreeMap::new();
    for (y, a) in data {
        *by_year.entry(*y).or_default() += a;
    }
    let Some(chart) = funding_chart(cx, "funding-bars", data) else {
        return html! { p { (cx.t("Inget finansieringsbehov är registrerat.", "No funding need is recorded.")) } };
    };
    html! {
        figure.chart {
            (scrolling(cx, chart))
            details.data {
                summary { (cx.t("Visa siffrorna som tabell", "Show the numbers as a table")) }
                div.table-wrap { table {
                    caption { (cx.t("Finansieringsbehov per år", "Funding need per year")) }
                    (table::head(cx, &[
                        Text("År", "Year"), Num("Belopp (tkr)", "Amount (kSEK)"),
                    ]))
                    tbody { @for (y, a) in &by_year { tr {
                        th scope="row" { (y) }
                        td.num { (number(cx, *a)) }
                    } } }
                } }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::Lang;
    use openapi::{Category, GraphEdge};

    fn cx() -> Cx {
        Cx {
            lang: Lang::Sv,
            who: None,
            remember: false,
            path: "/".into(),
            query: vec![],
        }
    }

    fn node(i: u128, name: &str) -> GraphNode {
        GraphNode {
            id: Uuid::from_u128(i),
            slug: format!("b{i}"),
            name: name.into(),
            phase: Phase::Utveckling,
            category: Category::Informationsutbyte,
        }
    }

    fn graph(n: u128, edges: &[(u128, u128)]) -> BuildingBlockGraph {
        BuildingBlockGraph {
            nodes: (0..n)
                .map(|i| node(i, &format!("Block nummer {i}")))
                .collect(),
            edges: edges
                .iter()
                .map(|(f, t)| GraphEdge {
                    from: Uuid::from_u128(*f),
                    to: Uuid::from_u128(*t),
                })
                .collect(),
        }
    }

    fn inside(l: &GraphLayout) {
        for p in &l.nodes {
            assert!(p.x >= 0.0 && p.y >= 0.0, "{p:?}");
            assert!(p.x + NODE_W <= l.width + 0.01, "{p:?} in {}", l.width);
            assert!(p.y + NODE_H <= l.height + 0.01, "{p:?} in {}", l.height);
        }
    }

    fn no_overlap(l: &GraphLayout) {
        for a in &l.nodes {
            for b in &l.nodes {
                if a.index < b.index {
                    let apart = (a.x - b.x).abs() >= NODE_W || (a.y - b.y).abs() >= NODE_H;
                    assert!(apart, "{a:?} overlaps {b:?}");
                }
            }
        }
    }

    #[test]
    fn every_block_and_dependency_is_drawn_inside_the_view() {
        let g = graph(7, &[(0, 1), (1, 2), (0, 2), (3, 2), (5, 6)]);
        let l = layout_graph(&g);
        assert_eq!(l.nodes.len(), 7);
        assert_eq!(l.edges.len(), 5);
        inside(&l);
        no_overlap(&l);
        // A block is drawn above the block it depends on.
        let y = |i: usize| l.nodes[i].y;
        assert!(y(0) < y(1) && y(1) < y(2));
        // The isolated block (4) gets its caption.
        assert!(l.isolated_label.is_some());
        let svg = graph_figure(&cx(), "g", &g, None).unwrap().into_string();
        assert_eq!(svg.matches("<a href=\"/byggblock/").count(), 7);
        assert_eq!(svg.matches("marker-end=").count(), 5);
        assert!(
            svg.contains("role=\"group\"") && svg.contains("aria-labelledby=\"g-title g-desc\"")
        );
        assert!(svg.contains("<title id=\"g-title\">") && svg.contains("<desc id=\"g-desc\">"));
        assert!(!svg.contains("style="));
    }

    #[test]
    fn cycles_unknown_ends_and_self_loops_do_not_hang_or_panic() {
        let mut g = graph(4, &[(0, 1), (1, 2), (2, 0), (3, 3), (0, 1)]);
        g.edges.push(GraphEdge {
            from: Uuid::from_u128(0),
            to: Uuid::from_u128(99),
        });
        let l = layout_graph(&g);
        assert_eq!(l.nodes.len(), 4);
        assert_eq!(l.edges.len(), 3);
        inside(&l);
        no_overlap(&l);
    }

    #[test]
    fn only_isolated_blocks_make_a_grid_without_caption() {
        let g = graph(14, &[]);
        let l = layout_graph(&g);
        assert!(l.isolated_label.is_none());
        inside(&l);
        no_overlap(&l);
        assert!(l.width <= PACK_W + 1.0);
    }

    #[test]
    fn empty_and_huge_graphs_are_not_drawn() {
        assert!(graph_figure(&cx(), "g", &graph(0, &[]), None).is_none());
        let edges: Vec<(u128, u128)> = (1..400).map(|i| (i, i / 2)).collect();
        assert!(graph_figure(&cx(), "g", &graph(400, &edges), None).is_none());
    }

    #[test]
    fn a_few_hundred_blocks_lay_out_quickly() {
        let edges: Vec<(u128, u128)> = (1..MAX_GRAPH_NODES as u128)
            .flat_map(|i| [(i, i / 2), (i, i / 3)])
            .collect();
        let g = graph(MAX_GRAPH_NODES as u128, &edges);
        let t = std::time::Instant::now();
        let l = layout_graph(&g);
        assert!(t.elapsed().as_secs() < 20, "{:?}", t.elapsed());
        assert_eq!(l.nodes.len(), MAX_GRAPH_NODES);
        inside(&l);
    }

    #[test]
    fn names_break_into_two_lines() {
        assert_eq!(two_lines("Identitet", 24), ["Identitet"]);
        assert_eq!(
            two_lines("Säker digital kommunikation mellan myndigheter", 24),
            ["Säker digital", "kommunikation mellan my…"]
        );
    }

    #[test]
    fn quarters_read_both_spellings() {
        assert_eq!(quarter_index("2021-Q3"), Some(2021 * 4 + 2));
        assert_eq!(quarter_index("2021Q1"), Some(2021 * 4));
        assert_eq!(quarter_index("2021-Q5"), None);
        assert_eq!(quarter_index("nonsense"), None);
    }

    fn roadmap(milestones: Vec<openapi::Milestone>) -> BuildingBlockRoadmap {
        serde_json::from_value(serde_json::json!({
            "buildingBlock": {"id": Uuid::from_u128(1), "slug": "b", "name": "B"},
            "phase": "utveckling",
            "phaseDecisions": [],
            "milestones": milestones,
            "funding": [],
        }))
        .unwrap()
    }

    fn milestone(
        number: i32,
        due: &str,
        late: bool,
        moved_from: Option<&str>,
    ) -> openapi::Milestone {
        let moves = moved_from
            .map(|f| vec![serde_json::json!({"fromDue": f, "toDue": due, "movedAt": "2021-01-01T00:00:00Z"})])
            .unwrap_or_default();
        serde_json::from_value(serde_json::json!({
            "id": Uuid::from_u128(number as u128), "version": 1,
            "createdAt": "2021-01-01T00:00:00Z", "updatedAt": "2021-01-01T00:00:00Z",
            "origin": "test", "uri": "http://x/m",
            "plan": {"id": Uuid::from_u128(9), "slug": "p", "name": "P"},
            "number": number, "description": format!("Milstolpe {number}"), "due": due,
            "doneCriteria": "", "area": "", "responsible": "", "status": "pagar",
            "late": late, "moves": moves,
        }))
        .unwrap()
    }

    #[test]
    fn late_milestones_are_marked_in_words_and_moves_drawn() {
        let r = roadmap(vec![
            milestone(1, "2021-Q1", true, None),
            milestone(2, "2021-Q4", false, Some("2021-Q2")),
        ]);
        let today = NaiveDate::from_ymd_opt(2021, 8, 1).unwrap();
        let svg = roadmap_figure(&cx(), "r", &r, today).unwrap().into_string();
        // One late mark (the legend has its own).
        assert_eq!(svg.matches("class=\"late\"").count(), 1);
        assert_eq!(svg.matches(">försenad<").count(), 2);
        assert_eq!(svg.matches("class=\"move\"").count(), 1);
        assert!(svg.contains(">idag<"));
        assert!(!svg.contains("style="));
        // Nothing to draw: no figure.
        assert!(roadmap_figure(&cx(), "r", &roadmap(vec![]), today).is_none());
    }

    #[test]
    fn roadmap_coordinates_stay_in_the_view() {
        let r = roadmap(vec![
            milestone(1, "2019-Q1", false, None),
            milestone(2, "2030-Q4", false, Some("2025-Q2")),
        ]);
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let svg = roadmap_figure(&cx(), "r", &r, today).unwrap().into_string();
        let (w, h) = view_box(&svg);
        for (x, y) in coords(&svg, "cx", "cy") {
            assert!(
                (0.0..=w).contains(&x) && (0.0..=h).contains(&y),
                "{x},{y} outside {w}x{h}"
            );
        }
    }

    #[test]
    fn a_far_quarter_keeps_the_roadmap_bounded() {
        let r = roadmap(vec![
            milestone(1, "2021-Q1", false, None),
            milestone(2, "2999-Q4", false, None),
        ]);
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let svg = roadmap_figure(&cx(), "r", &r, today).unwrap().into_string();
        let (w, _) = view_box(&svg);
        assert!(w < 1200.0, "{w}");
        assert!(svg.len() < 60_000, "{}", svg.len());
    }

    fn view_box(svg: &str) -> (f64, f64) {
        let vb = svg
            .split("viewBox=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let v: Vec<f64> = vb.split(' ').map(|x| x.parse().unwrap()).collect();
        (v[2], v[3])
    }

    fn coords(svg: &str, xa: &str, ya: &str) -> Vec<(f64, f64)> {
        let attr = |s: &str, a: &str| -> Option<f64> {
            s.split(&format!(" {a}=\""))
                .nth(1)?
                .split('"')
                .next()?
                .parse()
                .ok()
        };
        svg.split('<')
            .filter_map(|el| Some((attr(el, xa)?, attr(el, ya)?)))
            .collect()
    }

    #[test]
    fn bars_fit_and_carry_their_numbers() {
        let data = [(2022, 18000), (2023, 8000), (2023, 500), (2024, 0)];
        let svg = funding_chart(&cx(), "f", &data).unwrap().into_string();
        let (w, h) = view_box(&svg);
        for (x, y) in coords(&svg, "x", "y") {
            assert!(
                (0.0..=w).contains(&x) && (0.0..=h).contains(&y),
                "{x},{y} outside {w}x{h}"
            );
        }
        assert_eq!(
            svg.matches("<rect").count(),
            2,
            "a bar of 0 is no rectangle"
        );
        assert!(svg.contains(">18\u{a0}000<") && svg.contains(">8\u{a0}500<"));
        let page = funding_bars(&cx(), &data).into_string();
        assert!(page.contains("<table>") && page.contains("<details"));
        assert!(funding_chart(&cx(), "f", &[]).is_none());
        assert!(funding_bars(&cx(), &[]).into_string().contains("Inget"));
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(18000), 5000);
        assert_eq!(nice_step(3), 1);
        assert_eq!(nice_step(100), 25);
    }
}
