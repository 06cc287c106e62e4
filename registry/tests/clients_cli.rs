//! `registry clients create|list|revoke`, as a node operator uses them, on both backends.

use std::process::Command;

use diesel::{Connection, PgConnection, RunQueryDsl};
use serde_json::Value;

fn registry(database_url: &str, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_registry"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "error")
        .output()
        .expect("the registry binary runs");
    assert!(
        out.status.success(),
        "registry {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("--json prints JSON")
}

fn fails(database_url: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_registry"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .output()
        .expect("the registry binary runs");
    assert!(!out.status.success(), "registry {args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn clients_lifecycle(url: &str) {
    registry(url, &["seed", "--json"]);
    let created = registry(
        url,
        &["clients", "create", "--organisation", "digg", "--json"],
    );
    let id = created["clientId"].as_str().unwrap().to_string();
    assert!(created["clientSecret"].as_str().unwrap().len() >= 32);
    // By organisation number too, and an operator without organisation.
    registry(
        url,
        &[
            "clients",
            "create",
            "--organisation",
            "202100-5489",
            "--json",
        ],
    );
    registry(url, &["clients", "create", "--operator", "--json"]);

    let list = registry(url, &["clients", "list", "--json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    let digg = list.iter().find(|c| c["clientId"] == id.as_str()).unwrap();
    assert_eq!(digg["organisation"], "digg");
    assert!(digg["revokedAt"].is_null());
    assert!(
        !list.iter().any(|c| c.to_string().contains("argon2")),
        "no hashes listed"
    );

    registry(url, &["clients", "revoke", &id, "--json"]);
    let list = registry(url, &["clients", "list", "--json"]);
    let digg = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["clientId"] == id.as_str())
        .unwrap();
    assert!(digg["revokedAt"].is_string());

    assert!(fails(
        url,
        &["clients", "create", "--organisation", "no-such-agency"]
    )
    .contains("no organisation"));
    assert!(fails(url, &["clients", "create"]).contains("organisation"));
    assert!(fails(url, &["clients", "revoke", "bbr-unknown"]).contains("not found"));
}

#[test]
fn clients_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    clients_lifecycle(&format!("sqlite://{}", dir.path().join("r.db").display()));
}

#[test]
fn clients_on_postgres() {
    let admin = std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("bbr_cli_{}", uuid::Uuid::new_v4().simple());
    let mut c = PgConnection::establish(&admin).expect("PostgreSQL is needed for the tests");
    diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
        .execute(&mut c)
        .unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    let result = std::panic::catch_unwind(|| clients_lifecycle(&format!("{base}/{name}")));
    diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .execute(&mut c)
        .unwrap();
    result.unwrap();
}
