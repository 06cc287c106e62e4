//! Fetching a registered OpenAPI document or a catalogue by URL, through the one guarded
//! outbound client (`crate::outbound`: only public addresses unless the settings allow others,
//! checked on the address connected to and on every redirect), with a total timeout and a size
//! cap. Errors never carry the answer's body.

use std::time::Duration;

use crate::outbound::{self, Outbound};

#[derive(Debug, Clone)]
pub struct Limits {
    pub max_bytes: usize,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_redirects: usize,
    /// Allow loopback, private and link-local targets (tests, closed networks).
    pub allow_private: bool,
}

impl Limits {
    pub fn new(allow_private: bool, timeout_secs: u64) -> Limits {
        Limits {
            max_bytes: super::DOCUMENT_LIMIT,
            timeout: Duration::from_secs(timeout_secs),
            connect_timeout: Duration::from_secs(timeout_secs.min(5)),
            max_redirects: 5,
            allow_private,
        }
    }
}

/// Why a fetch failed, in words for the client.
#[derive(Debug, PartialEq)]
pub struct FetchError(pub String);

/// What a server answered.
#[derive(Debug)]
pub struct Fetched {
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
}

pub async fn fetch(url: &str, limits: &Limits) -> Result<Fetched, FetchError> {
    let policy = outbound::Policy {
        allow_private: limits.allow_private,
        timeout: limits.timeout,
        connect_timeout: limits.connect_timeout,
        max_redirects: limits.max_redirects,
    };
    let client = Outbound::new(&policy).map_err(FetchError)?;
    let mut resp = client
        .get(url)
        .map_err(FetchError)?
        .header(
            reqwest::header::ACCEPT,
            "application/json, application/yaml;q=0.9, */*;q=0.5",
        )
        .send()
        .await
        .map_err(|e| FetchError(outbound::describe(&e)))?;
    if !resp.status().is_success() {
        return Err(FetchError(format!("the server answered {}", resp.status())));
    }
    if resp
        .content_length()
        .is_some_and(|n| n > limits.max_bytes as u64)
    {
        return Err(FetchError(format!(
            "the document is larger than {} bytes",
            limits.max_bytes
        )));
    }
    let content_type = resp
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut bytes = vec![];
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| FetchError(outbound::describe(&e)))?
    {
        if bytes.len() + chunk.len() > limits.max_bytes {
            return Err(FetchError(format!(
                "the document is larger than {} bytes",
                limits.max_bytes
            )));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Fetched {
        bytes,
        content_type,
    })
}
