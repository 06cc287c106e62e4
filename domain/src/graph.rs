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

/// The nodes that depend on `target` through a chain of edges (`from → to` means `from`
/// depends on `to`), nearest first: the direct dependents, then theirs, each once.
pub fn dependents(edges: &[(String, String)], target: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    let mut frontier = vec![target.to_string()];
    let mut seen = HashSet::from([target.to_string()]);
    while !frontier.is_empty() {
        let mut next = vec![];
        for (from, to) in edges {
            if frontier.contains(to) && seen.insert(from.clone()) {
                next.push(from.clone());
            }
        }
        next.sort();
        out.extend(next.iter().cloned());
        frontier = next;
    }
    out
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

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn dependents_direct_then_indirect() {
        // b and c depend on a; d depends on b; e on d and on a.
        let e = pairs(&[("b", "a"), ("c", "a"), ("d", "b"), ("e", "d"), ("e", "a")]);
        assert_eq!(dependents(&e, "a"), ["b", "c", "e", "d"]);
        assert_eq!(dependents(&e, "d"), ["e"]);
        assert!(dependents(&e, "e").is_empty());
        // A stored cycle does not loop.
        let cyc = pairs(&[("a", "b"), ("b", "a")]);
        assert_eq!(dependents(&cyc, "a"), ["b"]);
    }
}
