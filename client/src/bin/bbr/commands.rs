//! The commands: each reads or writes through the client crate and prints with `output`.

use std::io::Write;

use clap::CommandFactory;
use registry_client::{Client, ClientError};
use reqwest::Method;
use serde_json::{json, Value};

use crate::cli::*;
use crate::config::{self, Config, Profile};
use crate::context::{claims, Ctx};
use crate::fail::{Fail, Kind};
use crate::output::{self, emit, lookup, text, Col, Format};

pub async fn run(cli: Cli) -> Result<(), Fail> {
    let format = if cli.json { Format::Json } else { cli.output };
    // What needs no registry (and no readable profile file) first.
    match &cli.command {
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            let mut buf = vec![];
            clap_complete::generate(*shell, &mut cmd, "bbr", &mut buf);
            emit(&String::from_utf8_lossy(&buf));
            return Ok(());
        }
        Command::Man => {
            let mut buf = vec![];
            clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
            emit(&String::from_utf8_lossy(&buf));
            return Ok(());
        }
        Command::Profile { action } => return profile(action, cli.url.clone(), format),
        _ => {}
    }
    let ctx = Ctx::new(cli.profile, cli.url, format, cli.quiet)?;
    match cli.command {
        Command::Login => login(&ctx).await,
        Command::Whoami => whoami(&ctx).await,
        Command::Blocks { action } => blocks(&ctx, action).await,
        Command::Apis { action } => apis(&ctx, action).await,
        Command::Milestones { action } => milestones(&ctx, action).await,
        Command::Documents { action } => documents(&ctx, action).await,
        Command::Decisions { action } => decisions(&ctx, action).await,
        Command::Services { action } => services(&ctx, action).await,
        Command::Audit(args) => audit(&ctx, args).await,
        Command::Search(args) => search(&ctx, args).await,
        Command::Catalog { action } => catalog(&ctx, action).await,
        Command::Completions { .. } | Command::Man | Command::Profile { .. } => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------------
// Profiles, login, whoami

fn profile(action: &ProfileCommand, url: Option<String>, format: Format) -> Result<(), Fail> {
    let mut config = Config::load()?;
    match action {
        ProfileCommand::Add {
            name,
            client_id,
            default,
        } => {
            config::check_name(name)?;
            let Some(url) = url else {
                return Err(Fail::usage(
                    "the profile's registry is given with --url (e.g. --url http://127.0.0.1:8080)"
                        .into(),
                ));
            };
            let secret = match client_id {
                None => None,
                Some(_) => Some(read_secret()?),
            };
            let profile = Profile {
                url: url.trim_end_matches('/').to_string(),
                client_id: client_id.clone(),
                client_secret: secret,
            };
            config.profiles.insert(name.clone(), profile);
            if *default || config.default.is_none() {
                config.default = Some(name.clone());
            }
            config.save()?;
            config::forget_token(name);
            let path = config::profiles_path()?;
            emit(&format!("profile '{name}' saved in {}", path.display()));
        }
        ProfileCommand::List => {
            let items: Vec<Value> = config
                .profiles
                .iter()
                .map(|(name, p)| {
                    json!({
                        "name": name,
                        "default": config.default.as_deref() == Some(name.as_str()),
                        "url": p.url,
                        "clientId": p.client_id,
                        "secret": if p.client_secret.is_some() { "stored" } else { "" },
                    })
                })
                .collect();
            let cols = [
                Col("NAME", "name"),
                Col("DEFAULT", "default"),
                Col("URL", "url"),
                Col("CLIENT ID", "clientId"),
                Col("SECRET", "secret"),
            ];
            output::list(format, &Value::Array(items.clone()), &items, &cols, None);
        }
        ProfileCommand::Use { name } => {
            if !config.profiles.contains_key(name) {
                return Err(Fail::usage(format!("no profile '{name}'")));
            }
            config.default = Some(name.clone());
            config.save()?;
            emit(&format!("'{name}' is the default profile"));
        }
        ProfileCommand::Remove { name } => {
            if config.profiles.remove(name).is_none() {
                return Err(Fail::usage(format!("no profile '{name}'")));
            }
            if config.default.as_deref() == Some(name.as_str()) {
                config.default = None;
            }
            config.save()?;
            config::forget_token(name);
            emit(&format!("profile '{name}' removed"));
        }
    }
    Ok(())
}

/// The client secret: from `BBR_CLIENT_SECRET`, else asked for without echo.
fn read_secret() -> Result<String, Fail> {
    if let Some(s) = std::env::var("BBR_CLIENT_SECRET")
        .ok()
        .filter(|s| !s.is_empty())
    {
        return Ok(s);
    }
    let secret = rpassword::prompt_password("client secret: ").map_err(|e| {
        Fail::usage(format!(
            "the client secret is read from BBR_CLIENT_SECRET or a terminal: {e}"
        ))
    })?;
    if secret.is_empty() {
        return Err(Fail::usage("an empty client secret".into()));
    }
    Ok(secret)
}

async fn login(ctx: &Ctx) -> Result<(), Fail> {
    let token = ctx.token(true).await?;
    let c = claims(&token).unwrap_or(Value::Null);
    let who = c
        .get("org")
        .and_then(Value::as_str)
        .unwrap_or("the operator");
    let until = c
        .get("exp")
        .and_then(Value::as_i64)
        .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|t| t.to_rfc3339())
        .unwrap_or_default();
    match ctx.format {
        Format::Table | Format::Csv => {
            let kept = match &ctx.profile_name {
                Some(p) => format!(", kept for profile '{p}'"),
                None => String::new(),
            };
            emit(&format!(
                "logged in to {} as {who}; the token is valid until {until}{kept}",
                ctx.url
            ));
        }
        f => output::record(
            f,
            &json!({"url": ctx.url, "organisation": c.get("org"), "expiresAt": until}),
            &[],
        ),
    }
    Ok(())
}

async fn whoami(ctx: &Ctx) -> Result<(), Fail> {
    // The registry has no "who am I" endpoint: the token's claims say which client and
    // organisation it is, and the register which roles that organisation holds.
    let token = ctx.token(false).await?;
    let c = claims(&token).ok_or_else(|| Fail::local("the token cannot be read".into()))?;
    let org = c.get("org").and_then(Value::as_str).map(str::to_string);
    let reader = ctx.reader();
    let mut roles = vec![];
    let mut name = Value::Null;
    if let Some(slug) = &org {
        let o: Value = get(&reader, &format!("/api/v1/organisations/{slug}"), &[]).await?;
        name = o["name"].clone();
        let assigned = collect(
            ctx,
            &reader,
            "/api/v1/role-assignments",
            vec![("organisation".into(), slug.clone())],
            None,
        )
        .await?;
        for r in assigned.items {
            let subject = ["buildingBlock", "baseDataDomain", "competenceArea"]
                .iter()
                .map(|k| text(&r[*k]))
                .find(|s| !s.is_empty());
            roles.push(json!({"role": r["role"], "for": subject}));
        }
        let responsible = collect(
            ctx,
            &reader,
            "/api/v1/building-blocks",
            vec![("responsible".into(), slug.clone())],
            None,
        )
        .await?;
        // A block's `responsible` field gives the role too (often also assigned).
        for b in responsible.items {
            let held = roles
                .iter()
                .any(|r| r["role"] == "byggblocksansvarig" && r["for"] == b["name"]);
            if !held {
                roles.push(json!({"role": "byggblocksansvarig", "for": b["name"],
                    "through": "responsible"}));
            }
        }
    }
    let expires = c
        .get("exp")
        .and_then(Value::as_i64)
        .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|t| t.to_rfc3339());
    let me = json!({
        "url": ctx.url,
        "profile": ctx.profile_name,
        "clientId": c.get("client_id").or(c.get("sub")),
        "organisation": org,
        "organisationName": name,
        "operator": org.is_none(),
        "scope": c.get("scope"),
        "expiresAt": expires,
        "roles": roles,
    });
    if ctx.format == Format::Table {
        let role_text: Vec<String> = roles
            .iter()
            .map(|r| match text(&r["for"]) {
                s if s.is_empty() => text(&r["role"]),
                s => format!("{} ({s})", text(&r["role"])),
            })
            .collect();
        let shown = json!({
            "organisation": match &org {
                Some(o) => format!("{} ({o})", text(&name)),
                None => "none: an operator client (every right)".into(),
            },
            "roles": if role_text.is_empty() { "none".to_string() } else { role_text.join("\n") },
            "clientId": me["clientId"], "url": ctx.url, "profile": ctx.profile_name,
            "expiresAt": expires, "scope": me["scope"],
        });
        output::record(
            Format::Table,
            &shown,
            &[
                Col("organisation", "organisation"),
                Col("roles", "roles"),
                Col("client", "clientId"),
                Col("registry", "url"),
                Col("profile", "profile"),
                Col("token until", "expiresAt"),
                Col("scope", "scope"),
            ],
        );
    } else {
        output::record(ctx.format, &me, &[Col("organisation", "organisation")]);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Reading

async fn get(client: &Client, path: &str, query: &[(String, String)]) -> Result<Value, Fail> {
    Ok(client
        .send_json(client.request(Method::GET, path).query(query))
        .await?)
}

struct Collected {
    /// A page as the API gives one, with every item fetched.
    whole: Value,
    items: Vec<Value>,
    total: i64,
}

/// Pages through a list with `nextCursor` until `want` entries (none: all) are fetched.
async fn collect(
    ctx: &Ctx,
    client: &Client,
    path: &str,
    query: Vec<(String, String)>,
    want: Option<u64>,
) -> Result<Collected, Fail> {
    collect_paged(ctx, client, path, query, want, 500).await
}

/// As `collect`, asking for `page_size` entries per request.
async fn collect_paged(
    ctx: &Ctx,
    client: &Client,
    path: &str,
    query: Vec<(String, String)>,
    want: Option<u64>,
    page_size: u64,
) -> Result<Collected, Fail> {
    let mut items: Vec<Value> = vec![];
    let mut cursor: Option<String> = None;
    let mut first: Option<Value> = None;
    let mut bar = None;
    loop {
        let left = want.map(|w| w.saturating_sub(items.len() as u64));
        let page_size = left.unwrap_or(page_size).clamp(1, page_size.clamp(1, 500));
        let mut q = query.clone();
        q.push(("limit".into(), page_size.to_string()));
        if let Some(c) = &cursor {
            q.push(("cursor".into(), c.clone()));
        }
        let mut page = get(client, path, &q).await?;
        let got = match page.get_mut("items").map(Value::take) {
            Some(Value::Array(a)) => a,
            _ => {
                return Err(Fail::local(format!(
                    "{path} did not answer with a list page"
                )))
            }
        };
        let total = page["totalCount"].as_i64().unwrap_or(0);
        let goal = want.map_or(total as u64, |w| w.min(total.max(0) as u64));
        if bar.is_none() && goal > got.len() as u64 {
            bar = Some(ctx.progress(Some(goal), "fetching"));
        }
        let n = got.len();
        items.extend(got.into_iter().take(left.unwrap_or(u64::MAX) as usize));
        if let Some(b) = &bar {
            b.set_position(items.len() as u64);
        }
        cursor = page["nextCursor"].as_str().map(str::to_string);
        if first.is_none() {
            first = Some(page.clone());
        }
        let done = cursor.is_none() || n == 0 || want.is_some_and(|w| items.len() as u64 >= w);
        if done {
            if let Some(b) = &bar {
                b.finish_and_clear();
            }
            let mut whole = first.unwrap_or(page);
            whole["items"] = Value::Array(items.clone());
            whole["limit"] = json!(items.len());
            match &cursor {
                Some(c) => whole["nextCursor"] = json!(c),
                None => {
                    if let Some(m) = whole.as_object_mut() {
                        m.remove("nextCursor");
                    }
                }
            }
            return Ok(Collected {
                whole,
                items,
                total,
            });
        }
    }
}

fn paging_want(p: &Paging) -> Option<u64> {
    (!p.all).then_some(p.limit)
}

fn filters(pairs: &[(&str, &Option<String>)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (k.to_string(), v.clone())))
        .collect()
}

async fn list_of(
    ctx: &Ctx,
    path: &str,
    query: Vec<(String, String)>,
    paging: &Paging,
    cols: &[Col],
) -> Result<(), Fail> {
    let c = collect_paged(
        ctx,
        &ctx.reader(),
        path,
        query,
        paging_want(paging),
        paging.page_size,
    )
    .await?;
    output::list(ctx.format, &c.whole, &c.items, cols, Some(c.total));
    Ok(())
}

const BLOCK_COLUMNS: [Col; 5] = [
    Col("SLUG", "slug"),
    Col("NAME", "name"),
    Col("PHASE", "phase"),
    Col("CATEGORY", "category"),
    Col("RESPONSIBLE", "responsible.name"),
];

const API_COLUMNS: [Col; 6] = [
    Col("ID", "id"),
    Col("TITLE", "title.sv"),
    Col("PUBLISHER", "publisher.name"),
    Col("STATUS", "status"),
    Col("ACCESS", "accessRights"),
    Col("DOCUMENT", "document.number"),
];

async fn blocks(ctx: &Ctx, action: BlocksCommand) -> Result<(), Fail> {
    match action {
        BlocksCommand::List {
            phase,
            category,
            responsible,
            query,
            paging,
        } => {
            let q = filters(&[
                ("phase", &phase),
                ("category", &category),
                ("responsible", &responsible),
                ("q", &query),
            ]);
            list_of(ctx, "/api/v1/building-blocks", q, &paging, &BLOCK_COLUMNS).await
        }
        BlocksCommand::Show { block } => {
            let b = get(&ctx.reader(), &entry_path("building-blocks", &block), &[]).await?;
            output::record(
                ctx.format,
                &b,
                &[
                    Col("slug", "slug"),
                    Col("name", "name"),
                    Col("phase", "phase"),
                    Col("category", "category"),
                    Col("responsible", "responsible.name"),
                    Col("description", "description"),
                    Col("purpose", "purpose"),
                    Col("analyses", "analyses"),
                    Col("depends on", "dependsOn"),
                    Col("value", "valuePropositions"),
                    Col("origin", "origin"),
                    Col("version", "version"),
                    Col("updated", "updatedAt"),
                    Col("id", "id"),
                ],
            );
            Ok(())
        }
        BlocksCommand::Decide {
            block,
            phase,
            reference,
            date,
            deciding_organisation,
            justification,
        } => {
            let phase: openapi::Phase = serde_json::from_value(Value::String(phase))
                .map_err(|e| Fail::usage(format!("--phase: {e}")))?;
            let writer = ctx.writer().await?;
            let deciding = match deciding_organisation {
                Some(o) => o,
                None => writer
                    .access_token()
                    .await?
                    .and_then(|t| claims(&t))
                    .and_then(|c| c.get("org").and_then(Value::as_str).map(str::to_string))
                    .ok_or_else(|| {
                        Fail::usage(
                            "an operator client acts for no organisation: give \
                             --deciding-organisation"
                                .into(),
                        )
                    })?,
            };
            let input = openapi::PhaseDecisionInput {
                source: None,
                phase,
                decision_date: date.unwrap_or_else(|| chrono::Utc::now().date_naive()),
                deciding_organisation: deciding,
                reference,
                justification,
            };
            let path = format!("/api/v1/building-blocks/{}/phase-decisions", seg(&block));
            let decided: Value = writer
                .send_json(writer.request(Method::POST, &path).json(&input))
                .await?;
            match ctx.format {
                Format::Table => emit(&format!(
                    "{}: {} → {} (decision {} of {})",
                    text(&decided["subject"]),
                    text(&decided["fromPhase"]),
                    text(&decided["phase"]),
                    text(&decided["reference"]),
                    text(&decided["decisionDate"]),
                )),
                f => output::record(f, &decided, &DECISION_COLUMNS),
            }
            Ok(())
        }
    }
}

/// A path segment, percent-encoded (ids and slugs are ASCII, but a user may type anything).
fn seg(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn entry_path(resource: &str, key: &str) -> String {
    format!("/api/v1/{resource}/{}", seg(key))
}

const DECISION_COLUMNS: [Col; 7] = [
    Col("DATE", "decisionDate"),
    Col("SUBJECT", "subject.name"),
    Col("FROM", "fromPhase"),
    Col("TO", "phase"),
    Col("DECIDED BY", "decidingOrganisation.name"),
    Col("REFERENCE", "reference"),
    Col("JUSTIFICATION", "justification"),
];

async fn decisions(ctx: &Ctx, action: DecisionsCommand) -> Result<(), Fail> {
    let DecisionsCommand::List {
        building_block,
        phase,
        paging,
    } = action;
    let q = filters(&[("buildingBlock", &building_block), ("phase", &phase)]);
    list_of(
        ctx,
        "/api/v1/phase-decisions",
        q,
        &paging,
        &DECISION_COLUMNS,
    )
    .await
}

async fn services(ctx: &Ctx, action: ServicesCommand) -> Result<(), Fail> {
    match action {
        ServicesCommand::List {
            supplier,
            building_block,
            paging,
        } => {
            let q = filters(&[("supplier", &supplier), ("buildingBlock", &building_block)]);
            let cols = [
                Col("SLUG", "slug"),
                Col("NAME", "name"),
                Col("SUPPLIER", "supplier.name"),
                Col("BUILDING BLOCK", "buildingBlock.name"),
                Col("UNIT", "unit"),
            ];
            list_of(ctx, "/api/v1/shared-services", q, &paging, &cols).await
        }
        ServicesCommand::Connections {
            service,
            organisation,
            step,
            paging,
        } => {
            let q = filters(&[
                ("service", &service),
                ("organisation", &organisation),
                ("step", &step),
            ]);
            let cols = [
                Col("SERVICE", "service.name"),
                Col("ORGANISATION", "organisation.name"),
                Col("STEP", "step"),
                Col("INTEREST", "interestOn"),
                Col("AGREEMENT", "agreementOn"),
                Col("CONNECTED", "connectedOn"),
                Col("LEFT", "leftOn"),
            ];
            list_of(ctx, "/api/v1/connections", q, &paging, &cols).await
        }
        ServicesCommand::Indicators { service, year } => {
            let q: Vec<(String, String)> = year
                .map(|y| vec![("year".to_string(), y.to_string())])
                .unwrap_or_default();
            let path = format!("/api/v1/shared-services/{}/indicators", seg(&service));
            let i = get(&ctx.reader(), &path, &q).await?;
            let share = |v: &Value| match (v["percent"].as_f64(), v["of"].as_i64()) {
                (Some(p), Some(of)) => format!("{} of {of} ({p} %)", v["count"]),
                _ => format!("{} (no denominator stored for the year)", v["count"]),
            };
            let number = |v: &Value, unit: &str| match v.as_f64() {
                Some(x) => format!("{x}{unit}"),
                None => "not reported".to_string(),
            };
            let rows = vec![
                json!({"n": 1, "indicator": "State agencies connected", "value": share(&i["stateAgencies"])}),
                json!({"n": 2, "indicator": "Preparedness agencies connected", "value": share(&i["preparednessAgencies"])}),
                json!({"n": 3, "indicator": match i["unit"].as_str() {
                    Some(u) => format!("Units ({u})"),
                    None => "Units (no unit named)".to_string(),
                }, "value": number(&i["units"], "")}),
                json!({"n": 4, "indicator": "Full cost per unit", "value": number(&i["fullCostPerUnitSek"], " SEK")}),
                json!({"n": 5, "indicator": "Fee change from the year before", "value": number(&i["feeChangePercent"], " %")}),
                json!({"n": 6, "indicator": "Availability in agreed opening hours", "value": number(&i["availabilityPercent"], " %")}),
                json!({"n": 7, "indicator": "Satisfaction (NKI, 1–10)", "value": number(&i["satisfaction"], "")}),
            ];
            let cols = [
                Col("#", "n"),
                Col("INDICATOR", "indicator"),
                Col("VALUE", "value"),
            ];
            output::list(ctx.format, &i, &rows, &cols, None);
            Ok(())
        }
    }
}

async fn documents(ctx: &Ctx, action: DocumentsCommand) -> Result<(), Fail> {
    let DocumentsCommand::Tree { in_force } = action;
    let q = if in_force {
        vec![("inForce".to_string(), "true".to_string())]
    } else {
        vec![]
    };
    let tree = get(&ctx.reader(), "/api/v1/documents/tree", &q).await?;
    // Flattened in order, each title indented by its depth.
    fn walk(nodes: &Value, depth: usize, rows: &mut Vec<Value>) {
        for n in nodes.as_array().into_iter().flatten() {
            let d = &n["document"];
            let indent = if depth == 0 {
                String::new()
            } else {
                format!("{}└ ", "  ".repeat(depth - 1))
            };
            rows.push(json!({
                "level": d["level"],
                "title": format!("{indent}{}", text(&d["title"])),
                "status": d["status"],
                "inForce": d["inForce"],
                "author": d["authorOrganisation"]["name"],
                "version": d["documentVersion"],
                "id": d["id"],
            }));
            walk(&n["children"], depth + 1, rows);
        }
    }
    let mut rows = vec![];
    walk(&tree, 0, &mut rows);
    let cols = [
        Col("LEVEL", "level"),
        Col("TITLE", "title"),
        Col("STATUS", "status"),
        Col("IN FORCE", "inForce"),
        Col("AUTHOR", "author"),
        Col("VERSION", "version"),
        Col("ID", "id"),
    ];
    output::list(ctx.format, &tree, &rows, &cols, None);
    Ok(())
}

async fn audit(ctx: &Ctx, args: AuditArgs) -> Result<(), Fail> {
    let q = filters(&[("entity", &args.entity), ("actor", &args.actor)]);
    let cols = [
        Col("SEQ", "seq"),
        Col("AT", "at"),
        Col("ACTOR", "actor"),
        Col("OPERATION", "operation"),
        Col("ENTITY", "entity"),
        Col("ID", "entityId"),
        Col("VERSION", "version"),
    ];
    list_of(ctx, "/api/v1/audit", q, &args.paging, &cols).await
}

async fn search(ctx: &Ctx, args: SearchArgs) -> Result<(), Fail> {
    let kinds = if args.kind.is_empty() {
        vec![
            SearchKind::Blocks,
            SearchKind::Apis,
            SearchKind::Documents,
            SearchKind::Organisations,
        ]
    } else {
        args.kind.clone()
    };
    let reader = ctx.reader();
    let mut whole = serde_json::Map::new();
    let mut rows = vec![];
    for kind in kinds {
        // The collection, and where its key, name and a telling detail are.
        let (resource, key, name, about) = match kind {
            SearchKind::Blocks => ("building-blocks", "slug", "name", "phase"),
            SearchKind::Apis => ("apis", "id", "title.sv", "publisher.name"),
            SearchKind::Documents => ("documents", "id", "title", "status"),
            SearchKind::Organisations => ("organisations", "slug", "name", "kind"),
        };
        let q = vec![("q".to_string(), args.text.clone())];
        let found = collect(
            ctx,
            &reader,
            &format!("/api/v1/{resource}"),
            q,
            Some(args.limit),
        )
        .await?;
        for item in &found.items {
            rows.push(json!({
                "kind": resource,
                "key": lookup(item, key),
                "name": lookup(item, name),
                "about": lookup(item, about),
            }));
        }
        whole.insert(resource.to_string(), found.whole);
    }
    let cols = [
        Col("KIND", "kind"),
        Col("KEY", "key"),
        Col("NAME", "name"),
        Col("ABOUT", "about"),
    ];
    output::list(ctx.format, &Value::Object(whole), &rows, &cols, None);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// APIs

async fn apis(ctx: &Ctx, action: ApisCommand) -> Result<(), Fail> {
    match action {
        ApisCommand::List {
            organisation,
            building_block,
            status,
            query,
            paging,
        } => {
            let q = filters(&[
                ("organisation", &organisation),
                ("buildingBlock", &building_block),
                ("status", &status),
                ("q", &query),
            ]);
            list_of(ctx, "/api/v1/apis", q, &paging, &API_COLUMNS).await
        }
        ApisCommand::Show { api } => {
            let a = get(&ctx.reader(), &entry_path("apis", &api), &[]).await?;
            output::record(ctx.format, &a, &API_FIELDS);
            Ok(())
        }
        ApisCommand::Register { file } => register(ctx, &file).await,
        ApisCommand::Publish { api, spec } => {
            let bytes = std::fs::read(&spec)
                .map_err(|e| Fail::usage(format!("reading {}: {e}", spec.display())))?;
            let is_json = bytes
                .iter()
                .find(|b| !b.is_ascii_whitespace())
                .is_some_and(|b| *b == b'{');
            let media = if is_json {
                "application/json"
            } else {
                "application/yaml"
            };
            let writer = ctx.writer().await?;
            let bar = ctx.progress(None, "uploading");
            let path = format!("{}/versions", entry_path("apis", &api));
            let answer: Result<Value, ClientError> = writer
                .send_json(
                    writer
                        .request(Method::POST, &path)
                        .header(reqwest::header::CONTENT_TYPE, media)
                        .body(bytes),
                )
                .await;
            bar.finish_and_clear();
            report_upload(ctx, &answer?);
            Ok(())
        }
        ApisCommand::Fetch { api, from } => {
            let writer = ctx.writer().await?;
            let path = format!("{}/versions/fetch", entry_path("apis", &api));
            let bar = ctx.progress(None, "fetching");
            let answer: Result<Value, ClientError> = writer
                .send_json(
                    writer
                        .request(Method::POST, &path)
                        .json(&openapi::ApiDocumentFetch { url: from }),
                )
                .await;
            bar.finish_and_clear();
            report_upload(ctx, &answer?);
            Ok(())
        }
        ApisCommand::Versions { api } => {
            let path = format!("{}/versions", entry_path("apis", &api));
            let versions = get(&ctx.reader(), &path, &[]).await?;
            let items: Vec<Value> = versions
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|mut v| {
                    let checks = v["checks"].as_array().cloned().unwrap_or_default();
                    let passed = checks.iter().filter(|c| c["passed"] == true).count();
                    v["rap"] = json!(format!("{passed}/{} passed", checks.len()));
                    v
                })
                .collect();
            let cols = [
                Col("VERSION", "number"),
                Col("CREATED", "createdAt"),
                Col("FORMAT", "specVersion"),
                Col("SOURCE", "source"),
                Col("RAP CHECKS", "rap"),
                Col("JSON", "jsonUrl"),
            ];
            output::list(ctx.format, &versions, &items, &cols, None);
            Ok(())
        }
        ApisCommand::Spec { api, version, yaml } => {
            let reader = ctx.reader();
            let number = match version {
                Some(n) => n,
                None => {
                    let a = get(&reader, &entry_path("apis", &api), &[]).await?;
                    a["document"]["number"]
                        .as_i64()
                        .and_then(|n| i32::try_from(n).ok())
                        .ok_or_else(|| {
                            Fail::new(
                                Kind::Refused,
                                format!("API {api} has no OpenAPI document yet"),
                            )
                        })?
                }
            };
            let ext = if yaml { "yaml" } else { "json" };
            let path = format!(
                "{}/versions/{number}/openapi.{ext}",
                entry_path("apis", &api)
            );
            let resp = reader.send_raw(reader.request(Method::GET, &path)).await?;
            let body = resp.text().await.map_err(ClientError::from)?;
            emit(&body);
            Ok(())
        }
    }
}

const API_FIELDS: [Col; 17] = [
    Col("id", "id"),
    Col("title", "title.sv"),
    Col("title (en)", "title.en"),
    Col("description", "description.sv"),
    Col("publisher", "publisher.name"),
    Col("endpoints", "endpointUrls"),
    Col("building blocks", "buildingBlocks"),
    Col("status", "status"),
    Col("access rights", "accessRights"),
    Col("licence", "licence"),
    Col("contact", "contactPoint"),
    Col("keywords", "keywords"),
    Col("themes", "themes"),
    Col("documentation", "documentationUrl"),
    Col("OpenAPI document", "document.jsonUrl"),
    Col("version", "version"),
    Col("updated", "updatedAt"),
];

fn report_upload(ctx: &Ctx, answer: &Value) {
    let v = &answer["version"];
    if ctx.format != Format::Table {
        output::record(ctx.format, answer, &[Col("version", "version.number")]);
        return;
    }
    let head = if answer["created"] == true {
        format!(
            "version {} of the OpenAPI document ({}) is published: {}",
            text(&v["number"]),
            text(&v["specVersion"]),
            text(&v["jsonUrl"])
        )
    } else {
        format!(
            "the document equals version {}: nothing new was published",
            text(&v["number"])
        )
    };
    let checks = v["checks"].as_array().cloned().unwrap_or_default();
    let passed = checks.iter().filter(|c| c["passed"] == true).count();
    let rows: Vec<Value> = checks
        .iter()
        .map(|c| {
            json!({"rule": c["rule"], "result": if c["passed"] == true {"ok"} else {"FAILED"},
                   "message": c["message"]})
        })
        .collect();
    emit(&format!(
        "{head}\nRAP (Swedish REST API profile) checks: {passed} of {} passed",
        checks.len()
    ));
    output::list(
        Format::Table,
        &Value::Null,
        &rows,
        &[
            Col("RULE", "rule"),
            Col("RESULT", "result"),
            Col("MESSAGE", "message"),
        ],
        None,
    );
}

/// `apis register`: create the API, or replace the one the file describes when it differs.
async fn register(ctx: &Ctx, file: &std::path::Path) -> Result<(), Fail> {
    let text_in = std::fs::read_to_string(file)
        .map_err(|e| Fail::usage(format!("reading {}: {e}", file.display())))?;
    let mut doc: Value = serde_yaml_ng::from_str(&text_in)
        .map_err(|e| Fail::usage(format!("{} is not YAML or JSON: {e}", file.display())))?;
    let id = match doc.as_object_mut().and_then(|m| m.remove("id")) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => return Err(Fail::usage(format!("{}: `id` is not text", file.display()))),
    };
    let input: openapi::ApiInput = serde_json::from_value(doc)
        .map_err(|e| Fail::usage(format!("{} is not an API: {e}", file.display())))?;
    let writer = ctx.writer().await?;
    let existing: Option<Value> = match &id {
        Some(id) => Some(get(&writer, &entry_path("apis", id), &[]).await?),
        None => {
            let mine = collect(
                ctx,
                &writer,
                "/api/v1/apis",
                vec![
                    ("organisation".into(), input.publisher.clone()),
                    ("origin".into(), "local".into()),
                ],
                None,
            )
            .await?;
            let matching: Vec<Value> = mine
                .items
                .into_iter()
                .filter(|a| {
                    a["endpointUrls"].as_array().is_some_and(|urls| {
                        urls.iter()
                            .any(|u| input.endpoint_urls.iter().any(|e| u == e))
                    })
                })
                .collect();
            if matching.len() > 1 {
                let ids: Vec<String> = matching.iter().map(|a| text(&a["id"])).collect();
                return Err(Fail::usage(format!(
                    "{} APIs of {} share an endpoint URL with the file ({}): name the one meant with `id:` in the file",
                    matching.len(),
                    input.publisher,
                    ids.join(", ")
                )));
            }
            matching.into_iter().next()
        }
    };
    let (outcome, api) = match existing {
        None => {
            let created = writer.apis().create(&input).await?;
            (
                "registered",
                serde_json::to_value(created).unwrap_or_default(),
            )
        }
        Some(current) if same_api(&current, &input) => ("unchanged", current),
        Some(current) => {
            let key = text(&current["id"]);
            let version = current["version"].as_i64();
            match writer.apis().replace(&key, version, &input).await {
                Ok(a) => ("updated", serde_json::to_value(a).unwrap_or_default()),
                Err(e) => {
                    return Err(conflict_or(
                        ctx,
                        e,
                        "apis",
                        &key,
                        version.unwrap_or(0),
                        "run `bbr apis register` again: it reads the current version and applies the file to it",
                    )
                    .await)
                }
            }
        }
    };
    match ctx.format {
        Format::Table => emit(&format!(
            "{outcome}: API {} ({}), version {}",
            text(&api["id"]),
            text(&api["title"]["sv"]),
            text(&api["version"])
        )),
        f => output::record(f, &api, &API_FIELDS),
    }
    Ok(())
}

/// Whether the stored API already says what the file says (references by id or slug).
fn same_api(current: &Value, input: &openapi::ApiInput) -> bool {
    let Ok(wanted) = serde_json::to_value(input) else {
        return false;
    };
    let names = |r: &Value, key: &Value| -> bool {
        let k = text(key);
        r["id"].as_str() == Some(k.as_str()) || r["slug"].as_str() == Some(k.as_str())
    };
    let fields = wanted.as_object().cloned().unwrap_or_default();
    fields.iter().all(|(k, want)| {
        let have = &current[k.as_str()];
        match k.as_str() {
            "publisher" => names(have, want),
            "successor" => match (want, have) {
                (Value::Null, Value::Null) => true,
                (w, h) => !w.is_null() && names(h, w),
            },
            "buildingBlocks" => {
                let (w, h) = (
                    want.as_array().cloned().unwrap_or_default(),
                    have.as_array().cloned().unwrap_or_default(),
                );
                w.len() == h.len() && w.iter().zip(&h).all(|(w, h)| names(h, w))
            }
            // Absent and null are the same (the service leaves out what is not set).
            _ => have == want || (have.is_null() && want.is_null()),
        }
    })
}

/// A refused write, explained: for 412, what changed since the version read and how to retry.
async fn conflict_or(
    ctx: &Ctx,
    e: ClientError,
    resource: &str,
    key: &str,
    read_version: i64,
    retry: &str,
) -> Fail {
    let stale = e.status().map(|s| s.as_u16()) == Some(412);
    let mut fail = Fail::from(e);
    if !stale {
        return fail;
    }
    fail.message.push_str(&format!(
        "\n  the entry changed since version {read_version} was read:"
    ));
    let path = format!("{}/history", entry_path(resource, key));
    let q = vec![("limit".to_string(), "20".to_string())];
    if let Ok(history) = get(&ctx.reader(), &path, &q).await {
        for change in history["items"].as_array().into_iter().flatten() {
            if change["version"].as_i64().unwrap_or(0) <= read_version {
                continue;
            }
            let before = change["before"].as_object();
            let after = change["after"].as_object();
            let mut fields: Vec<String> = match (before, after) {
                (Some(b), Some(a)) => a
                    .iter()
                    .filter(|(k, v)| {
                        !matches!(k.as_str(), "version" | "updatedAt") && b.get(*k) != Some(*v)
                    })
                    .map(|(k, _)| k.clone())
                    .collect(),
                _ => vec![],
            };
            fields.sort();
            fail.message.push_str(&format!(
                "\n  - version {} by {} at {} ({}){}",
                text(&change["version"]),
                text(&change["actor"]),
                text(&change["at"]),
                text(&change["operation"]),
                if fields.is_empty() {
                    String::new()
                } else {
                    format!(": {}", fields.join(", "))
                }
            ));
        }
    }
    fail.message.push_str(&format!("\n  to retry: {retry}"));
    fail.kind = Kind::Conflict;
    fail
}

// ---------------------------------------------------------------------------------------------
// Milestones

const MILESTONE_COLUMNS: [Col; 7] = [
    Col("PLAN", "plan.slug"),
    Col("NO", "number"),
    Col("DUE", "due"),
    Col("STATUS", "status"),
    Col("LATE", "late"),
    Col("RESPONSIBLE", "responsible"),
    Col("DESCRIPTION", "description"),
];

async fn milestones(ctx: &Ctx, action: MilestonesCommand) -> Result<(), Fail> {
    match action {
        MilestonesCommand::List {
            plan,
            status,
            late,
            paging,
        } => {
            let late = late.then(|| "true".to_string());
            let q = filters(&[("plan", &plan), ("status", &status), ("late", &late)]);
            list_of(ctx, "/api/v1/milestones", q, &paging, &MILESTONE_COLUMNS).await
        }
        MilestonesCommand::Move {
            milestone,
            to,
            if_match,
        } => {
            let writer = ctx.writer().await?;
            let current = find_milestone(ctx, &writer, &milestone).await?;
            let m: openapi::Milestone = serde_json::from_value(current.clone())
                .map_err(|e| Fail::local(format!("reading the milestone: {e}")))?;
            let read_version = if_match.unwrap_or(m.meta.version);
            let input = openapi::MilestoneInput {
                plan: m.plan.slug.clone().unwrap_or_else(|| m.plan.id.to_string()),
                number: m.number,
                description: m.description.clone(),
                due: to,
                done_criteria: m.done_criteria.clone(),
                area: m.area.clone(),
                responsible: m.responsible.clone(),
                status: m.status,
            };
            let key = m.meta.id.to_string();
            let moved = match writer
                .milestones()
                .replace(&key, Some(read_version), &input)
                .await
            {
                Ok(moved) => moved,
                Err(e) => {
                    let retry = format!(
                        "bbr milestones move {milestone} --to {} (without --if-match it moves the current version)",
                        input.due
                    );
                    return Err(
                        conflict_or(ctx, e, "milestones", &key, read_version, &retry).await,
                    );
                }
            };
            match ctx.format {
                Format::Table => emit(&format!(
                    "milestone {} of {} moved from {} to {} (version {})",
                    moved.number, moved.plan.name, m.due, moved.due, moved.meta.version
                )),
                f => output::record(
                    f,
                    &serde_json::to_value(&moved).unwrap_or_default(),
                    &MILESTONE_COLUMNS,
                ),
            }
            Ok(())
        }
    }
}

/// A milestone by id, or by `PLAN/NUMBER`.
async fn find_milestone(ctx: &Ctx, client: &Client, key: &str) -> Result<Value, Fail> {
    let Some((plan, number)) = key.rsplit_once('/') else {
        return get(client, &entry_path("milestones", key), &[]).await;
    };
    let number: i64 = number
        .parse()
        .map_err(|_| Fail::usage(format!("'{key}' is neither an id nor PLAN/NUMBER")))?;
    let all = collect(
        ctx,
        client,
        "/api/v1/milestones",
        vec![("plan".into(), plan.to_string())],
        None,
    )
    .await?;
    all.items
        .into_iter()
        .find(|m| m["number"].as_i64() == Some(number))
        .ok_or_else(|| {
            Fail::new(
                Kind::Refused,
                format!("plan '{plan}' has no milestone {number}"),
            )
        })
}

// ---------------------------------------------------------------------------------------------
// The DCAT catalogue

async fn catalog(ctx: &Ctx, action: CatalogCommand) -> Result<(), Fail> {
    match action {
        CatalogCommand::Import {
            source,
            withdraw_missing,
        } => {
            let writer = ctx.writer().await?;
            let path = if withdraw_missing {
                "/api/v1/catalog/imports?withdrawMissing=true"
            } else {
                "/api/v1/catalog/imports"
            };
            let req = writer.request(Method::POST, path);
            let req = if source.starts_with("http://") || source.starts_with("https://") {
                req.json(&openapi::CatalogImportInput { url: source })
            } else {
                let bytes = std::fs::read(&source)
                    .map_err(|e| Fail::usage(format!("reading {source}: {e}")))?;
                let lower = source.to_ascii_lowercase();
                let media = if lower.ends_with(".ttl") {
                    "text/turtle"
                } else if lower.ends_with(".jsonld") || lower.ends_with(".json") {
                    "application/ld+json"
                } else {
                    "application/rdf+xml"
                };
                req.header(reqwest::header::CONTENT_TYPE, media).body(bytes)
            };
            let bar = ctx.progress(None, "importing");
            let report: Result<Value, ClientError> = writer.send_json(req).await;
            bar.finish_and_clear();
            let report = report?;
            let entries = report["entries"].as_array().cloned().unwrap_or_default();
            if ctx.format == Format::Table {
                emit(&format!(
                    "imported: {} created, {} updated, {} unchanged",
                    text(&report["created"]),
                    text(&report["updated"]),
                    text(&report["unchanged"])
                ));
            }
            let cols = [
                Col("OUTCOME", "outcome"),
                Col("API", "api"),
                Col("SERVICE", "iri"),
            ];
            output::list(ctx.format, &report, &entries, &cols, None);
            if ctx.format == Format::Table {
                // What was not kept, and what the catalogue no longer lists: never silently.
                for e in &entries {
                    for n in e["notes"].as_array().into_iter().flatten() {
                        emit(&format!("note: {}: {}", text(&e["iri"]), text(n)));
                    }
                }
                for d in report["datasets"].as_array().into_iter().flatten() {
                    emit(&format!("dataset kept: {}", text(d)));
                }
                for s in report["skipped"].as_array().into_iter().flatten() {
                    emit(&format!(
                        "not imported: {} {}: {}",
                        text(&s["kind"]),
                        text(&s["iri"]),
                        text(&s["reason"])
                    ));
                }
                for m in report["missing"].as_array().into_iter().flatten() {
                    let state = if m["withdrawn"] == Value::Bool(true) {
                        "withdrawn"
                    } else {
                        "no longer listed (--withdraw-missing marks it withdrawn)"
                    };
                    emit(&format!(
                        "{}: {} (API {})",
                        state,
                        text(&m["iri"]),
                        text(&m["api"])
                    ));
                }
            }
            Ok(())
        }
        CatalogCommand::Export {
            format,
            organisation,
            file,
        } => {
            let reader = ctx.reader();
            let path = match &organisation {
                Some(o) => format!("{}/catalog", entry_path("organisations", o)),
                None => "/api/v1/catalog".to_string(),
            };
            let name = match format {
                RdfFormat::Rdfxml => "rdfxml",
                RdfFormat::Ttl => "turtle",
                RdfFormat::Jsonld => "jsonld",
            };
            let mut resp = reader
                .send_raw(
                    reader
                        .request(Method::GET, &path)
                        .query(&[("format", name)]),
                )
                .await?;
            let bar = ctx.progress(resp.content_length(), "exporting");
            let mut out: Box<dyn Write> = match &file {
                Some(f) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(f)
                        .map_err(|e| Fail::local(format!("writing {}: {e}", f.display())))?,
                )),
                None => Box::new(std::io::stdout().lock()),
            };
            let mut bytes = 0u64;
            while let Some(chunk) = resp.chunk().await.map_err(ClientError::from)? {
                if let Err(e) = out.write_all(&chunk) {
                    if e.kind() == std::io::ErrorKind::BrokenPipe {
                        return Ok(());
                    }
                    return Err(Fail::local(format!("writing the catalogue: {e}")));
                }
                bytes += chunk.len() as u64;
                bar.set_position(bytes);
            }
            out.flush()?;
            bar.finish_and_clear();
            if let Some(f) = &file {
                if !ctx.quiet {
                    eprintln!("wrote {bytes} bytes to {}", f.display());
                }
            }
            Ok(())
        }
    }
}
