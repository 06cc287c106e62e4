use crate::auth;
use crate::error::Result;
use crate::http::extract::Writer;
use crate::store::{authz, documents};
use actix_web::{get, post, web, HttpResponse};
use domain::permissions::{Action, Resource, Subject};
use domain::Errors;
use openapi::{
    Document, DocumentDecisionInput, DocumentInput, DocumentPresentationInput, DocumentRepealInput,
    DocumentStatus, DocumentTreeNode, DocumentVersionInput, ScopeKind,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{Json, Query};
use super::responses::*;
use super::State;

collection! {
    documents: Document, DocumentInput, DocumentQuery at "documents" by id;
    rights: stored::document, proposed::document;
    list: "Styrande dokument / list governing and supporting documents",
    get: "Ett dokument / get one document by id",
    create: "Skapa dokument / create a document",
    replace: "Ersätt dokument / replace a document (If-Match required)",
    delete: "Ta bort dokument / delete a document (If-Match required; refused while documents sit under it)",
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, tree, get_one, create, replace, remove, present, decide, repeal, new_version),
    tags((name = "documents", description = "Styrande och stödjande dokument / Governing and supporting documents")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    // `tree` before `{id}`, so that it is not taken for an id.
    cfg.service(tree)
        .service(present)
        .service(decide)
        .service(repeal)
        .service(new_version);
    configure_collection(cfg);
}

list_query! {
    pub struct DocumentQuery {
        /// Only documents at this level (1, 2 or 3).
        #[param(minimum = 1, maximum = 3)]
        level: Option<i32>,
        /// Only documents with this status.
        status: Option<DocumentStatus>,
        /// Only documents with this kind of scope.
        scope_kind: Option<ScopeKind>,
        /// Only documents under this parent document (its id).
        #[param(format = Uuid)]
        parent: Option<String>,
        /// Only documents by this organisation (id or slug).
        author_organisation: Option<String>,
        ..origin,
        /// Part of the title.
        q: Option<String>,
        /// Only documents in force (decided, neither superseded nor repealed), or only those not.
        in_force: Option<bool>,
        ..page
    }
}

impl DocumentQuery {
    fn filter(self, node_id: &str) -> Result<documents::Filter> {
        let mut e = Errors::default();
        if let Some(l) = self.level {
            e.check((1..=3).contains(&l), "level", "must be 1, 2 or 3");
        }
        // Ids are stored in the canonical lower-case form.
        let parent = match self.parent.as_deref().map(uuid::Uuid::parse_str) {
            Some(Ok(u)) => Some(u.to_string()),
            Some(Err(_)) => {
                e.add("parent", "must be the id of a document");
                None
            }
            None => None,
        };
        let origin = e
            .take(super::extract::origin(self.origin, node_id))?
            .flatten();
        e.into_result()?;
        Ok(documents::Filter {
            origin,
            level: self.level,
            status: self.status,
            scope_kind: self.scope_kind,
            parent,
            author_organisation: self.author_organisation,
            q: self.q,
            in_force: self.in_force,
            identity: None,
        })
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TreeQuery {
    /// Only documents in force; otherwise every document that is not superseded or repealed.
    in_force: Option<bool>,
}

/// Dokumenthierarkin / the document hierarchy, levels 1 → 2 → 3
///
/// Level-1 documents with the level-2 documents under them and the level-3 documents under
/// those; superseded and repealed versions are left out, and `inForce` on each document tells
/// what is in force.
#[utoipa::path(get, operation_id = "documents.tree", path = "/api/v1/documents/tree", tag = "documents",
    params(TreeQuery),
    responses((status = 200, description = "Hierarkin / The hierarchy", body = Vec<DocumentTreeNode>),
        BadRequest, Unavailable))]
#[get("/documents/tree")]
async fn tree(state: State, Query(q): Query<TreeQuery>) -> Result<HttpResponse> {
    let only = q.in_force.unwrap_or(false);
    let t = state.db.run(move |c| documents::tree(c, only)).await?;
    Ok(HttpResponse::Ok().json(t))
}

/// Presentera i kompetensforum / record the presentation in the cross-functional competence forum
///
/// Only a draft (`utkast`) is presented; it becomes `presenterat`. Levels 1 and 2 must be
/// presented before they are decided.
#[utoipa::path(post, operation_id = "documents.present", security(("bearer" = [])), path = "/api/v1/documents/{id}/presentation",
    tag = "documents", params(("id" = String, Path, description = "Id / Id")),
    request_body = DocumentPresentationInput,
    responses((status = 200, description = "Dokumentet / The document", body = Document, headers(("ETag" = String))),
        BadRequest, Unprocessable, Unauthorized, Forbidden, NotFound, Conflict, Unavailable))]
#[post("/documents/{id}/presentation")]
async fn present(
    state: State,
    Writer(who): Writer,
    id: web::Path<String>,
    Json(input): Json<DocumentPresentationInput>,
) -> Result<HttpResponse> {
    super::write_entry(&state, who, &id, move |c, who, ctx, key| {
        authz::stored::document(c, key)?;
        auth::authorize(c, who, Action::PresentDocument, &Subject::Register)?;
        documents::present(c, ctx, key, input)
    })
    .await
    .map(super::ok)
}

/// Besluta dokument / decide a document
///
/// Level 1 is always decided by the infrastructure owner (the organisation holding
/// `infrastrukturansvarig`); level 2 by its author, or for a competence area by its owner;
/// level 3 by its author. Levels 1 and 2 must have been presented in the forum. Deciding a
/// new version supersedes (`ersatt`) the version it replaces. A refusal is 409 listing every
/// reason.
#[utoipa::path(post, operation_id = "documents.decide", security(("bearer" = [])), path = "/api/v1/documents/{id}/decision",
    tag = "documents", params(("id" = String, Path, description = "Id / Id")),
    request_body = DocumentDecisionInput,
    responses((status = 200, description = "Dokumentet / The document", body = Document, headers(("ETag" = String))),
        BadRequest, Unprocessable, Unauthorized, Forbidden, NotFound,
        (status = 409, description = "Beslutet är inte tillåtet / The decision is not allowed",
            body = openapi::Problem, content_type = "application/problem+json",
            example = json!({"type": "about:blank", "title": "Conflict", "status": 409,
                "detail": "decidingOrganisation: a level-1 document is always decided by the infrastructure owner (the organisation holding infrastrukturansvarig)",
                "instance": "/api/v1/documents/0190c0de-0000-7000-8000-000000000000/decision",
                "errors": [{"field": "decidingOrganisation", "message": "a level-1 document is always decided by the infrastructure owner (the organisation holding infrastrukturansvarig)"}]})),
        Unavailable))]
#[post("/documents/{id}/decision")]
async fn decide(
    state: State,
    Writer(who): Writer,
    id: web::Path<String>,
    Json(input): Json<DocumentDecisionInput>,
) -> Result<HttpResponse> {
    super::write_entry(&state, who, &id, move |c, who, ctx, key| {
        crate::commands::decide_document(c, who, ctx, key, input)
    })
    .await
    .map(super::ok)
}

/// Upphäva dokument / repeal a decided document
#[utoipa::path(post, operation_id = "documents.repeal", security(("bearer" = [])), path = "/api/v1/documents/{id}/repeal",
    tag = "documents", params(("id" = String, Path, description = "Id / Id")),
    request_body = DocumentRepealInput,
    responses((status = 200, description = "Dokumentet / The document", body = Document, headers(("ETag" = String))),
        BadRequest, Unprocessable, Unauthorized, Forbidden, NotFound, Conflict, Unavailable))]
#[post("/documents/{id}/repeal")]
async fn repeal(
    state: State,
    Writer(who): Writer,
    id: web::Path<String>,
    Json(input): Json<DocumentRepealInput>,
) -> Result<HttpResponse> {
    super::write_entry(&state, who, &id, move |c, who, ctx, key| {
        // Repealed by whoever decided it: the infrastructure owner for level 1, else the
        // organisation that decided it (its author, or a competence area's owner).
        let (level, decider) = authz::document_level_and_decider(c, key)?;
        let (action, subject) = crate::commands::deciding_right(level, decider);
        auth::authorize(c, who, action, &subject)?;
        documents::repeal(c, ctx, key, input)
    })
    .await
    .map(super::ok)
}

/// Ny version / start a new version of a decided document
///
/// Creates a draft with the same identity, level, parent, scope and author that replaces this
/// version once it is decided; this version stays in force until then.
#[utoipa::path(post, operation_id = "documents.new-version", security(("bearer" = [])), path = "/api/v1/documents/{id}/versions",
    tag = "documents", params(("id" = String, Path, description = "Id / Id")),
    request_body = DocumentVersionInput,
    responses((status = 201, description = "Den nya versionen / The new version", body = Document,
            headers(("ETag" = String), ("Location" = String))),
        BadRequest, Unprocessable, Unauthorized, Forbidden, NotFound, Conflict, Unavailable))]
#[post("/documents/{id}/versions")]
async fn new_version(
    state: State,
    Writer(who): Writer,
    id: web::Path<String>,
    Json(input): Json<DocumentVersionInput>,
) -> Result<HttpResponse> {
    super::write_entry(&state, who, &id, move |c, who, ctx, key| {
        let action = Action::Edit(Resource::Document);
        super::authorize_stored(c, who, action, key, authz::stored::document)?;
        documents::new_version(c, ctx, key, input)
    })
    .await
    .map(|e| super::created("documents", &e.meta, &e))
}
