//! Full-text search terms: what a user typed, reduced to the words the search index matches
//! (case-insensitive, diacritics kept, each word a prefix, all words required).

/// The words of a query, lower-cased; punctuation and operators are dropped, so user input
/// can never be read as search syntax.
pub fn terms(q: &str) -> Vec<String> {
    super::index::table::words(q).take(16).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_and_quotes_are_not_syntax() {
        let t = terms("API-hantering \"OR\" NEAR(x) *ärenden:*");
        assert_eq!(t, ["api", "hantering", "or", "near", "x", "ärenden"]);
        assert!(terms("  !!! ").is_empty());
        assert_eq!(terms(&"ord ".repeat(40)).len(), 16);
    }
}
