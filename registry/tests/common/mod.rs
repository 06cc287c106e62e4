//! Running the real `registry` binary in tests: on a fresh database of either backend, on a
//! free port, killed with SIGKILL when the test says so.

#![allow(dead_code)] // each test binary uses its own part of this

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};

pub use registry::store::Backend;

/// A database for one test, removed when dropped.
pub struct Database {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl Database {
    pub fn new(backend: Backend) -> Database {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}", dir.path().join("registry.db").display());
                Database {
                    url,
                    _dir: Some(dir),
                    postgres: None,
                }
            }
            Backend::Postgres => {
                let admin = std::env::var("TEST_POSTGRES_URL")
                    .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
                let name = format!("bbr_proc_{}", uuid::Uuid::new_v4().simple());
                let mut c =
                    PgConnection::establish(&admin).expect("PostgreSQL is needed for the tests");
                diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
                    .execute(&mut c)
                    .unwrap();
                let (base, _) = admin.rsplit_once('/').unwrap();
                Database {
                    url: format!("{base}/{name}"),
                    _dir: None,
                    postgres: Some((admin, name)),
                }
            }
        }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.postgres {
            if let Ok(mut c) = PgConnection::establish(admin) {
                let _ =
                    diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .execute(&mut c);
            }
        }
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Runs `registry ARGS` on the database to its end and returns its standard output.
pub fn registry(database_url: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_registry"))
        .args(args)
        .env("DATABASE_URL", database_url)
        // The nodes of these tests are peers on 127.0.0.1.
        .env("REGISTRY_OUTBOUND_ALLOW_PRIVATE", "true")
        .env("RUST_LOG", "error")
        .output()
        .expect("registry runs");
    assert!(
        out.status.success(),
        "registry {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A running `registry serve`, killed when dropped, so that a failing test leaves no
/// process behind.
pub struct Process(pub Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `registry serve ARGS` on the database and port, in the background.
pub fn start(database_url: &str, port: u16, args: &[&str]) -> Process {
    let child = Command::new(env!("CARGO_BIN_EXE_registry"))
        .arg("serve")
        .args(["--bind", &format!("127.0.0.1:{port}")])
        .args(args)
        .env("DATABASE_URL", database_url)
        // The nodes of these tests are peers on 127.0.0.1.
        .env("REGISTRY_OUTBOUND_ALLOW_PRIVATE", "true")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the registry binary starts");
    Process(child)
}

pub async fn wait_ready(http: &reqwest::Client, port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let ready = http
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success());
        if ready {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the registry did not become ready");
}

/// SIGKILL, and waits until the process is gone.
pub fn kill(mut p: Process) {
    p.0.kill().expect("SIGKILL");
    p.0.wait().expect("the killed process is reaped");
}

/// An operator client made with `registry clients create`, as a node operator would.
pub fn operator_client(database_url: &str) -> (String, String) {
    let v: serde_json::Value = serde_json::from_str(&registry(
        database_url,
        &["clients", "create", "--operator", "--json"],
    ))
    .expect("JSON output");
    (
        v["clientId"].as_str().unwrap().to_string(),
        v["clientSecret"].as_str().unwrap().to_string(),
    )
}

pub async fn token(http: &reqwest::Client, port: u16, id: &str, secret: &str) -> String {
    let r: serde_json::Value = http
        .post(format!("http://127.0.0.1:{port}/oauth/token"))
        .basic_auth(id, Some(secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    r["access_token"].as_str().expect("a token").to_string()
}

pub async fn get_json(http: &reqwest::Client, url: &str) -> serde_json::Value {
    let r = http.get(url).send().await.expect("the registry answers");
    assert!(r.status().is_success(), "GET {url}: {}", r.status());
    r.json().await.expect("JSON")
}
