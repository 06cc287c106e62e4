//! Killing the process during a write load loses no acknowledged write (DESIGN.md §Performance
//! and reliability): the real binary is started, loaded with concurrent creates, killed with
//! SIGKILL, and restarted on the same database, which must hold every create it answered 201.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn start(database_url: &str, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_registry"))
        .args(["serve", "--no-seed", "--bind", &format!("127.0.0.1:{port}")])
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the registry binary starts")
}

async fn wait_ready(http: &reqwest::Client, port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
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

/// An operator client made with `registry clients create`, as a node operator would.
fn operator_client(database_url: &str) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_registry"))
        .args(["clients", "create", "--operator", "--json"])
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "error")
        .output()
        .expect("registry clients create runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    (
        v["clientId"].as_str().unwrap().to_string(),
        v["clientSecret"].as_str().unwrap().to_string(),
    )
}

async fn token(http: &reqwest::Client, port: u16, id: &str, secret: &str) -> String {
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

async fn no_acknowledged_write_is_lost(database_url: &str) {
    let http = reqwest::Client::new();
    let port = free_port();
    let (id, secret) = operator_client(database_url);
    let mut child = start(database_url, port);
    wait_ready(&http, port).await;
    let token = token(&http, port, &id, &secret).await;

    let writers: Vec<_> = (0..4)
        .map(|w| {
            let http = http.clone();
            let token = token.clone();
            tokio::spawn(async move {
                let mut acknowledged = vec![];
                for i in 0.. {
                    let slug = format!("w{w}-{i}");
                    let body = serde_json::json!({"slug": slug, "name": slug, "kind": "ovrig"});
                    let sent = http
                        .post(format!("http://127.0.0.1:{port}/api/v1/organisations"))
                        .bearer_auth(&token)
                        .json(&body)
                        .send()
                        .await;
                    match sent {
                        Ok(r) if r.status().as_u16() == 201 => acknowledged.push(slug),
                        Ok(r) => panic!("unexpected answer {}", r.status()),
                        // The process is gone: whatever was not answered was not promised.
                        Err(_) => break,
                    }
                }
                acknowledged
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    child.kill().expect("SIGKILL");
    child.wait().expect("the killed process is reaped");
    let mut acknowledged = vec![];
    for w in writers {
        acknowledged.extend(w.await.expect("writer"));
    }
    assert!(
        acknowledged.len() >= 10,
        "too little load: {}",
        acknowledged.len()
    );

    let port = free_port();
    let mut child = start(database_url, port);
    wait_ready(&http, port).await;
    for slug in &acknowledged {
        let r = http
            .get(format!(
                "http://127.0.0.1:{port}/api/v1/organisations/{slug}"
            ))
            .send()
            .await
            .expect("restarted registry answers");
        assert_eq!(
            r.status().as_u16(),
            200,
            "acknowledged create of {slug} was lost"
        );
    }
    let audit: serde_json::Value = http
        .get(format!("http://127.0.0.1:{port}/api/v1/audit?limit=1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(audit["totalCount"].as_i64().unwrap() >= acknowledged.len() as i64);
    child.kill().ok();
    child.wait().ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_keeps_every_acknowledged_write_across_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("registry.db").display());
    no_acknowledged_write_is_lost(&url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_keeps_every_acknowledged_write_across_a_kill() {
    let admin = std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("bbr_crash_{}", uuid::Uuid::new_v4().simple());
    let mut c = PgConnection::establish(&admin).expect("PostgreSQL is needed for the tests");
    diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
        .execute(&mut c)
        .unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    no_acknowledged_write_is_lost(&format!("{base}/{name}")).await;
    diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .execute(&mut c)
        .unwrap();
}
