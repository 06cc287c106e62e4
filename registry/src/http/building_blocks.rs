use actix_web::{get, web, HttpResponse};
use openapi::{
    BuildingBlock, BuildingBlockDependents, BuildingBlockFacets, BuildingBlockGraph,
    BuildingBlockInput, BuildingBlockRoadmap, Category, Phase,
};

use super::extract::Query;
use super::responses::*;
use super::State;
use crate::error::Result;
use crate::store::{building_blocks, views};

collection! {
    building_blocks: BuildingBlock, BuildingBlockInput, BuildingBlockQuery
        at "building-blocks" by id or slug;
    rights: stored::building_block, proposed::none;
    list: "Byggblock / list building blocks, filtered and searched",
    get: "Ett byggblock / get one building block by id or slug",
    create: "Skapa byggblock / create a building block",
    replace: "Ersätt byggblock / replace a building block (If-Match required)",
    delete: "Ta bort byggblock / delete a building block (If-Match required; refused while referenced)",
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, facets, graph, get_one, roadmap, dependents, adoption, create, replace, remove),
    tags((name = "building-blocks", description = "Byggblock / Building blocks")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    // `facets` and `graph` before `{id}`, so that they are not taken for a slug.
    cfg.service(facets)
        .service(graph)
        .service(roadmap)
        .service(adoption)
        .service(dependents);
    configure_collection(cfg);
}

list_query! {
    pub struct BuildingBlockQuery => building_blocks::Filter {
        /// Only blocks in this phase.
        phase: Option<Phase>,
        /// Only blocks of this category.
        category: Option<Category>,
        /// Only blocks this organisation (id or slug) is responsible for.
        responsible: Option<String>,
        /// Only blocks that depend on this block (id or slug).
        depends_on: Option<String>,
        ..origin,
        /// Full-text search in name, description and purpose: every word must match, as a prefix,
        /// case-insensitively.
        q: Option<String>,
        ..page
    }
}

/// Fasetter / counts per phase, category and responsible organisation (same filters as the list)
#[utoipa::path(get, path = "/api/v1/building-blocks/facets", tag = "building-blocks", params(BuildingBlockQuery),
    responses((status = 200, description = "Counts over the blocks that match", body = BuildingBlockFacets),
        BadRequest))]
#[get("/building-blocks/facets")]
async fn facets(state: State, Query(q): Query<BuildingBlockQuery>) -> Result<HttpResponse> {
    q.page()?;
    let filter = q.filter(&state.settings.node_id)?;
    let f = state
        .db
        .run(move |c| building_blocks::facets(c, &filter))
        .await?;
    Ok(HttpResponse::Ok().json(f))
}

/// Beroendegraf / the dependency graph: every block as a node, every dependency as an edge
#[utoipa::path(get, operation_id = "building-blocks.graph", path = "/api/v1/building-blocks/graph",
    tag = "building-blocks",
    responses((status = 200, description = "Noder och kanter / Nodes and edges; an edge goes from a block to a block it depends on",
            body = BuildingBlockGraph,
            example = json!({"nodes": [
                {"id": "0190c0de-0000-7000-8000-000000000001", "slug": "digitala-underskrifter", "name": "Digitala underskrifter", "phase": "ide", "category": "tillit-och-sakerhet"},
                {"id": "0190c0de-0000-7000-8000-000000000002", "slug": "identitet", "name": "Identitet", "phase": "analys-och-krav", "category": "tillit-och-sakerhet"}],
                "edges": [{"from": "0190c0de-0000-7000-8000-000000000001", "to": "0190c0de-0000-7000-8000-000000000002"}]})),
        Unavailable))]
#[get("/building-blocks/graph")]
async fn graph(state: State) -> Result<HttpResponse> {
    let g = state.db.run(|c| views::graph(c)).await?;
    Ok(HttpResponse::Ok().json(g))
}

/// Färdplan / a building block's roadmap: phase decisions, milestones and funding by year
#[utoipa::path(get, operation_id = "building-blocks.roadmap", path = "/api/v1/building-blocks/{id}/roadmap",
    tag = "building-blocks", params(("id" = String, Path, description = "Id eller slug / Id or slug")),
    responses((status = 200, description = "Färdplanen / The roadmap", body = BuildingBlockRoadmap),
        NotFound, Unavailable))]
#[get("/building-blocks/{id}/roadmap")]
async fn roadmap(state: State, id: web::Path<String>) -> Result<HttpResponse> {
    let r = super::read_entry(&state, &id, views::roadmap).await?;
    Ok(HttpResponse::Ok().json(r))
}

/// Anslutning över tid / a building block's adoption: organisations connected to its services
///
/// For drawing: the connected organisations and state agencies after each day one connected
/// or left, and at each year's end from the first connection to this year, with the share of
/// the year's state agencies where its denominators are stored (report 000).
#[utoipa::path(get, operation_id = "building-blocks.adoption", path = "/api/v1/building-blocks/{id}/adoption",
    tag = "building-blocks", params(("id" = String, Path, description = "Id eller slug / Id or slug")),
    responses((status = 200, description = "Anslutningen över tid / Adoption over time", body = openapi::Adoption),
        NotFound, Unavailable))]
#[get("/building-blocks/{id}/adoption")]
async fn adoption(state: State, id: web::Path<String>) -> Result<HttpResponse> {
    use chrono::Datelike;
    let year = chrono::Utc::now().year();
    let a = super::read_entry(&state, &id, move |c, k| {
        crate::store::indicators::adoption(c, k, year)
    })
    .await?;
    Ok(HttpResponse::Ok().json(a))
}

/// Beroende byggblock / the blocks that depend on this one, directly and through others
#[utoipa::path(get, operation_id = "building-blocks.dependents", path = "/api/v1/building-blocks/{id}/dependents",
    tag = "building-blocks", params(("id" = String, Path, description = "Id eller slug / Id or slug")),
    responses((status = 200, description = "De beroende blocken / The dependent blocks", body = BuildingBlockDependents),
        NotFound, Unavailable))]
#[get("/building-blocks/{id}/dependents")]
async fn dependents(state: State, id: web::Path<String>) -> Result<HttpResponse> {
    let d = super::read_entry(&state, &id, views::dependents).await?;
    Ok(HttpResponse::Ok().json(d))
}
