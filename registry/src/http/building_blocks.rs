use actix_web::http::StatusCode;
use actix_web::{delete, get, post, put, web, HttpResponse};
use openapi::{BuildingBlock, BuildingBlockFacets, BuildingBlockInput, Category, Page, Phase};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{self, IfMatch, Json, Query};
use super::responses::*;
use super::State;
use crate::error::Result;
use crate::store::{building_blocks, Key};

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, facets, get_one, create, replace, remove),
    tags((name = "building-blocks", description = "Byggblock / Building blocks")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    // `facets` before `{id}`, so that it is not taken for a slug.
    cfg.service(list)
        .service(facets)
        .service(get_one)
        .service(create)
        .service(replace)
        .service(remove);
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
    fn filter(&self) -> building_blocks::Filter {
        building_blocks::Filter {
            phase: self.phase,
            category: self.category,
            responsible: self.responsible.clone(),
            depends_on: self.depends_on.clone(),
            q: self.q.clone(),
            origin: self.origin.clone(),
        }
    }
}

/// Byggblock / list building blocks, filtered and searched
#[utoipa::path(get, path = "/api/v1/building-blocks", tag = "building-blocks", params(BuildingBlockQuery),
    responses((status = 200, description = "One page of building blocks", body = Page<BuildingBlock>),
        (status = 400, response = BadRequest), (status = 503, response = Unavailable)))]
#[get("/building-blocks")]
async fn list(state: State, Query(q): Query<BuildingBlockQuery>) -> Result<HttpResponse> {
    let page = extract::page(q.limit, q.offset, q.cursor.as_deref())?;
    let (filter, p) = (q.filter(), page.clone());
    let (items, total) = state
        .run(move |c| building_blocks::list(c, &filter, &p))
        .await?;
    Ok(super::page(items, total, &page, |b| b.meta.id.to_string()))
}

/// Fasetter / counts per phase, category and responsible organisation (same filters as the list)
#[utoipa::path(get, path = "/api/v1/building-blocks/facets", tag = "building-blocks", params(BuildingBlockQuery),
    responses((status = 200, description = "Counts over the blocks that match", body = BuildingBlockFacets),
        (status = 400, response = BadRequest)))]
#[get("/building-blocks/facets")]
async fn facets(state: State, Query(q): Query<BuildingBlockQuery>) -> Result<HttpResponse> {
    extract::page(q.limit, q.offset, q.cursor.as_deref())?;
    let filter = q.filter();
    let f = state
        .run(move |c| building_blocks::facets(c, &filter))
        .await?;
    Ok(HttpResponse::Ok().json(f))
}

/// Ett byggblock / get one building block by id or slug
#[utoipa::path(get, path = "/api/v1/building-blocks/{id}", tag = "building-blocks",
    params(("id" = String, Path, description = "Id or slug", example = "api-hantering")),
    responses((status = 200, description = "The building block; ETag carries its version", body = BuildingBlock,
            headers(("ETag" = String, description = "Entry version, for If-Match"))),
        (status = 404, response = NotFound)))]
#[get("/building-blocks/{id}")]
async fn get_one(state: State, id: web::Path<String>) -> Result<HttpResponse> {
    let key = Key::parse(&id);
    let b = state.run(move |c| building_blocks::get(c, &key)).await?;
    Ok(super::entry(StatusCode::OK, b.meta.version, &b))
}

/// Skapa byggblock / create a building block
#[utoipa::path(post, path = "/api/v1/building-blocks", tag = "building-blocks", request_body = BuildingBlockInput,
    responses((status = 201, description = "Created", body = BuildingBlock,
            headers(("ETag" = String), ("Location" = String))),
        (status = 400, response = BadRequest), (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge)))]
#[post("/building-blocks")]
async fn create(state: State, Json(input): Json<BuildingBlockInput>) -> Result<HttpResponse> {
    let ctx = state.ctx();
    let b = state
        .run(move |c| building_blocks::create(c, &ctx, input))
        .await?;
    Ok(super::created("building-blocks", &b.meta, &b))
}

/// Ersätt byggblock / replace a building block (If-Match required)
#[utoipa::path(put, path = "/api/v1/building-blocks/{id}", tag = "building-blocks", request_body = BuildingBlockInput,
    params(("id" = String, Path, description = "Id or slug"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 200, description = "Replaced", body = BuildingBlock, headers(("ETag" = String))),
        (status = 400, response = BadRequest), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 413, response = PayloadTooLarge), (status = 428, response = PreconditionRequired)))]
#[put("/building-blocks/{id}")]
async fn replace(
    state: State,
    id: web::Path<String>,
    IfMatch(v): IfMatch,
    Json(input): Json<BuildingBlockInput>,
) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    let b = state
        .run(move |c| building_blocks::replace(c, &ctx, &key, v, input))
        .await?;
    Ok(super::entry(StatusCode::OK, b.meta.version, &b))
}

/// Ta bort byggblock / delete a building block (If-Match required; refused while referenced)
#[utoipa::path(delete, path = "/api/v1/building-blocks/{id}", tag = "building-blocks",
    params(("id" = String, Path, description = "Id or slug"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 204, description = "Deleted"), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 428, response = PreconditionRequired)))]
#[delete("/building-blocks/{id}")]
async fn remove(state: State, id: web::Path<String>, IfMatch(v): IfMatch) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    state
        .run(move |c| building_blocks::delete(c, &ctx, &key, v))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
