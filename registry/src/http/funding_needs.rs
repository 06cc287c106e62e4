use actix_web::http::StatusCode;
use actix_web::{delete, get, post, put, web, HttpResponse};
use openapi::{Estimate, FundingForm, FundingNeed, FundingNeedInput, FundingSummary, Page};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{self, IfMatch, Json, Query};
use super::responses::*;
use super::State;
use crate::error::Result;
use crate::store::{funding_needs, Key};

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, summary, get_one, create, replace, remove),
    tags((name = "funding-needs", description = "Finansieringsbehov / Funding needs")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    // `summary` before `{id}`, or it would be taken for an id.
    cfg.service(list)
        .service(summary)
        .service(get_one)
        .service(create)
        .service(replace)
        .service(remove);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FundingNeedQuery {
    /// Only needs of this building block (id or slug).
    building_block: Option<String>,
    /// Only needs of this year.
    year: Option<i32>,
    /// Only estimated, or only not yet estimated, needs.
    estimate: Option<Estimate>,
    /// Only needs with this funding form.
    funding_form: Option<FundingForm>,
    /// Page size, 1–500 (default 20).
    limit: Option<i64>,
    /// Entries to skip (default 0).
    offset: Option<i64>,
    /// Opaque cursor from `nextCursor`, for deep paging.
    cursor: Option<String>,
}

/// Finansieringsbehov / list funding needs
#[utoipa::path(get, path = "/api/v1/funding-needs", tag = "funding-needs", params(FundingNeedQuery),
    responses((status = 200, description = "One page of funding needs", body = Page<FundingNeed>),
        (status = 400, response = BadRequest), (status = 503, response = Unavailable)))]
#[get("/funding-needs")]
async fn list(state: State, Query(q): Query<FundingNeedQuery>) -> Result<HttpResponse> {
    let page = extract::page(q.limit, q.offset, q.cursor.as_deref())?;
    let filter = funding_needs::Filter {
        building_block: q.building_block,
        year: q.year,
        estimate: q.estimate,
        funding_form: q.funding_form,
    };
    let p = page.clone();
    let (items, total) = state
        .run(move |c| funding_needs::list(c, &filter, &p))
        .await?;
    Ok(super::page(items, total, &page, |n| n.meta.id.to_string()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// Only this year.
    year: Option<i32>,
}

/// Finansieringsbehov per år / funding needs summed per year
///
/// One item per year that has funding needs, in year order: the sum of the estimated amounts,
/// and how many needs are estimated and not yet estimated.
#[utoipa::path(get, path = "/api/v1/funding-needs/summary", tag = "funding-needs", params(SummaryQuery),
    responses((status = 200, description = "Per year, in year order", body = Vec<FundingSummary>),
        (status = 400, response = BadRequest), (status = 503, response = Unavailable)))]
#[get("/funding-needs/summary")]
async fn summary(state: State, Query(q): Query<SummaryQuery>) -> Result<HttpResponse> {
    let years = state
        .run(move |c| funding_needs::summary(c, q.year))
        .await?;
    Ok(HttpResponse::Ok().json(years))
}

/// Ett finansieringsbehov / get one funding need by id
#[utoipa::path(get, path = "/api/v1/funding-needs/{id}", tag = "funding-needs",
    params(("id" = String, Path, description = "Id")),
    responses((status = 200, description = "The funding need; ETag carries its version", body = FundingNeed,
            headers(("ETag" = String, description = "Entry version, for If-Match"))),
        (status = 404, response = NotFound)))]
#[get("/funding-needs/{id}")]
async fn get_one(state: State, id: web::Path<String>) -> Result<HttpResponse> {
    let key = Key::parse(&id);
    let n = state.run(move |c| funding_needs::get(c, &key)).await?;
    Ok(super::entry(StatusCode::OK, n.meta.version, &n))
}

/// Skapa finansieringsbehov / create a funding need
#[utoipa::path(post, path = "/api/v1/funding-needs", tag = "funding-needs", request_body = FundingNeedInput,
    responses((status = 201, description = "Created", body = FundingNeed,
            headers(("ETag" = String), ("Location" = String))),
        (status = 400, response = BadRequest), (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge)))]
#[post("/funding-needs")]
async fn create(state: State, Json(input): Json<FundingNeedInput>) -> Result<HttpResponse> {
    let ctx = state.ctx();
    let n = state
        .run(move |c| funding_needs::create(c, &ctx, input))
        .await?;
    let mut r = super::entry(StatusCode::CREATED, n.meta.version, &n);
    r.headers_mut().insert(
        actix_web::http::header::LOCATION,
        actix_web::http::header::HeaderValue::from_str(&format!(
            "/api/v1/funding-needs/{}",
            n.meta.id
        ))
        .expect("a UUID is a valid header value"),
    );
    Ok(r)
}

/// Ersätt finansieringsbehov / replace a funding need (If-Match required)
#[utoipa::path(put, path = "/api/v1/funding-needs/{id}", tag = "funding-needs", request_body = FundingNeedInput,
    params(("id" = String, Path, description = "Id"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 200, description = "Replaced", body = FundingNeed, headers(("ETag" = String))),
        (status = 400, response = BadRequest), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 413, response = PayloadTooLarge), (status = 428, response = PreconditionRequired)))]
#[put("/funding-needs/{id}")]
async fn replace(
    state: State,
    id: web::Path<String>,
    IfMatch(v): IfMatch,
    Json(input): Json<FundingNeedInput>,
) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    let n = state
        .run(move |c| funding_needs::replace(c, &ctx, &key, v, input))
        .await?;
    Ok(super::entry(StatusCode::OK, n.meta.version, &n))
}

/// Ta bort finansieringsbehov / delete a funding need (If-Match required)
#[utoipa::path(delete, path = "/api/v1/funding-needs/{id}", tag = "funding-needs",
    params(("id" = String, Path, description = "Id"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 204, description = "Deleted"), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 428, response = PreconditionRequired)))]
#[delete("/funding-needs/{id}")]
async fn remove(state: State, id: web::Path<String>, IfMatch(v): IfMatch) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    state
        .run(move |c| funding_needs::delete(c, &ctx, &key, v))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
