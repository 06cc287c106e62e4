//! Settings, layered: command-line flags, then `REGISTRY_*` environment variables (clap reads
//! both), then an optional `registry.toml`, then defaults.

use std::path::PathBuf;

use clap::Args;
use serde::Deserialize;

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
    /// This node's id, the `origin` of the entries it owns (default: local).
    #[arg(long, env = "REGISTRY_NODE_ID", global = true)]
    pub node_id: Option<String>,
    /// Log format: human or json (default: human).
    #[arg(long, env = "REGISTRY_LOG_FORMAT", global = true)]
    pub log_format: Option<String>,
    /// Database connections in the pool (default: 8).
    #[arg(long, env = "REGISTRY_POOL_SIZE", global = true)]
    pub pool_size: Option<u32>,
    /// Let the OpenAPI fetcher reach loopback, private and link-local addresses (default: false;
    /// only for tests and closed networks, as it lets a registered URL reach this network).
    #[arg(long, env = "REGISTRY_FETCH_ALLOW_PRIVATE", global = true)]
    pub fetch_allow_private: Option<bool>,
    /// Seconds the OpenAPI and catalogue fetcher waits for a whole answer (default: 15).
    #[arg(long, env = "REGISTRY_FETCH_TIMEOUT", global = true)]
    pub fetch_timeout: Option<u64>,
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
    fetch_allow_private: Option<bool>,
    fetch_timeout: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: String,
    pub database_url: String,
    pub public_url: String,
    pub node_id: String,
    pub json_logs: bool,
    pub pool_size: u32,
    /// The OpenAPI fetcher may reach non-public addresses.
    pub fetch_allow_private: bool,
    /// Seconds the fetcher waits for a whole answer.
    pub fetch_timeout_secs: u64,
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
            .unwrap_or_else(|| "local".into());
        if let Some(p) = crate::domain::identifiers::slug_problem(&node_id) {
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
                .or(file.fetch_allow_private)
                .unwrap_or(false),
            fetch_timeout_secs: args
                .fetch_timeout
                .or(file.fetch_timeout)
                .unwrap_or(15)
                .clamp(1, 300),
            bind,
        })
    }
}
