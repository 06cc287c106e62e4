//! The document hierarchy (001 §4.2): a level-2 document interprets one level-1 document, a
//! level-3 document supports one level-2 document, and no document is its own ancestor.

/// A stored document as the hierarchy rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    pub level: i32,
}

/// Why a document at `level` cannot have the first of `chain` as its parent, if it cannot.
/// `chain` is the proposed parent followed by its ancestors, nearest first; `own` is the
/// document's id when it is already stored (a replace), None for a new one.
pub fn parent_problem(own: Option<&str>, level: i32, chain: &[Node]) -> Option<String> {
    let parent = chain.first()?;
    if let Some(own) = own {
        if parent.id == own {
            return Some("a document cannot be its own parent".into());
        }
        // The document is an ancestor of its proposed parent: the parent is its descendant.
        if chain.iter().any(|n| n.id == own) {
            return Some(format!(
                "the document {} descends from this document; the hierarchy would become a cycle",
                parent.id
            ));
        }
    }
    let wanted = level - 1;
    if parent.level != wanted {
        return Some(format!(
            "a level-{level} document's parent must be a level-{wanted} document; {} is level {}",
            parent.id, parent.level
        ));
    }
    None
}

/// Why a stored document with children at `child_levels` cannot become level `level`, if it
/// cannot: its children would no longer sit one level below it.
pub fn children_problem(level: i32, child_levels: &[i32]) -> Option<String> {
    let wrong = child_levels.iter().find(|l| **l != level + 1)?;
    Some(format!(
        "the document has level-{wrong} documents under it, so it must stay level {}",
        wrong - 1
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(id: &str, level: i32) -> Node {
        Node {
            id: id.into(),
            level,
        }
    }

    #[test]
    fn parent_one_level_up_is_accepted() {
        assert_eq!(parent_problem(None, 2, &[n("a", 1)]), None);
        assert_eq!(parent_problem(None, 3, &[n("b", 2), n("a", 1)]), None);
        assert_eq!(parent_problem(Some("c"), 3, &[n("b", 2), n("a", 1)]), None);
    }

    #[test]
    fn parent_at_the_wrong_level_is_refused() {
        assert!(parent_problem(None, 2, &[n("b", 2), n("a", 1)]).is_some());
        assert!(parent_problem(None, 3, &[n("a", 1)]).is_some());
        assert!(parent_problem(None, 2, &[n("c", 3), n("b", 2), n("a", 1)]).is_some());
    }

    #[test]
    fn no_parent_means_no_problem() {
        assert_eq!(parent_problem(Some("a"), 1, &[]), None);
    }

    #[test]
    fn own_parent_is_a_cycle() {
        let p = parent_problem(Some("a"), 2, &[n("a", 1)]);
        assert!(p.is_some_and(|m| m.contains("own parent")));
    }

    #[test]
    fn descendant_as_parent_is_a_cycle() {
        // a (1) ← b (2) ← c (3); making c the parent of a closes a loop.
        let p = parent_problem(Some("a"), 4, &[n("c", 3), n("b", 2), n("a", 1)]);
        assert!(p.is_some_and(|m| m.contains("cycle")));
        // A cycle already stored (mirrored data) is still found rather than walked forever.
        let p = parent_problem(Some("a"), 2, &[n("b", 1), n("a", 2), n("b", 1)]);
        assert!(p.is_some_and(|m| m.contains("cycle")));
    }

    #[test]
    fn children_keep_their_parent_one_level_up() {
        assert_eq!(children_problem(1, &[]), None);
        assert_eq!(children_problem(1, &[2, 2]), None);
        assert!(children_problem(2, &[2]).is_some());
        assert!(children_problem(1, &[2, 3]).is_some());
    }
}
