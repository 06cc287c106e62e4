//! The append-only change log: every write appends one record in its own transaction.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use openapi::{Change, Entry, EntryMeta};
use serde::Serialize;

use super::entry::{from_json, to_json, Ctx, PageRequest};
use super::schema::changes;
use super::DbConnection;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Create,
    Update,
    Delete,
}

impl Operation {
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Create => "create",
            Operation::Update => "update",
            Operation::Delete => "delete",
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = changes)]
struct NewChange<'a> {
    entity: &'a str,
    entity_id: &'a str,
    origin: &'a str,
    version: i64,
    operation: &'a str,
    actor: &'a str,
    at: NaiveDateTime,
    before: Option<String>,
    after: Option<String>,
    actor_organisation: Option<&'a str>,
    actor_client: Option<&'a str>,
    actor_subject: Option<&'a str>,
    signature: Option<&'a str>,
    bypass: Option<&'a str>,
}

/// A change as stored; also the unit of backup and restore.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = changes)]
pub struct ChangeRow {
    pub seq: i64,
    pub entity: String,
    pub entity_id: String,
    pub origin: String,
    pub version: i64,
    pub operation: String,
    pub actor: String,
    pub at: NaiveDateTime,
    pub before: Option<String>,
    pub after: Option<String>,
    #[serde(default)]
    pub actor_organisation: Option<String>,
    #[serde(default)]
    pub actor_client: Option<String>,
    #[serde(default)]
    pub actor_subject: Option<String>,
    /// The origin's signature, for a change mirrored from another node.
    #[serde(default)]
    pub signature: Option<String>,
    /// What the acting party was not held to (an operator token and the permission table).
    #[serde(default)]
    pub bypass: Option<String>,
}

/// Inserts change records in batched statements (the bulk paths).
fn insert_all(conn: &mut DbConnection, rows: &[NewChange]) -> Result<()> {
    // 13 columns a row: within SQLite's 32 766 bound values a statement.
    for chunk in rows.chunks(2000) {
        match &mut *conn {
            DbConnection::Sqlite(c) => diesel::insert_into(changes::table)
                .values(chunk)
                .execute(c)?,
            DbConnection::Postgresql(c) => diesel::insert_into(changes::table)
                .values(chunk)
                .execute(c)?,
        };
    }
    Ok(())
}

/// Records the creation of many entries of one kind, in batched statements (the bulk path).
pub fn created_many<T: Entry + Serialize>(
    conn: &mut DbConnection,
    ctx: &Ctx,
    entity: &str,
    after: &[T],
) -> Result<()> {
    let at = super::entry::now();
    let ids: Vec<String> = after.iter().map(|a| a.meta().id.to_string()).collect();
    let rows = after
        .iter()
        .zip(&ids)
        .map(|(a, id)| {
            Ok(NewChange {
                entity,
                entity_id: id,
                origin: ctx.origin(),
                version: a.meta().version,
                operation: Operation::Create.as_str(),
                actor: &ctx.actor.label,
                at,
                before: None,
                after: Some(to_json(a)?),
                signature: None,
                actor_organisation: ctx.actor.organisation.as_deref(),
                actor_client: ctx.actor.client.as_deref(),
                actor_subject: ctx.actor.subject.as_deref(),
                bypass: ctx.actor.bypass.as_deref(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    insert_all(conn, &rows)
}

/// Records the creation of mirrored entries of one kind, each with its origin's statement and
/// signature (`ctx.mirror`, `ctx.signed`), in batched statements: the mirror's bulk path.
pub fn created_mirrored(conn: &mut DbConnection, entity: &str, ctxs: &[&Ctx]) -> Result<()> {
    let at = super::entry::now();
    let mut rows = Vec::with_capacity(ctxs.len());
    for ctx in ctxs {
        let (Some(m), Some(signed)) = (&ctx.mirror, &ctx.signed) else {
            return Err(Error::Internal(anyhow::anyhow!(
                "a mirrored creation without its origin's statement"
            )));
        };
        rows.push((m.id.to_string(), m.version, *ctx, signed));
    }
    let rows: Vec<NewChange> = rows
        .iter()
        .map(|(id, version, ctx, signed)| NewChange {
            entity,
            entity_id: id,
            origin: ctx.origin(),
            version: *version,
            operation: Operation::Create.as_str(),
            actor: &ctx.actor.label,
            at,
            before: None,
            after: signed.entry.clone(),
            signature: Some(signed.signature.as_str()),
            actor_organisation: ctx.actor.organisation.as_deref(),
            actor_client: ctx.actor.client.as_deref(),
            actor_subject: ctx.actor.subject.as_deref(),
            bypass: ctx.actor.bypass.as_deref(),
        })
        .collect();
    insert_all(conn, &rows)
}

/// Records the creation of an entry.
pub fn created<T: Entry + Serialize>(
    conn: &mut DbConnection,
    ctx: &Ctx,
    entity: &str,
    after: &T,
) -> Result<()> {
    record(
        conn,
        ctx,
        entity,
        after.meta(),
        Operation::Create,
        None,
        Some(after),
    )
}

/// Records a change of an entry, with its state before and after.
pub fn updated<T: Entry + Serialize>(
    conn: &mut DbConnection,
    ctx: &Ctx,
    entity: &str,
    before: &T,
    after: &T,
) -> Result<()> {
    record(
        conn,
        ctx,
        entity,
        after.meta(),
        Operation::Update,
        Some(before),
        Some(after),
    )
}

/// Records the deletion of an entry: a tombstone one version past its last state.
pub fn deleted<T: Entry + Serialize>(
    conn: &mut DbConnection,
    ctx: &Ctx,
    entity: &str,
    before: &T,
) -> Result<()> {
    record(
        conn,
        ctx,
        entity,
        before.meta(),
        Operation::Delete,
        Some(before),
        None,
    )
}

/// Appends one change of the entry `m`: its state before and after (None for creation /
/// deletion). Every write of every resource comes through here, in its own transaction.
fn record<T: Serialize>(
    conn: &mut DbConnection,
    ctx: &Ctx,
    entity: &str,
    m: &EntryMeta,
    op: Operation,
    before: Option<&T>,
    after: Option<&T>,
) -> Result<()> {
    let id = m.id.to_string();
    let version = match op {
        Operation::Delete => ctx.version(m.version + 1),
        Operation::Create | Operation::Update => m.version,
    };
    // A mirrored change keeps the origin's statement and signature, so that it is forwarded
    // exactly as the origin signed it.
    let signed = match (&ctx.mirror, &ctx.signed) {
        (Some(m), Some(s)) if m.id.to_string() == id => Some(s),
        _ => None,
    };
    let row = NewChange {
        entity,
        entity_id: &id,
        origin: ctx.origin(),
        version,
        operation: op.as_str(),
        actor: &ctx.actor.label,
        at: super::entry::now(),
        before: before.map(to_json).transpose()?,
        after: match signed {
            Some(s) => s.entry.clone(),
            None => after.map(to_json).transpose()?,
        },
        signature: signed.map(|s| s.signature.as_str()),
        actor_organisation: ctx.actor.organisation.as_deref(),
        actor_client: ctx.actor.client.as_deref(),
        actor_subject: ctx.actor.subject.as_deref(),
        bypass: ctx.actor.bypass.as_deref(),
    };
    diesel::insert_into(changes::table)
        .values(&row)
        .execute(conn)?;
    Ok(())
}

/// Filters of the audit trail.
#[derive(Debug, Default, Clone)]
pub struct ChangeFilter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub actor: Option<String>,
    pub actor_organisation: Option<String>,
}

fn filtered(f: &ChangeFilter) -> changes::BoxedQuery<'static, super::MultiBackend> {
    let mut q = changes::table.into_boxed();
    if let Some(e) = &f.entity {
        q = q.filter(changes::entity.eq(e.clone()));
    }
    if let Some(e) = &f.entity_id {
        q = q.filter(changes::entity_id.eq(e.clone()));
    }
    if let Some(a) = &f.actor {
        q = q.filter(changes::actor.eq(a.clone()));
    }
    if let Some(o) = &f.actor_organisation {
        q = q.filter(changes::actor_organisation.eq(o.clone()));
    }
    q
}

/// The newest `limit` changes of one entry, newest first, and how many it has.
pub fn of_entry(
    conn: &mut DbConnection,
    entity: &str,
    entity_id: &str,
    limit: i64,
) -> Result<(Vec<Change>, i64)> {
    let f = ChangeFilter {
        entity: Some(entity.into()),
        entity_id: Some(entity_id.into()),
        ..Default::default()
    };
    list(conn, &f, &PageRequest::first(limit))
}

/// Newest first: the audit trail reads backwards in time. The cursor is a sequence number.
pub fn list(
    conn: &mut DbConnection,
    f: &ChangeFilter,
    page: &PageRequest,
) -> Result<(Vec<Change>, i64)> {
    let total: i64 = filtered(f).count().get_result(conn)?;
    let mut q = filtered(f).order(changes::seq.desc()).limit(page.fetch());
    match &page.after {
        Some(after) => {
            // A cursor is a position, and the document lets any text of its pattern be one:
            // text that is no sequence number sorts before the digits (nothing older) or after
            // them (from the newest).
            let seq: i64 = after
                .parse()
                .unwrap_or(if after.as_str() < "0" { 0 } else { i64::MAX });
            q = q.filter(changes::seq.lt(seq));
        }
        None => q = q.offset(page.offset),
    }
    let rows: Vec<ChangeRow> = q.select(ChangeRow::as_select()).load(conn)?;
    let items = rows.into_iter().map(to_wire).collect::<Result<_>>()?;
    Ok((items, total))
}

fn to_wire(r: ChangeRow) -> Result<Change> {
    Ok(Change {
        seq: r.seq,
        entity: r.entity,
        entity_id: uuid::Uuid::parse_str(&r.entity_id).map_err(Error::internal)?,
        origin: r.origin,
        version: r.version,
        operation: r.operation,
        actor: r.actor,
        at: DateTime::from_naive_utc_and_offset(r.at, Utc),
        before: r.before.as_deref().map(from_json).transpose()?,
        after: r.after.as_deref().map(from_json).transpose()?,
        actor_organisation: r.actor_organisation,
        actor_client: r.actor_client,
        actor_subject: r.actor_subject,
        bypass: r.bypass,
    })
}

/// Oldest first from `after`: the change feed that peers pull. Up to `limit` changes.
pub fn feed(conn: &mut DbConnection, after: i64, limit: i64) -> Result<Vec<ChangeRow>> {
    Ok(changes::table
        .filter(changes::seq.gt(after))
        .order(changes::seq)
        .limit(limit)
        .select(ChangeRow::as_select())
        .load(conn)?)
}

/// The newest sequence number (0 for an empty log).
pub fn last_seq(conn: &mut DbConnection) -> Result<i64> {
    Ok(changes::table
        .select(diesel::dsl::max(changes::seq))
        .first::<Option<i64>>(conn)?
        .unwrap_or(0))
}
