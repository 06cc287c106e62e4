//! Knowing that the register changed without asking the database on every request
//! (issue 17): the read cache files answers under the number of committed write transactions
//! (`store::generation`), and this keeps that number in memory.
//!
//! - A write committed by this process advances it at once: `store::write` leaves the number
//!   it committed in a thread-local, which `Db::run` hands to the watch before it returns, so
//!   a client's next read sees its own write.
//! - Writes of other processes sharing the database are learnt of by a thread with a
//!   connection of its own: on PostgreSQL by `LISTEN` (each write sends `NOTIFY` with its
//!   number), on SQLite by `PRAGMA data_version`, which changes when another connection
//!   commits. Either is polled every `POLL`, so another process's write is seen within that
//!   time and the delivery of the notification.
//! - Until the thread has its connection, and whenever it loses it, the watch is not live and
//!   the number is read from the database as before.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::ManageConnection;

use super::{DbConnection, Manager};

/// How often the thread looks for other processes' writes.
pub const POLL: Duration = Duration::from_millis(2);
/// The PostgreSQL channel writes are announced on.
pub const CHANNEL: &str = "register_writes";

thread_local! {
    /// The number of the write transaction this thread committed last, not yet handed on.
    static COMMITTED: Cell<Option<i64>> = const { Cell::new(None) };
}

/// Called by `store::write` once its transaction has committed as number `n`.
pub(super) fn committed(n: i64) {
    COMMITTED.with(|c| c.set(Some(c.get().map_or(n, |m| m.max(n)))));
}

/// The number this thread committed since it was last asked, if any.
pub(super) fn take_committed() -> Option<i64> {
    COMMITTED.with(Cell::take)
}

/// The number of committed write transactions, as far as this process knows.
#[derive(Debug, Default)]
pub struct Watch {
    value: AtomicI64,
    live: AtomicBool,
}

impl Watch {
    /// The current number, when the watch follows the database (else ask the database).
    pub fn current(&self) -> Option<i64> {
        self.live
            .load(Ordering::Acquire)
            .then(|| self.value.load(Ordering::Acquire))
    }

    pub fn advance(&self, n: i64) {
        self.value.fetch_max(n, Ordering::AcqRel);
    }

    fn set_live(&self, live: bool) {
        self.live.store(live, Ordering::Release);
    }
}

/// Follows the database's writes on a thread of its own for as long as the watch is held.
pub fn follow(watch: &Arc<Watch>, manager: Manager) {
    let weak = Arc::downgrade(watch);
    std::thread::Builder::new()
        .name("write-watch".into())
        .spawn(move || run(weak, manager))
        .map(|_| ())
        .unwrap_or_else(|e| tracing::warn!(error = %e, "the write watch did not start; the read cache asks the database"));
}

fn run(weak: Weak<Watch>, manager: Manager) {
    let mut backoff = Duration::from_millis(100);
    while weak.strong_count() > 0 {
        match manager.connect() {
            Ok(conn) => {
                backoff = Duration::from_millis(100);
                if let Err(e) = watch(&weak, conn) {
                    tracing::warn!(error = %e, "the write watch lost its connection; the read cache asks the database meanwhile");
                }
            }
            Err(e) => tracing::debug!(error = %e, "the write watch cannot connect yet"),
        }
        if let Some(w) = weak.upgrade() {
            w.set_live(false);
        }
        std::thread::sleep(backoff);
        backoff = (backoff * 2).min(Duration::from_secs(10));
    }
}

fn generation(conn: &mut DbConnection) -> QueryResult<i64> {
    use super::schema::write_lock as w;
    w::table.select(w::n).filter(w::id.eq(1)).first(conn)
}

/// Follows the writes on this connection until it fails or the watch is dropped.
fn watch(weak: &Weak<Watch>, mut conn: DbConnection) -> QueryResult<()> {
    #[derive(QueryableByName)]
    struct Version {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        data_version: i64,
    }
    if let DbConnection::Postgresql(pg) = &mut conn {
        pg.batch_execute(&format!("LISTEN {CHANNEL}"))?;
    }
    // Listening first, then reading: no write falls between the two.
    let mut last_version = None;
    let Some(w) = weak.upgrade() else {
        return Ok(());
    };
    w.advance(generation(&mut conn)?);
    w.set_live(true);
    drop(w);
    loop {
        std::thread::sleep(POLL);
        let Some(w) = weak.upgrade() else {
            return Ok(());
        };
        let reread = match &mut conn {
            DbConnection::Postgresql(pg) => {
                let payloads = pg
                    .notifications_iter()
                    .map(|n| n.map(|n| n.payload))
                    .collect::<QueryResult<Vec<String>>>()?;
                let mut other = false;
                for p in payloads {
                    match p.parse::<i64>() {
                        Ok(g) => w.advance(g),
                        // Not one of ours: read the number itself.
                        Err(_) => other = true,
                    }
                }
                other
            }
            DbConnection::Sqlite(c) => {
                let v = diesel::sql_query("PRAGMA data_version")
                    .get_result::<Version>(c)?
                    .data_version;
                let changed = last_version != Some(v);
                last_version = Some(v);
                changed
            }
        };
        if reread {
            w.advance(generation(&mut conn)?);
        }
    }
}
