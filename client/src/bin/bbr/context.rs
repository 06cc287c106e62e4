//! What every command runs with: the registry's URL, the profile's client, the output format,
//! and progress bars that show only on a terminal.

use std::time::Duration;

use base64::Engine;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use registry_client::Client;
use serde_json::Value;

use crate::config::{self, CachedToken, Config, Profile};
use crate::fail::{Fail, Kind};
use crate::output::Format;

/// The registry `bbr` talks to when neither a profile nor `--url` names one.
pub const DEFAULT_URL: &str = "http://127.0.0.1:8080";

pub struct Ctx {
    pub url: String,
    /// The profile's name, when one is used.
    pub profile_name: Option<String>,
    pub profile: Option<Profile>,
    pub format: Format,
    pub quiet: bool,
}

impl Ctx {
    pub fn new(
        profile: Option<String>,
        url: Option<String>,
        format: Format,
        quiet: bool,
    ) -> Result<Ctx, Fail> {
        let config = Config::load()?;
        let name = match profile {
            Some(p) => {
                if !config.profiles.contains_key(&p) {
                    return Err(Fail::usage(format!(
                        "no profile '{p}' (bbr profile list shows them; bbr profile add creates one)"
                    )));
                }
                Some(p)
            }
            None => config.default.clone().or_else(|| {
                (config.profiles.len() == 1)
                    .then(|| config.profiles.keys().next().cloned())
                    .flatten()
            }),
        };
        let profile = name.as_ref().and_then(|n| config.profiles.get(n).cloned());
        let url = url
            .or_else(|| profile.as_ref().map(|p| p.url.clone()))
            .unwrap_or_else(|| DEFAULT_URL.to_string());
        check_url(&url)?;
        Ok(Ctx {
            url: url.trim_end_matches('/').to_string(),
            profile_name: name,
            profile,
            format,
            quiet,
        })
    }

    fn http() -> reqwest::Client {
        reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .user_agent(concat!("bbr/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default()
    }

    /// A client without credentials: reads are public.
    pub fn reader(&self) -> Client {
        Client::new(&self.url).with_http_client(Self::http())
    }

    /// The client id and secret: the environment's, else the profile's.
    fn credentials(&self) -> Option<(String, String)> {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let id = env("BBR_CLIENT_ID").or_else(|| self.profile.as_ref()?.client_id.clone())?;
        let secret =
            env("BBR_CLIENT_SECRET").or_else(|| self.profile.as_ref()?.client_secret.clone())?;
        Some((id, secret))
    }

    /// A token: the cached one while it has more than a minute left, else a new one by the
    /// client-credentials grant (cached for the profile).
    pub async fn token(&self, fresh: bool) -> Result<String, Fail> {
        let Some((id, secret)) = self.credentials() else {
            return Err(Fail::usage(
                "this needs a client: bbr profile add NAME --url URL --client-id ID \
                 (the secret from BBR_CLIENT_SECRET or a prompt), or BBR_CLIENT_ID and \
                 BBR_CLIENT_SECRET"
                    .into(),
            ));
        };
        if !fresh {
            if let Some(cached) = self.profile_name.as_deref().and_then(config::load_token) {
                if cached.client_id == id
                    && cached.url == self.url
                    && cached.expires_at > config::now() + 60
                {
                    return Ok(cached.access_token);
                }
            }
        }
        let no_redirects = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        let token = Client::new(&self.url)
            .with_client_credentials_using(&id, &secret, no_redirects)
            .access_token()
            .await?
            .ok_or_else(|| Fail::local("the issuer gave no token".into()))?;
        if let Some(name) = &self.profile_name {
            let expires_at = claims(&token)
                .and_then(|c| c.get("exp").and_then(Value::as_u64))
                .unwrap_or_else(|| config::now() + 60);
            config::save_token(
                name,
                &CachedToken {
                    access_token: token.clone(),
                    expires_at,
                    client_id: id,
                    url: self.url.clone(),
                },
            )?;
        }
        Ok(token)
    }

    /// A client that sends the profile's token.
    pub async fn writer(&self) -> Result<Client, Fail> {
        let token = self.token(false).await?;
        Ok(Client::new(&self.url)
            .with_http_client(Self::http())
            .with_token(&token))
    }

    /// A progress bar on standard error: hidden with `--quiet`, and by indicatif itself when
    /// standard error is not a terminal. `len` none: a spinner.
    pub fn progress(&self, len: Option<u64>, message: &str) -> ProgressBar {
        if self.quiet {
            return ProgressBar::hidden();
        }
        let target = ProgressDrawTarget::stderr();
        let bar = match len {
            Some(n) => ProgressBar::with_draw_target(Some(n), target).with_style(
                ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            ),
            None => {
                let b = ProgressBar::with_draw_target(None, target).with_style(
                    ProgressStyle::with_template("{spinner} {msg} {bytes} {elapsed}")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                );
                b.enable_steady_tick(Duration::from_millis(120));
                b
            }
        };
        bar.set_message(message.to_string());
        bar
    }
}

fn check_url(url: &str) -> Result<(), Fail> {
    match reqwest::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(()),
        _ => Err(Fail::new(
            Kind::Usage,
            format!("'{url}' is not an http(s) URL of a registry"),
        )),
    }
}

/// The claims of a JWT, read without checking its signature: for showing them only (the
/// registry checks every token it is sent).
pub fn claims(token: &str) -> Option<Value> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use base64::Engine;

    #[test]
    fn a_tokens_claims_are_read_and_garbage_is_not() {
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let token = format!(
            "{}.{}.sig",
            b64(r#"{"alg":"EdDSA"}"#),
            b64(r#"{"org":"digg","exp":1}"#)
        );
        let c = super::claims(&token).unwrap();
        assert_eq!(c["org"], "digg");
        assert!(super::claims("not a token").is_none());
        assert!(super::claims("a.!!!.c").is_none());
    }
}
