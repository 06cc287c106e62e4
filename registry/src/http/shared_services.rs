//! Shared services (report 000), an organisation's own expression of interest in one, and the
//! seven indicators of one for a year.

use actix_web::{get, post, web, HttpResponse};
use chrono::Datelike;
use openapi::{Connection, Indicators, InterestInput, SharedService, SharedServiceInput};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{Json, Query, Writer};
use super::responses::*;
use super::State;
use crate::error::Result;
use crate::store::{indicators, shared_services};

collection! {
    shared_services: SharedService, SharedServiceInput, SharedServiceQuery
        at "shared-services" in "adoption" by id or slug;
    rights: stored::shared_service, proposed::shared_service;
    list: "Samordnade tjänster / list shared services",
    get: "En samordnad tjänst / get one shared service by id or slug",
    create: "Skapa samordnad tjänst / create a shared service (its supplier or the infrastructure owner)",
    replace: "Ersätt samordnad tjänst / replace a shared service (If-Match required)",
    delete: "Ta bort samordnad tjänst / delete a shared service (If-Match required; refused while it has connections or reports)",
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one, indicators_of, interest, create, replace, remove),
    tags((name = "adoption", description = "Anslutning och indikatorer / Adoption: shared services, connections and Statskontoret's indicators (000)")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(indicators_of).service(interest);
    configure_collection(cfg);
}

list_query! {
    pub struct SharedServiceQuery => shared_services::Filter {
        /// Only services of this supplier (id or slug).
        supplier: Option<String>,
        /// Only the services a building block is (id or slug).
        building_block: Option<String>,
        ..origin,
        ..page
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct IndicatorQuery {
    /// The year; the current one when absent.
    #[param(minimum = 2000, maximum = 2100)]
    year: Option<i32>,
}

/// Indikatorer / Statskontoret's seven indicators of a shared service for a year (000)
///
/// Per service and per year, never averaged across services: (1) state agencies and (2)
/// preparedness agencies connected at the year's end over the year's denominators
/// (`/api/v1/indicator-years`), (3) units, (4) full cost per unit, (5) the fee's change from
/// the year before, (6) availability within agreed opening hours, (7) satisfaction, with the
/// survey's answers published by the small-count rule. What is not reported is absent.
#[utoipa::path(get, operation_id = "shared-services.indicators",
    path = "/api/v1/shared-services/{id}/indicators", tag = "adoption",
    params(("id" = String, Path, description = "Id eller slug / Id or slug"), IndicatorQuery),
    responses((status = 200, description = "Indikatorerna / The indicators", body = Indicators),
        BadRequest, NotFound, Unavailable))]
#[get("/shared-services/{id}/indicators")]
async fn indicators_of(
    state: State,
    id: web::Path<String>,
    Query(q): Query<IndicatorQuery>,
) -> Result<HttpResponse> {
    let year = super::extract::year(q.year.unwrap_or_else(|| chrono::Utc::now().year()))?;
    let r = super::read_entry(&state, &id, move |c, k| indicators::indicators(c, k, year)).await?;
    Ok(HttpResponse::Ok().json(r))
}

/// Intresseanmälan / an organisation's own expression of interest in a shared service
///
/// The connection's first step, recorded by the organisation itself (the token's own: 403
/// otherwise); its supplier records the agreement, the connection and the leaving on the
/// connection (`/api/v1/connections`). 409 when the organisation has a connection already.
#[utoipa::path(post, operation_id = "shared-services.interest", security(("bearer" = [])),
    path = "/api/v1/shared-services/{id}/interest", tag = "adoption",
    params(("id" = String, Path, description = "Id eller slug / Id or slug")),
    request_body = InterestInput,
    responses((status = 201, description = "Anslutningen / The connection", body = Connection,
            headers(("ETag" = String), ("Location" = String))),
        BadRequest, Unauthorized, Forbidden, NotFound, Conflict, PayloadTooLarge, Unprocessable,
        Unavailable))]
#[post("/shared-services/{id}/interest")]
async fn interest(
    state: State,
    id: web::Path<String>,
    Writer(who): Writer,
    Json(input): Json<InterestInput>,
) -> Result<HttpResponse> {
    domain::adoption::interest(&input)?;
    super::write_entry(&state, who, &id, move |c, who, ctx, key| {
        crate::commands::express_interest(c, who, ctx, key, input)
    })
    .await
    .map(|e| super::created("connections", &e.meta, &e))
}
