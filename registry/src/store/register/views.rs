//! Read-only views over several resources: a building block's roadmap and the dependency
//! graph of the building blocks.

use diesel::prelude::*;
use openapi::{
    BuildingBlockDependents, BuildingBlockGraph, BuildingBlockRoadmap, GraphEdge, GraphNode,
    ScopeKind,
};

use crate::error::{Error, Result};
use crate::store::entry::{self, Key, PageRequest};
use crate::store::schema::building_block_dependencies::dsl as dep;
use crate::store::schema::building_blocks::dsl as bb;
use crate::store::schema::milestones::dsl as ms;
use crate::store::schema::plans::dsl as pl;
use crate::store::{funding_needs, milestones, phase_decisions, refs, DbConnection};

fn block_id(conn: &mut DbConnection, key: &Key) -> Result<String> {
    refs::building_blocks::find_id(conn, key)?
        .ok_or_else(|| Error::not_found("building block", key.as_str()))
}

fn uuid(id: &str) -> Result<uuid::Uuid> {
    uuid::Uuid::parse_str(id).map_err(Error::internal)
}

/// Phase decisions, the milestones of the plans scoped to the block, and funding by year.
pub fn roadmap(conn: &mut DbConnection, key: &Key) -> Result<BuildingBlockRoadmap> {
    let id = block_id(conn, key)?;
    let phase: String = bb::building_blocks
        .select(bb::phase)
        .filter(bb::id.eq(&id))
        .first(conn)?;
    let block = refs::one(
        &refs::building_blocks::refs(conn, std::slice::from_ref(&id))?,
        &id,
    )?;
    let plan_ids: Vec<String> = pl::plans
        .select(pl::id)
        .filter(pl::scope_kind.eq(ScopeKind::Byggblock.as_str()))
        .filter(pl::scope_subject_id.eq(&id))
        .load(conn)?;
    let rows: Vec<milestones::Row> = if plan_ids.is_empty() {
        vec![]
    } else {
        ms::milestones
            .filter(ms::plan_id.eq_any(&plan_ids))
            .order((ms::due, ms::number, ms::id))
            .select(milestones::Row::as_select())
            .load(conn)?
    };
    let milestones = crate::store::paging::wire_all(conn, &rows)?;
    let all = PageRequest::first(10_000);
    let (mut funding, _) = funding_needs::list(
        conn,
        &funding_needs::Filter {
            building_block: Some(id.clone()),
            ..funding_needs::Filter::default()
        },
        &all,
    )?;
    funding.sort_by_key(|f| f.year);
    Ok(BuildingBlockRoadmap {
        building_block: block,
        phase: entry::parse_enum(&phase)?,
        phase_decisions: phase_decisions::all_for_block(conn, &id)?,
        milestones,
        funding,
    })
}

fn edges(conn: &mut DbConnection) -> Result<Vec<(String, String)>> {
    Ok(dep::building_block_dependencies
        .select((dep::block_id, dep::depends_on_id))
        .order((dep::block_id, dep::depends_on_id))
        .load(conn)?)
}

type NodeRow = (String, String, String, String, String);

fn graph_nodes(rows: Vec<NodeRow>) -> Result<Vec<GraphNode>> {
    rows.into_iter()
        .map(|(id, slug, name, phase, category)| {
            Ok(GraphNode {
                id: uuid(&id)?,
                slug,
                name,
                phase: entry::parse_enum(&phase)?,
                category: entry::parse_enum(&category)?,
            })
        })
        .collect()
}

fn graph_edges(pairs: Vec<(String, String)>) -> Result<Vec<GraphEdge>> {
    pairs
        .into_iter()
        .map(|(from, to)| {
            Ok(GraphEdge {
                from: uuid(&from)?,
                to: uuid(&to)?,
            })
        })
        .collect()
}

/// Every building block as a node and every dependency as an edge, in id order.
pub fn graph(conn: &mut DbConnection) -> Result<BuildingBlockGraph> {
    let rows: Vec<NodeRow> = bb::building_blocks
        .select((bb::id, bb::slug, bb::name, bb::phase, bb::category))
        .order(bb::id)
        .load(conn)?;
    let nodes = graph_nodes(rows)?;
    let edges = graph_edges(edges(conn)?)?;
    Ok(BuildingBlockGraph { nodes, edges })
}

/// The blocks reached from `start` along the dependencies, level by level (each level in id
/// order): `up` follows what depends on them, else what they depend on. One query a level,
/// each on an index, so a block's neighbourhood costs what it holds, not the whole graph.
/// Stops after `depth` levels, or once more than `cap` blocks are found (then `None`).
fn reach(
    conn: &mut DbConnection,
    start: &str,
    up: bool,
    depth: usize,
    cap: usize,
) -> Result<Option<Vec<Vec<String>>>> {
    let mut seen = std::collections::HashSet::from([start.to_string()]);
    let mut levels: Vec<Vec<String>> = vec![];
    let mut front = vec![start.to_string()];
    let mut found = 0;
    while !front.is_empty() && levels.len() < depth {
        let q = dep::building_block_dependencies.into_boxed();
        let mut next: Vec<String> = if up {
            q.select(dep::block_id)
                .filter(dep::depends_on_id.eq_any(&front))
                .load(conn)?
        } else {
            q.select(dep::depends_on_id)
                .filter(dep::block_id.eq_any(&front))
                .load(conn)?
        };
        next.retain(|b| seen.insert(b.clone()));
        next.sort();
        found += next.len();
        if found > cap {
            return Ok(None);
        }
        if !next.is_empty() {
            levels.push(next.clone());
        }
        front = next;
    }
    Ok(Some(levels))
}

/// The blocks around one in the dependency graph, for its figure: all it depends on and all
/// that depend on it, directly or not, or only the direct ones where those are more than `max`.
pub fn neighbourhood(conn: &mut DbConnection, key: &Key, max: usize) -> Result<BuildingBlockGraph> {
    let id = block_id(conn, key)?;
    let around =
        |conn: &mut DbConnection, depth: usize, cap: usize| -> Result<Option<Vec<String>>> {
            let (Some(down), Some(up)) = (
                reach(conn, &id, false, depth, cap)?,
                reach(conn, &id, true, depth, cap)?,
            ) else {
                return Ok(None);
            };
            let mut all: Vec<String> = down.into_iter().chain(up).flatten().collect();
            all.push(id.clone());
            all.sort();
            all.dedup();
            Ok(Some(all).filter(|a| a.len() <= cap))
        };
    let keep = match around(conn, usize::MAX, max)? {
        Some(all) => all,
        None => around(conn, 1, usize::MAX)?.unwrap_or_default(),
    };
    let rows: Vec<NodeRow> = bb::building_blocks
        .select((bb::id, bb::slug, bb::name, bb::phase, bb::category))
        .filter(bb::id.eq_any(&keep))
        .order(bb::id)
        .load(conn)?;
    let nodes = graph_nodes(rows)?;
    let pairs: Vec<(String, String)> = dep::building_block_dependencies
        .select((dep::block_id, dep::depends_on_id))
        .filter(dep::block_id.eq_any(&keep))
        .filter(dep::depends_on_id.eq_any(&keep))
        .order((dep::block_id, dep::depends_on_id))
        .load(conn)?;
    let edges = graph_edges(pairs)?;
    Ok(BuildingBlockGraph { nodes, edges })
}

/// The blocks that depend on this one, directly and through others.
pub fn dependents(conn: &mut DbConnection, key: &Key) -> Result<BuildingBlockDependents> {
    let id = block_id(conn, key)?;
    let levels = reach(conn, &id, true, usize::MAX, usize::MAX)?.unwrap_or_default();
    let direct: Vec<String> = levels.first().cloned().unwrap_or_default();
    let mut ids: Vec<String> = levels.iter().flatten().cloned().collect();
    ids.push(id.clone());
    let names = refs::building_blocks::refs(conn, &ids)?;
    let pick =
        |list: &[String]| -> Result<Vec<_>> { list.iter().map(|d| refs::one(&names, d)).collect() };
    let indirect: Vec<String> = levels.iter().skip(1).flatten().cloned().collect();
    Ok(BuildingBlockDependents {
        building_block: refs::one(&names, &id)?,
        direct: pick(&direct)?,
        indirect: pick(&indirect)?,
    })
}
