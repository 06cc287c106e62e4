//! Federation between real processes (issue 6): a mirror killed with SIGKILL again and again
//! while it pulls holds, after every kill, exactly the origin's state as of its cursor, and
//! ends equal to the origin; a running mirror's scheduler brings a change over within one
//! interval. Each node is the `registry` binary on its own database.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use common::{
    free_port, get_json, kill, operator_client, registry, start, token, wait_ready, Backend,
    Database,
};

const ORIGIN: &str = "agency-a";

/// Entries by (entity, id), with their version.
type State = BTreeMap<(String, String), i64>;

fn base(port: u16) -> String {
    format!("http://127.0.0.1:{port}")
}

/// The origin's entries as of sequence number `upto`, folded from its own feed: each entry at
/// its last version, a deleted one gone.
async fn origin_state(http: &reqwest::Client, port: u16, upto: i64) -> State {
    let mut state = State::new();
    let mut after = 0;
    loop {
        let page = get_json(
            http,
            &format!(
                "{}/api/v1/federation/changes?after={after}&limit=1000",
                base(port)
            ),
        )
        .await;
        for item in page["items"].as_array().unwrap() {
            let seq = item["seq"].as_i64().unwrap();
            if seq > upto {
                return state;
            }
            let key = (
                item["entity"].as_str().unwrap().to_string(),
                item["id"].as_str().unwrap().to_string(),
            );
            match item["entry"].is_null() {
                true => state.remove(&key),
                false => state.insert(key, item["version"].as_i64().unwrap()),
            };
            after = seq;
        }
        if page["nextAfter"].is_null() {
            return state;
        }
    }
}

/// What a node holds of the origin's entries, read through its lists.
async fn held(http: &reqwest::Client, port: u16, entities: &BTreeSet<String>) -> State {
    let mut state = State::new();
    for entity in entities {
        let mut url = format!("{}/api/v1/{entity}?limit=500", base(port));
        loop {
            let page = get_json(http, &url).await;
            for e in page["items"].as_array().unwrap() {
                if e["origin"] == ORIGIN {
                    let id = e["id"].as_str().unwrap().to_string();
                    state.insert((entity.clone(), id), e["version"].as_i64().unwrap());
                }
            }
            match page["nextCursor"].as_str() {
                Some(c) => url = format!("{}/api/v1/{entity}?limit=500&cursor={c}", base(port)),
                None => break,
            }
        }
    }
    state
}

async fn peer(http: &reqwest::Client, port: u16) -> serde_json::Value {
    get_json(http, &format!("{}/api/v1/federation/peers", base(port))).await[0].clone()
}

/// Starts the origin with the seeded register and `synthetic` building blocks more, and makes
/// a mirror database with the origin as its peer.
async fn origin_and_mirror(
    http: &reqwest::Client,
    backend: Backend,
    synthetic: &str,
    interval: &str,
) -> (Database, u16, common::Process, Database) {
    let origin_db = Database::new(backend);
    registry(
        &origin_db.url,
        &["seed", "--synthetic", synthetic, "--node-id", ORIGIN],
    );
    let port = free_port();
    let origin = start(
        &origin_db.url,
        port,
        &["--no-seed", "--node-id", ORIGIN, "--pull-peers", "false"],
    );
    wait_ready(http, port).await;
    let mirror_db = Database::new(backend);
    registry(
        &mirror_db.url,
        &["peers", "add", "--url", &base(port), "--interval", interval],
    );
    (origin_db, port, origin, mirror_db)
}

async fn a_mirror_killed_while_pulling_resumes_exactly(backend: Backend) {
    let http = reqwest::Client::new();
    let (_origin_db, a_port, a, b_db) = origin_and_mirror(&http, backend, "150", "1").await;
    let last = get_json(&http, &format!("{}/api/v1/federation/node", base(a_port))).await
        ["lastSeq"]
        .as_i64()
        .unwrap();
    let whole = origin_state(&http, a_port, last).await;
    let entities: BTreeSet<String> = whole.keys().map(|(e, _)| e.clone()).collect();
    let mut cursors = vec![];
    for round in 1.. {
        assert!(
            round <= 60,
            "the mirror never caught up: cursors {cursors:?} of {last}"
        );
        // Pulling in small pages, each its own transaction with the cursor; killed after a
        // time that differs from round to round, so the kills land in different places.
        let port = free_port();
        let b = start(
            &b_db.url,
            port,
            &["--no-seed", "--node-id", "owner", "--pull-page", "10"],
        );
        tokio::time::sleep(Duration::from_millis(1200 + (round * 211) % 900)).await;
        kill(b);
        // Looked at with pulling off: only what was committed is there.
        let port = free_port();
        let b = start(
            &b_db.url,
            port,
            &["--no-seed", "--node-id", "owner", "--pull-peers", "false"],
        );
        wait_ready(&http, port).await;
        let cursor = peer(&http, port).await["cursor"].as_i64().unwrap();
        assert_eq!(
            held(&http, port, &entities).await,
            origin_state(&http, a_port, cursor).await,
            "killed in round {round}: the mirror must hold the origin's state as of its cursor {cursor}"
        );
        kill(b);
        eprintln!("round {round}: cursor {cursor} of {last}");
        cursors.push(cursor);
        if cursor >= last {
            break;
        }
    }
    assert!(
        cursors.iter().any(|&c| 0 < c && c < last),
        "no kill landed while pulling: cursors {cursors:?} of {last}"
    );
    kill(a);
}

async fn a_running_mirror_follows_within_one_interval(backend: Backend) {
    const INTERVAL: u64 = 2;
    let http = reqwest::Client::new();
    let (a_db, a_port, a, b_db) =
        origin_and_mirror(&http, backend, "0", &INTERVAL.to_string()).await;
    let b_port = free_port();
    let b = start(&b_db.url, b_port, &["--no-seed", "--node-id", "owner"]);
    wait_ready(&http, b_port).await;
    let deadline = Instant::now() + Duration::from_secs(120);
    while peer(&http, b_port).await["lagEntries"] != 0 {
        assert!(Instant::now() < deadline, "the first mirror did not finish");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (id, secret) = operator_client(&a_db.url);
    let token = token(&http, a_port, &id, &secret).await;
    // A new entry at the origin, then its deletion: each reaches the mirror by the scheduler
    // alone, within one interval (and the time one pull takes).
    let r = http
        .post(format!("{}/api/v1/organisations", base(a_port)))
        .bearer_auth(&token)
        .json(&serde_json::json!({"slug": "ny-kommun", "name": "Ny kommun", "kind": "kommun"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let org: serde_json::Value = r.json().await.unwrap();
    let mirrored = format!(
        "{}/api/v1/organisations/{}",
        base(b_port),
        org["id"].as_str().unwrap()
    );
    let arrives = |want: u16| {
        let (http, url) = (http.clone(), mirrored.clone());
        async move {
            let t0 = Instant::now();
            loop {
                let s = http.get(&url).send().await.unwrap().status().as_u16();
                if s == want {
                    return t0.elapsed();
                }
                assert!(
                    t0.elapsed() < Duration::from_secs(INTERVAL + 3),
                    "not on the mirror within one interval of {INTERVAL} s (and 3 s for the pull)"
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    };
    let created = arrives(200).await;
    let r = http
        .delete(format!("{}/api/v1/organisations/ny-kommun", base(a_port)))
        .bearer_auth(&token)
        .header("If-Match", "\"1\"")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let deleted = arrives(404).await;
    eprintln!("interval {INTERVAL} s: created after {created:?}, deleted after {deleted:?}");
    kill(b);
    kill(a);
}

registry::on_both_backends!(
    a_mirror_killed_while_pulling_resumes_exactly,
    a_running_mirror_follows_within_one_interval
);
