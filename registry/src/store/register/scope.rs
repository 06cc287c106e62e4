//! The scope of a document or a plan: the whole infrastructure, or one competence area,
//! building block or base-data domain. The subject column names an entry of the table the
//! kind says, so no foreign key guards it; resolving and loading live here for both users.

use std::collections::HashMap;

use diesel::prelude::*;
use openapi::{EntryRef, Scope, ScopeInput, ScopeKind};

use crate::error::Result;
use crate::store::entry::parse_enum;
use crate::store::refs;
use crate::store::schema::{documents, plans};
use crate::store::DbConnection;

const FIELD: &str = "scope.subject";

/// The id of the scope's subject, resolved in the table its kind names. The shape (a subject
/// exactly when the kind is not `infrastruktur`) is checked by `domain::validate` before.
pub fn resolve(conn: &mut DbConnection, s: &ScopeInput) -> Result<Option<String>> {
    let Some(subject) = s.subject.as_deref() else {
        return Ok(None);
    };
    Ok(match s.kind {
        ScopeKind::Infrastruktur => None,
        ScopeKind::Kompetensomrade => Some(refs::competence_areas::resolve(conn, FIELD, subject)?),
        ScopeKind::Byggblock => Some(refs::building_blocks::resolve(conn, FIELD, subject)?),
        ScopeKind::Grunddatadoman => Some(refs::base_data_domains::resolve(conn, FIELD, subject)?),
    })
}

/// The subjects of a page of scopes, loaded with one query per kind of subject.
#[derive(Debug, Default)]
pub struct Subjects {
    by_kind: HashMap<ScopeKind, HashMap<String, EntryRef>>,
}

impl Subjects {
    /// Loads the subjects of these stored `(kind, subject id)` pairs.
    pub fn load<'a>(
        conn: &mut DbConnection,
        scopes: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    ) -> Result<Subjects> {
        let mut ids: HashMap<ScopeKind, Vec<String>> = HashMap::new();
        for (kind, subject) in scopes {
            if let Some(id) = subject {
                ids.entry(parse_enum(kind)?)
                    .or_default()
                    .push(id.to_string());
            }
        }
        let mut by_kind = HashMap::new();
        for (kind, ids) in ids {
            let found = match kind {
                ScopeKind::Infrastruktur => HashMap::new(),
                ScopeKind::Kompetensomrade => refs::competence_areas::refs(conn, &ids)?,
                ScopeKind::Byggblock => refs::building_blocks::refs(conn, &ids)?,
                ScopeKind::Grunddatadoman => refs::base_data_domains::refs(conn, &ids)?,
            };
            by_kind.insert(kind, found);
        }
        Ok(Subjects { by_kind })
    }

    /// The wire scope of one stored `(kind, subject id)` pair loaded before.
    pub fn wire(&self, kind: &str, subject: Option<&str>) -> Result<Scope> {
        let kind: ScopeKind = parse_enum(kind)?;
        let subject = match subject {
            None => None,
            Some(id) => {
                let empty = HashMap::new();
                Some(refs::one(self.by_kind.get(&kind).unwrap_or(&empty), id)?)
            }
        };
        Ok(Scope { kind, subject })
    }

    /// As `wire`, but a subject that is gone is named as it was when recorded (`name`): a
    /// decision outlives the entry it was about.
    pub fn wire_as_decided(
        &self,
        kind: &str,
        subject: Option<&str>,
        name: Option<&str>,
    ) -> Result<Scope> {
        let kind: ScopeKind = parse_enum(kind)?;
        let subject = match subject {
            None => None,
            Some(id) => match self.by_kind.get(&kind).and_then(|m| m.get(id)) {
                Some(found) => Some(found.clone()),
                None => Some(EntryRef {
                    id: uuid::Uuid::parse_str(id).map_err(crate::error::Error::internal)?,
                    slug: None,
                    name: name.unwrap_or_default().to_string(),
                }),
            },
        };
        Ok(Scope { kind, subject })
    }
}

/// Whether a document or plan has this entry as its scope's subject: the check a competence
/// area, building block or base-data domain needs before it is deleted, as no foreign key
/// makes it.
pub fn in_use(conn: &mut DbConnection, subject_id: &str) -> Result<bool> {
    let docs: i64 = documents::table
        .filter(documents::scope_subject_id.eq(subject_id))
        .count()
        .get_result(conn)?;
    if docs > 0 {
        return Ok(true);
    }
    let plans: i64 = plans::table
        .filter(plans::scope_subject_id.eq(subject_id))
        .count()
        .get_result(conn)?;
    Ok(plans > 0)
}

/// Refuses to delete an entry that documents or plans name as their scope: the scope is a
/// reference into one of three tables, so no foreign key can guard it.
pub fn refuse_if_in_use(conn: &mut DbConnection, subject_id: &str, what: &str) -> Result<()> {
    if in_use(conn, subject_id)? {
        return Err(crate::error::Error::conflict(
            "id",
            format!("the {what} is the scope of governing documents or plans; change or remove those first"),
        ));
    }
    Ok(())
}
