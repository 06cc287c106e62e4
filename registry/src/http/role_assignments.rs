use actix_web::http::StatusCode;
use actix_web::{delete, get, post, put, web, HttpResponse};
use openapi::{Page, Role, RoleAssignment, RoleAssignmentInput};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{self, IfMatch, Json, Query};
use super::responses::*;
use super::State;
use crate::error::Result;
use crate::store::{role_assignments, Key};

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one, create, replace, remove),
    tags((name = "role-assignments", description = "Roller / Role assignments")))]
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
pub struct RoleAssignmentQuery {
    /// Only roles held by this organisation (id or slug).
    organisation: Option<String>,
    /// Only this role.
    role: Option<Role>,
    /// Only roles for this building block (id or slug).
    building_block: Option<String>,
    /// Only roles for this base-data domain (id or slug).
    base_data_domain: Option<String>,
    /// Only roles for this competence area (id or slug).
    competence_area: Option<String>,
    /// Page size, 1–500 (default 20).
    limit: Option<i64>,
    /// Entries to skip (default 0).
    offset: Option<i64>,
    /// Opaque cursor from `nextCursor`, for deep paging.
    cursor: Option<String>,
}

/// Roller / list role assignments (a reference to no entry gives an empty list)
#[utoipa::path(get, path = "/api/v1/role-assignments", tag = "role-assignments",
    params(RoleAssignmentQuery),
    responses((status = 200, description = "One page of role assignments", body = Page<RoleAssignment>),
        (status = 400, response = BadRequest), (status = 503, response = Unavailable)))]
#[get("/role-assignments")]
async fn list(state: State, Query(q): Query<RoleAssignmentQuery>) -> Result<HttpResponse> {
    let page = extract::page(q.limit, q.offset, q.cursor.as_deref())?;
    let filter = role_assignments::Filter {
        organisation: q.organisation,
        role: q.role,
        building_block: q.building_block,
        base_data_domain: q.base_data_domain,
        competence_area: q.competence_area,
    };
    let p = page.clone();
    let (items, total) = state
        .run(move |c| role_assignments::list(c, &filter, &p))
        .await?;
    Ok(super::page(items, total, &page, |a| a.meta.id.to_string()))
}

/// En roll / get one role assignment by id
#[utoipa::path(get, path = "/api/v1/role-assignments/{id}", tag = "role-assignments",
    params(("id" = String, Path, description = "Id (role assignments have no slug)")),
    responses((status = 200, description = "The role assignment; ETag carries its version",
            body = RoleAssignment,
            headers(("ETag" = String, description = "Entry version, for If-Match"))),
        (status = 404, response = NotFound), (status = 503, response = Unavailable)))]
#[get("/role-assignments/{id}")]
async fn get_one(state: State, id: web::Path<String>) -> Result<HttpResponse> {
    let key = Key::parse(&id);
    let a = state.run(move |c| role_assignments::get(c, &key)).await?;
    Ok(super::entry(StatusCode::OK, a.meta.version, &a))
}

/// Tilldela roll / assign a role (409 when held already, or for a second infrastructure owner)
#[utoipa::path(post, path = "/api/v1/role-assignments", tag = "role-assignments",
    request_body = RoleAssignmentInput,
    responses((status = 201, description = "Created", body = RoleAssignment,
            headers(("ETag" = String), ("Location" = String))),
        (status = 400, response = BadRequest), (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge), (status = 503, response = Unavailable)))]
#[post("/role-assignments")]
async fn create(state: State, Json(input): Json<RoleAssignmentInput>) -> Result<HttpResponse> {
    let ctx = state.ctx();
    let a = state
        .run(move |c| role_assignments::create(c, &ctx, input))
        .await?;
    let mut r = super::entry(StatusCode::CREATED, a.meta.version, &a);
    r.headers_mut().insert(
        actix_web::http::header::LOCATION,
        actix_web::http::header::HeaderValue::from_str(&format!(
            "/api/v1/role-assignments/{}",
            a.meta.id
        ))
        .expect("a UUID is a valid header value"),
    );
    Ok(r)
}

/// Ersätt roll / replace a role assignment (If-Match required)
#[utoipa::path(put, path = "/api/v1/role-assignments/{id}", tag = "role-assignments",
    request_body = RoleAssignmentInput,
    params(("id" = String, Path, description = "Id"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 200, description = "Replaced", body = RoleAssignment, headers(("ETag" = String))),
        (status = 400, response = BadRequest), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 413, response = PayloadTooLarge), (status = 428, response = PreconditionRequired),
        (status = 503, response = Unavailable)))]
#[put("/role-assignments/{id}")]
async fn replace(
    state: State,
    id: web::Path<String>,
    IfMatch(v): IfMatch,
    Json(input): Json<RoleAssignmentInput>,
) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    let a = state
        .run(move |c| role_assignments::replace(c, &ctx, &key, v, input))
        .await?;
    Ok(super::entry(StatusCode::OK, a.meta.version, &a))
}

/// Ta bort roll / remove a role assignment (If-Match required)
#[utoipa::path(delete, path = "/api/v1/role-assignments/{id}", tag = "role-assignments",
    params(("id" = String, Path, description = "Id"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 204, description = "Deleted"), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 428, response = PreconditionRequired), (status = 503, response = Unavailable)))]
#[delete("/role-assignments/{id}")]
async fn remove(state: State, id: web::Path<String>, IfMatch(v): IfMatch) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    state
        .run(move |c| role_assignments::delete(c, &ctx, &key, v))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
