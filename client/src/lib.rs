//! Typed client for the building-block registry API.
//!
//! ```no_run
//! # async fn demo() -> Result<(), registry_client::ClientError> {
//! let client = registry_client::Client::new("http://127.0.0.1:8080");
//! let block = client.building_blocks().get("api-hantering").await?;
//! println!("{} is in phase {}", block.name, block.phase);
//! # Ok(()) }
//! ```

use std::marker::PhantomData;

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
        }
    }
}

pub type Result<T, E = ClientError> = std::result::Result<T, E>;

#[derive(Debug, Clone)]
pub struct Client {
    base: String,
    http: reqwest::Client,
}

impl Client {
    /// A client for the registry at `base_url` (e.g. `http://127.0.0.1:8080`).
    pub fn new(base_url: &str) -> Client {
        Client {
            base: base_url.trim_end_matches('/').to_string(),
            http: reqwest::Client::new(),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// A request to a path of the registry, for what the typed methods do not cover.
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, format!("{}{}", self.base, path))
    }

    async fn send<T: DeserializeOwned>(&self, req: reqwest::RequestBuilder) -> Result<T> {
        read(req.send().await?).await
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

    pub async fn api_facets(&self, query: &[(&str, &str)]) -> Result<ApiFacets> {
        self.send(
            self.request(Method::GET, "/api/v1/apis/facets")
                .query(query),
        )
        .await
    }

    pub fn apis(&self) -> Resource<'_, Api, ApiInput> {
        Resource::new(self, "apis")
    }
    pub fn organisations(&self) -> Resource<'_, Organisation, OrganisationInput> {
        Resource::new(self, "organisations")
    }
    pub fn role_assignments(&self) -> Resource<'_, RoleAssignment, RoleAssignmentInput> {
        Resource::new(self, "role-assignments")
    }
    pub fn building_blocks(&self) -> Resource<'_, BuildingBlock, BuildingBlockInput> {
        Resource::new(self, "building-blocks")
    }
    pub fn base_data_domains(&self) -> Resource<'_, BaseDataDomain, BaseDataDomainInput> {
        Resource::new(self, "base-data-domains")
    }
    pub fn competence_areas(&self) -> Resource<'_, CompetenceArea, CompetenceAreaInput> {
        Resource::new(self, "competence-areas")
    }
    pub fn documents(&self) -> Resource<'_, Document, DocumentInput> {
        Resource::new(self, "documents")
    }
    pub fn plans(&self) -> Resource<'_, Plan, PlanInput> {
        Resource::new(self, "plans")
    }
    pub fn milestones(&self) -> Resource<'_, Milestone, MilestoneInput> {
        Resource::new(self, "milestones")
    }
    pub fn funding_needs(&self) -> Resource<'_, FundingNeed, FundingNeedInput> {
        Resource::new(self, "funding-needs")
    }
    pub fn benefits(&self) -> Resource<'_, Benefit, BenefitInput> {
        Resource::new(self, "benefits")
    }
}

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
        let resp = req.send().await?;
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
