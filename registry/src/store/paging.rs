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

/// The module's table `t` as a boxed query narrowed by the two filters every named entry's
/// list takes: `origin`, and `q` (part of the name or the slug, case and accents folded).
macro_rules! named_entries {
    ($table:ident, $f:expr) => {{
        let f = $f;
        let mut q = t::$table.into_boxed();
        if let Some(o) = &f.origin {
            q = q.filter($crate::store::entry::origin_is(t::origin, o));
        }
        if let Some(s) = &f.q {
            let pattern = $crate::store::text::contains(s);
            q = q.filter(
                $crate::store::text::fold(t::name)
                    .like(pattern.clone())
                    .or(t::slug.like(pattern)),
            );
        }
        q
    }};
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

/// A row whose wire form names other entries. What a page of rows names is loaded once for
/// the whole page, with one query per table it refers to (`load_refs`), and each row is put
/// on the wire with it (`to_wire`): `wire_all` for a page, `wire_one` for one row.
pub(in crate::store) trait ToWire: Sized {
    type Wire;
    /// What a page of rows refers to.
    type Refs;
    fn load_refs(conn: &mut DbConnection, rows: &[Self]) -> Result<Self::Refs>;
    fn to_wire(&self, refs: &Self::Refs) -> Result<Self::Wire>;
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
