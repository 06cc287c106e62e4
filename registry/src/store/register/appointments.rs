//! Appointments kept in one record (`domain::appointments`): the role assignment is the record,
//! the entry's `responsible` (`homeOrganisation` for a competence area) its projection. A write
//! of either side brings the other into step in the same transaction, and each side's change
//! is in the change log, so a mirror follows both. Mirrored writes are stored as their origin
//! holds them: the origin did both and sends both.

use diesel::prelude::*;
use domain::appointments::{self, Appointed};
use openapi::{Role, RoleAssignmentInput};

use crate::error::{Error, Result};
use crate::store::changes;
use crate::store::crud::Crud;
use crate::store::entry::{Ctx, Key};
use crate::store::schema::role_assignments::dsl as ra;
use crate::store::{
    base_data_domains, building_blocks, competence_areas, role_assignments, DbConnection,
};

/// Refuses a write that would change the appointment to a `kind` entry (`current` →
/// `proposed`) when the acting party is not the infrastructure owner.
pub(in crate::store) fn check_change(
    conn: &mut DbConnection,
    ctx: &Ctx,
    kind: Appointed,
    current: Option<&str>,
    proposed: Option<&str>,
) -> Result<()> {
    owners_only(
        conn,
        ctx,
        current,
        proposed,
        kind.field(),
        |actor, owner| appointments::change_problem(kind, actor, owner),
    )
}

/// Refuses a write that would change who leads the exploratory work on an entry
/// (`domain::appointments::lead_change_problem`) when the acting party is not the owner.
pub(in crate::store) fn check_lead_change(
    conn: &mut DbConnection,
    ctx: &Ctx,
    current: Option<&str>,
    proposed: Option<&str>,
) -> Result<()> {
    owners_only(
        conn,
        ctx,
        current,
        proposed,
        "analysisLead",
        appointments::lead_change_problem,
    )
}

/// A change of `field` (`current` → `proposed`) by the acting party, refused with 403 when
/// `problem` (given the actor and the infrastructure owner) says why.
fn owners_only(
    conn: &mut DbConnection,
    ctx: &Ctx,
    current: Option<&str>,
    proposed: Option<&str>,
    field: &str,
    problem: impl FnOnce(Option<&str>, Option<&str>) -> Option<String>,
) -> Result<()> {
    if ctx.mirror.is_some() || current == proposed {
        return Ok(());
    }
    let owner = role_assignments::holder(conn, ctx.origin(), Role::Infrastrukturansvarig, None)?;
    match problem(ctx.actor.organisation.as_deref(), owner.as_deref()) {
        None => Ok(()),
        Some(p) => Err(Error::Forbidden {
            detail: format!("{field}: {p}"),
            roles: vec![Role::Infrastrukturansvarig.as_str().into()],
        }),
    }
}

/// This node's assignments of the appointment to `subject`, oldest first.
fn assignments(
    conn: &mut DbConnection,
    ctx: &Ctx,
    kind: Appointed,
    subject: &str,
) -> Result<Vec<role_assignments::Row>> {
    Ok(ra::role_assignments
        .filter(ra::origin.eq(ctx.origin()))
        .filter(ra::role.eq(kind.role().as_str()))
        .filter(ra::subject_key.eq(subject))
        .order(ra::id)
        .select(role_assignments::Row::as_select())
        .load(conn)?)
}

/// Brings the role assignments in step with the entry's field: `org` now holds the
/// appointment to `subject` (or nobody does), citing the entry's `source`. From a write of the
/// entry.
pub(in crate::store) fn record(
    conn: &mut DbConnection,
    ctx: &Ctx,
    kind: Appointed,
    subject: &str,
    org: Option<&str>,
    source: Option<&str>,
) -> Result<()> {
    if ctx.mirror.is_some() {
        return Ok(());
    }
    let current = assignments(conn, ctx, kind, subject)?;
    let input = |organisation: &str| RoleAssignmentInput {
        organisation: organisation.to_string(),
        role: kind.role(),
        building_block: (kind == Appointed::BuildingBlock).then(|| subject.to_string()),
        base_data_domain: (kind == Appointed::BaseDataDomain).then(|| subject.to_string()),
        competence_area: (kind == Appointed::CompetenceArea).then(|| subject.to_string()),
        source: source.map(str::to_string),
    };
    match (current.first(), org) {
        (Some(a), Some(o)) if a.organisation_id == o => {}
        (Some(a), Some(o)) => {
            let key = Key::Id(a.id.clone());
            role_assignments::Row::replace(conn, ctx, &key, None, input(o))?;
        }
        (None, Some(o)) => {
            role_assignments::Row::create(conn, ctx, input(o))?;
        }
        (_, None) => {
            for a in &current {
                role_assignments::Row::delete(conn, ctx, &Key::Id(a.id.clone()), None)?;
            }
        }
    }
    Ok(())
}

/// Sets the entry's field to what the role assignments say, leaving out the assignment
/// `leaving` (one being removed). From a write of a role assignment.
pub(in crate::store) fn project(
    conn: &mut DbConnection,
    ctx: &Ctx,
    kind: Appointed,
    subject: &str,
    leaving: Option<&str>,
) -> Result<()> {
    if ctx.mirror.is_some() {
        return Ok(());
    }
    let holder = assignments(conn, ctx, kind, subject)?
        .into_iter()
        .find(|a| Some(a.id.as_str()) != leaving)
        .map(|a| a.organisation_id);
    match kind {
        Appointed::BuildingBlock => set_field(
            conn,
            ctx,
            subject,
            |r: &building_blocks::Row| r.responsible_id.clone(),
            |r, o| r.responsible_id = o,
            holder,
        ),
        Appointed::BaseDataDomain => set_field(
            conn,
            ctx,
            subject,
            |r: &base_data_domains::Row| r.responsible_id.clone(),
            |r, o| r.responsible_id = o,
            holder,
        ),
        Appointed::CompetenceArea => set_field(
            conn,
            ctx,
            subject,
            |r: &competence_areas::Row| r.home_organisation_id.clone(),
            |r, o| r.home_organisation_id = o,
            holder,
        ),
    }
}

/// Sets one entry's appointment field, as a recorded update of the entry. An entry of another
/// node is its origin's to change: an assignment here does not move it.
fn set_field<R: Crud>(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: &str,
    get: impl Fn(&R) -> Option<String>,
    set: impl Fn(&mut R, Option<String>),
    org: Option<String>,
) -> Result<()> {
    let old = R::find(conn, &Key::Id(id.to_string()))?;
    if get(&old) == org || old.origin() != ctx.origin() {
        return Ok(());
    }
    let before = old.wire(conn)?;
    let mut row = old;
    set(&mut row, org);
    row.stamp_update(ctx);
    row.update(conn)?;
    let wire = row.wire(conn)?;
    changes::updated(conn, ctx, R::ENTITY, &before, &wire)
}

/// Ends the appointments to an entry that is being removed, each with its change in the log:
/// the appointment has no subject after it. The entry's own removal is recorded by its delete,
/// so its field is cleared without a change of its own.
pub(in crate::store) fn end(
    conn: &mut DbConnection,
    ctx: &Ctx,
    kind: Appointed,
    subject: &str,
) -> Result<()> {
    if ctx.mirror.is_some() {
        return Ok(());
    }
    use crate::store::schema::{
        base_data_domains as d, building_blocks as b, competence_areas as c,
    };
    let none: Option<String> = None;
    match kind {
        Appointed::BuildingBlock => diesel::update(b::table.filter(b::id.eq(subject)))
            .set(b::responsible_id.eq(none))
            .execute(conn)?,
        Appointed::BaseDataDomain => diesel::update(d::table.filter(d::id.eq(subject)))
            .set(d::responsible_id.eq(none))
            .execute(conn)?,
        Appointed::CompetenceArea => diesel::update(c::table.filter(c::id.eq(subject)))
            .set(c::home_organisation_id.eq(none))
            .execute(conn)?,
    };
    for a in assignments(conn, ctx, kind, subject)? {
        role_assignments::Row::delete(conn, ctx, &Key::Id(a.id), None)?;
    }
    Ok(())
}
