//! Settings, layered: command-line flags, then `REGISTRY_*` environment variables (clap reads
//! both), then an optional `registry.toml`, then defaults.

use std::path::PathBuf;

use clap::Args;
use serde::Deserialize;

/// The node id when none is set. Not `local`, which the lists' `origin` filter reserves for
/// "this node's own entries": mirrored elsewhere, a node of that name could not be asked for.
pub const DEFAULT_NODE_ID: &str = "node";

/// Flags shared by every subcommand that opens the register.
#[derive(Debug, Clone, Default, Args)]
pub struct SettingsArgs {
    /// Address to listen on.
    #[arg(long, env = "REGISTRY_BIND", global = true)]
    pub bind: Option<String>,
    /// sqlite://PATH (embedded, the default: sqlite://data/registry.db) or postgres://USER@HOST/DB.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Base for absolute URIs of entries (default: http://BIND).
    #[arg(long, env = "REGISTRY_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// This node's id, the `origin` of the entries it owns (default: node; not `local` or
    /// `mirrored`, which the lists' `origin` filter reserves).
    #[arg(long, env = "REGISTRY_NODE_ID", global = true)]
    pub node_id: Option<String>,
    /// Log format: human or json (default: human).
    #[arg(long, env = "REGISTRY_LOG_FORMAT", global = true)]
    pub log_format: Option<String>,
    /// Database connections in the pool (default: 8).
    #[arg(long, env = "REGISTRY_POOL_SIZE", global = true)]
    pub pool_size: Option<u32>,
    /// Audience every bearer token must name (default: the public URL).
    #[arg(long, env = "REGISTRY_AUDIENCE", global = true)]
    pub audience: Option<String>,
    /// Issuer URL of an external OpenID Connect provider whose tokens are accepted too.
    #[arg(long, env = "REGISTRY_OIDC_ISSUER", global = true)]
    pub oidc_issuer: Option<String>,
    /// Signing algorithms accepted from that provider, comma-separated (default: RS256).
    #[arg(long, env = "REGISTRY_OIDC_ALGORITHMS", global = true)]
    pub oidc_algorithms: Option<String>,
    /// Claim that names the caller's organisation (slug or organisation number; default: org).
    #[arg(long, env = "REGISTRY_ORG_CLAIM", global = true)]
    pub org_claim: Option<String>,
    /// Lifetime of tokens from the built-in issuer, in seconds (default: 600).
    #[arg(long, env = "REGISTRY_TOKEN_TTL", global = true)]
    pub token_ttl: Option<u64>,
    /// Token requests allowed per client address and minute before 429, for all clients behind
    /// that address together (default: 300).
    #[arg(long, env = "REGISTRY_TOKEN_RATE", global = true)]
    pub token_rate: Option<u32>,
    /// Token requests allowed per client id and minute before 429, checked before the address's
    /// limit, so one client behind a shared proxy cannot use up the others' (default: 30).
    #[arg(long, env = "REGISTRY_TOKEN_CLIENT_RATE", global = true)]
    pub token_client_rate: Option<u32>,
    /// Least seconds between two fetches of the provider's keys on an unknown `kid` (default: 30).
    #[arg(long, env = "REGISTRY_JWKS_REFRESH", global = true)]
    pub jwks_refresh: Option<u64>,
    /// Let every outbound request (OpenAPI and catalogue fetches, federation peers, the OpenID
    /// provider) reach loopback, private and link-local addresses (default: false; only for
    /// tests and closed networks, as it lets a registered URL reach this network). Also
    /// `--fetch-allow-private` and `REGISTRY_FETCH_ALLOW_PRIVATE`, its former names.
    #[arg(
        long = "outbound-allow-private",
        alias = "fetch-allow-private",
        env = "REGISTRY_OUTBOUND_ALLOW_PRIVATE",
        global = true
    )]
    pub fetch_allow_private: Option<bool>,
    /// Seconds the OpenAPI and catalogue fetcher waits for a whole answer (default: 15).
    #[arg(long, env = "REGISTRY_FETCH_TIMEOUT", global = true)]
    pub fetch_timeout: Option<u64>,
    /// Pull the peers on their intervals in the background: true or false (default: true).
    #[arg(long, env = "REGISTRY_PULL_PEERS", global = true)]
    pub pull_peers: Option<bool>,
    /// Seconds a pull waits for each answer of a peer before it counts as failed (default: 10).
    #[arg(long, env = "REGISTRY_PEER_TIMEOUT", global = true)]
    pub peer_timeout: Option<u64>,
    /// Changes asked of a peer per page, 1–1000 (default: 500); each page is applied in one
    /// transaction together with the cursor.
    #[arg(long, env = "REGISTRY_PULL_PAGE", global = true)]
    pub pull_page: Option<i64>,
    /// Serve the change feed only to callers with a bearer token of this node's issuer (or the
    /// trusted OIDC provider): true or false (default: false, the register is public).
    #[arg(long, env = "REGISTRY_PRIVATE_FEED", global = true)]
    pub private_feed: Option<bool>,
    /// Open connections this process serves at once, over all its workers (default: 512; keep
    /// it below the open-file limit, `ulimit -n`). Beyond it new connections wait in the
    /// listen queue while the open ones are served.
    #[arg(long, env = "REGISTRY_MAX_CONNECTIONS", global = true)]
    pub max_connections: Option<usize>,
    /// Seconds a new connection has to send its request line and headers, else 408 and the
    /// connection is closed (default: 5).
    #[arg(long, env = "REGISTRY_HEADER_TIMEOUT", global = true)]
    pub header_timeout: Option<u64>,
    /// Seconds a request has to send its whole body, counted from its headers, else 408 and the
    /// connection is closed (default: 30).
    #[arg(long, env = "REGISTRY_BODY_TIMEOUT", global = true)]
    pub body_timeout: Option<u64>,
    /// Seconds an idle keep-alive connection stays open (default: 5; 0 closes each connection
    /// after its answer).
    #[arg(long, env = "REGISTRY_KEEP_ALIVE", global = true)]
    pub keep_alive: Option<u64>,
    /// Seconds the server waits for a client to close its side after a closing answer
    /// (default: 2).
    #[arg(long, env = "REGISTRY_DISCONNECT_TIMEOUT", global = true)]
    pub disconnect_timeout: Option<u64>,
    /// Settings file (default: ./registry.toml when it exists).
    #[arg(long, env = "REGISTRY_CONFIG", global = true)]
    pub config: Option<PathBuf>,
}

/// What `registry.toml` may hold: the same settings, in snake_case.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    bind: Option<String>,
    database_url: Option<String>,
    public_url: Option<String>,
    node_id: Option<String>,
    log_format: Option<String>,
    pool_size: Option<u32>,
    audience: Option<String>,
    oidc_issuer: Option<String>,
    oidc_algorithms: Option<String>,
    org_claim: Option<String>,
    token_ttl: Option<u64>,
    token_rate: Option<u32>,
    token_client_rate: Option<u32>,
    jwks_refresh: Option<u64>,
    outbound_allow_private: Option<bool>,
    /// The former name of `outbound_allow_private`.
    fetch_allow_private: Option<bool>,
    fetch_timeout: Option<u64>,
    pull_peers: Option<bool>,
    peer_timeout: Option<u64>,
    pull_page: Option<i64>,
    private_feed: Option<bool>,
    max_connections: Option<usize>,
    header_timeout: Option<u64>,
    body_timeout: Option<u64>,
    keep_alive: Option<u64>,
    disconnect_timeout: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: String,
    pub database_url: String,
    pub public_url: String,
    pub node_id: String,
    pub json_logs: bool,
    pub pool_size: u32,
    pub auth: AuthSettings,
    /// Outbound requests (fetcher, peers, OpenID provider) may reach non-public addresses
    /// (`--outbound-allow-private`).
    pub fetch_allow_private: bool,
    /// Seconds the fetcher waits for a whole answer.
    pub fetch_timeout_secs: u64,
    /// Pull the peers on their intervals in the background (on-demand sync works either way).
    pub pull_peers: bool,
    /// Seconds a pull waits for each answer of a peer.
    pub peer_timeout_secs: u64,
    /// Changes asked of a peer per page.
    pub pull_page: i64,
    /// The change feed asks for a bearer token.
    pub private_feed: bool,
    /// Connections and their timeouts.
    pub http: HttpSettings,
}

/// How many connections the server holds and how long it waits for each (DESIGN.md §Outbound
/// requests and hostile input: request headers and bodies have timeouts).
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Open connections at once, over all workers.
    pub max_connections: usize,
    /// Seconds for the request line and headers of a new connection.
    pub header_timeout_secs: u64,
    /// Seconds for a whole request body, from its headers.
    pub body_timeout_secs: u64,
    /// Seconds an idle keep-alive connection stays open; 0: no keep-alive.
    pub keep_alive_secs: u64,
    /// Seconds to wait for the client to close after a closing answer.
    pub disconnect_timeout_secs: u64,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            max_connections: 512,
            header_timeout_secs: 5,
            body_timeout_secs: 30,
            keep_alive_secs: 5,
            disconnect_timeout_secs: 2,
        }
    }
}

/// How bearer tokens are issued and checked (DESIGN.md §Authentication).
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// The `aud` every token must carry; empty means the public URL.
    pub audience: String,
    pub oidc_issuer: Option<String>,
    pub oidc_algorithms: Vec<jsonwebtoken::Algorithm>,
    pub org_claim: String,
    pub token_ttl: u64,
    /// Token requests per client address and minute.
    pub token_rate: u32,
    /// Token requests per client id and minute.
    pub token_client_rate: u32,
    pub jwks_refresh: u64,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            audience: String::new(),
            oidc_issuer: None,
            oidc_algorithms: vec![jsonwebtoken::Algorithm::RS256],
            org_claim: "org".into(),
            token_ttl: 600,
            token_rate: 300,
            token_client_rate: 30,
            jwks_refresh: 30,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            bind: "127.0.0.1:8080".into(),
            database_url: "sqlite://data/registry.db".into(),
            public_url: "http://127.0.0.1:8080".into(),
            node_id: DEFAULT_NODE_ID.into(),
            json_logs: false,
            pool_size: 8,
            auth: AuthSettings::default(),
            fetch_allow_private: false,
            fetch_timeout_secs: 15,
            pull_peers: true,
            peer_timeout_secs: 10,
            pull_page: 500,
            private_feed: false,
            http: HttpSettings::default(),
        }
    }
}

impl Settings {
    /// The audience tokens must name: the configured one, else the public URL.
    pub fn audience(&self) -> &str {
        if self.auth.audience.is_empty() {
            &self.public_url
        } else {
            &self.auth.audience
        }
    }
}

/// A boolean setting from an environment variable kept under its former name.
fn former_env_bool(name: &str) -> anyhow::Result<Option<bool>> {
    match std::env::var(name) {
        Err(_) => Ok(None),
        Ok(v) => match v.trim() {
            "true" => Ok(Some(true)),
            "false" => Ok(Some(false)),
            other => anyhow::bail!("{name} must be true or false, not '{other}'"),
        },
    }
}

fn algorithms(list: &str) -> anyhow::Result<Vec<jsonwebtoken::Algorithm>> {
    let algs = list
        .split(',')
        .map(|a| {
            a.trim()
                .parse::<jsonwebtoken::Algorithm>()
                .map_err(|_| anyhow::anyhow!("unknown signing algorithm '{}'", a.trim()))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let one_family = algs.windows(2).all(|w| w[0].family() == w[1].family());
    if algs.is_empty()
        || !one_family
        || algs
            .iter()
            .any(|a| a.family() == jsonwebtoken::AlgorithmFamily::Hmac)
    {
        // One asymmetric family only: mixing families is what algorithm confusion exploits.
        anyhow::bail!("OIDC algorithms must be asymmetric and of one family, not '{list}'");
    }
    Ok(algs)
}

impl Settings {
    pub fn load(args: &SettingsArgs) -> anyhow::Result<Settings> {
        let path = args
            .config
            .clone()
            .unwrap_or_else(|| PathBuf::from("registry.toml"));
        let file: FileSettings = match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text)
                .map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && args.config.is_none() => {
                FileSettings::default()
            }
            Err(e) => return Err(anyhow::anyhow!("reading {}: {e}", path.display())),
        };
        let bind = args
            .bind
            .clone()
            .or(file.bind)
            .unwrap_or_else(|| "127.0.0.1:8080".into());
        let public_url = args
            .public_url
            .clone()
            .or(file.public_url)
            .unwrap_or_else(|| format!("http://{bind}"));
        let log_format = args
            .log_format
            .clone()
            .or(file.log_format)
            .unwrap_or_else(|| "human".into());
        if !matches!(log_format.as_str(), "human" | "json") {
            anyhow::bail!("log format must be human or json, not '{log_format}'");
        }
        let node_id = args
            .node_id
            .clone()
            .or(file.node_id)
            .unwrap_or_else(|| DEFAULT_NODE_ID.into());
        if let Some(p) = domain::origin::node_id_problem(&node_id) {
            anyhow::bail!("node id '{node_id}' {p}");
        }
        Ok(Settings {
            database_url: args
                .database_url
                .clone()
                .or(file.database_url)
                .unwrap_or_else(|| "sqlite://data/registry.db".into()),
            public_url: public_url.trim_end_matches('/').to_string(),
            node_id,
            json_logs: log_format == "json",
            pool_size: args.pool_size.or(file.pool_size).unwrap_or(8).max(1),
            fetch_allow_private: args
                .fetch_allow_private
                .or(former_env_bool("REGISTRY_FETCH_ALLOW_PRIVATE")?)
                .or(file.outbound_allow_private)
                .or(file.fetch_allow_private)
                .unwrap_or(false),
            pull_peers: args.pull_peers.or(file.pull_peers).unwrap_or(true),
            peer_timeout_secs: args
                .peer_timeout
                .or(file.peer_timeout)
                .unwrap_or(10)
                .clamp(1, 300),
            private_feed: args.private_feed.or(file.private_feed).unwrap_or(false),
            pull_page: args
                .pull_page
                .or(file.pull_page)
                .unwrap_or(500)
                .clamp(1, 1000),
            fetch_timeout_secs: args
                .fetch_timeout
                .or(file.fetch_timeout)
                .unwrap_or(15)
                .clamp(1, 300),
            http: HttpSettings {
                max_connections: args
                    .max_connections
                    .or(file.max_connections)
                    .unwrap_or(512)
                    .max(1),
                header_timeout_secs: args
                    .header_timeout
                    .or(file.header_timeout)
                    .unwrap_or(5)
                    .clamp(1, 300),
                body_timeout_secs: args
                    .body_timeout
                    .or(file.body_timeout)
                    .unwrap_or(30)
                    .clamp(1, 3600),
                keep_alive_secs: args.keep_alive.or(file.keep_alive).unwrap_or(5).min(3600),
                disconnect_timeout_secs: args
                    .disconnect_timeout
                    .or(file.disconnect_timeout)
                    .unwrap_or(2)
                    .clamp(1, 60),
            },
            bind,
            auth: AuthSettings {
                audience: args.audience.clone().or(file.audience).unwrap_or_default(),
                oidc_issuer: args
                    .oidc_issuer
                    .clone()
                    .or(file.oidc_issuer)
                    .map(|u| u.trim_end_matches('/').to_string()),
                oidc_algorithms: algorithms(
                    args.oidc_algorithms
                        .as_deref()
                        .or(file.oidc_algorithms.as_deref())
                        .unwrap_or("RS256"),
                )?,
                org_claim: args
                    .org_claim
                    .clone()
                    .or(file.org_claim)
                    .unwrap_or_else(|| "org".into()),
                token_ttl: args.token_ttl.or(file.token_ttl).unwrap_or(600).max(1),
                token_rate: args.token_rate.or(file.token_rate).unwrap_or(300).max(1),
                token_client_rate: args
                    .token_client_rate
                    .or(file.token_client_rate)
                    .unwrap_or(30)
                    .max(1),
                jwks_refresh: args.jwks_refresh.or(file.jwks_refresh).unwrap_or(30),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_node_id(id: Option<&str>) -> anyhow::Result<Settings> {
        Settings::load(&SettingsArgs {
            node_id: id.map(str::to_string),
            ..SettingsArgs::default()
        })
    }

    #[test]
    fn the_node_id_is_a_slug_and_not_a_word_of_the_origin_filter() {
        assert_eq!(with_node_id(Some("agency-a")).unwrap().node_id, "agency-a");
        assert_eq!(with_node_id(None).unwrap().node_id, DEFAULT_NODE_ID);
        for word in ["local", "mirrored"] {
            let e = with_node_id(Some(word)).unwrap_err().to_string();
            assert!(e.contains(&format!("node id '{word}' is reserved")), "{e}");
        }
        let e = with_node_id(Some("Agency A")).unwrap_err().to_string();
        assert!(e.contains("lower-case"), "{e}");
    }
}
