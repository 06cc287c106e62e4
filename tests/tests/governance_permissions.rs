//! Who may take each governance decision (issue 4 §Permissions): every rule allows the right
//! role and refuses the others with 403, on the seeded register, where DIGG is the
//! infrastructure owner, Bolagsverket a block owner and Skatteverket holds no role here.

use integration_tests::client::Client;
use integration_tests::{both_backends, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

async fn post(c: &Client, path: &str, body: Value) -> (u16, Value) {
    let r = c
        .authorize(c.request(Method::POST, path).json(&body))
        .await
        .unwrap()
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

fn refused(got: &(u16, Value), needs: Option<&str>) {
    assert_eq!(got.0, 403, "{}", got.1);
    assert_eq!(got.1["type"], "http://registry.test/problems/forbidden");
    if let Some(role) = needs {
        assert!(
            got.1["requiredRoles"].to_string().contains(role),
            "{}",
            got.1
        );
    }
}

struct Callers {
    digg: Client,
    bolagsverket: Client,
    skatteverket: Client,
}

fn callers(app: &TestApp) -> Callers {
    Callers {
        digg: app.client_for("digg"),
        bolagsverket: app.client_for("bolagsverket"),
        skatteverket: app.client_for("skatteverket"),
    }
}

both_backends! {
    async fn only_the_infrastructure_owner_decides_phases_in_its_own_name(app: TestApp) {
        let c = callers(&app);
        let (s, _) = post(&app.client, "/api/v1/building-blocks", json!({"slug": "nytt-block", "name": "Nytt",
            "category": "informationsutbyte", "responsible": "bolagsverket"})).await;
        assert_eq!(s, 201);
        let path = "/api/v1/building-blocks/nytt-block/phase-decisions";
        let decision = |by: &str| json!({"phase": "analys-och-krav", "decisionDate": "2026-11-01",
            "decidingOrganisation": by, "reference": "2026-0001"});
        refused(&post(&c.bolagsverket, path, decision("bolagsverket")).await, Some("infrastrukturansvarig"));
        refused(&post(&c.skatteverket, path, decision("digg")).await, Some("infrastrukturansvarig"));
        let r = app.anonymous().request(Method::POST, path).json(&decision("digg")).send().await.unwrap();
        assert_eq!(r.status(), 401);
        // The infrastructure owner records decisions as itself, not as another agency.
        let other = post(&c.digg, path, decision("bolagsverket")).await;
        refused(&other, None);
        assert!(other.1["detail"].as_str().unwrap().contains("decidingOrganisation"), "{}", other.1);
        let (s, body) = post(&c.digg, path, decision("digg")).await;
        assert_eq!(s, 201, "{body}");
        let block = app.client.building_blocks().get("nytt-block").await.unwrap();
        assert_eq!(block.phase.as_str(), "analys-och-krav");
    }

    async fn documents_are_presented_decided_and_repealed_by_the_right_organisation(app: TestApp) {
        let c = callers(&app);
        // Level 1, written and decided by the infrastructure owner.
        let (s, l1) = post(&c.digg, "/api/v1/documents", json!({"title": "Styrning av API:er", "level": 1,
            "scope": {"kind": "infrastruktur"}, "authorOrganisation": "digg",
            "level2AuthorRoles": ["byggblocksansvarig"]})).await;
        assert_eq!(s, 201, "{l1}");
        let l1_path = format!("/api/v1/documents/{}", l1["id"].as_str().unwrap());
        let presented = app.presented_on("2026-10-01").await;
        refused(&post(&c.bolagsverket, &format!("{l1_path}/presentation"), presented.clone()).await, Some("infrastrukturansvarig"));
        assert_eq!(post(&c.digg, &format!("{l1_path}/presentation"), presented.clone()).await.0, 200);
        let decided = |by: &str| json!({"decidedDate": "2026-10-15", "decidingOrganisation": by});
        refused(&post(&c.bolagsverket, &format!("{l1_path}/decision"), decided("digg")).await, Some("infrastrukturansvarig"));
        assert_eq!(post(&c.digg, &format!("{l1_path}/decision"), decided("digg")).await.0, 200);

        // Level 2 under it, on Bolagsverket's block, written by Bolagsverket itself.
        let (s, l2) = post(&c.bolagsverket, "/api/v1/documents", json!({"title": "API-krav för Mina ombud",
            "level": 2, "parent": l1["id"], "scope": {"kind": "byggblock", "subject": "mina-ombud"},
            "authorOrganisation": "bolagsverket"})).await;
        assert_eq!(s, 201, "{l2}");
        refused(&post(&c.skatteverket, "/api/v1/documents", json!({"title": "Intrång", "level": 2,
            "parent": l1["id"], "scope": {"kind": "byggblock", "subject": "mina-ombud"},
            "authorOrganisation": "skatteverket"})).await, Some("byggblocksansvarig"));
        let l2_path = format!("/api/v1/documents/{}", l2["id"].as_str().unwrap());
        assert_eq!(post(&c.digg, &format!("{l2_path}/presentation"), presented).await.0, 200);
        // Decided by its author only: the infrastructure owner may not decide it for them.
        refused(&post(&c.digg, &format!("{l2_path}/decision"), decided("bolagsverket")).await, None);
        refused(&post(&c.skatteverket, &format!("{l2_path}/decision"), decided("skatteverket")).await, None);
        let (s, body) = post(&c.bolagsverket, &format!("{l2_path}/decision"), decided("bolagsverket")).await;
        assert_eq!(s, 200, "{body}");
        // A new version: the block owner's; repeal: the author's.
        let version = json!({"documentVersion": "2.0"});
        refused(&post(&c.skatteverket, &format!("{l2_path}/versions"), version.clone()).await, Some("byggblocksansvarig"));
        assert_eq!(post(&c.bolagsverket, &format!("{l2_path}/versions"), version).await.0, 201);
        let repeal = json!({"repealedDate": "2026-11-01"});
        refused(&post(&c.skatteverket, &format!("{l2_path}/repeal"), repeal.clone()).await, None);
        let (s, body) = post(&c.bolagsverket, &format!("{l2_path}/repeal"), repeal).await;
        assert_eq!(s, 200, "{body}");
    }

    async fn anyone_proposes_ideas_and_the_infrastructure_owner_handles_them(app: TestApp) {
        let c = callers(&app);
        let idea = |by: &str| json!({"title": "Samtycken", "need": "Gemensam hantering av samtycken",
            "proposer": by, "affectedActors": ["skatteverket"]});
        refused(&post(&c.skatteverket, "/api/v1/idea-candidates", idea("digg")).await, None);
        let (s, candidate) = post(&c.skatteverket, "/api/v1/idea-candidates", idea("skatteverket")).await;
        assert_eq!(s, 201, "{candidate}");
        let path = format!("/api/v1/idea-candidates/{}", candidate["id"].as_str().unwrap());
        let qualify = json!({"assessment": "Behovet delas av många."});
        refused(&post(&c.skatteverket, &format!("{path}/qualification"), qualify.clone()).await, Some("infrastrukturansvarig"));
        refused(&post(&c.bolagsverket, &format!("{path}/qualification"), qualify.clone()).await, Some("infrastrukturansvarig"));
        assert_eq!(post(&c.digg, &format!("{path}/qualification"), qualify).await.0, 200);
        let accept = json!({"slug": "samtycken", "category": "tillit-och-sakerhet", "responsible": "skatteverket"});
        refused(&post(&c.skatteverket, &format!("{path}/acceptance"), accept.clone()).await, Some("infrastrukturansvarig"));
        let (s, body) = post(&c.digg, &format!("{path}/acceptance"), accept).await;
        assert_eq!(s, 200, "{body}");
        // The appointed agency leads the exploratory work on the new block (001 §4.1.5); the
        // block's responsible agency is a later appointment.
        let block = app.client.building_blocks().get("samtycken").await.unwrap();
        assert_eq!(block.analysis_lead.unwrap().slug.as_deref(), Some("skatteverket"));
        assert_eq!(block.responsible, None);
    }
}

both_backends! {
    async fn an_agency_registers_and_changes_only_its_own_apis(app: TestApp) {
        let c = callers(&app);
        let api = |publisher: &str| json!({"title": {"sv": "Företagsuppgifter", "en": "Company data"},
            "description": {"sv": "Uppgifter om företag", "en": "Company data"},
            "publisher": publisher, "endpointUrls": ["https://api.bolagsverket.example/v1"],
            "status": "i-produktion", "accessRights": "publik"});
        // Not in another agency's name, not even the infrastructure owner's.
        refused(&post(&c.skatteverket, "/api/v1/apis", api("bolagsverket")).await, None);
        refused(&post(&c.digg, "/api/v1/apis", api("bolagsverket")).await, None);
        let (s, created) = post(&c.bolagsverket, "/api/v1/apis", api("bolagsverket")).await;
        assert_eq!(s, 201, "{created}");
        let path = format!("/api/v1/apis/{}", created["id"].as_str().unwrap());
        let send = |client: &Client, method: Method, body: Option<Value>, version: i64| {
            let (client, path) = (client.clone(), path.clone());
            async move {
                let mut req = client.request(method, &path).header("If-Match", format!("\"{version}\""));
                if let Some(b) = body {
                    req = req.json(&b);
                }
                client.authorize(req).await.unwrap().send().await.unwrap().status().as_u16()
            }
        };
        let mut changed = api("bolagsverket");
        changed["status"] = json!("utfasad");
        assert_eq!(send(&c.skatteverket, Method::PUT, Some(changed.clone()), 1).await, 403);
        assert_eq!(send(&c.digg, Method::DELETE, None, 1).await, 403);
        // Nor may the publisher hand its API to another agency.
        let mut moved = api("skatteverket");
        moved["status"] = json!("utfasad");
        assert_eq!(send(&c.bolagsverket, Method::PUT, Some(moved), 1).await, 403);
        // Document versions: the publisher's too.
        let doc = json!({"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "paths": {}});
        let upload = |client: &Client| {
            let (client, path) = (client.clone(), format!("{path}/versions"));
            let doc = doc.clone();
            async move {
                client.authorize(client.request(Method::POST, &path).json(&doc)).await.unwrap()
                    .send().await.unwrap().status().as_u16()
            }
        };
        assert_eq!(upload(&c.skatteverket).await, 403);
        assert_eq!(upload(&c.bolagsverket).await, 201);
        // Adding a version moved the API to version 2.
        assert_eq!(send(&c.bolagsverket, Method::PUT, Some(changed), 2).await, 200);
    }
}

both_backends! {
    async fn a_catalogue_import_registers_only_the_callers_own_services(app: TestApp) {
        let c = callers(&app);
        let turtle = app.anonymous().request(Method::GET, "/api/v1/catalog?format=turtle")
            .send().await.unwrap().text().await.unwrap();
        let before = app.client.audit(&[("limit", "1")]).await.unwrap().total_count;
        // The seeded catalogue holds other agencies' services: Skatteverket may not import it.
        let r = c.skatteverket.authorize(c.skatteverket.request(Method::POST, "/api/v1/catalog/imports")
            .header("Content-Type", "text/turtle").body(turtle)).await.unwrap().send().await.unwrap();
        assert_eq!(r.status(), 403);
        assert_eq!(app.client.audit(&[("limit", "1")]).await.unwrap().total_count, before, "nothing written");
    }
}

both_backends! {
    async fn every_write_by_an_operator_token_is_recorded_as_a_bypass(app: TestApp) {
        // The operator (the harness's own client) and the infrastructure owner each add one.
        let (s, _) = post(&app.client, "/api/v1/organisations", json!({"slug": "av-operator",
            "name": "Av operatören", "kind": "kommun"})).await;
        assert_eq!(s, 201);
        let (s, _) = post(&callers(&app).digg, "/api/v1/organisations", json!({"slug": "av-digg",
            "name": "Av DIGG", "kind": "kommun"})).await;
        assert_eq!(s, 201);
        let audit = app.client.audit(&[("entity", "organisations"), ("limit", "2")]).await.unwrap();
        let (by_digg, by_operator) = (&audit.items[0], &audit.items[1]);
        assert_eq!(by_operator.actor, "operator");
        let bypass = by_operator.bypass.as_deref().expect("an operator's change says it bypassed");
        assert!(bypass.contains("permission table"), "{bypass}");
        assert_eq!(by_digg.actor, "digg");
        assert_eq!(by_digg.bypass, None);
        // The seed is the node's own process, not a token: nothing to bypass.
        let seeded = app.client.audit(&[("actor", "seed"), ("limit", "500")]).await.unwrap();
        assert!(seeded.items.iter().all(|c| c.bypass.is_none()));
    }
}
