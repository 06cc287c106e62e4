//! Typed client for the building-block registry API.
//!
//! ```no_run
//! # async fn demo() -> Result<(), registry_client::ClientError> {
//! let client = registry_client::Client::new("http://127.0.0.1:8080");
//! let block = client.building_blocks().get("api-hantering").await?;
//! println!("{} is in phase {}", block.name, block.phase);
//!
//! // Writes need a token: the client obtains one from the registry's built-in issuer with
//! // the client-credentials grant, caches it, and fetches a new one before it expires.
//! let writer = registry_client::Client::new("http://127.0.0.1:8080")
//!     .with_client_credentials("bbr-…", "the secret from `registry clients create`");
//! # Ok(()) }
//! ```

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant};

use oauth2::basic::BasicClient;
use oauth2::{EndpointNotSet, EndpointSet, TokenResponse};

use openapi::*;
use reqwest::{header, Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The request did not get an HTTP answer.
    #[error("request failed: {0}")]
    Http(#[from] reqwest::Error),
    /// The registry refused the request with a problem (RFC 9457).
    #[error("{status}: {}", .problem.detail)]
    Problem {
        status: StatusCode,
        problem: Problem,
    },
    /// The registry answered something this client cannot read.
    #[error("unexpected answer {status}: {body}")]
    Unexpected { status: StatusCode, body: String },
    /// No token could be obtained (wrong client id or secret, revoked client, …).
    #[error("obtaining a token failed: {0}")]
    Token(String),
}

impl ClientError {
    /// The problem, when the registry refused the request with one.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ClientError::Problem { problem, .. } => Some(problem),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<StatusCode> {
        match self {
            ClientError::Problem { status, .. } | ClientError::Unexpected { status, .. } => {
                Some(*status)
            }
            ClientError::Http(e) => e.status(),
            ClientError::Token(_) => None,
        }
    }
}

pub type Result<T, E = ClientError> = std::result::Result<T, E>;

#[derive(Debug, Clone)]
pub struct Client {
    base: String,
    http: reqwest::Client,
    auth: Auth,
}

#[derive(Debug, Clone)]
enum Auth {
    None,
    Token(String),
    Credentials(Arc<TokenSource>),
}

type OAuthClient =
    BasicClient<EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// Tokens by the client-credentials grant (RFC 6749 §4.4), cached until shortly before they
/// expire.
#[derive(Debug)]
struct TokenSource {
    oauth: OAuthClient,
    http: reqwest::Client,
    cached: tokio::sync::Mutex<Option<(String, Instant)>>,
}

/// A token is renewed when less than this is left of it.
const RENEW_BEFORE: Duration = Duration::from_secs(30);

impl TokenSource {
    async fn token(&self) -> Result<String> {
        let mut cached = self.cached.lock().await;
        if let Some((token, expires)) = &*cached {
            if Instant::now() + RENEW_BEFORE < *expires {
                return Ok(token.clone());
            }
        }
        let answer = self
            .oauth
            .exchange_client_credentials()
            .add_scope(oauth2::Scope::new("registry.read".into()))
            .add_scope(oauth2::Scope::new("registry.write".into()))
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                // No answer at all is a failure of the connection, not a refusal.
                oauth2::RequestTokenError::Request(oauth2::HttpClientError::Reqwest(e)) => {
                    ClientError::Http(*e)
                }
                e => ClientError::Token(token_error(&e)),
            })?;
        let lifetime = answer.expires_in().unwrap_or(Duration::from_secs(60));
        let token = answer.access_token().secret().clone();
        *cached = Some((token.clone(), Instant::now() + lifetime));
        Ok(token)
    }
}

fn token_error<E: std::error::Error>(
    e: &oauth2::RequestTokenError<E, oauth2::basic::BasicErrorResponse>,
) -> String {
    match e {
        oauth2::RequestTokenError::ServerResponse(r) => match r.error_description() {
            Some(d) => format!("{}: {d}", r.error()),
            None => r.error().to_string(),
        },
        other => other.to_string(),
    }
}

impl Client {
    /// A client for the registry at `base_url` (e.g. `http://127.0.0.1:8080`).
    pub fn new(base_url: &str) -> Client {
        Client {
            base: base_url.trim_end_matches('/').to_string(),
            http: reqwest::Client::new(),
            auth: Auth::None,
        }
    }

    /// Uses this HTTP client (timeouts, proxies) for every request.
    pub fn with_http_client(mut self, http: reqwest::Client) -> Client {
        self.http = http;
        self
    }

    /// The keys of every origin the node knows (its own and those it mirrors), by origin.
    pub async fn federation_keys(
        &self,
    ) -> Result<std::collections::BTreeMap<String, serde_json::Value>> {
        self.send(self.request(Method::GET, "/api/v1/federation/keys"))
            .await
    }

    /// Sends this bearer token with every request.
    pub fn with_token(mut self, token: &str) -> Client {
        self.auth = Auth::Token(token.to_string());
        self
    }

    /// Obtains tokens from the registry's built-in issuer (`/oauth/token`) with these client
    /// credentials, caches them, and renews them before they expire.
    pub fn with_client_credentials(self, client_id: &str, client_secret: &str) -> Client {
        // No redirects when sending credentials (the oauth2 crate's advice).
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        self.with_client_credentials_using(client_id, client_secret, http)
    }

    /// As `with_client_credentials`, with this HTTP client for the token requests (it should
    /// follow no redirects: they would carry the credentials elsewhere).
    pub fn with_client_credentials_using(
        mut self,
        client_id: &str,
        client_secret: &str,
        http: reqwest::Client,
    ) -> Client {
        let token_url = oauth2::TokenUrl::new(format!("{}/oauth/token", self.base))
            .expect("a base URL makes a token URL");
        let oauth = BasicClient::new(oauth2::ClientId::new(client_id.to_string()))
            .set_client_secret(oauth2::ClientSecret::new(client_secret.to_string()))
            .set_token_uri(token_url);
        self.auth = Auth::Credentials(Arc::new(TokenSource {
            oauth,
            http,
            cached: tokio::sync::Mutex::new(None),
        }));
        self
    }

    /// The bearer token this client sends, obtaining one first if needed.
    pub async fn access_token(&self) -> Result<Option<String>> {
        match &self.auth {
            Auth::None => Ok(None),
            Auth::Token(t) => Ok(Some(t.clone())),
            Auth::Credentials(source) => source.token().await.map(Some),
        }
    }

    /// Adds the bearer token, when the client has credentials.
    pub async fn authorize(&self, req: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder> {
        Ok(match self.access_token().await? {
            Some(token) => req.bearer_auth(token),
            None => req,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// A request to a path of the registry, for what the typed methods do not cover.
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, format!("{}{}", self.base, path))
    }

    async fn send<T: DeserializeOwned>(&self, req: reqwest::RequestBuilder) -> Result<T> {
        read(self.authorize(req).await?.send().await?).await
    }

    /// Sends a request built with [`Client::request`] (with the bearer token, when the client
    /// has credentials) and reads its JSON answer, or the problem it was refused with.
    pub async fn send_json<T: DeserializeOwned>(&self, req: reqwest::RequestBuilder) -> Result<T> {
        self.send(req).await
    }

    /// Sends a request built with [`Client::request`] and returns the successful response as
    /// it is (for bodies that are not JSON, or that are streamed); a refusal is read as
    /// [`ClientError::Problem`].
    pub async fn send_raw(&self, req: reqwest::RequestBuilder) -> Result<reqwest::Response> {
        let resp = self.authorize(req).await?.send().await?;
        let status = resp.status();
        if status.is_success() {
            return Ok(resp);
        }
        // `read` answers a refusal with its problem (or the body it could not read).
        match read::<serde_json::Value>(resp).await {
            Err(e) => Err(e),
            Ok(body) => Err(ClientError::Unexpected {
                status,
                body: body.to_string(),
            }),
        }
    }

    pub async fn api_info(&self) -> Result<ApiInfo> {
        self.send(self.request(Method::GET, "/api/v1/api-info"))
            .await
    }

    /// The audit trail, newest first.
    pub async fn audit(&self, query: &[(&str, &str)]) -> Result<Page<Change>> {
        self.send(self.request(Method::GET, "/api/v1/audit").query(query))
            .await
    }

    pub async fn building_block_facets(
        &self,
        query: &[(&str, &str)],
    ) -> Result<BuildingBlockFacets> {
        self.send(
            self.request(Method::GET, "/api/v1/building-blocks/facets")
                .query(query),
        )
        .await
    }

    /// One page of the node's signed change feed, after sequence number `after`.
    pub async fn federation_changes(&self, after: i64, limit: i64) -> Result<FeedPage> {
        let (after, limit) = (after.to_string(), limit.to_string());
        self.send(
            self.request(Method::GET, "/api/v1/federation/changes")
                .query(&[("after", after.as_str()), ("limit", limit.as_str())]),
        )
        .await
    }

    /// The node's id, address and newest change.
    pub async fn node_info(&self) -> Result<NodeInfo> {
        self.send(self.request(Method::GET, "/api/v1/federation/node"))
            .await
    }

    /// The node's public signing keys.
    pub async fn jwks(&self) -> Result<serde_json::Value> {
        self.send(self.request(Method::GET, "/.well-known/jwks.json"))
            .await
    }

    /// Records a phase decision on a building block (`building-blocks`) or base-data domain
    /// (`base-data-domains`), given by id or slug.
    pub async fn decide_phase(
        &self,
        resource: &str,
        key: &str,
        input: &PhaseDecisionInput,
    ) -> Result<PhaseDecision> {
        let path = format!("/api/v1/{resource}/{key}/phase-decisions");
        self.send(self.request(Method::POST, &path).json(input))
            .await
    }

    /// The phase decisions on one building block or base-data domain, oldest first.
    pub async fn phase_decisions_of(
        &self,
        resource: &str,
        key: &str,
        query: &[(&str, &str)],
    ) -> Result<Page<PhaseDecision>> {
        let path = format!("/api/v1/{resource}/{key}/phase-decisions");
        self.send(self.request(Method::GET, &path).query(query))
            .await
    }

    /// A life-cycle step of a document: `presentation`, `decision`, `repeal` (200 with the
    /// document) or `versions` (201 with the new version).
    pub async fn document_step<I: Serialize>(
        &self,
        id: &str,
        step: &str,
        input: &I,
    ) -> Result<Document> {
        let path = format!("/api/v1/documents/{id}/{step}");
        self.send(self.request(Method::POST, &path).json(input))
            .await
    }

    /// A building block's roadmap: phase decisions, milestones and funding by year.
    pub async fn roadmap(&self, block: &str) -> Result<BuildingBlockRoadmap> {
        let path = format!("/api/v1/building-blocks/{block}/roadmap");
        self.send(self.request(Method::GET, &path)).await
    }

    /// The dependency graph of the building blocks.
    pub async fn building_block_graph(&self) -> Result<BuildingBlockGraph> {
        self.send(self.request(Method::GET, "/api/v1/building-blocks/graph"))
            .await
    }

    /// The blocks that depend on `block`, directly and through others.
    pub async fn dependents(&self, block: &str) -> Result<BuildingBlockDependents> {
        let path = format!("/api/v1/building-blocks/{block}/dependents");
        self.send(self.request(Method::GET, &path)).await
    }

    /// A step on an idea candidate: `qualification`, `priority`, `rejection` or `acceptance`.
    pub async fn idea_step<I: Serialize>(
        &self,
        id: &str,
        step: &str,
        input: &I,
    ) -> Result<IdeaCandidate> {
        let path = format!("/api/v1/idea-candidates/{id}/{step}");
        self.send(self.request(Method::POST, &path).json(input))
            .await
    }

    /// An organisation's own expression of interest in a shared service (id or slug).
    pub async fn express_interest(
        &self,
        service: &str,
        input: &InterestInput,
    ) -> Result<Connection> {
        let path = format!("/api/v1/shared-services/{service}/interest");
        self.send(self.request(Method::POST, &path).json(input))
            .await
    }

    /// Statskontoret's seven indicators of a shared service for a year.
    pub async fn indicators(&self, service: &str, year: i32) -> Result<Indicators> {
        let path = format!("/api/v1/shared-services/{service}/indicators");
        self.send(self.request(Method::GET, &path).query(&[("year", year)]))
            .await
    }

    /// A building block's adoption over time: the organisations connected to its services.
    pub async fn adoption(&self, block: &str) -> Result<Adoption> {
        let path = format!("/api/v1/building-blocks/{block}/adoption");
        self.send(self.request(Method::GET, &path)).await
    }

    /// The document hierarchy, levels 1 → 2 → 3.
    pub async fn document_tree(&self, query: &[(&str, &str)]) -> Result<Vec<DocumentTreeNode>> {
        self.send(
            self.request(Method::GET, "/api/v1/documents/tree")
                .query(query),
        )
        .await
    }

    pub async fn api_facets(&self, query: &[(&str, &str)]) -> Result<ApiFacets> {
        self.send(
            self.request(Method::GET, "/api/v1/apis/facets")
                .query(query),
        )
        .await
    }
}

/// A typed collection for every collection the register declares (`openapi::collections!`):
/// `client.building_blocks().list(…)`, `client.idea_candidates().create(…)`, …; the service
/// refuses what a collection does not take (decisions are never replaced or deleted).
macro_rules! collection_methods {
    ($($module:ident: $segment:literal, $wire:ident, $input:ident, $mirroring:ident, ($sv:literal, $en:literal);)*) => {
        impl Client {
            $(
                #[doc = concat!("The collection `/api/v1/", $segment, "`.")]
                pub fn $module(&self) -> Resource<'_, $wire, $input> {
                    Resource::new(self, $segment)
                }
            )*
        }
    };
}
openapi::collections!(collection_methods);

/// Reads a response: the body on success, the problem otherwise.
async fn read<T: DeserializeOwned>(resp: reqwest::Response) -> Result<T> {
    let status = resp.status();
    let is_problem = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"));
    let body = resp.bytes().await?;
    if status.is_success() {
        return serde_json::from_slice(&body).map_err(|e| ClientError::Unexpected {
            status,
            body: format!("{e}: {}", String::from_utf8_lossy(&body)),
        });
    }
    match serde_json::from_slice::<Problem>(&body) {
        Ok(problem) if is_problem => Err(ClientError::Problem { status, problem }),
        _ => Err(ClientError::Unexpected {
            status,
            body: String::from_utf8_lossy(&body).into_owned(),
        }),
    }
}

/// One collection of the API: `/api/v1/{segment}`.
pub struct Resource<'a, T, I> {
    client: &'a Client,
    segment: &'static str,
    _types: PhantomData<(T, I)>,
}

impl<'a, T: DeserializeOwned, I: Serialize> Resource<'a, T, I> {
    fn new(client: &'a Client, segment: &'static str) -> Self {
        Resource {
            client,
            segment,
            _types: PhantomData,
        }
    }

    fn path(&self, key: Option<&str>) -> String {
        match key {
            Some(k) => format!("/api/v1/{}/{}", self.segment, k),
            None => format!("/api/v1/{}", self.segment),
        }
    }

    /// One page, with filters and paging as query parameters (`limit`, `offset`, `cursor`, …).
    pub async fn list(&self, query: &[(&str, &str)]) -> Result<Page<T>> {
        let req = self
            .client
            .request(Method::GET, &self.path(None))
            .query(query);
        self.client.send(req).await
    }

    /// Every entry that matches, following `nextCursor` page by page.
    pub async fn list_all(&self, query: &[(&str, &str)]) -> Result<Vec<T>> {
        let mut all = vec![];
        let mut cursor: Option<String> = None;
        loop {
            let mut q: Vec<(&str, &str)> = query.to_vec();
            if let Some(c) = &cursor {
                q.push(("cursor", c));
            }
            let page = self.list(&q).await?;
            all.extend(page.items);
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => return Ok(all),
            }
        }
    }

    /// One entry by id (or slug, where the resource has one).
    pub async fn get(&self, key: &str) -> Result<T> {
        let req = self.client.request(Method::GET, &self.path(Some(key)));
        self.client.send(req).await
    }

    pub async fn create(&self, input: &I) -> Result<T> {
        let req = self
            .client
            .request(Method::POST, &self.path(None))
            .json(input);
        self.client.send(req).await
    }

    /// Replaces an entry; `if_match` is the version last read (`None` sends no If-Match,
    /// which the registry refuses with 428).
    pub async fn replace(&self, key: &str, if_match: Option<i64>, input: &I) -> Result<T> {
        let mut req = self
            .client
            .request(Method::PUT, &self.path(Some(key)))
            .json(input);
        if let Some(v) = if_match {
            req = req.header(header::IF_MATCH, format!("\"{v}\""));
        }
        self.client.send(req).await
    }

    pub async fn delete(&self, key: &str, if_match: Option<i64>) -> Result<()> {
        let mut req = self.client.request(Method::DELETE, &self.path(Some(key)));
        if let Some(v) = if_match {
            req = req.header(header::IF_MATCH, format!("\"{v}\""));
        }
        let resp = self.client.authorize(req).await?.send().await?;
        if resp.status() == StatusCode::NO_CONTENT {
            return Ok(());
        }
        read::<serde_json::Value>(resp).await.map(|_| ())
    }

    /// The entry's changes, newest first.
    pub async fn history(&self, key: &str, query: &[(&str, &str)]) -> Result<Page<Change>> {
        let path = format!("{}/history", self.path(Some(key)));
        let req = self.client.request(Method::GET, &path).query(query);
        self.client.send(req).await
    }
}
