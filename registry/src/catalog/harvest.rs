//! Bringing an agency's DCAT-AP-SE catalogue into the register: a document sent to
//! `POST /api/v1/catalog/imports`, or the catalogue an organisation publishes, fetched through
//! the guarded outbound client on its schedule and on demand, and imported as that
//! organisation with the same report.

use std::time::Duration;

use chrono::{NaiveDateTime, Utc};
use openapi::CatalogImportReport;

use super::dcat::Format;
use super::{fetch, import};
use crate::auth::Principal;
use crate::error::{Error, Result};
use crate::settings::Settings;
use crate::store::catalog::ImportOptions;
use crate::store::{sources, Ctx, Db, DbConnection};
use domain::permissions::{Action, Resource, Subject};

/// Reads a catalogue document and registers what it holds (`store::catalog::import`), each
/// publisher checked with `may_publish`.
pub fn import_document(
    conn: &mut DbConnection,
    ctx: &Ctx,
    bytes: &[u8],
    format: Format,
    options: &ImportOptions,
    may_publish: impl FnMut(&mut DbConnection, &str) -> Result<()>,
) -> Result<CatalogImportReport> {
    let triples = import::parse(bytes, format).map_err(|m| Error::field("body", m))?;
    let catalogue = import::read(&triples);
    if catalogue.entries.is_empty() && catalogue.datasets.is_empty() {
        return Err(Error::rule(
            "body",
            "the document has no dcat:DataService and no dcat:Dataset",
        ));
    }
    crate::store::catalog::import(conn, ctx, catalogue, options, may_publish)
}

/// Fetches a catalogue through the guarded outbound client: its bytes and format (by its
/// `Content-Type`, RDF/XML when it names none of the three).
pub async fn fetch_catalogue(url: &str, limits: &fetch::Limits) -> Result<(Vec<u8>, Format)> {
    let fetched = fetch::fetch(url, limits)
        .await
        .map_err(|e| Error::FetchFailed {
            field: "url".into(),
            message: format!("could not fetch {url}: {}", e.0),
        })?;
    let format = fetched
        .content_type
        .as_deref()
        .and_then(Format::from_content_type)
        .unwrap_or(Format::RdfXml);
    Ok((fetched.bytes, format))
}

/// The caller a harvest acts as: the organisation whose catalogue it is.
fn as_organisation(conn: &mut DbConnection, node_id: &str, id: &str) -> Result<Principal> {
    let org = crate::store::refs::organisations::refs(conn, &[id.to_string()])?;
    let slug = crate::store::refs::one(&org, id)?
        .slug
        .unwrap_or_else(|| id.to_string());
    Ok(Principal {
        node_id: node_id.into(),
        operator: false,
        organisation: Some((id.into(), slug)),
        client: None,
        subject: Some("harvest".into()),
    })
}

/// What the harvester needs of the settings.
#[derive(Clone)]
pub struct Harvester {
    db: Db,
    node_id: String,
    public_url: String,
    limits: fetch::Limits,
}

impl Harvester {
    pub fn new(db: Db, settings: &Settings) -> Harvester {
        Harvester {
            db,
            node_id: settings.node_id.clone(),
            public_url: settings.public_url.clone(),
            limits: fetch::Limits::new(settings.fetch_allow_private, settings.fetch_timeout_secs),
        }
    }

    /// Fetches and imports the organisation's catalogue now, and records how it went (the
    /// next run is due an interval after this one).
    pub async fn harvest(
        &self,
        organisation_id: &str,
        url: &str,
        withdraw_missing: bool,
    ) -> Result<CatalogImportReport> {
        let at = Utc::now().naive_utc();
        let outcome = self.run(organisation_id, url, withdraw_missing).await;
        let id = organisation_id.to_string();
        let recorded = match &outcome {
            Ok(r) => Ok(r.clone()),
            Err(e) => Err(e.to_string()),
        };
        self.db
            .run(move |c| sources::record(c, &id, at, recorded.as_ref().map_err(String::as_str)))
            .await?;
        outcome
    }

    async fn run(
        &self,
        organisation_id: &str,
        url: &str,
        withdraw_missing: bool,
    ) -> Result<CatalogImportReport> {
        let (bytes, format) = fetch_catalogue(url, &self.limits).await?;
        let (node, public, id) = (
            self.node_id.clone(),
            self.public_url.clone(),
            organisation_id.to_string(),
        );
        self.db
            .run(move |c| {
                let who = as_organisation(c, &node, &id)?;
                let ctx = Ctx::local(&node, &public, who.actor());
                let options = ImportOptions {
                    importer: Some(id.clone()),
                    withdraw_missing,
                };
                import_document(c, &ctx, &bytes, format, &options, |c, publisher| {
                    let subject = Subject::Organisation(publisher.to_string());
                    crate::auth::authorize(c, &who, Action::Create(Resource::Api), &subject)
                })
            })
            .await
    }

    /// Harvests every source due at `now`, one after another; how each went is recorded.
    pub async fn run_due(&self, now: NaiveDateTime) -> Result<usize> {
        let due = self.db.run(move |c| sources::due(c, now)).await?;
        for (organisation, url, withdraw) in &due {
            match self.harvest(organisation, url, *withdraw).await {
                Ok(r) => {
                    tracing::info!(%url, created = r.created, updated = r.updated, unchanged = r.unchanged, missing = r.missing.len(), "harvested a catalogue")
                }
                Err(e) => tracing::warn!(%url, error = %e, "harvesting a catalogue failed"),
            }
        }
        Ok(due.len())
    }

    /// Runs the due harvests every minute.
    pub async fn schedule(self) {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = self.run_due(Utc::now().naive_utc()).await {
                tracing::warn!(error = %e, "reading the catalogue sources failed");
            }
        }
    }
}
