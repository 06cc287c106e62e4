//! The federation feed: this node's change log, signed, for peers to pull.

use actix_web::{web, HttpResponse};
use openapi::{FeedItem, FeedPage, NodeInfo, Peer, PeerInput};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::extract::{Json, Query};
use super::responses::*;
use super::State;
use crate::error::{Error, Result};
use crate::http::extract::Writer;
use crate::keys::signing;
use crate::store::changes;
use crate::store::peers;
use domain::permissions::{Action, Resource, Subject};

/// Items per page when `limit` is not given, and at most.
const DEFAULT_LIMIT: i64 = 100;
const MAX_LIMIT: i64 = 1000;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// Only changes after this sequence number (default 0: from the start).
    #[param(minimum = 0, default = 0)]
    after: Option<i64>,
    /// Changes per page, 1–1000 (default 100).
    #[param(minimum = 1, maximum = 1000, default = 100)]
    limit: Option<i64>,
}

/// Ändringsflödet / The change feed: every change of this node's log after `after`, oldest
/// first, each with the full entry (or a tombstone) and the origin's signature. Peers pull it
/// and resume from the last `seq` they applied. A node started with `--private-feed` serves it
/// only to callers with a bearer token of its issuer (a peer's client).
#[utoipa::path(get, operation_id = "federation.changes", path = "/api/v1/federation/changes",
    tag = "federation", params(FeedQuery),
    responses((status = 200, description = "En sida av flödet / One page of the feed", body = FeedPage),
        BadRequest, Unauthorized, Unavailable))]
pub async fn changes(
    state: State,
    req: actix_web::HttpRequest,
    Query(q): Query<FeedQuery>,
) -> Result<HttpResponse> {
    if state.settings.private_feed {
        // Any caller this node's issuer (or trusted provider) vouches for: a peer's client.
        use actix_web::FromRequest;
        Writer::from_request(&req, &mut actix_web::dev::Payload::None).await?;
    }
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
        .db
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
            .map_err(Error::internal)?;
        let statement = signing::statement(
            &r.entity,
            &r.entity_id,
            &r.origin,
            r.version,
            entry.as_ref(),
        );
        // This node signs its own entries; a mirrored one is forwarded with its origin's
        // signature, never re-signed (a change mirrored before signatures were kept has none
        // and is not forwarded).
        let signature = if r.origin == state.settings.node_id {
            state.auth.sign_statement(&statement)?
        } else {
            match r.signature.clone() {
                Some(s) => s,
                None => continue,
            }
        };
        items.push(FeedItem {
            seq: r.seq,
            id: uuid::Uuid::parse_str(&r.entity_id).map_err(Error::internal)?,
            signature,
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
        Unavailable))]
pub async fn node(state: State) -> Result<HttpResponse> {
    let last_seq = state.db.run(|c| changes::last_seq(c)).await?;
    let base = &state.settings.public_url;
    Ok(HttpResponse::Ok().json(NodeInfo {
        node_id: state.settings.node_id.clone(),
        public_url: base.clone(),
        jwks_uri: format!("{base}/.well-known/jwks.json"),
        last_seq,
    }))
}

/// Noder som speglas / Peers: the nodes this node pulls from, and how pulling goes. With a
/// token of the infrastructure owner (or an operator) each peer also shows its internals:
/// `lastError`, `waiting`, `failures`, `nextAttemptAt`, `clientId`.
#[utoipa::path(get, operation_id = "federation.peers.list", path = "/api/v1/federation/peers",
    tag = "federation", security((), ("bearer" = [])),
    responses((status = 200, description = "Alla / All", body = Vec<Peer>),
        Unavailable))]
pub async fn list_peers(state: State, req: actix_web::HttpRequest) -> Result<HttpResponse> {
    let inside = sees_internals(&state, &req).await?;
    let list: Vec<Peer> = state
        .db
        .run(|c| peers::list(c))
        .await?
        .into_iter()
        .map(|p| domain::federation::shown(p, inside))
        .collect();
    Ok(HttpResponse::Ok().json(list))
}

/// Whether the caller may see a peer's internals (`Action::ReadPeerInternals`): a bearer token
/// of the infrastructure owner or an operator. Reads are public, so no token, or one that does
/// not verify, is simply the public view.
async fn sees_internals(state: &State, req: &actix_web::HttpRequest) -> Result<bool> {
    use actix_web::FromRequest;
    if !req
        .headers()
        .contains_key(actix_web::http::header::AUTHORIZATION)
    {
        return Ok(false);
    }
    let who = match Writer::from_request(req, &mut actix_web::dev::Payload::None).await {
        Ok(Writer(who)) => who,
        Err(e @ (Error::Unavailable(_) | Error::Internal(_))) => return Err(e),
        Err(_) => return Ok(false),
    };
    state
        .db
        .run(move |c| {
            match crate::auth::authorize(c, &who, Action::ReadPeerInternals, &Subject::Register) {
                Ok(()) => Ok(true),
                Err(Error::Forbidden { .. }) => Ok(false),
                Err(e) => Err(e),
            }
        })
        .await
}

/// En nod som speglas / One peer: last success, cursor, lag, counts; with a token of the
/// infrastructure owner (or an operator) also last error, waiting changes, failures, next
/// attempt and client id.
#[utoipa::path(get, operation_id = "federation.peers.get", path = "/api/v1/federation/peers/{id}",
    tag = "federation", params(("id" = String, Path, description = "The peer's id")),
    security((), ("bearer" = [])),
    responses((status = 200, description = "Noden / The peer", body = Peer),
        NotFound, Unavailable))]
pub async fn get_peer(
    state: State,
    req: actix_web::HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse> {
    let id = id.into_inner();
    let inside = sees_internals(&state, &req).await?;
    let peer = state.db.run(move |c| peers::get(c, &id)).await?;
    Ok(HttpResponse::Ok().json(domain::federation::shown(peer, inside)))
}

/// Lägg till en nod att spegla / Add a peer (the infrastructure owner). The URL is the peer's
/// base: http or https, no user info, query or fragment, and no private, loopback or
/// link-local address unless this node allows them (`--outbound-allow-private`).
#[utoipa::path(post, operation_id = "federation.peers.create", path = "/api/v1/federation/peers",
    tag = "federation", request_body = PeerInput, security(("bearer" = [])),
    responses((status = 201, description = "Tillagd / Added", body = Peer),
        BadRequest, Unprocessable, Unauthorized, Forbidden, Conflict, Unavailable))]
pub async fn create_peer(
    state: State,
    Writer(who): Writer,
    Json(input): Json<PeerInput>,
) -> Result<HttpResponse> {
    let allow_private = state.settings.fetch_allow_private;
    let peer = super::write(&state, move |c| {
        let action = Action::Create(Resource::Peer);
        crate::auth::authorize(c, &who, action, &Subject::Register)?;
        let seal = &crate::keys::sealed::seal_peer_secret;
        peers::create(c, input, allow_private, seal)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/federation/peers/{}", peer.id)))
        .json(peer))
}

/// Sluta spegla en nod / Remove a peer; what was mirrored from it stays, read-only.
#[utoipa::path(delete, operation_id = "federation.peers.delete", path = "/api/v1/federation/peers/{id}",
    tag = "federation", params(("id" = String, Path, description = "The peer's id")), security(("bearer" = [])),
    responses((status = 204, description = "Borttagen / Removed"),
        Unauthorized, Forbidden, NotFound, Unavailable))]
pub async fn delete_peer(
    state: State,
    Writer(who): Writer,
    id: web::Path<String>,
) -> Result<HttpResponse> {
    let id = id.into_inner();
    super::write(&state, move |c| {
        let action = Action::Delete(Resource::Peer);
        crate::auth::authorize(c, &who, action, &Subject::Register)?;
        peers::delete(c, &id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Nycklar per ursprung / The public keys of every origin this node knows: its own and those
/// of the nodes it mirrors, so that entries it forwards can be checked by whoever pulls them.
#[utoipa::path(get, operation_id = "federation.keys", path = "/api/v1/federation/keys",
    tag = "federation",
    responses((status = 200, description = "JWKS per nod / JWKS by node id", body = Object),
        Unavailable))]
pub async fn keys(state: State) -> Result<HttpResponse> {
    let mut all: std::collections::BTreeMap<String, serde_json::Value> = state
        .db
        .run(|c| peers::known_keys(c))
        .await?
        .into_iter()
        .collect();
    all.insert(state.settings.node_id.clone(), state.auth.jwks());
    Ok(HttpResponse::Ok().json(all))
}

/// Hämta från noden nu / Pull a peer now (the infrastructure owner); answers what was applied
/// and what was refused, and why.
#[utoipa::path(post, operation_id = "federation.peers.sync", path = "/api/v1/federation/peers/{id}/sync",
    tag = "federation", params(("id" = String, Path, description = "The peer's id")), security(("bearer" = [])),
    responses((status = 200, description = "Vad som hämtades / What was pulled", body = Object),
        Unauthorized, Forbidden, NotFound, PeerFailed, Unavailable))]
pub async fn sync_peer(
    state: State,
    Writer(who): Writer,
    id: web::Path<String>,
) -> Result<HttpResponse> {
    let id = id.into_inner();
    let peer_id = id.clone();
    state
        .db
        .run(move |c| {
            peers::row(c, &peer_id)?;
            crate::auth::authorize(c, &who, Action::SyncPeer, &Subject::Register)
        })
        .await?;
    let puller = crate::federation::pull::Puller::new(state.db.clone(), &state.settings);
    let report = puller.pull(&id).await?;
    Ok(HttpResponse::Ok().json(report))
}

#[derive(OpenApi)]
#[openapi(paths(changes, node, keys, list_peers, get_peer, create_peer, delete_peer, sync_peer),
    components(schemas(FeedItem, FeedPage, NodeInfo, Peer, PeerInput)),
    tags((name = "federation", description = "Federation: noder som speglar varandra / nodes that mirror each other")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/federation/changes", web::get().to(changes))
        .route("/federation/node", web::get().to(node))
        .route("/federation/keys", web::get().to(keys))
        .route("/federation/peers/{id}/sync", web::post().to(sync_peer))
        .route("/federation/peers", web::get().to(list_peers))
        .route("/federation/peers", web::post().to(create_peer))
        .route("/federation/peers/{id}", web::get().to(get_peer))
        .route("/federation/peers/{id}", web::delete().to(delete_peer));
}
