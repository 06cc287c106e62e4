use actix_web::http::StatusCode;
use actix_web::{delete, get, post, put, web, HttpResponse};
use openapi::{Document, DocumentInput, DocumentStatus, Page, ScopeKind};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{self, IfMatch, Json, Query};
use super::responses::*;
use super::State;
use crate::error::{Errors, Result};
use crate::store::{documents, Key};

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one, create, replace, remove),
    tags((name = "documents", description = "Styrande och stödjande dokument / Governing and supporting documents")))]
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
pub struct DocumentQuery {
    /// Only documents at this level (1, 2 or 3).
    level: Option<i32>,
    /// Only documents with this status.
    status: Option<DocumentStatus>,
    /// Only documents with this kind of scope.
    scope_kind: Option<ScopeKind>,
    /// Only documents under this parent document (its id).
    parent: Option<String>,
    /// Only documents by this organisation (id or slug).
    author_organisation: Option<String>,
    /// Part of the title.
    q: Option<String>,
    /// Page size, 1–500 (default 20).
    limit: Option<i64>,
    /// Entries to skip (default 0).
    offset: Option<i64>,
    /// Opaque cursor from `nextCursor`, for deep paging.
    cursor: Option<String>,
}

/// Styrande dokument / list governing and supporting documents
#[utoipa::path(get, path = "/api/v1/documents", tag = "documents", params(DocumentQuery),
    responses((status = 200, description = "One page of documents", body = Page<Document>),
        (status = 400, response = BadRequest), (status = 503, response = Unavailable)))]
#[get("/documents")]
async fn list(state: State, Query(q): Query<DocumentQuery>) -> Result<HttpResponse> {
    let page = extract::page(q.limit, q.offset, q.cursor.as_deref())?;
    let mut e = Errors::default();
    if let Some(l) = q.level {
        e.check((1..=3).contains(&l), "level", "must be 1, 2 or 3");
    }
    // Ids are stored in the canonical lower-case form.
    let parent = match q.parent.as_deref().map(uuid::Uuid::parse_str) {
        Some(Ok(u)) => Some(u.to_string()),
        Some(Err(_)) => {
            e.add("parent", "must be the id of a document");
            None
        }
        None => None,
    };
    e.into_result()?;
    let filter = documents::Filter {
        level: q.level,
        status: q.status,
        scope_kind: q.scope_kind,
        parent,
        author_organisation: q.author_organisation,
        q: q.q,
    };
    let p = page.clone();
    let (items, total) = state.run(move |c| documents::list(c, &filter, &p)).await?;
    Ok(super::page(items, total, &page, |d| d.meta.id.to_string()))
}

/// Ett dokument / get one document by id
#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "Id (documents have no slug)")),
    responses((status = 200, description = "The document; ETag carries its version", body = Document,
            headers(("ETag" = String, description = "Entry version, for If-Match"))),
        (status = 404, response = NotFound)))]
#[get("/documents/{id}")]
async fn get_one(state: State, id: web::Path<String>) -> Result<HttpResponse> {
    let key = Key::parse(&id);
    let d = state.run(move |c| documents::get(c, &key)).await?;
    Ok(super::entry(StatusCode::OK, d.meta.version, &d))
}

/// Skapa dokument / create a document
#[utoipa::path(post, path = "/api/v1/documents", tag = "documents", request_body = DocumentInput,
    responses((status = 201, description = "Created", body = Document,
            headers(("ETag" = String), ("Location" = String))),
        (status = 400, response = BadRequest), (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge)))]
#[post("/documents")]
async fn create(state: State, Json(input): Json<DocumentInput>) -> Result<HttpResponse> {
    let ctx = state.ctx();
    let d = state
        .run(move |c| documents::create(c, &ctx, input))
        .await?;
    let mut r = super::entry(StatusCode::CREATED, d.meta.version, &d);
    r.headers_mut().insert(
        actix_web::http::header::LOCATION,
        actix_web::http::header::HeaderValue::from_str(&format!("/api/v1/documents/{}", d.meta.id))
            .expect("a UUID is a valid header value"),
    );
    Ok(r)
}

/// Ersätt dokument / replace a document (If-Match required)
#[utoipa::path(put, path = "/api/v1/documents/{id}", tag = "documents", request_body = DocumentInput,
    params(("id" = String, Path, description = "Id"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 200, description = "Replaced", body = Document, headers(("ETag" = String))),
        (status = 400, response = BadRequest), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 413, response = PayloadTooLarge), (status = 428, response = PreconditionRequired)))]
#[put("/documents/{id}")]
async fn replace(
    state: State,
    id: web::Path<String>,
    IfMatch(v): IfMatch,
    Json(input): Json<DocumentInput>,
) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    let d = state
        .run(move |c| documents::replace(c, &ctx, &key, v, input))
        .await?;
    Ok(super::entry(StatusCode::OK, d.meta.version, &d))
}

/// Ta bort dokument / delete a document (If-Match required; refused while documents sit under it)
#[utoipa::path(delete, path = "/api/v1/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "Id"),
        ("If-Match" = String, Header, description = "ETag from the last GET")),
    responses((status = 204, description = "Deleted"), (status = 404, response = NotFound),
        (status = 409, response = Conflict), (status = 412, response = PreconditionFailed),
        (status = 428, response = PreconditionRequired)))]
#[delete("/documents/{id}")]
async fn remove(state: State, id: web::Path<String>, IfMatch(v): IfMatch) -> Result<HttpResponse> {
    let (ctx, key) = (state.ctx(), Key::parse(&id));
    state
        .run(move |c| documents::delete(c, &ctx, &key, v))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
