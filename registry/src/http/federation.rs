//! The federation feed: this node's change log, signed, for peers to pull.

use actix_web::{web, HttpResponse};
use openapi::{FeedItem, FeedPage, NodeInfo};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::extract::Query;
use super::responses::*;
use super::State;
use crate::error::{Error, Result};
use crate::federation::signing;
use crate::store::changes;

/// Items per page when `limit` is not given, and at most.
const DEFAULT_LIMIT: i64 = 100;
const MAX_LIMIT: i64 = 1000;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// Only changes after this sequence number (default 0: from the start).
    after: Option<i64>,
    /// Changes per page, 1–1000 (default 100).
    limit: Option<i64>,
}

/// Ändringsflödet / The change feed: every change of this node's log after `after`, oldest
/// first, each with the full entry (or a tombstone) and the origin's signature. Peers pull it
/// and resume from the last `seq` they applied.
#[utoipa::path(get, operation_id = "federation.changes", path = "/api/v1/federation/changes",
    tag = "federation", params(FeedQuery),
    responses((status = 200, description = "En sida av flödet / One page of the feed", body = FeedPage),
        (status = 400, response = BadRequest),
        (status = 503, response = Unavailable)))]
pub async fn changes(state: State, Query(q): Query<FeedQuery>) -> Result<HttpResponse> {
    let after = q.after.unwrap_or(0);
    if after < 0 {
        return Err(Error::field("after", "must be 0 or more"));
    }
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(Error::field(
            "limit",
            format!("must be between 1 and {MAX_LIMIT}"),
        ));
    }
    let (rows, last_seq) = state
        .run(move |c| Ok((changes::feed(c, after, limit)?, changes::last_seq(c)?)))
        .await?;
    let full = rows.len() as i64 == limit;
    let mut items = Vec::with_capacity(rows.len());
    for r in rows {
        let entry: Option<serde_json::Value> = r
            .after
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(|e| Error::Internal(e.into()))?;
        let statement = signing::statement(
            &r.entity,
            &r.entity_id,
            &r.origin,
            r.version,
            entry.as_ref(),
        );
        items.push(FeedItem {
            seq: r.seq,
            id: uuid::Uuid::parse_str(&r.entity_id).map_err(|e| Error::Internal(e.into()))?,
            signature: state.auth.sign_statement(&statement)?,
            entity: r.entity,
            origin: r.origin,
            version: r.version,
            operation: r.operation,
            entry,
        });
    }
    let next_after = if full {
        items.last().map(|i| i.seq)
    } else {
        None
    };
    Ok(HttpResponse::Ok().json(FeedPage {
        items,
        next_after,
        last_seq,
    }))
}

/// Om noden / About this node: its id, address, keys and the newest change.
#[utoipa::path(get, operation_id = "federation.node", path = "/api/v1/federation/node",
    tag = "federation",
    responses((status = 200, description = "Noden / The node", body = NodeInfo),
        (status = 503, response = Unavailable)))]
pub async fn node(state: State) -> Result<HttpResponse> {
    let last_seq = state.run(changes::last_seq).await?;
    let base = &state.settings.public_url;
    Ok(HttpResponse::Ok().json(NodeInfo {
        node_id: state.settings.node_id.clone(),
        public_url: base.clone(),
        jwks_uri: format!("{base}/.well-known/jwks.json"),
        last_seq,
    }))
}

#[derive(OpenApi)]
#[openapi(paths(changes, node), components(schemas(FeedItem, FeedPage, NodeInfo)),
    tags((name = "federation", description = "Federation: noder som speglar varandra / nodes that mirror each other")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/federation/changes", web::get().to(changes))
        .route("/federation/node", web::get().to(node));
}
