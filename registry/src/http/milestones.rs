use actix_web::http::StatusCode;
use actix_web::{delete, get, post, put, web, HttpResponse};
use openapi::{Milestone, MilestoneInput, Page, WorkStatus};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{self, IfMatch, Json, Query};
use super::responses::*;
use super::State;
use crate::domain::identifiers::Quarter;
use crate::error::{Error, Result};
use crate::store::{milestones, Key};

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one, create, replace, remove),
    tags((name = "milestones", description = "Milstolpar / Milestones")))]
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
pub struct MilestoneQuery {
    /// Only milestones of this plan (id or slug).
    plan: Option<String>,
    /// Only milestones with this status.
    status: Option<WorkStatus>,
    /// Only milestones due in this quarter (`YYYY-QN`).
    #[param(example = "2021-Q3")]
    due: Option<String>,
    /// Only milestones of this area (exact text).
    area: Option<String>,
    /// Page size, 1–500 (default 20).
    limit: Option<i64>,
    /// Entries to skip (default 0).
    offset: Option<i64>,
    /// Opaque cursor from `nextCursor`, for deep paging.
    cursor: Option<String>,
}

/// Milstolpar / list milestones
#[utoipa::path(get, path = "/api/v1/milestones", tag = "milestones", params(MilestoneQuery),
    responses((status = 200, description = "One page of milestones", body = Page<Milestone>),
        (status = 400, response = BadRequest), (status = 503, response = Unavailable)))]
#[get("/milestones")]
async fn list(state: State, Query(q): Query<MilestoneQuery>) -> Result<HttpResponse> {
    let page = extract::page(q.limit, q.offset, q.cursor.as_deref())?;
    let due = q
        .due
        .as_deref()
        .map(|d| d.parse::<Quarter>().map_err(|p| Error::field("due", p)))
        .transpose()?;
    let filter = milestones::Filter {
        plan: q.plan,
        status: q.status,
        due,
        area: q.area,
    };
    let p = page.clone();
    let (items, total) = state.run(move |c| milestones::list(c, &filter, &p)).await?;
    Ok(super::page(items, total, &page, |m| m.meta.id.to_string()))
}

/// En milstolpe / get one milestone by id
#[utoipa::path(get, path = "/api/v1/milestones/{id}", tag = "milestones",
    params(("id" = String, Path, description = "Id (milestones have no slug)")),
    responses((status = 200, description = "The milestone; ETag carries its version", body = Milestone,
            headers(("ETag" = String, description = "Entry version, for If-Match"))),
        (status = 404, response = NotFound)))]
#[get("/milestones/{id}")]
async fn get_one(state: State, id: web::Path<String>) -> Result<HttpResponse> {
    let key = Key::parse(&id);
    let m = state.run(move |c| milestones::get(c, &key)).await?;
    Ok(super::entry(StatusCode::OK, m.meta.version, &m))
}

/// Skapa milstolpe / create a milestone
#[utoipa::path(post, path = "/api/v1/milestones", tag = "milestones", request_body = MilestoneInput,
    responses((status = 201, description = "Created", body = Milestone,
            headers(("ETag" = String), ("Location" = String))),
        (status = 400, response = BadRequest), (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge)))]
#[post("/milestones")]
async fn create(state: State, Json(input): Json<MilestoneInput>) -> Result<HttpResponse> {
    let ctx = state.ctx();
    let m = state
        .run(move |c| milestones::create(c, &ctx, input))
        .await?;
    let mut r = super::entry(StatusCode::CREATED, m.meta.version, &m);
    r.headers_mut().insert(
        actix_web::http::header::LOCATION,
        actix_web::http::header::HeaderValue::from_str(&format!(
            "/api/v1/milestones/{}",
            m.meta.id
        ))
        .expect("a UUID is a valid header value"),
    );
    Ok(r)
}

/// Ersätt milstolpe / replace a milestone (If-Match required)
#[utoipa::path(put, path = "/api/v1/milestones/{id}", tag = "milestones", request_body = MilestoneInput,
    params(("id" = String, Path, description = "Id"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 200, description = "Replaced", body = Milestone, headers(("ETag" = String))),
        (status = 400, response = BadRequest), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 413, response = PayloadTooLarge), (status = 428, response = PreconditionRequired)))]
#[put("/milestones/{id}")]
async fn replace(
    state: State,
    id: web::Path<String>,
    IfMatch(v): IfMatch,
    Json(input): Json<MilestoneInput>,
) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    let m = state
        .run(move |c| milestones::replace(c, &ctx, &key, v, input))
        .await?;
    Ok(super::entry(StatusCode::OK, m.meta.version, &m))
}

/// Ta bort milstolpe / delete a milestone (If-Match required)
#[utoipa::path(delete, path = "/api/v1/milestones/{id}", tag = "milestones",
    params(("id" = String, Path, description = "Id"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 204, description = "Deleted"), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 428, response = PreconditionRequired)))]
#[delete("/milestones/{id}")]
async fn remove(state: State, id: web::Path<String>, IfMatch(v): IfMatch) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    state
        .run(move |c| milestones::delete(c, &ctx, &key, v))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
