//! The DCAT-AP-SE catalogue for dataportal.se: RDF/XML by default, Turtle and JSON-LD by
//! `Accept` or `?format=`, streamed page by page.

use std::io::{self, Write};

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use openapi::{CatalogImportInput, CatalogImportReport, CatalogSource, CatalogSourceInput};
use serde::Deserialize;
use tokio::sync::mpsc;
use utoipa::IntoParams;

use super::extract::{Json, Query, Writer};
use super::responses::*;
use super::State;
use crate::catalog::dcat::{self, Format, Spec};
use crate::catalog::harvest::{self, Harvester};
use crate::error::{Error, Result};
use crate::store::Key;
use domain::permissions::{Action, Resource, Subject};

#[derive(utoipa::OpenApi)]
#[openapi(paths(register_catalog, organisation_catalog, import_catalog, get_source, put_source, delete_source, harvest_source),
    tags((name = "catalog", description = "DCAT-AP-SE-katalogen / The DCAT-AP-SE catalogue")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(register_catalog)
        .service(organisation_catalog)
        .service(import_catalog)
        .service(get_source)
        .service(put_source)
        .service(delete_source)
        .service(harvest_source);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CatalogQuery {
    /// `rdfxml` (default), `turtle` or `jsonld`; overrides `Accept`.
    #[param(example = "turtle", pattern = "^(rdfxml|turtle|jsonld)$")]
    format: Option<String>,
}

fn format(req: &HttpRequest, q: &CatalogQuery) -> Result<Format> {
    if let Some(f) = &q.format {
        return Format::from_name(f)
            .ok_or_else(|| Error::field("format", "must be rdfxml, turtle or jsonld"));
    }
    Ok(req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .and_then(Format::from_accept)
        .unwrap_or(Format::RdfXml))
}

/// Sends what is written in chunks to the response, so memory stays flat.
struct ChannelWriter {
    tx: mpsc::Sender<io::Result<Bytes>>,
    buf: Vec<u8>,
}

const CHUNK: usize = 64 * 1024;

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        // A closed channel is a client that went away: stop writing.
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

fn stream(state: &State, spec: Spec, format: Format) -> HttpResponse {
    let (tx, rx) = mpsc::channel::<io::Result<Bytes>>(4);
    let db = state.db.clone();
    tokio::task::spawn_blocking(move || {
        let writer = ChannelWriter {
            tx: tx.clone(),
            buf: Vec::with_capacity(CHUNK),
        };
        let done = db
            .get()
            .and_then(|mut conn| dcat::write(&mut conn, &spec, format, writer))
            .and_then(|mut w| {
                w.flush()
                    .map_err(|e| Error::Internal(anyhow::anyhow!("sending the catalogue: {e}")))
            });
        if let Err(e) = done {
            // The status line has gone out: end the body with an error, so the client sees a
            // broken transfer rather than a short catalogue.
            tracing::error!(error = ?e, "the catalogue export failed");
            let _ = tx.blocking_send(Err(io::Error::other(e.to_string())));
        }
    });
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    HttpResponse::Ok()
        .content_type(format.media_type())
        .insert_header((header::VARY, "Accept"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .streaming(body)
}

/// DCAT-AP-SE-katalog / the whole register's APIs as a DCAT-AP-SE 3.0.1 catalogue (what dataportal.se harvests)
#[utoipa::path(get, path = "/api/v1/catalog", operation_id = "catalog.get", tag = "catalog", params(CatalogQuery),
    responses((status = 200, description = "The catalogue (RDF/XML, Turtle or JSON-LD)",
            content((String = "application/rdf+xml"), (String = "text/turtle"), (Object = "application/ld+json"))),
        BadRequest, Unavailable))]
#[get("/catalog")]
async fn register_catalog(
    state: State,
    req: HttpRequest,
    Query(q): Query<CatalogQuery>,
) -> Result<HttpResponse> {
    let format = format(&req, &q)?;
    let public = state.settings.public_url.clone();
    let spec = state
        .db
        .run(move |c| dcat::register_spec(c, &public))
        .await?;
    Ok(stream(&state, spec, format))
}

/// En organisations katalog / one organisation's APIs as a DCAT-AP-SE 3.0.1 catalogue
#[utoipa::path(get, path = "/api/v1/organisations/{id}/catalog", operation_id = "catalog.organisation", tag = "catalog",
    params(("id" = String, Path, description = "Organisation id or slug"), CatalogQuery),
    responses((status = 200, description = "The catalogue (RDF/XML, Turtle or JSON-LD)",
            content((String = "application/rdf+xml"), (String = "text/turtle"), (Object = "application/ld+json"))),
        BadRequest, NotFound, Unavailable))]
#[get("/organisations/{id}/catalog")]
async fn organisation_catalog(
    state: State,
    req: HttpRequest,
    id: web::Path<String>,
    Query(q): Query<CatalogQuery>,
) -> Result<HttpResponse> {
    let format = format(&req, &q)?;
    let public = state.settings.public_url.clone();
    let key = Key::parse(&id);
    let spec = state
        .db
        .run(move |c| dcat::organisation_spec(c, &public, &key))
        .await?;
    Ok(stream(&state, spec, format))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Mark withdrawn (`tillbakadragen`) the services imported before from the same publishers
    /// that this catalogue no longer lists (they are reported either way; nothing is deleted).
    #[serde(default)]
    withdraw_missing: bool,
}

/// Importera DCAT-AP-SE / register the services of an agency's DCAT-AP-SE catalogue as APIs: send the catalogue (RDF/XML, Turtle or JSON-LD, at most 10 MiB) or `{"url": …}` to fetch it. Idempotent: a service imported before (by its IRI, or its `dct:identifier` within its publisher's APIs) is updated or left unchanged, and keeps the IRI it came with in every export. A service without `dct:publisher` takes the catalogue's, else the caller's organisation. The catalogue's datasets are kept and exported again; what is not kept is reported with the reason, as are the publisher's services the catalogue no longer lists (`?withdrawMissing=true` marks them withdrawn). All or nothing: if any service cannot be registered (e.g. a blank-node publisher, an unknown organisation), nothing is written and the problem names each one as `entries[N].field`, its message led by the service's IRI
#[utoipa::path(post, path = "/api/v1/catalog/imports", operation_id = "catalog.import", security(("bearer" = [])), tag = "catalog",
    params(ImportQuery),
    request_body(description = "The catalogue, or where to fetch it",
        content((String = "application/rdf+xml"), (String = "text/turtle"), (Object = "application/ld+json"),
            (CatalogImportInput = "application/json"))),
    responses((status = 200, description = "What the import did with each service", body = CatalogImportReport),
        Unauthorized, Forbidden, BadRequest, Unprocessable, Conflict, PayloadTooLarge, FetchFailed,
        Unavailable))]
#[post("/catalog/imports")]
async fn import_catalog(
    state: State,
    crate::http::extract::Writer(who): crate::http::extract::Writer,
    req: HttpRequest,
    Query(q): Query<ImportQuery>,
    mut body: web::Payload,
) -> Result<HttpResponse> {
    let bytes = super::api_documents::read_body(&req, &mut body).await?;
    let content_type = super::extract::content_type(&req);
    let (bytes, format) = if content_type.starts_with("application/json") {
        let input: CatalogImportInput = serde_json::from_slice(&bytes).map_err(|e| {
            Error::field(
                "url",
                format!("send {{\"url\": …}} or the catalogue itself: {e}"),
            )
        })?;
        if let Some(p) = domain::identifiers::url_problem(&input.url) {
            return Err(Error::field("url", p));
        }
        let limits = crate::catalog::fetch::Limits::new(
            state.settings.fetch_allow_private,
            state.settings.fetch_timeout_secs,
        );
        harvest::fetch_catalogue(&input.url, &limits).await?
    } else {
        let format = Format::from_content_type(&content_type).ok_or_else(|| Error::BadRequest {
            detail: "send the catalogue as application/rdf+xml, text/turtle or application/ld+json, or {\"url\": …} as application/json".into(),
            errors: vec![],
        })?;
        (bytes.to_vec(), format)
    };
    let ctx = state.ctx(&who);
    let report = state
        .db
        .run(move |c| {
            let options = crate::store::catalog::ImportOptions {
                importer: who.organisation.as_ref().map(|(id, _)| id.clone()),
                withdraw_missing: q.withdraw_missing,
            };
            harvest::import_document(c, &ctx, &bytes, format, &options, |c, publisher| {
                let subject = Subject::Organisation(publisher.to_string());
                crate::auth::authorize(c, &who, Action::Create(Resource::Api), &subject)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}

/// The organisation's id, after checking that `who` may register APIs for it.
fn may_harvest(
    conn: &mut crate::store::DbConnection,
    who: &crate::auth::Principal,
    key: &str,
) -> Result<String> {
    let key = Key::parse(key);
    let id = crate::store::refs::organisations::find_id(conn, &key)?
        .ok_or_else(|| Error::not_found("organisation", key.as_str()))?;
    let subject = Subject::Organisation(id.clone());
    crate::auth::authorize(conn, who, Action::Create(Resource::Api), &subject)?;
    Ok(id)
}

/// Katalogkälla / where the organisation publishes its own DCAT-AP-SE catalogue, which the register harvests on a schedule, and how the last harvest went
#[utoipa::path(get, path = "/api/v1/organisations/{id}/catalog/source", operation_id = "catalog.source.get", tag = "catalog",
    params(("id" = String, Path, description = "Organisation id or slug")),
    responses((status = 200, description = "The source and its last harvest", body = CatalogSource),
        NotFound, Unavailable))]
#[get("/organisations/{id}/catalog/source")]
async fn get_source(state: State, id: web::Path<String>) -> Result<HttpResponse> {
    let key = Key::parse(&id);
    let source = state
        .db
        .run(move |c| {
            let id = crate::store::refs::organisations::find_id(c, &key)?
                .ok_or_else(|| Error::not_found("organisation", key.as_str()))?;
            crate::store::sources::get(c, &id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(source))
}

/// Registrera katalogkälla / register or change where the organisation publishes its catalogue (the organisation itself): the register harvests it at once, then every `intervalHours`, importing it as the organisation (`POST /api/v1/catalog/imports`, with the same report)
#[utoipa::path(put, path = "/api/v1/organisations/{id}/catalog/source", operation_id = "catalog.source.put", tag = "catalog",
    params(("id" = String, Path, description = "Organisation id or slug")),
    request_body = CatalogSourceInput, security(("bearer" = [])),
    responses((status = 200, description = "The source", body = CatalogSource),
        BadRequest, Unauthorized, Forbidden, NotFound, Unavailable))]
#[actix_web::put("/organisations/{id}/catalog/source")]
async fn put_source(
    state: State,
    Writer(who): Writer,
    id: web::Path<String>,
    Json(input): Json<CatalogSourceInput>,
) -> Result<HttpResponse> {
    domain::validate::catalog_source(&input)?;
    let source = super::write(&state, move |c| {
        let id = may_harvest(c, &who, &id)?;
        crate::store::sources::put(c, &id, &input)
    })
    .await?;
    Ok(HttpResponse::Ok().json(source))
}

/// Ta bort katalogkälla / stop harvesting the organisation's catalogue; what was imported stays
#[utoipa::path(delete, path = "/api/v1/organisations/{id}/catalog/source", operation_id = "catalog.source.delete", tag = "catalog",
    params(("id" = String, Path, description = "Organisation id or slug")), security(("bearer" = [])),
    responses((status = 204, description = "Removed"),
        Unauthorized, Forbidden, NotFound, Unavailable))]
#[actix_web::delete("/organisations/{id}/catalog/source")]
async fn delete_source(
    state: State,
    Writer(who): Writer,
    id: web::Path<String>,
) -> Result<HttpResponse> {
    super::write(&state, move |c| {
        let id = may_harvest(c, &who, &id)?;
        crate::store::sources::delete(c, &id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Skörda nu / harvest the organisation's catalogue now, as the schedule would: the import's report, or why it failed (also kept as the source's last harvest)
#[utoipa::path(post, path = "/api/v1/organisations/{id}/catalog/source/harvest", operation_id = "catalog.source.harvest", tag = "catalog",
    params(("id" = String, Path, description = "Organisation id or slug")), security(("bearer" = [])),
    responses((status = 200, description = "What the import did", body = CatalogImportReport),
        BadRequest, Unprocessable, Unauthorized, Forbidden, NotFound, Conflict, FetchFailed,
        Unavailable))]
#[post("/organisations/{id}/catalog/source/harvest")]
async fn harvest_source(
    state: State,
    Writer(who): Writer,
    id: web::Path<String>,
) -> Result<HttpResponse> {
    let (org, source) = state
        .db
        .run(move |c| {
            let org = may_harvest(c, &who, &id)?;
            let source = crate::store::sources::get(c, &org)?;
            Ok((org, source))
        })
        .await?;
    let harvester = Harvester::new(state.db.clone(), &state.settings);
    let report = harvester
        .harvest(&org, &source.url, source.withdraw_missing)
        .await?;
    Ok(HttpResponse::Ok().json(report))
}
