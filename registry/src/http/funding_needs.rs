use actix_web::{get, web, HttpResponse};
use openapi::{Estimate, FundingForm, FundingNeed, FundingNeedInput, FundingSummary, ScopeKind};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::Query;
use super::responses::*;
use super::State;
use crate::error::Result;
use crate::store::funding_needs;

collection! {
    funding_needs: FundingNeed, FundingNeedInput, FundingNeedQuery at "funding-needs" by id;
    rights: stored::funding_need, proposed::funding_need;
    list: "Finansieringsbehov / list funding needs",
    get: "Ett finansieringsbehov / get one funding need by id",
    create: "Skapa finansieringsbehov / create a funding need",
    replace: "Ersätt finansieringsbehov / replace a funding need (If-Match required)",
    delete: "Ta bort finansieringsbehov / delete a funding need (If-Match required)",
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, summary, get_one, create, replace, remove),
    tags((name = "funding-needs", description = "Finansieringsbehov / Funding needs")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    // `summary` before `{id}`, or it would be taken for an id.
    cfg.service(summary);
    configure_collection(cfg);
}

list_query! {
    pub struct FundingNeedQuery => funding_needs::Filter {
        /// Only needs of this building block (id or slug).
        building_block: Option<String>,
        /// Only needs of this kind of subject.
        subject_kind: Option<ScopeKind>,
        /// Only needs of this year.
        year: Option<i32>,
        /// Only estimated, or only not yet estimated, needs.
        estimate: Option<Estimate>,
        /// Only needs with this funding form.
        funding_form: Option<FundingForm>,
        ..origin,
        ..page
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// Only this year.
    year: Option<i32>,
    /// Only needs of this kind of subject (`byggblock` for the blocks' table of 001 §7.5.1,
    /// named or not yet named).
    subject_kind: Option<ScopeKind>,
}

/// Finansieringsbehov per år / funding needs summed per year
///
/// One item per year that has funding needs, in year order: the sum of the estimated amounts,
/// and how many needs are estimated and not yet estimated.
#[utoipa::path(get, path = "/api/v1/funding-needs/summary", tag = "funding-needs", params(SummaryQuery),
    responses((status = 200, description = "Per year, in year order", body = Vec<FundingSummary>),
        BadRequest, Unavailable))]
#[get("/funding-needs/summary")]
async fn summary(state: State, Query(q): Query<SummaryQuery>) -> Result<HttpResponse> {
    let years = state
        .db
        .run(move |c| funding_needs::summary(c, q.year, q.subject_kind))
        .await?;
    Ok(HttpResponse::Ok().json(years))
}
