//! The only place that speaks diesel: connections, migrations, the change log, and the
//! modules of each concern (the register, the catalogue, federation, identity). Both backends run the same queries through one `DbConnection`.

#[macro_use]
mod paging;
#[macro_use]
pub mod crud;

pub mod backup;
pub mod catalogue;
pub mod changes;
pub mod entry;
pub(crate) mod errors;
pub mod federation;
pub mod identity;
pub mod index;
pub mod register;
pub mod schema;
pub mod text;
pub mod watch;

// The modules by their own names as well, so that a caller names what it uses
// (`store::building_blocks`), not where it is filed.
pub use catalogue::{api_documents, apis, catalog, datasets, sources, terms};
pub use federation::{mirror, peers};
pub use identity::{accounts, authz, clients, keys};
pub use register::adoption::{
    connections, indicator_years, indicators, service_reports, shared_services,
};
pub use register::{
    appointments, base_data_domains, benefits, building_blocks, competence_areas, decisions,
    documents, forum_meetings, forums, funding_needs, idea_candidates, milestones, organisations,
    phase_decisions, phase_subject, plans, refs, role_assignments, scope, views,
};

use std::time::Duration;

use anyhow::Context;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, R2D2Connection};
use diesel::{PgConnection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub use entry::{Actor, Ctx, Key, PageRequest};

use crate::error::{Error, Result};

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database URL as the settings give it: `sqlite://path`, `sqlite::memory:` or `postgres://…`.
#[derive(Debug, Clone)]
pub struct DatabaseUrl {
    pub backend: Backend,
    /// What the backend's driver takes: a file path for SQLite, the URL for PostgreSQL.
    pub target: String,
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, String> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseUrl {
                backend: Backend::Postgres,
                target: url.to_string(),
            })
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            Ok(DatabaseUrl {
                backend: Backend::Sqlite,
                target: path.to_string(),
            })
        } else if let Some(path) = url.strip_prefix("sqlite:") {
            Ok(DatabaseUrl {
                backend: Backend::Sqlite,
                target: path.to_string(),
            })
        } else {
            Err(format!(
                "unsupported database URL '{url}': use sqlite://PATH or postgres://USER@HOST/DB"
            ))
        }
    }
}

/// Opens connections of the configured backend explicitly, so that a mistyped PostgreSQL URL
/// is an error rather than a new SQLite file named after it.
#[derive(Debug, Clone)]
pub struct Manager {
    url: DatabaseUrl,
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        match self.url.backend {
            Backend::Postgres => PgConnection::establish(&self.url.target)
                .map(DbConnection::Postgresql)
                .map_err(r2d2::Error::ConnectionError),
            Backend::Sqlite => {
                let mut c = SqliteConnection::establish(&self.url.target)
                    .map_err(r2d2::Error::ConnectionError)?;
                // WAL lets readers run beside the writer; FULL sync so that an acknowledged
                // write survives a crash; foreign keys are off by default in SQLite.
                c.batch_execute(
                    "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
                )
                .map_err(r2d2::Error::QueryError)?;
                text::register(&mut c).map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Sqlite(c))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        conn.is_broken()
    }
}

pub type Pool = r2d2::Pool<Manager>;
pub type Conn = r2d2::PooledConnection<Manager>;

/// What `Db::run` hands its work: a pooled connection, and this process's search index of
/// the database (`index`). It dereferences to the connection, so the store's functions that
/// need only the database take `&mut DbConnection`; those answered from the index (the lists
/// and counts of building blocks and APIs) take the session.
pub struct Session {
    conn: Conn,
    pub index: std::sync::Arc<index::Index>,
}

impl std::ops::Deref for Session {
    type Target = DbConnection;
    fn deref(&self) -> &DbConnection {
        &self.conn
    }
}

impl std::ops::DerefMut for Session {
    fn deref_mut(&mut self) -> &mut DbConnection {
        &mut self.conn
    }
}

/// The database: a pool of connections of one backend, and what this process knows of its
/// writes (`watch`).
#[derive(Clone)]
pub struct Db {
    pub pool: Pool,
    pub backend: Backend,
    pub watch: std::sync::Arc<watch::Watch>,
    /// This process's search index of the database (`index`).
    pub index: std::sync::Arc<index::Index>,
    manager: Manager,
}

impl Db {
    pub fn connect(url: &str, max_size: u32) -> anyhow::Result<Db> {
        let url = DatabaseUrl::parse(url).map_err(anyhow::Error::msg)?;
        if url.backend == Backend::Sqlite && url.target != ":memory:" {
            if let Some(dir) = std::path::Path::new(&url.target).parent() {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("creating {}", dir.display()))?;
                }
            }
        }
        let backend = url.backend;
        let manager = Manager { url };
        let pool = r2d2::Pool::builder()
            .max_size(max_size)
            .connection_timeout(Duration::from_secs(10))
            .build(manager.clone())
            .context("connecting to the database")?;
        let watch: std::sync::Arc<watch::Watch> = Default::default();
        Ok(Db {
            pool,
            backend,
            index: std::sync::Arc::new(index::Index::new(watch.clone())),
            watch,
            manager,
        })
    }

    /// Follows the writes of every process sharing the database on a thread of its own, so
    /// that `generation` is answered from memory (`store::watch`).
    pub fn follow_writes(&self) {
        watch::follow(&self.watch, self.manager.clone());
    }

    /// The number of write transactions committed so far (`store::generation`): from memory
    /// while the watch follows the database, else from the database.
    pub async fn generation(&self) -> Result<i64> {
        match self.watch.current() {
            Some(n) => Ok(n),
            None => self.run(|c| generation(c)).await,
        }
    }

    pub fn get(&self) -> Result<Conn> {
        Ok(self.pool.get()?)
    }

    /// A session of a pooled connection and the index, for work on this thread.
    pub fn session(&self) -> Result<Session> {
        Ok(Session {
            conn: self.get()?,
            index: self.index.clone(),
        })
    }

    /// Runs blocking database work on the blocking pool, off the async workers, with a pooled
    /// connection and the index (as vaultwarden's `DbConn::run`).
    pub async fn run<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Session) -> Result<T> + Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || {
            watch::take_committed();
            let done = db.session().and_then(|mut s| f(&mut s));
            // A write this process committed is known at once, before the answer leaves.
            if let Some(n) = watch::take_committed() {
                db.watch.advance(n);
            }
            done
        })
        .await
        .map_err(|e| Error::Internal(anyhow::anyhow!("blocking task failed: {e}")))?
    }

    /// Migrates and records `node` as the database's owner (`identity::claim`): what the
    /// commands that write entries as this node (`serve`, `seed`) do first. The operator's
    /// other commands only migrate, and resolve slugs as the recorded owner, if there is one.
    pub fn prepare(&self, node: &str) -> anyhow::Result<()> {
        self.migrate()?;
        identity::node::claim(&mut *self.get()?, node)?;
        Ok(())
    }

    /// Runs pending migrations; returns the versions applied.
    pub fn migrate(&self) -> anyhow::Result<Vec<String>> {
        let mut conn = self.pool.get()?;
        let migrations = match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS,
            Backend::Postgres => POSTGRES_MIGRATIONS,
        };
        let applied = conn
            .run_pending_migrations(migrations)
            .map_err(|e| anyhow::anyhow!("running migrations: {e}"))?;
        Ok(applied.iter().map(|v| v.to_string()).collect())
    }

    /// Whether every embedded migration has been applied (readiness).
    pub fn migrations_done(&self) -> Result<bool> {
        let mut conn = self.get()?;
        let migrations = match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS,
            Backend::Postgres => POSTGRES_MIGRATIONS,
        };
        conn.has_pending_migration(migrations)
            .map(|pending| !pending)
            .map_err(|e| Error::Unavailable(anyhow::anyhow!("{e}")))
    }
}

/// Runs `f` as one write transaction (a savepoint when already inside one). Writes are
/// serialised by the `write_lock` row, so that checks such as "no dependency cycle" hold
/// against concurrent writers, on SQLite and across processes sharing PostgreSQL.
pub fn write<T>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T>,
) -> Result<T> {
    use diesel::connection::TransactionManager;
    // The outermost write takes the lock, and holds it until its transaction ends; a write
    // nested in it (a savepoint) has it already. Every writing transaction starts here.
    let nested =
        <DbConnection as Connection>::TransactionManager::transaction_manager_status_mut(conn)
            .transaction_depth()?
            .is_some();
    let mut number = None;
    let done = conn.transaction(|c| {
        if !nested {
            diesel::sql_query("UPDATE write_lock SET n = n + 1 WHERE id = 1").execute(c)?;
            let n = generation(c)?;
            // Delivered to the other processes' watches when (and only if) this commits.
            if let DbConnection::Postgresql(_) = c {
                diesel::sql_query(format!("NOTIFY {}, '{n}'", watch::CHANNEL)).execute(c)?;
            }
            number = Some(n);
        }
        f(c)
    })?;
    if let Some(n) = number {
        watch::committed(n);
    }
    Ok(done)
}

/// Refreshes PostgreSQL's planner statistics after a bulk load, which would otherwise plan the
/// lookups of tables that grew in one go as if they were still empty (SQLite: nothing to do).
pub fn analyze(conn: &mut DbConnection) -> Result<()> {
    if let DbConnection::Postgresql(c) = conn {
        c.batch_execute("ANALYZE")?;
    }
    Ok(())
}

/// Whether the register is empty (nothing has ever been written), for seeding at start.
pub fn is_empty(conn: &mut DbConnection) -> Result<bool> {
    let n: i64 = schema::changes::table.count().get_result(conn)?;
    Ok(n == 0)
}

/// The number of write transactions committed so far: every write bumps it (`write`), so an
/// unchanged number means an unchanged register, across every process sharing the database.
pub fn generation(conn: &mut DbConnection) -> Result<i64> {
    Ok(schema::write_lock::table
        .select(schema::write_lock::n)
        .filter(schema::write_lock::id.eq(1))
        .first(conn)?)
}

#[cfg(test)]
mod tests {
    /// A collection's entries are logged (and fed to peers) under its declared path segment,
    /// which the mirror dispatches on.
    #[test]
    fn every_collection_logs_its_changes_under_its_path_segment() {
        macro_rules! check {
            ($($module:ident: $segment:literal, $wire:ident, $input:ident, $mirroring:ident, ($sv:literal, $en:literal);)*) => {
                $(assert_eq!(super::$module::ENTITY, $segment);)*
            };
        }
        openapi::collections!(check);
    }
}
