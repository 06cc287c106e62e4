//! What the permission rules need from the database: the roles an organisation holds, and
//! the subject a write is about (DESIGN.md §Authentication; the rules are in
//! `domain::permissions`).

use diesel::prelude::*;
use openapi::{
    DocumentInput, FundingNeedInput, MilestoneInput, PlanInput, Role, ScopeInput, ScopeKind,
};

use crate::error::{Error, Result};
use crate::store::entry::{parse_enum, Key};
use crate::store::schema::{
    base_data_domains, building_blocks, competence_areas, documents, funding_needs, milestones,
    plans, role_assignments,
};
use crate::store::{refs, scope, DbConnection};
use domain::permissions::{Held, Subject};

/// Every role the organisation holds on this node (`origin`). An organisation holds a role for
/// a subject when a role assignment says so, and also when the subject itself names the
/// organisation as its responsible (a block's or domain's `responsible`, an area's
/// `homeOrganisation`): both record the same fact, and rights must not depend on which of them
/// was filled in. Entries mirrored from other nodes give no rights here.
pub fn held(conn: &mut DbConnection, origin: &str, organisation_id: &str) -> Result<Vec<Held>> {
    type Assignment = (String, Option<String>, Option<String>, Option<String>);
    let assigned: Vec<Assignment> = role_assignments::table
        .filter(role_assignments::organisation_id.eq(organisation_id))
        .filter(role_assignments::origin.eq(origin))
        .select((
            role_assignments::role,
            role_assignments::building_block_id,
            role_assignments::base_data_domain_id,
            role_assignments::competence_area_id,
        ))
        .load(conn)?;
    let mut held = Vec::with_capacity(assigned.len());
    for (role, block, domain, area) in assigned {
        let subject = block
            .map(Subject::BuildingBlock)
            .or(domain.map(Subject::BaseDataDomain))
            .or(area.map(Subject::CompetenceArea));
        held.push(Held {
            role: parse_enum(&role)?,
            subject,
        });
    }
    let blocks: Vec<String> = building_blocks::table
        .filter(building_blocks::responsible_id.eq(organisation_id))
        .filter(building_blocks::origin.eq(origin))
        .select(building_blocks::id)
        .load(conn)?;
    let domains: Vec<String> = base_data_domains::table
        .filter(base_data_domains::responsible_id.eq(organisation_id))
        .filter(base_data_domains::origin.eq(origin))
        .select(base_data_domains::id)
        .load(conn)?;
    let areas: Vec<String> = competence_areas::table
        .filter(competence_areas::home_organisation_id.eq(organisation_id))
        .filter(competence_areas::origin.eq(origin))
        .select(competence_areas::id)
        .load(conn)?;
    let derived = blocks
        .into_iter()
        .map(|id| (Role::Byggblocksansvarig, Subject::BuildingBlock(id)))
        .chain(
            domains
                .into_iter()
                .map(|id| (Role::Grunddatadomanansvarig, Subject::BaseDataDomain(id))),
        )
        .chain(
            areas
                .into_iter()
                .map(|id| (Role::Kompetensomradesansvarig, Subject::CompetenceArea(id))),
        );
    for (role, subject) in derived {
        held.push(Held {
            role,
            subject: Some(subject),
        });
    }
    Ok(held)
}

/// The subject of a stored scope (documents and plans).
fn stored_scope(kind: &str, subject: Option<String>) -> Result<Subject> {
    Ok(match (parse_enum::<ScopeKind>(kind)?, subject) {
        (ScopeKind::Byggblock, Some(id)) => Subject::BuildingBlock(id),
        (ScopeKind::Grunddatadoman, Some(id)) => Subject::BaseDataDomain(id),
        (ScopeKind::Kompetensomrade, Some(id)) => Subject::CompetenceArea(id),
        _ => Subject::Register,
    })
}

/// The subject of a scope a client sent; a reference that resolves to nothing is the same
/// field error the write itself would give.
fn input_scope(conn: &mut DbConnection, s: &ScopeInput) -> Result<Subject> {
    let id = scope::resolve(conn, s)?;
    Ok(match (s.kind, id) {
        (ScopeKind::Byggblock, Some(id)) => Subject::BuildingBlock(id),
        (ScopeKind::Grunddatadoman, Some(id)) => Subject::BaseDataDomain(id),
        (ScopeKind::Kompetensomrade, Some(id)) => Subject::CompetenceArea(id),
        _ => Subject::Register,
    })
}

/// An entry's id by key, or the 404 the write itself would give.
macro_rules! id_of {
    ($conn:expr, $table:ident, $key:expr, $what:literal, slug) => {{
        let q = $table::table.select($table::id).into_boxed();
        let q = match $key {
            Key::Id(id) => q.filter($table::id.eq(id.clone())),
            Key::Slug(s) => q.filter($table::slug.eq(s.clone())),
        };
        // The entry the write itself finds: this node's own first, as in `find`.
        q.order((ours_first!($table::origin), $table::id))
            .first::<String>($conn)
            .optional()?
            .ok_or_else(|| not_found($what, $key))?
    }};
}

fn not_found(what: &'static str, key: &Key) -> Error {
    Error::not_found(
        what,
        match key {
            Key::Id(s) | Key::Slug(s) => s.clone(),
        },
    )
}

/// Subjects of the stored entries of each resource, for edits and deletions.
pub mod stored {
    use super::*;

    pub fn building_block(conn: &mut DbConnection, key: &Key) -> Result<Subject> {
        Ok(Subject::BuildingBlock(id_of!(
            conn,
            building_blocks,
            key,
            "building block",
            slug
        )))
    }

    pub fn base_data_domain(conn: &mut DbConnection, key: &Key) -> Result<Subject> {
        Ok(Subject::BaseDataDomain(id_of!(
            conn,
            base_data_domains,
            key,
            "base-data domain",
            slug
        )))
    }

    pub fn competence_area(conn: &mut DbConnection, key: &Key) -> Result<Subject> {
        Ok(Subject::CompetenceArea(id_of!(
            conn,
            competence_areas,
            key,
            "competence area",
            slug
        )))
    }

    pub fn document(conn: &mut DbConnection, key: &Key) -> Result<Subject> {
        let Key::Id(id) = key else {
            return Err(not_found("document", key));
        };
        let (kind, subject): (String, Option<String>) = documents::table
            .find(id)
            .select((documents::scope_kind, documents::scope_subject_id))
            .first(conn)
            .optional()?
            .ok_or_else(|| not_found("document", key))?;
        stored_scope(&kind, subject)
    }

    pub fn plan(conn: &mut DbConnection, key: &Key) -> Result<Subject> {
        let q = plans::table
            .select((plans::scope_kind, plans::scope_subject_id))
            .into_boxed();
        let q = match key {
            Key::Id(id) => q.filter(plans::id.eq(id.clone())),
            Key::Slug(s) => q.filter(plans::slug.eq(s.clone())),
        };
        let (kind, subject): (String, Option<String>) = q
            .order((ours_first!(plans::origin), plans::id))
            .first(conn)
            .optional()?
            .ok_or_else(|| not_found("plan", key))?;
        stored_scope(&kind, subject)
    }

    pub fn milestone(conn: &mut DbConnection, key: &Key) -> Result<Subject> {
        let Key::Id(id) = key else {
            return Err(not_found("milestone", key));
        };
        let plan: String = milestones::table
            .find(id)
            .select(milestones::plan_id)
            .first(conn)
            .optional()?
            .ok_or_else(|| not_found("milestone", key))?;
        self::plan(conn, &Key::Id(plan))
    }

    pub fn funding_need(conn: &mut DbConnection, key: &Key) -> Result<Subject> {
        let Key::Id(id) = key else {
            return Err(not_found("funding need", key));
        };
        let block: String = funding_needs::table
            .find(id)
            .select(funding_needs::building_block_id)
            .first(conn)
            .optional()?
            .ok_or_else(|| not_found("funding need", key))?;
        Ok(Subject::BuildingBlock(block))
    }

    /// An API is its publisher's.
    pub fn api(conn: &mut DbConnection, key: &Key) -> Result<Subject> {
        let Key::Id(id) = key else {
            return Err(not_found("API", key));
        };
        let publisher: String = crate::store::schema::apis::table
            .find(id)
            .select(crate::store::schema::apis::publisher_id)
            .first(conn)
            .optional()?
            .ok_or_else(|| not_found("API", key))?;
        Ok(Subject::Organisation(publisher))
    }

    /// Entries whose rights are the register's (organisations, roles, benefits).
    pub fn register(_: &mut DbConnection, _: &Key) -> Result<Subject> {
        Ok(Subject::Register)
    }
}

/// Subjects of what a client sends, for creations and for edits that move an entry.
/// `None` where the input cannot move the entry to another subject.
pub mod proposed {
    use super::*;

    pub fn document(conn: &mut DbConnection, i: &DocumentInput) -> Result<Option<Subject>> {
        input_scope(conn, &i.scope).map(Some)
    }

    pub fn plan(conn: &mut DbConnection, i: &PlanInput) -> Result<Option<Subject>> {
        input_scope(conn, &i.scope).map(Some)
    }

    pub fn milestone(conn: &mut DbConnection, i: &MilestoneInput) -> Result<Option<Subject>> {
        let plan = refs::plans::resolve(conn, "plan", &i.plan)?;
        crate::store::authz::stored::plan(conn, &Key::Id(plan)).map(Some)
    }

    pub fn funding_need(conn: &mut DbConnection, i: &FundingNeedInput) -> Result<Option<Subject>> {
        let block = refs::building_blocks::resolve(conn, "buildingBlock", &i.building_block)?;
        Ok(Some(Subject::BuildingBlock(block)))
    }

    pub fn api(conn: &mut DbConnection, i: &openapi::ApiInput) -> Result<Option<Subject>> {
        let publisher = refs::organisations::resolve(conn, "publisher", &i.publisher)?;
        Ok(Some(Subject::Organisation(publisher)))
    }

    /// Inputs that do not name a subject: creating one is an act on the register.
    pub fn none<T>(_: &mut DbConnection, _: &T) -> Result<Option<Subject>> {
        Ok(None)
    }
}

/// A document's level and author, which decide who may decide or repeal it.
pub fn document_level_and_author(conn: &mut DbConnection, key: &Key) -> Result<(i32, String)> {
    let Key::Id(id) = key else {
        return Err(not_found("document", key));
    };
    documents::table
        .find(id)
        .select((documents::level, documents::author_organisation_id))
        .first(conn)
        .optional()?
        .ok_or_else(|| not_found("document", key))
}

/// Whom a level-2 or level-3 decision belongs to: the organisation named as deciding, when it
/// is the author or owns the competence area the document is scoped to; else the author.
pub fn document_decider(
    conn: &mut DbConnection,
    origin: &str,
    key: &Key,
    author: &str,
    deciding: &str,
) -> Result<String> {
    if deciding == author {
        return Ok(author.to_string());
    }
    if let Subject::CompetenceArea(area) = stored::document(conn, key)? {
        let owns = held(conn, origin, deciding)?.iter().any(|h| {
            h.role == Role::Kompetensomradesansvarig
                && h.subject == Some(Subject::CompetenceArea(area.clone()))
        });
        if owns {
            return Ok(deciding.to_string());
        }
    }
    Ok(author.to_string())
}
