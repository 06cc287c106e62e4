use actix_web::{get, web, HttpResponse};
use openapi::{BuildingBlock, BuildingBlockFacets, BuildingBlockInput, Category, Phase};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{self, Query};
use super::responses::*;
use super::State;
use crate::error::Result;
use crate::store::building_blocks;

collection! {
    store: building_blocks,
    resource: BuildingBlocks,
    stored: crate::store::authz::stored::building_block,
    proposed: crate::store::authz::proposed::none,
    segment: "building-blocks",
    tag: "building-blocks",
    wire: BuildingBlock,
    input: BuildingBlockInput,
    query: BuildingBlockQuery,
    key: "Id eller slug / Id or slug",
    list: "Byggblock / list building blocks, filtered and searched",
    get: "Ett byggblock / get one building block by id or slug",
    create: "Skapa byggblock / create a building block",
    replace: "Ersätt byggblock / replace a building block (If-Match required)",
    delete: "Ta bort byggblock / delete a building block (If-Match required; refused while referenced)",
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, facets, get_one, create, replace, remove),
    tags((name = "building-blocks", description = "Byggblock / Building blocks")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    // `facets` before `{id}`, so that it is not taken for a slug.
    cfg.service(facets);
    configure_collection(cfg);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BuildingBlockQuery {
    /// Only blocks in this phase.
    phase: Option<Phase>,
    /// Only blocks of this category.
    category: Option<Category>,
    /// Only blocks this organisation (id or slug) is responsible for.
    responsible: Option<String>,
    /// Only blocks that depend on this block (id or slug).
    depends_on: Option<String>,
    /// Only entries owned by this node.
    origin: Option<String>,
    /// Full-text search in name, description and purpose: every word must match, as a prefix,
    /// case-insensitively.
    q: Option<String>,
    /// Page size, 1–500 (default 20).
    limit: Option<i64>,
    /// Entries to skip (default 0).
    offset: Option<i64>,
    /// Opaque cursor from `nextCursor`, for deep paging.
    cursor: Option<String>,
}

impl BuildingBlockQuery {
    fn filter(self) -> Result<building_blocks::Filter> {
        Ok(building_blocks::Filter {
            phase: self.phase,
            category: self.category,
            responsible: self.responsible,
            depends_on: self.depends_on,
            q: self.q,
            origin: self.origin,
        })
    }
}

/// Fasetter / counts per phase, category and responsible organisation (same filters as the list)
#[utoipa::path(get, path = "/api/v1/building-blocks/facets", tag = "building-blocks", params(BuildingBlockQuery),
    responses((status = 200, description = "Counts over the blocks that match", body = BuildingBlockFacets),
        (status = 400, response = BadRequest)))]
#[get("/building-blocks/facets")]
async fn facets(state: State, Query(q): Query<BuildingBlockQuery>) -> Result<HttpResponse> {
    extract::page(q.limit, q.offset, q.cursor.as_deref())?;
    let filter = q.filter()?;
    let f = state
        .run(move |c| building_blocks::facets(c, &filter))
        .await?;
    Ok(HttpResponse::Ok().json(f))
}
