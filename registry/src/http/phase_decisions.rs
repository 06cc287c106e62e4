//! Phase decisions: recorded on a building block or base-data domain, listed per subject and
//! overall. Append-only: there is no replace or delete.

use actix_web::{get, post, web, HttpResponse};
use openapi::{Phase, PhaseDecision, PhaseDecisionInput, ScopeKind};

use super::extract::{Json, Query};
use super::responses::*;
use super::State;
use crate::auth::Principal;
use crate::error::Result;
use crate::http::extract::Writer;
use crate::store::{phase_decisions, Key};

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one, decide_block, list_block, decide_domain, list_domain),
    tags((name = "phase-decisions", description = "Fasbeslut / Phase decisions")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    configure_reads(cfg);
    cfg.service(decide_block)
        .service(list_block)
        .service(decide_domain)
        .service(list_domain);
}

list_query! {
    pub struct PhaseDecisionQuery => phase_decisions::Filter {
        /// Only decisions on this building block (id or slug).
        building_block: Option<String>,
        /// Only decisions on this base-data domain (id or slug).
        base_data_domain: Option<String>,
        /// Only decisions to this phase.
        phase: Option<Phase>,
        /// Only decisions taken by this organisation (id or slug).
        deciding_organisation: Option<String>,
        ..origin,
        ..page
    }
}

reads! {
    phase_decisions: PhaseDecision, PhaseDecisionQuery at "phase-decisions" by id;
    list: "Fasbeslut / list phase decisions, oldest first",
    get: "Ett fasbeslut / get one phase decision by id",
}

list_query! {
    pub struct PageQuery {
        ..page
    }
}

async fn decide(
    state: State,
    who: Principal,
    kind: ScopeKind,
    id: String,
    input: PhaseDecisionInput,
) -> Result<HttpResponse> {
    super::write_entry(&state, who, &id, move |c, who, ctx, key| {
        crate::commands::decide_phase(c, who, ctx, kind, key, input)
    })
    .await
    .map(|e| super::created("phase-decisions", &e.meta, &e))
}

async fn list_for(state: State, kind: ScopeKind, id: String, q: PageQuery) -> Result<HttpResponse> {
    let key = Key::parse(&id);
    super::list_entries(&state, q.page()?, move |c, p| {
        phase_decisions::list_for(c, kind, &key, p)
    })
    .await
}

/// Fatta fasbeslut om byggblock / decide a building block's phase
///
/// Records the decision and moves the block to the decided phase, in one transaction. Allowed:
/// one step forward along ide → analys-och-krav → utveckling → inforande → forvaltning →
/// avveckling, or back to any earlier phase with a justification. Leaving analys-och-krav for
/// utveckling needs all four analyses `klar` and a responsible organisation. A refused move is
/// 409 with `errors` listing everything that is missing.
#[utoipa::path(post, operation_id = "building-blocks.phase-decisions.create", security(("bearer" = [])),
    path = "/api/v1/building-blocks/{id}/phase-decisions", tag = "phase-decisions",
    params(("id" = String, Path, description = "Byggblockets id eller slug / The block's id or slug")),
    request_body = PhaseDecisionInput,
    responses((status = 201, description = "Beslutet / The decision", body = PhaseDecision,
            headers(("ETag" = String), ("Location" = String))),
        BadRequest, Unprocessable, Unauthorized, Forbidden, NotFound,
        (status = 409, description = "Otillåtet fasbyte / The move is not allowed; `errors` lists what is missing",
            body = openapi::Problem, content_type = "application/problem+json",
            example = json!({"type": "about:blank", "title": "Conflict", "status": 409,
                "detail": "analyses.legal: the legal analysis must be done (klar) before Utveckling; it is pagar",
                "instance": "/api/v1/building-blocks/mina-arenden/phase-decisions",
                "errors": [{"field": "analyses.legal", "message": "the legal analysis must be done (klar) before Utveckling; it is pagar"}]})),
        PayloadTooLarge, Unavailable))]
#[post("/building-blocks/{id}/phase-decisions")]
async fn decide_block(
    state: State,
    Writer(who): Writer,
    id: web::Path<String>,
    Json(input): Json<PhaseDecisionInput>,
) -> Result<HttpResponse> {
    decide(state, who, ScopeKind::Byggblock, id.into_inner(), input).await
}

/// Byggblockets fasbeslut / a building block's phase decisions, oldest first
#[utoipa::path(get, operation_id = "building-blocks.phase-decisions.list",
    path = "/api/v1/building-blocks/{id}/phase-decisions", tag = "phase-decisions",
    params(("id" = String, Path, description = "Byggblockets id eller slug / The block's id or slug"), PageQuery),
    responses((status = 200, description = "En sida / One page", body = Page<PhaseDecision>),
        BadRequest, NotFound, Unavailable))]
#[get("/building-blocks/{id}/phase-decisions")]
async fn list_block(
    state: State,
    id: web::Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<HttpResponse> {
    list_for(state, ScopeKind::Byggblock, id.into_inner(), q).await
}

/// Fatta fasbeslut om grunddatadomän / decide a base-data domain's phase
///
/// As for building blocks; the register keeps no analyses for base-data domains, so leaving
/// analys-och-krav for utveckling needs a responsible organisation only.
#[utoipa::path(post, operation_id = "base-data-domains.phase-decisions.create", security(("bearer" = [])),
    path = "/api/v1/base-data-domains/{id}/phase-decisions", tag = "phase-decisions",
    params(("id" = String, Path, description = "Domänens id eller slug / The domain's id or slug")),
    request_body = PhaseDecisionInput,
    responses((status = 201, description = "Beslutet / The decision", body = PhaseDecision,
            headers(("ETag" = String), ("Location" = String))),
        BadRequest, Unprocessable, Unauthorized, Forbidden, NotFound, Conflict, PayloadTooLarge,
        Unavailable))]
#[post("/base-data-domains/{id}/phase-decisions")]
async fn decide_domain(
    state: State,
    Writer(who): Writer,
    id: web::Path<String>,
    Json(input): Json<PhaseDecisionInput>,
) -> Result<HttpResponse> {
    decide(
        state,
        who,
        ScopeKind::Grunddatadoman,
        id.into_inner(),
        input,
    )
    .await
}

/// Grunddatadomänens fasbeslut / a base-data domain's phase decisions, oldest first
#[utoipa::path(get, operation_id = "base-data-domains.phase-decisions.list",
    path = "/api/v1/base-data-domains/{id}/phase-decisions", tag = "phase-decisions",
    params(("id" = String, Path, description = "Domänens id eller slug / The domain's id or slug"), PageQuery),
    responses((status = 200, description = "En sida / One page", body = Page<PhaseDecision>),
        BadRequest, NotFound, Unavailable))]
#[get("/base-data-domains/{id}/phase-decisions")]
async fn list_domain(
    state: State,
    id: web::Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<HttpResponse> {
    list_for(state, ScopeKind::Grunddatadoman, id.into_inner(), q).await
}
