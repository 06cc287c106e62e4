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
    http: reqwest::Client,
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
}

impl Oidc {
    pub fn new(issuer: String, algorithms: Vec<Algorithm>, refresh: Duration) -> Oidc {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::limited(3))
            .build()
            .unwrap_or_default();
        Oidc {
            issuer,
            algorithms,
            refresh,
            http,
            cache: Mutex::new(Cache::default()),
        }
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

    async fn fetch(&self) -> anyhow::Result<HashMap<String, DecodingKey>> {
        let url = format!("{}/.well-known/openid-configuration", self.issuer);
        let d: Discovery = self
            .http
            .get(&url)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        if d.issuer.trim_end_matches('/') != self.issuer {
            anyhow::bail!(
                "discovery names issuer {} instead of {}",
                d.issuer,
                self.issuer
            );
        }
        let set: JwkSet = self
            .http
            .get(&d.jwks_uri)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
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
