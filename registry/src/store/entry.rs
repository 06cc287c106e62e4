//! What every entry shares: identity, origin, version, and the checks before a change.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use openapi::EntryMeta;

use super::MultiBackend;
use crate::error::{Error, Result};
use domain::origin::OriginMatch;

/// Who writes, and where: the node's identity and the acting party for the change log.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub node_id: String,
    pub public_url: String,
    pub actor: Actor,
    /// Set when the write applies a change of another node (federation): the entry keeps the
    /// origin's identity, version and times instead of taking this node's.
    pub mirror: Option<EntryMeta>,
    /// With `mirror`: the origin's signature and its entry exactly as signed, kept with the
    /// change so that it is forwarded as the origin signed it, never re-signed.
    pub signed: Option<Signed>,
}

#[derive(Debug, Clone)]
pub struct Signed {
    pub signature: String,
    /// The entry as JSON (none for a tombstone).
    pub entry: Option<String>,
}

/// The acting party of a write, as the change log records it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    /// Shown in the audit trail: an organisation's slug, `operator`, or a process name.
    pub label: String,
    pub organisation: Option<String>,
    pub client: Option<String>,
    pub subject: Option<String>,
    /// The rules the acting party was not held to, recorded with each of its changes: an
    /// operator token is not held to the permission table.
    pub bypass: Option<String>,
}

impl Actor {
    /// A process acting on its own (seeding, import), not a caller with a token.
    pub fn process(label: &str) -> Actor {
        Actor {
            label: label.into(),
            ..Actor::default()
        }
    }

    /// Whether no token stands behind the write: the node's own process.
    pub fn is_process(&self) -> bool {
        self.organisation.is_none() && self.client.is_none()
    }
}

impl Ctx {
    /// A write by this node's own caller.
    pub fn local(node_id: &str, public_url: &str, actor: Actor) -> Ctx {
        Ctx {
            node_id: node_id.into(),
            public_url: public_url.into(),
            actor,
            mirror: None,
            signed: None,
        }
    }

    /// The origin's identity of the entry a mirrored write stores, for the writes that exist
    /// only for mirroring.
    pub fn mirrored(&self) -> Result<&EntryMeta> {
        self.mirror
            .as_ref()
            .ok_or_else(|| Error::Internal(anyhow::anyhow!("a mirrored write without an origin")))
    }

    /// The absolute URI of a new entry: at this node, or where its origin put it.
    pub fn uri(&self, entity: &str, id: &str) -> String {
        match &self.mirror {
            Some(m) => m.uri.clone(),
            None => format!(
                "{}/api/v1/{}/{}",
                self.public_url.trim_end_matches('/'),
                entity,
                id
            ),
        }
    }

    /// The node the written entry belongs to.
    pub fn origin(&self) -> &str {
        match &self.mirror {
            Some(m) => &m.origin,
            None => &self.node_id,
        }
    }

    pub fn new_id(&self) -> String {
        match &self.mirror {
            Some(m) => m.id.to_string(),
            None => new_id(),
        }
    }

    /// The version after this write: the next one here, the origin's for a mirror.
    pub fn version(&self, next: i64) -> i64 {
        self.mirror.as_ref().map_or(next, |m| m.version)
    }

    pub fn created(&self, now: NaiveDateTime) -> NaiveDateTime {
        self.mirror
            .as_ref()
            .map_or(now, |m| m.created_at.naive_utc())
    }

    pub fn updated(&self, now: NaiveDateTime) -> NaiveDateTime {
        self.mirror
            .as_ref()
            .map_or(now, |m| m.updated_at.naive_utc())
    }
}

/// A path parameter: the entry's id, or its slug where the resource has one.
#[derive(Debug, Clone)]
pub enum Key {
    Id(String),
    Slug(String),
}

impl Key {
    pub fn parse(s: &str) -> Key {
        match uuid::Uuid::parse_str(s) {
            Ok(u) => Key::Id(u.to_string()),
            Err(_) => Key::Slug(s.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Key::Id(s) | Key::Slug(s) => s,
        }
    }
}

/// Which page of a list: offset paging, or keyset paging after a given id.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub limit: i64,
    pub offset: i64,
    pub after: Option<String>,
}

impl PageRequest {
    /// The first `limit` entries.
    pub fn first(limit: i64) -> PageRequest {
        PageRequest {
            limit,
            offset: 0,
            after: None,
        }
    }

    /// Rows to fetch: one more than the page, to tell whether another page follows.
    pub fn fetch(&self) -> i64 {
        self.limit + 1
    }
}

/// Current time in UTC, truncated to microseconds so that both backends store it exactly.
pub fn now() -> NaiveDateTime {
    let t = Utc::now().naive_utc();
    chrono::DurationRound::duration_trunc(t, chrono::TimeDelta::microseconds(1)).unwrap_or(t)
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

pub fn meta(
    id: &str,
    origin: &str,
    uri: &str,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
) -> Result<EntryMeta> {
    Ok(EntryMeta {
        id: uuid::Uuid::parse_str(id).map_err(Error::internal)?,
        origin: origin.to_string(),
        uri: uri.to_string(),
        version,
        created_at: DateTime::from_naive_utc_and_offset(created_at, Utc),
        updated_at: DateTime::from_naive_utc_and_offset(updated_at, Utc),
    })
}

/// The checks before any change of a stored entry: it is ours to change, and the client saw
/// the current version (optimistic concurrency, so that no update is silently lost).
/// `if_match` None is `If-Match: *`: any current version.
pub fn check_writable(ctx: &Ctx, origin: &str, version: i64, if_match: Option<i64>) -> Result<()> {
    if let Some(m) = &ctx.mirror {
        // A mirrored change is the origin's own, and ordering is checked by the mirror.
        return if m.origin == origin {
            Ok(())
        } else {
            Err(Error::conflict(
                "origin",
                format!("the entry belongs to node '{origin}', not '{}'", m.origin),
            ))
        };
    }
    if origin != ctx.node_id {
        return Err(Error::conflict(
            "origin",
            format!("the entry is mirrored from node '{origin}'; only its origin may change it"),
        ));
    }
    if let Some(expected) = if_match.filter(|v| *v != version) {
        return Err(Error::PreconditionFailed {
            given: format!("\"{expected}\""),
            current: format!("\"{version}\""),
        });
    }
    Ok(())
}

/// The `origin` filter of a list as a condition on a table's `origin` column, boxed so that
/// it joins both the boxed list queries and the predicates shared with facet counts.
pub fn origin_is<C>(
    column: C,
    m: &OriginMatch,
) -> Box<dyn BoxableExpression<C::Table, MultiBackend, SqlType = Bool>>
where
    C: Column + Expression<SqlType = Text> + 'static,
    diesel::dsl::Eq<C, String>: BoxableExpression<C::Table, MultiBackend, SqlType = Bool>,
    diesel::dsl::NotEq<C, String>: BoxableExpression<C::Table, MultiBackend, SqlType = Bool>,
{
    match m {
        OriginMatch::Is(id) => Box::new(column.eq(id.clone())),
        OriginMatch::IsNot(id) => Box::new(column.ne(id.clone())),
    }
}

/// The first and last day of a year, if the calendar has it: what a filter by year spans.
pub fn year_span(year: i32) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    Some((
        chrono::NaiveDate::from_ymd_opt(year, 1, 1)?,
        chrono::NaiveDate::from_ymd_opt(year, 12, 31)?,
    ))
}

/// Parses a JSON column written by this service.
pub fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(Error::internal)
}

pub fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(Error::internal)
}

/// Parses an enum slug stored by this service.
pub fn parse_enum<T: std::str::FromStr<Err = String>>(s: &str) -> Result<T> {
    s.parse()
        .map_err(|e: String| Error::Internal(anyhow::anyhow!(e)))
}
