//! Settings, layered: command-line flags, then `REGISTRY_*` environment variables (clap reads
//! both), then an optional `registry.toml`, then defaults.
//!
//! Each setting is declared once, as a field of [`Settings`] or of its groups [`HttpSettings`]
//! and [`AuthSettings`]: its doc comment is its flag's help, and its `#[arg]` names the flag,
//! the environment variable and the default. A subcommand offers the flags of the settings it
//! reads (`cli::command`) and runs with the file's values or the defaults for the others. The
//! file holds the settings under their flags' names in snake_case (`pull_page = 100`), and
//! [`Settings::load`] hands its values to clap as flags that the command line and the
//! environment override, so clap checks them as it checks the others.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgAction, ArgMatches, Args, FromArgMatches};

/// The node id when none is set. Not `local`, which the lists' `origin` filter reserves for
/// "this node's own entries": mirrored elsewhere, a node of that name could not be asked for.
pub const DEFAULT_NODE_ID: &str = "node";

/// The help headings the settings are listed under.
const NODE: &str = "Node";
const STORAGE: &str = "Database and logs";
const FEDERATION: &str = "Federation and outbound requests";

/// The settings file, read by every subcommand.
#[derive(Debug, Clone, Args)]
pub struct SettingsFile {
    /// Settings file in TOML, each setting under its flag's name in snake_case
    /// (`pull_page = 100`); flags and the environment override it. A file named here must exist.
    #[arg(
        long,
        env = "REGISTRY_CONFIG",
        value_name = "FILE",
        default_value = "registry.toml",
        global = true
    )]
    pub config: PathBuf,
}

/// What the node runs with.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// sqlite://PATH (embedded) or postgres://USER@HOST/DB.
    #[arg(
        long,
        env = "DATABASE_URL",
        value_name = "URL",
        default_value = "sqlite://data/registry.db",
        help_heading = STORAGE
    )]
    pub database_url: String,
    /// Database connections in the pool.
    #[arg(
        long,
        env = "REGISTRY_POOL_SIZE",
        value_name = "N",
        default_value_t = 8,
        help_heading = STORAGE
    )]
    pub pool_size: u32,
    /// Log format: human or json (the level is set with `RUST_LOG`).
    #[arg(
        long = "log-format",
        env = "REGISTRY_LOG_FORMAT",
        value_name = "FORMAT",
        default_value = "human",
        value_parser = log_format,
        action = ArgAction::Set,
        help_heading = STORAGE
    )]
    pub json_logs: bool,
    /// This node's id, the `origin` of the entries it owns: a slug, not `local` or `mirrored`,
    /// which the lists' `origin` filter reserves.
    #[arg(
        long,
        env = "REGISTRY_NODE_ID",
        value_name = "ID",
        default_value = DEFAULT_NODE_ID,
        value_parser = node_id,
        help_heading = NODE
    )]
    pub node_id: String,
    /// Base of the entries' absolute URIs (default: http://BIND).
    #[arg(
        long,
        env = "REGISTRY_PUBLIC_URL",
        value_name = "URL",
        default_value = "",
        hide_default_value = true,
        help_heading = NODE
    )]
    pub public_url: String,
    /// Address to listen on; without a public URL, also the base of the entries' URIs.
    #[arg(
        long,
        env = "REGISTRY_BIND",
        value_name = "ADDR",
        default_value = "127.0.0.1:8080",
        help_heading = NODE
    )]
    pub bind: String,
    #[command(flatten)]
    pub http: HttpSettings,
    #[command(flatten)]
    pub auth: AuthSettings,
    /// Let every outbound request (OpenAPI and catalogue fetches, federation peers, the OpenID
    /// provider) reach loopback, private and link-local addresses: only for tests and closed
    /// networks, as it lets a registered URL reach this network. Former names:
    /// `--fetch-allow-private`, `REGISTRY_FETCH_ALLOW_PRIVATE`, `fetch_allow_private`.
    #[arg(
        long = "outbound-allow-private",
        alias = "fetch-allow-private",
        env = "REGISTRY_OUTBOUND_ALLOW_PRIVATE",
        value_name = "BOOL",
        default_value_t = false,
        action = ArgAction::Set,
        help_heading = FEDERATION
    )]
    pub fetch_allow_private: bool,
    /// Seconds the OpenAPI and catalogue fetcher waits for a whole answer (1–300).
    #[arg(
        long = "fetch-timeout",
        env = "REGISTRY_FETCH_TIMEOUT",
        value_name = "SECONDS",
        default_value_t = 15,
        help_heading = FEDERATION
    )]
    pub fetch_timeout_secs: u64,
    /// Pull the peers on their intervals in the background (on-demand pulls work either way).
    #[arg(
        long,
        env = "REGISTRY_PULL_PEERS",
        value_name = "BOOL",
        default_value_t = true,
        action = ArgAction::Set,
        help_heading = FEDERATION
    )]
    pub pull_peers: bool,
    /// Harvest the catalogues organisations publish (`PUT
    /// /api/v1/organisations/{org}/catalog/source`) on their intervals in the background
    /// (on-demand harvests work either way).
    #[arg(
        long,
        env = "REGISTRY_HARVEST_CATALOGS",
        value_name = "BOOL",
        default_value_t = true,
        action = ArgAction::Set,
        help_heading = FEDERATION
    )]
    pub harvest_catalogs: bool,
    /// Seconds a pull waits for each answer of a peer before it counts as failed (1–300).
    #[arg(
        long = "peer-timeout",
        env = "REGISTRY_PEER_TIMEOUT",
        value_name = "SECONDS",
        default_value_t = 10,
        help_heading = FEDERATION
    )]
    pub peer_timeout_secs: u64,
    /// Changes asked of a peer per page (1–1000); each page is applied in one transaction
    /// together with the cursor.
    #[arg(
        long,
        env = "REGISTRY_PULL_PAGE",
        value_name = "N",
        default_value_t = 500,
        help_heading = FEDERATION
    )]
    pub pull_page: i64,
    /// Serve the change feed only to callers with a bearer token of this node's issuer (or the
    /// trusted OpenID provider); by default the register is public.
    #[arg(
        long,
        env = "REGISTRY_PRIVATE_FEED",
        value_name = "BOOL",
        default_value_t = false,
        action = ArgAction::Set,
        help_heading = FEDERATION
    )]
    pub private_feed: bool,
}

/// How many connections the server holds and how long it waits for each (DESIGN.md §Outbound
/// requests and hostile input: request headers and bodies have timeouts).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Connections")]
pub struct HttpSettings {
    /// Open connections this process serves at once, over all its workers; keep it below the
    /// open-file limit, `ulimit -n`. Beyond it new connections wait in the listen queue while
    /// the open ones are served.
    #[arg(
        long,
        env = "REGISTRY_MAX_CONNECTIONS",
        value_name = "N",
        default_value_t = 512
    )]
    pub max_connections: usize,
    /// Seconds a new connection has to send its request line and headers, else 408 and the
    /// connection is closed (1–300).
    #[arg(
        long = "header-timeout",
        env = "REGISTRY_HEADER_TIMEOUT",
        value_name = "SECONDS",
        default_value_t = 5
    )]
    pub header_timeout_secs: u64,
    /// Seconds a request has to send its whole body, counted from its headers, else 408 and the
    /// connection is closed (1–3600).
    #[arg(
        long = "body-timeout",
        env = "REGISTRY_BODY_TIMEOUT",
        value_name = "SECONDS",
        default_value_t = 30
    )]
    pub body_timeout_secs: u64,
    /// Seconds an idle keep-alive connection stays open (0 closes each connection after its
    /// answer; at most 3600).
    #[arg(
        long = "keep-alive",
        env = "REGISTRY_KEEP_ALIVE",
        value_name = "SECONDS",
        default_value_t = 5
    )]
    pub keep_alive_secs: u64,
    /// Seconds the server waits for a client to close its side after a closing answer (1–60).
    #[arg(
        long = "disconnect-timeout",
        env = "REGISTRY_DISCONNECT_TIMEOUT",
        value_name = "SECONDS",
        default_value_t = 2
    )]
    pub disconnect_timeout_secs: u64,
}

/// How bearer tokens are issued and checked (DESIGN.md §Authentication).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Authentication")]
pub struct AuthSettings {
    /// Audience every bearer token must name (default: the public URL).
    #[arg(
        long,
        env = "REGISTRY_AUDIENCE",
        value_name = "AUD",
        default_value = "",
        hide_default_value = true
    )]
    pub audience: String,
    /// Issuer URL of an external OpenID Connect provider whose tokens are accepted too (none by
    /// default).
    #[arg(long, env = "REGISTRY_OIDC_ISSUER", value_name = "URL")]
    pub oidc_issuer: Option<String>,
    /// Client id of this node at that provider, for people signing in to the web interface
    /// (authorization code flow with PKCE; redirect URI `<public URL>/logga-in/oidc/callback`).
    /// None by default: people then sign in with accounts of the built-in issuer only.
    #[arg(long, env = "REGISTRY_OIDC_CLIENT_ID", value_name = "ID")]
    pub oidc_client_id: Option<String>,
    /// That client's secret (best from the environment; none by default, for a public client).
    #[arg(
        long,
        env = "REGISTRY_OIDC_CLIENT_SECRET",
        value_name = "SECRET",
        hide_env_values = true
    )]
    pub oidc_client_secret: Option<String>,
    /// Scopes asked of the provider when a person signs in, space-separated; they must give
    /// the organisation claim in the ID token.
    #[arg(
        long,
        env = "REGISTRY_OIDC_SCOPES",
        value_name = "SCOPES",
        default_value = "openid email profile"
    )]
    pub oidc_scopes: String,
    /// Signing algorithms accepted from that provider, comma-separated, of one asymmetric
    /// family.
    // `std::vec::Vec`: one value, the whole list, rather than clap's repeated flag.
    #[arg(
        long,
        env = "REGISTRY_OIDC_ALGORITHMS",
        value_name = "LIST",
        default_value = "RS256",
        value_parser = algorithms
    )]
    pub oidc_algorithms: std::vec::Vec<jsonwebtoken::Algorithm>,
    /// Claim that names the caller's organisation (slug or organisation number).
    #[arg(
        long,
        env = "REGISTRY_ORG_CLAIM",
        value_name = "NAME",
        default_value = "org"
    )]
    pub org_claim: String,
    /// Lifetime of tokens from the built-in issuer, in seconds.
    #[arg(
        long,
        env = "REGISTRY_TOKEN_TTL",
        value_name = "SECONDS",
        default_value_t = 600
    )]
    pub token_ttl: u64,
    /// Token requests allowed per client address and minute before 429, for all clients behind
    /// that address together.
    #[arg(
        long,
        env = "REGISTRY_TOKEN_RATE",
        value_name = "N",
        default_value_t = 300
    )]
    pub token_rate: u32,
    /// Token requests allowed per client id and minute before 429, checked before the address's
    /// limit, so one client behind a shared proxy cannot use up the others'.
    #[arg(
        long,
        env = "REGISTRY_TOKEN_CLIENT_RATE",
        value_name = "N",
        default_value_t = 30
    )]
    pub token_client_rate: u32,
    /// Least seconds between two fetches of the provider's keys on an unknown `kid`.
    #[arg(
        long,
        env = "REGISTRY_JWKS_REFRESH",
        value_name = "SECONDS",
        default_value_t = 30
    )]
    pub jwks_refresh: u64,
}

/// The defaults as declared: `T`'s arguments parsed from an empty command line, with no
/// environment.
fn defaults<T: Args + FromArgMatches>() -> T {
    let command = T::augment_args(clap::Command::new("defaults")).mut_args(|a| a.env(None));
    command
        .try_get_matches_from(["defaults"])
        .and_then(|m| T::from_arg_matches(&m))
        .expect("every setting has a valid default")
}

impl Default for HttpSettings {
    fn default() -> Self {
        defaults()
    }
}

impl Default for AuthSettings {
    fn default() -> Self {
        defaults()
    }
}

impl Default for Settings {
    fn default() -> Self {
        defaults::<Settings>().normalised()
    }
}

impl Settings {
    /// The defaults with this database: the settings a test starts from.
    pub fn for_database(url: &str) -> Settings {
        Settings {
            database_url: url.to_string(),
            ..Settings::default()
        }
    }

    /// The audience tokens must name: the configured one, else the public URL.
    pub fn audience(&self) -> &str {
        if self.auth.audience.is_empty() {
            &self.public_url
        } else {
            &self.auth.audience
        }
    }

    /// The flags of every setting, with their help, environment variables and defaults; a
    /// subcommand offers those of the settings it reads.
    pub fn flags() -> Vec<clap::Arg> {
        Settings::augment_args(clap::Command::new("registry"))
            .get_arguments()
            .cloned()
            .collect()
    }

    /// The settings a subcommand runs with: what its command line and environment give for the
    /// settings it offers (`given`, its matches, which also name the settings file), over the
    /// file, over the defaults.
    pub fn load(given: &ArgMatches) -> anyhow::Result<Settings> {
        let flags = Settings::flags();
        // Every layer becomes flags of one command line, the later overriding the earlier.
        let mut layers = vec![OsString::from("registry")];
        let file = SettingsFile::from_arg_matches(given)?.config;
        let named = source(given, "config") != Some(ValueSource::DefaultValue);
        let from_file = file_flags(&file, named, &flags)?;
        let read_file = !from_file.is_empty();
        layers.extend(from_file);
        if source(given, "fetch_allow_private") == Some(ValueSource::DefaultValue) {
            if let Some(allow) = former_env_bool("REGISTRY_FETCH_ALLOW_PRIVATE")? {
                layers.push(format!("--outbound-allow-private={allow}").into());
            }
        }
        for flag in &flags {
            let id = flag.get_id().as_str();
            if matches!(
                source(given, id),
                Some(ValueSource::CommandLine | ValueSource::EnvVariable)
            ) {
                for value in given.get_raw(id).into_iter().flatten() {
                    layers.push(flag_with(flag, value));
                }
            }
        }
        // Without the environment: it was read for the flags the subcommand offers, and the
        // others it does not read.
        let command = Settings::augment_args(clap::Command::new("registry"))
            .mut_args(|a| a.env(None))
            .args_override_self(true);
        let matches = command.try_get_matches_from(layers).map_err(|e| {
            // The command line and the environment were checked when they were parsed.
            let message = clap_message(&e);
            if read_file {
                anyhow::anyhow!("reading {}: {message}", file.display())
            } else {
                anyhow::anyhow!("{message}")
            }
        })?;
        Ok(Settings::from_arg_matches(&matches)?.normalised())
    }

    /// The public URL when none is set, and values kept within their bounds.
    fn normalised(mut self) -> Settings {
        if self.public_url.is_empty() {
            self.public_url = format!("http://{}", self.bind);
        }
        self.public_url = self.public_url.trim_end_matches('/').to_string();
        self.pool_size = self.pool_size.max(1);
        self.fetch_timeout_secs = self.fetch_timeout_secs.clamp(1, 300);
        self.peer_timeout_secs = self.peer_timeout_secs.clamp(1, 300);
        self.pull_page = self.pull_page.clamp(1, 1000);
        let http = &mut self.http;
        http.max_connections = http.max_connections.max(1);
        http.header_timeout_secs = http.header_timeout_secs.clamp(1, 300);
        http.body_timeout_secs = http.body_timeout_secs.clamp(1, 3600);
        http.keep_alive_secs = http.keep_alive_secs.min(3600);
        http.disconnect_timeout_secs = http.disconnect_timeout_secs.clamp(1, 60);
        let auth = &mut self.auth;
        if let Some(issuer) = &mut auth.oidc_issuer {
            *issuer = issuer.trim_end_matches('/').to_string();
        }
        auth.token_ttl = auth.token_ttl.max(1);
        auth.token_rate = auth.token_rate.max(1);
        auth.token_client_rate = auth.token_client_rate.max(1);
        self
    }
}

/// Where the value of the argument `id` came from; `None` when it has none, or when the
/// subcommand does not offer it.
fn source(matches: &ArgMatches, id: &str) -> Option<ValueSource> {
    // `value_source` of an argument the command does not have is a bug to clap.
    matches
        .ids()
        .any(|i| i == id)
        .then(|| matches.value_source(id))
        .flatten()
}

/// `--flag=value`, one value of a flag as one word.
fn flag_with(flag: &clap::Arg, value: &std::ffi::OsStr) -> OsString {
    let mut word = OsString::from(format!("--{}=", flag.get_long().unwrap_or_default()));
    word.push(value);
    word
}

/// The settings file's values as flags; none when the file is not named and does not exist.
/// A value under a former name comes first, so that the current name wins.
fn file_flags(
    path: &std::path::Path,
    named: bool,
    flags: &[clap::Arg],
) -> anyhow::Result<Vec<OsString>> {
    let fail = |e: &dyn std::fmt::Display| anyhow::anyhow!("reading {}: {e}", path.display());
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => return Ok(vec![]),
        Err(e) => return Err(fail(&e)),
    };
    let table: toml::Table = toml::from_str(&text).map_err(|e| fail(&e))?;
    let key = |name: &str| name.replace('-', "_");
    let (mut former, mut current) = (vec![], vec![]);
    for (name, value) in &table {
        let named_as = |long: &str| key(long) == *name;
        let Some(flag) = flags.iter().find(|f| {
            f.get_long().is_some_and(named_as)
                || f.get_all_aliases()
                    .is_some_and(|aliases| aliases.into_iter().any(named_as))
        }) else {
            let known: Vec<String> = flags
                .iter()
                .filter_map(|f| f.get_long())
                .map(|l| format!("`{}`", key(l)))
                .collect();
            return Err(fail(&format!(
                "unknown setting `{name}`, expected one of {}",
                known.join(", ")
            )));
        };
        let value = match value {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            other => {
                return Err(fail(&format!(
                    "`{name}` must be a string, a whole number or true or false, not {}",
                    other.type_str()
                )))
            }
        };
        let word = flag_with(flag, value.as_ref());
        if flag.get_long().is_some_and(named_as) {
            current.push(word);
        } else {
            former.push(word);
        }
    }
    former.extend(current);
    Ok(former)
}

/// A clap error's message, without its "error: " and the hint that follows.
fn clap_message(e: &clap::Error) -> String {
    let text = e.to_string();
    let first = text.lines().next().unwrap_or_default();
    first.strip_prefix("error: ").unwrap_or(first).to_string()
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

fn log_format(format: &str) -> Result<bool, String> {
    match format {
        "human" => Ok(false),
        "json" => Ok(true),
        other => Err(format!("log format must be human or json, not '{other}'")),
    }
}

fn node_id(id: &str) -> Result<String, String> {
    match domain::origin::node_id_problem(id) {
        Some(p) => Err(format!("node id '{id}' {p}")),
        None => Ok(id.to_string()),
    }
}

fn algorithms(list: &str) -> Result<Vec<jsonwebtoken::Algorithm>, String> {
    let algs = list
        .split(',')
        .map(|a| {
            a.trim()
                .parse::<jsonwebtoken::Algorithm>()
                .map_err(|_| format!("unknown signing algorithm '{}'", a.trim()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let one_family = algs.windows(2).all(|w| w[0].family() == w[1].family());
    if algs.is_empty()
        || !one_family
        || algs
            .iter()
            .any(|a| a.family() == jsonwebtoken::AlgorithmFamily::Hmac)
    {
        // One asymmetric family only: mixing families is what algorithm confusion exploits.
        return Err(format!(
            "OIDC algorithms must be asymmetric and of one family, not '{list}'"
        ));
    }
    Ok(algs)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A settings file with this text.
    fn file(text: &str) -> tempfile::NamedTempFile {
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), text).unwrap();
        f
    }

    /// `registry` reading no environment, but for `serve --bind` the variable `bind_env`:
    /// the environment of the tests is not theirs to set.
    fn registry(bind_env: Option<&'static str>) -> clap::Command {
        crate::cli::command()
            .mut_args(|a| a.env(None))
            .mut_subcommand("serve", |serve| {
                serve
                    .mut_args(|a| a.env(None))
                    .mut_arg("bind", |a| a.env(bind_env))
            })
    }

    /// The settings `registry ARGS` runs with, or its error.
    fn run(command: clap::Command, args: &[&str]) -> Result<Settings, String> {
        let argv = std::iter::once("registry").chain(args.iter().copied());
        let matches = command
            .try_get_matches_from(argv)
            .map_err(|e| e.to_string())?;
        crate::cli::settings(&matches).map_err(|e| e.to_string())
    }

    /// `registry serve` with this settings file and these flags.
    fn serve(file: &tempfile::NamedTempFile, flags: &[&str]) -> Result<Settings, String> {
        let path = file.path().to_str().unwrap();
        run(
            registry(None),
            &[&["serve", "--config", path], flags].concat(),
        )
    }

    /// What `--help` prints.
    fn help(args: &[&str]) -> String {
        let argv = [&["registry"], args, &["--help"]].concat();
        let e = crate::cli::command()
            .try_get_matches_from(argv)
            .unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::DisplayHelp);
        e.to_string()
    }

    #[test]
    fn a_flag_beats_the_environment_which_beats_the_file_which_beats_the_default() {
        let with_bind = file("bind = \"file.example:1\"\n");
        let path = with_bind.path().to_str().unwrap();
        // PATH stands in for REGISTRY_BIND: set in every test's environment, and by no test.
        let from_env = std::env::var("PATH").expect("PATH is set");
        let bind = |env, flags: &[&str]| {
            let args = [&["serve", "--config", path], flags].concat();
            run(registry(env), &args).unwrap()
        };
        let s = bind(Some("PATH"), &["--bind", "flag.example:1"]);
        assert_eq!(s.bind, "flag.example:1");
        assert_eq!(bind(Some("PATH"), &[]).bind, from_env);
        let s = bind(None, &[]);
        assert_eq!(s.bind, "file.example:1");
        assert_eq!(s.public_url, "http://file.example:1");
        let s = serve(&file(""), &[]).unwrap();
        assert_eq!(s.bind, "127.0.0.1:8080");
        assert_eq!(s.public_url, "http://127.0.0.1:8080");
    }

    #[test]
    fn the_defaults_are_those_of_an_empty_command_line() {
        let parsed = serve(&file(""), &[]).unwrap();
        assert_eq!(format!("{parsed:?}"), format!("{:?}", Settings::default()));
        let s = Settings::for_database("sqlite::memory:");
        assert_eq!(s.database_url, "sqlite::memory:");
        assert_eq!((s.node_id.as_str(), s.pull_page), (DEFAULT_NODE_ID, 500));
        assert_eq!(s.auth.oidc_algorithms, [jsonwebtoken::Algorithm::RS256]);
        assert_eq!(s.audience(), "http://127.0.0.1:8080");
        assert_eq!(HttpSettings::default().max_connections, 512);
        assert_eq!(AuthSettings::default().token_ttl, 600);
    }

    #[test]
    fn the_file_holds_settings_of_every_kind_under_their_flags_names() {
        let f = file(
            "token_ttl = 60\npull_peers = false\nheader_timeout = 7\nlog_format = \"json\"\n\
             oidc_algorithms = \"ES256, ES384\"\nnode_id = \"agency-a\"\n\
             public_url = \"https://register.example.se/\"\npull_page = 5000\n",
        );
        let s = serve(&f, &[]).unwrap();
        assert_eq!(s.auth.token_ttl, 60);
        assert!(!s.pull_peers);
        assert_eq!(s.http.header_timeout_secs, 7);
        assert!(s.json_logs);
        use jsonwebtoken::Algorithm::{ES256, ES384};
        assert_eq!(s.auth.oidc_algorithms, [ES256, ES384]);
        assert_eq!(s.node_id, "agency-a");
        assert_eq!(s.public_url, "https://register.example.se");
        assert_eq!(s.pull_page, 1000, "kept within its bounds");
        let s = serve(&f, &["--token-ttl", "90", "--pull-peers", "true"]).unwrap();
        assert_eq!((s.auth.token_ttl, s.pull_peers), (90, true));
    }

    #[test]
    fn the_former_name_of_outbound_allow_private_still_works_and_the_current_one_wins() {
        let former = file("fetch_allow_private = true\n");
        assert!(serve(&former, &[]).unwrap().fetch_allow_private);
        let both = file("outbound_allow_private = false\nfetch_allow_private = true\n");
        assert!(!serve(&both, &[]).unwrap().fetch_allow_private);
        let flag = &["--fetch-allow-private", "true"];
        assert!(serve(&both, flag).unwrap().fetch_allow_private);
    }

    #[test]
    fn a_wrong_file_is_an_error_that_names_it() {
        let wrong = |text: &str| serve(&file(text), &[]).unwrap_err();
        let e = wrong("bnd = \"x\"\n");
        assert!(
            e.contains("reading ") && e.contains("unknown setting `bnd`"),
            "{e}"
        );
        assert!(e.contains("`bind`"), "the settings are listed: {e}");
        let e = wrong("token_ttl = \"soon\"\n");
        assert!(e.contains("reading ") && e.contains("--token-ttl"), "{e}");
        let e = wrong("config = \"other.toml\"\n");
        assert!(e.contains("unknown setting `config`"), "{e}");
        let e = wrong("header-timeout = 5\n");
        assert!(e.contains("unknown setting"), "snake_case only: {e}");
        let e = wrong("keep_alive = [5]\n");
        assert!(e.contains("must be a string"), "{e}");
        let e = wrong("log_format = \"xml\"\n");
        assert!(
            e.contains("log format must be human or json, not 'xml'"),
            "{e}"
        );
        let e = run(
            registry(None),
            &["serve", "--config", "/nonexistent/registry.toml"],
        );
        assert!(e
            .unwrap_err()
            .contains("reading /nonexistent/registry.toml"));
    }

    #[test]
    fn the_node_id_is_a_slug_and_not_a_word_of_the_origin_filter() {
        let empty = file("");
        let node_id = |id: &str| serve(&empty, &["--node-id", id]);
        assert_eq!(node_id("agency-a").unwrap().node_id, "agency-a");
        assert_eq!(serve(&empty, &[]).unwrap().node_id, DEFAULT_NODE_ID);
        for word in ["local", "mirrored"] {
            let e = node_id(word).unwrap_err();
            assert!(e.contains(&format!("node id '{word}' is reserved")), "{e}");
            let e = serve(&file(&format!("node_id = \"{word}\"")), &[]).unwrap_err();
            assert!(e.contains("reading ") && e.contains("is reserved"), "{e}");
        }
        let e = node_id("Agency A").unwrap_err();
        assert!(e.contains("lower-case"), "{e}");
    }

    #[test]
    fn each_subcommand_offers_only_the_settings_it_reads() {
        let list = help(&["clients", "list"]);
        for offered in ["--json", "--database-url", "--log-format", "--config"] {
            assert!(list.contains(offered), "{offered} missing: {list}");
        }
        for unused in ["--bind", "--node-id", "--token-ttl", "--pool-size"] {
            assert!(!list.contains(unused), "{unused} offered: {list}");
        }
        assert!(!help(&["export"]).contains("--bind"));
        let e = run(registry(None), &["export", "--bind", "0.0.0.0:80"]).unwrap_err();
        assert!(e.contains("unexpected argument '--bind'"), "{e}");
        assert!(help(&["seed"]).contains("--public-url"));
        assert!(help(&["clients", "create"]).contains("--node-id"));
        assert!(help(&["peers", "add"]).contains("--outbound-allow-private"));
        let serve = help(&["serve"]);
        for flag in Settings::flags() {
            let long = format!("--{} ", flag.get_long().unwrap());
            assert!(serve.contains(&long), "serve does not offer {long}");
        }
    }

    #[test]
    fn every_argument_has_a_description_and_every_setting_its_default() {
        let mut command = crate::cli::command();
        command.build();
        command.clone().debug_assert();
        fn undescribed(c: &clap::Command, path: &str, out: &mut Vec<String>) {
            let path = format!("{path} {}", c.get_name());
            for a in c.get_arguments() {
                if a.get_help().is_none() && a.get_long_help().is_none() {
                    out.push(format!("{path} {}", a.get_id()));
                }
            }
            for sub in c.get_subcommands() {
                undescribed(sub, &path, out);
            }
        }
        let mut missing = vec![];
        undescribed(&command, "", &mut missing);
        assert!(missing.is_empty(), "without a description: {missing:?}");
        for flag in Settings::flags() {
            let shown = !flag.get_default_values().is_empty() && !flag.is_hide_default_value_set();
            let help = flag.get_help().map(|h| h.to_string()).unwrap_or_default();
            assert!(
                shown || help.contains("default"),
                "--{} does not show its default",
                flag.get_long().unwrap()
            );
        }
    }
}
