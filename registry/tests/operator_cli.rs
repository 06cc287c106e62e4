//! `registry peers sync` and `registry users create|list`, as an operator runs them, on both
//! backends: the real binary on real databases, a real origin node for the pull.

mod common;

use serde_json::Value;

fn json(database_url: &str, args: &[&str]) -> Value {
    serde_json::from_str(&common::registry(database_url, args)).expect("--json prints JSON")
}

async fn peers_sync_pulls_once_like_the_scheduler(backend: registry::store::Backend) {
    let (origin, mirror) = (
        common::Database::new(backend),
        common::Database::new(backend),
    );
    let port = common::free_port();
    let _a = common::start(&origin.url, port, &["--node-id", "origin-a"]);
    let http = reqwest::Client::new();
    common::wait_ready(&http, port).await;

    json(&mirror.url, &["migrate", "--json"]);
    let peer = json(
        &mirror.url,
        &[
            "peers",
            "add",
            "--url",
            &format!("http://127.0.0.1:{port}"),
            "--json",
        ],
    );
    let id = peer["id"].as_str().unwrap().to_string();
    let first = json(
        &mirror.url,
        &["peers", "sync", &id, "--json", "--node-id", "mirror-b"],
    );
    assert!(first["applied"].as_i64().unwrap() > 100, "{first}");
    assert!(first["rejected"].as_array().unwrap().is_empty(), "{first}");
    // Again: nothing new, the same cursor.
    let second = json(
        &mirror.url,
        &["peers", "sync", &id, "--json", "--node-id", "mirror-b"],
    );
    assert_eq!(second["applied"], 0);
    assert_eq!(second["cursor"], first["cursor"]);
    // The human form says the same in words.
    let said = common::registry(
        &mirror.url,
        &["peers", "sync", &id, "--node-id", "mirror-b"],
    );
    assert!(
        said.starts_with(&format!("pulled from peer {id}: 0 applied")),
        "{said}"
    );
}

async fn users_are_created_with_a_one_time_link_and_listed(backend: registry::store::Backend) {
    let db = common::Database::new(backend);
    json(
        &db.url,
        &[
            "seed",
            "--json",
            "--public-url",
            "https://register.example.se",
        ],
    );
    let made = json(
        &db.url,
        &[
            "users",
            "create",
            "--organisation",
            "digg",
            "--email",
            " Anna@DIGG.se ",
            "--json",
            "--public-url",
            "https://register.example.se",
        ],
    );
    assert_eq!(made["email"], "anna@digg.se");
    let link = made["setupLink"].as_str().unwrap();
    assert!(
        link.starts_with("https://register.example.se/konto/losenord?token="),
        "{link}"
    );
    assert!(link.len() > 60);
    let list = json(&db.url, &["users", "list", "--json"]);
    assert_eq!(list[0]["email"], "anna@digg.se");
    assert_eq!(list[0]["organisation"], "digg");
    assert_eq!(list[0]["passwordSet"], false);
    assert!(list[0]["createdAt"].as_str().unwrap().ends_with("+00:00"));
    // The same email again, or an organisation the register does not have: refused.
    for args in [
        [
            "users",
            "create",
            "--organisation",
            "digg",
            "--email",
            "anna@digg.se",
        ],
        [
            "users",
            "create",
            "--organisation",
            "finns-ej",
            "--email",
            "x@digg.se",
        ],
        [
            "users",
            "create",
            "--organisation",
            "digg",
            "--email",
            "inte-en-adress",
        ],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_registry"))
            .args(args)
            .env("DATABASE_URL", &db.url)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?} should be refused");
    }
    let human = common::registry(&db.url, &["users", "list"]);
    assert!(human.starts_with("EMAIL"), "a header first: {human}");
}

registry::on_both_backends!(
    peers_sync_pulls_once_like_the_scheduler,
    users_are_created_with_a_one_time_link_and_listed
);
