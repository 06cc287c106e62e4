use actix_web::http::StatusCode;
use actix_web::{delete, get, post, put, web, HttpResponse};
use openapi::{CompetenceArea, CompetenceAreaInput, CompetenceAreaStatus, Page};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{self, IfMatch, Json, Query};
use super::responses::*;
use super::State;
use crate::error::Result;
use crate::store::{competence_areas, Key};

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one, create, replace, remove),
    tags((name = "competence-areas", description = "Kompetensområden / Competence areas")))]
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
pub struct CompetenceAreaQuery {
    /// Only competence areas with this status.
    status: Option<CompetenceAreaStatus>,
    /// Only competence areas with this home organisation (id or slug); an unknown
    /// organisation gives an empty list.
    home_organisation: Option<String>,
    /// Part of the name or slug.
    q: Option<String>,
    /// Page size, 1–500 (default 20).
    limit: Option<i64>,
    /// Entries to skip (default 0).
    offset: Option<i64>,
    /// Opaque cursor from `nextCursor`, for deep paging.
    cursor: Option<String>,
}

/// Kompetensområden / list competence areas
#[utoipa::path(get, path = "/api/v1/competence-areas", tag = "competence-areas",
    params(CompetenceAreaQuery),
    responses((status = 200, description = "One page of competence areas", body = Page<CompetenceArea>),
        (status = 400, response = BadRequest), (status = 503, response = Unavailable)))]
#[get("/competence-areas")]
async fn list(state: State, Query(q): Query<CompetenceAreaQuery>) -> Result<HttpResponse> {
    let page = extract::page(q.limit, q.offset, q.cursor.as_deref())?;
    let filter = competence_areas::Filter {
        status: q.status,
        home_organisation: q.home_organisation,
        q: q.q,
    };
    let p = page.clone();
    let (items, total) = state
        .run(move |c| competence_areas::list(c, &filter, &p))
        .await?;
    Ok(super::page(items, total, &page, |a| a.meta.id.to_string()))
}

/// Ett kompetensområde / get one competence area by id or slug
#[utoipa::path(get, path = "/api/v1/competence-areas/{id}", tag = "competence-areas",
    params(("id" = String, Path, description = "Id or slug", example = "arkitektur")),
    responses((status = 200, description = "The competence area; ETag carries its version",
            body = CompetenceArea,
            headers(("ETag" = String, description = "Entry version, for If-Match"))),
        (status = 404, response = NotFound), (status = 503, response = Unavailable)))]
#[get("/competence-areas/{id}")]
async fn get_one(state: State, id: web::Path<String>) -> Result<HttpResponse> {
    let key = Key::parse(&id);
    let a = state.run(move |c| competence_areas::get(c, &key)).await?;
    Ok(super::entry(StatusCode::OK, a.meta.version, &a))
}

/// Skapa kompetensområde / create a competence area
#[utoipa::path(post, path = "/api/v1/competence-areas", tag = "competence-areas",
    request_body = CompetenceAreaInput,
    responses((status = 201, description = "Created", body = CompetenceArea,
            headers(("ETag" = String), ("Location" = String))),
        (status = 400, response = BadRequest), (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge), (status = 503, response = Unavailable)))]
#[post("/competence-areas")]
async fn create(state: State, Json(input): Json<CompetenceAreaInput>) -> Result<HttpResponse> {
    let ctx = state.ctx();
    let a = state
        .run(move |c| competence_areas::create(c, &ctx, input))
        .await?;
    let mut r = super::entry(StatusCode::CREATED, a.meta.version, &a);
    r.headers_mut().insert(
        actix_web::http::header::LOCATION,
        actix_web::http::header::HeaderValue::from_str(&format!(
            "/api/v1/competence-areas/{}",
            a.meta.id
        ))
        .expect("a UUID is a valid header value"),
    );
    Ok(r)
}

/// Ersätt kompetensområde / replace a competence area (If-Match required)
#[utoipa::path(put, path = "/api/v1/competence-areas/{id}", tag = "competence-areas",
    request_body = CompetenceAreaInput,
    params(("id" = String, Path, description = "Id or slug"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 200, description = "Replaced", body = CompetenceArea, headers(("ETag" = String))),
        (status = 400, response = BadRequest), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 413, response = PayloadTooLarge), (status = 428, response = PreconditionRequired),
        (status = 503, response = Unavailable)))]
#[put("/competence-areas/{id}")]
async fn replace(
    state: State,
    id: web::Path<String>,
    IfMatch(v): IfMatch,
    Json(input): Json<CompetenceAreaInput>,
) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    let a = state
        .run(move |c| competence_areas::replace(c, &ctx, &key, v, input))
        .await?;
    Ok(super::entry(StatusCode::OK, a.meta.version, &a))
}

/// Ta bort kompetensområde / delete a competence area (If-Match required; refused while referenced)
#[utoipa::path(delete, path = "/api/v1/competence-areas/{id}", tag = "competence-areas",
    params(("id" = String, Path, description = "Id or slug"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 204, description = "Deleted"), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 428, response = PreconditionRequired), (status = 503, response = Unavailable)))]
#[delete("/competence-areas/{id}")]
async fn remove(state: State, id: web::Path<String>, IfMatch(v): IfMatch) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    state
        .run(move |c| competence_areas::delete(c, &ctx, &key, v))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
