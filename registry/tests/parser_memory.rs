//! Hostile documents against the real `registry` binary: entity bombs in RDF/XML, YAML alias
//! bombs as OpenAPI uploads, deeply nested JSON and JSON-LD, a Turtle catalogue with too many
//! triples. Each is refused with a 400 problem, and the server's resident memory (VmRSS, and
//! its peak VmHWM, from /proc) stays flat.

mod common;

use common::{free_port, operator_client, start, token, wait_ready, Backend, Database};

/// Growth allowed over the whole run, in kB.
const FLAT_KB: u64 = 50 * 1024;

/// (VmRSS, VmHWM) of the process, in kB.
fn memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or_else(|| panic!("{name} in /proc/{pid}/status"))
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn entity_bomb(levels: usize) -> String {
    let mut dtd = String::from("<!ENTITY e0 \"lollollollollollollollollollollol\">");
    for i in 1..=levels {
        dtd.push_str(&format!(
            "<!ENTITY e{i} \"{}\">",
            format!("&e{};", i - 1).repeat(10)
        ));
    }
    format!(
        r#"<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [{dtd}]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/">
  <dcat:DataService rdf:about="https://example.se/api/bomb"><dct:title>&e{levels};</dct:title></dcat:DataService>
</rdf:RDF>"#
    )
}

fn yaml_alias_bomb() -> String {
    let mut y = String::from(
        "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\nx-a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, c) in ('b'..='i').enumerate() {
        let p = (b'a' + i as u8) as char;
        y.push_str(&format!(
            "x-{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
        ));
    }
    y
}

/// One large string used many times.
fn yaml_string_bomb() -> String {
    format!(
        "openapi: 3.1.0\ninfo: {{title: x, version: '1'}}\npaths: {{}}\nx-a: &a \"{}\"\nx-b: [{}*a]\n",
        "x".repeat(1024 * 1024),
        "*a,".repeat(1000)
    )
}

fn too_many_triples() -> String {
    let mut ttl = String::from("@prefix x: <http://example.se/a-rather-long-namespace-that-every-name-expands-to/> .\nx:s x:p ");
    for i in 0..300_000 {
        ttl.push_str(&format!("x:o{i},"));
    }
    ttl.push_str("x:end .\n");
    ttl
}

async fn stays_flat(backend: Backend) {
    let db = Database::new(backend);
    let (id, secret) = operator_client(&db.url);
    let port = free_port();
    let server = start(&db.url, port, &[]);
    let pid = server.0.id();
    let http = reqwest::Client::new();
    wait_ready(&http, port).await;
    let bearer = token(&http, port, &id, &secret).await;
    let base = format!("http://127.0.0.1:{port}/api/v1");
    let apis: serde_json::Value = http
        .get(format!("{base}/apis?limit=1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let api = apis["items"][0]["id"]
        .as_str()
        .expect("a seeded API")
        .to_string();

    let imports = format!("{base}/catalog/imports");
    let versions = format!("{base}/apis/{api}/versions");
    let deep_json = format!(
        "{{\"slug\": \"x\", \"name\": {}1{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let deep_jsonld = format!(
        "{{\"@id\": \"http://x/a\", \"http://x/p\": {}{{}}{}}}",
        "{\"http://x/p\": ".repeat(100_000),
        "}".repeat(100_000)
    );
    let cases: Vec<(&str, String, &str, String)> = vec![
        (
            "entity bomb, 3 levels",
            imports.clone(),
            "application/rdf+xml",
            entity_bomb(3),
        ),
        (
            "entity bomb, 9 levels",
            imports.clone(),
            "application/rdf+xml",
            entity_bomb(9),
        ),
        (
            "YAML alias bomb",
            versions.clone(),
            "application/yaml",
            yaml_alias_bomb(),
        ),
        (
            "YAML string bomb",
            versions.clone(),
            "application/yaml",
            yaml_string_bomb(),
        ),
        (
            "deep JSON body",
            format!("{base}/organisations"),
            "application/json",
            deep_json,
        ),
        (
            "deep JSON-LD",
            imports.clone(),
            "application/ld+json",
            deep_jsonld,
        ),
        (
            "too many triples",
            imports.clone(),
            "text/turtle",
            too_many_triples(),
        ),
    ];

    // Once to warm up (allocator arenas, connections, lazily built state), then measured.
    let mut before = (0, 0);
    for round in 0..2 {
        if round == 1 {
            before = memory(pid);
        }
        for (what, url, content_type, body) in &cases {
            let r = http
                .post(url)
                .bearer_auth(&bearer)
                .header("content-type", *content_type)
                .body(body.clone())
                .send()
                .await
                .unwrap_or_else(|e| panic!("{what}: the server answers: {e}"));
            let status = r.status().as_u16();
            let ct = r.headers()["content-type"].to_str().unwrap().to_string();
            let text = r.text().await.unwrap();
            assert_eq!(status, 400, "{what}: {text}");
            assert_eq!(ct, "application/problem+json", "{what}");
            assert!(
                text.contains("limit") || text.contains("document type declaration"),
                "{what}: {text}"
            );
        }
    }
    let after = memory(pid);
    eprintln!(
        "VmRSS {} → {} kB, VmHWM {} → {} kB",
        before.0, after.0, before.1, after.1
    );
    assert!(
        after.0 < before.0 + FLAT_KB,
        "resident memory grew from {} kB to {} kB",
        before.0,
        after.0
    );
    assert!(
        after.1 < before.1 + FLAT_KB,
        "peak resident memory grew from {} kB to {} kB",
        before.1,
        after.1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_documents_leave_memory_flat_sqlite() {
    stays_flat(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_documents_leave_memory_flat_postgres() {
    stays_flat(Backend::Postgres).await
}
