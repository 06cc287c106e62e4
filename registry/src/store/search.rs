//! Full-text search terms: what a user typed, reduced to words both backends match the same
//! way (case-insensitive, diacritics kept, each word a prefix, all words required).

use diesel::dsl::sql;
use diesel::expression::BoxableExpression;
use diesel::sql_types::{Bool, Text};

use super::{DbConnection, MultiBackend};

/// The words of a query, lower-cased; punctuation and operators are dropped, so user input
/// can never be read as search syntax.
pub fn terms(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| w.to_lowercase())
        .collect()
}

/// An SQLite FTS5 MATCH expression: every term as a quoted prefix.
pub fn fts5_match(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| format!("\"{t}\"*"))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// A PostgreSQL `to_tsquery` expression: every term as a prefix.
pub fn tsquery(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| format!("{t}:*"))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// The backend's search expression for what a user typed (FTS5 MATCH on SQLite, `to_tsquery`
/// on PostgreSQL); `None` when it has no words.
pub fn query(q: &str, sqlite: bool) -> Option<String> {
    let t = terms(q);
    if t.is_empty() {
        None
    } else if sqlite {
        Some(fts5_match(&t))
    } else {
        Some(tsquery(&t))
    }
}

/// A list's full-text filter, for the connection's backend: the words of what a user typed.
#[derive(Debug, Clone)]
pub struct Search {
    expression: String,
    sqlite: bool,
}

impl Search {
    /// `None` when the text has no word to search for (`q=`, `q="*`): it restricts nothing,
    /// as any text is a valid `q`.
    pub fn new(conn: &DbConnection, q: Option<&str>) -> Option<Search> {
        let sqlite = matches!(conn, DbConnection::Sqlite(_));
        q.and_then(|q| query(q, sqlite))
            .map(|expression| Search { expression, sqlite })
    }

    /// The condition on `table`, which both backends index alike (an FTS5 table
    /// `{table}_fts` on SQLite, a `search` tsvector on PostgreSQL); the search expression is
    /// always a bound parameter.
    pub fn condition<T: 'static>(
        &self,
        table: &str,
    ) -> Box<dyn BoxableExpression<T, MultiBackend, SqlType = Bool>> {
        let head = if self.sqlite {
            format!("{table}.id IN (SELECT id FROM {table}_fts WHERE {table}_fts MATCH ")
        } else {
            format!("{table}.search @@ to_tsquery('simple', ")
        };
        Box::new(
            sql::<Bool>(&head)
                .bind::<Text, _>(self.expression.clone())
                .sql(")"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_and_quotes_are_not_syntax() {
        let t = terms("API-hantering \"OR\" NEAR(x) *ärenden:*");
        assert_eq!(t, ["api", "hantering", "or", "near", "x", "ärenden"]);
        assert_eq!(fts5_match(&t[..2]), "\"api\"* AND \"hantering\"*");
        assert_eq!(tsquery(&t[..2]), "api:* & hantering:*");
        assert!(terms("  !!! ").is_empty());
        assert_eq!(query("API x", false).as_deref(), Some("api:* & x:*"));
        assert_eq!(query("!!", true), None);
    }
}
