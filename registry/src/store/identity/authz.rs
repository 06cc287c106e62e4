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
    apis, base_data_domains, building_blocks, competence_areas, connections, documents,
    funding_needs, milestones, plans, role_assignments, service_reports,
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
    // The role for each of this node's entries of `table` whose `column` names the organisation.
    macro_rules! responsible_for {
        ($($role:ident: $table:ident.$column:ident => $subject:ident,)+) => {$(
            let ids: Vec<String> = $table::table
                .filter($table::$column.eq(organisation_id))
                .filter($table::origin.eq(origin))
                .select($table::id)
                .load(conn)?;
            held.extend(ids.into_iter().map(|id| Held {
                role: Role::$role,
                subject: Some(Subject::$subject(id)),
            }));
        )+};
    }
    responsible_for! {
        Byggblocksansvarig: building_blocks.responsible_id => BuildingBlock,
        Grunddatadomanansvarig: base_data_domains.responsible_id => BaseDataDomain,
        Kompetensomradesansvarig: competence_areas.home_organisation_id => CompetenceArea,
    }
    Ok(held)
}

/// The subject of a scope (documents and plans).
fn scope_subject(kind: ScopeKind, subject: Option<String>) -> Subject {
    match (kind, subject) {
        (ScopeKind::Byggblock, Some(id)) => Subject::BuildingBlock(id),
        (ScopeKind::Grunddatadoman, Some(id)) => Subject::BaseDataDomain(id),
        (ScopeKind::Kompetensomrade, Some(id)) => Subject::CompetenceArea(id),
        _ => Subject::Register,
    }
}

/// The subject of a stored scope.
fn stored_scope(kind: &str, subject: Option<String>) -> Result<Subject> {
    Ok(scope_subject(parse_enum(kind)?, subject))
}

/// The subject of a scope a client sent; a reference that resolves to nothing is the same
/// field error the write itself would give.
fn input_scope(conn: &mut DbConnection, s: &ScopeInput) -> Result<Subject> {
    Ok(scope_subject(s.kind, scope::resolve(conn, s)?))
}

/// The `$select` columns of the entry of `$table` with this id, or the 404 the write itself
/// would give (also for a slug: these entries have none).
macro_rules! lookup {
    ($conn:expr, $table:ident, $key:expr, $what:literal, $select:expr) => {{
        let Key::Id(id) = $key else {
            return Err(not_found($what, $key));
        };
        $table::table
            .find(id)
            .select($select)
            .first($conn)
            .optional()?
            .ok_or_else(|| not_found($what, $key))?
    }};
}

/// The subject whose rights a funding need falls under, from the entry it names.
pub(in crate::store) fn funding_subject(
    (block, domain, area): (Option<String>, Option<String>, Option<String>),
) -> Subject {
    match (block, domain, area) {
        (Some(b), _, _) => Subject::BuildingBlock(b),
        (_, Some(d), _) => Subject::BaseDataDomain(d),
        (_, _, Some(a)) => Subject::CompetenceArea(a),
        _ => Subject::Register,
    }
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
        let id = refs::building_blocks::find_id(conn, key)?;
        Ok(Subject::BuildingBlock(
            id.ok_or_else(|| not_found("building block", key))?,
        ))
    }

    pub fn base_data_domain(conn: &mut DbConnection, key: &Key) -> Result<Subject> {
        let id = refs::base_data_domains::find_id(conn, key)?;
        Ok(Subject::BaseDataDomain(
            id.ok_or_else(|| not_found("base-data domain", key))?,
        ))
    }

    pub fn competence_area(conn: &mut DbConnection, key: &Key) -> Result<Subject> {
        let id = refs::competence_areas::find_id(conn, key)?;
        Ok(Subject::CompetenceArea(
            id.ok_or_else(|| not_found("competence area", key))?,
        ))
    }

    pub fn document(conn: &mut DbConnection, key: &Key) -> Result<Subject> {
        let scope = (documents::scope_kind, documents::scope_subject_id);
        let (kind, subject): (String, Option<String>) =
            lookup!(conn, documents, key, "document", scope);
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
        let plan: String = lookup!(conn, milestones, key, "milestone", milestones::plan_id);
        self::plan(conn, &Key::Id(plan))
    }

    /// A need is its subject's: a block's, a domain's or a competence area's; one named by a
    /// label only is the register's (the infrastructure owner's).
    pub fn funding_need(conn: &mut DbConnection, key: &Key) -> Result<Subject> {
        let columns = (
            funding_needs::building_block_id,
            funding_needs::base_data_domain_id,
            funding_needs::competence_area_id,
        );
        let named: (Option<String>, Option<String>, Option<String>) =
            lookup!(conn, funding_needs, key, "funding need", columns);
        Ok(funding_subject(named))
    }

    /// An API is its publisher's.
    pub fn api(conn: &mut DbConnection, key: &Key) -> Result<Subject> {
        let publisher: String = lookup!(conn, apis, key, "API", apis::publisher_id);
        Ok(Subject::Organisation(publisher))
    }

    /// A shared service is its supplier's.
    pub fn shared_service(conn: &mut DbConnection, key: &Key) -> Result<Subject> {
        let service = crate::store::shared_services::row(conn, key)?;
        Ok(Subject::Organisation(service.supplier_id))
    }

    /// A connection to a service is the service's supplier's to record.
    pub fn connection(conn: &mut DbConnection, key: &Key) -> Result<Subject> {
        let service: String = lookup!(
            conn,
            connections,
            key,
            "connection",
            connections::service_id
        );
        shared_service(conn, &Key::Id(service))
    }

    /// A report on a service is its supplier's.
    pub fn service_report(conn: &mut DbConnection, key: &Key) -> Result<Subject> {
        let service: String = lookup!(
            conn,
            service_reports,
            key,
            "service report",
            service_reports::service_id
        );
        shared_service(conn, &Key::Id(service))
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
        let s = crate::store::funding_needs::subject(conn, i)?;
        Ok(Some(s.permission_subject()))
    }

    pub fn api(conn: &mut DbConnection, i: &openapi::ApiInput) -> Result<Option<Subject>> {
        let publisher = refs::organisations::resolve(conn, "publisher", &i.publisher)?;
        Ok(Some(Subject::Organisation(publisher)))
    }

    pub fn shared_service(
        conn: &mut DbConnection,
        i: &openapi::SharedServiceInput,
    ) -> Result<Option<Subject>> {
        let supplier = refs::organisations::resolve(conn, "supplier", &i.supplier)?;
        Ok(Some(Subject::Organisation(supplier)))
    }

    /// A connection or a report is recorded by the supplier of the service it names.
    fn supplier(conn: &mut DbConnection, service: &str) -> Result<Option<Subject>> {
        let service = refs::shared_services::resolve(conn, "service", service)?;
        super::stored::shared_service(conn, &Key::Id(service)).map(Some)
    }

    pub fn connection(
        conn: &mut DbConnection,
        i: &openapi::ConnectionInput,
    ) -> Result<Option<Subject>> {
        supplier(conn, &i.service)
    }

    pub fn service_report(
        conn: &mut DbConnection,
        i: &openapi::ServiceReportInput,
    ) -> Result<Option<Subject>> {
        supplier(conn, &i.service)
    }

    /// Inputs that do not name a subject: creating one is an act on the register.
    pub fn none<T>(_: &mut DbConnection, _: &T) -> Result<Option<Subject>> {
        Ok(None)
    }
}

/// A document's level and the organisation that decided it (its author until it is decided):
/// who may repeal it (001 §4.2.1: the one that decides a document may end it).
pub fn document_level_and_decider(conn: &mut DbConnection, key: &Key) -> Result<(i32, String)> {
    let columns = (
        documents::level,
        documents::author_organisation_id,
        documents::deciding_organisation_id,
    );
    let (level, author, decider): (i32, String, Option<String>) =
        lookup!(conn, documents, key, "document", columns);
    Ok((level, decider.unwrap_or(author)))
}

/// A document's level and author, which decide who may decide it.
pub fn document_level_and_author(conn: &mut DbConnection, key: &Key) -> Result<(i32, String)> {
    let level_and_author = (documents::level, documents::author_organisation_id);
    Ok(lookup!(conn, documents, key, "document", level_and_author))
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
