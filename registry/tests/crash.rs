//! Killing the process during a write load loses no acknowledged write (DESIGN.md §Performance
//! and reliability): the real binary is started, loaded with concurrent creates, killed with
//! SIGKILL, and restarted on the same database, which must hold every create it answered 201.

mod common;

use std::time::Duration;

use common::{free_port, operator_client, token, wait_ready};

fn start(database_url: &str, port: u16) -> common::Process {
    common::start(database_url, port, &["--no-seed"])
}

async fn no_acknowledged_write_is_lost(database_url: &str) {
    let http = reqwest::Client::new();
    let port = free_port();
    let (id, secret) = operator_client(database_url);
    let child = start(database_url, port);
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
    common::kill(child);
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
    let child = start(database_url, port);
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
    let audit = common::get_json(
        &http,
        &format!("http://127.0.0.1:{port}/api/v1/audit?limit=1"),
    )
    .await;
    assert!(audit["totalCount"].as_i64().unwrap() >= acknowledged.len() as i64);
    drop(child);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_keeps_every_acknowledged_write_across_a_kill() {
    let db = common::Database::new(common::Backend::Sqlite);
    no_acknowledged_write_is_lost(&db.url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_keeps_every_acknowledged_write_across_a_kill() {
    let db = common::Database::new(common::Backend::Postgres);
    no_acknowledged_write_is_lost(&db.url).await;
}
