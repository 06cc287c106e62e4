//! Peers this node pulls from: local configuration with the state of the pulling.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use openapi::{Peer, PeerInput};

use crate::error::{Error, Result};
use crate::store::schema::{origin_keys, peers, pending_changes};
use crate::store::DbConnection;
use domain::federation;
use domain::Errors;
use std::collections::HashMap;

pub const DEFAULT_INTERVAL: i64 = 60;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = peers)]
pub struct Row {
    pub id: String,
    pub url: String,
    pub node_id: Option<String>,
    pub origins: String,
    pub interval_seconds: i64,
    pub cursor: i64,
    pub peer_last_seq: Option<i64>,
    pub last_attempt_at: Option<NaiveDateTime>,
    pub last_success_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub applied: i64,
    pub rejected: i64,
    pub created_at: NaiveDateTime,
    // Backups made before these columns existed restore as a healthy peer never caught up.
    #[serde(default)]
    pub failures: i64,
    #[serde(default)]
    pub caught_up_at: Option<NaiveDateTime>,
    /// OAuth2 client credentials for a peer whose feed asks for a token.
    #[serde(default)]
    pub client_id: Option<String>,
    /// The client's secret, sealed (`keys::sealed`). Never written to a backup: a restored
    /// peer is pulled without credentials until it is added again with them.
    #[serde(default, skip_serializing)]
    pub client_secret: Option<String>,
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

impl Row {
    pub fn origins(&self) -> Vec<String> {
        serde_json::from_str(&self.origins).unwrap_or_default()
    }

    pub fn next_attempt(&self) -> DateTime<Utc> {
        federation::next_attempt(
            self.interval_seconds,
            self.failures,
            self.last_attempt_at.map(utc),
            utc(self.created_at),
        )
    }

    pub fn lag_entries(&self) -> Option<i64> {
        self.peer_last_seq.map(|s| (s - self.cursor).max(0))
    }

    pub fn lag_seconds(&self) -> Option<i64> {
        federation::lag_seconds(
            self.lag_entries(),
            self.caught_up_at.map(utc),
            utc(self.created_at),
            Utc::now(),
        )
    }

    /// The peer as shown, with the number of its changes that wait to be applied.
    pub fn to_wire(&self, waiting: i64) -> Result<Peer> {
        Ok(Peer {
            id: uuid::Uuid::parse_str(&self.id).map_err(Error::internal)?,
            url: self.url.clone(),
            node_id: self.node_id.clone(),
            origins: self.origins(),
            interval_seconds: self.interval_seconds,
            cursor: self.cursor,
            lag_entries: self.lag_entries(),
            lag_seconds: self.lag_seconds(),
            waiting: Some(waiting),
            failures: Some(self.failures),
            next_attempt_at: Some(self.next_attempt()),
            client_id: self.client_id.clone(),
            last_attempt_at: self.last_attempt_at.map(utc),
            last_success_at: self.last_success_at.map(utc),
            last_error: self.last_error.clone(),
            applied: self.applied,
            rejected: self.rejected,
            created_at: utc(self.created_at),
        })
    }
}

fn validate(i: &PeerInput, allow_private: bool) -> Result<i64> {
    let mut e = Errors::default();
    let url = i.url.trim_end_matches('/');
    // The same URL rule as every other URL field (the document's HttpUrl).
    if let Some(p) = domain::identifiers::url_problem(&i.url) {
        e.add("url", p);
    } else {
        // A peer's base URL has no query or fragment and passes the outbound guard: rules of
        // this node beyond the document's URL pattern.
        if let Some(p) = peer_url_problem(url, allow_private) {
            e.rule("url", p);
        }
    }
    let interval = i.interval_seconds.unwrap_or(DEFAULT_INTERVAL);
    e.check(
        (1..=86_400).contains(&interval),
        "intervalSeconds",
        "must be between 1 and 86400",
    );
    if i.client_id.is_some() != i.client_secret.is_some() {
        let missing = if i.client_id.is_none() {
            "clientId"
        } else {
            "clientSecret"
        };
        e.rule(
            missing,
            "is needed too: a client id and its secret go together",
        );
    }
    for (f, v) in [
        ("clientId", &i.client_id),
        ("clientSecret", &i.client_secret),
    ] {
        if v.as_ref().is_some_and(|v| v.is_empty() || v.len() > 500) {
            e.add(f, "must be 1–500 characters");
        }
    }
    for (n, o) in i.origins.iter().enumerate() {
        if let Some(p) = domain::identifiers::slug_problem(o) {
            e.add(format!("origins[{n}]"), format!("'{o}' {p}"));
        }
    }
    e.into_result()?;
    Ok(interval)
}

/// What is wrong with a peer's base URL: not a URL, a fragment, a query, user info, or an
/// address literal the outbound guard refuses (unless private addresses are allowed). Host
/// names are checked when they are resolved, at each pull.
fn peer_url_problem(url: &str, allow_private: bool) -> Option<String> {
    let parsed = match url::Url::parse(url) {
        Ok(u) => u,
        Err(e) => return Some(format!("is not a URL: {e}")),
    };
    if url.contains('#') {
        return Some("must not have a fragment (#…)".into());
    }
    if parsed.query().is_some() {
        return Some("must not have a query (?…): it is the peer's base URL".into());
    }
    domain::netguard::check_url(&parsed, allow_private)
        .err()
        .map(|why| format!("is refused: {why}"))
}

/// Seals a client secret for the row with this id (see `keys::sealed`).
pub type Seal<'a> = &'a dyn Fn(&mut DbConnection, &str, &str) -> Result<String>;

/// Adds a peer; `allow_private`: its URL may name a private or loopback address. The client
/// secret is stored as `seal` makes it.
pub fn create(
    conn: &mut DbConnection,
    i: PeerInput,
    allow_private: bool,
    seal: Seal,
) -> Result<Peer> {
    let interval = validate(&i, allow_private)?;
    crate::store::write(conn, |c| {
        let url = i.url.trim_end_matches('/').to_string();
        let taken: i64 = peers::table
            .filter(peers::url.eq(&url))
            .count()
            .get_result(c)?;
        if taken > 0 {
            return Err(Error::conflict("url", format!("{url} is a peer already")));
        }
        let id = crate::store::entry::new_id();
        let client_secret = match &i.client_secret {
            Some(secret) => Some(seal(c, &id, secret)?),
            None => None,
        };
        let row = Row {
            id,
            url,
            node_id: None,
            origins: crate::store::entry::to_json(&i.origins)?,
            interval_seconds: interval,
            cursor: 0,
            peer_last_seq: None,
            last_attempt_at: None,
            last_success_at: None,
            last_error: None,
            applied: 0,
            rejected: 0,
            created_at: crate::store::entry::now(),
            failures: 0,
            caught_up_at: None,
            client_id: i.client_id.clone(),
            client_secret,
        };
        diesel::insert_into(peers::table).values(&row).execute(c)?;
        row.to_wire(0)
    })
}

/// Replaces a peer's stored (sealed) client secret.
pub fn set_secret(conn: &mut DbConnection, id: &str, sealed: Option<&str>) -> Result<()> {
    diesel::update(peers::table.find(id))
        .set(peers::client_secret.eq(sealed))
        .execute(conn)?;
    Ok(())
}

/// Changes waiting to be applied, by peer.
pub fn waiting(conn: &mut DbConnection) -> Result<HashMap<String, i64>> {
    let counts: Vec<(String, i64)> = pending_changes::table
        .group_by(pending_changes::peer_id)
        .select((pending_changes::peer_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(counts.into_iter().collect())
}

pub fn list(conn: &mut DbConnection) -> Result<Vec<Peer>> {
    let waiting = waiting(conn)?;
    rows(conn)?
        .iter()
        .map(|r| r.to_wire(waiting.get(&r.id).copied().unwrap_or(0)))
        .collect()
}

pub fn rows(conn: &mut DbConnection) -> Result<Vec<Row>> {
    Ok(peers::table
        .select(Row::as_select())
        .order(peers::created_at)
        .load(conn)?)
}

pub fn row(conn: &mut DbConnection, id: &str) -> Result<Row> {
    peers::table
        .find(id)
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::not_found("peer", id))
}

pub fn get(conn: &mut DbConnection, id: &str) -> Result<Peer> {
    let row = row(conn, id)?;
    let waiting: i64 = pending_changes::table
        .filter(pending_changes::peer_id.eq(id))
        .count()
        .get_result(conn)?;
    row.to_wire(waiting)
}

/// Removes a peer. What was mirrored from it stays, read-only, until its origin is heard
/// from again through another peer.
pub fn delete(conn: &mut DbConnection, id: &str) -> Result<()> {
    crate::store::write(conn, |c| {
        let n = diesel::delete(peers::table.find(id)).execute(c)?;
        if n == 0 {
            return Err(Error::not_found("peer", id));
        }
        Ok(())
    })
}

/// What one pull did, written with the page it applied (same transaction).
#[derive(Debug, Clone, Default)]
pub struct Progress {
    pub node_id: Option<String>,
    pub cursor: i64,
    pub peer_last_seq: Option<i64>,
    pub applied: i64,
    pub rejected: i64,
    pub error: Option<String>,
    pub success: bool,
}

/// Records a pull's progress: the cursor moves only with the page it belongs to.
pub fn record(conn: &mut DbConnection, id: &str, p: &Progress) -> Result<()> {
    let now = crate::store::entry::now();
    let row = row(conn, id)?;
    let cursor = p.cursor.max(row.cursor);
    let peer_last_seq = p.peer_last_seq.or(row.peer_last_seq);
    let caught_up = p.success && peer_last_seq.is_some_and(|last| cursor >= last);
    diesel::update(peers::table.find(id))
        .set((
            peers::node_id.eq(p.node_id.clone().or(row.node_id)),
            peers::cursor.eq(cursor),
            peers::peer_last_seq.eq(peer_last_seq),
            peers::failures.eq(if p.success { 0 } else { row.failures + 1 }),
            peers::caught_up_at.eq(if caught_up {
                Some(now)
            } else {
                row.caught_up_at
            }),
            peers::applied.eq(row.applied + p.applied),
            peers::rejected.eq(row.rejected + p.rejected),
            peers::last_attempt_at.eq(Some(now)),
            peers::last_success_at.eq(if p.success {
                Some(now)
            } else {
                row.last_success_at
            }),
            peers::last_error.eq(p
                .error
                .clone()
                .or(if p.success { None } else { row.last_error })),
        ))
        .execute(conn)?;
    Ok(())
}

/// Keeps the keys of an origin as a peer allowed to speak for it published them.
pub fn learn_keys(
    conn: &mut DbConnection,
    origin: &str,
    jwks: &serde_json::Value,
    via: &str,
) -> Result<()> {
    let text = serde_json::to_string(jwks).map_err(Error::internal)?;
    let now = crate::store::entry::now();
    let n = diesel::update(origin_keys::table.find(origin))
        .set((
            origin_keys::jwks.eq(&text),
            origin_keys::via_peer.eq(via),
            origin_keys::updated_at.eq(now),
        ))
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(origin_keys::table)
            .values((
                origin_keys::origin.eq(origin),
                origin_keys::jwks.eq(&text),
                origin_keys::via_peer.eq(via),
                origin_keys::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Every origin's keys this node knows, besides its own.
pub fn known_keys(conn: &mut DbConnection) -> Result<Vec<(String, serde_json::Value)>> {
    let rows: Vec<(String, String)> = origin_keys::table
        .select((origin_keys::origin, origin_keys::jwks))
        .order(origin_keys::origin)
        .load(conn)?;
    rows.into_iter()
        .map(|(o, j)| Ok((o, serde_json::from_str(&j).map_err(Error::internal)?)))
        .collect()
}

/// Keeps a verified change that cannot be applied yet, to try again later.
pub fn park(conn: &mut DbConnection, peer: &str, seq: i64, item: &str, reason: &str) -> Result<()> {
    diesel::delete(
        pending_changes::table
            .filter(pending_changes::peer_id.eq(peer))
            .filter(pending_changes::seq.eq(seq)),
    )
    .execute(conn)?;
    diesel::insert_into(pending_changes::table)
        .values((
            pending_changes::peer_id.eq(peer),
            pending_changes::seq.eq(seq),
            pending_changes::item.eq(item),
            pending_changes::reason.eq(reason),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn unpark(conn: &mut DbConnection, peer: &str, seq: i64) -> Result<()> {
    diesel::delete(
        pending_changes::table
            .filter(pending_changes::peer_id.eq(peer))
            .filter(pending_changes::seq.eq(seq)),
    )
    .execute(conn)?;
    Ok(())
}

/// The changes of every peer waiting to be applied, each peer's oldest first:
/// `(peer, seq, item JSON)`.
pub fn pending_all(conn: &mut DbConnection) -> Result<Vec<(String, i64, String)>> {
    Ok(pending_changes::table
        .order((pending_changes::peer_id, pending_changes::seq))
        .select((
            pending_changes::peer_id,
            pending_changes::seq,
            pending_changes::item,
        ))
        .load(conn)?)
}
