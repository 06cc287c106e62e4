//! Phase decisions: append-only records; recording one moves its building block or base-data
//! domain to the decided phase in the same transaction. The rules are `domain::phases`.

use chrono::NaiveDate;
use diesel::prelude::*;
use openapi::{Phase, PhaseDecision, PhaseDecisionInput, Role, ScopeKind};

use crate::error::{Error, Result};
use crate::store::changes;
use crate::store::crud::Stored;
use crate::store::entry::{self, check_writable, Ctx, Key, PageRequest};
use crate::store::paging::{wire_all, wire_one};
use crate::store::schema::phase_decisions::{self, dsl as t};
use crate::store::{base_data_domains, building_blocks, refs, role_assignments, DbConnection};
use domain::phases;
use domain::Errors;

pub const ENTITY: &str = "phase-decisions";

stored_row! {
    append PhaseDecision: phase_decisions, "phase decision";
    pub struct Row {
        pub subject_kind: String,
        pub building_block_id: Option<String>,
        pub base_data_domain_id: Option<String>,
        pub from_phase: String,
        pub phase: String,
        pub decision_date: NaiveDate,
        pub deciding_organisation_id: String,
        pub reference: String,
        pub justification: String,
        /// Where the entry's facts come from (a report and its section).
        pub source: Option<String>,
    }
}

row_wire! {
    PhaseDecision;
    pub struct Refs {
        blocks: building_blocks[building_block_id],
        domains: base_data_domains[base_data_domain_id],
        orgs: organisations[deciding_organisation_id],
    }

    fn to_wire(&self, refs: &Refs) -> Result<PhaseDecision> {
        let subject = match (&self.building_block_id, &self.base_data_domain_id) {
            (Some(b), _) => refs::one(&refs.blocks, b)?,
            (None, Some(d)) => refs::one(&refs.domains, d)?,
            (None, None) => {
                return Err(Error::Internal(anyhow::anyhow!(
                    "phase decision {} has no subject",
                    self.id
                )))
            }
        };
        Ok(PhaseDecision {
            meta: self.meta()?,
            source: self.source.clone(),
            subject_kind: entry::parse_enum(&self.subject_kind)?,
            subject,
            from_phase: entry::parse_enum(&self.from_phase)?,
            phase: entry::parse_enum(&self.phase)?,
            decision_date: self.decision_date,
            deciding_organisation: refs::one(&refs.orgs, &self.deciding_organisation_id)?,
            reference: self.reference.clone(),
            justification: self.justification.clone(),
        })
    }
}

entry_list! {
    phase_decisions => PhaseDecision;
    /// Id or slug of the building block.
    building_block in building_blocks: String = building_block_id,
    /// Id or slug of the base-data domain.
    base_data_domain in base_data_domains: String = base_data_domain_id,
    /// Only decisions to this phase.
    phase: Phase = phase.as_str(),
    /// Id or slug of the deciding organisation.
    deciding_organisation in organisations: String = deciding_organisation_id,
}

/// The decisions on one building block or base-data domain, oldest first; 404 when the
/// subject does not exist.
pub fn list_for(
    conn: &mut DbConnection,
    kind: ScopeKind,
    key: &Key,
    page: &PageRequest,
) -> Result<(Vec<PhaseDecision>, i64)> {
    let (id, ..) = subject(conn, kind, key)?;
    let f = match kind {
        ScopeKind::Grunddatadoman => Filter {
            base_data_domain: Some(id),
            ..Filter::default()
        },
        _ => Filter {
            building_block: Some(id),
            ..Filter::default()
        },
    };
    list(conn, &f, page)
}

/// The `n` newest decisions, newest first: ids are time-ordered (UUIDv7), so the primary key
/// read backwards.
pub fn newest(conn: &mut DbConnection, n: i64) -> Result<Vec<PhaseDecision>> {
    let rows: Vec<Row> = t::phase_decisions
        .order(t::id.desc())
        .limit(n)
        .select(Row::as_select())
        .load(conn)?;
    wire_all(conn, &rows)
}

/// Every decision on a building block, oldest first (for its roadmap).
pub fn all_for_block(conn: &mut DbConnection, block_id: &str) -> Result<Vec<PhaseDecision>> {
    let rows: Vec<Row> = t::phase_decisions
        .filter(t::building_block_id.eq(block_id))
        .order(t::id)
        .select(Row::as_select())
        .load(conn)?;
    wire_all(conn, &rows)
}

fn subject(
    conn: &mut DbConnection,
    kind: ScopeKind,
    key: &Key,
) -> Result<(String, String, i64, phases::Subject)> {
    match kind {
        ScopeKind::Grunddatadoman => base_data_domains::phase_subject(conn, key),
        _ => building_blocks::phase_subject(conn, key),
    }
}

/// Records a decision on the building block (`kind` byggblock) or base-data domain
/// (`grunddatadoman`) `key` and moves it to the decided phase, in one transaction.
pub fn decide(
    conn: &mut DbConnection,
    ctx: &Ctx,
    kind: ScopeKind,
    key: &Key,
    i: PhaseDecisionInput,
) -> Result<PhaseDecision> {
    domain::validate::phase_decision(&i)?;
    crate::store::write(conn, |conn| {
        let (subject_id, origin, version, subject) = subject(conn, kind, key)?;
        // A decision changes the subject: only its origin may take it.
        check_writable(ctx, &origin, version, None)?;
        let org =
            refs::organisations::resolve(conn, "decidingOrganisation", &i.deciding_organisation)?;
        let decided = t::phase_decisions.into_boxed();
        let decided = match kind {
            ScopeKind::Grunddatadoman => decided.filter(t::base_data_domain_id.eq(&subject_id)),
            _ => decided.filter(t::building_block_id.eq(&subject_id)),
        };
        let last: Option<NaiveDate> = decided
            .select(diesel::dsl::max(t::decision_date))
            .first(conn)?;
        let mut e = Errors::default();
        for (field, message) in phases::transition_problems(&subject, i.phase, &i.justification) {
            e.add(field, message);
        }
        if let Some(p) = phases::date_problem(last, i.decision_date) {
            e.add("decisionDate", p);
        }
        let owner =
            role_assignments::holder(conn, ctx.origin(), Role::Infrastrukturansvarig, None)?;
        if let Some(p) = phases::decider_problem(&org, owner.as_deref()) {
            e.add("decidingOrganisation", p);
        }
        if !e.0.is_empty() {
            return Err(Error::conflicts(e.0));
        }
        let mut row = Row {
            subject_kind: kind.as_str().into(),
            building_block_id: (kind != ScopeKind::Grunddatadoman).then(|| subject_id.clone()),
            base_data_domain_id: (kind == ScopeKind::Grunddatadoman).then(|| subject_id.clone()),
            from_phase: subject.phase.as_str().into(),
            phase: i.phase.as_str().into(),
            decision_date: i.decision_date,
            deciding_organisation_id: org,
            reference: i.reference,
            justification: i.justification,
            source: i.source,
            ..Row::default()
        };
        row.stamp_new(ctx, ENTITY, ctx.new_id());
        row.insert(conn)?;
        crate::store::decisions::record(
            conn,
            ctx,
            crate::store::decisions::Recorded {
                kind: domain::decisions::phase_kind(i.phase),
                date: i.decision_date,
                reference: Some(row.reference.clone()),
                decider: row.deciding_organisation_id.clone(),
                scope: (kind, Some(subject_id.clone())),
                text: if row.justification.trim().is_empty() {
                    format!(
                        "Fasbeslut: från {} till {}",
                        subject.phase.label_sv(),
                        i.phase.label_sv()
                    )
                } else {
                    row.justification.clone()
                },
                record: (ENTITY, &row.id),
                source: row.source.clone(),
            },
        )?;
        // The subject moves with the decision.
        let subject = Key::Id(subject_id.clone());
        let to = i.phase.as_str();
        match kind {
            ScopeKind::Grunddatadoman => {
                let domain = base_data_domains::Row::find(conn, &subject)?;
                domain.amend(conn, ctx, |_, r| {
                    r.phase = to.to_string();
                    Ok(())
                })?;
            }
            _ => {
                let block = building_blocks::Row::find(conn, &subject)?;
                block.amend(conn, ctx, |_, r| {
                    r.phase = to.to_string();
                    Ok(())
                })?;
            }
        }
        let wire = wire_one(conn, &row)?;
        changes::created(conn, ctx, ENTITY, &wire)?;
        Ok(wire)
    })
}

/// Stores a decision mirrored from its origin as the origin recorded it. The rules were
/// applied where it was taken, and the subject's new phase arrives as the subject's own change.
pub fn mirror(conn: &mut DbConnection, ctx: &Ctx, wire: PhaseDecision) -> Result<()> {
    let m = ctx.mirrored()?;
    crate::store::write(conn, |conn| {
        let subject = wire.subject.id.to_string();
        let row = Row {
            subject_kind: wire.subject_kind.as_str().into(),
            building_block_id: (wire.subject_kind != ScopeKind::Grunddatadoman)
                .then(|| subject.clone()),
            base_data_domain_id: (wire.subject_kind == ScopeKind::Grunddatadoman)
                .then_some(subject),
            from_phase: wire.from_phase.as_str().into(),
            phase: wire.phase.as_str().into(),
            decision_date: wire.decision_date,
            deciding_organisation_id: wire.deciding_organisation.id.to_string(),
            reference: wire.reference,
            justification: wire.justification,
            source: wire.source,
            ..Row::mirrored(m)
        };
        diesel::insert_into(t::phase_decisions)
            .values(&row)
            .execute(conn)?;
        let wire = wire_one(conn, &row)?;
        changes::created(conn, ctx, ENTITY, &wire)
    })
}
