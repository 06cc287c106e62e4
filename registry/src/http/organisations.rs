use actix_web::http::StatusCode;
use actix_web::{delete, get, post, put, web, HttpResponse};
use openapi::{Organisation, OrganisationInput, OrganisationKind, Page};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{self, IfMatch, Json, Query};
use super::responses::*;
use super::State;
use crate::error::Result;
use crate::store::{organisations, Key};

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one, create, replace, remove),
    tags((name = "organisations", description = "Organisationer / Organisations")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(get_one)
        .service(create)
        .service(replace)
        .service(remove);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OrganisationQuery {
    /// Only organisations of this kind.
    kind: Option<OrganisationKind>,
    /// Only the organisation with this organisation number (`NNNNNN-NNNN`).
    organisation_number: Option<String>,
    /// Part of the name or slug.
    q: Option<String>,
    /// Page size, 1–500 (default 20).
    limit: Option<i64>,
    /// Entries to skip (default 0).
    offset: Option<i64>,
    /// Opaque cursor from `nextCursor`, for deep paging.
    cursor: Option<String>,
}

/// Organisationer / list organisations
#[utoipa::path(get, path = "/api/v1/organisations", tag = "organisations", params(OrganisationQuery),
    responses((status = 200, description = "One page of organisations", body = Page<Organisation>),
        (status = 400, response = BadRequest), (status = 503, response = Unavailable)))]
#[get("/organisations")]
async fn list(state: State, Query(q): Query<OrganisationQuery>) -> Result<HttpResponse> {
    let page = extract::page(q.limit, q.offset, q.cursor.as_deref())?;
    let filter = organisations::Filter {
        kind: q.kind,
        q: q.q,
        organisation_number: q.organisation_number,
    };
    let p = page.clone();
    let (items, total) = state
        .run(move |c| organisations::list(c, &filter, &p))
        .await?;
    Ok(super::page(items, total, &page, |o| o.meta.id.to_string()))
}

/// En organisation / get one organisation by id or slug
#[utoipa::path(get, path = "/api/v1/organisations/{id}", tag = "organisations",
    params(("id" = String, Path, description = "Id or slug", example = "digg")),
    responses((status = 200, description = "The organisation; ETag carries its version", body = Organisation,
            headers(("ETag" = String, description = "Entry version, for If-Match"))),
        (status = 404, response = NotFound)))]
#[get("/organisations/{id}")]
async fn get_one(state: State, id: web::Path<String>) -> Result<HttpResponse> {
    let key = Key::parse(&id);
    let o = state.run(move |c| organisations::get(c, &key)).await?;
    Ok(super::entry(StatusCode::OK, o.meta.version, &o))
}

/// Skapa organisation / create an organisation
#[utoipa::path(post, path = "/api/v1/organisations", tag = "organisations", request_body = OrganisationInput,
    responses((status = 201, description = "Created", body = Organisation,
            headers(("ETag" = String), ("Location" = String))),
        (status = 400, response = BadRequest), (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge)))]
#[post("/organisations")]
async fn create(state: State, Json(input): Json<OrganisationInput>) -> Result<HttpResponse> {
    let ctx = state.ctx();
    let o = state
        .run(move |c| organisations::create(c, &ctx, input))
        .await?;
    Ok(super::created("organisations", &o.meta, &o))
}

/// Ersätt organisation / replace an organisation (If-Match required)
#[utoipa::path(put, path = "/api/v1/organisations/{id}", tag = "organisations", request_body = OrganisationInput,
    params(("id" = String, Path, description = "Id or slug"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 200, description = "Replaced", body = Organisation, headers(("ETag" = String))),
        (status = 400, response = BadRequest), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 428, response = PreconditionRequired)))]
#[put("/organisations/{id}")]
async fn replace(
    state: State,
    id: web::Path<String>,
    IfMatch(v): IfMatch,
    Json(input): Json<OrganisationInput>,
) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    let o = state
        .run(move |c| organisations::replace(c, &ctx, &key, v, input))
        .await?;
    Ok(super::entry(StatusCode::OK, o.meta.version, &o))
}

/// Ta bort organisation / delete an organisation (If-Match required; refused while referenced)
#[utoipa::path(delete, path = "/api/v1/organisations/{id}", tag = "organisations",
    params(("id" = String, Path, description = "Id or slug"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 204, description = "Deleted"), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 428, response = PreconditionRequired)))]
#[delete("/organisations/{id}")]
async fn remove(state: State, id: web::Path<String>, IfMatch(v): IfMatch) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    state
        .run(move |c| organisations::delete(c, &ctx, &key, v))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
