//! An external OpenID Connect provider: its discovery document and JWKS are fetched when first
//! needed, cached, and fetched again when a token names a key id not seen yet (at most once
//! per refresh interval), so that the provider can rotate keys without a restart.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde::Deserialize;
use tokio::sync::Mutex;

pub struct Oidc {
    pub issuer: String,
    pub algorithms: Vec<Algorithm>,
    refresh: Duration,
    http: crate::outbound::Outbound,
    cache: Mutex<Cache>,
}

#[derive(Default)]
struct Cache {
    keys: HashMap<String, DecodingKey>,
    fetched: Option<Instant>,
}

#[derive(Deserialize)]
struct Discovery {
    issuer: String,
    jwks_uri: String,
    #[serde(default)]
    authorization_endpoint: Option<String>,
    #[serde(default)]
    token_endpoint: Option<String>,
}

/// Where a person's browser is sent to sign in, and where the code is exchanged.
#[derive(Debug, Clone)]
pub struct Endpoints {
    pub authorization: String,
    pub token: String,
}

impl Oidc {
    /// `allow_private`: the provider may be on a private or loopback address (the operator's
    /// outbound setting; every request goes through the guarded client of `crate::outbound`).
    pub fn new(
        issuer: String,
        algorithms: Vec<Algorithm>,
        refresh: Duration,
        allow_private: bool,
    ) -> anyhow::Result<Oidc> {
        let policy =
            crate::outbound::Policy::new(allow_private, Duration::from_secs(5)).redirects(3);
        let http = crate::outbound::Outbound::new(&policy).map_err(anyhow::Error::msg)?;
        Ok(Oidc {
            issuer,
            algorithms,
            refresh,
            http,
            cache: Mutex::new(Cache::default()),
        })
    }

    /// The provider's key with this id; `None` when the provider does not publish one.
    pub async fn key(&self, kid: &str) -> Option<DecodingKey> {
        let mut cache = self.cache.lock().await;
        if let Some(k) = cache.keys.get(kid) {
            return Some(k.clone());
        }
        // An unknown key id may be a rotation: look again, but not on every request, so
        // that tokens with made-up key ids cannot make the registry hammer the provider.
        if cache.fetched.is_some_and(|t| t.elapsed() < self.refresh) {
            return None;
        }
        cache.fetched = Some(Instant::now());
        match self.fetch().await {
            Ok(keys) => cache.keys = keys,
            Err(e) => {
                tracing::warn!(issuer = %self.issuer, error = %e, "fetching the provider's keys failed")
            }
        }
        cache.keys.get(kid).cloned()
    }

    /// A JSON document of the provider, through the guard; errors say what failed, never
    /// what the provider answered.
    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> anyhow::Result<T> {
        let describe =
            |e: reqwest::Error| anyhow::anyhow!("{url}: {}", crate::outbound::describe(&e));
        self.http
            .get(url)
            .map_err(|e| anyhow::anyhow!("{url}: {e}"))?
            .send()
            .await
            .map_err(describe)?
            .error_for_status()
            .map_err(describe)?
            .json()
            .await
            .map_err(describe)
    }

    async fn discovery(&self) -> anyhow::Result<Discovery> {
        let url = format!("{}/.well-known/openid-configuration", self.issuer);
        let d: Discovery = self.get_json(&url).await?;
        if d.issuer.trim_end_matches('/') != self.issuer {
            anyhow::bail!(
                "discovery names issuer {} instead of {}",
                d.issuer,
                self.issuer
            );
        }
        Ok(d)
    }

    /// The provider's authorization and token endpoints, from its discovery document.
    pub async fn endpoints(&self) -> anyhow::Result<Endpoints> {
        let d = self.discovery().await?;
        match (d.authorization_endpoint, d.token_endpoint) {
            (Some(authorization), Some(token)) => Ok(Endpoints {
                authorization,
                token,
            }),
            _ => anyhow::bail!("the provider's discovery names no authorization or token endpoint"),
        }
    }

    /// The guarded HTTP client every request to the provider goes through.
    pub fn http(&self) -> reqwest::Client {
        self.http.http()
    }

    async fn fetch(&self) -> anyhow::Result<HashMap<String, DecodingKey>> {
        let d = self.discovery().await?;
        let set: JwkSet = self.get_json(&d.jwks_uri).await?;
        let mut keys = HashMap::new();
        for jwk in &set.keys {
            let Some(kid) = &jwk.common.key_id else {
                continue;
            };
            // A key published for another algorithm is not one we accept tokens from.
            if let Some(alg) = jwk.common.key_algorithm {
                let ok = self
                    .algorithms
                    .iter()
                    .any(|a| format!("{a:?}") == format!("{alg:?}"));
                if !ok {
                    continue;
                }
            }
            match DecodingKey::from_jwk(jwk) {
                Ok(k) => {
                    keys.insert(kid.clone(), k);
                }
                Err(e) => {
                    tracing::warn!(kid = %kid, error = %e, "unusable key in the provider's JWKS")
                }
            }
        }
        Ok(keys)
    }
}
