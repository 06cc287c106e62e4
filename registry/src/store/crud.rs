//! The create/replace/delete skeleton every entry shares, written once: the identity columns
//! stamped on a new row, the writable check (ours, and the version the client saw), version + 1
//! and the update time on a replace, the change-log record of each write, all inside one write
//! transaction. A resource implements `Crud` with what is particular to it (its validation,
//! how it resolves references, how a row is set from an input, its links, its wire form);
//! `stored_row!` declares the row with its identity columns and plain table operations.

use super::changes;
use super::entry::{self, check_writable, Ctx, Key};
use super::paging::{wire_one, ToWire};
use super::DbConnection;
use crate::error::Result;

/// A stored row: its identity columns and its own table's plain operations (`stored_row!`).
pub trait Stored: Sized {
    /// The collection's path segment, also the change log's entity (the module's `ENTITY`).
    const ENTITY: &'static str;
    fn id(&self) -> &str;
    fn origin(&self) -> &str;
    fn version(&self) -> i64;
    /// Stamps a new row with its identity: this node's, or its origin's for a mirror.
    fn stamp_new(&mut self, ctx: &Ctx, entity: &str, id: String);
    /// Stamps a changed row: the next version and the update time.
    fn stamp_update(&mut self, ctx: &Ctx);
    /// The row of the entry with this id (or slug, where it has one); NotFound otherwise.
    fn find(conn: &mut DbConnection, key: &Key) -> Result<Self>;
    fn insert(&self, conn: &mut DbConnection) -> Result<()>;
    fn update(&self, conn: &mut DbConnection) -> Result<()>;
    /// Deletes the row; a foreign key that refuses is a conflict naming the entry.
    fn remove(&self, conn: &mut DbConnection) -> Result<()>;

    /// A change the register makes to the stored entry (`self`) itself rather than a client's
    /// replace (a phase decided, an appointment followed, a life-cycle step): `change` applied
    /// to the row, the next version, the change in the log; the entry as it is after.
    fn amend(
        self,
        conn: &mut DbConnection,
        ctx: &Ctx,
        change: impl FnOnce(&mut DbConnection, &mut Self) -> Result<()>,
    ) -> Result<<Self as ToWire>::Wire>
    where
        Self: ToWire,
    {
        let before = self.wire(conn)?;
        let mut row = self;
        change(conn, &mut row)?;
        row.stamp_update(ctx);
        row.update(conn)?;
        let wire = row.wire(conn)?;
        changes::updated(conn, ctx, Self::ENTITY, &before, &wire)?;
        Ok(wire)
    }
}

/// An entry clients create, replace and delete (the skeleton is written once, below). Its wire
/// form is the row's `ToWire`: what the entry names is loaded as for a page.
pub trait Crud: Stored + Clone + Default + ToWire {
    type Input: domain::validate::Validate;
    /// The input with its references resolved: what a row is set from.
    type Resolved;

    /// The input's own rules (`domain::validate::Validate`), checked before the transaction
    /// starts.
    fn validate(input: &Self::Input) -> Result<()> {
        Ok(domain::validate::Validate::validate(input)?)
    }
    /// Resolves the input's references and checks it against the stored state (a unique
    /// slug, …) for the entry with this id.
    fn resolve(
        conn: &mut DbConnection,
        ctx: &Ctx,
        id: &str,
        input: Self::Input,
    ) -> Result<Self::Resolved>;
    fn set(&mut self, r: &Self::Resolved) -> Result<()>;

    /// Rows of other tables written with the entry (its links), after the row itself;
    /// `replacing` when the entry's earlier links are to go.
    fn write_links(
        &self,
        _conn: &mut DbConnection,
        _r: &Self::Resolved,
        _replacing: bool,
    ) -> Result<()> {
        Ok(())
    }
    /// What else a replace records, knowing the entry as it was (`old`).
    fn replaced(&self, _conn: &mut DbConnection, _old: &Self) -> Result<()> {
        Ok(())
    }
    /// What a new entry may not be, beyond its input's own rules (before it is resolved).
    fn check_create(_ctx: &Ctx, _input: &Self::Input) -> Result<()> {
        Ok(())
    }
    /// What the stored entry (`self`) may not become (before the input is resolved).
    fn check_replace(&self, _ctx: &Ctx, _input: &Self::Input) -> Result<()> {
        Ok(())
    }
    /// Why the stored entry may not go, beyond the foreign keys that refuse it.
    fn check_delete(&self, _conn: &mut DbConnection) -> Result<()> {
        Ok(())
    }
    /// What else the write does once the entry and its change are recorded (`old`: the entry
    /// before a replace), as the acting party: an appointment kept in step with its record.
    fn written(&self, _conn: &mut DbConnection, _ctx: &Ctx, _old: Option<&Self>) -> Result<()> {
        Ok(())
    }
    /// What goes with the entry, before it is checked and removed (as the acting party).
    fn removing(&self, _conn: &mut DbConnection, _ctx: &Ctx) -> Result<()> {
        Ok(())
    }

    fn create(conn: &mut DbConnection, ctx: &Ctx, input: Self::Input) -> Result<Self::Wire> {
        Self::validate(&input)?;
        Self::check_create(ctx, &input)?;
        super::write(conn, |conn| {
            let id = ctx.new_id();
            let r = Self::resolve(conn, ctx, &id, input)?;
            let mut row = Self::default();
            row.stamp_new(ctx, Self::ENTITY, id);
            row.set(&r)?;
            row.insert(conn)?;
            row.write_links(conn, &r, false)?;
            let wire = wire_one(conn, &row)?;
            changes::created(conn, ctx, Self::ENTITY, &wire)?;
            row.written(conn, ctx, None)?;
            Ok(wire)
        })
    }

    fn replace(
        conn: &mut DbConnection,
        ctx: &Ctx,
        key: &Key,
        if_match: Option<i64>,
        input: Self::Input,
    ) -> Result<Self::Wire> {
        Self::validate(&input)?;
        super::write(conn, |conn| {
            let old = Self::find(conn, key)?;
            check_writable(ctx, old.origin(), old.version(), if_match)?;
            old.check_replace(ctx, &input)?;
            let r = Self::resolve(conn, ctx, old.id(), input)?;
            let before = wire_one(conn, &old)?;
            let mut row = old.clone();
            row.set(&r)?;
            row.stamp_update(ctx);
            row.update(conn)?;
            row.write_links(conn, &r, true)?;
            row.replaced(conn, &old)?;
            let wire = wire_one(conn, &row)?;
            changes::updated(conn, ctx, Self::ENTITY, &before, &wire)?;
            row.written(conn, ctx, Some(&old))?;
            Ok(wire)
        })
    }

    fn delete(conn: &mut DbConnection, ctx: &Ctx, key: &Key, if_match: Option<i64>) -> Result<()> {
        super::write(conn, |conn| {
            let old = Self::find(conn, key)?;
            check_writable(ctx, old.origin(), old.version(), if_match)?;
            old.removing(conn, ctx)?;
            old.check_delete(conn)?;
            let before = wire_one(conn, &old)?;
            old.remove(conn)?;
            changes::deleted(conn, ctx, Self::ENTITY, &before)
        })
    }
}

/// The time a write stamps: now, or the origin's for a mirror.
pub fn stamp(ctx: &Ctx) -> (chrono::NaiveDateTime, chrono::NaiveDateTime) {
    let now = entry::now();
    (ctx.created(now), ctx.updated(now))
}

/// Declares the module's `Row` on its table `t` (`use …::dsl as t`): the identity columns every
/// entry begins with, then its own; with `meta()` (the identity as the wire carries it) and
/// `Stored` (`find` by id, or by slug too where `slug` is given; `$what` names the entry in
/// problems, as in `"competence area"`), and `get`, the entry by its key as the wire carries it.
/// An append-only register, whose writes are its own rather than `Crud`'s, begins with
/// `append` and its wire type: its rows go on the wire as a page does (`ToWire`).
macro_rules! stored_row {
    (append $wire:ident: $($rest:tt)*) => {
        stored_row_columns!($($rest)*);

        /// The entry with this id as the wire carries it.
        pub fn get(conn: &mut DbConnection, key: &Key) -> Result<$wire> {
            let row = find(conn, key)?;
            $crate::store::paging::wire_one(conn, &row)
        }
    };
    ($($rest:tt)*) => {
        stored_row_columns!($($rest)*);

        /// The entry with this id (or slug, where it has one) as the wire carries it.
        pub fn get(
            conn: &mut DbConnection,
            key: &Key,
        ) -> Result<<Row as $crate::store::paging::ToWire>::Wire> {
            use $crate::store::crud::Stored;
            use $crate::store::paging::ToWire;
            Row::find(conn, key)?.wire(conn)
        }
    };
}

/// The row itself, for `stored_row!`.
macro_rules! stored_row_columns {
    (
        $table:ident, $what:literal $(, $slug:ident)?;
        pub struct Row { $($(#[$field_attr:meta])* pub $field:ident: $ty:ty),* $(,)? }
    ) => {
        #[derive(
            Debug,
            Clone,
            Default,
            Queryable,
            Selectable,
            Insertable,
            AsChangeset,
            serde::Serialize,
            serde::Deserialize,
        )]
        #[diesel(table_name = $table, treat_none_as_null = true)]
        pub struct Row {
            pub id: String,
            pub origin: String,
            pub uri: String,
            pub version: i64,
            pub created_at: chrono::NaiveDateTime,
            pub updated_at: chrono::NaiveDateTime,
            $($(#[$field_attr])* pub $field: $ty),*
        }

        impl Row {
            /// The entry's identity and version as the wire carries them.
            fn meta(&self) -> Result<openapi::EntryMeta> {
                $crate::store::entry::meta(
                    &self.id,
                    &self.origin,
                    &self.uri,
                    self.version,
                    self.created_at,
                    self.updated_at,
                )
            }

            /// A row with the identity and version the origin gave a mirrored entry, the rest
            /// to be filled in (`Row { …, ..Row::mirrored(m) }`).
            #[allow(dead_code)]
            fn mirrored(m: &openapi::EntryMeta) -> Row {
                Row {
                    id: m.id.to_string(),
                    origin: m.origin.clone(),
                    uri: m.uri.clone(),
                    version: m.version,
                    created_at: m.created_at.naive_utc(),
                    updated_at: m.updated_at.naive_utc(),
                    ..Default::default()
                }
            }
        }

        find_by_key!($table, $what $(, $slug)?);

        impl $crate::store::crud::Stored for Row {
            const ENTITY: &'static str = ENTITY;
            fn id(&self) -> &str {
                &self.id
            }
            fn origin(&self) -> &str {
                &self.origin
            }
            fn version(&self) -> i64 {
                self.version
            }
            fn stamp_new(&mut self, ctx: &$crate::store::Ctx, entity: &str, id: String) {
                let (created, updated) = $crate::store::crud::stamp(ctx);
                self.uri = ctx.uri(entity, &id);
                self.id = id;
                self.origin = ctx.origin().to_string();
                self.version = ctx.version(1);
                self.created_at = created;
                self.updated_at = updated;
            }
            fn stamp_update(&mut self, ctx: &$crate::store::Ctx) {
                self.version = ctx.version(self.version + 1);
                self.updated_at = ctx.updated($crate::store::entry::now());
            }
            fn find(conn: &mut DbConnection, key: &Key) -> Result<Self> {
                find(conn, key)
            }
            fn insert(&self, conn: &mut DbConnection) -> Result<()> {
                diesel::insert_into(t::$table).values(self).execute(conn)?;
                Ok(())
            }
            fn update(&self, conn: &mut DbConnection) -> Result<()> {
                diesel::update(t::$table.filter(t::id.eq(&self.id)))
                    .set(self)
                    .execute(conn)?;
                Ok(())
            }
            fn remove(&self, conn: &mut DbConnection) -> Result<()> {
                diesel::delete(t::$table.filter(t::id.eq(&self.id)))
                    .execute(conn)
                    .map_err(|e| $crate::store::errors::referenced(e, $what))?;
                Ok(())
            }
        }
    };
}

/// Refuses a slug another entry of the same origin holds, in the module's table `t`.
macro_rules! slug_free {
    ($conn:expr, $table:ident, $ctx:expr, $id:expr, $slug:expr) => {{
        let slug: &str = $slug;
        let taken: i64 = t::$table
            .filter(t::origin.eq($ctx.origin()))
            .filter(t::slug.eq(slug))
            .filter(t::id.ne($id))
            .count()
            .get_result($conn)?;
        if taken > 0 {
            return Err($crate::error::Error::conflict(
                "slug",
                format!("the slug '{slug}' is taken"),
            ));
        }
    }};
}

/// Refuses a write that would make a second entry where the register keeps one (one funding
/// need per subject and year, one connection per service and organisation, …): the entries of
/// the module's table `t` that meet the conditions, the entry `$id` itself left out.
macro_rules! refuse_second {
    ($conn:expr, $table:ident, $id:expr, [$($condition:expr),+ $(,)?], $field:expr, $message:expr) => {{
        let others: i64 = t::$table
            $(.filter($condition))+
            .filter(t::id.ne($id))
            .count()
            .get_result($conn)?;
        if others > 0 {
            return Err($crate::error::Error::conflict($field, $message));
        }
    }};
}

/// Writes an entry's rows of a join table with the entry (`Crud::write_links`): `$entry` the
/// column naming it, `$other` the column naming what it links to, one row per value of
/// `$others`; when `$replacing`, its earlier rows go first. One statement per link: diesel
/// cannot batch inserts over the multi-backend connection, and an entry has few links.
macro_rules! write_join_rows {
    ($conn:expr, $table:expr, $entry:expr, $id:expr, $other:expr, $others:expr, $replacing:expr) => {{
        let id: &str = $id;
        if $replacing {
            diesel::delete($table.filter($entry.eq(id))).execute($conn)?;
        }
        for other in $others {
            diesel::insert_into($table)
                .values(($entry.eq(id), $other.eq(other)))
                .execute($conn)?;
        }
    }};
}
