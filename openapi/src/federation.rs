use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// One entry state in a node's change feed, signed by the node the entry belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FeedItem {
    /// Position in the serving node's change log; pull again with `after` set to the last one.
    pub seq: i64,
    /// Resource kind, as in the path.
    #[schema(example = "building-blocks")]
    pub entity: String,
    pub id: Uuid,
    /// The node the entry belongs to: only it changes the entry.
    #[schema(example = "digg")]
    pub origin: String,
    pub version: i64,
    /// `create`, `update` or `delete`.
    #[schema(example = "update")]
    pub operation: String,
    /// The whole entry after the change; absent for a deletion (a tombstone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<serde_json::Value>,
    /// Detached JWS (RFC 7515 Appendix F, EdDSA) by the origin over the canonical JSON of
    /// `{entity, id, origin, version, entry}` (keys sorted, no whitespace; `entry` null for a
    /// tombstone). Verify it with the origin's keys at `/.well-known/jwks.json`.
    pub signature: String,
}

/// A page of the change feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FeedPage {
    pub items: Vec<FeedItem>,
    /// `after` for the next page; absent when this page reached the end of the log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_after: Option<i64>,
    /// The newest sequence number in the log, to tell how far behind a reader is.
    pub last_seq: i64,
}

/// Who a node is, for its peers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NodeInfo {
    #[schema(example = "digg")]
    pub node_id: String,
    #[schema(example = "https://register.digg.se")]
    pub public_url: String,
    #[schema(example = "https://register.digg.se/.well-known/jwks.json")]
    pub jwks_uri: String,
    pub last_seq: i64,
}

/// A node this node pulls entries from, with the state of the pulling. `waiting`, `failures`,
/// `nextAttemptAt`, `clientId` and `lastError` are shown only to the infrastructure owner and
/// operators (with a bearer token); others get the peer without them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Peer {
    pub id: Uuid,
    #[schema(example = "https://register.bolagsverket.se")]
    pub url: String,
    /// The peer's node id, known after the first contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_id: Option<String>,
    /// Further origins whose entries the peer may forward (its own are always accepted).
    pub origins: Vec<String>,
    /// Seconds between two pulls.
    #[schema(example = 60)]
    pub interval_seconds: i64,
    /// The last sequence number of the peer's feed applied here.
    pub cursor: i64,
    /// Changes of the peer's feed not applied yet, as of the last pull.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lag_entries: Option<i64>,
    /// Seconds the mirror is behind: 0 when the last pull left nothing unapplied, else the time
    /// since the mirror last held everything the peer had.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lag_seconds: Option<i64>,
    /// Verified changes that wait for an entry they refer to; tried again after every page.
    /// Shown only to the infrastructure owner and operators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<i64>,
    /// Failed pulls in a row; the scheduler doubles its wait after each, up to an hour.
    /// Shown only to the infrastructure owner and operators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failures: Option<i64>,
    /// When the scheduler pulls the peer next (unless pulled on demand before).
    /// Shown only to the infrastructure owner and operators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The OAuth2 client this node authenticates as to a peer whose feed is not public (the
    /// secret is never shown). Shown only to the infrastructure owner and operators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempt_at: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_success_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Why the last pull failed, or the first change it refused. Shown only to the
    /// infrastructure owner and operators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// Changes applied from this peer, and changes rejected (bad signature, foreign origin, …).
    pub applied: i64,
    pub rejected: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// What the infrastructure owner sends to add a peer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"url": "https://register.bolagsverket.se", "intervalSeconds": 60, "origins": []}))]
pub struct PeerInput {
    /// The peer's base URL (http or https).
    #[schema(value_type = crate::strings::HttpUrl)]
    pub url: String,
    /// Seconds between two pulls, 1–86400 (default 60).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 86_400)]
    pub interval_seconds: Option<i64>,
    /// Further origins the peer may forward entries of, e.g. the agencies it mirrors.
    #[serde(default)]
    #[schema(value_type = Vec<crate::strings::Slug>)]
    pub origins: Vec<String>,
    /// For a peer whose feed is not public: a client of the peer's built-in issuer
    /// (`registry clients create` there), used for tokens from its `/oauth/token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::strings::Secret>)]
    pub client_id: Option<String>,
    /// That client's secret; kept to ask for tokens, never shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::strings::Secret>)]
    pub client_secret: Option<String>,
}
