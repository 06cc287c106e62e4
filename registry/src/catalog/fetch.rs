//! Fetching a registered OpenAPI document with reqwest: a total timeout, a size cap, a
//! redirect limit, no proxy, and — unless the settings allow it — only public addresses. The
//! addresses a host name resolves to are checked at connection time (by the resolver the
//! client uses), so a name that resolves to 127.0.0.1 is refused like the literal address.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::Url;

use crate::domain::netguard::not_public;

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

/// Resolves with the system resolver and drops every address that is not public.
struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let host = name.as_str().to_string();
            let all: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = all
                .iter()
                .copied()
                .filter(|a| not_public(a.ip()).is_none())
                .collect();
            if public.is_empty() {
                let why = all
                    .first()
                    .and_then(|a| not_public(a.ip()))
                    .unwrap_or("no address");
                return Err(format!(
                    "{host} resolves to {why}, which the registry does not fetch from"
                )
                .into());
            }
            let addrs: Addrs = Box::new(public.into_iter());
            Ok(addrs)
        })
    }
}

/// Refuses a URL whose host is an address literal that is not public (literals never reach
/// the resolver).
fn literal_problem(url: &Url, allow_private: bool) -> Option<String> {
    if allow_private {
        return None;
    }
    let ip: IpAddr = match url.host()? {
        url::Host::Ipv4(v4) => v4.into(),
        url::Host::Ipv6(v6) => v6.into(),
        url::Host::Domain(_) => return None,
    };
    not_public(ip).map(|why| format!("{ip} is {why}, which the registry does not fetch from"))
}

fn client(limits: &Limits) -> Result<reqwest::Client, FetchError> {
    let max = limits.max_redirects;
    let allow = limits.allow_private;
    let policy = reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() > max {
            return attempt.error(format!("more than {max} redirects"));
        }
        if attempt.previous().iter().any(|u| u == attempt.url()) {
            return attempt.error("a redirect loop");
        }
        if !matches!(attempt.url().scheme(), "http" | "https") {
            return attempt.error("a redirect to a URL that is not http or https");
        }
        if let Some(p) = literal_problem(attempt.url(), allow) {
            return attempt.error(p);
        }
        attempt.follow()
    });
    let mut b = reqwest::Client::builder()
        .no_proxy()
        .redirect(policy)
        .timeout(limits.timeout)
        .connect_timeout(limits.connect_timeout)
        .user_agent(concat!(
            "building-block-registry/",
            env!("CARGO_PKG_VERSION")
        ));
    if !limits.allow_private {
        b = b.dns_resolver(Arc::new(PublicOnly));
    }
    b.build()
        .map_err(|e| FetchError(format!("cannot build the HTTP client: {e}")))
}

/// The innermost cause of a reqwest error, which says what went wrong.
pub(crate) fn cause(e: &reqwest::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg = format!("{msg}: {s}");
        source = s.source();
    }
    if e.is_timeout() {
        msg = format!("timed out: {msg}");
    }
    msg
}

pub async fn fetch(url: &str, limits: &Limits) -> Result<Fetched, FetchError> {
    let parsed = Url::parse(url).map_err(|e| FetchError(format!("not a URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(FetchError("only http and https URLs are fetched".into()));
    }
    if let Some(p) = literal_problem(&parsed, limits.allow_private) {
        return Err(FetchError(p));
    }
    let client = client(limits)?;
    let mut resp = client
        .get(parsed)
        .header(
            reqwest::header::ACCEPT,
            "application/json, application/yaml;q=0.9, */*;q=0.5",
        )
        .send()
        .await
        .map_err(|e| FetchError(cause(&e)))?;
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
    while let Some(chunk) = resp.chunk().await.map_err(|e| FetchError(cause(&e)))? {
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
