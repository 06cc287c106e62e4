//! One page of a filtered list, the same way for every resource.

use super::DbConnection;
use crate::error::Result;

/// Inserts rows of one table in chunks, as one statement per chunk on either backend (the
/// two-backend connection has no batch insert; each backend's own connection has).
macro_rules! insert_chunks {
    ($conn:expr, $table:expr, $rows:expr, $chunk:expr) => {{
        for chunk in $rows.chunks($chunk) {
            match &mut *$conn {
                DbConnection::Sqlite(c) => diesel::insert_into($table).values(chunk).execute(c)?,
                DbConnection::Postgresql(c) => {
                    diesel::insert_into($table).values(chunk).execute(c)?
                }
            };
        }
    }};
}

/// Counts the entries a boxed query matches and loads one page of them in id order: keyset
/// paging after `page.after` when a cursor was given, else `page.offset`. `$query` is an
/// expression that builds the query; it is evaluated twice (count and page).
macro_rules! page_rows {
    ($conn:expr, $query:expr, $id:path, $page:expr, $row:ty) => {{
        let total: i64 = $query.count().get_result($conn)?;
        let q = $query.order($id).limit($page.fetch());
        let q = match &$page.after {
            Some(after) => q.filter($id.gt(after.clone())),
            None => q.offset($page.offset),
        };
        let rows: Vec<$row> = q.select(<$row>::as_select()).load($conn)?;
        (rows, total)
    }};
}

/// Sorts first the entries of the node that owns the database (`store::identity`): as an
/// ORDER BY term, false (this node's own) before true.
macro_rules! ours_first {
    ($origin:expr) => {
        $origin.ne_all(
            $crate::store::schema::node_identity::table
                .select($crate::store::schema::node_identity::node_id),
        )
    };
}

/// Defines `fn find(conn, key) -> Result<Row>`: the stored row of the entry with this id, or
/// slug where the resource has one (`slug` as the last argument); NotFound otherwise.
macro_rules! find_by_key {
    ($table:ident, $what:literal, slug) => {
        fn find(conn: &mut DbConnection, key: &Key) -> Result<Row> {
            let q = t::$table.select(Row::as_select()).into_boxed();
            let q = match key {
                Key::Id(id) => q.filter(t::id.eq(id.clone())),
                Key::Slug(s) => q.filter(t::slug.eq(s.clone())),
            };
            // This node's own entry first among those of several origins with the slug.
            q.order((ours_first!(t::origin), t::id))
                .first(conn)
                .optional()?
                .ok_or_else(|| $crate::error::Error::not_found($what, key.as_str()))
        }
    };
    ($table:ident, $what:literal) => {
        fn find(conn: &mut DbConnection, key: &Key) -> Result<Row> {
            // Without a slug, only an id finds an entry.
            let Key::Id(id) = key else {
                return Err($crate::error::Error::not_found($what, key.as_str()));
            };
            t::$table
                .select(Row::as_select())
                .filter(t::id.eq(id.clone()))
                .first(conn)
                .optional()?
                .ok_or_else(|| $crate::error::Error::not_found($what, key.as_str()))
        }
    };
}

/// The id of the entry a list filter names (by id or slug), through `refs::…::find_id`. A filter
/// naming no entry matches nothing, which is an answer, not an error: the enclosing function
/// returns its empty answer (`Default`: an empty page, or no resolved filter).
macro_rules! filter_id {
    ($conn:expr, $($refs:ident)::+, $value:expr) => {
        match $value {
            None => None,
            Some(v) => match $($refs)::+::find_id($conn, &$crate::store::Key::parse(v))? {
                Some(id) => Some(id),
                None => return Ok(Default::default()),
            },
        }
    };
}

/// Declares a collection's list: the `Filter` its query parameters fill, and `pub fn list`, a
/// page of the entries in id order in their wire form. Every list takes `origin`; a field is
/// one more optional parameter:
/// - `name: Type = column` keeps the entries whose column holds the value (`column.as_str()`,
///   or any other method, where the column stores the value in another form);
/// - `name: Type => |query, value| narrowed` narrows the boxed query in its own way;
/// - `name in module: String …` names an entry by id or slug, resolved to its id through
///   `refs::module` before the query is built (`filter_id!`: naming no entry is an empty page);
///   `name by function: Type …`, resolved by the module's `function(conn, &value)` instead.
macro_rules! entry_list {
    (
        $table:ident => $wire:ty;
        $(
            $(#[$doc:meta])*
            $field:ident $(in $refs:ident)? $(by $resolve:ident)?: $ty:ty
            $(= $column:ident $(. $method:ident ())?)?
            $(=> |$q:ident, $v:ident| $narrowed:expr)?
        ),+ $(,)?
    ) => {
        #[derive(Debug, Default, Clone)]
        pub struct Filter {
            $($(#[$doc])* pub $field: Option<$ty>,)+
            pub origin: Option<::domain::origin::OriginMatch>,
        }

        pub fn list(
            conn: &mut DbConnection,
            f: &Filter,
            page: &$crate::store::PageRequest,
        ) -> Result<(Vec<$wire>, i64)> {
            $(let $field = filter_value!(conn, &f.$field $(, $refs)? $(, by $resolve)?);)+
            let query = || {
                let mut query: $crate::store::schema::$table::BoxedQuery<
                    'static,
                    $crate::store::MultiBackend,
                > = t::$table.into_boxed();
                if let Some(o) = &f.origin {
                    query = query.filter($crate::store::entry::origin_is(t::origin, o));
                }
                $(if let Some(value) = &$field {
                    $(query = query.filter(t::$column.eq(column_value!(value $(. $method)?)));)?
                    $(query = {
                        let $q = query;
                        let $v = value;
                        $narrowed
                    };)?
                })+
                query
            };
            let (rows, total) = page_rows!(conn, query(), t::id, page, Row);
            Ok(($crate::store::paging::wire_all(conn, &rows)?, total))
        }
    };
}

/// The boxed query narrowed to the entries whose date `$column` falls in `$year` (the query as
/// it was for a year the calendar does not have).
macro_rules! in_year {
    ($query:expr, $column:expr, $year:expr) => {
        match $crate::store::entry::year_span($year) {
            Some((from, to)) => $query.filter($column.between(from, to)),
            None => $query,
        }
    };
}

/// A list filter's value as the client sent it, resolved to an entry's id (`filter_id!`), or
/// resolved by a function of the module.
macro_rules! filter_value {
    ($conn:expr, $value:expr) => {
        $value.clone()
    };
    ($conn:expr, $value:expr, $refs:ident) => {
        filter_id!($conn, $crate::store::refs::$refs, $value)
    };
    ($conn:expr, $value:expr, by $resolve:ident) => {
        match $value {
            Some(v) => Some($resolve($conn, v)?),
            None => None,
        }
    };
}

/// A list filter's value in the form its column stores.
macro_rules! column_value {
    ($value:ident) => {
        $value.clone()
    };
    ($value:ident . $method:ident) => {
        $value.$method()
    };
}

/// The entries of the module's table `t` whose name or slug holds `s` (case and accents
/// folded).
macro_rules! name_or_slug {
    ($s:expr) => {{
        let pattern = $crate::store::text::contains($s);
        $crate::store::text::fold(t::name)
            .like(pattern.clone())
            .or(t::slug.like(pattern))
    }};
}

/// Declares the wire form of the module's `Row` (`ToWire`) where what a page names is entries
/// of slugged tables: `$refs` holds one map of `{id, slug, name}` per table, each loaded in one
/// query for the whole page (`field: module[column, …]`: the columns, set or not, naming
/// entries of `refs::module`); `to_wire`, the row's wire form with them, follows as written.
/// Where a page names organisations twice, those its rows list in a join table and those its
/// columns name, the references are `OrganisationLinks`, loaded in two queries.
/// An entry that names no other has no references to load (`names nothing`).
macro_rules! row_wire {
    (
        $wire:ty;
        $(#[$doc:meta])*
        pub struct $refs:ident { $($field:ident: $module:ident[$($column:ident),+]),+ $(,)? }
        $($to_wire:tt)+
    ) => {
        $(#[$doc])*
        pub struct $refs {
            $($field: std::collections::HashMap<String, openapi::EntryRef>,)+
        }

        impl $crate::store::paging::ToWire for Row {
            type Wire = $wire;
            type Refs = $refs;

            fn load_refs(conn: &mut DbConnection, rows: &[Row]) -> Result<$refs> {
                use $crate::store::refs::{distinct, NamesEntry};
                Ok($refs {
                    $($field: $crate::store::refs::$module::refs(
                        conn,
                        &distinct(rows, |r| [$(&r.$column as &dyn NamesEntry),+]),
                    )?,)+
                })
            }

            $($to_wire)+
        }
    };
    ($wire:ty; names nothing; $($to_wire:tt)+) => {
        impl $crate::store::paging::ToWire for Row {
            type Wire = $wire;
            type Refs = ();

            fn load_refs(_: &mut DbConnection, _: &[Row]) -> Result<()> {
                Ok(())
            }

            $($to_wire)+
        }
    };
    (
        $wire:ty;
        organisations listed in $alias:ident::$join:ident($entry:ident, $org:ident)
        and named by [$($column:ident),+];
        $($to_wire:tt)+
    ) => {
        impl $crate::store::paging::ToWire for Row {
            type Wire = $wire;
            type Refs = $crate::store::refs::OrganisationLinks;

            fn load_refs(
                conn: &mut DbConnection,
                rows: &[Row],
            ) -> Result<$crate::store::refs::OrganisationLinks> {
                use $crate::store::refs::{distinct, NamesEntry, OrganisationLinks};
                let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
                let links = $alias::$join
                    .select(($alias::$entry, $alias::$org))
                    .filter($alias::$entry.eq_any(&ids))
                    .load(conn)?;
                let named = distinct(rows, |r| [$(&r.$column as &dyn NamesEntry),+]);
                OrganisationLinks::load(conn, links, named)
            }

            $($to_wire)+
        }
    };
}

/// A row whose wire form names other entries. What a page of rows names is loaded once for
/// the whole page, with one query per table it refers to (`load_refs`), and each row is put
/// on the wire with it (`to_wire`): `wire_all` for a page, `wire_one` for one row.
pub trait ToWire: Sized {
    type Wire: serde::Serialize + openapi::Entry;
    /// What a page of rows refers to.
    type Refs;
    fn load_refs(conn: &mut DbConnection, rows: &[Self]) -> Result<Self::Refs>;
    fn to_wire(&self, refs: &Self::Refs) -> Result<Self::Wire>;
    /// The wire form of this one row, loading what it refers to.
    fn wire(&self, conn: &mut DbConnection) -> Result<Self::Wire> {
        wire_one(conn, self)
    }
}

/// The wire form of a page of rows.
pub(in crate::store) fn wire_all<R: ToWire>(
    conn: &mut DbConnection,
    rows: &[R],
) -> Result<Vec<R::Wire>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let refs = R::load_refs(conn, rows)?;
    rows.iter().map(|r| r.to_wire(&refs)).collect()
}

/// The wire form of one row, loading what it refers to.
pub(in crate::store) fn wire_one<R: ToWire>(conn: &mut DbConnection, row: &R) -> Result<R::Wire> {
    let refs = R::load_refs(conn, std::slice::from_ref(row))?;
    row.to_wire(&refs)
}
