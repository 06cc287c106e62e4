//! Every request the registry makes goes through here (DESIGN.md §Outbound requests and hostile
//! input): OpenAPI documents and catalogues fetched by URL, federation peers, the OpenID
//! provider's discovery document and keys. One way to build the HTTP client, one address
//! guard:
//!
//! - a host name is resolved by [`Guarded`], the client's resolver, which drops every address
//!   that is not public: the check is on the addresses the connection is then made to, so a
//!   name cannot resolve to a public address for the check and a private one for the connect;
//! - an address literal never reaches a resolver, so [`check_url`] refuses a literal that is
//!   not public before the first request, and the redirect policy refuses it on every hop;
//! - no proxy (a proxy would connect for us, to addresses we never see), a total timeout and a
//!   connect timeout, a redirect limit, a user agent, no `Referer`.
//!
//! Private, loopback and link-local targets are reached only when the operator allows them
//! (`--outbound-allow-private`, for tests and closed networks). Errors say what failed (a
//! status, a timeout, a refused address, an answer that is not the expected JSON) and never
//! carry the remote answer's body: see [`describe`].

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::Url;

pub use domain::netguard::check_url;
use domain::netguard::not_public;

/// How a client built here behaves.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Reach loopback, private and link-local addresses too (tests, closed networks).
    pub allow_private: bool,
    /// For a whole answer, body included.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Redirects followed; 0 follows none (e.g. when sending credentials).
    pub max_redirects: usize,
}

impl Policy {
    /// A whole answer within `timeout`, connecting within 5 s at most, up to 5 redirects.
    pub fn new(allow_private: bool, timeout: Duration) -> Policy {
        Policy {
            allow_private,
            timeout,
            connect_timeout: timeout.min(Duration::from_secs(5)),
            max_redirects: 5,
        }
    }

    pub fn redirects(mut self, max: usize) -> Policy {
        self.max_redirects = max;
        self
    }
}

/// A guarded HTTP client. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Outbound {
    http: reqwest::Client,
    allow_private: bool,
}

impl Outbound {
    pub fn new(policy: &Policy) -> Result<Outbound, String> {
        Ok(Outbound {
            http: client(policy)?,
            allow_private: policy.allow_private,
        })
    }

    /// A GET of `url`, once the URL passes [`check_url`].
    pub fn get(&self, url: &str) -> Result<reqwest::RequestBuilder, String> {
        let url = self.check(url)?;
        Ok(self.http.get(url))
    }

    /// Parses `url` and checks it against the guard (see [`check_url`]).
    pub fn check(&self, url: &str) -> Result<Url, String> {
        let parsed = Url::parse(url).map_err(|e| format!("not a URL: {e}"))?;
        check_url(&parsed, self.allow_private)?;
        Ok(parsed)
    }

    /// The underlying client, for a library that builds its own requests (the registry
    /// client crate, for peers): check the base URL with [`Outbound::check`] first; the
    /// resolver and the redirect policy guard the rest.
    pub fn http(&self) -> reqwest::Client {
        self.http.clone()
    }
}

/// The user agent of every outbound request.
pub const USER_AGENT: &str = concat!("building-block-registry/", env!("CARGO_PKG_VERSION"));

/// Builds the guarded reqwest client.
pub fn client(policy: &Policy) -> Result<reqwest::Client, String> {
    let (max, allow) = (policy.max_redirects, policy.allow_private);
    let redirect = reqwest::redirect::Policy::custom(move |attempt| {
        match redirect_refusal(attempt.url(), attempt.previous(), max, allow) {
            Some(why) => attempt.error(why),
            None => attempt.follow(),
        }
    });
    reqwest::Client::builder()
        .no_proxy()
        .redirect(redirect)
        .referer(false)
        .timeout(policy.timeout)
        .connect_timeout(policy.connect_timeout)
        .user_agent(USER_AGENT)
        .dns_resolver(Arc::new(Guarded {
            allow_private: policy.allow_private,
        }))
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))
}

/// Why the redirect to `next` (after `previous`) is not followed, if it is not: too many
/// hops, a loop, or a target [`check_url`] refuses.
pub fn redirect_refusal(
    next: &Url,
    previous: &[Url],
    max: usize,
    allow_private: bool,
) -> Option<String> {
    if previous.len() > max {
        return Some(if max == 0 {
            "a redirect, which this request does not follow".into()
        } else {
            format!("more than {max} redirects")
        });
    }
    if previous.iter().any(|u| u == next) {
        return Some("a redirect loop".into());
    }
    check_url(next, allow_private)
        .err()
        .map(|why| format!("a redirect refused: {why}"))
}

/// Resolves with the system resolver and, unless private addresses are allowed, drops every
/// address that is not public; the connection is made only to what it returns.
struct Guarded {
    allow_private: bool,
}

impl Resolve for Guarded {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let all: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let usable: Vec<SocketAddr> = all
                .iter()
                .copied()
                .filter(|a| allow_private || not_public(a.ip()).is_none())
                .collect();
            if usable.is_empty() {
                let why = all
                    .first()
                    .and_then(|a| not_public(a.ip()))
                    .unwrap_or("no address");
                return Err(format!(
                    "{host} resolves to {why}, which the registry does not send requests to"
                )
                .into());
            }
            let addrs: Addrs = Box::new(usable.into_iter());
            Ok(addrs)
        })
    }
}

/// What went wrong with an outbound request, in words for the caller: the kind of failure and
/// its innermost causes (a refused address, a connection refused, a redirect refused), never
/// the URL reqwest puts first (it may be a redirect target the remote chose) and never
/// anything of the answer's body (a JSON error quotes the text it choked on).
pub fn describe(e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "timed out".to_string()
    } else if e.is_decode() {
        return "the answer is not the expected JSON".into();
    } else if e.is_body() {
        "the answer could not be read".into()
    } else if let Some(status) = e.status() {
        return format!("the server answered {status}");
    } else if e.is_redirect() {
        "a redirect was not followed".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else if e.is_builder() {
        "the request could not be built".into()
    } else {
        "the request failed".into()
    };
    let mut causes = vec![what];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !causes.iter().any(|c| c.contains(&text)) {
            causes.push(text);
        }
        source = s.source();
    }
    causes.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn literals_that_are_not_public_are_refused_unless_allowed() {
        for s in [
            "http://127.0.0.1:8080/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[fd00:ec2::254]/",
            "http://[64:ff9b::a9fe:a9fe]/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://10.1.2.3/",
        ] {
            let err = check_url(&url(s), false).unwrap_err();
            assert!(err.contains("does not send requests to"), "{s}: {err}");
            assert_eq!(check_url(&url(s), true), Ok(()), "{s}");
        }
        assert_eq!(check_url(&url("https://1.1.1.1/x"), false), Ok(()));
        assert_eq!(check_url(&url("https://example.se/x"), false), Ok(()));
    }

    #[test]
    fn other_schemes_and_user_info_are_refused_even_when_private_is_allowed() {
        for s in [
            "ftp://example.se/",
            "file:///etc/passwd",
            "https://user:pw@example.se/",
            "https://user@example.se/",
        ] {
            assert!(check_url(&url(s), true).is_err(), "{s}");
        }
    }

    #[test]
    fn every_redirect_hop_is_checked() {
        let start = url("https://public.example.se/spec.json");
        // A public start redirected to a private literal, to metadata, to loopback v6.
        for next in [
            "http://127.0.0.1/",
            "http://169.254.169.254/latest/meta-data/iam/",
            "http://[::1]:8080/",
            "http://[::ffff:10.0.0.1]/",
            "gopher://example.se/",
        ] {
            let why = redirect_refusal(&url(next), std::slice::from_ref(&start), 5, false)
                .unwrap_or_else(|| panic!("{next} followed"));
            assert!(why.starts_with("a redirect refused"), "{why}");
        }
        // The same hop is followed where private targets are allowed, and a public one always.
        assert_eq!(
            redirect_refusal(
                &url("http://127.0.0.1/"),
                std::slice::from_ref(&start),
                5,
                true
            ),
            None
        );
        assert_eq!(
            redirect_refusal(
                &url("https://other.example.se/"),
                std::slice::from_ref(&start),
                5,
                false
            ),
            None
        );
        // Loops and limits.
        assert!(
            redirect_refusal(&start, std::slice::from_ref(&start), 5, false)
                .unwrap()
                .contains("loop")
        );
        let many: Vec<Url> = (0..6).map(|n| url(&format!("https://e.se/{n}"))).collect();
        assert!(redirect_refusal(&url("https://e.se/x"), &many, 5, false)
            .unwrap()
            .contains("more than 5"));
        assert!(redirect_refusal(&url("https://e.se/x"), &many[..1], 0, false).is_some());
    }

    #[tokio::test]
    async fn a_name_that_resolves_to_loopback_is_refused_at_resolution() {
        let r = Guarded {
            allow_private: false,
        };
        let err = match r.resolve("localhost".parse().unwrap()).await {
            Ok(_) => panic!("localhost resolved"),
            Err(e) => e.to_string(),
        };
        assert!(err.contains("loopback"), "{err}");
        let allowed = Guarded {
            allow_private: true,
        };
        assert!(allowed.resolve("localhost".parse().unwrap()).await.is_ok());
    }
}
