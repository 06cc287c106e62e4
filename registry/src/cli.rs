//! The `registry` command line.

use std::process::ExitCode;

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::settings::{Settings, SettingsFile};
use crate::store::Db;

/// The command line without the settings' flags: parse it with [`command`], which gives each
/// subcommand the flags of the settings it reads.
#[derive(Debug, Parser)]
#[command(
    name = "registry",
    version,
    about = "The building-block registry of Sweden's shared digital infrastructure"
)]
pub struct Cli {
    #[command(flatten)]
    pub settings_file: SettingsFile,
    #[command(subcommand)]
    pub command: Command,
}

/// The settings each subcommand reads (`Settings` fields, the ids of their flags), which it
/// offers as flags; `None` for all of them. The others it runs with from the settings file or
/// their defaults.
fn settings_read_by(subcommand: &str) -> Option<&'static [&'static str]> {
    Some(match subcommand {
        "serve" => return None,
        // The public URL is part of the entries' URIs; without one, `serve` and `seed` both
        // make it of the address.
        "seed" => &["database_url", "json_logs", "node_id", "public_url", "bind"],
        "clients create" => &["database_url", "json_logs", "node_id"],
        // The setup link is on the node's public URL.
        "users create" => &["database_url", "json_logs", "node_id", "public_url", "bind"],
        "peers add" => &["database_url", "json_logs", "fetch_allow_private"],
        _ => &["database_url", "json_logs"],
    })
}

/// The `registry` command: [`Cli`], each subcommand with the flags of the settings it reads.
pub fn command() -> clap::Command {
    with_settings(Cli::command(), "")
}

fn with_settings(command: clap::Command, path: &str) -> clap::Command {
    if command.has_subcommands() {
        return command.mut_subcommands(|sub| {
            let path = format!("{path} {}", sub.get_name());
            with_settings(sub, path.trim_start())
        });
    }
    let reads = settings_read_by(path);
    let flags = Settings::flags();
    debug_assert!(
        reads.is_none_or(|ids| ids.iter().all(|id| flags.iter().any(|f| f.get_id() == id))),
        "`registry {path}` names a setting there is none of: {reads:?}"
    );
    flags
        .into_iter()
        .filter(|f| reads.is_none_or(|ids| ids.contains(&f.get_id().as_str())))
        .fold(command, clap::Command::arg)
}

/// The settings of the subcommand these matches (of [`command`]) hold.
pub fn settings(matches: &ArgMatches) -> anyhow::Result<Settings> {
    let mut leaf = matches;
    while let Some((_, sub)) = leaf.subcommand() {
        leaf = sub;
    }
    Settings::load(leaf)
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the register over HTTP (migrates, and seeds an empty register).
    Serve {
        /// Do not load the source report's register into an empty database.
        #[arg(long)]
        no_seed: bool,
    },
    /// Apply pending database migrations.
    Migrate {
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write the whole register (every entry, version and change) as JSON: a backup.
    Export {
        /// File to write (default: standard output).
        #[arg(long, short, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
    /// Restore a backup made by `export` into an empty database (all or nothing).
    Import {
        /// The backup file (`-` for standard input).
        file: std::path::PathBuf,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// OAuth2 clients of the built-in issuer (client-credentials grant at /oauth/token).
    Clients {
        #[command(subcommand)]
        action: ClientsCommand,
    },
    /// People's accounts for signing in to the web interface (the built-in issuer).
    Users {
        #[command(subcommand)]
        action: UsersCommand,
    },
    /// Peers: the nodes this node pulls entries from (federation).
    Peers {
        #[command(subcommand)]
        action: PeersCommand,
    },
    /// Load the register of the source report into an empty database.
    Seed {
        /// Also add N synthetic building blocks (with N/10 organisations), for benchmarks.
        #[arg(long, value_name = "N")]
        synthetic: Option<usize>,
        /// Also add M synthetic APIs of the seeded agencies, for benchmarks of the catalogue.
        #[arg(long, value_name = "M")]
        synthetic_apis: Option<usize>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ClientsCommand {
    /// Create a client and print its id and secret (the secret is shown only this once).
    Create {
        /// The organisation the client acts for (slug, id or organisation number); its
        /// rights follow the roles the organisation holds in the register.
        #[arg(long)]
        organisation: Option<String>,
        /// An operator client: every right, for bootstrapping an empty register and running
        /// the node. Give these only to the node's operators.
        #[arg(long)]
        operator: bool,
        /// A name to recognise the client by (default: the organisation's slug).
        #[arg(long)]
        name: Option<String>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the clients (never their secrets).
    List {
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Revoke a client: no new tokens, and the tokens it holds stop working at once.
    Revoke {
        /// The client's id.
        client_id: String,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Create an account and print the one-time link where the person sets a password.
    #[command(
        after_help = "Example:\n  registry users create --organisation digg --email anna@digg.se"
    )]
    Create {
        /// The organisation the person acts for (slug, id or organisation number); the
        /// account has exactly that organisation's rights.
        #[arg(long)]
        organisation: String,
        /// The person's email address, which they sign in with.
        #[arg(long)]
        email: String,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the accounts (never their passwords).
    List {
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PeersCommand {
    /// Add a peer to pull from.
    Add {
        /// The peer's base URL.
        #[arg(long)]
        url: String,
        /// Seconds between two pulls (default: 60).
        #[arg(long)]
        interval: Option<i64>,
        /// Further origins the peer may forward entries of, comma-separated.
        #[arg(long, value_delimiter = ',')]
        origins: Vec<String>,
        /// A client of the peer's issuer, for a peer whose feed is not public.
        #[arg(long)]
        client_id: Option<String>,
        /// That client's secret (best from the environment, not the command line).
        #[arg(long, env = "REGISTRY_PEER_CLIENT_SECRET", hide_env_values = true)]
        client_secret: Option<String>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the peers and how pulling from them goes.
    List {
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Stop pulling from a peer (what was mirrored stays, read-only).
    Remove {
        /// The peer's id.
        id: String,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn main() -> ExitCode {
    let matches = command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let settings = match settings(&matches) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("registry: {e:#}");
            return ExitCode::from(2);
        }
    };
    init_tracing(settings.json_logs);
    match run(cli.command, settings) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("registry: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(json: bool) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// Runs one subcommand with these settings (what `main` does after parsing; tests call it).
pub fn run(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve { no_seed } => {
            let rt = tokio::runtime::Runtime::new()?;
            rt.block_on(async {
                let app = crate::server::Application::build(settings.clone(), !no_seed).await?;
                tracing::info!(bind = %settings.bind, port = app.port(), node = %settings.node_id,
                    "serving the register; API docs at {}/api/docs/", settings.public_url);
                app.run_until_stopped().await?;
                Ok(())
            })
        }
        Command::Migrate { json } => {
            let db = Db::connect(&settings.database_url, 1)?;
            let applied = db.migrate()?;
            if json {
                println!("{}", serde_json::json!({ "applied": applied }));
            } else if applied.is_empty() {
                println!("no pending migrations");
            } else {
                println!(
                    "applied {} migration(s): {}",
                    applied.len(),
                    applied.join(", ")
                );
            }
            Ok(())
        }
        Command::Export { output } => {
            let db = Db::connect(&settings.database_url, 1)?;
            db.migrate()?;
            let backup = crate::store::backup::export(&mut *db.get()?)?;
            let text = serde_json::to_string_pretty(&backup)?;
            match output {
                Some(path) => write_private(&path, (text + "\n").as_bytes())
                    .map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?,
                None => println!("{text}"),
            }
            Ok(())
        }
        Command::Import { file, json } => {
            use std::io::Read;
            // Within the budget: at most BACKUP_BYTES, then read once as a check (depth, values,
            // text the register cannot hold) before it is read into rows.
            let limit = crate::budget::BACKUP_BYTES;
            let mut text = String::new();
            let reader: Box<dyn std::io::Read> = if file.as_os_str() == "-" {
                Box::new(std::io::stdin())
            } else {
                Box::new(
                    std::fs::File::open(&file)
                        .map_err(|e| anyhow::anyhow!("reading {}: {e}", file.display()))?,
                )
            };
            reader
                .take(limit + 1)
                .read_to_string(&mut text)
                .map_err(|e| anyhow::anyhow!("reading {}: {e}", file.display()))?;
            if text.len() as u64 > limit {
                anyhow::bail!(
                    "{} is larger than {limit} bytes, the largest backup import reads",
                    file.display()
                );
            }
            crate::budget::backup(&text)
                .map_err(|e| anyhow::anyhow!("{} is refused: {e}", file.display()))?;
            let backup: crate::store::backup::Backup = serde_json::from_str(&text)
                .map_err(|e| anyhow::anyhow!("{} is not a registry backup: {e}", file.display()))?;
            let db = Db::connect(&settings.database_url, 1)?;
            db.migrate()?;
            let n = crate::store::backup::import(&mut *db.get()?, &backup)?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({ "imported": n, "changes": backup.changes.len() })
                );
            } else {
                println!("imported {n} entries and {} changes", backup.changes.len());
            }
            Ok(())
        }
        Command::Clients { action } => clients(action, &settings),
        Command::Users { action } => users(action, &settings),
        Command::Peers { action } => peers(action, &settings),
        Command::Seed {
            synthetic,
            synthetic_apis,
            json,
        } => {
            let db = Db::connect(&settings.database_url, 1)?;
            db.prepare(&settings.node_id)?;
            let loaded = crate::seed::load_if_empty(&db, &settings.node_id, &settings.public_url)?;
            let added = synthetic
                .map(|n| crate::synthetic::load(&db, &settings.node_id, &settings.public_url, n))
                .transpose()?;
            let apis = synthetic_apis
                .map(|m| {
                    crate::synthetic::load_apis(&db, &settings.node_id, &settings.public_url, m)
                })
                .transpose()?;
            if json {
                let report = serde_json::json!({
                    "seeded": loaded.is_some(),
                    "entries": loaded.unwrap_or(0),
                    "syntheticEntries": added.unwrap_or(0),
                    "syntheticApis": apis.unwrap_or(0),
                });
                println!("{report}");
            } else {
                match loaded {
                    Some(n) => println!("loaded {n} entries from the source report"),
                    None => println!("the register is not empty; the report was not loaded again"),
                }
                if let Some(n) = added {
                    println!("added {n} synthetic entries");
                }
                if let Some(m) = apis {
                    println!("added {m} synthetic APIs");
                }
            }
            Ok(())
        }
    }
}

fn users(action: UsersCommand, settings: &Settings) -> anyhow::Result<()> {
    let db = Db::connect(&settings.database_url, 1)?;
    db.migrate()?;
    let mut conn = db.get()?;
    match action {
        UsersCommand::Create {
            organisation,
            email,
            json,
        } => {
            // The node that owns the database resolves the slugs, whatever this start was given.
            let node = crate::store::identity::node::node_id(&mut conn)?
                .unwrap_or_else(|| settings.node_id.clone());
            let token = crate::auth::accounts::create(&mut conn, &node, &organisation, &email)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let link = format!(
                "{}/konto/losenord?token={token}",
                settings.public_url.trim_end_matches('/')
            );
            let hours = crate::auth::accounts::SETUP_VALID_HOURS;
            if json {
                println!(
                    "{}",
                    serde_json::json!({ "email": email.trim().to_lowercase(), "setupLink": link, "validHours": hours })
                );
            } else {
                println!("account created for {}", email.trim().to_lowercase());
                println!("setup link (works once, for {hours} hours): {link}");
            }
        }
        UsersCommand::List { json } => {
            let rows = crate::store::accounts::list(&mut conn)?;
            if json {
                let list: Vec<_> = rows
                    .iter()
                    .map(|(a, org)| {
                        serde_json::json!({
                            "email": a.email, "organisation": org,
                            "passwordSet": a.password_hash.is_some(),
                            "createdAt": a.created_at.and_utc().to_rfc3339(),
                            "disabledAt": a.disabled_at.map(|d| d.and_utc().to_rfc3339()),
                        })
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                println!(
                    "{:<32}  {:<24}  {:<8}  CREATED",
                    "EMAIL", "ORGANISATION", "PASSWORD"
                );
                for (a, org) in rows {
                    println!(
                        "{:<32}  {:<24}  {:<8}  {}",
                        a.email,
                        org,
                        if a.password_hash.is_some() {
                            "set"
                        } else {
                            "not yet"
                        },
                        a.created_at.and_utc().to_rfc3339()
                    );
                }
            }
        }
    }
    Ok(())
}

fn clients(action: ClientsCommand, settings: &Settings) -> anyhow::Result<()> {
    let db = Db::connect(&settings.database_url, 1)?;
    db.migrate()?;
    let mut conn = db.get()?;
    match action {
        ClientsCommand::Create {
            organisation,
            operator,
            name,
            json,
        } => {
            let c = crate::auth::create_client(
                &mut conn,
                &settings.node_id,
                organisation.as_deref(),
                operator,
                name.as_deref(),
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            if json {
                println!("{}", serde_json::to_string(&c)?);
            } else {
                println!("client id:     {}", c.client_id);
                println!("client secret: {}", c.client_secret);
                println!("(the secret is not stored and cannot be shown again)");
            }
        }
        ClientsCommand::List { json } => {
            let list = crate::store::clients::list(&mut conn)?;
            if json {
                println!("{}", serde_json::to_string(&list)?);
            } else {
                for c in list {
                    let state = match c.revoked_at {
                        Some(t) => format!("revoked {t}"),
                        None => "active".into(),
                    };
                    let who = match (&c.organisation, c.operator) {
                        (Some(o), true) => format!("{o} (operator)"),
                        (Some(o), false) => o.clone(),
                        (None, _) => "operator".into(),
                    };
                    println!("{}  {}  {}  {}", c.client_id, who, c.name, state);
                }
            }
        }
        ClientsCommand::Revoke { client_id, json } => {
            crate::store::clients::revoke(&mut conn, &client_id)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            if json {
                println!("{}", serde_json::json!({ "revoked": client_id }));
            } else {
                println!("revoked {client_id}");
            }
        }
    }
    Ok(())
}

/// Writes a file only its owner may read (mode 0600 on Unix, also when it existed before):
/// a backup holds the OAuth clients' hashes and the whole change log.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(bytes)?;
    file.sync_all()
}

fn peers(action: PeersCommand, settings: &Settings) -> anyhow::Result<()> {
    use crate::store::peers;
    let db = Db::connect(&settings.database_url, 1)?;
    db.migrate()?;
    let mut conn = db.get()?;
    let fail = |e: crate::error::Error| anyhow::anyhow!("{e}");
    match action {
        PeersCommand::Add {
            url,
            interval,
            origins,
            client_id,
            client_secret,
            json,
        } => {
            let input = openapi::PeerInput {
                url,
                interval_seconds: interval,
                origins,
                client_id,
                client_secret,
            };
            let peer = peers::create(
                &mut conn,
                input,
                settings.fetch_allow_private,
                &crate::keys::sealed::seal_peer_secret,
            )
            .map_err(fail)?;
            if json {
                println!("{}", serde_json::to_string(&peer)?);
            } else {
                println!(
                    "added peer {} ({}), pulled every {} s",
                    peer.id, peer.url, peer.interval_seconds
                );
            }
        }
        PeersCommand::List { json } => {
            let list = peers::list(&mut conn).map_err(fail)?;
            if json {
                println!("{}", serde_json::to_string(&list)?);
            } else {
                for p in list {
                    let node = p.node_id.as_deref().unwrap_or("?");
                    let error = p.last_error.as_deref().unwrap_or("");
                    println!(
                        "{}  {}  node {}  cursor {}  applied {}  rejected {}  {}",
                        p.id, p.url, node, p.cursor, p.applied, p.rejected, error
                    );
                }
            }
        }
        PeersCommand::Remove { id, json } => {
            peers::delete(&mut conn, &id).map_err(fail)?;
            if json {
                println!("{}", serde_json::json!({ "removed": id }));
            } else {
                println!("removed peer {id}");
            }
        }
    }
    Ok(())
}
