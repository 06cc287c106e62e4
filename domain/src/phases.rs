//! Phase decisions (001 §2.3.1, §4.1.5): a building block or base-data domain changes phase
//! only through a decision, one step forward along
//! Idé → Analys och krav → Utveckling → Införande → Förvaltning → Avveckling,
//! or back to any earlier phase with a justification. Leaving Analys och krav for Utveckling
//! (development funded directly, with a responsible agency decided) needs the four analyses
//! done and a responsible organisation. Avveckling is reached from any phase, with a
//! justification, and a decommissioned entry is read-only until a decision reopens it.

use chrono::NaiveDate;
use openapi::{Analyses, Phase, WorkStatus};

/// What the rules need to know about the subject of a decision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Subject {
    pub phase: Phase,
    pub has_responsible: bool,
    /// The four analyses: a block's, and a base-data domain's alike, since domains follow "samma
    /// modell för styrning och finansiering" as the blocks (001 §2).
    pub analyses: Analyses,
}

/// The position of a phase along the life cycle, 0 for Idé.
pub fn rank(p: Phase) -> usize {
    Phase::ALL.iter().position(|x| *x == p).unwrap_or(0)
}

/// The phase one step forward, if any.
pub fn next(p: Phase) -> Option<Phase> {
    Phase::ALL.get(rank(p) + 1).copied()
}

/// The phases from `from` (exclusive) to `to` (inclusive) one step at a time, when `to` lies
/// ahead of `from`; empty otherwise. Used to walk seeded entries to their reported phase.
pub fn path(from: Phase, to: Phase) -> Vec<Phase> {
    Phase::ALL[(rank(from) + 1).min(Phase::ALL.len())..]
        .iter()
        .take(rank(to).saturating_sub(rank(from)))
        .copied()
        .collect()
}

/// Why `subject` cannot move to `to` with this justification: `(field, message)` pairs, every
/// reason at once, empty when the move is allowed.
pub fn transition_problems(
    subject: &Subject,
    to: Phase,
    justification: &str,
) -> Vec<(&'static str, String)> {
    let from = subject.phase;
    let mut out = vec![];
    let (r_from, r_to) = (rank(from), rank(to));
    if r_to == r_from {
        out.push(("phase", format!("the entry is already in phase {from}")));
    } else if r_to < r_from {
        if justification.trim().is_empty() {
            out.push((
                "justification",
                format!("a move back from {from} to {to} needs a justification"),
            ));
        }
    } else if to == Phase::Avveckling {
        // 001 §4.1.1: the infrastructure owner secures the development, operation *and
        // decommissioning* (avveckling) of the infrastructure, so a block or domain can be
        // decommissioned from whatever phase it has reached (an idea abandoned in analysis
        // too), and the decision says why.
        if justification.trim().is_empty() {
            out.push((
                "justification",
                format!("decommissioning from {from} needs a justification"),
            ));
        }
    } else if r_to > r_from + 1 {
        let step = next(from).map(|p| p.as_str()).unwrap_or("none");
        out.push((
            "phase",
            format!(
                "a decision moves one step forward: from {from} the next phase is {step}, not {to}"
            ),
        ));
    } else if from == Phase::AnalysOchKrav && to == Phase::Utveckling {
        let a = subject.analyses;
        for (field, name, status) in [
            ("analyses.funding", "funding", a.funding),
            ("analyses.legal", "legal", a.legal),
            ("analyses.risk", "risk and consequence", a.risk),
            ("analyses.benefit", "benefit", a.benefit),
        ] {
            if status != WorkStatus::Klar {
                out.push((
                    field,
                    format!(
                        "the {name} analysis must be done (klar) before Utveckling; it is {status}"
                    ),
                ));
            }
        }
        if !subject.has_responsible {
            out.push((
                "responsible",
                "a responsible organisation must be appointed before Utveckling".to_string(),
            ));
        }
    }
    out
}

/// Who decides a phase: the infrastructure owner, which "decides on the investigation and
/// development of each building block and base-data domain" and secures their
/// decommissioning (001 §4.1.1). Why `deciding` (an organisation id) may not, if it may not;
/// `infrastructure_owner` is the organisation holding infrastrukturansvarig, if one does. An
/// operator may transcribe a decision, but in the name of the owner only.
pub fn decider_problem(deciding: &str, infrastructure_owner: Option<&str>) -> Option<String> {
    match infrastructure_owner {
        Some(owner) if owner == deciding => None,
        Some(_) => Some(
            "a phase decision is the infrastructure owner's (the organisation holding \
             infrastrukturansvarig)"
                .into(),
        ),
        None => Some(
            "a phase decision is the infrastructure owner's, and no organisation holds \
             infrastrukturansvarig"
                .into(),
        ),
    }
}

/// Why an entry in `phase` cannot be edited: a decommissioned one (avveckling) stays as it was
/// when it was decommissioned, with its history (001 §4.1.1); a decision moving it back to an
/// earlier phase reopens it.
pub fn edit_problem(phase: Phase) -> Option<String> {
    (phase == Phase::Avveckling).then(|| {
        "the entry is decommissioned (avveckling) and read-only; a phase decision moving it \
         back to an earlier phase, with a justification, reopens it"
            .to_string()
    })
}

/// Why a decision dated `date` cannot follow the subject's latest decision, dated `last`:
/// the record reads in order, so a decision is not dated before the one it follows.
pub fn date_problem(last: Option<NaiveDate>, date: NaiveDate) -> Option<String> {
    let last = last.filter(|l| date < *l)?;
    Some(format!(
        "is before the latest decision on this entry ({last}); decisions are recorded in order"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Phase::*;

    fn done() -> Analyses {
        Analyses {
            funding: WorkStatus::Klar,
            legal: WorkStatus::Klar,
            risk: WorkStatus::Klar,
            benefit: WorkStatus::Klar,
        }
    }

    fn block(phase: Phase) -> Subject {
        Subject {
            phase,
            has_responsible: true,
            analyses: done(),
        }
    }

    /// Every cell of the table from × to, for a ready block, with and without a justification.
    #[test]
    fn every_cell_of_the_transition_table() {
        for from in Phase::ALL {
            for to in Phase::ALL {
                let (f, t) = (rank(*from), rank(*to));
                let with = transition_problems(&block(*from), *to, "skäl");
                let without = transition_problems(&block(*from), *to, "");
                if *to == Avveckling && *from != Avveckling {
                    // Decommissioning, from any phase: with a justification only.
                    assert!(with.is_empty(), "{from} → {to} with a justification");
                    assert_eq!(without.len(), 1, "{from} → {to}");
                    assert_eq!(without[0].0, "justification");
                } else if t == f + 1 {
                    assert!(with.is_empty() && without.is_empty(), "{from} → {to}");
                } else if t < f {
                    assert!(with.is_empty(), "{from} → {to} with a justification");
                    assert_eq!(without.len(), 1, "{from} → {to}");
                    assert_eq!(without[0].0, "justification");
                } else {
                    // The same phase, or a jump of two or more steps.
                    assert_eq!(with.len(), 1, "{from} → {to}");
                    assert_eq!(with[0].0, "phase");
                }
            }
        }
    }

    #[test]
    fn the_table_by_name() {
        let ok = |from, to| transition_problems(&block(from), to, "").is_empty();
        assert!(ok(Ide, AnalysOchKrav));
        assert!(ok(AnalysOchKrav, Utveckling));
        assert!(ok(Utveckling, Inforande));
        assert!(ok(Inforande, Forvaltning));
        assert!(!ok(Forvaltning, Avveckling));
        assert!(!ok(Ide, Utveckling));
        assert!(!ok(Ide, Avveckling));
        let decommission =
            |from| transition_problems(&block(from), Avveckling, "Behovet föll bort");
        assert!(decommission(Forvaltning).is_empty());
        assert!(decommission(Ide).is_empty());
        assert!(decommission(AnalysOchKrav).is_empty());
        assert!(!ok(Avveckling, Avveckling));
        assert!(!ok(Utveckling, Ide));
        assert!(transition_problems(&block(Utveckling), Ide, "Nytt underlag").is_empty());
        assert!(transition_problems(&block(Avveckling), Forvaltning, "Ångrat").is_empty());
    }

    #[test]
    fn development_needs_every_analysis_done_and_a_responsible() {
        let s = Subject {
            phase: AnalysOchKrav,
            has_responsible: false,
            analyses: Analyses {
                funding: WorkStatus::Pagar,
                legal: WorkStatus::EjPaborjad,
                risk: WorkStatus::Klar,
                benefit: WorkStatus::Pagar,
            },
        };
        let fields: Vec<_> = transition_problems(&s, Utveckling, "")
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(
            fields,
            [
                "analyses.funding",
                "analyses.legal",
                "analyses.benefit",
                "responsible"
            ]
        );
        // Only the responsible missing.
        let s = Subject {
            has_responsible: false,
            ..block(AnalysOchKrav)
        };
        let p = transition_problems(&s, Utveckling, "");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].0, "responsible");
    }

    #[test]
    fn the_readiness_rule_applies_only_to_leaving_analysis_for_development() {
        let unready = Subject {
            phase: Ide,
            has_responsible: false,
            analyses: Analyses::default(),
        };
        assert!(transition_problems(&unready, AnalysOchKrav, "").is_empty());
        let unready = Subject {
            phase: Utveckling,
            ..unready
        };
        assert!(transition_problems(&unready, Inforande, "").is_empty());
        assert!(transition_problems(&unready, AnalysOchKrav, "Tillbaka").is_empty());
    }

    #[test]
    fn base_data_domains_pass_the_same_gate_as_blocks() {
        // A domain is a Subject like a block: its analyses and its responsible are checked.
        let domain = Subject {
            phase: AnalysOchKrav,
            has_responsible: true,
            analyses: Analyses::default(),
        };
        let fields: Vec<&str> = transition_problems(&domain, Utveckling, "")
            .iter()
            .map(|p| p.0)
            .collect();
        assert_eq!(
            fields,
            [
                "analyses.funding",
                "analyses.legal",
                "analyses.risk",
                "analyses.benefit"
            ]
        );
        let ready = Subject {
            analyses: done(),
            ..domain
        };
        assert!(transition_problems(&ready, Utveckling, "").is_empty());
    }

    #[test]
    fn paths_walk_one_step_at_a_time() {
        assert_eq!(path(Ide, Utveckling), [AnalysOchKrav, Utveckling]);
        assert_eq!(path(Ide, Ide), []);
        assert_eq!(path(Utveckling, Ide), []);
        assert_eq!(path(Forvaltning, Avveckling), [Avveckling]);
        assert_eq!(next(Avveckling), None);
    }

    #[test]
    fn only_the_infrastructure_owner_decides_a_phase() {
        assert_eq!(decider_problem("digg", Some("digg")), None);
        assert!(decider_problem("skatteverket", Some("digg")).is_some());
        assert!(decider_problem("digg", None).is_some());
    }

    #[test]
    fn a_decommissioned_entry_is_read_only() {
        assert!(edit_problem(Avveckling).is_some());
        for p in Phase::ALL.iter().filter(|p| **p != Avveckling) {
            assert_eq!(edit_problem(*p), None, "{p}");
        }
    }

    #[test]
    fn decisions_are_dated_in_order() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(date_problem(None, d("2020-01-01")), None);
        assert_eq!(date_problem(Some(d("2020-01-01")), d("2020-01-01")), None);
        assert_eq!(date_problem(Some(d("2020-01-01")), d("2021-06-30")), None);
        assert!(date_problem(Some(d("2021-01-01")), d("2020-12-31")).is_some());
    }
}
