//! The `registry` command line.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::settings::{Settings, SettingsArgs};
use crate::store::Db;

#[derive(Debug, Parser)]
#[command(
    name = "registry",
    version,
    about = "The building-block registry of Sweden's shared digital infrastructure"
)]
pub struct Cli {
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[command(subcommand)]
    pub command: Command,
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
        #[arg(long)]
        json: bool,
    },
    /// Write the whole register (every entry, version and change) as JSON: a backup.
    Export {
        /// File to write (default: standard output).
        #[arg(long, short)]
        output: Option<std::path::PathBuf>,
    },
    /// Restore a backup made by `export` into an empty database (all or nothing).
    Import {
        /// The backup file (`-` for standard input).
        file: std::path::PathBuf,
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
        #[arg(long)]
        json: bool,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(&cli.settings) {
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

fn run(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve { no_seed } => {
            let rt = tokio::runtime::Runtime::new()?;
            rt.block_on(async {
                let app = crate::app::Application::build(settings.clone(), !no_seed).await?;
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
                Some(path) => std::fs::write(&path, text + "\n")
                    .map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?,
                None => println!("{text}"),
            }
            Ok(())
        }
        Command::Import { file, json } => {
            let text = if file.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin())?
            } else {
                std::fs::read_to_string(&file)
                    .map_err(|e| anyhow::anyhow!("reading {}: {e}", file.display()))?
            };
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
        Command::Seed {
            synthetic,
            synthetic_apis,
            json,
        } => {
            let db = Db::connect(&settings.database_url, 1)?;
            db.migrate()?;
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
