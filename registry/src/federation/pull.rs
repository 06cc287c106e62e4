//! Pulling a peer: its feed page by page from the cursor, each item checked (an origin the peer
//! may speak for, a signature that verifies with that origin's keys) and applied, each page in
//! one transaction together with the cursor, so that a crash or a dropped connection resumes
//! exactly where it stopped, and a faulty peer costs only its own bad items.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use jsonwebtoken::jwk::JwkSet;
use openapi::FeedItem;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::keys::signing;
use crate::settings::Settings;
use crate::store::{self, mirror, peers, Ctx, Db};
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

/// What pulling needs: the database and the settings of this node that pulls read, so that
/// the server's scheduler, a sync asked for over HTTP and the command line pull alike.
#[derive(Clone)]
pub struct Puller {
    db: Db,
    node_id: String,
    public_url: String,
    timeout: Duration,
    allow_private: bool,
    page: i64,
}

impl Puller {
    pub fn new(db: Db, settings: &Settings) -> Puller {
        Puller {
            db,
            node_id: settings.node_id.clone(),
            public_url: settings.public_url.clone(),
            timeout: Duration::from_secs(settings.peer_timeout_secs),
            allow_private: settings.fetch_allow_private,
            page: settings.pull_page,
        }
    }

    /// Pulls everything new from one peer. An error means the peer could not be read; what
    /// was applied before it stays applied, and the peer's state tells what happened.
    pub async fn pull(&self, peer_id: &str) -> Result<Report> {
        let id = peer_id.to_string();
        let peer = self.db.run(move |c| peers::row(c, &id)).await?;
        let result = self.pull_from(&peer).await;
        if let Err(e) = &result {
            let (id, progress) = (
                peer.id.clone(),
                peers::Progress {
                    error: Some(e.to_string()),
                    ..peers::Progress::default()
                },
            );
            self.db
                .run(move |c| store::write(c, |c| peers::record(c, &id, &progress)))
                .await?;
        }
        result
    }

    async fn pull_from(&self, peer: &peers::Row) -> Result<Report> {
        // Every request to the peer goes through the guard (crate::outbound), the token request
        // too; a URL stored before the guard existed is checked here as well.
        let policy = crate::outbound::Policy {
            connect_timeout: self.timeout.min(Duration::from_secs(3)),
            ..crate::outbound::Policy::new(self.allow_private, self.timeout).redirects(3)
        };
        let outbound = crate::outbound::Outbound::new(&policy).map_err(failed)?;
        outbound.check(&peer.url).map_err(failed)?;
        let mut client = client::Client::new(&peer.url).with_http_client(outbound.http());
        if let Some(id) = &peer.client_id {
            let row = peer.clone();
            let secret = self
                .db
                .run(move |c| crate::keys::sealed::open_peer_secret(c, &row))
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
        if node.node_id == self.node_id {
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
                    self.db
                        .run(move |c| store::write(c, |c| peers::learn_keys(c, &o, &j, &via)))
                        .await?;
                }
            }
        }
        let local = Ctx::local(
            &self.node_id,
            &self.public_url,
            store::Actor::process("federation"),
        );
        let mut report = Report {
            cursor: peer.cursor,
            ..Report::default()
        };
        let checker = Arc::new(Checker { allowed, keys });
        let fetch = |after: i64| {
            let (client, checker, limit) = (client.clone(), checker.clone(), self.page);
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
            if more && last > report.cursor {
                next = Some(fetch(last));
            }
            let (ctx, peer_id, peer_node) = (local.clone(), peer.id.clone(), node.node_id.clone());
            let (page, rejected) = self
                .db
                .run(move |c| {
                    store::write(c, |c| {
                        let page = mirror::apply_page(c, &ctx, &peer_id, &peer_node, &checked)?;
                        let progress = peers::Progress {
                            node_id: Some(peer_node.clone()),
                            cursor: last,
                            peer_last_seq: Some(last_seq),
                            applied: page.applied,
                            rejected: rejected.len() as i64,
                            error: rejected
                                .first()
                                .map(|r| (r.seq, r.reason.as_str()))
                                .or(page.waiting.first().map(|(i, why)| (i.seq, why.as_str())))
                                .map(|(seq, why)| format!("seq {seq}: {why}")),
                            success: true,
                        };
                        peers::record(c, &peer_id, &progress)?;
                        Ok((page, rejected))
                    })
                })
                .await?;
            report.rejected.extend(rejected);
            report.waiting = page
                .waiting
                .iter()
                .map(|(item, why)| rejection(item, why.clone()))
                .collect();
            report.applied += page.applied;
            report.unchanged += page.unchanged;
            report.cursor = last;
        }
        Ok(report)
    }

    /// Pulls every peer whose interval has passed, for ever; started with the server.
    pub async fn schedule(self) {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tick.tick().await;
            let due = match self.db.run(|c| peers::rows(c)).await {
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
                match self.pull(&peer.id).await {
                    Ok(r) => {
                        tracing::debug!(peer = %peer.url, applied = r.applied, rejected = r.rejected.len(), "pulled")
                    }
                    Err(e) => tracing::warn!(peer = %peer.url, error = %e, "pulling failed"),
                }
            }
        }
    }
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
