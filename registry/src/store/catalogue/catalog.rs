//! What the DCAT export reads: the APIs page by page in id order, with their publishers and
//! building blocks, so that the catalogue streams in constant memory.

use std::collections::HashMap;

use diesel::prelude::*;
use openapi::{Api, ApiInput, ApiStatus, CatalogImportEntry, CatalogImportReport, FieldError};

use crate::error::{Error, Result};
use crate::store::crud::Crud;
use crate::store::entry::Key;
use crate::store::schema::{api_building_blocks as ab, building_blocks as bb, organisations as o};
use crate::store::schema::{apis as a, role_assignments as ra};
use crate::store::{Ctx, DbConnection};
use domain::catalog::{Entry as ImportEntry, PublisherRef};

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
    let id = crate::store::refs::organisations::find_id(conn, key)?
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
    publishers: Option<&[String]>,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<(String, String)>> {
    let mut q = a::table.select((a::id, a::uri)).into_boxed();
    if let Some(p) = publishers {
        q = q.filter(a::publisher_id.eq_any(p.to_vec()));
    }
    if let Some(x) = after {
        q = q.filter(a::id.gt(x.to_string()));
    }
    Ok(q.order(a::id).limit(limit).load(conn)?)
}

/// One page of APIs after `after`, in id order.
pub fn entries(
    conn: &mut DbConnection,
    publisher: Option<&[String]>,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<Entry>> {
    let apis = crate::store::apis::rows_after(conn, publisher, after, limit)?;
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

/// The id of the organisation with this organisation number (`NNNNNN-NNNN`) or URI.
fn organisation_for(conn: &mut DbConnection, p: &PublisherRef) -> Result<Option<String>> {
    let q = o::table.select(o::id).into_boxed();
    let q = match p {
        PublisherRef::Number(n) => q.filter(o::organisation_number.eq(n.clone())),
        PublisherRef::Uri(u) => q.filter(o::uri.eq(u.clone())),
    };
    Ok(q.order(o::id).first(conn).optional()?)
}

fn normalised(mut i: ApiInput) -> ApiInput {
    i.themes.sort();
    i.building_blocks.sort();
    i.keywords.sort();
    i.endpoint_urls.sort();
    i.conforms_to.sort();
    i
}

/// Registers the services of an imported catalogue, all or nothing: when any service cannot
/// be registered nothing is written and every reason is reported (as `entries[N].field`).
/// `may_publish` is asked for every publisher before anything is written: a caller imports
/// only its own services.
pub fn import(
    conn: &mut DbConnection,
    ctx: &Ctx,
    entries: Vec<ImportEntry>,
    mut may_publish: impl FnMut(&mut DbConnection, &str) -> Result<()>,
) -> Result<CatalogImportReport> {
    crate::store::write(conn, |conn| {
        let mut errors: Vec<FieldError> = vec![];
        let mut ready = vec![];
        for (n, mut e) in entries.into_iter().enumerate() {
            let mut own = std::mem::take(&mut e.errors);
            if let Some(p) = &e.publisher {
                match organisation_for(conn, p)? {
                    Some(id) => e.input.publisher = id,
                    None => own.push(FieldError {
                        field: "publisher".into(),
                        message: format!("no organisation in the register matches {p:?}"),
                    }),
                }
            }
            for uri in &e.block_uris {
                let id: Option<String> = bb::table
                    .select(bb::id)
                    .filter(bb::uri.eq(uri))
                    .first(conn)
                    .optional()?;
                // Other contexts than this register's building blocks are not kept.
                if let Some(id) = id {
                    e.input.building_blocks.push(id);
                }
            }
            let existing = crate::store::apis::find_imported(conn, &e.iri)?;
            if let Some(x) = &existing {
                // What DCAT does not carry stays as registered.
                e.input.sla = x.sla.clone();
                // Our own export names the served document; the registered source stays.
                if x.document.as_ref().map(|d| &d.json_url) == e.input.spec_url.as_ref() {
                    e.input.spec_url = x.spec_url.clone();
                }
                e.input.successor = x.successor.as_ref().map(|s| s.id.to_string());
                if matches!(
                    e.input.status,
                    ApiStatus::Utfasad | ApiStatus::Tillbakadragen
                ) {
                    e.input.sunset_date = x.sunset_date;
                }
            }
            if own.is_empty() {
                if let Err(domain::Invalid(v, _)) = domain::validate::api(&e.input) {
                    own.extend(v);
                }
            }
            for f in own {
                errors.push(FieldError {
                    field: format!("entries[{n}].{}", f.field),
                    message: format!("{}: {}", e.iri, f.message),
                });
            }
            ready.push((e, existing));
        }
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        for (e, _) in &ready {
            may_publish(conn, &e.input.publisher)?;
        }
        let mut report = CatalogImportReport {
            created: 0,
            updated: 0,
            unchanged: 0,
            entries: vec![],
        };
        for (e, existing) in ready {
            let (api, outcome) = match existing {
                Some(x)
                    if normalised(crate::store::apis::to_input(&x))
                        == normalised(e.input.clone()) =>
                {
                    report.unchanged += 1;
                    (x.meta.id, "unchanged")
                }
                Some(x) => {
                    let key = Key::Id(x.meta.id.to_string());
                    let a = crate::store::apis::Row::replace(conn, ctx, &key, None, e.input)?;
                    report.updated += 1;
                    (a.meta.id, "updated")
                }
                None => {
                    let a = crate::store::apis::Row::create(conn, ctx, e.input)?;
                    crate::store::apis::set_source_iri(conn, &a.meta.id.to_string(), &e.iri)?;
                    report.created += 1;
                    (a.meta.id, "created")
                }
            };
            report.entries.push(CatalogImportEntry {
                iri: e.iri,
                api,
                outcome: outcome.into(),
            });
        }
        Ok(report)
    })
}
