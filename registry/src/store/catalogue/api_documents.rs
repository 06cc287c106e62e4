//! OpenAPI documents of the registered APIs: one row per version, a new version only when
//! the content changed.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use openapi::{ApiDocumentUpload, ApiDocumentVersion, RapCheck};

use crate::error::{Error, Result};
use crate::store::apis;
use crate::store::backup::ApiDocumentRow;
use crate::store::entry::{self, check_writable, Ctx, Key};
use crate::store::schema::api_documents::dsl as d;
use crate::store::DbConnection;
use domain::catalog::Parsed;

/// Where a document came from.
pub enum Source {
    Upload,
    Url(String),
}

fn to_wire(api_uri: &str, r: &ApiDocumentRow) -> Result<ApiDocumentVersion> {
    let (json_url, yaml_url) = apis::document_urls(api_uri, r.number);
    Ok(ApiDocumentVersion {
        number: r.number,
        created_at: DateTime::from_naive_utc_and_offset(r.created_at, Utc),
        spec_version: r.spec_version.clone(),
        source: r.source.clone(),
        source_url: r.source_url.clone(),
        json_url,
        yaml_url,
        checks: entry::from_json::<Vec<RapCheck>>(&r.checks)?,
    })
}

fn rows(conn: &mut DbConnection, api_id: &str) -> Result<Vec<ApiDocumentRow>> {
    Ok(d::api_documents
        .filter(d::api_id.eq(api_id))
        .select(ApiDocumentRow::as_select())
        .order(d::number.desc())
        .load(conn)?)
}

/// Adds a version unless the document equals the latest one.
pub fn add(
    conn: &mut DbConnection,
    ctx: &Ctx,
    key: &Key,
    parsed: Parsed,
    checks: Vec<RapCheck>,
    source: Source,
) -> Result<ApiDocumentUpload> {
    crate::store::write(conn, |conn| {
        let api = apis::row(conn, key)?;
        check_writable(ctx, &api.origin, api.version, None)?;
        let latest: Option<ApiDocumentRow> = d::api_documents
            .filter(d::api_id.eq(&api.id))
            .select(ApiDocumentRow::as_select())
            .order(d::number.desc())
            .first(conn)
            .optional()?;
        if let Some(l) = &latest {
            let stored: serde_json::Value = entry::from_json(&l.content)?;
            if stored == parsed.value {
                return Ok(ApiDocumentUpload {
                    created: false,
                    version: to_wire(&api.uri, l)?,
                });
            }
        }
        let (source, source_url) = match source {
            Source::Upload => ("upload", None),
            Source::Url(u) => ("url", Some(u)),
        };
        let row = ApiDocumentRow {
            api_id: api.id.clone(),
            number: latest.map(|l| l.number + 1).unwrap_or(1),
            created_at: entry::now(),
            spec_version: parsed.spec_version.to_string(),
            source: source.to_string(),
            source_url,
            content: entry::to_json(&parsed.value)?,
            checks: entry::to_json(&checks)?,
        };
        diesel::insert_into(d::api_documents)
            .values(&row)
            .execute(conn)?;
        apis::touch(conn, ctx, &api.id)?;
        Ok(ApiDocumentUpload {
            created: true,
            version: to_wire(&api.uri, &row)?,
        })
    })
}

/// Every version of an API's document, newest first.
pub fn list(conn: &mut DbConnection, key: &Key) -> Result<Vec<ApiDocumentVersion>> {
    let api = apis::row(conn, key)?;
    rows(conn, &api.id)?
        .iter()
        .map(|r| to_wire(&api.uri, r))
        .collect()
}

fn one(conn: &mut DbConnection, key: &Key, number: i32) -> Result<(String, ApiDocumentRow)> {
    let api = apis::row(conn, key)?;
    let row = d::api_documents
        .filter(d::api_id.eq(&api.id))
        .filter(d::number.eq(number))
        .select(ApiDocumentRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::not_found("document version", number.to_string()))?;
    Ok((api.uri, row))
}

pub fn get(conn: &mut DbConnection, key: &Key, number: i32) -> Result<ApiDocumentVersion> {
    let (uri, row) = one(conn, key, number)?;
    to_wire(&uri, &row)
}

/// The document itself, as stored (normalised JSON).
pub fn content(conn: &mut DbConnection, key: &Key, number: i32) -> Result<String> {
    Ok(one(conn, key, number)?.1.content)
}

/// The registered `specUrl` of an API.
pub fn spec_url(conn: &mut DbConnection, key: &Key) -> Result<Option<String>> {
    Ok(apis::row(conn, key)?.spec_url)
}
