use actix_web::{get, web, HttpResponse};
use openapi::{AccessRights, Api, ApiFacets, ApiInput, ApiStatus, DataTheme};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{self, Query};
use super::responses::*;
use super::State;
use crate::error::Result;
use crate::store::apis;

collection! {
    store: apis,
    resource: Apis,
    stored: crate::store::authz::stored::api,
    proposed: crate::store::authz::proposed::api,
    segment: "apis",
    tag: "apis",
    wire: Api,
    input: ApiInput,
    query: ApiQuery,
    key: "Id",
    list: "API:er / list the APIs of the catalogue, filtered and searched",
    get: "Ett API / get one API",
    create: "Registrera API / register an API",
    replace: "Ersätt API / replace an API (If-Match required)",
    delete: "Ta bort API / delete an API and its documents (If-Match required; refused while it is another API's successor)",
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, facets, get_one, create, replace, remove),
    tags((name = "apis", description = "API-katalogen / The API catalogue")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    // `facets` before `{id}`.
    cfg.service(facets);
    super::api_documents::configure(cfg);
    configure_collection(cfg);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ApiQuery {
    /// Only APIs published by this organisation (id or slug).
    organisation: Option<String>,
    /// Only APIs of this building block (id or slug).
    building_block: Option<String>,
    /// Only APIs with this status.
    status: Option<ApiStatus>,
    /// Only APIs with these access rights.
    access_rights: Option<AccessRights>,
    /// Only APIs with this EU data theme.
    theme: Option<DataTheme>,
    /// Only entries of this node (`local`), mirrored from others (`mirrored`), or owned by the
    /// node with this id.
    #[param(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 100)]
    origin: Option<String>,
    /// Full-text search in titles, descriptions and keywords (Swedish and English): every word
    /// must match, as a prefix, case-insensitively.
    q: Option<String>,
    /// Page size, 1–500 (default 20).
    #[param(minimum = 1, maximum = 500, default = 20)]
    limit: Option<i64>,
    /// Entries to skip (default 0).
    #[param(minimum = 0, default = 0)]
    offset: Option<i64>,
    /// Opaque cursor from `nextCursor`, for deep paging.
    #[param(pattern = r"^az[o-r][A-Za-z0-9_-]*$", min_length = 3)]
    cursor: Option<String>,
}

impl ApiQuery {
    fn filter(self, node_id: &str) -> Result<apis::Filter> {
        Ok(apis::Filter {
            organisation: self.organisation,
            building_block: self.building_block,
            status: self.status,
            access_rights: self.access_rights,
            theme: self.theme,
            q: self.q,
            origin: extract::origin(self.origin, node_id)?,
        })
    }
}

/// Fasetter / counts per status, access rights, theme, organisation and building block (same filters as the list)
#[utoipa::path(get, path = "/api/v1/apis/facets", operation_id = "apis.facets", tag = "apis", params(ApiQuery),
    responses((status = 200, description = "Counts over the APIs that match", body = ApiFacets),
        (status = 400, response = BadRequest),
        (status = 503, response = Unavailable)))]
#[get("/apis/facets")]
async fn facets(state: State, Query(q): Query<ApiQuery>) -> Result<HttpResponse> {
    extract::page(q.limit, q.offset, q.cursor.as_deref())?;
    let filter = q.filter(&state.settings.node_id)?;
    let f = state.db.run(move |c| apis::facets(c, &filter)).await?;
    Ok(HttpResponse::Ok().json(f))
}
