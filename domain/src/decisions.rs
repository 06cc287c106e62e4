//! The decision register (001 §4.1.1, §5.2.7): the infrastructure owner's decisions, each with
//! its date, reference, subject and text, from which its yearly report to the government is
//! produced. Whose a decision is, and which kind a recorded change is.

use openapi::{DecisionKind, Phase};

/// Why `deciding` cannot be the decider of a decision in the register: the register holds the
/// infrastructure owner's decisions ("infrastrukturansvarig ... rapporterar årligen till
/// regeringen", 001 §5.2.7), so the decider is the organisation holding infrastrukturansvarig.
pub fn decider_problem(deciding: &str, infrastructure_owner: Option<&str>) -> Option<String> {
    match infrastructure_owner {
        Some(owner) if owner == deciding => None,
        Some(_) => Some(
            "the decision register holds the infrastructure owner's decisions (the \
             organisation holding infrastrukturansvarig)"
                .into(),
        ),
        None => Some(
            "the decision register holds the infrastructure owner's decisions, and no \
             organisation holds infrastrukturansvarig"
                .into(),
        ),
    }
}

/// The kind of a phase decision to `phase`: decommissioning has a kind of its own.
pub fn phase_kind(phase: Phase) -> DecisionKind {
    if phase == Phase::Avveckling {
        DecisionKind::Avveckling
    } else {
        DecisionKind::Fasbeslut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_register_holds_the_owners_decisions() {
        assert_eq!(decider_problem("digg", Some("digg")), None);
        assert!(decider_problem("bolagsverket", Some("digg")).is_some());
        assert!(decider_problem("digg", None).is_some());
    }

    #[test]
    fn decommissioning_is_a_kind_of_its_own() {
        assert_eq!(phase_kind(Phase::Avveckling), DecisionKind::Avveckling);
        assert_eq!(phase_kind(Phase::Utveckling), DecisionKind::Fasbeslut);
    }
}
