//! The DCAT-AP-SE catalogue for dataportal.se: RDF/XML by default, Turtle and JSON-LD by
//! `Accept` or `?format=`, streamed page by page.

use std::io::{self, Write};

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use openapi::{CatalogImportInput, CatalogImportReport};
use serde::Deserialize;
use tokio::sync::mpsc;
use utoipa::IntoParams;

use super::extract::Query;
use super::responses::*;
use super::State;
use crate::catalog::dcat::{self, Format, Spec};
use crate::catalog::import;
use crate::error::{Error, Result};
use crate::store::Key;
use domain::permissions::{Action, Resource, Subject};

#[derive(utoipa::OpenApi)]
#[openapi(paths(register_catalog, organisation_catalog, import_catalog),
    tags((name = "catalog", description = "DCAT-AP-SE-katalogen / The DCAT-AP-SE catalogue")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(register_catalog)
        .service(organisation_catalog)
        .service(import_catalog);
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
        (status = 400, response = BadRequest),
        (status = 503, response = Unavailable)))]
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
        (status = 400, response = BadRequest),
        (status = 404, response = NotFound),
        (status = 503, response = Unavailable)))]
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
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 400, response = BadRequest), (status = 422, response = Unprocessable),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 502, response = FetchFailed),
        (status = 503, response = Unavailable)))]
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
    let named = |ct: &str| -> Option<Format> {
        if ct.contains("rdf+xml") || ct.starts_with("application/xml") || ct.starts_with("text/xml")
        {
            Some(Format::RdfXml)
        } else if ct.contains("turtle") {
            Some(Format::Turtle)
        } else if ct.contains("ld+json") {
            Some(Format::JsonLd)
        } else {
            None
        }
    };
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
        let fetched = crate::catalog::fetch::fetch(&input.url, &limits)
            .await
            .map_err(|e| Error::FetchFailed {
                field: "url".into(),
                message: format!("could not fetch {}: {}", input.url, e.0),
            })?;
        let format = fetched
            .content_type
            .as_deref()
            .map(str::to_ascii_lowercase)
            .and_then(|c| named(&c))
            .unwrap_or(Format::RdfXml);
        (fetched.bytes, format)
    } else {
        let format = named(&content_type).ok_or_else(|| Error::BadRequest {
            detail: "send the catalogue as application/rdf+xml, text/turtle or application/ld+json, or {\"url\": …} as application/json".into(),
            errors: vec![],
        })?;
        (bytes, format)
    };
    let ctx = state.ctx(&who);
    let report = state
        .db
        .run(move |c| {
            let triples = import::parse(&bytes, format).map_err(|m| Error::field("body", m))?;
            let catalogue = import::read(&triples);
            if catalogue.entries.is_empty() && catalogue.datasets.is_empty() {
                return Err(Error::rule(
                    "body",
                    "the document has no dcat:DataService and no dcat:Dataset",
                ));
            }
            let options = crate::store::catalog::ImportOptions {
                importer: who.organisation.as_ref().map(|(id, _)| id.clone()),
                withdraw_missing: q.withdraw_missing,
            };
            crate::store::catalog::import(c, &ctx, catalogue, &options, |c, publisher| {
                let subject = Subject::Organisation(publisher.to_string());
                crate::auth::authorize(c, &who, Action::Create(Resource::Apis), &subject)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}
