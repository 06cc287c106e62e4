//! Case-insensitive substring search (`q` on the smaller resources), the same on both
//! backends: SQLite's own `lower()` folds only ASCII, so both use `fold()`, which is Rust's
//! Unicode lower-casing registered on each SQLite connection, and `lower()` on PostgreSQL
//! (created by the migration).

use diesel::sql_types::Text;

diesel::define_sql_function! {
    /// Unicode lower case.
    fn fold(x: Text) -> Text;
}

/// Registers `fold` on a new SQLite connection.
pub fn register(conn: &mut diesel::SqliteConnection) -> diesel::QueryResult<()> {
    fold_utils::register_impl(conn, |s: String| s.to_lowercase())
}

/// The LIKE pattern for "contains q", ignoring case; LIKE's wildcards in q match themselves
/// nowhere, so they are dropped.
pub fn contains(q: &str) -> String {
    format!("%{}%", q.to_lowercase().replace(['%', '_', '\\'], ""))
}

#[cfg(test)]
mod tests {
    #[test]
    fn patterns_fold_case_and_drop_wildcards() {
        assert_eq!(super::contains("ÅRE_%"), "%åre%");
    }
}
