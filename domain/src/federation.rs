//! When to pull a peer, and how far behind the mirror of it is: plain rules, no I/O.

use chrono::{DateTime, TimeDelta, Utc};

/// A peer as a caller may see it: its internals (the last error, waiting changes, failures,
/// the next attempt, the client id) only `inside` (the infrastructure owner and operators),
/// in the API and the web interface alike.
pub fn shown(peer: openapi::Peer, inside: bool) -> openapi::Peer {
    if inside {
        return peer;
    }
    openapi::Peer {
        waiting: None,
        failures: None,
        next_attempt_at: None,
        client_id: None,
        last_error: None,
        ..peer
    }
}

/// The longest wait between two tries of a failing peer, unless its own interval is longer.
pub const MAX_BACKOFF_SECONDS: i64 = 3600;

/// Seconds to wait after the last try before pulling again: the peer's interval while pulls
/// succeed, doubled for every failure in a row (a peer that is down is not hammered, and one
/// that comes back is heard from again within the limit).
pub fn wait_seconds(interval: i64, failures: i64) -> i64 {
    let interval = interval.max(1);
    if failures <= 0 {
        return interval;
    }
    let doubled = interval.saturating_mul(1_i64 << failures.min(20));
    doubled.min(MAX_BACKOFF_SECONDS.max(interval))
}

/// When a peer is due: one wait after its last try, or one interval after it was added (an
/// on-demand sync right after adding it is then not raced by the scheduler).
pub fn next_attempt(
    interval: i64,
    failures: i64,
    last_attempt: Option<DateTime<Utc>>,
    added: DateTime<Utc>,
) -> DateTime<Utc> {
    let since = last_attempt.unwrap_or(added);
    since + TimeDelta::seconds(wait_seconds(interval, failures))
}

/// Seconds the mirror is behind the peer: none before the first successful pull, 0 when the
/// last pull left nothing of the peer's feed unapplied, else the time since the mirror last
/// held everything the peer had (or since the peer was added, if it never did).
pub fn lag_seconds(
    lag_entries: Option<i64>,
    caught_up: Option<DateTime<Utc>>,
    added: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<i64> {
    match lag_entries? {
        0 => Some(0),
        _ => Some((now - caught_up.unwrap_or(added)).num_seconds().max(0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + s, 0).unwrap()
    }

    #[test]
    fn a_healthy_peer_is_pulled_at_its_interval() {
        assert_eq!(wait_seconds(60, 0), 60);
        assert_eq!(wait_seconds(1, 0), 1);
        assert_eq!(wait_seconds(0, 0), 1, "never a busy loop");
    }

    #[test]
    fn each_failure_in_a_row_doubles_the_wait_up_to_the_limit() {
        assert_eq!(wait_seconds(60, 1), 120);
        assert_eq!(wait_seconds(60, 2), 240);
        assert_eq!(wait_seconds(60, 5), 1920);
        assert_eq!(wait_seconds(60, 6), 3600);
        assert_eq!(wait_seconds(60, 1000), 3600, "no overflow");
        assert_eq!(wait_seconds(1, 3), 8);
    }

    #[test]
    fn a_peer_pulled_less_often_than_the_limit_keeps_its_interval() {
        assert_eq!(wait_seconds(86_400, 3), 86_400);
    }

    #[test]
    fn a_new_peer_is_first_due_one_interval_after_it_was_added() {
        assert_eq!(next_attempt(60, 0, None, at(0)), at(60));
        assert_eq!(next_attempt(60, 0, Some(at(100)), at(0)), at(160));
        assert_eq!(next_attempt(60, 2, Some(at(100)), at(0)), at(340));
    }

    #[test]
    fn lag_is_unknown_before_the_first_pull_and_zero_when_caught_up() {
        assert_eq!(lag_seconds(None, None, at(0), at(50)), None);
        assert_eq!(lag_seconds(Some(0), Some(at(10)), at(0), at(50)), Some(0));
    }

    #[test]
    fn lag_counts_from_when_the_mirror_last_held_everything() {
        assert_eq!(lag_seconds(Some(7), Some(at(10)), at(0), at(50)), Some(40));
        assert_eq!(lag_seconds(Some(7), None, at(0), at(50)), Some(50));
        assert_eq!(lag_seconds(Some(7), Some(at(60)), at(0), at(50)), Some(0));
    }
}
