//! Pulling a peer: its feed page by page from the cursor, each item checked (an origin the peer
//! may speak for, a signature that verifies with that origin's keys) and applied, each page in
//! one transaction together with the cursor, so that a crash or a dropped connection resumes
//! exactly where it stopped, and a faulty peer costs only its own bad items.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use diesel::Connection;
use jsonwebtoken::jwk::JwkSet;
use openapi::FeedItem;
use serde::Serialize;

use super::signing;
use crate::error::{Error, Result};
use crate::http::AppState;
use crate::store::{self, mirror, peers, Ctx};
use domain::text;

/// What one pull did.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub applied: i64,
    pub unchanged: i64,
    /// Refused for good: a signature that does not verify, an origin the peer may not
    /// speak for.
    pub rejected: Vec<Rejection>,
    /// Verified, but not applicable yet (an entry they refer to has not arrived); tried
    /// again after every page.
    pub waiting: Vec<Rejection>,
    pub cursor: i64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rejection {
    pub seq: i64,
    pub entity: String,
    pub id: String,
    pub origin: String,
    pub reason: String,
}

fn failed(e: impl std::fmt::Display) -> Error {
    Error::PeerFailed(e.to_string())
}

/// A call to the peer that failed, said without anything of what the peer answered: a peer's
/// URL may point anywhere the infrastructure owner typed, and the answer's text must not come
/// back through this node (in the 502 or in the peer's `lastError`).
fn unreadable(e: client::ClientError) -> Error {
    failed(match &e {
        client::ClientError::Http(inner) => crate::outbound::describe(inner),
        client::ClientError::Problem { status, .. } => {
            format!("the peer answered {status} (a problem whose text is not repeated here)")
        }
        client::ClientError::Unexpected { status, .. } if status.is_success() => {
            format!("the peer answered {status} with something that is not the expected JSON")
        }
        client::ClientError::Unexpected { status, .. } => format!("the peer answered {status}"),
        // The token endpoint's own words (error_description) are the peer's text too.
        client::ClientError::Token(_) => {
            "obtaining a token from the peer failed (the client id and secret were refused, \
             or the answer was not a token)"
                .to_string()
        }
    })
}

/// The peer's node id as it names itself, when it is one (anything else is not repeated).
fn named(node_id: &str) -> String {
    if domain::identifiers::slug_problem(node_id).is_none() {
        format!("'{node_id}'")
    } else {
        "something that is not a node id".into()
    }
}

/// Pulls everything new from one peer. An error means the peer could not be read; what was
/// applied before it stays applied, and the peer's state tells what happened.
pub async fn pull(state: &AppState, peer_id: &str) -> Result<Report> {
    let id = peer_id.to_string();
    let peer = state.run(move |c| peers::row(c, &id)).await?;
    let result = pull_from(state, &peer).await;
    if let Err(e) = &result {
        let (id, progress) = (
            peer.id.clone(),
            peers::Progress {
                error: Some(e.to_string()),
                ..peers::Progress::default()
            },
        );
        state
            .run(move |c| store::write(c, |c| peers::record(c, &id, &progress)))
            .await?;
    }
    result
}

async fn pull_from(state: &AppState, peer: &peers::Row) -> Result<Report> {
    // Every request to the peer goes through the guard (crate::outbound), the token request
    // too; a URL stored before the guard existed is checked here as well.
    let timeout = Duration::from_secs(state.settings.peer_timeout_secs);
    let policy = crate::outbound::Policy {
        connect_timeout: timeout.min(Duration::from_secs(3)),
        ..crate::outbound::Policy::new(state.settings.fetch_allow_private, timeout).redirects(3)
    };
    let outbound = crate::outbound::Outbound::new(&policy).map_err(failed)?;
    outbound.check(&peer.url).map_err(failed)?;
    let mut client = client::Client::new(&peer.url).with_http_client(outbound.http());
    if let Some(id) = &peer.client_id {
        let secret = state
            .run({
                let row = peer.clone();
                move |c| crate::auth::sealed::open_peer_secret(c, &row)
            })
            .await?;
        if let Some(secret) = secret {
            let token_http =
                crate::outbound::client(&policy.clone().redirects(0)).map_err(failed)?;
            client = client.with_client_credentials_using(id, &secret, token_http);
        }
    }
    let node = client.node_info().await.map_err(unreadable)?;
    if let Some(known) = &peer.node_id {
        if *known != node.node_id {
            return Err(failed(format!(
                "the peer now says it is node {}, not '{known}'",
                named(&node.node_id)
            )));
        }
    }
    if node.node_id == state.settings.node_id {
        return Err(failed("the peer has this node's own id"));
    }
    // The keys of each origin the peer may speak for: its own, and those it forwards.
    let allowed: Vec<String> = std::iter::once(node.node_id.clone())
        .chain(peer.origins())
        .collect();
    let published = client.federation_keys().await.map_err(unreadable)?;
    let mut keys: HashMap<String, JwkSet> = HashMap::new();
    for origin in &allowed {
        if let Some(jwks) = published.get(origin) {
            if let Ok(set) = serde_json::from_value::<JwkSet>(jwks.clone()) {
                keys.insert(origin.clone(), set);
                let (o, j, via) = (origin.clone(), jwks.clone(), node.node_id.clone());
                state
                    .run(move |c| store::write(c, |c| peers::learn_keys(c, &o, &j, &via)))
                    .await?;
            }
        }
    }
    let local = Ctx::local(
        &state.settings.node_id,
        &state.settings.public_url,
        store::Actor::process("federation"),
    );
    let mut report = Report {
        cursor: peer.cursor,
        ..Report::default()
    };
    let checker = Arc::new(Checker { allowed, keys });
    let fetch = |after: i64| {
        let (client, checker, limit) = (client.clone(), checker.clone(), state.settings.pull_page);
        tokio::spawn(async move { fetch_page(&client, &checker, after, limit).await })
    };
    let mut next = Some(fetch(report.cursor));
    while let Some(fetching) = next.take() {
        let Fetched {
            checked,
            rejected,
            last,
            last_seq,
            more,
        } = fetching
            .await
            .map_err(|e| Error::Internal(anyhow::anyhow!("fetching a page failed: {e}")))??;
        // The next page is fetched and checked while this one is applied.
        let moved = last > report.cursor;
        if more && moved {
            next = Some(fetch(last));
        }
        let (ctx, peer_id, peer_node) = (local.clone(), peer.id.clone(), node.node_id.clone());
        let (applied, unchanged, waiting, rejected) = state
            .run(move |c| {
                store::write(c, |c| {
                    let (mut applied, mut unchanged) = (0, 0);
                    for item in &checked {
                        // Each item in a savepoint: one that cannot be applied yet (it refers
                        // to an entry that has not arrived) waits, and the rest goes on.
                        match c.transaction(|c| mirror::apply(c, &ctx, &peer_node, item)) {
                            Ok(mirror::Outcome::Applied) => applied += 1,
                            Ok(mirror::Outcome::Stale) => unchanged += 1,
                            Err(Error::Internal(e)) => return Err(Error::Internal(e)),
                            Err(Error::Unavailable(e)) => return Err(Error::Unavailable(e)),
                            Err(e) => {
                                let json = serde_json::to_string(item)
                                    .map_err(|e| Error::Internal(e.into()))?;
                                peers::park(c, &peer_id, item.seq, &json, &e.to_string())?;
                            }
                        }
                    }
                    // What waits is tried again, oldest first, until a pass applies nothing:
                    // what waited for this page, and what another peer's changes waited for
                    // (an API of one node in a building block of another).
                    let mut waiting = vec![];
                    loop {
                        let mut progress = false;
                        waiting.clear();
                        for (from, seq, json) in peers::pending_all(c)? {
                            let item: FeedItem = serde_json::from_str(&json)
                                .map_err(|e| Error::Internal(e.into()))?;
                            match c.transaction(|c| mirror::apply(c, &ctx, &peer_node, &item)) {
                                Ok(outcome) => {
                                    if outcome == mirror::Outcome::Applied {
                                        applied += 1;
                                    }
                                    peers::unpark(c, &from, seq)?;
                                    progress = true;
                                }
                                Err(Error::Internal(e)) => return Err(Error::Internal(e)),
                                Err(Error::Unavailable(e)) => return Err(Error::Unavailable(e)),
                                Err(_) if from != peer_id => {}
                                Err(e) => waiting.push(rejection(&item, e.to_string())),
                            }
                        }
                        if !progress {
                            break;
                        }
                    }
                    let progress = peers::Progress {
                        node_id: Some(peer_node.clone()),
                        cursor: last,
                        peer_last_seq: Some(last_seq),
                        applied,
                        rejected: rejected.len() as i64,
                        error: rejected
                            .first()
                            .or(waiting.first())
                            .map(|r| format!("seq {}: {}", r.seq, r.reason)),
                        success: true,
                    };
                    peers::record(c, &peer_id, &progress)?;
                    Ok((applied, unchanged, waiting, rejected))
                })
            })
            .await?;
        report.rejected.extend(rejected);
        report.waiting = waiting;
        report.applied += applied;
        report.unchanged += unchanged;
        report.cursor = last;
    }
    Ok(report)
}

/// Who may speak for which origin, with each origin's keys.
struct Checker {
    allowed: Vec<String>,
    keys: HashMap<String, JwkSet>,
}

/// One page of the peer's feed, checked.
struct Fetched {
    checked: Vec<FeedItem>,
    rejected: Vec<Rejection>,
    /// The highest sequence number on the page (the cursor once it is applied).
    last: i64,
    last_seq: i64,
    /// The peer says there is more after this page.
    more: bool,
}

/// Fetches the page after `after` and checks every item on it, off the async workers (the
/// signatures are the costly part).
async fn fetch_page(
    client: &client::Client,
    checker: &Arc<Checker>,
    after: i64,
    limit: i64,
) -> Result<Fetched> {
    let page = client
        .federation_changes(after, limit)
        .await
        .map_err(unreadable)?;
    let checker = checker.clone();
    tokio::task::spawn_blocking(move || {
        let mut fetched = Fetched {
            checked: Vec::with_capacity(page.items.len()),
            rejected: vec![],
            last: after,
            last_seq: page.last_seq,
            more: page.next_after.is_some(),
        };
        for item in page.items {
            fetched.last = fetched.last.max(item.seq);
            if item.seq <= after {
                continue; // repeated from an earlier page: applied or refused then
            }
            match check(&item, &checker.allowed, &checker.keys) {
                Ok(()) => fetched.checked.push(item),
                Err(reason) => fetched.rejected.push(rejection(&item, reason)),
            }
        }
        fetched
    })
    .await
    .map_err(|e| Error::Internal(anyhow::anyhow!("checking a page failed: {e}")))
}

fn rejection(item: &FeedItem, reason: String) -> Rejection {
    Rejection {
        seq: item.seq,
        entity: item.entity.clone(),
        id: item.id.to_string(),
        origin: item.origin.clone(),
        reason,
    }
}

/// An item is taken only from a peer allowed to speak for its origin, signed by that origin.
fn check(
    item: &FeedItem,
    allowed: &[String],
    keys: &HashMap<String, JwkSet>,
) -> Result<(), String> {
    // Text this node cannot hold (an older node may have stored it) is refused here, so the
    // item is counted as rejected instead of failing the page for ever.
    for (field, value) in [
        ("entity", item.entity.as_str()),
        ("origin", item.origin.as_str()),
        ("operation", item.operation.as_str()),
    ] {
        if let Some(p) = text::problem(value) {
            return Err(format!("{field}: {p}"));
        }
    }
    if let Some((path, p)) = item.entry.as_ref().and_then(text::json_problem) {
        return Err(format!("entry.{}: {p}", text::dotted(&path)));
    }
    if !allowed.contains(&item.origin) {
        return Err(format!(
            "the peer may not speak for origin '{}'",
            item.origin
        ));
    }
    let set = keys
        .get(&item.origin)
        .ok_or_else(|| format!("no keys known for origin '{}'", item.origin))?;
    let statement = signing::statement(
        &item.entity,
        &item.id.to_string(),
        &item.origin,
        item.version,
        item.entry.as_ref(),
    );
    signing::verify(&item.signature, &statement, set).map_err(|e| e.to_string())
}

/// Pulls every peer whose interval has passed, for ever; started with the server.
pub async fn schedule(state: actix_web::web::Data<AppState>) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        let due = match state.run(peers::rows).await {
            Ok(rows) => rows,
            Err(e) => {
                tracing::warn!(error = %e, "reading the peers failed");
                continue;
            }
        };
        let now = chrono::Utc::now();
        for peer in due {
            if peer.next_attempt() > now {
                continue;
            }
            match pull(&state, &peer.id).await {
                Ok(r) => {
                    tracing::debug!(peer = %peer.url, applied = r.applied, rejected = r.rejected.len(), "pulled")
                }
                Err(e) => tracing::warn!(peer = %peer.url, error = %e, "pulling failed"),
            }
        }
    }
}
