//! The decision register: the infrastructure owner's decisions, listed, filtered by kind,
//! subject and year, and reported per year. Append-only: there is no replace or delete.

use actix_web::{get, post, web, HttpResponse};
use openapi::{Decision, DecisionInput, DecisionKind, DecisionReport};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{Json, Query};
use super::responses::*;
use super::State;
use crate::error::Result;
use crate::http::extract::Writer;
use crate::store::decisions;

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, report, get_one, create),
    tags((name = "decisions", description = "Beslutsregistret / The decision register")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    // `report` before `{id}`, or it would be taken for an id.
    cfg.service(report).service(create);
    configure_reads(cfg);
}

list_query! {
    pub struct DecisionQuery => decisions::Filter {
        /// Only decisions of this kind.
        kind: Option<DecisionKind>,
        /// Only decisions about this building block, base-data domain or competence area (id or
        /// slug).
        subject: Option<String>,
        /// Only decisions dated in this year.
        year: Option<i32>,
        ..origin,
        ..page
    }
}

reads! {
    decisions: Decision, DecisionQuery at "decisions" by id;
    list: "Beslut / list the infrastructure owner's decisions, in the order they were entered",
    get: "Ett beslut / get one decision by id",
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// The year reported.
    #[param(minimum = 2000, maximum = 2100)]
    year: i32,
}

/// Årsrapport / the year's decisions as reported to the government (001 §5.2.7)
///
/// Every decision dated in the year, in date order, with a count for each kind of decision.
#[utoipa::path(get, operation_id = "decisions.report", path = "/api/v1/decisions/report",
    tag = "decisions", params(ReportQuery),
    responses((status = 200, description = "Årets beslut / The year's decisions", body = DecisionReport),
        BadRequest, Unavailable))]
#[get("/decisions/report")]
async fn report(state: State, Query(q): Query<ReportQuery>) -> Result<HttpResponse> {
    let year = super::extract::year(q.year)?;
    let r = state.db.run(move |c| decisions::report(c, year)).await?;
    Ok(HttpResponse::Ok().json(r))
}

/// Föra in ett beslut / enter a decision of the infrastructure owner
///
/// For what no other record carries, such as a recommendation to the government; phase
/// decisions, appointments, accepted idea candidates and decided level-1 documents enter the
/// register as they are recorded. The deciding organisation is the infrastructure owner (409
/// otherwise); an operator transcribes in its name.
#[utoipa::path(post, operation_id = "decisions.create", security(("bearer" = [])),
    path = "/api/v1/decisions", tag = "decisions", request_body = DecisionInput,
    responses((status = 201, description = "Beslutet / The decision", body = Decision,
            headers(("ETag" = String), ("Location" = String))),
        BadRequest, Unprocessable, Unauthorized, Forbidden, Conflict, PayloadTooLarge,
        Unavailable))]
#[post("/decisions")]
async fn create(
    state: State,
    Writer(who): Writer,
    Json(input): Json<DecisionInput>,
) -> Result<HttpResponse> {
    super::write_entry(&state, who, "", move |c, who, ctx, _| {
        crate::commands::enter_decision(c, who, ctx, input)
    })
    .await
    .map(|d| super::created("decisions", &d.meta, &d))
}
