use actix_web::http::StatusCode;
use actix_web::{delete, get, post, put, web, HttpResponse};
use openapi::{Page, Plan, PlanInput, PlanKind, ScopeKind};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{self, IfMatch, Json, Query};
use super::responses::*;
use super::State;
use crate::error::Result;
use crate::store::{plans, Key};

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one, create, replace, remove),
    tags((name = "plans", description = "Färdplaner och milstolpeplaner / Roadmaps and milestone plans")))]
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
pub struct PlanQuery {
    /// Only plans of this kind.
    kind: Option<PlanKind>,
    /// Only plans with this kind of scope.
    scope_kind: Option<ScopeKind>,
    /// Part of the name or slug.
    q: Option<String>,
    /// Page size, 1–500 (default 20).
    limit: Option<i64>,
    /// Entries to skip (default 0).
    offset: Option<i64>,
    /// Opaque cursor from `nextCursor`, for deep paging.
    cursor: Option<String>,
}

/// Planer / list roadmaps and milestone plans
#[utoipa::path(get, path = "/api/v1/plans", tag = "plans", params(PlanQuery),
    responses((status = 200, description = "One page of plans", body = Page<Plan>),
        (status = 400, response = BadRequest), (status = 503, response = Unavailable)))]
#[get("/plans")]
async fn list(state: State, Query(q): Query<PlanQuery>) -> Result<HttpResponse> {
    let page = extract::page(q.limit, q.offset, q.cursor.as_deref())?;
    let filter = plans::Filter {
        kind: q.kind,
        scope_kind: q.scope_kind,
        q: q.q,
    };
    let p = page.clone();
    let (items, total) = state.run(move |c| plans::list(c, &filter, &p)).await?;
    Ok(super::page(items, total, &page, |p| p.meta.id.to_string()))
}

/// En plan / get one plan by id or slug
#[utoipa::path(get, path = "/api/v1/plans/{id}", tag = "plans",
    params(("id" = String, Path, description = "Id or slug", example = "styrningsstruktur-2021")),
    responses((status = 200, description = "The plan; ETag carries its version", body = Plan,
            headers(("ETag" = String, description = "Entry version, for If-Match"))),
        (status = 404, response = NotFound)))]
#[get("/plans/{id}")]
async fn get_one(state: State, id: web::Path<String>) -> Result<HttpResponse> {
    let key = Key::parse(&id);
    let p = state.run(move |c| plans::get(c, &key)).await?;
    Ok(super::entry(StatusCode::OK, p.meta.version, &p))
}

/// Skapa plan / create a plan
#[utoipa::path(post, path = "/api/v1/plans", tag = "plans", request_body = PlanInput,
    responses((status = 201, description = "Created", body = Plan,
            headers(("ETag" = String), ("Location" = String))),
        (status = 400, response = BadRequest), (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge)))]
#[post("/plans")]
async fn create(state: State, Json(input): Json<PlanInput>) -> Result<HttpResponse> {
    let ctx = state.ctx();
    let p = state.run(move |c| plans::create(c, &ctx, input)).await?;
    let mut r = super::entry(StatusCode::CREATED, p.meta.version, &p);
    r.headers_mut().insert(
        actix_web::http::header::LOCATION,
        actix_web::http::header::HeaderValue::from_str(&format!("/api/v1/plans/{}", p.meta.id))
            .expect("a UUID is a valid header value"),
    );
    Ok(r)
}

/// Ersätt plan / replace a plan (If-Match required)
#[utoipa::path(put, path = "/api/v1/plans/{id}", tag = "plans", request_body = PlanInput,
    params(("id" = String, Path, description = "Id or slug"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 200, description = "Replaced", body = Plan, headers(("ETag" = String))),
        (status = 400, response = BadRequest), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 413, response = PayloadTooLarge), (status = 428, response = PreconditionRequired)))]
#[put("/plans/{id}")]
async fn replace(
    state: State,
    id: web::Path<String>,
    IfMatch(v): IfMatch,
    Json(input): Json<PlanInput>,
) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    let p = state
        .run(move |c| plans::replace(c, &ctx, &key, v, input))
        .await?;
    Ok(super::entry(StatusCode::OK, p.meta.version, &p))
}

/// Ta bort plan / delete a plan (If-Match required; refused while it has milestones)
#[utoipa::path(delete, path = "/api/v1/plans/{id}", tag = "plans",
    params(("id" = String, Path, description = "Id or slug"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 204, description = "Deleted"), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 428, response = PreconditionRequired)))]
#[delete("/plans/{id}")]
async fn remove(state: State, id: web::Path<String>, IfMatch(v): IfMatch) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    state.run(move |c| plans::delete(c, &ctx, &key, v)).await?;
    Ok(HttpResponse::NoContent().finish())
}
