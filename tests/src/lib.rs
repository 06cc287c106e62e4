//! Test harness: starts the real registry on an ephemeral port over a fresh database of either
//! backend, and talks to it over HTTP through the client crate.
//!
//! PostgreSQL tests create a database with a unique name on the server at
//! `TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`) and drop it
//! afterwards. They fail, rather than skip, when the server cannot be reached: both backends
//! are always tested.

use client::Client;
use diesel::{Connection, PgConnection, RunQueryDsl};
use registry::server::Application;
use registry::settings::{AuthSettings, HttpSettings, Settings};

pub use client;
pub use openapi;

pub mod contract;

/// The registry's own backend enum; `TestDb::new` makes a database of either for one test.
pub use registry::store::Backend;

/// A database that exists for one test.
pub enum TestDb {
    Sqlite(tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres { admin_url, name } = self {
            if let Ok(mut c) = PgConnection::establish(admin_url) {
                let _ =
                    diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .execute(&mut c);
            }
        }
    }
}

pub fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

impl TestDb {
    pub fn new(backend: Backend) -> (TestDb, String) {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary directory");
                let url = format!("sqlite://{}", dir.path().join("registry.db").display());
                (TestDb::Sqlite(dir), url)
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                let name = format!("bbr_test_{}", uuid::Uuid::new_v4().simple());
                let mut c = PgConnection::establish(&admin_url).unwrap_or_else(|e| {
                    panic!("PostgreSQL at {admin_url} is needed for the tests: {e}")
                });
                diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
                    .execute(&mut c)
                    .expect("creating the test database");
                let (base, _) = admin_url.rsplit_once('/').expect("a database URL");
                let url = format!("{base}/{name}");
                (TestDb::Postgres { admin_url, name }, url)
            }
        }
    }
}

pub struct TestApp {
    pub address: String,
    /// Authenticated as an operator client (every right), so tests of other concerns can
    /// write; tests of rights use `client_for` and `anonymous`.
    pub client: Client,
    /// The operator's current bearer token.
    pub token: String,
    pub backend: Backend,
    pub settings: Settings,
    pub db: TestDb,
    pub state: actix_web::web::Data<registry::app::AppState>,
    /// Every response this server gave, checked against its OpenAPI document.
    pub contract: std::sync::Arc<contract::Contract>,
    server: actix_web::dev::ServerHandle,
}

/// A finished test stops its server and waits for its workers, so that no worker thread with
/// database connections is still running when the test process exits (the C libraries'
/// clean-up at exit then races with it, which once crashed a test binary after every test had
/// passed).
impl Drop for TestApp {
    fn drop(&mut self) {
        let Ok(rt) = tokio::runtime::Handle::try_current() else {
            return;
        };
        // Waiting in place needs a runtime with another worker to drive the server's task.
        if rt.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread {
            let server = self.server.clone();
            tokio::task::block_in_place(|| rt.block_on(server.stop(false)));
        }
        let violations = self.contract.violations();
        if !violations.is_empty() && !std::thread::panicking() {
            panic!(
                "{} response(s) differ from the served OpenAPI document:\n{}",
                violations.len(),
                violations.join("\n")
            );
        }
    }
}

impl TestApp {
    /// The body of a document's presentation at a new meeting, on `date`, of the seeded
    /// cross-functional competence forum (001 §4.2.1), recorded by the operator.
    pub async fn presented_on(&self, date: &str) -> serde_json::Value {
        let meeting = openapi::ForumMeetingInput {
            forum: "tvarfunktionellt-kompetensforum".into(),
            meeting_date: date.parse().expect("a date"),
            agenda: "Dragning av styrande dokument inför beslut.".into(),
            minutes_reference: None,
            source: None,
        };
        let m = self
            .client
            .forum_meetings()
            .create(&meeting)
            .await
            .expect("a forum meeting");
        serde_json::json!({"meeting": m.meta.id})
    }

    /// A request builder for raw HTTP with the operator's token, for what the typed client
    /// does not send (bad input).
    pub fn http(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, path).bearer_auth(&self.token)
    }

    /// A page of the web interface as a browser signed out asks for it (no language asked
    /// for, so in Swedish): its status and its HTML.
    pub async fn page(&self, path: &str) -> (u16, String) {
        let resp = reqwest::Client::new()
            .get(format!("{}{path}", self.address))
            .header("Accept", "text/html")
            .send()
            .await
            .expect("the page answers");
        let status = resp.status().as_u16();
        (status, resp.text().await.expect("the page's body"))
    }

    /// A person of this organisation signed in to the web interface with an account of the
    /// built-in issuer (created, password set through its one-time link): the session cookie.
    pub async fn signed_in(&self, organisation: &str, email: &str) -> String {
        let token = {
            let mut conn = self.state.db.get().expect("a database connection");
            registry::auth::accounts::create(&mut conn, &self.settings.node_id, organisation, email)
                .expect("an account")
        };
        let pw = "en mening att minnas";
        let res = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client")
            .post(format!("{}/konto/losenord", self.address))
            .form(&[("token", token.as_str()), ("password", pw), ("repeat", pw)])
            .send()
            .await
            .expect("setting the password");
        session_cookie(&res).expect("setting the password signs in")
    }

    /// A client without credentials.
    pub fn anonymous(&self) -> Client {
        Client::new(&self.address)
    }

    /// Creates an OAuth client of the built-in issuer, as `registry clients create` does.
    pub fn create_client(
        &self,
        organisation: Option<&str>,
        operator: bool,
    ) -> registry::auth::NewClient {
        let mut conn = self.state.db.get().expect("a database connection");
        registry::auth::create_client(
            &mut conn,
            &self.settings.node_id,
            organisation,
            operator,
            None,
        )
        .expect("the client is created")
    }

    /// A typed client acting for this organisation (slug), through the built-in issuer.
    pub fn client_for(&self, organisation: &str) -> Client {
        let c = self.create_client(Some(organisation), false);
        Client::new(&self.address).with_client_credentials(&c.client_id, &c.client_secret)
    }
}

pub struct Options {
    pub seed: bool,
    pub node_id: String,
    pub auth: AuthSettings,
    /// Let outbound requests (fetcher, peers, OpenID provider) reach local test servers
    /// (`--outbound-allow-private`).
    pub fetch_allow_private: bool,
    /// Seconds the fetcher waits for a whole answer.
    pub fetch_timeout_secs: u64,
    /// Seconds a pull waits for each answer of a peer.
    pub peer_timeout_secs: u64,
    /// The change feed asks for a bearer token.
    pub private_feed: bool,
    /// Connections and their timeouts.
    pub http: HttpSettings,
}

impl Default for Options {
    fn default() -> Self {
        let defaults = Settings::default();
        Options {
            seed: true,
            node_id: "test".into(),
            auth: AuthSettings {
                // Tests ask for many tokens from one address; the limit has its own test.
                token_rate: 100_000,
                token_client_rate: 100_000,
                ..defaults.auth
            },
            fetch_allow_private: defaults.fetch_allow_private,
            fetch_timeout_secs: defaults.fetch_timeout_secs,
            peer_timeout_secs: defaults.peer_timeout_secs,
            private_feed: defaults.private_feed,
            http: defaults.http,
        }
    }
}

/// The registry with the seeded register of the source report.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, Options::default()).await
}

pub async fn spawn_app_with(backend: Backend, options: Options) -> TestApp {
    let (db, url) = TestDb::new(backend);
    let settings = Settings {
        bind: "127.0.0.1:0".into(),
        public_url: "http://registry.test".into(),
        node_id: options.node_id,
        pool_size: 4,
        auth: options.auth,
        fetch_allow_private: options.fetch_allow_private,
        fetch_timeout_secs: options.fetch_timeout_secs,
        // Tests pull on demand; a background pull would also touch the database while a
        // finished test's process exits.
        pull_peers: false,
        // Tests harvest on demand, or run the due harvests with a clock of their own.
        harvest_catalogs: false,
        peer_timeout_secs: options.peer_timeout_secs,
        private_feed: options.private_feed,
        http: options.http,
        ..Settings::for_database(&url)
    };
    let contract = std::sync::Arc::new(contract::Contract::default());
    let app =
        Application::build_inspected(settings.clone(), options.seed, Some(contract.inspector()))
            .await
            .expect("the registry starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state.clone();
    let server = app.handle();
    tokio::spawn(app.run_until_stopped());
    let mut test_app = TestApp {
        client: Client::new(&address),
        token: String::new(),
        address,
        backend,
        settings,
        db,
        state,
        contract,
        server,
    };
    let operator = test_app.create_client(None, true);
    test_app.client = Client::new(&test_app.address)
        .with_client_credentials(&operator.client_id, &operator.client_secret);
    test_app.token = test_app
        .client
        .access_token()
        .await
        .expect("the operator gets a token")
        .expect("a token");
    test_app
}

/// A second registry server on `app`'s database, as another process of the same deployment
/// would be (its own pool, write watch, read cache and search index); it reads anonymously.
pub async fn spawn_beside(
    app: &TestApp,
) -> (Client, actix_web::web::Data<registry::app::AppState>) {
    let built = Application::build(app.settings.clone(), false)
        .await
        .expect("the second registry starts");
    let address = format!("http://127.0.0.1:{}", built.port());
    let state = built.state.clone();
    tokio::spawn(built.run_until_stopped());
    (Client::new(&address), state)
}

/// Defines each test twice, once per backend: `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! both_backends {
    ($(async fn $name:ident($app:ident: TestApp) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                async fn run($app: $crate::TestApp) $body

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    run($crate::spawn_app($crate::Backend::Sqlite).await).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    run($crate::spawn_app($crate::Backend::Postgres).await).await
                }
            }
        )*
    };
}

/// Runs each `async fn name(backend: Backend)` once per backend (the registry's macro, shared
/// with its process tests).
pub use registry::on_both_backends;

/// An HTTP client as a browser's page sees the server: it does not follow redirects, so a test
/// reads where a form leads.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client")
}

/// The `session=…` pair a response sets, if it sets one.
pub fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("session="))
        .and_then(|v| v.split(';').next())
        .map(str::to_string)
}

/// Asserts that a client call was refused with this status and a problem naming `field`.
pub fn assert_problem<T: std::fmt::Debug>(
    result: Result<T, client::ClientError>,
    status: u16,
    field: Option<&str>,
) -> openapi::Problem {
    let err = result.expect_err("the request should have been refused");
    let problem = err
        .problem()
        .unwrap_or_else(|| panic!("expected a problem+json answer, got {err:?}"))
        .clone();
    assert_eq!(problem.status, status, "{problem:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
    if let Some(f) = field {
        assert!(
            problem.errors.iter().any(|e| e.field == f),
            "expected an error naming '{f}', got {problem:?}"
        );
    }
    problem
}

/// Parses an RDF/XML catalogue with a strict XML 1.0 parser (no DTD, every character a legal
/// XML character), so every export the suite fetches is shown to be well-formed; the number
/// of elements.
pub fn parse_rdfxml_strictly(xml: &str) -> usize {
    let doc = roxmltree::Document::parse(xml)
        .unwrap_or_else(|e| panic!("the RDF/XML is not well-formed XML 1.0: {e}"));
    assert_eq!(
        doc.root_element().tag_name().name(),
        "RDF",
        "the root element is rdf:RDF"
    );
    doc.descendants().filter(|n| n.is_element()).count()
}

/// Several nodes talking to each other: start them, let one pull another, and speak raw HTTP.
pub mod federation {
    use reqwest::Method;
    use serde_json::{json, Value};

    use crate::{spawn_app_with, Backend, Options, TestApp};

    /// Every resource whose entries are mirrored, as listed by a node. Written out here on
    /// purpose rather than taken from `openapi::collections!`: it is an independent witness,
    /// so a collection dropped from the declaration fails the federation tests.
    pub const RESOURCES: [&str; 20] = [
        "organisations",
        "role-assignments",
        "building-blocks",
        "base-data-domains",
        "competence-areas",
        "documents",
        "plans",
        "milestones",
        "funding-needs",
        "benefits",
        "phase-decisions",
        "decisions",
        "idea-candidates",
        "apis",
        "shared-services",
        "connections",
        "service-reports",
        "indicator-years",
        "forums",
        "forum-meetings",
    ];

    pub async fn node(backend: Backend, id: &str, seed: bool) -> TestApp {
        spawn_app_with(
            backend,
            Options {
                node_id: id.into(),
                seed,
                // The nodes of a test listen on 127.0.0.1: the outbound guard lets them be
                // peers only where private addresses are allowed.
                fetch_allow_private: true,
                ..Options::default()
            },
        )
        .await
    }

    /// A request as the operator: the status and the JSON answer (`Null` when there is none).
    pub async fn call(
        app: &TestApp,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut req = app.http(method, path);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    /// Adds `peer` as a peer of `app` and returns the peer's id.
    pub async fn add_peer(app: &TestApp, peer: &TestApp, origins: &[&str]) -> String {
        let (s, p) = call(
            app,
            Method::POST,
            "/api/v1/federation/peers",
            Some(json!({"url": peer.address, "intervalSeconds": 3600, "origins": origins})),
        )
        .await;
        assert_eq!(s, 201, "{p}");
        p["id"].as_str().unwrap().to_string()
    }

    /// Pulls the peer now; the pull's report.
    pub async fn sync(app: &TestApp, peer: &str) -> Value {
        let (s, r) = try_sync(app, peer).await;
        assert_eq!(s, 200, "{r}");
        r
    }

    /// Pulls a peer on demand: the status and the report or problem.
    pub async fn try_sync(app: &TestApp, peer: &str) -> (u16, Value) {
        let path = format!("/api/v1/federation/peers/{peer}/sync");
        call(app, Method::POST, &path, None).await
    }

    /// The body of an anonymous GET, as text (catalogues, metrics).
    pub async fn get_text(app: &TestApp, path: &str) -> String {
        let r = app
            .anonymous()
            .request(Method::GET, path)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "GET {path}: {}", r.status());
        r.text().await.unwrap()
    }

    /// How pulling the peer goes, as the node shows it.
    pub async fn peer_state(app: &TestApp, peer: &str) -> Value {
        let path = format!("/api/v1/federation/peers/{peer}");
        let (s, state) = call(app, Method::GET, &path, None).await;
        assert_eq!(s, 200, "{state}");
        state
    }
}
