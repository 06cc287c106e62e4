//! What the DCAT export reads: the APIs page by page in id order, with their publishers and
//! building blocks, so that the catalogue streams in constant memory.

use std::collections::HashMap;

use diesel::prelude::*;
use openapi::Api;

use super::entry::Key;
use super::schema::{api_building_blocks as ab, building_blocks as bb, organisations as o};
use super::schema::{apis as a, role_assignments as ra};
use super::DbConnection;
use crate::error::{Error, Result};

/// A publishing organisation as the catalogue shows it.
#[derive(Debug, Clone)]
pub struct Publisher {
    pub id: String,
    pub uri: String,
    pub name: String,
    pub organisation_number: Option<String>,
}

/// An API with what its DCAT description needs beyond the wire entry.
pub struct Entry {
    pub api: Api,
    pub publisher: Publisher,
    /// (uri, name) of its building blocks.
    pub blocks: Vec<(String, String)>,
}

fn publishers(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, Publisher>> {
    let rows: Vec<(String, String, String, Option<String>)> = o::table
        .filter(o::id.eq_any(ids))
        .select((o::id, o::uri, o::name, o::organisation_number))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, uri, name, organisation_number)| {
            (
                id.clone(),
                Publisher {
                    id,
                    uri,
                    name,
                    organisation_number,
                },
            )
        })
        .collect())
}

/// The organisation with this id or slug.
pub fn organisation(conn: &mut DbConnection, key: &Key) -> Result<Publisher> {
    let id = super::refs::organisations::find_id(conn, key)?
        .ok_or_else(|| Error::not_found("organisation", key.as_str()))?;
    publishers(conn, std::slice::from_ref(&id))?
        .remove(&id)
        .ok_or_else(|| Error::not_found("organisation", key.as_str()))
}

/// The infrastructure owner (role `infrastrukturansvarig`), which publishes the whole catalogue.
pub fn infrastructure_owner(conn: &mut DbConnection) -> Result<Option<Publisher>> {
    let id: Option<String> = ra::table
        .filter(ra::role.eq("infrastrukturansvarig"))
        .select(ra::organisation_id)
        .order(ra::id)
        .first(conn)
        .optional()?;
    let Some(id) = id else {
        return Ok(None);
    };
    Ok(publishers(conn, std::slice::from_ref(&id))?.remove(&id))
}

/// Ids and URIs of the APIs after `after`, in id order.
pub fn service_uris(
    conn: &mut DbConnection,
    publisher: Option<&str>,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<(String, String)>> {
    let mut q = a::table.select((a::id, a::uri)).into_boxed();
    if let Some(p) = publisher {
        q = q.filter(a::publisher_id.eq(p.to_string()));
    }
    if let Some(x) = after {
        q = q.filter(a::id.gt(x.to_string()));
    }
    Ok(q.order(a::id).limit(limit).load(conn)?)
}

/// One page of APIs after `after`, in id order.
pub fn entries(
    conn: &mut DbConnection,
    publisher: Option<&str>,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<Entry>> {
    let apis = super::apis::rows_after(conn, publisher, after, limit)?;
    let ids: Vec<String> = apis.iter().map(|x| x.meta.id.to_string()).collect();
    let org_ids: Vec<String> = apis.iter().map(|x| x.publisher.id.to_string()).collect();
    let orgs = publishers(conn, &org_ids)?;
    let links: Vec<(String, String, String)> = ab::table
        .inner_join(bb::table.on(bb::id.eq(ab::building_block_id)))
        .filter(ab::api_id.eq_any(&ids))
        .select((ab::api_id, bb::uri, bb::name))
        .order((ab::api_id, bb::id))
        .load(conn)?;
    let mut blocks: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (api, uri, name) in links {
        blocks.entry(api).or_default().push((uri, name));
    }
    apis.into_iter()
        .map(|api| {
            let id = api.meta.id.to_string();
            let publisher = orgs
                .get(&api.publisher.id.to_string())
                .cloned()
                .ok_or_else(|| Error::Internal(anyhow::anyhow!("dangling publisher of {id}")))?;
            Ok(Entry {
                blocks: blocks.remove(&id).unwrap_or_default(),
                api,
                publisher,
            })
        })
        .collect()
}
