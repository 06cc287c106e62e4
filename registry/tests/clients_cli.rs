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

/// A database seeded as node `digg` says so itself: `clients create` finds the organisations
/// without `--node-id` repeated, another node id is refused, and the list has a header and
/// RFC 3339 times with their zone.
fn clients_of_a_named_node(url: &str) {
    registry(url, &["seed", "--node-id", "digg", "--json"]);
    let created = registry(
        url,
        &["clients", "create", "--organisation", "digg", "--json"],
    );
    assert!(created["clientId"].as_str().unwrap().starts_with("bbr-"));
    let refused = fails(
        url,
        &[
            "clients",
            "create",
            "--organisation",
            "digg",
            "--node-id",
            "other",
        ],
    );
    assert!(refused.contains("belongs to node 'digg'"), "{refused}");
    // Seeding again needs no --node-id either (and finds the register not empty).
    let again = registry(url, &["seed", "--json"]);
    assert_eq!(again["seeded"], false);

    let list = common::registry(url, &["clients", "list"]);
    let mut lines = list.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("CLIENT ID") && header.contains("CREATED"),
        "{list}"
    );
    let row = lines.next().unwrap();
    let created_at = row.split_whitespace().nth(3).unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(created_at).is_ok() && created_at.ends_with('Z'),
        "{row}"
    );
    let json = registry(url, &["clients", "list", "--json"]);
    let at = json[0]["createdAt"].as_str().unwrap();
    assert!(chrono::DateTime::parse_from_rfc3339(at).is_ok(), "{json}");
}

#[test]
fn named_node_on_sqlite() {
    clients_of_a_named_node(&common::Database::new(common::Backend::Sqlite).url);
}

#[test]
fn named_node_on_postgres() {
    clients_of_a_named_node(&common::Database::new(common::Backend::Postgres).url);
}

#[test]
fn clients_on_sqlite() {
    clients_lifecycle(&common::Database::new(common::Backend::Sqlite).url);
}

#[test]
fn clients_on_postgres() {
    clients_lifecycle(&common::Database::new(common::Backend::Postgres).url);
}
