//! `registry clients create|list|revoke`, as a node operator uses them, on both backends.

mod common;

use std::process::Command;

use serde_json::Value;

fn registry(database_url: &str, args: &[&str]) -> Value {
    serde_json::from_str(&common::registry(database_url, args)).expect("--json prints JSON")
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
    clients_lifecycle(&common::Database::new(common::Backend::Sqlite).url);
}

#[test]
fn clients_on_postgres() {
    clients_lifecycle(&common::Database::new(common::Backend::Postgres).url);
}
