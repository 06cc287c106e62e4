//! `bbr` end to end: the real binary against a real registry (the test harness's server) on
//! SQLite and PostgreSQL, each command in human and JSON output, the exit codes, the profile
//! file's mode, and no progress output when standard error is not a terminal.

use std::path::Path;
use std::process::{Command, Stdio};

use integration_tests::{
    both_backends, on_both_backends, spawn_app_with, Backend, Options, TestApp,
};
use serde_json::{json, Value};

const BBR: &str = env!("CARGO_BIN_EXE_bbr");

/// The binary with a configuration directory of its own and none of the caller's `BBR_*`.
struct Bbr {
    config: tempfile::TempDir,
    url: String,
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    fn ok(self) -> Out {
        assert_eq!(
            self.code, 0,
            "bbr failed:\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }
    fn code(self, code: i32) -> Out {
        assert_eq!(
            self.code, code,
            "expected exit code {code}:\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

impl Bbr {
    /// The configuration directory, made by `bbr` itself.
    fn dir(&self) -> std::path::PathBuf {
        self.config.path().join("bbr")
    }

    fn new(app: &TestApp) -> Bbr {
        Bbr {
            config: tempfile::tempdir().unwrap(),
            url: app.address.clone(),
        }
    }

    /// Runs `bbr ARGS` with `--url` of the test's server.
    async fn at(&self, args: &[&str]) -> Out {
        let mut all = vec!["--url", self.url.as_str()];
        all.extend_from_slice(args);
        self.run(&all, &[]).await
    }

    /// Runs `bbr ARGS` with these environment variables, stdin closed and stderr a pipe.
    async fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Out {
        let mut cmd = Command::new(BBR);
        for var in [
            "BBR_PROFILE",
            "BBR_URL",
            "BBR_CLIENT_ID",
            "BBR_CLIENT_SECRET",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("BBR_CONFIG_DIR", self.dir())
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::null());
        let out = tokio::task::spawn_blocking(move || cmd.output().expect("bbr runs"))
            .await
            .unwrap();
        Out {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Adds a profile for a new client of this organisation and returns its secret.
    async fn add_profile(&self, app: &TestApp, name: &str, organisation: &str) -> String {
        let c = app.create_client(Some(organisation), false);
        let out = self
            .run(
                &[
                    "profile",
                    "add",
                    name,
                    "--url",
                    &app.address,
                    "--client-id",
                    &c.client_id,
                ],
                &[("BBR_CLIENT_SECRET", &c.client_secret)],
            )
            .await
            .ok();
        assert!(!out.stdout.contains(&c.client_secret), "{}", out.stdout);
        c.client_secret
    }
}

async fn api_get(app: &TestApp, path: &str) -> Value {
    let r = app
        .anonymous()
        .request(reqwest::Method::GET, path)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "GET {path}: {}", r.status());
    r.json().await.unwrap()
}

fn ids(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

both_backends! {
    async fn reading_in_every_format(app: TestApp) {
        let bbr = Bbr::new(&app);

        // Building blocks: a table, the API's JSON as is, CSV and YAML.
        let out = bbr.at(&["blocks", "list"]).await.ok();
        assert!(out.stdout.contains("SLUG") && out.stdout.contains("api-hantering"), "{}", out.stdout);
        assert!(out.stderr.is_empty(), "no progress off a terminal: {}", out.stderr);
        let listed = bbr.at(&["blocks", "list", "--json"]).await.ok().json();
        let direct = api_get(&app, "/api/v1/building-blocks?limit=50").await;
        assert_eq!(ids(&listed), ids(&direct));
        assert_eq!(listed["items"], direct["items"], "the API's JSON as is");
        assert_eq!(listed["totalCount"], direct["totalCount"]);
        let csv = bbr.at(&["blocks", "list", "--output", "csv"]).await.ok().stdout;
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("SLUG,NAME,PHASE,CATEGORY,RESPONSIBLE"));
        assert_eq!(lines.count() as i64, direct["totalCount"].as_i64().unwrap());
        let yaml: Value = serde_yaml_ng::from_str(
            &bbr.at(&["blocks", "list", "-o", "yaml"]).await.ok().stdout,
        )
        .unwrap();
        assert_eq!(yaml["items"], direct["items"]);

        // Filters are the API's.
        let phase = direct["items"][0]["phase"].as_str().unwrap();
        let forvaltning = bbr
            .at(&["blocks", "list", "--phase", phase, "--json"])
            .await
            .ok()
            .json();
        let expected = api_get(&app, &format!("/api/v1/building-blocks?phase={phase}&limit=50")).await;
        assert_eq!(ids(&forvaltning), ids(&expected));
        assert!(!ids(&expected).is_empty());
        let found = bbr.at(&["blocks", "list", "-q", "ombud"]).await.ok().stdout;
        assert!(found.contains("mina-ombud"), "{found}");
        assert!(!found.contains("api-hantering"), "{found}");

        // Paging follows nextCursor; --limit is the total wanted.
        let twelve = bbr
            .at(&["blocks", "list", "--page-size", "5", "--limit", "12", "--json"])
            .await
            .ok();
        assert!(twelve.stderr.is_empty(), "no progress off a terminal: {}", twelve.stderr);
        let twelve = twelve.json();
        assert_eq!(ids(&twelve), ids(&direct)[..12].to_vec());
        assert!(twelve["nextCursor"].is_string(), "more to fetch: {twelve}");
        let all = bbr
            .at(&["blocks", "list", "--page-size", "5", "--all", "--json"])
            .await
            .ok()
            .json();
        assert_eq!(ids(&all), ids(&direct));
        assert!(all.get("nextCursor").is_none());
        let table = bbr.at(&["blocks", "list", "--limit", "3"]).await.ok().stdout;
        assert!(table.contains(&format!("3 of {} shown", direct["totalCount"])), "{table}");

        // One block.
        let shown = bbr.at(&["blocks", "show", "api-hantering"]).await.ok().stdout;
        assert!(shown.contains("API-hantering") && shown.contains("phase"), "{shown}");
        let shown = bbr.at(&["blocks", "show", "api-hantering", "--json"]).await.ok().json();
        assert_eq!(shown, api_get(&app, "/api/v1/building-blocks/api-hantering").await);

        // APIs.
        let apis = bbr.at(&["apis", "list", "--json"]).await.ok().json();
        assert_eq!(ids(&apis), ids(&api_get(&app, "/api/v1/apis?limit=50").await));
        let first = apis["items"][0]["id"].as_str().unwrap().to_string();
        let table = bbr.at(&["apis", "list"]).await.ok().stdout;
        assert!(table.contains("PUBLISHER") && table.contains(&first), "{table}");
        let one = bbr.at(&["apis", "show", &first]).await.ok().stdout;
        assert!(one.contains(apis["items"][0]["title"]["sv"].as_str().unwrap()), "{one}");
        let one = bbr.at(&["apis", "show", &first, "--json"]).await.ok().json();
        assert_eq!(one, apis["items"][0]);
        let scb = bbr.at(&["apis", "list", "--organisation", "scb", "--json"]).await.ok().json();
        assert_eq!(scb["items"].as_array().unwrap().len(), 1);

        // Late milestones: those the API calls late, and only those.
        let late = bbr.at(&["milestones", "list", "--late", "--all", "--json"]).await.ok().json();
        let expected = api_get(&app, "/api/v1/milestones?late=true&limit=500").await;
        assert_eq!(ids(&late), ids(&expected));
        assert!(!ids(&late).is_empty(), "the 2021 plan has late milestones");
        assert!(late["items"].as_array().unwrap().iter().all(|m| m["late"] == true));
        let table = bbr.at(&["milestones", "list", "--late"]).await.ok().stdout;
        assert!(table.contains("LATE") && table.contains("styrningsstruktur-2021"), "{table}");

        // The document tree, with one document of each level under the other.
        let l1 = app
            .client
            .documents()
            .create(&serde_json::from_value(json!({
                "title": "Styrning av informationsutbyte", "level": 1,
                "scope": {"kind": "infrastruktur"}, "authorOrganisation": "digg",
                "level2AuthorRoles": ["byggblocksansvarig"]})).unwrap())
            .await
            .unwrap();
        app.client
            .documents()
            .create(&serde_json::from_value(json!({
                "title": "Anvisning för API:er", "level": 2, "parent": l1.meta.id.to_string(),
                "scope": {"kind": "infrastruktur"}, "authorOrganisation": "digg"})).unwrap())
            .await
            .unwrap();
        let tree = bbr.at(&["documents", "tree"]).await.ok().stdout;
        assert!(tree.contains("Styrning av informationsutbyte"), "{tree}");
        assert!(tree.contains("└ Anvisning för API:er"), "{tree}");
        let tree = bbr.at(&["documents", "tree", "--json"]).await.ok().json();
        assert_eq!(tree, api_get(&app, "/api/v1/documents/tree").await);
        assert_eq!(tree[0]["children"][0]["document"]["title"], "Anvisning för API:er");

        // Phase decisions and the audit trail.
        let decisions = bbr.at(&["decisions", "list", "--all", "--json"]).await.ok().json();
        assert_eq!(
            ids(&decisions),
            ids(&api_get(&app, "/api/v1/phase-decisions?limit=500").await)
        );
        let table = bbr.at(&["decisions", "list"]).await.ok().stdout;
        assert!(table.contains("DECIDED BY"), "{table}");
        let audit = bbr.at(&["audit", "--limit", "5", "--json"]).await.ok().json();
        let items = audit["items"].as_array().unwrap();
        assert_eq!(items.len(), 5);
        assert_eq!(items[0]["entity"], "documents", "newest first: {audit}");
        let table = bbr.at(&["audit", "--entity", "documents"]).await.ok().stdout;
        assert!(table.contains("OPERATION") && table.contains("create"), "{table}");

        // Search across kinds.
        let found = bbr.at(&["search", "ombud"]).await.ok().stdout;
        assert!(found.contains("building-blocks") && found.contains("mina-ombud"), "{found}");
        assert!(found.contains("apis"), "Mina ombud's API is found too: {found}");
        let found = bbr.at(&["search", "informationsutbyte", "--json"]).await.ok().json();
        for kind in ["building-blocks", "apis", "documents", "organisations"] {
            assert!(found[kind]["items"].is_array(), "{kind}: {found}");
        }
        assert_eq!(found["documents"]["items"][0]["id"], json!(l1.meta.id));
        let only = bbr.at(&["search", "ombud", "--kind", "apis", "--json"]).await.ok().json();
        assert!(only.get("building-blocks").is_none() && only["apis"].is_object(), "{only}");

        // Refused: an entry that does not exist (the problem's title and detail, code 3).
        let out = bbr.at(&["blocks", "show", "finns-inte"]).await.code(3);
        assert!(out.stderr.contains("404"), "{}", out.stderr);
        assert!(out.stdout.is_empty());
        let out = bbr.at(&["blocks", "list", "--phase", "fel"]).await.code(3);
        assert!(out.stderr.contains("phase"), "the field is named: {}", out.stderr);
    }

    async fn services_their_connections_and_indicators(app: TestApp) {
        let bbr = Bbr::new(&app);
        let decision = json!({"phase": "inforande", "decisionDate": "2024-01-15",
            "decidingOrganisation": "digg", "reference": "2024-0001", "justification": "Klar."});
        app.client.decide_phase("building-blocks", "mina-ombud", &serde_json::from_value(decision).unwrap()).await.unwrap();
        let service = json!({"slug": "ombud", "name": "Mina ombud i drift", "supplier": "bolagsverket",
            "buildingBlock": "mina-ombud", "unit": "användare", "agreedHours": true});
        app.client.shared_services().create(&serde_json::from_value(service).unwrap()).await.unwrap();
        let connection = json!({"service": "ombud", "organisation": "skatteverket", "interestOn": "2025-01-10",
            "agreementOn": "2025-02-01", "connectedOn": "2025-03-01"});
        app.client.connections().create(&serde_json::from_value(connection).unwrap()).await.unwrap();
        let report = json!({"service": "ombud", "year": 2025, "units": 1000, "fullCostSek": 50000});
        app.client.service_reports().create(&serde_json::from_value(report).unwrap()).await.unwrap();

        let out = bbr.at(&["services", "list", "--building-block", "mina-ombud"]).await.ok().stdout;
        assert!(out.contains("SUPPLIER") && out.contains("Mina ombud i drift") && out.contains("Bolagsverket"), "{out}");
        let out = bbr.at(&["services", "connections", "--step", "ansluten"]).await.ok().stdout;
        assert!(out.contains("Skatteverket") && out.contains("2025-03-01"), "{out}");
        let none = bbr.at(&["services", "connections", "--step", "lamnat", "--json"]).await.ok().json();
        assert_eq!(none["items"], json!([]));
        let out = bbr.at(&["services", "indicators", "ombud", "--year", "2025"]).await.ok().stdout;
        assert!(out.contains("1 of 223 (0.4 %)"), "{out}");
        assert!(out.contains("Full cost per unit") && out.contains("50 SEK"), "{out}");
        assert!(out.contains("not reported"), "what is not reported is said so: {out}");
        let as_json = bbr.at(&["services", "indicators", "ombud", "--year", "2025", "--json"]).await.ok().json();
        assert_eq!(as_json, api_get(&app, "/api/v1/shared-services/ombud/indicators?year=2025").await);
        let out = bbr.at(&["services", "indicators", "finns-inte"]).await.code(3);
        assert!(out.stderr.contains("404"), "{}", out.stderr);
    }

    async fn the_infrastructure_owner_decides_and_moves(app: TestApp) {
        let bbr = Bbr::new(&app);
        let secret = bbr.add_profile(&app, "digg", "digg").await;

        // The profile file holds the secret, readable by its owner only; nothing prints it.
        let file = bbr.dir().join("profiles.toml");
        #[cfg(unix)]
        {
            assert_eq!(mode(&file), 0o600);
            assert_eq!(mode(&bbr.dir()) & 0o077, 0, "the directory is private too");
        }
        assert!(std::fs::read_to_string(&file).unwrap().contains(&secret));
        let list = bbr.run(&["profile", "list"], &[]).await.ok();
        assert!(list.stdout.contains("digg") && list.stdout.contains("stored"), "{}", list.stdout);
        assert!(!list.stdout.contains(&secret));
        let list = bbr.run(&["profile", "list", "--json"], &[]).await.ok();
        assert!(!list.stdout.contains(&secret));
        assert_eq!(list.json()[0]["url"], app.address.as_str());

        // login caches a token (mode 0600); whoami shows the organisation and its roles.
        let out = bbr.run(&["login"], &[]).await.ok();
        assert!(out.stdout.contains("as digg"), "{}", out.stdout);
        let token = bbr.dir().join("tokens").join("digg.json");
        #[cfg(unix)]
        assert_eq!(mode(&token), 0o600);
        let me = bbr.run(&["whoami"], &[]).await.ok();
        assert!(me.stdout.contains("(digg)") && me.stdout.contains("infrastrukturansvarig"), "{}", me.stdout);
        assert!(!me.stdout.contains(&secret) && !me.stderr.contains(&secret));
        let me = bbr.run(&["whoami", "--json"], &[]).await.ok().json();
        assert_eq!(me["organisation"], "digg");
        assert_eq!(me["operator"], false);
        let roles: Vec<&str> = me["roles"].as_array().unwrap().iter().map(|r| r["role"].as_str().unwrap()).collect();
        assert!(roles.contains(&"infrastrukturansvarig"), "{me}");
        assert!(roles.contains(&"byggblocksansvarig"), "{me}");
        let mut held: Vec<String> = me["roles"].as_array().unwrap().iter().map(|r| format!("{}{}", r["role"], r["for"])).collect();
        let n = held.len();
        held.sort();
        held.dedup();
        assert_eq!(held.len(), n, "each role once: {me}");

        // A phase decision: back to Idé, with a justification.
        let today = chrono::Utc::now().date_naive().to_string();
        let blocks = api_get(&app, "/api/v1/building-blocks?limit=50").await;
        let block = blocks["items"].as_array().unwrap().iter().find(|b| b["phase"] != "ide").unwrap();
        let slug = block["slug"].as_str().unwrap();
        let out = bbr
            .run(&["blocks", "decide", slug, "--phase", "ide", "--reference", "2026-0042",
                "--justification", "Omprövas"], &[])
            .await
            .ok();
        assert!(out.stdout.contains("→ ide") && out.stdout.contains("2026-0042"), "{}", out.stdout);
        let now = api_get(&app, &format!("/api/v1/building-blocks/{slug}")).await;
        assert_eq!(now["phase"], "ide");
        let decided = bbr
            .run(&["blocks", "decide", slug, "--phase", "analys-och-krav", "--reference", "2026-0043",
                "--date", &today, "--json"], &[])
            .await
            .ok()
            .json();
        assert_eq!(decided["fromPhase"], "ide");
        assert_eq!(decided["decisionDate"], today.as_str());
        // A decision dated before the latest one: 409, the conflict code.
        let out = bbr
            .run(&["blocks", "decide", slug, "--phase", "ide", "--reference", "2026-0044",
                "--justification", "Omprövas", "--date", "2020-01-01"], &[])
            .await
            .code(4);
        assert!(out.stderr.contains("409") && out.stderr.contains("decisionDate"), "{}", out.stderr);
        assert_eq!(decided["decidingOrganisation"]["slug"], "digg");
        let listed = bbr
            .run(&["decisions", "list", "--building-block", slug, "--all", "--json"], &[])
            .await
            .ok()
            .json();
        let refs: Vec<&str> = listed["items"].as_array().unwrap().iter().map(|d| d["reference"].as_str().unwrap()).collect();
        assert!(refs.contains(&"2026-0042") && refs.contains(&"2026-0043"), "{listed}");
        // A phase that does not exist is a usage error, found before anything is sent.
        bbr.run(&["blocks", "decide", slug, "--phase", "klar", "--reference", "x"], &[]).await.code(2);

        // Move a late milestone, carrying the version read.
        let late = api_get(&app, "/api/v1/milestones?late=true&limit=1").await;
        let m = &late["items"][0];
        let key = format!("{}/{}", m["plan"]["slug"].as_str().unwrap(), m["number"]);
        let read_version = m["version"].as_i64().unwrap();
        let out = bbr.run(&["milestones", "move", &key, "--to", "2030-Q1"], &[]).await.ok();
        assert!(out.stdout.contains("to 2030-Q1"), "{}", out.stdout);
        let id = m["id"].as_str().unwrap();
        let moved = api_get(&app, &format!("/api/v1/milestones/{id}")).await;
        assert_eq!(moved["due"], "2030-Q1");
        assert_eq!(moved["version"], read_version + 1);
        let moved = bbr.run(&["milestones", "move", id, "--to", "2030-Q2", "--json"], &[]).await.ok().json();
        assert_eq!(moved["due"], "2030-Q2");
        assert_eq!(moved["version"], read_version + 2);

        // A stale version: 412, exit code 4, what changed since and how to retry.
        let stale = read_version.to_string();
        let out = bbr
            .run(&["milestones", "move", &key, "--to", "2031-Q1", "--if-match", &stale], &[])
            .await
            .code(4);
        assert!(out.stderr.contains(&format!("changed since version {read_version}")), "{}", out.stderr);
        assert!(out.stderr.contains("by digg") && out.stderr.contains("due"), "{}", out.stderr);
        assert!(out.stderr.contains("to retry"), "{}", out.stderr);
        assert_eq!(api_get(&app, &format!("/api/v1/milestones/{id}")).await["due"], "2030-Q2");

        // Refused: an agency may not decide phases (403 names the roles that may; code 3).
        bbr.add_profile(&app, "bolagsverket", "bolagsverket").await;
        let out = bbr
            .run(&["--profile", "bolagsverket", "blocks", "decide", slug, "--phase", "utveckling",
                "--reference", "x"], &[])
            .await
            .code(3);
        assert!(out.stderr.contains("403") && out.stderr.contains("infrastrukturansvarig"), "{}", out.stderr);
        // BBR_PROFILE chooses too; an unknown profile is a usage error.
        let me = bbr.run(&["whoami", "--json"], &[("BBR_PROFILE", "bolagsverket")]).await.ok().json();
        assert_eq!(me["organisation"], "bolagsverket");
        bbr.run(&["--profile", "nobody", "whoami"], &[]).await.code(2);
        // A wrong secret is a refusal.
        let out = bbr.run(&["login"], &[("BBR_CLIENT_SECRET", "wrong")]).await.code(3);
        assert!(out.stderr.contains("invalid_client"), "{}", out.stderr);

        // Writing without a client is a usage error; nothing is sent.
        let bare = Bbr::new(&app);
        bare.at(&["blocks", "decide", slug, "--phase", "ide", "--reference", "x"]).await.code(2);

        // profile use / remove.
        bbr.run(&["profile", "use", "bolagsverket"], &[]).await.ok();
        let me = bbr.run(&["whoami", "--json"], &[]).await.ok().json();
        assert_eq!(me["organisation"], "bolagsverket");
        bbr.run(&["profile", "remove", "bolagsverket"], &[]).await.ok();
        assert!(!bbr.dir().join("tokens/bolagsverket.json").exists());
        bbr.run(&["profile", "remove", "bolagsverket"], &[]).await.code(2);
    }
}

/// An agency registers an API with its OpenAPI document, publishes versions, and the
/// catalogue shows it. The registry may fetch from 127.0.0.1 here (its own document).
async fn an_agency_registers_and_publishes(backend: Backend) {
    let app = spawn_app_with(
        backend,
        Options {
            fetch_allow_private: true,
            ..Options::default()
        },
    )
    .await;
    let bbr = Bbr::new(&app);
    bbr.add_profile(&app, "bv", "bolagsverket").await;
    let dir = tempfile::tempdir().unwrap();
    let api_file = dir.path().join("api.yaml");
    let api_yaml = "\
title:
  sv: Företagsfakta
  en: Company facts
publisher: bolagsverket
endpointUrls:
  - https://api.bolagsverket.se/foretagsfakta/v1
buildingBlocks: [api-hantering]
status: under-utveckling
accessRights: publik
keywords: [företag]
themes: [ECON]
";
    std::fs::write(&api_file, api_yaml).unwrap();
    let file = api_file.to_str().unwrap();

    // Registered once; again, nothing changes; a change in the file updates the same API.
    let out = bbr
        .run(&["apis", "register", "--file", file], &[])
        .await
        .ok();
    assert!(out.stdout.starts_with("registered: API "), "{}", out.stdout);
    let again = bbr
        .run(&["apis", "register", "--file", file, "--json"], &[])
        .await
        .ok()
        .json();
    let id = again["id"].as_str().unwrap().to_string();
    assert_eq!(again["version"], 1, "unchanged: {again}");
    let out = bbr
        .run(&["apis", "register", "--file", file], &[])
        .await
        .ok();
    assert!(out.stdout.starts_with("unchanged: API "), "{}", out.stdout);
    std::fs::write(
        &api_file,
        api_yaml.replace("under-utveckling", "i-produktion"),
    )
    .unwrap();
    let out = bbr
        .run(&["apis", "register", "--file", file], &[])
        .await
        .ok();
    assert!(
        out.stdout.starts_with(&format!("updated: API {id}")),
        "{}",
        out.stdout
    );
    let stored = api_get(&app, &format!("/api/v1/apis/{id}")).await;
    assert_eq!(stored["status"], "i-produktion");
    assert_eq!(stored["version"], 2);
    let mine = api_get(&app, "/api/v1/apis?organisation=bolagsverket&limit=100").await;
    let same: Vec<&Value> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["endpointUrls"][0] == "https://api.bolagsverket.se/foretagsfakta/v1")
        .collect();
    assert_eq!(same.len(), 1, "one API, not two: {mine}");
    // With its id in the file, the same API.
    std::fs::write(
        &api_file,
        format!(
            "id: {id}\n{}",
            api_yaml.replace("Company facts", "Company facts (API)")
        ),
    )
    .unwrap();
    let updated = bbr
        .run(&["apis", "register", "--file", file, "--json"], &[])
        .await
        .ok()
        .json();
    assert_eq!(updated["id"], id.as_str());
    assert_eq!(updated["title"]["en"], "Company facts (API)");
    // A file that is not an API: usage (2), with serde's reason.
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "title: {sv: x}\npublisher: bolagsverket\nfärg: blå\n").unwrap();
    let out = bbr
        .run(&["apis", "register", "--file", bad.to_str().unwrap()], &[])
        .await
        .code(2);
    assert!(out.stderr.contains("is not an API"), "{}", out.stderr);
    // The registry refuses what it finds invalid: 400 with each field's message (code 3).
    std::fs::write(
        &bad,
        api_yaml.replace(
            "https://api.bolagsverket.se/foretagsfakta/v1",
            "inte-en-url",
        ),
    )
    .unwrap();
    let out = bbr
        .run(&["apis", "register", "--file", bad.to_str().unwrap()], &[])
        .await
        .code(3);
    assert!(
        out.stderr.contains("400") && out.stderr.contains("- endpointUrls"),
        "{}",
        out.stderr
    );

    // Publish an OpenAPI document: version 1 and its RAP report; the same again: nothing new.
    let spec = dir.path().join("openapi.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.1.0\ninfo:\n  title: Företagsfakta\n  version: 1.0.0\npaths:\n  /foretag/{orgnr}:\n    get:\n      parameters:\n        - {name: orgnr, in: path, required: true, schema: {type: string}}\n      responses:\n        '200': {description: Företaget}\n",
    )
    .unwrap();
    let spec = spec.to_str().unwrap();
    let out = bbr
        .run(&["apis", "publish", &id, "--spec", spec], &[])
        .await
        .ok();
    assert!(
        out.stdout.contains("version 1 of the OpenAPI document"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("RAP") && out.stdout.contains("RULE"),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr.is_empty(),
        "no progress off a terminal: {}",
        out.stderr
    );
    let same = bbr
        .run(&["apis", "publish", &id, "--spec", spec, "--json"], &[])
        .await
        .ok()
        .json();
    assert_eq!(same["created"], false);
    assert_eq!(same["version"]["number"], 1);
    assert!(!same["version"]["checks"].as_array().unwrap().is_empty());

    // The registry fetches a document by URL: its own, a real one.
    let from = format!("{}/api/v1/openapi.json", app.address);
    let fetched = bbr
        .run(&["apis", "fetch", &id, "--from", &from, "--json"], &[])
        .await
        .ok()
        .json();
    assert_eq!(fetched["created"], true, "{fetched}");
    assert_eq!(fetched["version"]["number"], 2);
    let out = bbr
        .run(&["apis", "fetch", &id, "--from", &from], &[])
        .await
        .ok();
    assert!(out.stdout.contains("equals version 2"), "{}", out.stdout);

    // Versions, and the document itself (what a developer downloads).
    let versions = bbr
        .run(&["apis", "versions", &id, "--json"], &[])
        .await
        .ok()
        .json();
    assert_eq!(versions.as_array().unwrap().len(), 2);
    let table = bbr.run(&["apis", "versions", &id], &[]).await.ok().stdout;
    assert!(
        table.contains("RAP CHECKS") && table.contains("upload"),
        "{table}"
    );
    let doc: Value = serde_json::from_str(
        &bbr.run(&["apis", "spec", &id, "--version", "1"], &[])
            .await
            .ok()
            .stdout,
    )
    .unwrap();
    assert_eq!(doc["info"]["title"], "Företagsfakta");
    let latest: Value =
        serde_json::from_str(&bbr.run(&["apis", "spec", &id], &[]).await.ok().stdout).unwrap();
    assert_eq!(
        latest["openapi"],
        api_get(&app, "/api/v1/openapi.json").await["openapi"]
    );
    let yaml = bbr
        .run(&["apis", "spec", &id, "--version", "1", "--yaml"], &[])
        .await
        .ok()
        .stdout;
    assert!(yaml.contains("title: Företagsfakta"), "{yaml}");
    // Refused: another agency's API (403, code 3).
    let scb = api_get(&app, "/api/v1/apis?organisation=scb").await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    bbr.run(&["apis", "publish", &scb, "--spec", spec], &[])
        .await
        .code(3);

    // The catalogue: export (Turtle, one organisation), and import it back (all unchanged).
    let ttl = bbr
        .run(
            &[
                "catalog",
                "export",
                "--format",
                "ttl",
                "--organisation",
                "bolagsverket",
            ],
            &[],
        )
        .await
        .ok();
    assert!(
        ttl.stdout
            .contains("https://api.bolagsverket.se/foretagsfakta/v1"),
        "{}",
        ttl.stdout
    );
    assert!(
        ttl.stderr.is_empty(),
        "no progress off a terminal: {}",
        ttl.stderr
    );
    let file_ttl = dir.path().join("bolagsverket.ttl");
    bbr.run(
        &[
            "catalog",
            "export",
            "--format",
            "ttl",
            "--organisation",
            "bolagsverket",
            "--file",
            file_ttl.to_str().unwrap(),
            "--quiet",
        ],
        &[],
    )
    .await
    .ok();
    assert_eq!(std::fs::read_to_string(&file_ttl).unwrap(), ttl.stdout);
    let rdf = bbr.run(&["catalog", "export"], &[]).await.ok().stdout;
    assert!(
        rdf.starts_with("<?xml"),
        "RDF/XML by default: {}",
        &rdf[..rdf.len().min(200)]
    );
    let report = bbr
        .run(
            &["catalog", "import", file_ttl.to_str().unwrap(), "--json"],
            &[],
        )
        .await
        .ok()
        .json();
    let entries = report["entries"].as_array().unwrap();
    assert!(!entries.is_empty(), "{report}");
    assert!(entries.iter().any(|e| e["api"] == id.as_str()), "{report}");
    assert_eq!(
        report["created"].as_i64().unwrap()
            + report["updated"].as_i64().unwrap()
            + report["unchanged"].as_i64().unwrap(),
        entries.len() as i64
    );
    let out = bbr
        .run(&["catalog", "import", file_ttl.to_str().unwrap()], &[])
        .await
        .ok();
    assert!(out.stdout.starts_with("imported: "), "{}", out.stdout);
    // The agency's own catalogue (the test one, as Bolagsverket's): the table says what was
    // kept besides the services.
    let own = dir.path().join("own.ttl");
    std::fs::write(
        &own,
        include_str!("../../tests/dcat/agency-catalogue.ttl")
            .replace("SE2021005448", "SE2021005489"),
    )
    .unwrap();
    let out = bbr
        .run(
            &[
                "catalog",
                "import",
                own.to_str().unwrap(),
                "--withdraw-missing",
            ],
            &[],
        )
        .await
        .ok();
    assert!(
        out.stdout.starts_with("imported: 2 created"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("dataset kept: https://data.skatteverket.se/datamangd/foretag"),
        "{}",
        out.stdout
    );
    // A catalogue that is not one is refused (400, code 3).
    let junk = dir.path().join("junk.ttl");
    std::fs::write(&junk, "this is not turtle").unwrap();
    bbr.run(&["catalog", "import", junk.to_str().unwrap()], &[])
        .await
        .code(3);
}

on_both_backends!(an_agency_registers_and_publishes);

/// No answer (a closed port): exit code 5, for reads, token requests and writes.
#[tokio::test]
async fn a_closed_port_is_a_network_failure() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let config = tempfile::tempdir().unwrap();
    let bbr = Bbr {
        config,
        url: format!("http://127.0.0.1:{port}"),
    };
    let out = bbr.at(&["blocks", "list"]).await.code(5);
    assert!(
        out.stderr.contains("no answer from the registry"),
        "{}",
        out.stderr
    );
    let env = [("BBR_CLIENT_ID", "x"), ("BBR_CLIENT_SECRET", "y")];
    let url = bbr.url.clone();
    bbr.run(&["--url", &url, "login"], &env).await.code(5);
    bbr.run(
        &[
            "--url",
            &url,
            "milestones",
            "move",
            "p/1",
            "--to",
            "2030-Q1",
        ],
        &env,
    )
    .await
    .code(5);
}

/// Usage errors (clap's code 2), completions and the man page, from the same definitions.
#[tokio::test]
async fn usage_completions_and_man_page() {
    let bbr = Bbr {
        config: tempfile::tempdir().unwrap(),
        url: "http://127.0.0.1:9".into(),
    };
    bbr.run(&["blocks", "list", "--bogus"], &[]).await.code(2);
    bbr.run(&["blocks"], &[]).await.code(2);
    bbr.run(&["--url", "ftp://x", "blocks", "list"], &[])
        .await
        .code(2);
    bbr.run(
        &["profile", "add", "x y", "--url", "http://127.0.0.1:1"],
        &[],
    )
    .await
    .code(2);
    bbr.run(&["profile", "add", "p"], &[]).await.code(2);
    let help = bbr.run(&["--help"], &[]).await.ok().stdout;
    for code in ["2  usage", "3  refused", "4  conflict", "5  network"] {
        assert!(help.contains(code), "{help}");
    }
    for sub in [
        vec!["blocks", "list"],
        vec!["apis", "register"],
        vec!["milestones", "move"],
        vec!["catalog", "export"],
        vec!["whoami"],
        vec!["search"],
    ] {
        let mut args = sub.clone();
        args.push("--help");
        let out = bbr.run(&args, &[]).await.ok().stdout;
        assert!(out.contains("Example:"), "{sub:?}: {out}");
    }
    for shell in ["bash", "zsh", "fish"] {
        let out = bbr.run(&["completions", shell], &[]).await.ok().stdout;
        assert!(
            out.contains("bbr") && out.contains("milestones"),
            "{shell}: {out}"
        );
    }
    bbr.run(&["completions", "tcsh"], &[]).await.code(2);
    let man = bbr.run(&["man"], &[]).await.ok().stdout;
    assert!(
        man.contains(".TH bbr") && man.contains("milestones"),
        "{man}"
    );
}

/// Progress shows on a terminal (here a pseudo-terminal made by util-linux's `script`) and
/// not with `--quiet`: the other tests' empty standard error is then the bar hiding itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_shows_on_a_terminal_only() {
    let app = integration_tests::spawn_app(Backend::Sqlite).await;
    let config = tempfile::tempdir().unwrap();
    let on_a_terminal = |extra: &'static str| {
        let line = format!(
            "{BBR} --url {} blocks list --all --page-size 1{extra} > /dev/null",
            app.address
        );
        let config = config.path().to_path_buf();
        tokio::task::spawn_blocking(move || {
            let out = Command::new("script")
                .args(["-qec", &line, "/dev/null"])
                .env("BBR_CONFIG_DIR", config)
                .env("TERM", "xterm")
                .stdin(Stdio::null())
                .output()
                .expect("script (util-linux) runs");
            assert!(out.status.success(), "{out:?}");
            String::from_utf8_lossy(&out.stdout).into_owned()
        })
    };
    let shown = on_a_terminal("").await.unwrap();
    assert!(
        shown.contains("fetching"),
        "a progress bar on a terminal: {shown:?}"
    );
    let quiet = on_a_terminal(" --quiet").await.unwrap();
    assert!(!quiet.contains("fetching"), "--quiet hides it: {quiet:?}");
}
