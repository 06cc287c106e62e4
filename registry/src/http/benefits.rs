use actix_web::http::StatusCode;
use actix_web::{delete, get, post, put, web, HttpResponse};
use openapi::{Benefit, BenefitInput, BenefitKind, Category, Page};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{self, IfMatch, Json, Query};
use super::responses::*;
use super::State;
use crate::error::Result;
use crate::store::{benefits, Key};

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one, create, replace, remove),
    tags((name = "benefits", description = "Nyttor / Benefits")))]
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
pub struct BenefitQuery {
    /// Only benefits of this category.
    category: Option<Category>,
    /// Only benefits of this kind.
    kind: Option<BenefitKind>,
    /// Only benefits that include this building block (id or slug).
    building_block: Option<String>,
    /// Page size, 1–500 (default 20).
    limit: Option<i64>,
    /// Entries to skip (default 0).
    offset: Option<i64>,
    /// Opaque cursor from `nextCursor`, for deep paging.
    cursor: Option<String>,
}

/// Nyttor / list benefits
#[utoipa::path(get, path = "/api/v1/benefits", tag = "benefits", params(BenefitQuery),
    responses((status = 200, description = "One page of benefits", body = Page<Benefit>),
        (status = 400, response = BadRequest), (status = 503, response = Unavailable)))]
#[get("/benefits")]
async fn list(state: State, Query(q): Query<BenefitQuery>) -> Result<HttpResponse> {
    let page = extract::page(q.limit, q.offset, q.cursor.as_deref())?;
    let filter = benefits::Filter {
        category: q.category,
        kind: q.kind,
        building_block: q.building_block,
    };
    let p = page.clone();
    let (items, total) = state.run(move |c| benefits::list(c, &filter, &p)).await?;
    Ok(super::page(items, total, &page, |b| b.meta.id.to_string()))
}

/// En nytta / get one benefit by id
#[utoipa::path(get, path = "/api/v1/benefits/{id}", tag = "benefits",
    params(("id" = String, Path, description = "Id")),
    responses((status = 200, description = "The benefit; ETag carries its version", body = Benefit,
            headers(("ETag" = String, description = "Entry version, for If-Match"))),
        (status = 404, response = NotFound)))]
#[get("/benefits/{id}")]
async fn get_one(state: State, id: web::Path<String>) -> Result<HttpResponse> {
    let key = Key::parse(&id);
    let b = state.run(move |c| benefits::get(c, &key)).await?;
    Ok(super::entry(StatusCode::OK, b.meta.version, &b))
}

/// Skapa nytta / create a benefit
#[utoipa::path(post, path = "/api/v1/benefits", tag = "benefits", request_body = BenefitInput,
    responses((status = 201, description = "Created", body = Benefit,
            headers(("ETag" = String), ("Location" = String))),
        (status = 400, response = BadRequest), (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge)))]
#[post("/benefits")]
async fn create(state: State, Json(input): Json<BenefitInput>) -> Result<HttpResponse> {
    let ctx = state.ctx();
    let b = state.run(move |c| benefits::create(c, &ctx, input)).await?;
    let mut r = super::entry(StatusCode::CREATED, b.meta.version, &b);
    r.headers_mut().insert(
        actix_web::http::header::LOCATION,
        actix_web::http::header::HeaderValue::from_str(&format!("/api/v1/benefits/{}", b.meta.id))
            .expect("a UUID is a valid header value"),
    );
    Ok(r)
}

/// Ersätt nytta / replace a benefit (If-Match required)
#[utoipa::path(put, path = "/api/v1/benefits/{id}", tag = "benefits", request_body = BenefitInput,
    params(("id" = String, Path, description = "Id"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 200, description = "Replaced", body = Benefit, headers(("ETag" = String))),
        (status = 400, response = BadRequest), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 413, response = PayloadTooLarge), (status = 428, response = PreconditionRequired)))]
#[put("/benefits/{id}")]
async fn replace(
    state: State,
    id: web::Path<String>,
    IfMatch(v): IfMatch,
    Json(input): Json<BenefitInput>,
) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    let b = state
        .run(move |c| benefits::replace(c, &ctx, &key, v, input))
        .await?;
    Ok(super::entry(StatusCode::OK, b.meta.version, &b))
}

/// Ta bort nytta / delete a benefit (If-Match required)
#[utoipa::path(delete, path = "/api/v1/benefits/{id}", tag = "benefits",
    params(("id" = String, Path, description = "Id"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 204, description = "Deleted"), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 428, response = PreconditionRequired)))]
#[delete("/benefits/{id}")]
async fn remove(state: State, id: web::Path<String>, IfMatch(v): IfMatch) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    state
        .run(move |c| benefits::delete(c, &ctx, &key, v))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
