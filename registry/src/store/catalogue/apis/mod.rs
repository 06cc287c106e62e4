//! The API catalogue: registered APIs, their building blocks and EU data themes.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use openapi::{
    AccessRights, Api, ApiDocumentRef, ApiFacets, ApiInput, ApiStatus, ContactPoint, DataTheme,
    EntryRef, FacetCount, Localized,
};

use crate::error::{Error, Result};
use crate::store::building_blocks::{enum_counts, ref_counts};
use crate::store::changes;
use crate::store::crud::{Crud, Stored};
use crate::store::entry::{self, check_writable, Ctx, Key, PageRequest};
use crate::store::paging::{wire_all, wire_one, ToWire};
use crate::store::refs;
use crate::store::schema::api_building_blocks::dsl as ab;
use crate::store::schema::api_documents::dsl as ad;
use crate::store::schema::api_themes::dsl as th;
use crate::store::schema::apis::{self, dsl as t};
use crate::store::{DbConnection, Session};
use domain::origin::OriginMatch;

mod bulk;
mod indexed;

pub use bulk::{create_all, create_many, mirror_many, Mirrored};
pub use indexed::{facets, index_docs, list};

pub const ENTITY: &str = "apis";

stored_row! {
    apis, "API";
    pub struct Row {
        pub title_sv: String,
        pub title_en: String,
        pub description_sv: String,
        pub description_en: String,
        pub publisher_id: String,
        pub endpoint_urls: String,
        pub status: String,
        pub sunset_date: Option<NaiveDate>,
        pub successor_id: Option<String>,
        pub licence: Option<String>,
        pub access_rights: String,
        pub contact_name: Option<String>,
        pub contact_email: Option<String>,
        pub contact_url: Option<String>,
        pub keywords: String,
        pub conforms_to: String,
        pub documentation_url: Option<String>,
        pub sla: Option<String>,
        pub spec_url: Option<String>,
        /// The service IRI of an imported API.
        pub source_iri: Option<String>,
        /// A mirrored API's latest document as its origin describes it (`ApiDocumentRef` JSON).
        #[serde(default)]
        pub mirrored_document: Option<String>,
        #[serde(default)]
        pub identifier: Option<String>,
        #[serde(default)]
        pub contact_telephone: Option<String>,
        /// `Dcat` as JSON.
        #[serde(default = "Dcat::empty")]
        pub dcat: String,
        /// Where the entry's facts come from (a report and its section).
        pub source: Option<String>,
    }
}

/// The DCAT lists of an API, held in one column (the table is at diesel's 32 columns).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Dcat {
    keywords_en: Vec<String>,
    types: Vec<String>,
    pages: Vec<String>,
    hvd_categories: Vec<String>,
    applicable_legislation: Vec<String>,
    serves_datasets: Vec<String>,
}

impl Dcat {
    fn empty() -> String {
        "{}".into()
    }
}

/// An unstated status or access right is stored as the empty string.
fn stated<E: std::str::FromStr<Err = String>>(s: &str) -> Result<Option<E>> {
    if s.is_empty() {
        Ok(None)
    } else {
        entry::parse_enum(s).map(Some)
    }
}

/// References of an input, resolved to ids.
pub struct Refs {
    publisher: String,
    successor: Option<String>,
    blocks: Vec<String>,
}

/// Filters of the list and of the facet counts.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// Publishing organisation, id or slug.
    pub organisation: Option<String>,
    /// Building block, id or slug.
    pub building_block: Option<String>,
    pub status: Option<ApiStatus>,
    pub access_rights: Option<AccessRights>,
    pub theme: Option<DataTheme>,
    pub q: Option<String>,
    pub origin: Option<OriginMatch>,
}

/// Rows in id order after `after` (all origins), for streaming the whole catalogue.
pub fn rows_after(
    conn: &mut DbConnection,
    publishers: Option<&[String]>,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<Api>> {
    let mut q = t::apis.select(Row::as_select()).into_boxed();
    if let Some(p) = publishers {
        q = q.filter(t::publisher_id.eq_any(p.to_vec()));
    }
    if let Some(a) = after {
        q = q.filter(t::id.gt(a.to_string()));
    }
    let rows: Vec<Row> = q.order(t::id).limit(limit).load(conn)?;
    wire_all(conn, &rows)
}

/// The stable URLs of an API's document version.
pub fn document_urls(api_uri: &str, number: i32) -> (String, String) {
    (
        format!("{api_uri}/versions/{number}/openapi.json"),
        format!("{api_uri}/versions/{number}/openapi.yaml"),
    )
}

/// What a page of APIs names: their blocks and themes, latest documents, publishers and
/// successors.
pub struct Named {
    blocks_of: HashMap<String, Vec<String>>,
    themes_of: HashMap<String, Vec<String>>,
    blocks: HashMap<String, EntryRef>,
    latest: HashMap<String, (i32, String)>,
    orgs: HashMap<String, EntryRef>,
    successors: HashMap<String, EntryRef>,
}

impl Named {
    /// For rows whose (api, block) and (api, theme) links are known, sorted as the link
    /// tables' keys order them.
    fn with_links(
        conn: &mut DbConnection,
        rows: &[Row],
        block_pairs: Vec<(String, String)>,
        theme_pairs: Vec<(String, String)>,
    ) -> Result<Named> {
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        let block_ids: Vec<String> = block_pairs.iter().map(|(_, b)| b.clone()).collect();
        let blocks = refs::building_blocks::refs(conn, &block_ids)?;
        let docs: Vec<(String, i32, String)> = ad::api_documents
            .filter(ad::api_id.eq_any(&ids))
            .select((ad::api_id, ad::number, ad::spec_version))
            .order((ad::api_id, ad::number.desc()))
            .load(conn)?;
        let mut latest: HashMap<String, (i32, String)> = HashMap::new();
        for (id, n, v) in docs {
            latest.entry(id).or_insert((n, v));
        }
        let orgs = refs::organisations::refs(conn, &refs::distinct(rows, |r| [&r.publisher_id]))?;
        let successors = refs::apis(conn, &refs::distinct(rows, |r| [&r.successor_id]))?;
        Ok(Named {
            blocks_of: refs::group(block_pairs),
            themes_of: refs::group(theme_pairs),
            blocks,
            latest,
            orgs,
            successors,
        })
    }
}

impl ToWire for Row {
    type Wire = Api;
    type Refs = Named;

    /// The references of the whole page, in a few queries.
    fn load_refs(conn: &mut DbConnection, rows: &[Row]) -> Result<Named> {
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        let block_pairs: Vec<(String, String)> = ab::api_building_blocks
            .filter(ab::api_id.eq_any(&ids))
            .select((ab::api_id, ab::building_block_id))
            .order((ab::api_id, ab::building_block_id))
            .load(conn)?;
        let theme_pairs: Vec<(String, String)> = th::api_themes
            .filter(th::api_id.eq_any(&ids))
            .select((th::api_id, th::theme))
            .order((th::api_id, th::theme))
            .load(conn)?;
        Named::with_links(conn, rows, block_pairs, theme_pairs)
    }

    fn to_wire(&self, n: &Named) -> Result<Api> {
        let building_blocks = n
            .blocks_of
            .get(&self.id)
            .into_iter()
            .flatten()
            .map(|id| refs::one(&n.blocks, id))
            .collect::<Result<_>>()?;
        let themes = n
            .themes_of
            .get(&self.id)
            .into_iter()
            .flatten()
            .map(|s| entry::parse_enum(s))
            .collect::<Result<_>>()?;
        let document = match n.latest.get(&self.id) {
            Some((number, v)) => {
                let (json_url, yaml_url) = document_urls(&self.uri, *number);
                Some(ApiDocumentRef {
                    number: *number,
                    spec_version: v.clone(),
                    json_url,
                    yaml_url,
                })
            }
            None => self
                .mirrored_document
                .as_deref()
                .map(entry::from_json)
                .transpose()?,
        };
        let dcat: Dcat = entry::from_json(&self.dcat)?;
        let contact_point = self.contact_name.clone().map(|name| ContactPoint {
            name,
            email: self.contact_email.clone(),
            url: self.contact_url.clone(),
            telephone: self.contact_telephone.clone(),
        });
        Ok(Api {
            meta: self.meta()?,
            source: self.source.clone(),
            title: Localized {
                sv: self.title_sv.clone(),
                en: self.title_en.clone(),
            },
            description: Localized {
                sv: self.description_sv.clone(),
                en: self.description_en.clone(),
            },
            publisher: refs::one(&n.orgs, &self.publisher_id)?,
            endpoint_urls: entry::from_json(&self.endpoint_urls)?,
            building_blocks,
            status: stated(&self.status)?,
            sunset_date: self.sunset_date,
            successor: refs::optional(&n.successors, &self.successor_id)?,
            licence: self.licence.clone(),
            access_rights: stated(&self.access_rights)?,
            contact_point,
            keywords: entry::from_json(&self.keywords)?,
            keywords_en: dcat.keywords_en,
            themes,
            conforms_to: entry::from_json(&self.conforms_to)?,
            documentation_url: self.documentation_url.clone(),
            sla: self.sla.clone(),
            spec_url: self.spec_url.clone(),
            document,
            identifier: self.identifier.clone(),
            types: dcat.types,
            pages: dcat.pages,
            hvd_categories: dcat.hvd_categories,
            applicable_legislation: dcat.applicable_legislation,
            serves_datasets: dcat.serves_datasets,
            source_iri: self.source_iri.clone(),
        })
    }
}

/// The stored row (for the document versions and the catalogue).
pub fn row(conn: &mut DbConnection, key: &Key) -> Result<Row> {
    find(conn, key)
}

fn resolve_input(conn: &mut DbConnection, ctx: &Ctx, id: &str, i: &ApiInput) -> Result<Refs> {
    let mut errors = ::domain::Errors::default();
    let publisher = errors.take(refs::organisations::resolve(
        conn,
        "publisher",
        &i.publisher,
    ))?;
    let blocks = errors.take(refs::building_blocks::resolve_all(
        conn,
        "buildingBlocks",
        &i.building_blocks,
    ))?;
    let successor = match &i.successor {
        Some(s) if s == id => {
            errors.add("successor", "an API cannot succeed itself");
            None
        }
        Some(s) => {
            let found: Option<String> = t::apis
                .select(t::id)
                .filter(t::id.eq(s))
                .first(conn)
                .optional()?;
            if found.is_none() {
                errors.add("successor", format!("no API with id '{s}'"));
            }
            found
        }
        None => None,
    };
    errors.into_result()?;
    if let Some(iri) = &i.source_iri {
        let other: Option<String> = t::apis
            .select(t::id)
            .filter(t::source_iri.eq(iri))
            .filter(t::id.ne(id))
            .first(conn)
            .optional()?;
        if let Some(other) = other {
            return Err(Error::conflict(
                "sourceIri",
                format!("the API {other} is registered under this IRI already"),
            ));
        }
    }
    if ctx.mirror.is_some() {
        // Checked at the origin, which holds the datasets and concepts (the federation feed
        // does not carry them: the export here names only those this node holds).
        return Ok(Refs {
            publisher: publisher.unwrap_or_default(),
            successor,
            blocks: blocks.unwrap_or_default(),
        });
    }
    // A served dataset is one the register holds, so that the export describes it (DCAT-AP
    // requires a dataset's title and description; a bare IRI would not pass).
    let held = crate::store::datasets::held(conn, &i.serves_datasets)?;
    if let Some((n, d)) = i
        .serves_datasets
        .iter()
        .enumerate()
        .find(|(_, d)| !held.contains(d))
    {
        return Err(Error::unknown_reference(
            format!("servesDatasets[{n}]"),
            format!("the register holds no dataset {d}; import the catalogue that describes it"),
        ));
    }
    for (field, list) in [("types", &i.types), ("hvdCategories", &i.hvd_categories)] {
        let held = crate::store::terms::held(conn, list)?;
        if let Some((n, c)) = list.iter().enumerate().find(|(_, c)| !held.contains(c)) {
            return Err(Error::unknown_reference(
                format!("{field}[{n}]"),
                format!("the register holds no description of the concept {c} (DCAT-AP requires its skos:prefLabel); import the catalogue that describes it"),
            ));
        }
    }
    Ok(Refs {
        publisher: publisher.unwrap_or_default(),
        successor,
        blocks: blocks.unwrap_or_default(),
    })
}

impl Crud for Row {
    type Input = ApiInput;
    type Resolved = (ApiInput, Refs);

    fn resolve(
        conn: &mut DbConnection,
        ctx: &Ctx,
        id: &str,
        i: ApiInput,
    ) -> Result<(ApiInput, Refs)> {
        let refs = resolve_input(conn, ctx, id, &i)?;
        Ok((i, refs))
    }

    fn set(&mut self, (i, r): &(ApiInput, Refs)) -> Result<()> {
        self.source = i.source.clone();
        self.title_sv = i.title.sv.trim().to_string();
        self.title_en = i.title.en.trim().to_string();
        self.description_sv = i.description.sv.clone();
        self.description_en = i.description.en.clone();
        self.publisher_id = r.publisher.clone();
        self.endpoint_urls = entry::to_json(&i.endpoint_urls)?;
        self.status = i.status.map_or("", |s| s.as_str()).into();
        self.sunset_date = i.sunset_date;
        self.successor_id = r.successor.clone();
        self.licence = i.licence.clone();
        self.access_rights = i.access_rights.map_or("", |a| a.as_str()).into();
        self.contact_name = i.contact_point.as_ref().map(|c| c.name.clone());
        self.contact_email = i.contact_point.as_ref().and_then(|c| c.email.clone());
        self.contact_url = i.contact_point.as_ref().and_then(|c| c.url.clone());
        self.contact_telephone = i.contact_point.as_ref().and_then(|c| c.telephone.clone());
        self.keywords = entry::to_json(&i.keywords)?;
        self.identifier = i.identifier.clone();
        self.source_iri = i.source_iri.clone();
        self.dcat = entry::to_json(&Dcat {
            keywords_en: i.keywords_en.clone(),
            types: i.types.clone(),
            pages: i.pages.clone(),
            hvd_categories: i.hvd_categories.clone(),
            applicable_legislation: i.applicable_legislation.clone(),
            serves_datasets: i.serves_datasets.clone(),
        })?;
        self.conforms_to = entry::to_json(&i.conforms_to)?;
        self.documentation_url = i.documentation_url.clone();
        self.sla = i.sla.clone();
        self.spec_url = i.spec_url.clone();
        Ok(())
    }

    fn write_links(
        &self,
        conn: &mut DbConnection,
        (i, r): &(ApiInput, Refs),
        _: bool,
    ) -> Result<()> {
        write_join_rows!(
            conn,
            ab::api_building_blocks,
            ab::api_id,
            &self.id,
            ab::building_block_id,
            &r.blocks,
            true
        );
        write_join_rows!(
            conn,
            th::api_themes,
            th::api_id,
            &self.id,
            th::theme,
            i.themes.iter().map(|t| t.as_str()),
            true
        );
        Ok(())
    }

    /// An API named as another's successor stays until that one names another.
    fn check_delete(&self, conn: &mut DbConnection) -> Result<()> {
        let successors: i64 = t::apis
            .filter(t::successor_id.eq(&self.id))
            .count()
            .get_result(conn)?;
        if successors > 0 {
            return Err(Error::conflict(
                "id",
                "the API is named as the successor of another API; change that API first",
            ));
        }
        Ok(())
    }
}

/// Records a change of the API that is not a change of its fields (a new document version):
/// a new entry version, so that caches, ETags and peers see it.
pub fn touch(conn: &mut DbConnection, ctx: &Ctx, id: &str) -> Result<Api> {
    let old = find(conn, &Key::Id(id.to_string()))?;
    check_writable(ctx, &old.origin, old.version, None)?;
    let before_row = old.clone();
    let mut row = old;
    row.stamp_update(ctx);
    diesel::update(t::apis.filter(t::id.eq(&row.id)))
        .set((t::version.eq(row.version), t::updated_at.eq(row.updated_at)))
        .execute(conn)?;
    // The document is already written, so `before` shows it too; the version tells them apart.
    let before = wire_one(conn, &before_row)?;
    let wire = wire_one(conn, &row)?;
    changes::updated(conn, ctx, ENTITY, &before, &wire)?;
    Ok(wire)
}

/// The input that would produce this API (to compare an import with what is stored).
pub fn to_input(a: &Api) -> ApiInput {
    ApiInput {
        title: a.title.clone(),
        description: a.description.clone(),
        publisher: a.publisher.id.to_string(),
        endpoint_urls: a.endpoint_urls.clone(),
        building_blocks: a.building_blocks.iter().map(|b| b.id.to_string()).collect(),
        status: a.status,
        sunset_date: a.sunset_date,
        successor: a.successor.as_ref().map(|s| s.id.to_string()),
        licence: a.licence.clone(),
        access_rights: a.access_rights,
        contact_point: a.contact_point.clone(),
        keywords: a.keywords.clone(),
        keywords_en: a.keywords_en.clone(),
        themes: a.themes.clone(),
        conforms_to: a.conforms_to.clone(),
        documentation_url: a.documentation_url.clone(),
        sla: a.sla.clone(),
        spec_url: a.spec_url.clone(),
        identifier: a.identifier.clone(),
        types: a.types.clone(),
        pages: a.pages.clone(),
        hvd_categories: a.hvd_categories.clone(),
        applicable_legislation: a.applicable_legislation.clone(),
        serves_datasets: a.serves_datasets.clone(),
        source_iri: a.source_iri.clone(),
        source: a.source.clone(),
    }
}

/// The API an imported service names: one imported from its IRI before, one of ours (whose
/// URI is the IRI and ends in its id), or one of its publisher's with the same
/// `dct:identifier`. Each lookup uses an index.
pub fn find_imported(
    conn: &mut DbConnection,
    iri: &str,
    identifier: Option<&str>,
    publisher: Option<&str>,
) -> Result<Option<Api>> {
    let mut row: Option<Row> = t::apis
        .select(Row::as_select())
        .filter(t::source_iri.eq(iri))
        .order(t::id)
        .first(conn)
        .optional()?;
    if row.is_none() {
        if let Some(id) = iri
            .rsplit('/')
            .next()
            .and_then(|s| uuid::Uuid::parse_str(s).ok())
        {
            row = t::apis
                .select(Row::as_select())
                .filter(t::id.eq(id.to_string()))
                .filter(t::uri.eq(iri))
                .first(conn)
                .optional()?;
        }
    }
    if let (None, Some(identifier), Some(publisher)) = (&row, identifier, publisher) {
        row = t::apis
            .select(Row::as_select())
            .filter(t::publisher_id.eq(publisher))
            .filter(t::identifier.eq(identifier))
            .order(t::id)
            .first(conn)
            .optional()?;
    }
    row.map(|r| wire_one(conn, &r)).transpose()
}

/// The APIs of these publishers that this node imported from a catalogue.
pub fn imported_from(
    conn: &mut DbConnection,
    publishers: &[String],
    node_id: &str,
) -> Result<Vec<Api>> {
    let rows: Vec<Row> = t::apis
        .select(Row::as_select())
        .filter(t::publisher_id.eq_any(publishers))
        .filter(t::source_iri.is_not_null())
        .filter(t::origin.eq(node_id))
        .order(t::id)
        .load(conn)?;
    wire_all(conn, &rows)
}

/// Keeps the latest document of a mirrored API as its origin describes it, at the origin's
/// URLs: the document is served there.
pub fn mirror_document(
    conn: &mut DbConnection,
    id: &str,
    document: Option<&ApiDocumentRef>,
) -> Result<()> {
    let json = document.map(entry::to_json).transpose()?;
    diesel::update(t::apis.filter(t::id.eq(id)))
        .set(t::mirrored_document.eq(json))
        .execute(conn)?;
    Ok(())
}
