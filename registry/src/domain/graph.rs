//! Graph rules: no block may depend on itself through a chain, no document be its own ancestor.

use std::collections::{HashMap, HashSet};

/// Whether adding edges `from → each of targets` to `edges` would close a cycle.
/// Returns the path of the cycle (from `from` back to `from`) when it would.
pub fn cycle_through(
    edges: &HashMap<String, Vec<String>>,
    from: &str,
    targets: &[String],
) -> Option<Vec<String>> {
    for target in targets {
        if target == from {
            return Some(vec![from.to_string(), from.to_string()]);
        }
        let mut path = vec![from.to_string(), target.clone()];
        let mut seen = HashSet::new();
        if reaches(edges, target, from, &mut seen, &mut path) {
            return Some(path);
        }
    }
    None
}

fn reaches(
    edges: &HashMap<String, Vec<String>>,
    node: &str,
    goal: &str,
    seen: &mut HashSet<String>,
    path: &mut Vec<String>,
) -> bool {
    if !seen.insert(node.to_string()) {
        return false;
    }
    for next in edges.get(node).into_iter().flatten() {
        path.push(next.clone());
        if next == goal || reaches(edges, next, goal, seen, path) {
            return true;
        }
        path.pop();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(pairs: &[(&str, &str)]) -> HashMap<String, Vec<String>> {
        let mut g: HashMap<String, Vec<String>> = HashMap::new();
        for (a, b) in pairs {
            g.entry(a.to_string()).or_default().push(b.to_string());
        }
        g
    }

    #[test]
    fn self_dependency_is_a_cycle() {
        assert!(cycle_through(&graph(&[]), "a", &["a".into()]).is_some());
    }

    #[test]
    fn indirect_cycle_is_found_with_its_path() {
        let g = graph(&[("b", "c"), ("c", "a")]);
        assert_eq!(
            cycle_through(&g, "a", &["b".into()]),
            Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
        );
    }

    #[test]
    fn diamonds_are_not_cycles() {
        let g = graph(&[("b", "d"), ("c", "d"), ("d", "e")]);
        assert_eq!(cycle_through(&g, "a", &["b".into(), "c".into()]), None);
    }
}
