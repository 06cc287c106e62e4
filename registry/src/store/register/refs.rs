//! References between entries: resolving what a client sent (an id or a slug) to an id, and
//! loading the `{id, slug, name}` shown for a referenced entry.

use std::collections::HashMap;

use diesel::prelude::*;
use openapi::EntryRef;

use crate::error::{Error, Result};
use crate::store::entry::Key;
use crate::store::schema;
use crate::store::DbConnection;

macro_rules! sluggable {
    ($module:ident, $table:ident, $what:literal) => {
        pub mod $module {
            use super::*;
            use schema::$table::dsl as t;

            /// The id of the entry with this id or slug, if there is one.
            pub fn find_id(conn: &mut DbConnection, key: &Key) -> Result<Option<String>> {
                let q = t::$table.select(t::id).into_boxed();
                let q = match key {
                    Key::Id(id) => q.filter(t::id.eq(id.clone())),
                    Key::Slug(s) => q.filter(t::slug.eq(s.clone())),
                };
                // This node's own entry first among those of several origins with the slug.
                let q = q.order((ours_first!(t::origin), t::id));
                Ok(q.first(conn).optional()?)
            }

            /// The id for a reference a client sent in `field`; a validation error if none.
            pub fn resolve(
                conn: &mut DbConnection,
                field: &str,
                reference: &str,
            ) -> Result<String> {
                find_id(conn, &Key::parse(reference))?.ok_or_else(|| {
                    Error::unknown_reference(
                        field,
                        format!("no {} with id or slug '{}'", $what, reference),
                    )
                })
            }

            pub fn resolve_all(
                conn: &mut DbConnection,
                field: &str,
                references: &[String],
            ) -> Result<Vec<String>> {
                let mut errors = ::domain::Errors::default();
                let mut unknown = ::domain::Errors::default();
                let mut ids = Vec::with_capacity(references.len());
                for (i, r) in references.iter().enumerate() {
                    match find_id(conn, &Key::parse(r))? {
                        // The same entry once by id and once by slug is listed twice too:
                        // different strings to the document's uniqueItems, so a rule.
                        Some(id) if ids.contains(&id) => errors.rule(
                            format!("{field}[{i}]"),
                            format!("'{}' names an entry listed before: it is listed twice", r),
                        ),
                        Some(id) => ids.push(id),
                        None => unknown.add(
                            format!("{field}[{i}]"),
                            format!("no {} with id or slug '{}'", $what, r),
                        ),
                    }
                }
                // A list that breaks a rule is refused for that first (400); one that only
                // names entries not held, as an unknown reference (409).
                errors.into_result()?;
                if !unknown.0.is_empty() {
                    return Err(Error::UnknownReference(unknown.0));
                }
                Ok(ids)
            }

            /// `{id, slug, name}` of each of these entries, in one query.
            pub fn refs(
                conn: &mut DbConnection,
                ids: &[String],
            ) -> Result<HashMap<String, EntryRef>> {
                if ids.is_empty() {
                    return Ok(HashMap::new());
                }
                let rows: Vec<(String, String, String)> = t::$table
                    .select((t::id, t::slug, t::name))
                    .filter(t::id.eq_any(ids))
                    .load(conn)?;
                rows.into_iter()
                    .map(|(id, slug, name)| {
                        let r = EntryRef {
                            id: uuid::Uuid::parse_str(&id).map_err(Error::internal)?,
                            slug: Some(slug),
                            name,
                        };
                        Ok((id, r))
                    })
                    .collect()
            }
        }
    };
}

sluggable!(organisations, organisations, "organisation");
sluggable!(building_blocks, building_blocks, "building block");
sluggable!(base_data_domains, base_data_domains, "base-data domain");
sluggable!(competence_areas, competence_areas, "competence area");
sluggable!(plans, plans, "plan");
sluggable!(shared_services, shared_services, "shared service");
sluggable!(forums, forums, "forum");

/// The references of some entries, by id.
pub type Refs = HashMap<String, EntryRef>;

/// `(entry, value)` rows grouped by entry, each entry's values in the rows' order.
pub fn group<T>(pairs: Vec<(String, T)>) -> HashMap<String, Vec<T>> {
    let mut m: HashMap<String, Vec<T>> = HashMap::new();
    for (k, v) in pairs {
        m.entry(k).or_default().push(v);
    }
    m
}

/// What a page of entries lists in a join table (a block's dependencies, a benefit's blocks):
/// the listed ids by entry, in the rows' order, and the references of the entries they name.
pub struct Linked {
    by_entry: HashMap<String, Vec<String>>,
    refs: Refs,
}

impl Linked {
    /// From the page's `(entry, listed)` rows, with one query (`refs_of`) for the references.
    pub fn load(
        conn: &mut DbConnection,
        links: Vec<(String, String)>,
        refs_of: impl FnOnce(&mut DbConnection, &[String]) -> Result<Refs>,
    ) -> Result<Linked> {
        let mut ids: Vec<String> = links.iter().map(|(_, to)| to.clone()).collect();
        ids.sort();
        ids.dedup();
        let refs = refs_of(conn, &ids)?;
        Ok(Linked {
            by_entry: group(links),
            refs,
        })
    }

    /// The references the entry `id` lists.
    pub fn of(&self, id: &str) -> Result<Vec<EntryRef>> {
        self.by_entry
            .get(id)
            .into_iter()
            .flatten()
            .map(|listed| one(&self.refs, listed))
            .collect()
    }
}

/// What a page of entries that name organisations twice refers to: the organisations each
/// entry lists in a join table (a base-data domain's producers, a competence area's
/// contributors), and the references of those and of the one organisation each row names
/// itself (a domain's responsible, an area's home organisation).
pub struct OrganisationLinks {
    listed: HashMap<String, Vec<EntryRef>>,
    pub organisations: HashMap<String, EntryRef>,
}

impl OrganisationLinks {
    /// From the page's `(entry, organisation)` rows of the join table and the organisations
    /// its rows name themselves, with one query for the references.
    pub fn load(
        conn: &mut DbConnection,
        links: Vec<(String, String)>,
        named: impl IntoIterator<Item = String>,
    ) -> Result<OrganisationLinks> {
        let mut ids: Vec<String> = links.iter().map(|(_, o)| o.clone()).chain(named).collect();
        ids.sort();
        ids.dedup();
        let organisations = organisations::refs(conn, &ids)?;
        let mut listed: HashMap<String, Vec<EntryRef>> = HashMap::new();
        for (entry, org) in links {
            listed
                .entry(entry)
                .or_default()
                .push(one(&organisations, &org)?);
        }
        // The join table keeps no order; alphabetical is stable and what readers expect.
        for orgs in listed.values_mut() {
            orgs.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        }
        Ok(OrganisationLinks {
            listed,
            organisations,
        })
    }

    /// The organisations the entry `id` lists.
    pub fn listed(&self, id: &str) -> Vec<EntryRef> {
        self.listed.get(id).cloned().unwrap_or_default()
    }
}

/// Looks up one reference loaded with `refs`; a dangling id is an internal error, since
/// foreign keys keep references whole.
pub fn one(map: &HashMap<String, EntryRef>, id: &str) -> Result<EntryRef> {
    map.get(id)
        .cloned()
        .ok_or_else(|| Error::Internal(anyhow::anyhow!("dangling reference {id}")))
}

/// The reference to the entry `id`, where there is one (an optional reference of a row).
pub fn optional(map: &HashMap<String, EntryRef>, id: &Option<String>) -> Result<Option<EntryRef>> {
    id.as_deref().map(|id| one(map, id)).transpose()
}

/// A column that names an entry: always (`String`) or where it is set (`Option<String>`).
pub trait NamesEntry {
    fn entry_id(&self) -> Option<&String>;
}

impl NamesEntry for String {
    fn entry_id(&self) -> Option<&String> {
        Some(self)
    }
}

impl NamesEntry for Option<String> {
    fn entry_id(&self) -> Option<&String> {
        self.as_ref()
    }
}

/// The distinct ids the columns `f` gives of each row of a page name (set or not), sorted:
/// what one query per table loads.
pub fn distinct<'a, R, const N: usize>(
    rows: &'a [R],
    f: impl Fn(&'a R) -> [&'a dyn NamesEntry; N],
) -> Vec<String> {
    let mut v: Vec<String> = rows
        .iter()
        .flat_map(|r| f(r).map(|c| c.entry_id().cloned()))
        .flatten()
        .collect();
    v.sort();
    v.dedup();
    v
}

/// `{id, name}` of entries that have titles, not slugs.
fn titled(rows: Vec<(String, String)>) -> Result<HashMap<String, EntryRef>> {
    rows.into_iter()
        .map(|(id, title)| {
            let r = EntryRef {
                id: uuid::Uuid::parse_str(&id).map_err(Error::internal)?,
                slug: None,
                name: title,
            };
            Ok((id, r))
        })
        .collect()
}

/// `{id, name}` of documents (which have titles, not slugs).
pub fn documents(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, EntryRef>> {
    use schema::documents::dsl as t;
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    titled(
        t::documents
            .select((t::id, t::title))
            .filter(t::id.eq_any(ids))
            .load(conn)?,
    )
}

/// `{id, name}` of forum meetings, named by their forum and date ("Tvärfunktionellt
/// kompetensforum 2021-05-20").
pub fn forum_meetings(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, EntryRef>> {
    use schema::forum_meetings::dsl as m;
    use schema::forums::dsl as f;
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(String, String, chrono::NaiveDate)> = m::forum_meetings
        .inner_join(f::forums)
        .select((m::id, f::name, m::meeting_date))
        .filter(m::id.eq_any(ids))
        .load(conn)?;
    titled(
        rows.into_iter()
            .map(|(id, forum, date)| (id, format!("{forum} {date}")))
            .collect(),
    )
}

/// `{id, name}` of APIs (named by their Swedish title).
pub fn apis(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, EntryRef>> {
    use schema::apis::dsl as t;
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    titled(
        t::apis
            .select((t::id, t::title_sv))
            .filter(t::id.eq_any(ids))
            .load(conn)?,
    )
}
