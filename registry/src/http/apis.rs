use actix_web::{get, web, HttpResponse};
use openapi::{AccessRights, Api, ApiFacets, ApiInput, ApiStatus, DataTheme};

use super::extract::Query;
use super::responses::*;
use super::State;
use crate::error::Result;
use crate::store::apis;

collection! {
    apis: Api, ApiInput, ApiQuery at "apis" by "Id";
    rights: stored::api, proposed::api;
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

list_query! {
    pub struct ApiQuery => apis::Filter {
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
        ..origin,
        /// Full-text search in titles, descriptions and keywords (Swedish and English): every word
        /// must match, as a prefix, case-insensitively.
        q: Option<String>,
        ..page
    }
}

/// Fasetter / counts per status, access rights, theme, organisation and building block (same filters as the list)
#[utoipa::path(get, path = "/api/v1/apis/facets", operation_id = "apis.facets", tag = "apis", params(ApiQuery),
    responses((status = 200, description = "Counts over the APIs that match", body = ApiFacets),
        BadRequest, Unavailable))]
#[get("/apis/facets")]
async fn facets(state: State, Query(q): Query<ApiQuery>) -> Result<HttpResponse> {
    q.page()?;
    let filter = q.filter(&state.settings.node_id)?;
    let f = state.db.run(move |c| apis::facets(c, &filter)).await?;
    Ok(HttpResponse::Ok().json(f))
}
