//! Living plans (001 §7.1): milestones are due in a quarter; one past its quarter and not
//! done is late, and moving a milestone to another quarter is recorded, not overwritten.

use chrono::{Datelike, NaiveDate};
use openapi::WorkStatus;

use super::identifiers::Quarter;

/// The quarter `date` falls in.
pub fn quarter_of(date: NaiveDate) -> Quarter {
    Quarter {
        year: date.year(),
        quarter: (date.month0() / 3 + 1) as u8,
    }
}

/// Whether a milestone due in `due` with `status` is late on `today`: its quarter has ended
/// and it is not done.
pub fn is_late(due: Quarter, status: WorkStatus, today: NaiveDate) -> bool {
    status != WorkStatus::Klar && due < quarter_of(today)
}

/// Whether a change of the due quarter from `old` to `new` is a move to record.
pub fn is_move(old: &str, new: &str) -> bool {
    old != new
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn q(s: &str) -> Quarter {
        s.parse().unwrap()
    }

    #[test]
    fn quarters_of_dates() {
        assert_eq!(quarter_of(d("2021-01-01")).to_string(), "2021-Q1");
        assert_eq!(quarter_of(d("2021-03-31")).to_string(), "2021-Q1");
        assert_eq!(quarter_of(d("2021-04-01")).to_string(), "2021-Q2");
        assert_eq!(quarter_of(d("2021-09-30")).to_string(), "2021-Q3");
        assert_eq!(quarter_of(d("2021-12-31")).to_string(), "2021-Q4");
    }

    /// Every cell: status × (past, current, future quarter).
    #[test]
    fn late_means_past_its_quarter_and_not_done() {
        let today = d("2021-08-15");
        for status in WorkStatus::ALL {
            let not_done = *status != WorkStatus::Klar;
            assert_eq!(is_late(q("2021-Q2"), *status, today), not_done, "{status}");
            assert_eq!(is_late(q("2020-Q4"), *status, today), not_done, "{status}");
            assert!(
                !is_late(q("2021-Q3"), *status, today),
                "{status}: the current quarter"
            );
            assert!(!is_late(q("2021-Q4"), *status, today), "{status}");
            assert!(!is_late(q("2022-Q1"), *status, today), "{status}");
        }
        // The last day of the quarter is still in time; the next day is late.
        assert!(!is_late(q("2021-Q3"), WorkStatus::Pagar, d("2021-09-30")));
        assert!(is_late(q("2021-Q3"), WorkStatus::Pagar, d("2021-10-01")));
    }

    #[test]
    fn only_a_changed_quarter_is_a_move() {
        assert!(is_move("2021-Q1", "2021-Q2"));
        assert!(!is_move("2021-Q1", "2021-Q1"));
    }
}
