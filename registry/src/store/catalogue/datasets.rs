//! The `dcat:Dataset`s of imported catalogues, kept as their publishers described them and
//! exported again with their catalogues (docs/dcat-mapping.md).

use diesel::prelude::*;

use crate::error::Result;
use crate::store::schema::catalog_datasets as d;
use crate::store::DbConnection;

/// Keeps a dataset's description; true when it was new or changed.
pub fn keep(
    conn: &mut DbConnection,
    iri: &str,
    publisher_id: &str,
    description: &str,
) -> Result<bool> {
    let old: Option<(String, String)> = d::table
        .filter(d::iri.eq(iri))
        .select((d::publisher_id, d::description))
        .first(conn)
        .optional()?;
    let now = chrono::Utc::now().naive_utc();
    match old {
        Some((p, text)) if p == publisher_id && text == description => Ok(false),
        Some(_) => {
            diesel::update(d::table.filter(d::iri.eq(iri)))
                .set((
                    d::publisher_id.eq(publisher_id),
                    d::description.eq(description),
                    d::updated_at.eq(now),
                ))
                .execute(conn)?;
            Ok(true)
        }
        None => {
            diesel::insert_into(d::table)
                .values((
                    d::iri.eq(iri),
                    d::publisher_id.eq(publisher_id),
                    d::description.eq(description),
                    d::updated_at.eq(now),
                ))
                .execute(conn)?;
            Ok(true)
        }
    }
}

/// Which of these IRIs name datasets the register keeps.
pub fn held(conn: &mut DbConnection, iris: &[String]) -> Result<Vec<String>> {
    if iris.is_empty() {
        return Ok(vec![]);
    }
    Ok(d::table
        .filter(d::iri.eq_any(iris))
        .select(d::iri)
        .load(conn)?)
}

/// The datasets after `after` in IRI order: all, or those of these publishers.
fn after(
    publishers: Option<&[String]>,
    after: Option<&str>,
) -> d::BoxedQuery<'static, crate::store::MultiBackend> {
    let mut q = d::table.into_boxed();
    if let Some(p) = publishers {
        q = q.filter(d::publisher_id.eq_any(p.to_vec()));
    }
    if let Some(a) = after {
        q = q.filter(d::iri.gt(a.to_string()));
    }
    q.order(d::iri)
}

/// One page of IRIs after `after` (the catalogue's `dcat:dataset` list, without reading the
/// descriptions).
pub fn iris(
    conn: &mut DbConnection,
    publishers: Option<&[String]>,
    from: Option<&str>,
    limit: i64,
) -> Result<Vec<String>> {
    Ok(after(publishers, from)
        .select(d::iri)
        .limit(limit)
        .load(conn)?)
}

/// One page of (IRI, description) after `after`, in IRI order: all, or those of these
/// publishers.
pub fn page(
    conn: &mut DbConnection,
    publishers: Option<&[String]>,
    from: Option<&str>,
    limit: i64,
) -> Result<Vec<(String, String)>> {
    Ok(after(publishers, from)
        .select((d::iri, d::description))
        .limit(limit)
        .load(conn)?)
}
