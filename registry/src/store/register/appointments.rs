//! Appointments kept in one record (`domain::appointments`): the role assignment is the record,
//! the entry's `responsible` (`homeOrganisation` for a competence area) its projection. A write
//! of either side brings the other into step in the same transaction, and each side's change
//! is in the change log, so a mirror follows both. Mirrored writes are stored as their origin
//! holds them: the origin did both and sends both.

use diesel::prelude::*;
use domain::appointments::{self, Appointed};
use openapi::{DecisionKind, Role, RoleAssignmentInput, ScopeKind};

use crate::error::{Error, Result};
use crate::store::crud::Crud;
use crate::store::entry::{Ctx, Key};
use crate::store::schema::role_assignments::dsl as ra;
use crate::store::{
    base_data_domains, building_blocks, competence_areas, decisions, refs, role_assignments,
    DbConnection,
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

/// Refuses a change of a phase subject's responsible organisation or analysis lead (`current`:
/// the stored pair, none for a new entry) unless the infrastructure owner makes it: both move
/// by appointment.
pub(in crate::store) fn check_appointees(
    conn: &mut DbConnection,
    ctx: &Ctx,
    kind: Appointed,
    current: &(Option<String>, Option<String>),
    responsible: &Option<String>,
    lead: &Option<String>,
) -> Result<()> {
    check_change(
        conn,
        ctx,
        kind,
        current.0.as_deref(),
        responsible.as_deref(),
    )?;
    check_lead_change(conn, ctx, current.1.as_deref(), lead.as_deref())
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
    use base_data_domains::Row as Domain;
    use building_blocks::Row as Block;
    use competence_areas::Row as Area;
    match kind {
        Appointed::BuildingBlock => {
            let responsible = holder.as_deref();
            crate::store::shared_services::follow_responsible(conn, ctx, subject, responsible)?;
            set_field(
                conn,
                ctx,
                subject,
                |r: &mut Block| &mut r.responsible_id,
                holder,
            )
        }
        Appointed::BaseDataDomain => set_field(
            conn,
            ctx,
            subject,
            |r: &mut Domain| &mut r.responsible_id,
            holder,
        ),
        Appointed::CompetenceArea => set_field(
            conn,
            ctx,
            subject,
            |r: &mut Area| &mut r.home_organisation_id,
            holder,
        ),
    }
}

/// Sets one entry's field that follows an appointment, as a recorded update of the entry. An
/// entry of another node is its origin's to change: an assignment here does not move it.
pub(in crate::store) fn set_field<R: Crud, T: PartialEq>(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: &str,
    field: impl Fn(&mut R) -> &mut T,
    value: T,
) -> Result<()> {
    let mut old = R::find(conn, &Key::Id(id.to_string()))?;
    if *field(&mut old) == value || old.origin() != ctx.origin() {
        return Ok(());
    }
    old.amend(conn, ctx, |_, r| {
        *field(r) = value;
        Ok(())
    })?;
    Ok(())
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

/// Enters an appointment in the decision register, in the name of the infrastructure owner
/// who made it, dated the day it is recorded: `org` was appointed `what` (in Swedish, as the
/// register reads) for the entry `subject` of `kind`. None is entered where no organisation
/// holds that role, nor by a process loading a register (the seed), which cannot know the day.
pub(in crate::store) fn enter(
    conn: &mut DbConnection,
    ctx: &Ctx,
    (kind, subject): (ScopeKind, &str),
    org: &str,
    what: &str,
    record: (&str, &str),
) -> Result<()> {
    if ctx.actor.is_process() {
        return Ok(());
    }
    let Some(owner) = decisions::owner(conn, ctx)? else {
        return Ok(());
    };
    let names = refs::organisations::refs(conn, &[org.to_string()])?;
    let name = refs::one(&names, org)?.name;
    decisions::record(
        conn,
        ctx,
        decisions::Recorded {
            kind: DecisionKind::Utnamning,
            date: crate::store::entry::now().date(),
            reference: None,
            decider: owner,
            scope: (kind, Some(subject.to_string())),
            text: format!("{name} utsågs {what}"),
            record,
            source: None,
        },
    )
}

/// The scope kind of the entry an appointment is to.
pub(in crate::store) fn scope_kind(kind: Appointed) -> ScopeKind {
    match kind {
        Appointed::BuildingBlock => ScopeKind::Byggblock,
        Appointed::BaseDataDomain => ScopeKind::Grunddatadoman,
        Appointed::CompetenceArea => ScopeKind::Kompetensomrade,
    }
}

/// Enters a newly appointed lead of the exploratory work (`old` → `new`) in the decision
/// register.
pub(in crate::store) fn enter_lead(
    conn: &mut DbConnection,
    ctx: &Ctx,
    (kind, subject, entity): (ScopeKind, &str, &str),
    old: Option<&str>,
    new: Option<&str>,
) -> Result<()> {
    match new {
        Some(org) if ctx.mirror.is_none() && old != new => enter(
            conn,
            ctx,
            (kind, subject),
            org,
            "att leda den utforskande utvecklingen (001 §4.1.5)",
            (entity, subject),
        ),
        _ => Ok(()),
    }
}

/// A block or base-data domain as written, for what its write brings into step.
pub(in crate::store) struct Written<'a> {
    pub kind: Appointed,
    pub entity: &'a str,
    pub id: &'a str,
    pub responsible: Option<&'a str>,
    pub lead: Option<&'a str>,
    /// The lead before a replace; `None` for a new entry, whose lead is part of the decision
    /// that creates it (an accepted idea candidate's, in the register as that).
    pub old_lead: Option<Option<&'a str>>,
    pub source: Option<&'a str>,
}

/// After a block or domain is written: a newly appointed lead enters the decision register,
/// and the responsible's record follows the field.
pub(in crate::store) fn written(conn: &mut DbConnection, ctx: &Ctx, w: Written) -> Result<()> {
    if let Some(old) = w.old_lead {
        let subject = (scope_kind(w.kind), w.id, w.entity);
        enter_lead(conn, ctx, subject, old, w.lead)?;
    }
    // The role assignment's write projects the appointment onward (`project`), so the block's
    // services follow from there too.
    record(conn, ctx, w.kind, w.id, w.responsible, w.source)
}
