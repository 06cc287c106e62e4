//! The document hierarchy (001 §4.2): a level-2 document interprets one level-1 document, a
//! level-3 document supports one level-2 document, and no document is its own ancestor.
//! Who may author and decide each level, and the life cycle draft → presented in the
//! cross-functional competence forum → decided → superseded or repealed (001 §4.2.1).

use chrono::NaiveDate;
use openapi::{DocumentStatus, Role};

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

/// The roles whose holders may author a document at `level` (level 3: whoever authored the
/// parent, whatever their roles).
pub fn authoring_roles(level: i32) -> &'static [Role] {
    match level {
        1 => &[Role::Infrastrukturansvarig, Role::Kompetensomradesansvarig],
        2 => &[
            Role::Infrastrukturansvarig,
            Role::Kompetensomradesansvarig,
            Role::Byggblocksansvarig,
            Role::Grunddatadomanansvarig,
        ],
        _ => &[],
    }
}

fn list(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the authoring rules need of the parent document.
#[derive(Debug, Clone, PartialEq)]
pub struct Parent {
    pub author_id: String,
    pub level2_author_roles: Vec<Role>,
}

/// Why the organisation `author_id`, holding `author_roles`, may not author a document at
/// `level` under `parent`, if it may not.
pub fn author_problem(
    level: i32,
    author_id: &str,
    author_roles: &[Role],
    parent: Option<&Parent>,
) -> Option<String> {
    let holds = |allowed: &[Role]| author_roles.iter().any(|r| allowed.contains(r));
    match level {
        1 if !holds(authoring_roles(1)) => Some(format!(
            "a level-1 document is authored by an organisation holding one of the roles {}; \
             this organisation holds {}",
            list(authoring_roles(1)),
            if author_roles.is_empty() {
                "none".into()
            } else {
                list(author_roles)
            }
        )),
        2 => {
            let named: Vec<Role> = parent
                .map(|p| p.level2_author_roles.clone())
                .unwrap_or_default()
                .into_iter()
                .filter(|r| authoring_roles(2).contains(r))
                .collect();
            (!holds(&named)).then(|| {
                format!(
                    "the level-1 parent lets organisations holding {} write level-2 documents \
                     under it; this organisation holds {}",
                    if named.is_empty() {
                        "no role".into()
                    } else {
                        list(&named)
                    },
                    if author_roles.is_empty() {
                        "none".into()
                    } else {
                        list(author_roles)
                    }
                )
            })
        }
        3 => parent.filter(|p| p.author_id != author_id).map(|_| {
            "a level-3 document is authored by the organisation that authored its level-2 parent"
                .to_string()
        }),
        _ => None,
    }
}

/// Why `roles` cannot be the level-2 author roles of a document at `level`, if they cannot:
/// a level-1 document names at least one, each a role that may author level 2; other levels
/// name none.
pub fn level2_roles_problem(level: i32, roles: &[Role]) -> Option<String> {
    if level != 1 {
        return (!roles.is_empty()).then(|| {
            "only a level-1 document names the roles that may write level-2 documents under it"
                .into()
        });
    }
    if roles.is_empty() {
        return Some(
            "a level-1 document names the roles that may write level-2 documents under it".into(),
        );
    }
    let wrong: Vec<Role> = roles
        .iter()
        .filter(|r| !authoring_roles(2).contains(r))
        .copied()
        .collect();
    (!wrong.is_empty()).then(|| {
        format!(
            "{} may not author level-2 documents; choose among {}",
            list(&wrong),
            list(authoring_roles(2))
        )
    })
}

/// A step of a document's life cycle that a client takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Presented in the cross-functional competence forum.
    Present,
    Decide,
    Repeal,
}

/// The status after `step` from `status`, or why the step is not allowed. Superseding is not
/// a step of its own: it follows from deciding the newer version.
pub fn step(level: i32, status: DocumentStatus, step: Step) -> Result<DocumentStatus, String> {
    use DocumentStatus::*;
    match (step, status) {
        (Step::Present, Utkast) => Ok(Presenterat),
        (Step::Present, s) => Err(format!("only a draft is presented; the document is {s}")),
        (Step::Decide, Presenterat) => Ok(Beslutat),
        (Step::Decide, Utkast) if level == 3 => Ok(Beslutat),
        (Step::Decide, Utkast) => Err(format!(
            "a level-{level} document is presented in the cross-functional competence forum \
             before it is decided"
        )),
        (Step::Decide, s) => Err(format!("the document is already {s}")),
        (Step::Repeal, Beslutat) => Ok(Upphavt),
        (Step::Repeal, s) => Err(format!(
            "only a decided document in force is repealed; the document is {s}"
        )),
    }
}

/// Whether a document with this status is in force: decided, and neither superseded nor
/// repealed.
pub fn in_force(status: DocumentStatus) -> bool {
    status == DocumentStatus::Beslutat
}

/// Who decides (001 §4.2.1): level 1 always the infrastructure owner; level 2 the author, or
/// for a document scoped to a competence area that area's owner; level 3 the author.
/// Why `deciding` may not decide, if it may not.
pub fn decider_problem(
    level: i32,
    deciding: &str,
    author: &str,
    infrastructure_owner: Option<&str>,
    area_owner: Option<&str>,
) -> Option<String> {
    match level {
        1 if infrastructure_owner != Some(deciding) => Some(match infrastructure_owner {
            Some(_) => "a level-1 document is always decided by the infrastructure owner (the organisation holding infrastrukturansvarig)".into(),
            None => "a level-1 document is decided by the infrastructure owner, and no organisation holds infrastrukturansvarig".into(),
        }),
        2 => match area_owner {
            Some(owner) if owner != deciding => Some(
                "a level-2 document scoped to a competence area is decided by the area's owner (kompetensomradesansvarig)".into(),
            ),
            None if deciding != author => {
                Some("a level-2 document is decided by its author".into())
            }
            _ => None,
        },
        3 if deciding != author => Some("a level-3 document is decided by its author".into()),
        _ => None,
    }
}

/// Why a date cannot follow `earlier` (the date of the step before), if it cannot.
pub fn date_problem(earlier: Option<NaiveDate>, date: NaiveDate, what: &str) -> Option<String> {
    let e = earlier.filter(|e| date < *e)?;
    Some(format!("is before the date the document was {what} ({e})"))
}

/// Why a document with this status cannot get a new version, if it cannot: a new version
/// replaces the version in force.
pub fn new_version_problem(status: DocumentStatus) -> Option<String> {
    (status != DocumentStatus::Beslutat).then(|| {
        format!("a new version replaces a decided document in force; this one is {status} (change the draft itself instead)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use openapi::DocumentStatus::*;
    use Role::*;

    #[test]
    fn who_may_author_level_1() {
        assert_eq!(author_problem(1, "o", &[Infrastrukturansvarig], None), None);
        assert_eq!(
            author_problem(1, "o", &[Kompetensomradesansvarig], None),
            None
        );
        for roles in [
            &[][..],
            &[Byggblocksansvarig],
            &[Grunddatadomanansvarig],
            &[Grunddataproducent],
        ] {
            assert!(author_problem(1, "o", roles, None).is_some(), "{roles:?}");
        }
    }

    #[test]
    fn level_2_authors_hold_a_role_the_parent_names() {
        let parent = Parent {
            author_id: "p".into(),
            level2_author_roles: vec![Byggblocksansvarig, Kompetensomradesansvarig],
        };
        assert_eq!(
            author_problem(2, "o", &[Byggblocksansvarig], Some(&parent)),
            None
        );
        assert_eq!(
            author_problem(
                2,
                "o",
                &[Grunddataproducent, Kompetensomradesansvarig],
                Some(&parent)
            ),
            None
        );
        // Allowed for level 2 in general, but not named by this parent.
        assert!(author_problem(2, "o", &[Infrastrukturansvarig], Some(&parent)).is_some());
        assert!(author_problem(2, "o", &[Grunddatadomanansvarig], Some(&parent)).is_some());
        assert!(author_problem(2, "o", &[], Some(&parent)).is_some());
        // A role that may never author level 2 does not help even when named.
        let odd = Parent {
            author_id: "p".into(),
            level2_author_roles: vec![Grunddataproducent],
        };
        assert!(author_problem(2, "o", &[Grunddataproducent], Some(&odd)).is_some());
    }

    #[test]
    fn level_3_has_the_author_of_its_parent() {
        let parent = Parent {
            author_id: "p".into(),
            level2_author_roles: vec![],
        };
        assert_eq!(author_problem(3, "p", &[], Some(&parent)), None);
        assert!(author_problem(3, "o", &[Infrastrukturansvarig], Some(&parent)).is_some());
    }

    #[test]
    fn level_1_names_level_2_author_roles() {
        assert_eq!(level2_roles_problem(1, &[Byggblocksansvarig]), None);
        assert_eq!(level2_roles_problem(1, authoring_roles(2)), None);
        assert!(level2_roles_problem(1, &[]).is_some());
        assert!(level2_roles_problem(1, &[Grunddataproducent]).is_some());
        assert!(level2_roles_problem(2, &[Byggblocksansvarig]).is_some());
        assert!(level2_roles_problem(3, &[Byggblocksansvarig]).is_some());
        assert_eq!(level2_roles_problem(2, &[]), None);
        assert_eq!(level2_roles_problem(3, &[]), None);
    }

    /// Every cell: step × status × level.
    #[test]
    fn the_life_cycle_table() {
        for level in 1..=3 {
            for status in DocumentStatus::ALL {
                let present = step(level, *status, Step::Present);
                assert_eq!(present.is_ok(), *status == Utkast, "{level} {status}");
                let decide = step(level, *status, Step::Decide);
                let may_decide = *status == Presenterat || (*status == Utkast && level == 3);
                assert_eq!(decide.is_ok(), may_decide, "{level} {status}");
                let repeal = step(level, *status, Step::Repeal);
                assert_eq!(repeal.is_ok(), *status == Beslutat, "{level} {status}");
            }
        }
        assert_eq!(step(1, Utkast, Step::Present), Ok(Presenterat));
        assert_eq!(step(2, Presenterat, Step::Decide), Ok(Beslutat));
        assert!(step(2, Utkast, Step::Decide).unwrap_err().contains("forum"));
        assert_eq!(step(3, Utkast, Step::Decide), Ok(Beslutat));
        assert_eq!(step(1, Beslutat, Step::Repeal), Ok(Upphavt));
    }

    #[test]
    fn only_decided_documents_are_in_force() {
        let in_force_ones: Vec<_> = DocumentStatus::ALL
            .iter()
            .filter(|s| in_force(**s))
            .collect();
        assert_eq!(in_force_ones, [&Beslutat]);
        assert_eq!(new_version_problem(Beslutat), None);
        for s in [Utkast, Presenterat, Ersatt, Upphavt] {
            assert!(new_version_problem(s).is_some());
        }
    }

    #[test]
    fn who_decides() {
        // Level 1: always the infrastructure owner.
        assert_eq!(decider_problem(1, "digg", "skv", Some("digg"), None), None);
        assert!(decider_problem(1, "skv", "skv", Some("digg"), None).is_some());
        assert!(decider_problem(1, "digg", "digg", None, None).is_some());
        // Level 2: the author, or the competence area's owner.
        assert_eq!(decider_problem(2, "bv", "bv", Some("digg"), None), None);
        assert!(decider_problem(2, "digg", "bv", Some("digg"), None).is_some());
        assert_eq!(
            decider_problem(2, "ko", "bv", Some("digg"), Some("ko")),
            None
        );
        assert!(decider_problem(2, "bv", "bv", Some("digg"), Some("ko")).is_some());
        // Level 3: the author.
        assert_eq!(decider_problem(3, "bv", "bv", Some("digg"), None), None);
        assert!(decider_problem(3, "digg", "bv", Some("digg"), None).is_some());
    }

    #[test]
    fn steps_are_dated_in_order() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(date_problem(None, d("2021-01-01"), "presented"), None);
        assert_eq!(
            date_problem(Some(d("2021-01-01")), d("2021-01-01"), "presented"),
            None
        );
        assert!(date_problem(Some(d("2021-01-02")), d("2021-01-01"), "presented").is_some());
    }

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
