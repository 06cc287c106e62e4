//! The state of every peer as Prometheus gauges, read from the database when `/metrics` is
//! scraped: the peers table is shared by every process of the node, so a gauge kept in one
//! process's memory would show only the pulls that process happened to make.

use prometheus::{IntGaugeVec, Opts, Registry};

use crate::store::peers::Row;

#[derive(Clone)]
pub struct PeerMetrics {
    gauges: Vec<(Field, IntGaugeVec)>,
}

#[derive(Clone, Copy)]
enum Field {
    Cursor,
    LagEntries,
    LagSeconds,
    Waiting,
    Failures,
    Applied,
    Rejected,
    LastSuccess,
}

impl Field {
    const ALL: [(Field, &'static str, &'static str); 8] = [
        (
            Field::Cursor,
            "peer_cursor",
            "Last sequence number of the peer's feed applied here",
        ),
        (
            Field::LagEntries,
            "peer_lag_entries",
            "Changes of the peer's feed not applied yet, as of the last pull",
        ),
        (
            Field::LagSeconds,
            "peer_lag_seconds",
            "Seconds since the mirror last held everything the peer had (0 when caught up)",
        ),
        (
            Field::Waiting,
            "peer_waiting_changes",
            "Verified changes waiting for an entry they refer to",
        ),
        (Field::Failures, "peer_failures", "Failed pulls in a row"),
        (
            Field::Applied,
            "peer_applied_changes",
            "Changes applied from the peer",
        ),
        (
            Field::Rejected,
            "peer_rejected_changes",
            "Changes of the peer rejected (signature, origin)",
        ),
        (
            Field::LastSuccess,
            "peer_last_success_timestamp_seconds",
            "Unix time of the last successful pull",
        ),
    ];

    fn value(self, row: &Row, waiting: i64) -> Option<i64> {
        match self {
            Field::Cursor => Some(row.cursor),
            Field::LagEntries => row.lag_entries(),
            Field::LagSeconds => row.lag_seconds(),
            Field::Waiting => Some(waiting),
            Field::Failures => Some(row.failures),
            Field::Applied => Some(row.applied),
            Field::Rejected => Some(row.rejected),
            Field::LastSuccess => row.last_success_at.map(|t| t.and_utc().timestamp()),
        }
    }
}

impl PeerMetrics {
    /// The gauges, registered in `registry` (the one `/metrics` serves).
    pub fn register(registry: &Registry) -> anyhow::Result<PeerMetrics> {
        let mut gauges = vec![];
        for (field, name, help) in Field::ALL {
            let g = IntGaugeVec::new(
                Opts::new(name, help).namespace("registry"),
                &["peer", "node"],
            )?;
            registry.register(Box::new(g.clone()))?;
            gauges.push((field, g));
        }
        Ok(PeerMetrics { gauges })
    }

    /// Sets every gauge from the peers as stored; a removed peer's series disappear.
    pub fn update(&self, rows: &[Row], waiting: &std::collections::HashMap<String, i64>) {
        for (field, g) in &self.gauges {
            g.reset();
            for row in rows {
                let node = row.node_id.as_deref().unwrap_or("");
                let w = waiting.get(&row.id).copied().unwrap_or(0);
                if let Some(v) = field.value(row, w) {
                    g.with_label_values(&[row.url.as_str(), node]).set(v);
                }
            }
        }
    }
}
