//! Classifying and prioritising idea candidates (001 §4.1.5): proposed → qualified (a real
//! shared need) → accepted (a building block in phase Idé); rejected, with a reason, from
//! proposed or qualified. Only a qualified candidate is prioritised or accepted.

use openapi::IdeaStatus;

/// A step the infrastructure owner takes on a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Qualify,
    Prioritise,
    Reject,
    Accept,
}

/// The status after `step` from `status`, or why the step is not allowed.
pub fn step(status: IdeaStatus, step: Step) -> Result<IdeaStatus, String> {
    use IdeaStatus::*;
    match (step, status) {
        (Step::Qualify, Foreslagen) => Ok(Kvalificerad),
        (Step::Prioritise, Kvalificerad) => Ok(Kvalificerad),
        (Step::Reject, Foreslagen | Kvalificerad) => Ok(Avslagen),
        (Step::Accept, Kvalificerad) => Ok(Antagen),
        (Step::Prioritise | Step::Accept, Foreslagen) => {
            Err("the candidate is qualified first (is there a real shared need?)".into())
        }
        (_, s) => Err(format!("the candidate is {s}; this step is not open to it")),
    }
}

/// Why `p` is not a priority, if it is not: 1 (highest) to 5.
pub fn priority_problem(p: i32) -> Option<&'static str> {
    (!(1..=5).contains(&p)).then_some("must be 1 (highest) to 5")
}

#[cfg(test)]
mod tests {
    use super::*;
    use IdeaStatus::*;

    /// Every cell: step × status.
    #[test]
    fn the_step_table() {
        let steps = [Step::Qualify, Step::Prioritise, Step::Reject, Step::Accept];
        let expected = |s: Step, st: IdeaStatus| match (s, st) {
            (Step::Qualify, Foreslagen) => Some(Kvalificerad),
            (Step::Prioritise, Kvalificerad) => Some(Kvalificerad),
            (Step::Reject, Foreslagen | Kvalificerad) => Some(Avslagen),
            (Step::Accept, Kvalificerad) => Some(Antagen),
            _ => None,
        };
        for s in steps {
            for st in IdeaStatus::ALL {
                assert_eq!(step(*st, s).ok(), expected(s, *st), "{s:?} from {st}");
            }
        }
        assert!(step(Foreslagen, Step::Accept)
            .unwrap_err()
            .contains("qualified first"));
        assert!(step(Antagen, Step::Reject).unwrap_err().contains("antagen"));
    }

    #[test]
    fn priorities() {
        assert_eq!(priority_problem(1), None);
        assert_eq!(priority_problem(5), None);
        assert!(priority_problem(0).is_some());
        assert!(priority_problem(6).is_some());
    }
}
