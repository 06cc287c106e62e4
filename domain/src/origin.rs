//! The `origin` filter of the lists: the entries of one node, this node's own, or those
//! mirrored from others.

use std::str::FromStr;

use super::identifiers::slug_problem;

/// The words `origin=` gives a meaning of their own. A node that took one as its id could not
/// be told apart from the word, so no node may (see `node_id_problem`).
pub const RESERVED: [&str; 2] = ["local", "mirrored"];

/// What a client asks for with `origin=`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginFilter {
    /// The entries owned by the node with this id, wherever the list is asked.
    Node(String),
    /// The entries of the node that answers.
    Local,
    /// The entries the answering node mirrors from others.
    Mirrored,
}

/// The condition a filter puts on an entry's origin, once the answering node is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginMatch {
    Is(String),
    IsNot(String),
}

impl FromStr for OriginFilter {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "local" => Ok(OriginFilter::Local),
            "mirrored" => Ok(OriginFilter::Mirrored),
            id => match slug_problem(id) {
                None => Ok(OriginFilter::Node(id.to_string())),
                Some(p) => Err(format!(
                    "must be `local`, `mirrored` or a node id, which {p}"
                )),
            },
        }
    }
}

impl OriginFilter {
    /// The condition on the node whose id is `local`.
    pub fn resolve(self, local: &str) -> OriginMatch {
        match self {
            OriginFilter::Node(id) => OriginMatch::Is(id),
            OriginFilter::Local => OriginMatch::Is(local.to_string()),
            OriginFilter::Mirrored => OriginMatch::IsNot(local.to_string()),
        }
    }
}

/// Why `id` cannot be a node's id, if it cannot: it must be a slug, and not a word of the
/// filter.
pub fn node_id_problem(id: &str) -> Option<&'static str> {
    if RESERVED.contains(&id) {
        return Some("is reserved: `origin=local` and `origin=mirrored` filter the lists");
    }
    slug_problem(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(s: &str) -> Result<OriginMatch, String> {
        s.parse::<OriginFilter>().map(|f| f.resolve("owner"))
    }

    #[test]
    fn the_words_resolve_against_the_local_node() {
        assert_eq!(resolve("local"), Ok(OriginMatch::Is("owner".into())));
        assert_eq!(resolve("mirrored"), Ok(OriginMatch::IsNot("owner".into())));
    }

    #[test]
    fn a_node_id_is_itself_whichever_node_answers() {
        assert_eq!(resolve("agency-a"), Ok(OriginMatch::Is("agency-a".into())));
        // Naming the local node by its id is the same as `local`.
        assert_eq!(resolve("owner"), resolve("local"));
    }

    #[test]
    fn anything_else_is_refused_with_the_slug_rule() {
        for bad in ["", "Not A Slug!", "Local", "a--b", "-a", "å"] {
            let e = resolve(bad).expect_err(bad);
            assert!(
                e.starts_with("must be `local`, `mirrored` or a node id"),
                "{e}"
            );
        }
        assert!(resolve("0190c0de-0000-7000-8000-000000000000")
            .unwrap_err()
            .ends_with("must not be a UUID"));
    }

    #[test]
    fn node_ids_cannot_be_the_words() {
        assert_eq!(node_id_problem("agency-a"), None);
        for word in RESERVED {
            assert!(
                node_id_problem(word).unwrap().contains("reserved"),
                "{word}"
            );
        }
        assert_eq!(node_id_problem("Not A Slug!"), slug_problem("Not A Slug!"));
    }
}
