//! Idea candidates: proposed by anyone, then qualified, prioritised, rejected or accepted by
//! the infrastructure owner. No replace or delete: each step is recorded in the history.

use actix_web::{post, web, HttpResponse};
use openapi::{
    IdeaAcceptanceInput, IdeaCandidate, IdeaCandidateInput, IdeaPriorityInput,
    IdeaQualificationInput, IdeaRejectionInput, IdeaStatus,
};

use super::extract::Json;
use super::responses::*;
use super::State;
use crate::auth;
use crate::error::Result;
use crate::http::extract::Writer;
use crate::store::idea_candidates;
use domain::permissions::{Action, Resource, Subject};

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one, propose, qualify, prioritise, reject, accept),
    tags((name = "idea-candidates", description = "Idékandidater / Idea candidates")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    configure_reads(cfg);
    cfg.service(propose)
        .service(qualify)
        .service(prioritise)
        .service(reject)
        .service(accept);
}

list_query! {
    pub struct IdeaCandidateQuery => idea_candidates::Filter {
        /// Only candidates with this status.
        status: Option<IdeaStatus>,
        /// Only candidates proposed by this organisation (id or slug).
        proposer: Option<String>,
        /// Only candidates with this priority.
        priority: Option<i32>,
        ..origin,
        ..page
    }
}

reads! {
    idea_candidates: IdeaCandidate, IdeaCandidateQuery at "idea-candidates" by id;
    list: "Idékandidater / list idea candidates, oldest first",
    get: "En idékandidat / get one idea candidate by id",
}

/// Föreslå idékandidat / propose an idea candidate (status `foreslagen`)
#[utoipa::path(post, operation_id = "idea-candidates.propose", path = "/api/v1/idea-candidates",
    security(("bearer" = [])),
    tag = "idea-candidates", request_body = IdeaCandidateInput,
    responses((status = 201, description = "Föreslagen / Proposed", body = IdeaCandidate,
            headers(("ETag" = String), ("Location" = String))),
        BadRequest, Unprocessable, Unauthorized, Forbidden, Conflict, PayloadTooLarge,
        Unavailable))]
#[post("/idea-candidates")]
async fn propose(
    state: State,
    Writer(who): Writer,
    Json(input): Json<IdeaCandidateInput>,
) -> Result<HttpResponse> {
    let ctx = state.ctx(&who);
    super::write(&state, move |c| {
        // Anyone may propose, in the name of their own organisation.
        let action = Action::Create(Resource::IdeaCandidate);
        auth::authorize(c, &who, action, &Subject::Register)?;
        auth::acting_as(c, &who, "proposer", &input.proposer)?;
        idea_candidates::propose(c, &ctx, input)
    })
    .await
    .map(|e| super::created("idea-candidates", &e.meta, &e))
}

macro_rules! step {
    ($name:ident, $path:literal, $op:literal, $input:ty, $store:ident, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, operation_id = $op, path = concat!("/api/v1", $path), security(("bearer" = [])),
            tag = "idea-candidates", params(("id" = String, Path, description = "Id / Id")),
            request_body = $input,
            responses((status = 200, description = "Kandidaten / The candidate", body = IdeaCandidate,
                    headers(("ETag" = String))),
                BadRequest, Unprocessable, Unauthorized, Forbidden, NotFound, Conflict,
                Unavailable))]
        #[post($path)]
        async fn $name(
            state: State,
            Writer(who): Writer,
            id: web::Path<String>,
            Json(input): Json<$input>,
        ) -> Result<HttpResponse> {
            super::write_entry(&state, who, &id, move |c, who, ctx, key| {
                crate::commands::handle_idea(c, who, ctx, key, input, idea_candidates::$store)
            })
            .await
            .map(super::ok)
        }
    };
}

step!(qualify, "/idea-candidates/{id}/qualification", "idea-candidates.qualify", IdeaQualificationInput, qualify,
    "Kvalificera / qualify a proposed candidate: there is a real shared need (status `kvalificerad`)");
step!(
    prioritise,
    "/idea-candidates/{id}/priority",
    "idea-candidates.prioritise",
    IdeaPriorityInput,
    prioritise,
    "Prioritera / set the priority (1 highest to 5) of a qualified candidate"
);
step!(
    reject,
    "/idea-candidates/{id}/rejection",
    "idea-candidates.reject",
    IdeaRejectionInput,
    reject,
    "Avslå / reject a proposed or qualified candidate with a reason (status `avslagen`)"
);
step!(accept, "/idea-candidates/{id}/acceptance", "idea-candidates.accept", IdeaAcceptanceInput, accept,
    "Anta / accept a qualified candidate: creates its building block in phase `ide` with the appointed responsible organisation, and that organisation's role byggblocksansvarig for it, in one transaction (status `antagen`)");
