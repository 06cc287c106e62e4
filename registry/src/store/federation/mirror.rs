//! Applying another node's change here (federation): the entry is written through the same
//! store functions as a local write, with a `Ctx` that carries the origin's identity, version
//! and times, so a mirrored entry is exactly the origin's and its change is in the log.
//!
//! Ordering: a change is applied only when it is newer than what is held (by the origin's
//! version), so repeated, reordered or stale changes are no-ops, and an older state never
//! overwrites a newer one.

use std::collections::HashSet;

use chrono::Utc;
use openapi::{EntryMeta, FeedItem};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::store::crud::Crud;
use crate::store::entry::{Actor, Ctx, Key, Signed};
// The collections' modules are named by `openapi::collections!` where they are used.
use crate::store::{apis, milestones, DbConnection};
use diesel::prelude::*;

/// What applying one change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Applied,
    /// The same or a newer version is held already: nothing to do.
    Stale,
}

fn refuse(message: impl Into<String>) -> Error {
    Error::conflict("entry", message)
}

/// The entry's identity as the origin gave it.
fn meta_of(item: &FeedItem) -> Result<EntryMeta> {
    match &item.entry {
        Some(e) => {
            let m: EntryMeta = serde_json::from_value(e.clone())
                .map_err(|e| refuse(format!("the entry has no valid identity: {e}")))?;
            if m.id != item.id || m.origin != item.origin || m.version != item.version {
                return Err(refuse(
                    "the entry's id, origin or version differ from the change's",
                ));
            }
            Ok(m)
        }
        None => Ok(EntryMeta {
            id: item.id,
            origin: item.origin.clone(),
            uri: String::new(),
            version: item.version,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }),
    }
}

const META_FIELDS: [&str; 6] = ["id", "origin", "uri", "version", "createdAt", "updatedAt"];

/// Fields an entry shows that are derived by the node serving it, not sent by clients.
const DERIVED_FIELDS: [&str; 5] = ["late", "moves", "supersededBy", "document", "step"];

/// The input a client would send for this entry: the entry without its identity, with each
/// reference (`{id, slug, name}`) given by its id.
fn to_input(entry: &Value) -> Value {
    fn refs_to_ids(v: &Value) -> Value {
        match v {
            Value::Object(m) if m.contains_key("id") && !m.contains_key("origin") => {
                m["id"].clone()
            }
            Value::Object(m) => Value::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), refs_to_ids(v)))
                    .collect::<Map<_, _>>(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(refs_to_ids).collect()),
            other => other.clone(),
        }
    }
    match entry {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| {
                    !META_FIELDS.contains(&k.as_str()) && !DERIVED_FIELDS.contains(&k.as_str())
                })
                .map(|(k, v)| (k.clone(), refs_to_ids(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Whether the entry is held, from its held origin and version: refused when it belongs to
/// another origin, and `None` when the change is not newer than it (nothing to do).
fn held(got: Option<(String, i64)>, item: &FeedItem) -> Result<Option<bool>> {
    let Some((origin, version)) = got else {
        return Ok(Some(false));
    };
    if origin != item.origin {
        return Err(refuse(format!(
            "the entry belongs to node '{origin}', not '{}'",
            item.origin
        )));
    }
    Ok((version < item.version).then_some(true))
}

/// What applying a page of a peer's feed did.
#[derive(Debug, Default)]
pub struct PageApplied {
    pub applied: i64,
    pub unchanged: i64,
    /// Items of this peer that wait for an entry that has not arrived, with the reason.
    pub waiting: Vec<(FeedItem, String)>,
}

/// Applies a page of verified changes from the peer `peer_id` (whose node is `peer_node`),
/// in the caller's transaction. Each item in a savepoint: one that cannot be applied yet
/// (it refers to an entry that has not arrived) is parked to wait, and the rest goes on.
/// Then what waits is tried again, oldest first, until a pass applies nothing: what waited
/// for this page, and what another peer's changes waited for (an API of one node in a
/// building block of another).
pub fn apply_page(
    conn: &mut DbConnection,
    ctx: &Ctx,
    peer_id: &str,
    peer_node: &str,
    items: &[FeedItem],
) -> Result<PageApplied> {
    let mut done = PageApplied::default();
    // Runs of new APIs (nearly all of a fresh mirror's feed) go in batches; anything else
    // first ends the run, so the page is applied in its order.
    let mut run: Vec<&FeedItem> = vec![];
    for item in items {
        let batchable = item.entity == apis::ENTITY
            && item.entry.is_some()
            && item.origin != ctx.node_id
            && !run.iter().any(|r| r.id == item.id);
        if batchable {
            run.push(item);
            continue;
        }
        apply_run(
            conn,
            ctx,
            peer_id,
            peer_node,
            std::mem::take(&mut run),
            &mut done,
        )?;
        apply_one(conn, ctx, peer_id, peer_node, item, &mut done)?;
    }
    apply_run(conn, ctx, peer_id, peer_node, run, &mut done)?;
    loop {
        let mut progress = false;
        done.waiting.clear();
        for (from, seq, json) in crate::store::peers::pending_all(conn)? {
            let item: FeedItem = crate::store::entry::from_json(&json)?;
            match conn.transaction(|c| apply(c, ctx, peer_node, &item)) {
                Ok(outcome) => {
                    if outcome == Outcome::Applied {
                        done.applied += 1;
                    }
                    crate::store::peers::unpark(conn, &from, seq)?;
                    progress = true;
                }
                Err(e @ (Error::Internal(_) | Error::Unavailable(_))) => return Err(e),
                Err(_) if from != peer_id => {}
                Err(e) => done.waiting.push((item, e.to_string())),
            }
        }
        if !progress {
            return Ok(done);
        }
    }
}

/// Applies one change in a savepoint of its own; one that cannot be applied yet is parked.
fn apply_one(
    conn: &mut DbConnection,
    ctx: &Ctx,
    peer_id: &str,
    peer_node: &str,
    item: &FeedItem,
    done: &mut PageApplied,
) -> Result<()> {
    match conn.transaction(|c| apply(c, ctx, peer_node, item)) {
        Ok(Outcome::Applied) => done.applied += 1,
        Ok(Outcome::Stale) => done.unchanged += 1,
        Err(e @ (Error::Internal(_) | Error::Unavailable(_))) => return Err(e),
        Err(e) => {
            let json = crate::store::entry::to_json(item)?;
            crate::store::peers::park(conn, peer_id, item.seq, &json, &e.to_string())?;
        }
    }
    Ok(())
}

/// Applies a run of changes that carry APIs, with distinct ids: those not held yet are created
/// together (`apis::mirror_many`), in a savepoint; the rest, and all of them should the batch
/// fail, go one at a time, in their order.
fn apply_run(
    conn: &mut DbConnection,
    local: &Ctx,
    peer_id: &str,
    peer_node: &str,
    run: Vec<&FeedItem>,
    done: &mut PageApplied,
) -> Result<()> {
    if run.is_empty() {
        return Ok(());
    }
    use crate::store::schema::apis::dsl as t;
    let ids: Vec<String> = run.iter().map(|i| i.id.to_string()).collect();
    let held: HashSet<String> = t::apis
        .filter(t::id.eq_any(&ids))
        .select(t::id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let mut single: Vec<&FeedItem> = vec![];
    let mut batch = vec![];
    for &item in &run {
        if held.contains(&item.id.to_string()) {
            single.push(item);
            continue;
        }
        match new_api(local, peer_node, item) {
            Ok(m) => batch.push(m),
            Err(_) => single.push(item),
        }
    }
    let batched: HashSet<String> = batch.iter().map(|m| m.ctx.new_id()).collect();
    match conn.transaction(|c| apis::mirror_many(c, batch)) {
        Ok(rest) => {
            let rest: HashSet<String> = rest.iter().map(|m| m.ctx.new_id()).collect();
            done.applied += (batched.len() - rest.len()) as i64;
            single.extend(run.iter().filter(|i| rest.contains(&i.id.to_string())));
        }
        Err(e @ (Error::Internal(_) | Error::Unavailable(_))) => return Err(e),
        Err(_) => single.extend(run.iter().filter(|i| batched.contains(&i.id.to_string()))),
    }
    single.sort_by_key(|i| i.seq);
    for item in single {
        apply_one(conn, local, peer_id, peer_node, item, done)?;
    }
    Ok(())
}

/// The write context of a change of another node: its identity, statement and signature.
fn mirror_ctx(local: &Ctx, peer: &str, item: &FeedItem) -> Result<Ctx> {
    Ok(Ctx {
        mirror: Some(meta_of(item)?),
        actor: Actor::process(&format!("peer:{peer}")),
        signed: Some(Signed {
            signature: item.signature.clone(),
            entry: item
                .entry
                .as_ref()
                .map(serde_json::to_string)
                .transpose()
                .map_err(Error::internal)?,
        }),
        ..local.clone()
    })
}

/// A change carrying an API, as the API to create.
fn new_api(local: &Ctx, peer: &str, item: &FeedItem) -> Result<apis::Mirrored> {
    let entry = item
        .entry
        .as_ref()
        .ok_or_else(|| refuse("a tombstone creates nothing"))?;
    let input = serde_json::from_value(to_input(entry))
        .map_err(|e| refuse(format!("the entry does not read as apis: {e}")))?;
    Ok(apis::Mirrored {
        ctx: mirror_ctx(local, peer, item)?,
        input,
        document: api_document(entry)?,
    })
}

/// The latest document of a mirrored API, as its origin describes it.
fn api_document(entry: &Value) -> Result<Option<openapi::ApiDocumentRef>> {
    serde_json::from_value(entry.get("document").cloned().unwrap_or(Value::Null))
        .map_err(|e| refuse(format!("the API's document does not read: {e}")))
}

/// Applies one verified change of another node, in the caller's transaction.
pub fn apply(conn: &mut DbConnection, local: &Ctx, peer: &str, item: &FeedItem) -> Result<Outcome> {
    if item.origin == local.node_id {
        return Err(refuse("the change claims to be this node's own"));
    }
    let ctx = mirror_ctx(local, peer, item)?;
    let key = Key::Id(item.id.to_string());
    // Only the origin and version of what is held, in one small query: the whole entry is
    // not needed to tell whether the change is newer.
    macro_rules! held {
        ($table:ident) => {{
            use crate::store::schema::$table::dsl as t;
            let got: Option<(String, i64)> = t::$table
                .filter(t::id.eq(item.id.to_string()))
                .select((t::origin, t::version))
                .first(conn)
                .optional()?;
            held(got, item)?
        }};
    }
    // Entries with a life cycle of steps: the steps were checked at the origin, and the state
    // is taken as it is there.
    macro_rules! as_is {
        ($module:ident) => {{
            let Some(held) = held!($module) else {
                return Ok(Outcome::Stale);
            };
            if item.entry.is_none() && !held {
                return Ok(Outcome::Stale);
            }
            let wire = item
                .entry
                .clone()
                .map(serde_json::from_value)
                .transpose()
                .map_err(|e| refuse(format!("the entry does not read as {}: {e}", item.entity)))?;
            crate::store::$module::mirror(conn, &ctx, wire)?;
        }};
    }
    // How each kind of collection takes a peer's change (`openapi::collections!` says which).
    macro_rules! crud {
        ($module:ident) => {{
            let Some(held) = held!($module) else {
                return Ok(Outcome::Stale);
            };
            match (&item.entry, held) {
                (None, false) => return Ok(Outcome::Stale),
                (None, true) => crate::store::$module::Row::delete(conn, &ctx, &key, None)?,
                (Some(e), held) => {
                    let input = serde_json::from_value(to_input(e)).map_err(|e| {
                        refuse(format!("the entry does not read as {}: {e}", item.entity))
                    })?;
                    if held {
                        crate::store::$module::Row::replace(conn, &ctx, &key, None, input)?;
                    } else {
                        crate::store::$module::Row::create(conn, &ctx, input)?;
                    }
                }
            }
        }};
    }
    // Append-only: an entry held already (of this origin) is the same entry.
    macro_rules! append {
        ($module:ident) => {{
            if held!($module) != Some(false) {
                return Ok(Outcome::Stale);
            }
            let Some(e) = &item.entry else {
                return Ok(Outcome::Stale);
            };
            let wire = serde_json::from_value(e.clone())
                .map_err(|e| refuse(format!("the entry does not read as a phase decision: {e}")))?;
            crate::store::$module::mirror(conn, &ctx, wire)?;
        }};
    }
    macro_rules! dispatch {
        ($($module:ident: $segment:literal, $wire:ident, $input:ident, $mirroring:ident, ($sv:literal, $en:literal);)*) => {
            match item.entity.as_str() {
                $($segment => $mirroring!($module),)*
                other => return Err(refuse(format!("unknown kind of entry '{other}'"))),
            }
        };
    }
    openapi::collections!(dispatch);
    if let (apis::ENTITY, Some(e)) = (item.entity.as_str(), &item.entry) {
        apis::mirror_document(conn, &item.id.to_string(), api_document(e)?.as_ref())?;
    }
    if let (milestones::ENTITY, Some(e)) = (item.entity.as_str(), &item.entry) {
        let moves: Vec<openapi::MilestoneMove> =
            serde_json::from_value(e.get("moves").cloned().unwrap_or(Value::Array(vec![])))
                .map_err(|e| refuse(format!("the milestone's moves do not read: {e}")))?;
        milestones::mirror_moves(conn, &item.id.to_string(), &moves)?;
    }
    Ok(Outcome::Applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_entry_becomes_the_input_a_client_would_send() {
        let entry = json!({"id": "b", "origin": "a", "uri": "u", "version": 3,
            "createdAt": "t", "updatedAt": "t", "slug": "x",
            "responsible": {"id": "o1", "slug": "digg", "name": "DIGG"},
            "dependsOn": [{"id": "b2", "slug": "y", "name": "Y"}],
            "scope": {"kind": "byggblock", "subject": {"id": "b3", "slug": "z", "name": "Z"}},
            "analyses": {"funding": "klar"}});
        assert_eq!(
            to_input(&entry),
            json!({"slug": "x", "responsible": "o1", "dependsOn": ["b2"],
                "scope": {"kind": "byggblock", "subject": "b3"}, "analyses": {"funding": "klar"}})
        );
    }
}
