//! The search index (issue 17): the building blocks and APIs held in memory, so that their
//! searches, counts and facets are answered without scanning tables. Single entries and
//! writes stay on the database; the lists ask the index for the ids of a page and read those
//! entries from the database.
//!
//! The index is a projection of the change log. It records the last change it applied; before
//! answering it compares the register's write number (`store::watch`, from memory) with the
//! one it caught up to, and when they differ it reads the changes since, and reloads the
//! entries they name from their tables (a deleted entry is no longer found, so it leaves the
//! index). Every process keeps its own, so processes sharing a database answer alike once
//! their watches have seen a write (within `watch::POLL` and the delivery of a notification).
//! It is built from the tables when first asked, again whenever the change log runs behind
//! what it applied (a restore), and when `registry reindex` asks every process to.
//!
//! Why bitmaps in memory rather than tantivy: see BENCHMARKS.md ("The search index").

use std::collections::HashSet;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};
use std::time::Instant;

use diesel::connection::{Connection, TransactionManager};
use diesel::dsl::max;
use diesel::prelude::*;

use super::schema::{changes, write_lock};
use super::watch::Watch;
use super::{apis, building_blocks, DbConnection, PageRequest};
use crate::error::{Error, Result};

pub use crate::search::{Counts, Doc, Field, Select, Table};

/// The kinds of entries the index holds.
#[derive(Debug, Default)]
pub struct Tables {
    pub apis: Table,
    pub blocks: Table,
}

#[derive(Debug, Default)]
struct Progress {
    built: bool,
    /// The last change applied.
    seq: i64,
    /// The `reindex` number built under.
    epoch: i64,
}

/// What the index holds, for `registry reindex` and the metrics.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub apis: u64,
    pub building_blocks: u64,
    pub seq: i64,
    pub bytes: usize,
}

#[derive(Debug)]
pub struct Index {
    watch: Arc<Watch>,
    tables: RwLock<Tables>,
    progress: Mutex<Progress>,
    /// The write number the index has caught up to (-1: never).
    caught_up: AtomicI64,
}

const APIS: &str = apis::ENTITY;
const BLOCKS: &str = building_blocks::ENTITY;

impl Index {
    pub fn new(watch: Arc<Watch>) -> Index {
        Index {
            watch,
            tables: Default::default(),
            progress: Default::default(),
            caught_up: AtomicI64::new(-1),
        }
    }

    /// The index, caught up with every write committed before the call.
    pub fn read(&self, conn: &mut DbConnection) -> Result<RwLockReadGuard<'_, Tables>> {
        // Inside a transaction its own uncommitted changes would be read as if committed.
        let in_transaction =
            <DbConnection as Connection>::TransactionManager::transaction_manager_status_mut(conn)
                .transaction_depth()
                .map_err(Error::internal)?
                .is_some();
        let generation = match self.watch.current() {
            Some(n) => n,
            None => super::generation(conn)?,
        };
        let behind = self.caught_up.load(Ordering::Acquire) != generation;
        if behind && (!in_transaction || self.caught_up.load(Ordering::Acquire) < 0) {
            self.catch_up(conn, generation)?;
        }
        self.tables.read().map_err(|_| poisoned())
    }

    fn catch_up(&self, conn: &mut DbConnection, generation: i64) -> Result<()> {
        let mut p = self.progress.lock().map_err(|_| poisoned())?;
        if self.caught_up.load(Ordering::Acquire) == generation {
            return Ok(());
        }
        let last: Option<i64> = changes::table.select(max(changes::seq)).first(conn)?;
        let last = last.unwrap_or(0);
        let epoch: i64 = write_lock::table
            .select(write_lock::reindex)
            .filter(write_lock::id.eq(1))
            .first(conn)?;
        if !p.built || epoch != p.epoch || last < p.seq {
            let started = Instant::now();
            let tables = build(conn)?;
            let (apis, blocks) = (tables.apis.len(), tables.blocks.len());
            *self.tables.write().map_err(|_| poisoned())? = tables;
            *p = Progress {
                built: true,
                seq: last,
                epoch,
            };
            tracing::info!(
                apis,
                building_blocks = blocks,
                seq = last,
                ms = started.elapsed().as_millis() as u64,
                "search index built"
            );
        } else {
            let logged: Vec<(i64, String, String)> = changes::table
                .filter(changes::seq.gt(p.seq))
                .filter(changes::entity.eq_any([APIS, BLOCKS]))
                .select((changes::seq, changes::entity, changes::entity_id))
                .order(changes::seq)
                .load(conn)?;
            let seq = logged.last().map_or(last, |(s, _, _)| last.max(*s));
            self.apply(conn, &logged)?;
            p.seq = seq;
        }
        self.caught_up.store(generation, Ordering::Release);
        Ok(())
    }

    /// Reloads the entries the changes name. A block that is gone takes with it what the
    /// index held of the APIs linked to it and the blocks depending on it, which are
    /// reloaded too (the rules refuse such deletes, but the index need not rely on that).
    fn apply(&self, conn: &mut DbConnection, logged: &[(i64, String, String)]) -> Result<()> {
        let mut apis: HashSet<String> = HashSet::new();
        let mut blocks: HashSet<String> = HashSet::new();
        for (_, entity, id) in logged {
            if entity == APIS {
                apis.insert(id.clone());
            } else {
                blocks.insert(id.clone());
            }
        }
        if apis.is_empty() && blocks.is_empty() {
            return Ok(());
        }
        let mut block_ids: Vec<String> = blocks.iter().cloned().collect();
        let mut block_docs = building_blocks::index_docs(conn, Some(&block_ids))?;
        let mut dependents: HashSet<String> = HashSet::new();
        {
            let t = self.tables.read().map_err(|_| poisoned())?;
            let found: HashSet<&str> = block_docs.iter().map(|d| d.id.as_str()).collect();
            for gone in block_ids.iter().filter(|id| !found.contains(id.as_str())) {
                apis.extend(t.apis.having("block", gone));
                dependents.extend(t.blocks.having("depends", gone));
            }
        }
        let dependents: Vec<String> = dependents.difference(&blocks).cloned().collect();
        block_docs.extend(building_blocks::index_docs(conn, Some(&dependents))?);
        block_ids.extend(dependents);
        let api_ids: Vec<String> = apis.into_iter().collect();
        let api_docs = apis::index_docs(conn, Some(&api_ids))?;
        let mut t = self.tables.write().map_err(|_| poisoned())?;
        replace(&mut t.blocks, &block_ids, block_docs);
        replace(&mut t.apis, &api_ids, api_docs);
        Ok(())
    }

    /// Builds the index anew from the tables, now (`registry reindex`, and `serve` at start).
    pub fn rebuild(&self, conn: &mut DbConnection) -> Result<Stats> {
        {
            let mut p = self.progress.lock().map_err(|_| poisoned())?;
            p.built = false;
        }
        self.caught_up.store(-1, Ordering::Release);
        let generation = super::generation(conn)?;
        self.catch_up(conn, generation)?;
        self.stats()
    }

    /// The ids of one page of what `s` selects among one kind of entries, in id order, and
    /// how many it selects.
    pub fn page(
        &self,
        conn: &mut DbConnection,
        kind: fn(&Tables) -> &Table,
        s: &Select,
        page: &PageRequest,
    ) -> Result<(Vec<String>, i64)> {
        let tables = self.read(conn)?;
        let t = kind(&tables);
        let hits = t.select(s);
        let ids = t.page(
            &hits,
            page.after.as_deref(),
            page.offset.max(0) as u64,
            page.fetch().max(0) as usize,
        );
        Ok((ids, hits.len() as i64))
    }

    /// How many entries of one kind `s` selects, and how many of them have each value.
    pub fn counts(
        &self,
        conn: &mut DbConnection,
        kind: fn(&Tables) -> &Table,
        s: &Select,
    ) -> Result<(i64, Counts)> {
        let tables = self.read(conn)?;
        let t = kind(&tables);
        let hits = t.select(s);
        Ok((hits.len() as i64, t.counts(&hits)))
    }

    pub fn stats(&self) -> Result<Stats> {
        let seq = self.progress.lock().map_err(|_| poisoned())?.seq;
        let t = self.tables.read().map_err(|_| poisoned())?;
        Ok(Stats {
            apis: t.apis.len(),
            building_blocks: t.blocks.len(),
            seq,
            bytes: t.apis.bytes() + t.blocks.bytes(),
        })
    }
}

/// The ids of a reload in pieces small enough to bind (`None`: one piece, everything), for the
/// kinds' `index_docs`.
pub fn chunks(ids: Option<&[String]>) -> Vec<Option<&[String]>> {
    match ids {
        None => vec![None],
        Some(ids) => ids.chunks(500).map(Some).collect(),
    }
}

/// Adds to `s` a filter by organisation on `org.0` (the organisation as every node records it:
/// the same organisation number) and one by building block on `block.0`, each given by id or
/// slug; `None` when either names nothing, so that nothing matches.
pub fn with_refs(
    conn: &mut DbConnection,
    mut s: Select,
    org: (Field, &Option<String>),
    block: (Field, &Option<String>),
) -> Result<Option<Select>> {
    let resolved = (|| -> Result<Option<(Option<String>, Option<String>)>> {
        let o = filter_id!(conn, super::refs::organisations, org.1);
        let b = filter_id!(conn, super::refs::building_blocks, block.1);
        Ok(Some((o, b)))
    })()?;
    let Some((o, b)) = resolved else {
        return Ok(None);
    };
    if let Some(o) = o {
        s = s.one_of(org.0, super::organisations::same_agency(conn, &o)?);
    }
    if let Some(b) = b {
        s = s.is(block.0, b);
    }
    Ok(Some(s))
}

/// Asks every process on the database to rebuild its index before its next answer.
pub fn request_rebuild(conn: &mut DbConnection) -> Result<()> {
    super::write(conn, |c| {
        diesel::update(write_lock::table.filter(write_lock::id.eq(1)))
            .set(write_lock::reindex.eq(write_lock::reindex + 1))
            .execute(c)?;
        Ok(())
    })
}

fn build(conn: &mut DbConnection) -> Result<Tables> {
    let mut t = Tables::default();
    for d in apis::index_docs(conn, None)? {
        t.apis.put(d);
    }
    for d in building_blocks::index_docs(conn, None)? {
        t.blocks.put(d);
    }
    Ok(t)
}

/// Puts the reloaded documents in, and takes out those of `ids` that were not found.
fn replace(table: &mut Table, ids: &[String], docs: Vec<Doc>) {
    let found: HashSet<String> = docs.iter().map(|d| d.id.clone()).collect();
    for id in ids.iter().filter(|id| !found.contains(*id)) {
        table.remove(id);
    }
    for d in docs {
        table.put(d);
    }
}

fn poisoned() -> Error {
    Error::Internal(anyhow::anyhow!("the search index lock is poisoned"))
}
