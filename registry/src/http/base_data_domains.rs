use actix_web::http::StatusCode;
use actix_web::{delete, get, post, put, web, HttpResponse};
use openapi::{BaseDataDomain, BaseDataDomainInput, Page, Phase};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{self, IfMatch, Json, Query};
use super::responses::*;
use super::State;
use crate::error::Result;
use crate::store::{base_data_domains, Key};

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one, create, replace, remove),
    tags((name = "base-data-domains", description = "Grunddatadomäner / Base-data domains")))]
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
pub struct BaseDataDomainQuery {
    /// Only base-data domains in this phase.
    phase: Option<Phase>,
    /// Only base-data domains with this responsible organisation (id or slug); an unknown
    /// organisation gives an empty list.
    responsible: Option<String>,
    /// Part of the name or slug.
    q: Option<String>,
    /// Page size, 1–500 (default 20).
    limit: Option<i64>,
    /// Entries to skip (default 0).
    offset: Option<i64>,
    /// Opaque cursor from `nextCursor`, for deep paging.
    cursor: Option<String>,
}

/// Grunddatadomäner / list base-data domains
#[utoipa::path(get, path = "/api/v1/base-data-domains", tag = "base-data-domains",
    params(BaseDataDomainQuery),
    responses((status = 200, description = "One page of base-data domains", body = Page<BaseDataDomain>),
        (status = 400, response = BadRequest), (status = 503, response = Unavailable)))]
#[get("/base-data-domains")]
async fn list(state: State, Query(q): Query<BaseDataDomainQuery>) -> Result<HttpResponse> {
    let page = extract::page(q.limit, q.offset, q.cursor.as_deref())?;
    let filter = base_data_domains::Filter {
        phase: q.phase,
        responsible: q.responsible,
        q: q.q,
    };
    let p = page.clone();
    let (items, total) = state
        .run(move |c| base_data_domains::list(c, &filter, &p))
        .await?;
    Ok(super::page(items, total, &page, |a| a.meta.id.to_string()))
}

/// En grunddatadomän / get one base-data domain by id or slug
#[utoipa::path(get, path = "/api/v1/base-data-domains/{id}", tag = "base-data-domains",
    params(("id" = String, Path, description = "Id or slug", example = "foretagsinformation")),
    responses((status = 200, description = "The base-data domain; ETag carries its version",
            body = BaseDataDomain,
            headers(("ETag" = String, description = "Entry version, for If-Match"))),
        (status = 404, response = NotFound), (status = 503, response = Unavailable)))]
#[get("/base-data-domains/{id}")]
async fn get_one(state: State, id: web::Path<String>) -> Result<HttpResponse> {
    let key = Key::parse(&id);
    let a = state.run(move |c| base_data_domains::get(c, &key)).await?;
    Ok(super::entry(StatusCode::OK, a.meta.version, &a))
}

/// Skapa grunddatadomän / create a base-data domain
#[utoipa::path(post, path = "/api/v1/base-data-domains", tag = "base-data-domains",
    request_body = BaseDataDomainInput,
    responses((status = 201, description = "Created", body = BaseDataDomain,
            headers(("ETag" = String), ("Location" = String))),
        (status = 400, response = BadRequest), (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge), (status = 503, response = Unavailable)))]
#[post("/base-data-domains")]
async fn create(state: State, Json(input): Json<BaseDataDomainInput>) -> Result<HttpResponse> {
    let ctx = state.ctx();
    let a = state
        .run(move |c| base_data_domains::create(c, &ctx, input))
        .await?;
    let mut r = super::entry(StatusCode::CREATED, a.meta.version, &a);
    r.headers_mut().insert(
        actix_web::http::header::LOCATION,
        actix_web::http::header::HeaderValue::from_str(&format!(
            "/api/v1/base-data-domains/{}",
            a.meta.id
        ))
        .expect("a UUID is a valid header value"),
    );
    Ok(r)
}

/// Ersätt grunddatadomän / replace a base-data domain (If-Match required)
#[utoipa::path(put, path = "/api/v1/base-data-domains/{id}", tag = "base-data-domains",
    request_body = BaseDataDomainInput,
    params(("id" = String, Path, description = "Id or slug"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 200, description = "Replaced", body = BaseDataDomain, headers(("ETag" = String))),
        (status = 400, response = BadRequest), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 413, response = PayloadTooLarge), (status = 428, response = PreconditionRequired),
        (status = 503, response = Unavailable)))]
#[put("/base-data-domains/{id}")]
async fn replace(
    state: State,
    id: web::Path<String>,
    IfMatch(v): IfMatch,
    Json(input): Json<BaseDataDomainInput>,
) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    let a = state
        .run(move |c| base_data_domains::replace(c, &ctx, &key, v, input))
        .await?;
    Ok(super::entry(StatusCode::OK, a.meta.version, &a))
}

/// Ta bort grunddatadomän / delete a base-data domain (If-Match required; refused while referenced)
#[utoipa::path(delete, path = "/api/v1/base-data-domains/{id}", tag = "base-data-domains",
    params(("id" = String, Path, description = "Id or slug"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 204, description = "Deleted"), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 428, response = PreconditionRequired), (status = 503, response = Unavailable)))]
#[delete("/base-data-domains/{id}")]
async fn remove(state: State, id: web::Path<String>, IfMatch(v): IfMatch) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    state
        .run(move |c| base_data_domains::delete(c, &ctx, &key, v))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
