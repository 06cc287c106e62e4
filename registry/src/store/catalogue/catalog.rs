//! What the DCAT export reads: the APIs page by page in id order, with their publishers and
//! building blocks, so that the catalogue streams in constant memory.

use std::collections::HashMap;

use diesel::prelude::*;
use openapi::{
    Api, ApiInput, ApiStatus, CatalogImportEntry, CatalogImportMissing, CatalogImportReport,
    CatalogImportSkipped, FieldError,
};

use crate::error::{Error, Result};
use crate::store::crud::Crud;
use crate::store::entry::Key;
use crate::store::schema::{api_building_blocks as ab, building_blocks as bb, organisations as o};
use crate::store::schema::{apis as a, role_assignments as ra};
use crate::store::{Ctx, DbConnection};
use domain::catalog::{Catalogue, PublisherRef};

/// A publishing organisation as the catalogue shows it.
#[derive(Debug, Clone)]
pub struct Publisher {
    pub id: String,
    pub slug: String,
    pub uri: String,
    pub name: String,
    pub organisation_number: Option<String>,
    pub kind: Option<openapi::OrganisationKind>,
}

/// An API with what its DCAT description needs beyond the wire entry.
pub struct Entry {
    pub api: Api,
    pub publisher: Publisher,
    /// (uri, name) of its building blocks.
    pub blocks: Vec<(String, String)>,
}

type PublisherRow = (String, String, String, String, Option<String>, String);

fn publishers(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, Publisher>> {
    let rows: Vec<PublisherRow> = o::table
        .filter(o::id.eq_any(ids))
        .select((
            o::id,
            o::slug,
            o::uri,
            o::name,
            o::organisation_number,
            o::kind,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, slug, uri, name, organisation_number, kind)| {
            (
                id.clone(),
                Publisher {
                    id,
                    slug,
                    uri,
                    name,
                    organisation_number,
                    kind: kind.parse().ok(),
                },
            )
        })
        .collect())
}

/// When the APIs of these publishers (all: None) were first registered and last changed.
pub fn dates(
    conn: &mut DbConnection,
    publishers: Option<&[String]>,
) -> Result<(Option<chrono::NaiveDateTime>, Option<chrono::NaiveDateTime>)> {
    let mut q = a::table
        .select((
            diesel::dsl::min(a::created_at),
            diesel::dsl::max(a::updated_at),
        ))
        .into_boxed();
    if let Some(p) = publishers {
        q = q.filter(a::publisher_id.eq_any(p.to_vec()));
    }
    Ok(q.first(conn)?)
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

/// Ids and exported IRIs (the publisher's own, else the register's) of the APIs after
/// `after`, in id order.
pub fn service_uris(
    conn: &mut DbConnection,
    publishers: Option<&[String]>,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<(String, String)>> {
    let mut q = a::table.select((a::id, a::uri, a::source_iri)).into_boxed();
    if let Some(p) = publishers {
        q = q.filter(a::publisher_id.eq_any(p.to_vec()));
    }
    if let Some(x) = after {
        q = q.filter(a::id.gt(x.to_string()));
    }
    let rows: Vec<(String, String, Option<String>)> = q.order(a::id).limit(limit).load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, uri, source)| (id, source.unwrap_or(uri)))
        .collect())
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
    // Only datasets and concepts this node can describe are named (a mirrored API's are held
    // at its origin): a bare IRI would break the DCAT-AP shapes.
    let mut apis = apis;
    let served: Vec<String> = apis
        .iter()
        .flat_map(|a| a.serves_datasets.clone())
        .collect();
    let datasets = crate::store::datasets::held(conn, &served)?;
    let concepts: Vec<String> = apis
        .iter()
        .flat_map(|a| a.types.iter().chain(&a.hvd_categories).cloned())
        .collect();
    let concepts = crate::store::terms::held(conn, &concepts)?;
    for a in &mut apis {
        a.serves_datasets.retain(|d| datasets.contains(d));
        a.types.retain(|c| concepts.contains(c));
        a.hvd_categories.retain(|c| concepts.contains(c));
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
    i.keywords_en.sort();
    i.endpoint_urls.sort();
    i.conforms_to.sort();
    i.types.sort();
    i.pages.sort();
    i.hvd_categories.sort();
    i.applicable_legislation.sort();
    i.serves_datasets.sort();
    i
}

/// How an import treats what it finds.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The caller's organisation: publishes what neither the service nor the catalogue says
    /// who publishes.
    pub importer: Option<String>,
    /// Mark withdrawn (`tillbakadragen`) the publisher's imported services the catalogue no
    /// longer lists.
    pub withdraw_missing: bool,
}

fn field(n: usize, iri: &str, f: FieldError) -> FieldError {
    FieldError {
        field: format!("entries[{n}].{}", f.field),
        message: format!("{iri}: {}", f.message),
    }
}

/// Registers the services of an imported catalogue, all or nothing: when any service cannot
/// be registered nothing is written and every reason is reported (as `entries[N].field`,
/// each message led by the service's IRI). Datasets the catalogue describes are kept with
/// their publisher. `may_publish` is asked for every publisher before anything is written: a
/// caller imports only its own services.
pub fn import(
    conn: &mut DbConnection,
    ctx: &Ctx,
    catalogue: Catalogue,
    options: &ImportOptions,
    mut may_publish: impl FnMut(&mut DbConnection, &str) -> Result<()>,
) -> Result<CatalogImportReport> {
    crate::store::write(conn, |conn| {
        let mut errors: Vec<FieldError> = vec![];
        let mut skipped = catalogue.skipped;
        let mut publishers: Vec<String> = vec![];
        // Datasets first: the services' dcat:servesDataset name them.
        let mut datasets = vec![];
        for d in catalogue.datasets {
            let id = match &d.publisher {
                Some(p) => organisation_for(conn, p)?,
                None => options.importer.clone(),
            };
            match id {
                Some(id) => datasets.push((d, id)),
                None => skipped.push(CatalogImportSkipped {
                    iri: d.iri.clone(),
                    kind: "dcat:Dataset".into(),
                    reason: match &d.publisher {
                        Some(p) => {
                            format!("no organisation in the register matches its publisher {p:?}")
                        }
                        None => "neither the dataset nor the catalogue states dct:publisher".into(),
                    },
                }),
            }
        }
        let kept: Vec<String> = datasets.iter().map(|(d, _)| d.iri.clone()).collect();
        let described: Vec<String> = catalogue.terms.iter().map(|(i, _)| i.clone()).collect();
        let mut ready = vec![];
        for (n, mut e) in catalogue.entries.into_iter().enumerate() {
            let mut own = std::mem::take(&mut e.errors);
            match (&e.publisher, &options.importer) {
                (Some(p), _) => match organisation_for(conn, p)? {
                    Some(id) => e.input.publisher = id,
                    None => own.push(FieldError {
                        field: "publisher".into(),
                        message: format!("no organisation in the register matches {p:?}"),
                    }),
                },
                (None, Some(org)) => e.input.publisher = org.clone(),
                (None, None) if own.iter().any(|f| f.field == "publisher") => {}
                (None, None) => own.push(FieldError {
                    field: "publisher".into(),
                    message: "neither the service nor the catalogue states dct:publisher; state it, or import as the organisation that publishes it".into(),
                }),
            }
            for uri in &e.block_uris {
                let id: Option<String> = bb::table
                    .select(bb::id)
                    .filter(bb::uri.eq(uri))
                    .first(conn)
                    .optional()?;
                match id {
                    Some(id) => e.input.building_blocks.push(id),
                    None => e.notes.push(format!(
                        "dct:isPartOf <{uri}> not kept: not a building block of this register"
                    )),
                }
            }
            // A concept is exported with its label, which only a description can give.
            for (list, name) in [
                (&mut e.input.types, "dct:type"),
                (&mut e.input.hvd_categories, "dcatap:hvdCategory"),
            ] {
                let held = crate::store::terms::held(conn, list)?;
                list.retain(|c| {
                    let ok = described.contains(c) || held.contains(c);
                    if !ok {
                        e.notes.push(format!(
                            "{name} <{c}> not kept: neither the catalogue nor the register describes the concept (skos:prefLabel), which DCAT-AP requires"
                        ));
                    }
                    ok
                });
            }
            let held = crate::store::datasets::held(conn, &e.input.serves_datasets)?;
            e.input.serves_datasets.retain(|d| {
                let ok = kept.contains(d) || held.contains(d);
                if !ok {
                    e.notes.push(format!(
                        "dcat:servesDataset <{d}> not kept: the catalogue does not describe the dataset and the register holds none by that IRI"
                    ));
                }
                ok
            });
            let existing = crate::store::apis::find_imported(
                conn,
                &e.iri,
                e.input.identifier.as_deref(),
                Some(&e.input.publisher)
                    .filter(|p| !p.is_empty())
                    .map(String::as_str),
            )?;
            // A service keeps the IRI it was first registered or imported under (an IRI of
            // this register names its own API, which has none); a new one takes this one.
            e.input.source_iri = match &existing {
                Some(x) => x.source_iri.clone(),
                None => Some(e.iri.clone()),
            };
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
                    Some(ApiStatus::Utfasad | ApiStatus::Tillbakadragen)
                ) {
                    e.input.sunset_date = x.sunset_date;
                }
                // The register's own identifier of the API is no identifier of the publisher's.
                if e.input.identifier.as_deref() == Some(&x.meta.id.to_string()) {
                    e.input.identifier = x.identifier.clone();
                }
            }
            if own.is_empty() {
                if let Err(domain::Invalid(v, _)) = domain::validate::api(&e.input) {
                    own.extend(v);
                }
            }
            errors.extend(own.into_iter().map(|f| field(n, &e.iri, f)));
            if !e.input.publisher.is_empty() && !publishers.contains(&e.input.publisher) {
                publishers.push(e.input.publisher.clone());
            }
            ready.push((e, existing));
        }
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        for p in datasets.iter().map(|(_, p)| p).chain(&publishers) {
            may_publish(conn, p)?;
        }
        let mut report = CatalogImportReport {
            created: 0,
            updated: 0,
            unchanged: 0,
            entries: vec![],
            datasets: kept.clone(),
            skipped,
            missing: vec![],
        };
        for (iri, description) in &catalogue.terms {
            crate::store::terms::keep(conn, iri, description)?;
        }
        for (d, publisher) in &datasets {
            crate::store::datasets::keep(conn, &d.iri, publisher, &d.description)?;
        }
        let mut iris = vec![];
        let mut new = vec![];
        for (mut e, existing) in ready {
            iris.push(e.iri.clone());
            // A catalogue does not cite where the register's facts come from: a stored citation
            // stays.
            if let Some(x) = &existing {
                e.input.source = x.source.clone();
            }
            let (api, outcome) = match existing {
                Some(x) if x.meta.origin != ctx.origin() => (x.meta.id, "held-elsewhere"),
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
                    // Registered together below, in batched statements; the id comes then.
                    new.push((report.entries.len(), e.input));
                    (Default::default(), "created")
                }
            };
            report.entries.push(CatalogImportEntry {
                iri: e.iri,
                api,
                outcome: outcome.into(),
                notes: e.notes,
            });
        }
        let (at, inputs): (Vec<usize>, Vec<ApiInput>) = new.into_iter().unzip();
        let created = crate::store::apis::create_all(conn, ctx, inputs)?;
        report.created += created.len() as i64;
        for (n, a) in at.into_iter().zip(created) {
            report.entries[n].api = a.meta.id;
        }
        for x in crate::store::apis::imported_from(conn, &publishers, ctx.origin())? {
            let Some(iri) = x.source_iri.clone() else {
                continue;
            };
            if iris.contains(&iri) {
                continue;
            }
            let withdrawn =
                if options.withdraw_missing && x.status != Some(ApiStatus::Tillbakadragen) {
                    let mut input = crate::store::apis::to_input(&x);
                    input.status = Some(ApiStatus::Tillbakadragen);
                    let key = Key::Id(x.meta.id.to_string());
                    crate::store::apis::Row::replace(conn, ctx, &key, None, input)?;
                    report.updated += 1;
                    true
                } else {
                    x.status == Some(ApiStatus::Tillbakadragen)
                };
            report.missing.push(CatalogImportMissing {
                iri,
                api: x.meta.id,
                withdrawn,
            });
        }
        Ok(report)
    })
}
