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
use domain::graph;

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
    let all = PageRequest {
        limit: 10_000,
        offset: 0,
        after: None,
    };
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

/// Every building block as a node and every dependency as an edge, in id order.
pub fn graph(conn: &mut DbConnection) -> Result<BuildingBlockGraph> {
    let rows: Vec<(String, String, String, String, String)> = bb::building_blocks
        .select((bb::id, bb::slug, bb::name, bb::phase, bb::category))
        .order(bb::id)
        .load(conn)?;
    let nodes = rows
        .into_iter()
        .map(|(id, slug, name, phase, category)| {
            Ok(GraphNode {
                id: uuid(&id)?,
                slug,
                name,
                phase: entry::parse_enum(&phase)?,
                category: entry::parse_enum(&category)?,
            })
        })
        .collect::<Result<_>>()?;
    let edges = edges(conn)?
        .into_iter()
        .map(|(from, to)| {
            Ok(GraphEdge {
                from: uuid(&from)?,
                to: uuid(&to)?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(BuildingBlockGraph { nodes, edges })
}

/// The blocks that depend on this one, directly and through others.
pub fn dependents(conn: &mut DbConnection, key: &Key) -> Result<BuildingBlockDependents> {
    let id = block_id(conn, key)?;
    let edges = edges(conn)?;
    let all = graph::dependents(&edges, &id);
    let direct: Vec<String> = all
        .iter()
        .filter(|d| edges.iter().any(|(f, t)| f == *d && *t == id))
        .cloned()
        .collect();
    let mut ids = all.clone();
    ids.push(id.clone());
    let names = refs::building_blocks::refs(conn, &ids)?;
    let pick =
        |list: &[String]| -> Result<Vec<_>> { list.iter().map(|d| refs::one(&names, d)).collect() };
    let indirect: Vec<String> = all
        .iter()
        .filter(|d| !direct.contains(d))
        .cloned()
        .collect();
    Ok(BuildingBlockDependents {
        building_block: refs::one(&names, &id)?,
        direct: pick(&direct)?,
        indirect: pick(&indirect)?,
    })
}
