//! The HTTP API: one module per resource with thin handlers; data flows http → domain → store.

#[macro_use]
mod collection;

pub mod api_documents;
pub mod apis;
pub mod base_data_domains;
pub mod benefits;
pub mod building_blocks;
pub mod cache;
pub mod catalog;
pub mod competence_areas;
pub mod connections;
pub mod decisions;
pub mod docs;
pub mod documents;
pub mod extract;
pub mod federation;
pub mod forum_meetings;
pub mod forums;
pub mod funding_needs;
pub mod guard;
pub mod idea_candidates;
pub mod indicator_years;
pub mod inspect;
pub mod meta;
pub mod milestones;
pub mod oauth;
pub mod organisations;
pub mod phase_decisions;
pub mod plans;
pub mod problem;
pub mod responses;
pub mod role_assignments;
pub mod semantics;
pub mod service_reports;
pub mod shared_services;
pub mod trace;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse};
use openapi::Page;
use serde::Serialize;

use crate::auth::Principal;
use crate::error::{Error, Result};
use crate::store::{self, Ctx, DbConnection, Key, PageRequest};

pub use crate::app::AppState;

/// The application state as handlers take it.
pub type State = web::Data<AppState>;

/// The collections' OpenAPI parts and routes, generated from their one declaration
/// (`openapi::collections!`), in its order.
macro_rules! collection_parts {
    ($($m:ident: $segment:literal, $wire:ident, $input:ident, $mirroring:ident, ($sv:literal, $en:literal);)*) => {
        fn collection_docs() -> Vec<utoipa::openapi::OpenApi> {
            use utoipa::OpenApi;
            vec![$($m::Doc::openapi()),*]
        }

        fn configure_collections(cfg: &mut web::ServiceConfig) {
            $(cfg.configure($m::configure);)*
        }
    };
}
openapi::collections!(collection_parts);

/// The OpenAPI parts of the modules, in the order the document lists them: the token
/// endpoint, the collections, then the services beside them.
pub fn resource_docs() -> Vec<utoipa::openapi::OpenApi> {
    use utoipa::OpenApi;
    let mut docs = vec![oauth::Doc::openapi()];
    docs.extend(collection_docs());
    docs.extend([
        api_documents::Doc::openapi(),
        catalog::Doc::openapi(),
        federation::Doc::openapi(),
    ]);
    docs
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api/v1")
            .configure(docs::configure_api)
            // The APIs' documents are routed by `apis::configure`.
            .configure(configure_collections)
            .configure(catalog::configure)
            .configure(federation::configure)
            // Last: its `/{resource}/{id}/history` pattern must not shadow the resources.
            .configure(meta::configure),
    )
    .configure(meta::configure_root)
    .configure(oauth::configure)
    .configure(problem::configure)
    .configure(docs::configure);
}

/// Before `/metrics` answers, the peer gauges are set from the peers as stored.
pub async fn peer_metrics(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.path() == "/metrics" {
        let state = req.app_data::<State>();
        let gauges = req.app_data::<web::Data<crate::federation::metrics::PeerMetrics>>();
        if let (Some(state), Some(gauges)) = (state, gauges) {
            match state
                .db
                .run(|c| {
                    Ok((
                        crate::store::peers::rows(c)?,
                        crate::store::peers::waiting(c)?,
                    ))
                })
                .await
            {
                Ok((rows, waiting)) => gauges.update(&rows, &waiting),
                // The other metrics are still worth serving; the peers' stay as they were.
                Err(e) => tracing::warn!(error = %e, "reading the peers for /metrics failed"),
            }
        }
    }
    next.call(req).await
}

/// Fills `instance` of problem responses with the request path, and logs internal errors.
pub async fn problem_instance(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = req.path().to_string();
    let base = semantics::problem_base(req.request());
    let res = next.call(req).await?;
    let rebuilt = res
        .response()
        .error()
        .and_then(|e| e.as_error::<Error>())
        .map(|e| {
            if matches!(
                e,
                Error::Internal(_) | Error::Unavailable(_) | Error::PeerFailed(_)
            ) {
                tracing::error!(error = ?e, path = %path, "request failed");
            }
            e.response_at(&base, &path)
        });
    Ok(match rebuilt {
        Some(resp) => res.into_response(resp).map_into_right_body(),
        None => res.map_into_left_body(),
    })
}

/// Unknown paths get a problem too, never an empty 404; a known path with a method it does not
/// take gets 405 with `Allow`.
pub async fn not_found(req: actix_web::HttpRequest) -> Result<HttpResponse> {
    let refusal = semantics::no_route(&req);
    if matches!(refusal, Error::NotFound { .. }) && crate::ui::wants_page(&req) {
        return Ok(crate::ui::not_found(&req));
    }
    Err(refusal)
}

/// A list response: the page, its total and the cursor to the next page. `items` holds up to
/// one entry more than the page (see `PageRequest::fetch`), which tells that more follow.
pub fn page<T: Serialize>(
    mut items: Vec<T>,
    total: i64,
    req: &PageRequest,
    key: impl Fn(&T) -> String,
) -> HttpResponse {
    let more = items.len() as i64 > req.limit;
    items.truncate(req.limit as usize);
    let next_cursor = if more {
        items.last().map(|last| extract::encode_cursor(&key(last)))
    } else {
        None
    };
    HttpResponse::Ok().json(Page {
        items,
        total_count: total,
        limit: req.limit,
        offset: req.offset,
        next_cursor,
    })
}

/// A page of a list of entries: `f` reads the page asked for (see [`page`]).
pub async fn list_entries<T, F>(state: &State, req: PageRequest, f: F) -> Result<HttpResponse>
where
    T: Serialize + openapi::Entry + Send + 'static,
    F: FnOnce(&mut store::Session, &PageRequest) -> Result<(Vec<T>, i64)> + Send + 'static,
{
    let p = req.clone();
    let (items, total) = state.db.run(move |c| f(c, &p)).await?;
    Ok(page(items, total, &req, |e| e.meta().id.to_string()))
}

/// A read of the entry `id` (an id, or a slug where the resource has one): `f` reads it by its key.
pub async fn read_entry<T, F>(state: &State, id: &str, f: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection, &Key) -> Result<T> + Send + 'static,
{
    let key = Key::parse(id);
    state.db.run(move |c| f(c, &key)).await
}

/// A write: `f` authorises the caller and changes the store inside one write transaction
/// (`store::write`), so that rights are judged on the entries as they are when they change.
pub async fn write<T, F>(state: &State, f: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection) -> Result<T> + Send + 'static,
{
    state.db.run(move |c| store::write(c, f)).await
}

/// A write to the entry `id` by `who` (a step in its life cycle, a replacement, a removal): as
/// [`write`], and `f` is given the caller, the context of the write and the entry's key.
pub async fn write_entry<T, F>(state: &State, who: Principal, id: &str, f: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection, &Principal, &Ctx, &Key) -> Result<T> + Send + 'static,
{
    let (ctx, key) = (state.ctx(&who), Key::parse(id));
    write(state, move |c| f(c, &who, &ctx, &key)).await
}

/// Authorises `who` for `action` on the entry `key` as it is stored (`stored` gives its
/// subject), and gives that subject.
pub fn authorize_stored(
    c: &mut DbConnection,
    who: &Principal,
    action: domain::permissions::Action,
    key: &Key,
    stored: impl FnOnce(&mut DbConnection, &Key) -> Result<domain::permissions::Subject>,
) -> Result<domain::permissions::Subject> {
    let now = stored(c, key)?;
    crate::auth::authorize(c, who, action, &now)?;
    Ok(now)
}

/// An entry as it is now: 200 with its ETag.
pub fn ok<T: Serialize + openapi::Entry>(e: T) -> HttpResponse {
    entry(actix_web::http::StatusCode::OK, e.meta().version, &e)
}

/// A created entry: 201 with its ETag and Location.
pub fn created<T: Serialize>(segment: &str, meta: &openapi::EntryMeta, body: &T) -> HttpResponse {
    let mut r = entry(actix_web::http::StatusCode::CREATED, meta.version, body);
    if let Ok(v) = header::HeaderValue::from_str(&format!("/api/v1/{segment}/{}", meta.id)) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// A single entry with its ETag.
pub fn entry<T: Serialize>(
    status: actix_web::http::StatusCode,
    version: i64,
    body: &T,
) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::ETAG, format!("\"{version}\"")))
        .json(body)
}
