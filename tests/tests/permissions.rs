//! The permission table over HTTP: every create, edit and delete of every resource, tried by
//! the infrastructure owner, a block owner, a base-data-domain owner, a competence-area owner
//! and an organisation without roles, each with its own client of the built-in issuer. The
//! expected answers are written out here, independently of `domain::permissions`.

use std::sync::atomic::{AtomicUsize, Ordering};

use integration_tests::{on_both_backends, spawn_app_with, Backend, Options, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

static N: AtomicUsize = AtomicUsize::new(0);
/// Funding needs are unique per block and year, and years run 2000–2100.
static YEAR: AtomicUsize = AtomicUsize::new(0);

fn year() -> usize {
    2000 + YEAR.fetch_add(1, Ordering::Relaxed) % 100
}

fn n() -> usize {
    N.fetch_add(1, Ordering::Relaxed)
}

/// The callers, in the order of the `allowed` columns below.
const CALLERS: [&str; 5] = [
    "infra-org",
    "block-owner",
    "domain-owner",
    "area-owner",
    "nobody",
];

struct World {
    app: TestApp,
    tokens: Vec<String>,
}

async fn send(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<&Value>,
    if_match: Option<i64>,
) -> (u16, Value) {
    let mut req = app.client.request(method, path).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(b);
    }
    if let Some(v) = if_match {
        req = req.header("If-Match", format!("\"{v}\""));
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let body = resp.json().await.unwrap_or(Value::Null);
    (status, body)
}

impl World {
    async fn new(backend: Backend) -> World {
        let app = spawn_app_with(
            backend,
            Options {
                seed: false,
                ..Options::default()
            },
        )
        .await;
        let op = app.token.clone();
        let post = |path: &'static str, body: Value| {
            let (app, op) = (&app, op.clone());
            async move {
                let (s, b) = send(app, &op, Method::POST, path, Some(&body), None).await;
                assert_eq!(s, 201, "setting up {path}: {b}");
                b
            }
        };
        for slug in CALLERS {
            post(
                "/api/v1/organisations",
                json!({"slug": slug, "name": slug, "kind": "statlig-myndighet"}),
            )
            .await;
        }
        post(
            "/api/v1/role-assignments",
            json!({"organisation": "infra-org", "role": "infrastrukturansvarig"}),
        )
        .await;
        post(
            "/api/v1/building-blocks",
            json!({"slug": "blk", "name": "Blk", "category": "informationsutbyte",
            "phase": "ide", "responsible": "block-owner"}),
        )
        .await;
        post(
            "/api/v1/base-data-domains",
            json!({"slug": "dom", "name": "Dom", "phase": "ide",
            "responsible": "domain-owner"}),
        )
        .await;
        post(
            "/api/v1/competence-areas",
            json!({"slug": "area", "name": "Area", "status": "planerat",
            "homeOrganisation": "area-owner"}),
        )
        .await;
        for (slug, kind, subject) in [
            ("plan-blk", "byggblock", "blk"),
            ("plan-dom", "grunddatadoman", "dom"),
        ] {
            post(
                "/api/v1/plans",
                json!({"slug": slug, "name": slug, "kind": "milstolpeplan",
                "scope": {"kind": kind, "subject": subject}}),
            )
            .await;
        }
        let mut tokens = vec![];
        for slug in CALLERS {
            let client = app.client_for(slug);
            tokens.push(client.access_token().await.unwrap().unwrap());
        }
        World { app, tokens }
    }
}

fn scope(kind: &str, subject: Option<&str>) -> Value {
    match subject {
        Some(s) => json!({"kind": kind, "subject": s}),
        None => json!({"kind": kind}),
    }
}

/// One resource with the subject its entries are about, and who may write them there.
struct Row {
    name: &'static str,
    segment: &'static str,
    body: fn(usize) -> Value,
    create: [bool; 5],
    edit: [bool; 5],
    delete: [bool; 5],
}

const INFRA: [bool; 5] = [true, false, false, false, false];
const BLOCK: [bool; 5] = [true, true, false, false, false];
const DOMAIN: [bool; 5] = [true, false, true, false, false];
const AREA: [bool; 5] = [true, false, false, true, false];

fn document(scope: Value) -> Value {
    json!({"title": format!("Dokument {}", n()), "level": 1, "scope": scope,
        "authorOrganisation": "infra-org", "level2AuthorRoles": ["byggblocksansvarig"]})
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            name: "organisations",
            segment: "organisations",
            body: |i| json!({"slug": format!("org-{i}"), "name": "Org", "kind": "kommun"}),
            create: INFRA,
            edit: INFRA,
            delete: INFRA,
        },
        Row {
            name: "role assignments",
            segment: "role-assignments",
            body: |i| json!({"organisation": format!("prod-{i}"), "role": "grunddataproducent", "baseDataDomain": "dom"}),
            create: INFRA,
            edit: INFRA,
            delete: INFRA,
        },
        Row {
            name: "building blocks (owned by block-owner)",
            segment: "building-blocks",
            body: |i| {
                json!({"slug": format!("b-{i}"), "name": "B", "category": "informationsutbyte", "phase": "ide",
                "responsible": "block-owner"})
            },
            create: INFRA,
            edit: BLOCK,
            delete: INFRA,
        },
        Row {
            name: "base-data domains (owned by domain-owner)",
            segment: "base-data-domains",
            body: |i| json!({"slug": format!("d-{i}"), "name": "D", "phase": "ide", "responsible": "domain-owner"}),
            create: INFRA,
            edit: DOMAIN,
            delete: INFRA,
        },
        Row {
            name: "competence areas (owned by area-owner)",
            segment: "competence-areas",
            body: |i| json!({"slug": format!("k-{i}"), "name": "K", "status": "planerat", "homeOrganisation": "area-owner"}),
            create: INFRA,
            edit: AREA,
            delete: INFRA,
        },
        Row {
            name: "documents on the whole infrastructure",
            segment: "documents",
            body: |_| document(scope("infrastruktur", None)),
            create: INFRA,
            edit: INFRA,
            delete: INFRA,
        },
        Row {
            name: "documents on a block",
            segment: "documents",
            body: |_| document(scope("byggblock", Some("blk"))),
            create: BLOCK,
            edit: BLOCK,
            delete: BLOCK,
        },
        Row {
            name: "documents on a base-data domain",
            segment: "documents",
            body: |_| document(scope("grunddatadoman", Some("dom"))),
            create: DOMAIN,
            edit: DOMAIN,
            delete: DOMAIN,
        },
        Row {
            name: "documents on a competence area",
            segment: "documents",
            body: |_| document(scope("kompetensomrade", Some("area"))),
            create: AREA,
            edit: AREA,
            delete: AREA,
        },
        Row {
            name: "plans of a block",
            segment: "plans",
            body: |i| json!({"slug": format!("p-{i}"), "name": "P", "kind": "milstolpeplan", "scope": scope("byggblock", Some("blk"))}),
            create: BLOCK,
            edit: BLOCK,
            delete: BLOCK,
        },
        Row {
            name: "plans of a base-data domain",
            segment: "plans",
            body: |i| json!({"slug": format!("p-{i}"), "name": "P", "kind": "milstolpeplan", "scope": scope("grunddatadoman", Some("dom"))}),
            create: DOMAIN,
            edit: DOMAIN,
            delete: DOMAIN,
        },
        Row {
            name: "plans of a competence area",
            segment: "plans",
            body: |i| json!({"slug": format!("p-{i}"), "name": "P", "kind": "milstolpeplan", "scope": scope("kompetensomrade", Some("area"))}),
            create: INFRA,
            edit: INFRA,
            delete: INFRA,
        },
        Row {
            name: "plans of the whole infrastructure",
            segment: "plans",
            body: |i| json!({"slug": format!("p-{i}"), "name": "P", "kind": "milstolpeplan", "scope": scope("infrastruktur", None)}),
            create: INFRA,
            edit: INFRA,
            delete: INFRA,
        },
        Row {
            name: "milestones of a block's plan",
            segment: "milestones",
            body: |i| {
                json!({"plan": "plan-blk", "number": i, "description": "M", "due": "2027-Q1",
                "area": "A", "responsible": "R", "status": "ej-paborjad"})
            },
            create: BLOCK,
            edit: BLOCK,
            delete: BLOCK,
        },
        Row {
            name: "milestones of a domain's plan",
            segment: "milestones",
            body: |i| {
                json!({"plan": "plan-dom", "number": i, "description": "M", "due": "2027-Q1",
                "area": "A", "responsible": "R", "status": "ej-paborjad"})
            },
            create: DOMAIN,
            edit: DOMAIN,
            delete: DOMAIN,
        },
        Row {
            name: "funding needs of a block",
            segment: "funding-needs",
            body: |_| json!({"buildingBlock": "blk", "year": year(), "amountKsek": 100, "estimate": "uppskattad"}),
            create: BLOCK,
            edit: BLOCK,
            delete: BLOCK,
        },
        Row {
            name: "benefits",
            segment: "benefits",
            body: |_| {
                json!({"buildingBlocks": ["blk"], "kind": "byggblocksspecifik", "valueSek": 1000, "years": 10,
                "beneficiaries": ["offentlig-sektor"], "description": "N"})
            },
            create: INFRA,
            edit: INFRA,
            delete: INFRA,
        },
    ]
}

impl World {
    /// A fresh entry of the row, made by the operator: `(id, version)`.
    async fn fixture(&self, row: &Row) -> (String, i64) {
        let i = n();
        if row.segment == "role-assignments" {
            // Each assignment needs an organisation of its own to be unique.
            let org = json!({"slug": format!("prod-{i}"), "name": "P", "kind": "kommun"});
            send(
                &self.app,
                &self.app.token,
                Method::POST,
                "/api/v1/organisations",
                Some(&org),
                None,
            )
            .await;
        }
        let path = format!("/api/v1/{}", row.segment);
        let (s, b) = send(
            &self.app,
            &self.app.token,
            Method::POST,
            &path,
            Some(&(row.body)(i)),
            None,
        )
        .await;
        assert_eq!(s, 201, "fixture for {}: {b}", row.name);
        (
            b["id"].as_str().unwrap().to_string(),
            b["version"].as_i64().unwrap(),
        )
    }

    async fn check(&self, row: &Row, verb: &str, caller: usize, allowed: bool) {
        let token = &self.tokens[caller];
        let (status, body) = match verb {
            "create" => {
                let i = n();
                if row.segment == "role-assignments" {
                    let org = json!({"slug": format!("prod-{i}"), "name": "P", "kind": "kommun"});
                    send(
                        &self.app,
                        &self.app.token,
                        Method::POST,
                        "/api/v1/organisations",
                        Some(&org),
                        None,
                    )
                    .await;
                }
                let path = format!("/api/v1/{}", row.segment);
                send(
                    &self.app,
                    token,
                    Method::POST,
                    &path,
                    Some(&(row.body)(i)),
                    None,
                )
                .await
            }
            "edit" => {
                let (id, version) = self.fixture(row).await;
                let path = format!("/api/v1/{}/{id}", row.segment);
                let (_, mut current) = send(&self.app, token, Method::GET, &path, None, None).await;
                // The same entry sent back, as an edit that changes nothing but the version.
                let mut input = (row.body)(0);
                for (k, v) in input.as_object_mut().unwrap().iter_mut() {
                    match current.get_mut(k) {
                        Some(now) if now.is_string() || now.is_number() => *v = now.take(),
                        // A reference comes back as {id, slug, name}; it is sent as the id.
                        Some(now) if now.get("id").is_some() && v.is_string() => {
                            *v = now["id"].take()
                        }
                        _ => {}
                    }
                }
                send(
                    &self.app,
                    token,
                    Method::PUT,
                    &path,
                    Some(&input),
                    Some(version),
                )
                .await
            }
            _ => {
                let (id, version) = self.fixture(row).await;
                let path = format!("/api/v1/{}/{id}", row.segment);
                send(&self.app, token, Method::DELETE, &path, None, Some(version)).await
            }
        };
        let who = CALLERS[caller];
        if allowed {
            assert!(
                (200..300).contains(&status),
                "{who} should be allowed to {verb} {}: {status} {body}",
                row.name
            );
        } else {
            assert_eq!(
                status, 403,
                "{who} should be refused to {verb} {}: {body}",
                row.name
            );
            assert_eq!(
                body["type"], "http://registry.test/problems/forbidden",
                "{body}"
            );
            assert!(
                body["requiredRoles"]
                    .as_array()
                    .is_some_and(|r| !r.is_empty()),
                "the refusal names the roles that would allow it: {body}"
            );
        }
    }
}

async fn every_cell_of_the_permission_table(backend: Backend) {
    let world = World::new(backend).await;
    for row in rows() {
        for (verb, allowed) in [
            ("create", row.create),
            ("edit", row.edit),
            ("delete", row.delete),
        ] {
            for (caller, ok) in allowed.iter().enumerate() {
                world.check(&row, verb, caller, *ok).await;
            }
        }
    }
}

on_both_backends!(
    every_cell_of_the_permission_table,
    moving_an_entry_needs_rights_where_it_goes_too,
    a_role_assignment_gives_the_same_rights_as_the_responsible_field
);

async fn moving_an_entry_needs_rights_where_it_goes_too(backend: Backend) {
    let world = World::new(backend).await;
    let block_owner = &world.tokens[1];
    let m = json!({"plan": "plan-blk", "number": 1, "description": "M", "due": "2027-Q1",
            "area": "A", "responsible": "R", "status": "ej-paborjad"});
    let (s, created) = send(
        &world.app,
        block_owner,
        Method::POST,
        "/api/v1/milestones",
        Some(&m),
        None,
    )
    .await;
    assert_eq!(s, 201, "{created}");
    let mut moved = m.clone();
    moved["plan"] = json!("plan-dom");
    let path = format!("/api/v1/milestones/{}", created["id"].as_str().unwrap());
    let (s, body) = send(
        &world.app,
        block_owner,
        Method::PUT,
        &path,
        Some(&moved),
        Some(1),
    )
    .await;
    assert_eq!(s, 403, "{body}");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("grunddatadomanansvarig"),
        "{body}"
    );
    // Nothing was written: the milestone is still in the block's plan, at version 1.
    let (_, now) = send(&world.app, block_owner, Method::GET, &path, None, None).await;
    assert_eq!(now["version"], 1);
    assert_eq!(now["plan"]["slug"], "plan-blk");
}

async fn a_role_assignment_gives_the_same_rights_as_the_responsible_field(backend: Backend) {
    let world = World::new(backend).await;
    let op = &world.app.token;
    let nobody = &world.tokens[4];
    let path = "/api/v1/building-blocks/blk";
    let (_, block) = send(&world.app, nobody, Method::GET, path, None, None).await;
    let input = |responsible: &str| {
        json!({"slug": "blk", "name": "Blk 2", "category": "informationsutbyte", "phase": "ide",
            "responsible": responsible})
    };
    let (s, _) = send(
        &world.app,
        nobody,
        Method::PUT,
        path,
        Some(&input("block-owner")),
        block["version"].as_i64(),
    )
    .await;
    assert_eq!(s, 403);
    // The appointment is one record: moving the role assignment moves the block's field, and
    // the rights with it.
    let held = "/api/v1/role-assignments?buildingBlock=blk&role=byggblocksansvarig";
    let (_, list) = send(&world.app, op, Method::GET, held, None, None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "{list}");
    let a = &list["items"][0];
    let assign =
        json!({"organisation": "nobody", "role": "byggblocksansvarig", "buildingBlock": "blk"});
    let (s, b) = send(
        &world.app,
        op,
        Method::PUT,
        &format!("/api/v1/role-assignments/{}", a["id"].as_str().unwrap()),
        Some(&assign),
        a["version"].as_i64(),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let (_, block) = send(&world.app, nobody, Method::GET, path, None, None).await;
    assert_eq!(block["responsible"]["slug"], "nobody", "{block}");
    let (s, b) = send(
        &world.app,
        nobody,
        Method::PUT,
        path,
        Some(&input("nobody")),
        block["version"].as_i64(),
    )
    .await;
    assert_eq!(s, 200, "{b}");
}
