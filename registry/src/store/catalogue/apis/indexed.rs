//! The API list and its facet counts, answered from the search index (`store::index`): what
//! the index holds of an API, the list's filters as an index selection, and the counts per
//! status, access rights, theme, organisation and building block under the same filters.

use super::*;
use crate::store::index::{self, Doc, Select};

/// The index document of each API (all of them, or those of `ids`).
pub fn index_docs(conn: &mut DbConnection, ids: Option<&[String]>) -> Result<Vec<Doc>> {
    type Indexed = (
        String,
        String,
        String,
        String,
        String,
        (String, String, String, String, String),
    );
    let mut docs = vec![];
    for chunk in index::chunks(ids) {
        let mut q = t::apis
            .select((
                t::id,
                t::origin,
                t::status,
                t::access_rights,
                t::publisher_id,
                (
                    t::title_sv,
                    t::title_en,
                    t::description_sv,
                    t::description_en,
                    t::keywords,
                ),
            ))
            .into_boxed();
        let mut blocks = ab::api_building_blocks
            .select((ab::api_id, ab::building_block_id))
            .into_boxed();
        let mut themes = th::api_themes.select((th::api_id, th::theme)).into_boxed();
        if let Some(ids) = chunk {
            q = q.filter(t::id.eq_any(ids));
            blocks = blocks.filter(ab::api_id.eq_any(ids));
            themes = themes.filter(th::api_id.eq_any(ids));
        }
        let rows: Vec<Indexed> = q.load(conn)?;
        let mut blocks_of = refs::group(blocks.load::<(String, String)>(conn)?);
        let mut themes_of = refs::group(themes.load::<(String, String)>(conn)?);
        for (id, origin, status, access, publisher, (tsv, ten, dsv, den, keywords)) in rows {
            let mut values: Vec<(index::Field, String)> = vec![
                ("origin", origin),
                ("status", status),
                ("access", access),
                ("publisher", publisher),
            ];
            for b in blocks_of.remove(&id).unwrap_or_default() {
                values.push(("block", b));
            }
            for th in themes_of.remove(&id).unwrap_or_default() {
                values.push(("theme", th));
            }
            docs.push(Doc {
                id,
                text: vec![tsv, ten, dsv, den, keywords],
                values,
            });
        }
    }
    Ok(docs)
}

/// The filters as a selection of the index; `None` when a reference names nothing, so
/// nothing matches.
fn selection(conn: &mut DbConnection, f: &Filter) -> Result<Option<Select>> {
    let s = Select {
        words: f.q.as_deref().map(crate::search::terms).unwrap_or_default(),
        ..Select::default()
    }
    .is_given("status", f.status.map(|v| v.as_str()))
    .is_given("access", f.access_rights.map(|v| v.as_str()))
    .is_given("theme", f.theme.map(|v| v.as_str()))
    .origin(f.origin.as_ref());
    index::with_refs(
        conn,
        s,
        ("publisher", &f.organisation),
        ("block", &f.building_block),
    )
}

pub fn list(session: &mut Session, f: &Filter, page: &PageRequest) -> Result<(Vec<Api>, i64)> {
    let Some(s) = selection(session, f)? else {
        return Ok((vec![], 0));
    };
    let (ids, total) = session.index.clone().page(session, |t| &t.apis, &s, page)?;
    let conn: &mut DbConnection = session;
    let rows: Vec<Row> = t::apis
        .filter(t::id.eq_any(&ids))
        .order(t::id)
        .select(Row::as_select())
        .load(conn)?;
    Ok((wire_all(conn, &rows)?, total))
}

fn by_ref(
    counts: Option<&HashMap<String, i64>>,
    names: &HashMap<String, EntryRef>,
) -> Vec<FacetCount> {
    ref_counts(
        counts
            .into_iter()
            .flatten()
            .map(|(id, n)| (Some(id.clone()), *n))
            .collect(),
        names,
    )
}

/// Counts per status, access rights, theme, organisation and building block.
pub fn facets(session: &mut Session, f: &Filter) -> Result<ApiFacets> {
    let (total, counts) = match selection(session, f)? {
        None => (0, HashMap::new()),
        Some(s) => session.index.clone().counts(session, |t| &t.apis, &s)?,
    };
    let conn: &mut DbConnection = session;
    let none = HashMap::new();
    let of = |field: &str| counts.get(field).unwrap_or(&none);
    let org_ids: Vec<String> = of("publisher").keys().cloned().collect();
    let orgs = refs::organisations::refs(conn, &org_ids)?;
    let block_ids: Vec<String> = of("block").keys().cloned().collect();
    let blocks = refs::building_blocks::refs(conn, &block_ids)?;
    Ok(ApiFacets {
        total_count: total,
        status: enum_counts(
            ApiStatus::ALL,
            ApiStatus::as_str,
            ApiStatus::label_sv,
            of("status"),
        ),
        access_rights: enum_counts(
            AccessRights::ALL,
            AccessRights::as_str,
            AccessRights::label_sv,
            of("access"),
        ),
        theme: enum_counts(
            DataTheme::ALL,
            DataTheme::as_str,
            DataTheme::label_sv,
            of("theme"),
        ),
        organisation: by_ref(counts.get("publisher"), &orgs),
        building_block: by_ref(counts.get("block"), &blocks),
    })
}
