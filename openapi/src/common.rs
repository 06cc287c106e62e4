use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Identity and version of every entry (DESIGN.md §Identity and federation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EntryMeta {
    /// UUID v7, stable across nodes.
    pub id: Uuid,
    /// Node id of the node that owns the entry. / Nod som äger posten.
    #[schema(example = "digg")]
    pub origin: String,
    /// Absolute URI of the entry at its origin.
    #[schema(
        example = "http://127.0.0.1:8080/api/v1/building-blocks/0190c0de-0000-7000-8000-000000000000"
    )]
    pub uri: String,
    /// Increments on every change; the ETag of the entry.
    #[schema(example = 1)]
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What every entry of the register has: its identity and version.
pub trait Entry {
    fn meta(&self) -> &EntryMeta;
}

/// Every collection's entries carry their identity (`openapi::collections!`).
macro_rules! entries {
    ($($module:ident: $segment:literal, $wire:ident, $input:ident, $mirroring:ident, ($sv:literal, $en:literal);)*) => {
        $(impl Entry for crate::$wire {
            fn meta(&self) -> &EntryMeta {
                &self.meta
            }
        })*
    };
}

crate::collections!(entries);

/// A reference to another entry, with enough to show it without another request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EntryRef {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "digg")]
    pub slug: Option<String>,
    #[schema(example = "Myndigheten för digital förvaltning")]
    pub name: String,
}

/// One page of a list: `limit`/`offset` paging, or `cursor` for deep keyset paging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Number of entries matching the filters, over all pages.
    pub total_count: i64,
    pub limit: i64,
    pub offset: i64,
    /// Pass as `cursor` to get the page after this one; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// RFC 9457 problem details, used for every error response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "type": "https://register.example.se/problems/validation",
    "title": "Ogiltig begäran / Invalid request",
    "status": 400,
    "detail": "organisationNumber: the check digit is wrong",
    "instance": "/api/v1/organisations",
    "errors": [{"field": "organisationNumber", "message": "the check digit is wrong"}]
}))]
pub struct Problem {
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub instance: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// With 403: the roles, any one of which (held for the entry concerned) would allow it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(example = json!(["infrastrukturansvarig", "byggblocksansvarig"]))]
    pub required_roles: Vec<String>,
}

/// One reason a request was refused, naming the field (a JSON pointer-like dotted path).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    #[schema(example = "organisationNumber")]
    pub field: String,
    #[schema(example = "the check digit is wrong")]
    pub message: String,
}

/// RAP 1.2.0 `api-info`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiInfo {
    #[schema(example = "building-block-registry")]
    pub api_name: String,
    #[schema(example = "1.0.0")]
    pub api_version: String,
    #[schema(example = "2026-11-23")]
    pub api_released: String,
    pub api_documentation: String,
    #[schema(example = "active")]
    pub api_status: String,
}

/// One entry of the change log, seen as an audit record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// Position in this node's append-only change log.
    pub seq: i64,
    /// Resource kind, as in the path: `building-blocks`, `organisations`, …
    #[schema(example = "building-blocks")]
    pub entity: String,
    pub entity_id: Uuid,
    pub origin: String,
    /// Entry version after the change.
    pub version: i64,
    /// `create`, `update` or `delete`.
    #[schema(example = "update")]
    pub operation: String,
    /// Who made the change: the organisation's slug (or `operator`) for an authenticated
    /// write, else the process (`seed`, `import`).
    #[schema(example = "digg")]
    pub actor: String,
    /// Id of the acting organisation, when the write was authenticated as one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_organisation: Option<String>,
    /// The OAuth2 client that obtained the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_client: Option<String>,
    /// The token's `sub`, when it names a person or system other than the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_subject: Option<String>,
    pub at: DateTime<Utc>,
    /// Entry state before the change (absent for a creation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<serde_json::Value>,
    /// Entry state after the change (absent for a deletion: a tombstone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<serde_json::Value>,
    /// Present when the acting party was not held to the register's permissions: a write by
    /// an operator token (which holds no role) says so here, for every change it made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bypass: Option<String>,
}

/// Count of entries for one value of a facet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FacetCount {
    /// The value (an enum slug or an organisation id); `null` counts entries without one.
    pub value: Option<String>,
    /// Human label (Swedish) where one exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub count: i64,
}
