//! What imported catalogues say about the resources their services and datasets refer to
//! (concepts, media types, legislation), kept by IRI and exported with what refers to them.

use diesel::prelude::*;

use crate::error::Result;
use crate::store::schema::catalog_terms as t;
use crate::store::DbConnection;

/// Keeps a resource's description (the last import that describes it wins).
pub fn keep(conn: &mut DbConnection, iri: &str, description: &str) -> Result<()> {
    let old: Option<String> = t::table
        .filter(t::iri.eq(iri))
        .select(t::description)
        .first(conn)
        .optional()?;
    let now = chrono::Utc::now().naive_utc();
    match old {
        Some(text) if text == description => {}
        Some(_) => {
            diesel::update(t::table.filter(t::iri.eq(iri)))
                .set((t::description.eq(description), t::updated_at.eq(now)))
                .execute(conn)?;
        }
        None => {
            diesel::insert_into(t::table)
                .values((
                    t::iri.eq(iri),
                    t::description.eq(description),
                    t::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// The descriptions of those of these IRIs the register keeps.
pub fn described(conn: &mut DbConnection, iris: &[String]) -> Result<Vec<(String, String)>> {
    if iris.is_empty() {
        return Ok(vec![]);
    }
    Ok(t::table
        .filter(t::iri.eq_any(iris))
        .select((t::iri, t::description))
        .order(t::iri)
        .load(conn)?)
}

/// Which of these IRIs the register keeps a description of.
pub fn held(conn: &mut DbConnection, iris: &[String]) -> Result<Vec<String>> {
    if iris.is_empty() {
        return Ok(vec![]);
    }
    Ok(t::table
        .filter(t::iri.eq_any(iris))
        .select(t::iri)
        .load(conn)?)
}
