//! The decision register (001 §4.1.1, §5.2.7): the infrastructure owner's decisions,
//! append-only. Phase decisions, appointments, accepted idea candidates and decided level-1
//! documents enter it as they are recorded (`record`); what is recorded nowhere else (a
//! recommendation to the government) is entered through `create`. The yearly report to the
//! government is read from it (`report`).

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use openapi::{
    Decision, DecisionInput, DecisionKind, DecisionKindCount, DecisionRecord, DecisionReport,
    EntryRef, Role, ScopeKind,
};

use crate::error::{Error, Result};
use crate::store::changes;
use crate::store::crud::Stored;
use crate::store::entry::{self, Ctx, Key};
use crate::store::paging::{wire_all, wire_one, ToWire};
use crate::store::schema::decisions::{self, dsl as t};
use crate::store::scope::Subjects;
use crate::store::{refs, role_assignments, scope, DbConnection};

pub const ENTITY: &str = "decisions";

stored_row! {
    append Decision: decisions, "decision";
    pub struct Row {
        pub kind: String,
        pub decision_date: NaiveDate,
        pub reference: Option<String>,
        pub deciding_organisation_id: String,
        pub scope_kind: String,
        pub scope_subject_id: Option<String>,
        /// The subject's name when decided: a decision outlives its subject.
        pub scope_subject_name: Option<String>,
        pub text: String,
        pub record_entity: Option<String>,
        pub record_id: Option<String>,
        /// Where the entry's facts come from (a report and its section).
        pub source: Option<String>,
    }
}

pub struct Refs {
    subjects: Subjects,
    orgs: HashMap<String, EntryRef>,
}

impl ToWire for Row {
    type Wire = Decision;
    type Refs = Refs;

    fn load_refs(conn: &mut DbConnection, rows: &[Row]) -> Result<Refs> {
        let scopes = rows
            .iter()
            .map(|r| (r.scope_kind.as_str(), r.scope_subject_id.as_deref()));
        let orgs: Vec<String> = rows
            .iter()
            .map(|r| r.deciding_organisation_id.clone())
            .collect();
        Ok(Refs {
            subjects: Subjects::load(conn, scopes)?,
            orgs: refs::organisations::refs(conn, &orgs)?,
        })
    }

    fn to_wire(&self, refs: &Refs) -> Result<Decision> {
        let scope = refs.subjects.wire_as_decided(
            &self.scope_kind,
            self.scope_subject_id.as_deref(),
            self.scope_subject_name.as_deref(),
        )?;
        let record = match (&self.record_entity, &self.record_id) {
            (Some(entity), Some(id)) => Some(DecisionRecord {
                entity: entity.clone(),
                id: uuid::Uuid::parse_str(id).map_err(Error::internal)?,
            }),
            _ => None,
        };
        Ok(Decision {
            meta: self.meta()?,
            source: self.source.clone(),
            kind: entry::parse_enum(&self.kind)?,
            decision_date: self.decision_date,
            reference: self.reference.clone(),
            deciding_organisation: refs::one(&refs.orgs, &self.deciding_organisation_id)?,
            scope,
            text: self.text.clone(),
            record,
        })
    }
}

entry_list! {
    decisions => Decision;
    kind: DecisionKind = kind.as_str(),
    /// A building block, base-data domain or competence area, by id or slug.
    subject by subject_ids: String => |query, ids| {
        query.filter(t::scope_subject_id.eq_any(ids.clone()))
    },
    year: i32 => |query, year| in_year!(query, t::decision_date, *year),
}

/// The ids a subject filter names: the entry with that id, or the block, domain or area with
/// that slug (each kind asked; a slug names at most one entry of a kind).
fn subject_ids(conn: &mut DbConnection, key: &str) -> Result<Vec<String>> {
    let key = Key::parse(key);
    let mut ids = vec![];
    if let Key::Id(id) = &key {
        ids.push(id.clone());
    }
    ids.extend(refs::building_blocks::find_id(conn, &key)?);
    ids.extend(refs::base_data_domains::find_id(conn, &key)?);
    ids.extend(refs::competence_areas::find_id(conn, &key)?);
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// A decision as the register records it, from a write that carries one.
pub(in crate::store) struct Recorded<'a> {
    pub kind: DecisionKind,
    pub date: NaiveDate,
    pub reference: Option<String>,
    pub decider: String,
    pub scope: (ScopeKind, Option<String>),
    pub text: String,
    pub record: (&'a str, &'a str),
    pub source: Option<String>,
}

/// Enters a decision recorded by another write (a phase decision, an appointment, an accepted
/// idea, a decided document). A mirrored write brings none: the origin's register sends its own.
pub(in crate::store) fn record(conn: &mut DbConnection, ctx: &Ctx, r: Recorded) -> Result<()> {
    if ctx.mirror.is_some() {
        return Ok(());
    }
    let (kind, subject) = r.scope;
    let name = subject_name(conn, kind, subject.as_deref())?;
    let row = Row {
        kind: r.kind.as_str().into(),
        decision_date: r.date,
        reference: r.reference.filter(|s| !s.trim().is_empty()),
        deciding_organisation_id: r.decider,
        scope_kind: kind.as_str().into(),
        scope_subject_id: subject,
        scope_subject_name: name,
        text: r.text,
        record_entity: Some(r.record.0.into()),
        record_id: Some(r.record.1.into()),
        source: r.source,
        ..Row::default()
    };
    enter(conn, ctx, row).map(|_| ())
}

/// Stores a new decision of this node with its change.
fn enter(conn: &mut DbConnection, ctx: &Ctx, mut row: Row) -> Result<Decision> {
    row.stamp_new(ctx, ENTITY, ctx.new_id());
    row.insert(conn)?;
    let wire = wire_one(conn, &row)?;
    changes::created(conn, ctx, ENTITY, &wire)?;
    Ok(wire)
}

/// The infrastructure owner on this node, who takes the decisions the register holds.
pub(in crate::store) fn owner(conn: &mut DbConnection, ctx: &Ctx) -> Result<Option<String>> {
    role_assignments::holder(conn, ctx.origin(), Role::Infrastrukturansvarig, None)
}

fn subject_name(
    conn: &mut DbConnection,
    kind: ScopeKind,
    subject: Option<&str>,
) -> Result<Option<String>> {
    let Some(id) = subject else {
        return Ok(None);
    };
    let subjects = Subjects::load(conn, [(kind.as_str(), Some(id))])?;
    Ok(subjects
        .wire(kind.as_str(), Some(id))?
        .subject
        .map(|s| s.name))
}

/// Enters a decision of the infrastructure owner that no other record carries (a
/// recommendation to the government, …), in the owner's name only.
pub fn create(conn: &mut DbConnection, ctx: &Ctx, i: DecisionInput) -> Result<Decision> {
    domain::validate::decision(&i)?;
    crate::store::write(conn, |conn| {
        let decider =
            refs::organisations::resolve(conn, "decidingOrganisation", &i.deciding_organisation)?;
        if let Some(p) = domain::decisions::decider_problem(&decider, owner(conn, ctx)?.as_deref())
        {
            return Err(Error::conflict("decidingOrganisation", p));
        }
        let subject = scope::resolve(conn, &i.scope)?;
        let name = subject_name(conn, i.scope.kind, subject.as_deref())?;
        let row = Row {
            kind: i.kind.as_str().into(),
            decision_date: i.decision_date,
            reference: i.reference,
            deciding_organisation_id: decider,
            scope_kind: i.scope.kind.as_str().into(),
            scope_subject_id: subject,
            scope_subject_name: name,
            text: i.text,
            source: i.source,
            ..Row::default()
        };
        enter(conn, ctx, row)
    })
}

/// Stores a decision mirrored from its origin as the origin entered it.
pub fn mirror(conn: &mut DbConnection, ctx: &Ctx, wire: Decision) -> Result<()> {
    let m = ctx.mirrored()?;
    crate::store::write(conn, |conn| {
        let row = Row {
            kind: wire.kind.as_str().into(),
            decision_date: wire.decision_date,
            reference: wire.reference,
            deciding_organisation_id: wire.deciding_organisation.id.to_string(),
            scope_kind: wire.scope.kind.as_str().into(),
            scope_subject_id: wire.scope.subject.as_ref().map(|s| s.id.to_string()),
            scope_subject_name: wire.scope.subject.map(|s| s.name),
            text: wire.text,
            record_entity: wire.record.as_ref().map(|r| r.entity.clone()),
            record_id: wire.record.map(|r| r.id.to_string()),
            source: wire.source,
            ..Row::mirrored(m)
        };
        diesel::insert_into(t::decisions)
            .values(&row)
            .execute(conn)?;
        let wire = wire_one(conn, &row)?;
        changes::created(conn, ctx, ENTITY, &wire)
    })
}

/// The year's decisions for the report to the government (001 §5.2.7): counted per kind
/// and listed in date order.
pub fn report(conn: &mut DbConnection, year: i32) -> Result<DecisionReport> {
    let rows: Vec<Row> = in_year!(t::decisions.into_boxed(), t::decision_date, year)
        .order((t::decision_date, t::id))
        .select(Row::as_select())
        .load(conn)?;
    let decisions = wire_all(conn, &rows)?;
    let by_kind = DecisionKind::ALL
        .iter()
        .map(|k| DecisionKindCount {
            kind: *k,
            count: decisions.iter().filter(|d| d.kind == *k).count() as i64,
        })
        .collect();
    Ok(DecisionReport {
        year,
        total: decisions.len() as i64,
        by_kind,
        decisions,
    })
}
