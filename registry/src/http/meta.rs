//! About the service: api-info, liveness, readiness, the audit trail and entry histories.

use actix_web::{get, web, HttpResponse};
use openapi::{ApiInfo, Change, Page};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::{self, Query};
use super::responses::*;
use super::State;
use crate::error::{Error, Result};
use crate::store::changes::{self, ChangeFilter};
use crate::store::{refs, Key};

pub const API_VERSION: &str = env!("CARGO_PKG_VERSION");
pub const API_RELEASED: &str = "2026-11-23";

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(api_info).service(audit).service(history);
}

pub fn configure_root(cfg: &mut web::ServiceConfig) {
    cfg.service(healthz).service(readyz);
}

/// API-information (RAP 1.2.0) / name, version and status of the API
#[utoipa::path(get, path = "/api/v1/api-info", tag = "meta",
    responses((status = 200, description = "About this API", body = ApiInfo)))]
#[get("/api-info")]
async fn api_info(state: State) -> HttpResponse {
    HttpResponse::Ok().json(ApiInfo {
        api_name: "building-block-registry".into(),
        api_version: API_VERSION.into(),
        api_released: API_RELEASED.into(),
        api_documentation: format!(
            "{}/api/docs/",
            state.settings.public_url.trim_end_matches('/')
        ),
        api_status: "active".into(),
    })
}

/// What the liveness and readiness probes answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` (alive) or `ready` (ready to serve).
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// Lever / liveness: the process answers
#[utoipa::path(get, path = "/healthz", tag = "meta",
    responses((status = 200, description = "Alive", body = Health)))]
#[get("/healthz")]
async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// Redo / readiness: the database is reachable and every migration applied
#[utoipa::path(get, path = "/readyz", tag = "meta",
    responses((status = 200, description = "Ready", body = Health), Unavailable))]
#[get("/readyz")]
async fn readyz(state: State) -> Result<HttpResponse> {
    let db = state.db.clone();
    let done = web::block(move || db.migrations_done())
        .await
        .map_err(Error::internal)??;
    if done {
        Ok(HttpResponse::Ok().json(Health { status: "ready" }))
    } else {
        Err(Error::Unavailable(anyhow::anyhow!(
            "migrations are pending"
        )))
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only changes of this resource kind, e.g. `building-blocks`.
    entity: Option<String>,
    /// Only changes of this entry (its id).
    entity_id: Option<String>,
    /// Only changes by this actor (an organisation's slug, `operator`, `seed`, …).
    actor: Option<String>,
    /// Only changes by this organisation (its id).
    actor_organisation: Option<String>,
    #[param(minimum = 1, maximum = 500, default = 20)]
    limit: Option<i64>,
    #[param(minimum = 0, default = 0)]
    offset: Option<i64>,
    #[param(pattern = r"^az[o-r][A-Za-z0-9_-]*$", min_length = 3)]
    cursor: Option<String>,
}

/// Granskningslogg / audit trail: every change, newest first, with who, when, before and after
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, description = "One page of changes", body = Page<Change>),
        BadRequest))]
#[get("/audit")]
async fn audit(state: State, Query(q): Query<AuditQuery>) -> Result<HttpResponse> {
    let page = extract::page(q.limit, q.offset, q.cursor.as_deref())?;
    let filter = ChangeFilter {
        entity: q.entity,
        entity_id: q.entity_id,
        actor: q.actor,
        actor_organisation: q.actor_organisation,
    };
    let p = page.clone();
    let (items, total) = state.db.run(move |c| changes::list(c, &filter, &p)).await?;
    Ok(super::page(items, total, &page, |c| c.seq.to_string()))
}

/// The resources whose entries have a history, as they appear in paths: every collection
/// (`openapi::collections!`).
macro_rules! resources {
    ($($module:ident: $segment:literal, $wire:ident, $input:ident, $mirroring:ident, ($sv:literal, $en:literal);)*) => {
        const RESOURCES: &[&str] = &[$($segment),*];
    };
}
openapi::collections!(resources);

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    #[param(minimum = 1, maximum = 500, default = 20)]
    limit: Option<i64>,
    #[param(minimum = 0, default = 0)]
    offset: Option<i64>,
    #[param(pattern = r"^az[o-r][A-Za-z0-9_-]*$", min_length = 3)]
    cursor: Option<String>,
}

/// Historik / an entry's history: its changes, newest first
#[utoipa::path(get, path = "/api/v1/{resource}/{id}/history", tag = "audit",
    params(("resource" = String, Path, description = "Resource kind",
            example = "building-blocks"),
        ("id" = String, Path, description = "Id, or slug where the resource has one"),
        HistoryQuery),
    responses((status = 200, description = "One page of the entry's changes", body = Page<Change>),
        NotFound))]
#[get("/{resource}/{id}/history")]
async fn history(
    state: State,
    path: web::Path<(String, String)>,
    Query(q): Query<HistoryQuery>,
) -> Result<HttpResponse> {
    let (resource, id) = path.into_inner();
    let Some(resource) = RESOURCES.iter().find(|r| **r == resource) else {
        return Err(Error::not_found("resource", resource));
    };
    let page = extract::page(q.limit, q.offset, q.cursor.as_deref())?;
    let p = page.clone();
    let (items, total) = state
        .db
        .run(move |c| {
            let key = Key::parse(&id);
            let found = match *resource {
                "organisations" => refs::organisations::find_id(c, &key)?,
                "building-blocks" => refs::building_blocks::find_id(c, &key)?,
                "base-data-domains" => refs::base_data_domains::find_id(c, &key)?,
                "competence-areas" => refs::competence_areas::find_id(c, &key)?,
                "plans" => refs::plans::find_id(c, &key)?,
                "shared-services" => refs::shared_services::find_id(c, &key)?,
                "forums" => refs::forums::find_id(c, &key)?,
                _ => None,
            };
            // A deleted entry still has a history; an id never seen has none.
            let entity_id = found.or(match key {
                Key::Id(id) => Some(id),
                Key::Slug(_) => None,
            });
            let Some(entity_id) = entity_id else {
                return Err(Error::not_found("entry", id));
            };
            let filter = ChangeFilter {
                entity: Some(resource.to_string()),
                entity_id: Some(entity_id.clone()),
                ..ChangeFilter::default()
            };
            let (items, total) = changes::list(c, &filter, &p)?;
            if total == 0 {
                return Err(Error::not_found("entry", entity_id));
            }
            Ok((items, total))
        })
        .await?;
    Ok(super::page(items, total, &page, |c| c.seq.to_string()))
}
