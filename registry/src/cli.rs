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
        // A pull writes entries in this node's name and fetches through the outbound guard.
        "peers sync" => &[
            "database_url",
            "json_logs",
            "node_id",
            "public_url",
            "bind",
            "fetch_allow_private",
            "peer_timeout_secs",
            "pull_page",
        ],
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
        /// With --output: print the counts as JSON.
        #[arg(long)]
        json: bool,
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
    /// Rebuild the search index from the database: every process serving it rebuilds its own
    /// before its next answer; this command builds one too, and reports its size and time.
    Reindex {
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
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
    /// Pull from a peer now, once, as the scheduler would (what `serve` does every interval).
    #[command(after_help = "Example:\n  registry peers sync 0190c0de-0000-7000-8000-000000000001")]
    Sync {
        /// The peer's id.
        id: String,
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
                // Migrated and seeded here first, so that the log says what was done; the
                // server's own preparation then finds nothing left to do.
                let mut settings = settings;
                settings.node_id = prepare_and_report(&settings, !no_seed)?;
                let app = crate::server::Application::build(settings.clone(), !no_seed).await?;
                report_serving(&settings, app.port(), &app.state.db);
                app.run_until_stopped().await?;
                Ok(())
            })
        }
        Command::Migrate { json } => {
            let db = Db::connect(&settings.database_url, 1)?;
            let wait = spinner("applying migrations");
            let applied = db.migrate();
            wait.finish_and_clear();
            let applied = applied?;
            if json {
                println!("{}", serde_json::json!({ "applied": applied }));
            } else if applied.is_empty() {
                println!("no pending migrations");
            } else {
                println!(
                    "applied {} migration(s): {}",
                    applied.len(),
                    migration_names(&applied).join(", ")
                );
            }
            Ok(())
        }
        Command::Export { output, json } => {
            let db = Db::connect(&settings.database_url, 1)?;
            db.migrate()?;
            let bar = spinner("reading the register");
            let backup = crate::store::backup::export(&mut *db.get()?)?;
            bar.set_message(format!(
                "writing {} entries and {} changes",
                backup.entries(),
                backup.changes.len()
            ));
            let text = serde_json::to_string_pretty(&backup)?;
            match &output {
                Some(path) => write_private(path, (text + "\n").as_bytes())
                    .map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?,
                None => println!("{text}"),
            }
            bar.finish_and_clear();
            // The counts go with the file; on standard output the backup itself is the answer.
            if let Some(path) = output {
                if json {
                    let report = serde_json::json!({
                        "exported": backup.entries(),
                        "changes": backup.changes.len(),
                        "file": path.display().to_string(),
                    });
                    println!("{report}");
                } else {
                    println!(
                        "exported {} entries and {} changes to {}",
                        backup.entries(),
                        backup.changes.len(),
                        path.display()
                    );
                }
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
            let bar = spinner(&format!(
                "importing {} entries and {} changes",
                backup.entries(),
                backup.changes.len()
            ));
            let n = crate::store::backup::import(&mut *db.get()?, &backup)?;
            bar.finish_and_clear();
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
        Command::Reindex { json } => {
            let db = Db::connect(&settings.database_url, 1)?;
            db.migrate()?;
            let mut conn = db.get()?;
            crate::store::index::request_rebuild(&mut conn)?;
            let wait = spinner("building the search index");
            let started = std::time::Instant::now();
            let stats = db.index.rebuild(&mut conn);
            wait.finish_and_clear();
            let stats = stats?;
            let ms = started.elapsed().as_millis() as u64;
            if json {
                let mut report = serde_json::to_value(&stats)?;
                report["milliseconds"] = ms.into();
                println!("{report}");
            } else {
                println!(
                    "every process serving this database rebuilds its search index before its next answer;\n\
                     built here in {ms} ms: {} APIs, {} building blocks, about {:.1} MiB, up to change {}",
                    stats.apis,
                    stats.building_blocks,
                    stats.bytes as f64 / (1024.0 * 1024.0),
                    stats.seq
                );
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
            db.migrate()?;
            let node = owning_node(&db, &settings)?;
            db.prepare(&node)?;
            let loaded = crate::seed::load_if_empty(&db, &node, &settings.public_url)?;
            let added = synthetic
                .map(|n| {
                    let bar = bar(n as u64, "synthetic building blocks");
                    let added = crate::synthetic::load(&db, &node, &settings.public_url, n, &|k| {
                        bar.set_position(k as u64)
                    });
                    bar.finish_and_clear();
                    added
                })
                .transpose()?;
            let apis = synthetic_apis
                .map(|m| {
                    let bar = bar(m as u64, "synthetic APIs");
                    let added =
                        crate::synthetic::load_apis(&db, &node, &settings.public_url, m, &|k| {
                            bar.set_position(k as u64)
                        });
                    bar.finish_and_clear();
                    added
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
    // Before the connection below is taken: the pool has one.
    let node = owning_node(&db, settings)?;
    let mut conn = db.get()?;
    match action {
        UsersCommand::Create {
            organisation,
            email,
            json,
        } => {
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
    let node = owning_node(&db, settings)?;
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
                &node,
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
            // Stored in UTC without a zone; shown as RFC 3339 with it.
            let rfc3339 = |t: chrono::NaiveDateTime| {
                t.and_utc()
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            };
            if json {
                let list: Vec<serde_json::Value> = list
                    .into_iter()
                    .map(|c| {
                        serde_json::json!({
                            "clientId": c.client_id,
                            "name": c.name,
                            "organisation": c.organisation,
                            "operator": c.operator,
                            "createdAt": rfc3339(c.created_at),
                            "revokedAt": c.revoked_at.map(rfc3339),
                        })
                    })
                    .collect();
                println!("{}", serde_json::Value::Array(list));
            } else {
                let mut rows = vec![[
                    "CLIENT ID".to_string(),
                    "ACTS FOR".into(),
                    "NAME".into(),
                    "CREATED".into(),
                    "STATE".into(),
                ]];
                for c in list {
                    let state = match c.revoked_at {
                        Some(t) => format!("revoked {}", rfc3339(t)),
                        None => "active".into(),
                    };
                    let who = match (&c.organisation, c.operator) {
                        (Some(o), true) => format!("{o} (operator)"),
                        (Some(o), false) => o.clone(),
                        (None, _) => "operator".into(),
                    };
                    rows.push([c.client_id, who, c.name, rfc3339(c.created_at), state]);
                }
                print_columns(&rows);
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
        PeersCommand::Sync { id, json } => {
            drop(conn);
            let mut settings = settings.clone();
            settings.node_id = owning_node(&db, &settings)?;
            let puller = crate::federation::pull::Puller::new(db.clone(), &settings);
            let wait = spinner(&format!("pulling from peer {id}"));
            let report = tokio::runtime::Runtime::new()?
                .block_on(puller.pull(&id))
                .map_err(fail);
            wait.finish_and_clear();
            let report = report?;
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                println!(
                    "pulled from peer {id}: {} applied, {} unchanged, {} rejected, {} waiting; cursor {}",
                    report.applied,
                    report.unchanged,
                    report.rejected.len(),
                    report.waiting.len(),
                    report.cursor
                );
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

/// Rows as aligned columns, the first row the header.
fn print_columns<const N: usize>(rows: &[[String; N]]) {
    let widths: Vec<usize> = (0..N)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    for r in rows {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        println!("{}", line.join("  ").trim_end());
    }
}

/// The node a database belongs to: the one it recorded on its first start (`node_identity`),
/// so that a subcommand needs no `--node-id` repeated; the settings' node id for a database
/// that has none yet. Another node id given explicitly is refused, as `serve` refuses it.
fn owning_node(db: &Db, settings: &Settings) -> anyhow::Result<String> {
    let recorded = crate::store::identity::node::node_id(&mut *db.get()?)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    match recorded {
        Some(owner)
            if owner != settings.node_id
                && settings.node_id != crate::settings::DEFAULT_NODE_ID =>
        {
            anyhow::bail!(
                "this database belongs to node '{owner}', not '{}': leave out --node-id \
                 (REGISTRY_NODE_ID), or give node '{}' a database of its own",
                settings.node_id,
                settings.node_id
            )
        }
        Some(owner) => Ok(owner),
        None => Ok(settings.node_id.clone()),
    }
}

/// A progress bar on standard error; indicatif draws nothing when it is not a terminal.
fn bar(len: u64, message: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len),
        indicatif::ProgressDrawTarget::stderr(),
    )
    .with_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(message.to_string());
    bar
}

/// A spinner on standard error for work whose length is not known as it goes.
fn spinner(message: &str) -> indicatif::ProgressBar {
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr())
            .with_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
    bar.set_message(message.to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// The database as a log may show it: the SQLite file, or PostgreSQL's host, port and
/// database (with the user), never the password.
fn database_for_log(url: &str) -> String {
    if let Some(path) = url.strip_prefix("sqlite://") {
        return format!("SQLite {path}");
    }
    match url::Url::parse(url) {
        Ok(u) => {
            let user = match u.username() {
                "" => String::new(),
                name => format!("{name}@"),
            };
            let host = u.host_str().unwrap_or("localhost");
            let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
            format!("PostgreSQL {user}{host}{port}{}", u.path())
        }
        Err(_) => "a database (its URL does not parse)".into(),
    }
}

/// `serve`, before the server is built: opens (or creates) the database, applies the pending
/// migrations and seeds an empty register, logging each step; the node the database belongs to.
fn prepare_and_report(settings: &Settings, seed: bool) -> anyhow::Result<String> {
    let existed = match settings.database_url.strip_prefix("sqlite://") {
        Some(path) => std::path::Path::new(path).exists(),
        None => true,
    };
    let db = Db::connect(&settings.database_url, 1)?;
    let database = database_for_log(&settings.database_url);
    if existed {
        tracing::info!("opened the database: {database}");
    } else {
        tracing::info!("created the database: {database}");
    }
    let applied = db.migrate()?;
    if applied.is_empty() {
        tracing::info!("migrations: none pending");
    } else {
        tracing::info!(
            "applied {} migration(s): {}",
            applied.len(),
            migration_names(&applied).join(", ")
        );
    }
    let node = owning_node(&db, settings)?;
    db.prepare(&node)?;
    if seed {
        match crate::seed::load_if_empty(&db, &node, &settings.public_url)? {
            Some(n) => {
                tracing::info!("seeded the empty register with {n} entries of the source report")
            }
            None => tracing::info!("the register holds entries: not seeded"),
        }
    }
    Ok(node)
}

/// `serve`, once listening: where the register is, and the peers it pulls.
fn report_serving(settings: &Settings, port: u16, db: &Db) {
    let public = settings.public_url.trim_end_matches('/');
    tracing::info!(
        node = %settings.node_id,
        "serving the register on {} (port {port}); public URL {public}",
        settings.bind
    );
    tracing::info!("web interface: {public}/");
    tracing::info!("API documentation: {public}/api/docs/ (OpenAPI: {public}/api/v1/openapi.json)");
    let peers = db
        .get()
        .map_err(|e| anyhow::anyhow!("{e}"))
        .and_then(|mut c| crate::store::peers::list(&mut c).map_err(|e| anyhow::anyhow!("{e}")));
    match peers {
        Ok(list) if list.is_empty() => tracing::info!("federation: no peers"),
        Ok(list) => {
            let pulling = if settings.pull_peers {
                "pulled on their intervals"
            } else {
                "not pulled in the background (--pull-peers false)"
            };
            tracing::info!("federation: {} peer(s), {pulling}", list.len());
            for p in list {
                tracing::info!(
                    "peer {} ({}): every {} s, cursor {}",
                    p.url,
                    p.node_id.as_deref().unwrap_or("node not yet known"),
                    p.interval_seconds,
                    p.cursor
                );
            }
        }
        Err(e) => tracing::warn!("federation: the peers cannot be listed: {e}"),
    }
}

/// The names of these migration versions (`2026-11-23-000001_register`), as their folders are
/// called (the same under both backends' folders).
fn migration_names(versions: &[String]) -> Vec<String> {
    use diesel::migration::MigrationSource;
    let all =
        MigrationSource::<diesel::sqlite::Sqlite>::migrations(&crate::store::SQLITE_MIGRATIONS)
            .unwrap_or_default();
    versions
        .iter()
        .map(|v| {
            all.iter()
                .map(|m| m.name().to_string())
                .find(|name| name.replace('-', "").starts_with(&format!("{v}_")))
                .unwrap_or_else(|| v.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_names_the_database_but_never_its_password() {
        let shown = database_for_log("postgres://registry:hemligt@db.example.se:5433/register");
        assert_eq!(shown, "PostgreSQL registry@db.example.se:5433/register");
        assert!(!shown.contains("hemligt"));
        assert_eq!(
            database_for_log("sqlite://data/registry.db"),
            "SQLite data/registry.db"
        );
    }

    #[test]
    fn migrations_are_logged_by_their_names() {
        let names = migration_names(&["20261123000001".into(), "unknown".into()]);
        assert_eq!(names, ["2026-11-23-000001_register", "unknown"]);
    }
}
