//! OpenAPI documents of an API: upload, fetch from a URL, versions, and each version served at
//! a stable URL as JSON or YAML with CORS open (so that dataportal.se's "try the API" works).

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use openapi::{ApiDocumentFetch, ApiDocumentUpload, ApiDocumentVersion};

use super::extract::Json;
use super::responses::*;
use super::State;
use crate::auth::{self, Principal};
use crate::catalog::{fetch, DOCUMENT_LIMIT};
use crate::error::{Error, Result};
use crate::http::extract::Writer;
use crate::store::api_documents::{self, Source};
use crate::store::authz;
use crate::store::Key;
use domain::permissions::{Action, Resource};

#[derive(utoipa::OpenApi)]
#[openapi(paths(
    upload,
    fetch_document,
    versions,
    version,
    document_json,
    document_yaml
))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(fetch_document)
        .service(upload)
        .service(versions)
        .service(document_json)
        .service(document_yaml)
        .service(version)
        .route(
            "/apis/{id}/versions/{v}/openapi.json",
            web::method(actix_web::http::Method::OPTIONS).to(preflight),
        )
        .route(
            "/apis/{id}/versions/{v}/openapi.yaml",
            web::method(actix_web::http::Method::OPTIONS).to(preflight),
        );
}

fn yaml_hint(req: &HttpRequest) -> bool {
    super::extract::content_type(req).contains("yaml")
}

/// Reads the parsed document into a new version (or finds it equal to the latest).
async fn store(
    state: &State,
    who: Principal,
    id: String,
    bytes: Vec<u8>,
    yaml: bool,
    source: Source,
) -> Result<HttpResponse> {
    let ctx = state.ctx(&who);
    let up = state
        .db
        .run(move |c| {
            let key = Key::parse(&id);
            crate::commands::add_api_document(c, &who, &ctx, &key, &bytes, yaml, source)
        })
        .await?;
    let status = if up.created {
        actix_web::http::StatusCode::CREATED
    } else {
        actix_web::http::StatusCode::OK
    };
    let mut resp = HttpResponse::build(status);
    if up.created {
        resp.insert_header((header::LOCATION, up.version.json_url.clone()));
    }
    Ok(resp.json(up))
}

/// Reads a request body of at most `DOCUMENT_LIMIT` bytes (413 beyond).
pub async fn read_body(req: &HttpRequest, body: &mut web::Payload) -> Result<Vec<u8>> {
    if super::extract::declared_length(req).is_some_and(|n| n > DOCUMENT_LIMIT) {
        return Err(Error::PayloadTooLarge {
            limit: DOCUMENT_LIMIT,
        });
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| Error::BadRequest {
            detail: format!("the body could not be read: {e}"),
            errors: vec![],
        })?;
        if bytes.len() + chunk.len() > DOCUMENT_LIMIT {
            return Err(Error::PayloadTooLarge {
                limit: DOCUMENT_LIMIT,
            });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Ladda upp OpenAPI-dokument / upload an OpenAPI document (JSON or YAML; OpenAPI 3.0, 3.1, or Swagger 2.0, which is accepted and marked). A new version is made only when the document differs from the latest; invalid documents are refused with the reasons and where (line and column, or a JSON pointer)
#[utoipa::path(post, path = "/api/v1/apis/{id}/versions", operation_id = "apis.versions.upload", security(("bearer" = [])), tag = "apis",
    params(("id" = String, Path, description = "API id")),
    request_body(description = "The OpenAPI document, at most 10 MiB",
        content((Object = "application/json", example = json!({"openapi": "3.1.0",
            "info": {"title": "Företag", "version": "1.0.0"}, "paths": {}})),
            (String = "application/yaml"))),
    responses((status = 201, description = "En ny version / a new version", body = ApiDocumentUpload,
            headers(("Location" = String, description = "The version's JSON URL"))),
        Unauthorized, Forbidden,
        (status = 200, description = "Samma som senaste versionen / equal to the latest version: nothing written", body = ApiDocumentUpload),
        BadRequest, Unprocessable, NotFound, Conflict, PayloadTooLarge, Unavailable))]
#[post("/apis/{id}/versions")]
async fn upload(
    state: State,
    Writer(who): Writer,
    req: HttpRequest,
    id: web::Path<String>,
    mut body: web::Payload,
) -> Result<HttpResponse> {
    let bytes = read_body(&req, &mut body).await?;
    store(
        &state,
        who,
        id.into_inner(),
        bytes,
        yaml_hint(&req),
        Source::Upload,
    )
    .await
}

/// Hämta OpenAPI-dokument / fetch the API's OpenAPI document from `url`, or from its registered `specUrl` (`{}`): timeouts, a 10 MiB cap, at most 5 redirects, public addresses only unless the registry is configured otherwise
#[utoipa::path(post, path = "/api/v1/apis/{id}/versions/fetch", operation_id = "apis.versions.fetch", security(("bearer" = [])), tag = "apis",
    params(("id" = String, Path, description = "API id")),
    request_body = ApiDocumentFetch,
    responses((status = 201, description = "En ny version / a new version", body = ApiDocumentUpload),
        Unauthorized, Forbidden,
        (status = 200, description = "Samma som senaste versionen / equal to the latest version", body = ApiDocumentUpload),
        BadRequest, Unprocessable, NotFound, Conflict, FetchFailed, Unavailable))]
#[post("/apis/{id}/versions/fetch")]
async fn fetch_document(
    state: State,
    Writer(who): Writer,
    id: web::Path<String>,
    Json(body): Json<ApiDocumentFetch>,
) -> Result<HttpResponse> {
    let id = id.into_inner();
    // Only the publisher makes the registry fetch anything on its behalf.
    let (check_id, check_who) = (id.clone(), who.clone());
    state
        .db
        .run(move |c| {
            let publisher = authz::stored::api(c, &Key::parse(&check_id))?;
            auth::authorize(c, &check_who, Action::Edit(Resource::Api), &publisher)
        })
        .await?;
    let (field, url) = match body.url {
        Some(u) => ("url", u),
        None => {
            let key = Key::parse(&id);
            let u = state
                .db
                .run(move |c| api_documents::spec_url(c, &key))
                .await?;
            match u {
                Some(u) => ("specUrl", u),
                None => {
                    return Err(Error::conflict(
                        "url",
                        "is required: the API has no registered specUrl",
                    ))
                }
            }
        }
    };
    if let Some(p) = domain::identifiers::url_problem(&url) {
        return Err(Error::field(field, p));
    }
    let limits = fetch::Limits::new(
        state.settings.fetch_allow_private,
        state.settings.fetch_timeout_secs,
    );
    let fetched = fetch::fetch(&url, &limits)
        .await
        .map_err(|e| Error::FetchFailed {
            field: field.into(),
            message: format!("could not fetch {url}: {}", e.0),
        })?;
    let yaml = fetched
        .content_type
        .as_deref()
        .is_some_and(|c| c.to_ascii_lowercase().contains("yaml"));
    store(&state, who, id, fetched.bytes, yaml, Source::Url(url)).await
}

/// Versioner / the versions of an API's OpenAPI document, newest first, each with its checks against the Swedish REST API profile
#[utoipa::path(get, path = "/api/v1/apis/{id}/versions", operation_id = "apis.versions.list", tag = "apis",
    params(("id" = String, Path, description = "API id")),
    responses((status = 200, description = "The versions", body = Vec<ApiDocumentVersion>),
        NotFound, Unavailable))]
#[get("/apis/{id}/versions")]
async fn versions(state: State, id: web::Path<String>) -> Result<HttpResponse> {
    let key = Key::parse(&id);
    let v = state.db.run(move |c| api_documents::list(c, &key)).await?;
    Ok(HttpResponse::Ok().json(v))
}

fn number(v: &str) -> Result<i32> {
    v.parse::<i32>()
        .map_err(|_| Error::not_found("document version", v))
}

/// En version / one version of an API's OpenAPI document: where it is served and its checks
#[utoipa::path(get, path = "/api/v1/apis/{id}/versions/{v}", operation_id = "apis.versions.get", tag = "apis",
    params(("id" = String, Path, description = "API id"), ("v" = i32, Path, description = "Version number")),
    responses((status = 200, description = "The version", body = ApiDocumentVersion),
        NotFound, Unavailable))]
#[get("/apis/{id}/versions/{v}")]
async fn version(state: State, path: web::Path<(String, String)>) -> Result<HttpResponse> {
    let (id, v) = path.into_inner();
    let n = number(&v)?;
    let key = Key::parse(&id);
    let v = state
        .db
        .run(move |c| api_documents::get(c, &key, n))
        .await?;
    Ok(HttpResponse::Ok().json(v))
}

fn cors(mut r: actix_web::HttpResponseBuilder) -> actix_web::HttpResponseBuilder {
    r.insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"));
    r
}

async fn load(state: &State, id: String, v: String) -> Result<String> {
    let n = number(&v)?;
    let key = Key::parse(&id);
    state
        .db
        .run(move |c| api_documents::content(c, &key, n))
        .await
}

/// OpenAPI-dokumentet som JSON / the document of one version as JSON (CORS open)
#[utoipa::path(get, path = "/api/v1/apis/{id}/versions/{v}/openapi.json", operation_id = "apis.versions.json", tag = "apis",
    params(("id" = String, Path, description = "API id"), ("v" = i32, Path, description = "Version number")),
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object,
            headers(("Access-Control-Allow-Origin" = String, description = "*"))),
        NotFound, Unavailable))]
#[get("/apis/{id}/versions/{v}/openapi.json")]
async fn document_json(state: State, path: web::Path<(String, String)>) -> Result<HttpResponse> {
    let (id, v) = path.into_inner();
    let content = load(&state, id, v).await?;
    Ok(cors(HttpResponse::Ok())
        .content_type("application/json")
        .body(content))
}

/// OpenAPI-dokumentet som YAML / the document of one version as YAML (CORS open)
#[utoipa::path(get, path = "/api/v1/apis/{id}/versions/{v}/openapi.yaml", operation_id = "apis.versions.yaml", tag = "apis",
    params(("id" = String, Path, description = "API id"), ("v" = i32, Path, description = "Version number")),
    // `Object`: a YAML reader (schemathesis is one) sees the document, not a string.
    responses((status = 200, description = "The OpenAPI document", content_type = "application/yaml", body = Object,
            headers(("Access-Control-Allow-Origin" = String, description = "*"))),
        NotFound, Unavailable))]
#[get("/apis/{id}/versions/{v}/openapi.yaml")]
async fn document_yaml(state: State, path: web::Path<(String, String)>) -> Result<HttpResponse> {
    let (id, v) = path.into_inner();
    let content = load(&state, id, v).await?;
    let value: serde_json::Value = serde_json::from_str(&content).map_err(Error::internal)?;
    let yaml = serde_yaml_ng::to_string(&value).map_err(Error::internal)?;
    Ok(cors(HttpResponse::Ok())
        .content_type("application/yaml")
        .body(yaml))
}

/// CORS preflight for the document URLs.
async fn preflight() -> HttpResponse {
    cors(HttpResponse::NoContent())
        .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, "GET, OPTIONS"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, "*"))
        .insert_header((header::ACCESS_CONTROL_MAX_AGE, "86400"))
        .finish()
}
