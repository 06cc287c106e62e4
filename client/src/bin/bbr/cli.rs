//! The command line, declared once: parsing, `--help`, the shell completions and the man page
//! all come from these definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::output::Format;

const EXIT_CODES: &str = "\
Exit codes:
  0  done
  1  another failure (the registry failed with 5xx, a local file could not be written)
  2  usage: a wrong command line, input file or profile
  3  refused by the registry (4xx: invalid input, no right, not found, no token)
  4  conflict: the entry changed since it was read (412) or belongs to another node (409)
  5  network failure: no answer from the registry

Environment:
  BBR_PROFILE        the profile to use (as --profile)
  BBR_URL            the registry's base URL (as --url)
  BBR_CLIENT_ID      a client id, for use without a profile
  BBR_CLIENT_SECRET  the client's secret (read by `profile add`, and used instead of the stored one)
  BBR_CONFIG_DIR     where profiles and tokens are kept (default: ~/.config/bbr)

Example:
  bbr profile add digg --url http://127.0.0.1:8080 --client-id bbr-…
  bbr blocks list --phase utveckling";

/// bbr — the command-line client of the building-block registry.
#[derive(Debug, Parser)]
#[command(name = "bbr", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// The profile to use (default: the one `profile use` chose, or the only one).
    #[arg(long, global = true, env = "BBR_PROFILE")]
    pub profile: Option<String>,
    /// The registry's base URL, instead of the profile's (reads need no profile).
    #[arg(long, global = true, env = "BBR_URL")]
    pub url: Option<String>,
    /// How to print results.
    #[arg(long, short = 'o', global = true, value_enum, default_value = "table")]
    pub output: Format,
    /// Print the API's JSON as is (the same as `--output json`).
    #[arg(long, global = true)]
    pub json: bool,
    /// No progress bars (they are never shown when standard error is not a terminal).
    #[arg(long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Registries and the clients to act there with.
    #[command(
        after_help = "Example:\n  BBR_CLIENT_SECRET=… bbr profile add digg --url http://127.0.0.1:8080 --client-id bbr-…\n  bbr profile list"
    )]
    Profile {
        #[command(subcommand)]
        action: ProfileCommand,
    },
    /// Obtain a token with the profile's client credentials and keep it until it expires.
    #[command(after_help = "Example:\n  bbr --profile digg login")]
    Login,
    /// The organisation the profile acts for, and its roles in the register.
    #[command(after_help = "Example:\n  bbr whoami\n  bbr whoami --json")]
    Whoami,
    /// Building blocks: list, show, record a phase decision.
    #[command(
        after_help = "Example:\n  bbr blocks list --phase forvaltning\n  bbr blocks show api-hantering"
    )]
    Blocks {
        #[command(subcommand)]
        action: BlocksCommand,
    },
    /// APIs of the catalogue: list, show, register, publish a document.
    #[command(
        after_help = "Example:\n  bbr apis list -q företag\n  bbr apis register --file api.yaml"
    )]
    Apis {
        #[command(subcommand)]
        action: ApisCommand,
    },
    /// Milestones of the plans: list (the late ones), move one to another quarter.
    #[command(
        after_help = "Example:\n  bbr milestones list --late\n  bbr milestones move styrningsstruktur-2021/5 --to 2027-Q1"
    )]
    Milestones {
        #[command(subcommand)]
        action: MilestonesCommand,
    },
    /// Governing and supporting documents.
    #[command(after_help = "Example:\n  bbr documents tree --in-force")]
    Documents {
        #[command(subcommand)]
        action: DocumentsCommand,
    },
    /// Phase decisions.
    #[command(after_help = "Example:\n  bbr decisions list --building-block mina-ombud")]
    Decisions {
        #[command(subcommand)]
        action: DecisionsCommand,
    },
    /// Shared services, who is connected to them, and Statskontoret's seven indicators.
    #[command(
        after_help = "Example:\n  bbr services list --building-block mina-ombud\n  bbr services indicators mina-ombud --year 2025"
    )]
    Services {
        #[command(subcommand)]
        action: ServicesCommand,
    },
    /// The audit trail: who changed what and when, newest first.
    #[command(after_help = "Example:\n  bbr audit --entity apis --limit 10")]
    Audit(AuditArgs),
    /// Search building blocks, APIs, documents and organisations at once.
    #[command(
        after_help = "Example:\n  bbr search ombud\n  bbr search 'digital post' --kind apis"
    )]
    Search(SearchArgs),
    /// The DCAT-AP-SE catalogue: import a catalogue, export the register's.
    #[command(
        after_help = "Example:\n  bbr catalog export --format ttl --organisation bolagsverket\n  bbr catalog import catalog.rdf"
    )]
    Catalog {
        #[command(subcommand)]
        action: CatalogCommand,
    },
    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  bbr completions bash > ~/.local/share/bash-completion/completions/bbr\n  bbr completions zsh > \"${fpath[1]}/_bbr\"\n  bbr completions fish > ~/.config/fish/completions/bbr.fish"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    #[command(after_help = "Example:\n  bbr man > bbr.1 && man ./bbr.1")]
    Man,
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Add or replace a profile; the secret comes from BBR_CLIENT_SECRET or a prompt.
    #[command(
        after_help = "Example:\n  BBR_CLIENT_SECRET=… bbr profile add digg --url http://127.0.0.1:8080 --client-id bbr-…\n  bbr profile add public --url https://register.example.se   # reads only"
    )]
    Add {
        /// A name for it (letters, digits, '-', '_', '.'). The registry's base URL is given
        /// with `--url` (required here).
        name: String,
        /// A client of the registry's issuer (`registry clients create`); none: reads only.
        #[arg(long)]
        client_id: Option<String>,
        /// Make it the default profile (the first profile is).
        #[arg(long)]
        default: bool,
    },
    /// List the profiles (never their secrets).
    #[command(after_help = "Example:\n  bbr profile list")]
    List,
    /// Make a profile the default.
    #[command(after_help = "Example:\n  bbr profile use digg")]
    Use { name: String },
    /// Remove a profile and its cached token.
    #[command(after_help = "Example:\n  bbr profile remove digg")]
    Remove { name: String },
}

/// How many entries a list shows, fetched page by page.
#[derive(Debug, Clone, Args)]
pub struct Paging {
    /// The number of entries wanted in all (pages are followed as needed).
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: u64,
    /// Every entry that matches (overrides --limit).
    #[arg(long)]
    pub all: bool,
    /// Entries asked for per request (the registry answers at most 500).
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(1..=500))]
    pub page_size: u64,
}

#[derive(Debug, Subcommand)]
pub enum BlocksCommand {
    /// List building blocks.
    #[command(
        after_help = "Example:\n  bbr blocks list --phase utveckling --category informationsutbyte\n  bbr blocks list -q ombud --output csv"
    )]
    List {
        /// Only this phase (ide, analys-och-krav, utveckling, inforande, forvaltning, avveckling).
        #[arg(long)]
        phase: Option<String>,
        /// Only this category (e.g. informationsutbyte, digitala-tjanster, tillit-och-sakerhet).
        #[arg(long)]
        category: Option<String>,
        /// Only blocks of this responsible organisation (slug or id).
        #[arg(long)]
        responsible: Option<String>,
        /// Full-text search.
        #[arg(short = 'q', long = "query")]
        query: Option<String>,
        #[command(flatten)]
        paging: Paging,
    },
    /// Show one building block.
    #[command(
        after_help = "Example:\n  bbr blocks show mina-ombud\n  bbr blocks show mina-ombud --json"
    )]
    Show {
        /// Slug or id.
        block: String,
    },
    /// Record a phase decision (the infrastructure owner's).
    #[command(
        after_help = "Example:\n  bbr blocks decide mina-ombud --phase forvaltning --reference 2026-0042 --justification 'Införd hos alla parter'"
    )]
    Decide {
        /// Slug or id.
        block: String,
        /// The phase decided.
        #[arg(long)]
        phase: String,
        /// Diarienummer or URL of the decision.
        #[arg(long)]
        reference: String,
        /// The date of the decision (default: today).
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
        /// The deciding organisation (default: the one the profile acts for).
        #[arg(long)]
        deciding_organisation: Option<String>,
        /// Why (required for a move back to an earlier phase).
        #[arg(long, default_value = "")]
        justification: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ApisCommand {
    /// List APIs.
    #[command(
        after_help = "Example:\n  bbr apis list --organisation bolagsverket\n  bbr apis list -q företag --json"
    )]
    List {
        /// Only APIs published by this organisation (slug or id).
        #[arg(long)]
        organisation: Option<String>,
        /// Only APIs of this building block (slug or id).
        #[arg(long)]
        building_block: Option<String>,
        /// Only this status (under-utveckling, i-produktion, utfasad, tillbakadragen).
        #[arg(long)]
        status: Option<String>,
        /// Full-text search.
        #[arg(short = 'q', long = "query")]
        query: Option<String>,
        #[command(flatten)]
        paging: Paging,
    },
    /// Show one API.
    #[command(after_help = "Example:\n  bbr apis show 0190c0de-…")]
    Show {
        /// The API's id.
        api: String,
    },
    /// Register an API from a YAML or JSON file, or update it: idempotent.
    #[command(
        after_help = "The file holds what `POST /api/v1/apis` takes (title, publisher, endpointUrls,
status, accessRights, …), and may name the API it describes with `id`. Without an
`id`, an API of the same publisher with one of the file's endpoint URLs is the one
updated; none: a new API is registered. Run it again: nothing changes.

Example:
  bbr apis register --file api.yaml"
    )]
    Register {
        /// The API, as YAML or JSON.
        #[arg(long, short)]
        file: PathBuf,
    },
    /// Upload a new version of an API's OpenAPI document and print its RAP report.
    #[command(after_help = "Example:\n  bbr apis publish 0190c0de-… --spec openapi.yaml")]
    Publish {
        /// The API's id.
        api: String,
        /// The OpenAPI document (JSON or YAML; 3.0, 3.1 or Swagger 2.0).
        #[arg(long)]
        spec: PathBuf,
    },
    /// Make the registry fetch the API's OpenAPI document (from its specUrl, or --from).
    #[command(
        after_help = "Example:\n  bbr apis fetch 0190c0de-… --from https://api.example.se/openapi.yaml"
    )]
    Fetch {
        /// The API's id.
        api: String,
        /// Where to fetch it from (default: the API's registered specUrl).
        #[arg(long)]
        from: Option<String>,
    },
    /// The versions of an API's OpenAPI document.
    #[command(after_help = "Example:\n  bbr apis versions 0190c0de-…")]
    Versions {
        /// The API's id.
        api: String,
    },
    /// Print an API's OpenAPI document (the latest version, or --version).
    #[command(
        after_help = "Example:\n  bbr apis spec 0190c0de-… > openapi.json\n  bbr apis spec 0190c0de-… --version 1 --yaml"
    )]
    Spec {
        /// The API's id.
        api: String,
        /// The document version (default: the latest).
        #[arg(long)]
        version: Option<i32>,
        /// As YAML instead of JSON.
        #[arg(long)]
        yaml: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum MilestonesCommand {
    /// List milestones.
    #[command(
        after_help = "Example:\n  bbr milestones list --late\n  bbr milestones list --plan styrningsstruktur-2021 --output csv"
    )]
    List {
        /// Only the milestones of this plan (slug or id).
        #[arg(long)]
        plan: Option<String>,
        /// Only this status (ej-paborjad, pagar, klar).
        #[arg(long)]
        status: Option<String>,
        /// Only late milestones: past their quarter and not done.
        #[arg(long)]
        late: bool,
        #[command(flatten)]
        paging: Paging,
    },
    /// Move a milestone to another quarter (carries the version it read: If-Match).
    #[command(after_help = "MILESTONE is an id or PLAN/NUMBER.

Example:
  bbr milestones move styrningsstruktur-2021/5 --to 2027-Q1
  bbr milestones move styrningsstruktur-2021/5 --to 2027-Q2 --if-match 3")]
    Move {
        /// The milestone: its id, or PLAN/NUMBER (`styrningsstruktur-2021/5`).
        milestone: String,
        /// The new quarter, `YYYY-QN`.
        #[arg(long)]
        to: String,
        /// Only if the milestone is still at this version (as shown by `--json`), else 412.
        #[arg(long, value_name = "VERSION")]
        if_match: Option<i64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum DocumentsCommand {
    /// The document hierarchy: level 1 → 2 → 3.
    #[command(
        after_help = "Example:\n  bbr documents tree\n  bbr documents tree --in-force --json"
    )]
    Tree {
        /// Only documents in force.
        #[arg(long)]
        in_force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum DecisionsCommand {
    /// List phase decisions.
    #[command(after_help = "Example:\n  bbr decisions list --phase forvaltning")]
    List {
        /// Only decisions on this building block (slug or id).
        #[arg(long)]
        building_block: Option<String>,
        /// Only decisions to this phase.
        #[arg(long)]
        phase: Option<String>,
        #[command(flatten)]
        paging: Paging,
    },
}

#[derive(Debug, Subcommand)]
pub enum ServicesCommand {
    /// List shared services: building blocks in use and suppliers' IT operation services.
    List {
        /// Only services of this supplier agency (slug or id).
        #[arg(long)]
        supplier: Option<String>,
        /// Only the services a building block is (slug or id).
        #[arg(long)]
        building_block: Option<String>,
        #[command(flatten)]
        paging: Paging,
    },
    /// Connections to shared services, at the step each has reached.
    #[command(
        after_help = "Example:\n  bbr services connections --service mina-ombud --step ansluten"
    )]
    Connections {
        /// Only connections to this service (slug or id).
        #[arg(long)]
        service: Option<String>,
        /// Only this organisation's connections (slug or id).
        #[arg(long)]
        organisation: Option<String>,
        /// Only connections at this step (intresseanmalan, samverkansoverenskommelse, ansluten,
        /// lamnat).
        #[arg(long)]
        step: Option<String>,
        #[command(flatten)]
        paging: Paging,
    },
    /// Statskontoret's seven indicators of one service for one year (report 000).
    Indicators {
        /// The service (slug or id).
        service: String,
        /// The year (the current one when absent).
        #[arg(long)]
        year: Option<i32>,
    },
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only changes of this kind of entry (`building-blocks`, `apis`, …).
    #[arg(long)]
    pub entity: Option<String>,
    /// Only changes by this actor (an organisation's slug, `operator`, `seed`, …).
    #[arg(long)]
    pub actor: Option<String>,
    #[command(flatten)]
    pub paging: Paging,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SearchKind {
    Blocks,
    Apis,
    Documents,
    Organisations,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The words to find (each as a prefix, case-insensitive).
    pub text: String,
    /// Only these kinds (default: all).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub kind: Vec<SearchKind>,
    /// At most this many of each kind.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=500))]
    pub limit: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RdfFormat {
    /// RDF/XML, what dataportal.se harvests.
    Rdfxml,
    /// Turtle.
    #[value(alias = "turtle")]
    Ttl,
    /// JSON-LD.
    Jsonld,
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Register the services of a DCAT-AP-SE catalogue (a file or a URL), all or nothing.
    #[command(
        after_help = "Example:\n  bbr catalog import catalog.ttl\n  bbr catalog import https://www.myndighet.se/dcat/catalog.rdf --withdraw-missing"
    )]
    Import {
        /// A file (.rdf/.xml, .ttl, .jsonld) or an http(s) URL the registry fetches.
        source: String,
        /// Mark withdrawn the services imported before from the same publishers that the
        /// catalogue no longer lists (they are reported either way; nothing is deleted).
        #[arg(long)]
        withdraw_missing: bool,
    },
    /// Write the register's DCAT-AP-SE catalogue (or one organisation's).
    #[command(
        after_help = "Example:\n  bbr catalog export --format ttl --organisation bolagsverket > bolagsverket.ttl\n  bbr catalog export --file catalog.rdf"
    )]
    Export {
        #[arg(long, value_enum, default_value = "rdfxml")]
        format: RdfFormat,
        /// Only this organisation's APIs (slug or id).
        #[arg(long)]
        organisation: Option<String>,
        /// Write to this file instead of standard output.
        #[arg(long)]
        file: Option<PathBuf>,
    },
}
