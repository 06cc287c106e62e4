//! `registry export` / `registry import`: a backup restored on either backend serves exactly
//! what the original served, versions, timestamps and history included.

use integration_tests::openapi::*;
use integration_tests::{spawn_app, spawn_app_with, Backend, Options, TestApp};
use registry::store::{backup, Db};

/// Everything a client can read, as JSON, for comparison.
async fn everything(app: &TestApp) -> serde_json::Value {
    let c = &app.client;
    let all = [("limit", "500")];
    serde_json::json!({
        "organisations": c.organisations().list_all(&all).await.unwrap(),
        "roles": c.role_assignments().list_all(&all).await.unwrap(),
        "blocks": c.building_blocks().list_all(&all).await.unwrap(),
        "facets": c.building_block_facets(&[]).await.unwrap(),
        "search": c.building_blocks().list(&[("q", "identitet")]).await.unwrap(),
        "areas": c.competence_areas().list_all(&all).await.unwrap(),
        "domains": c.base_data_domains().list_all(&all).await.unwrap(),
        "documents": c.documents().list_all(&all).await.unwrap(),
        "plans": c.plans().list_all(&all).await.unwrap(),
        "milestones": c.milestones().list_all(&all).await.unwrap(),
        "funding": c.funding_needs().list_all(&all).await.unwrap(),
        "benefits": c.benefits().list_all(&all).await.unwrap(),
        "phaseDecisions": c.phase_decisions().list_all(&all).await.unwrap(),
        "ideaCandidates": c.idea_candidates().list_all(&all).await.unwrap(),
        "apis": c.apis().list_all(&all).await.unwrap(),
        "forums": c.forums().list_all(&all).await.unwrap(),
        "forumMeetings": c.forum_meetings().list_all(&all).await.unwrap(),
        "sharedServices": c.shared_services().list_all(&all).await.unwrap(),
        "connections": c.connections().list_all(&all).await.unwrap(),
        "serviceReports": c.service_reports().list_all(&all).await.unwrap(),
        "indicatorYears": c.indicator_years().list_all(&all).await.unwrap(),
        "indicators": c.indicators("e-post", 2025).await.unwrap(),
        "apiFacets": c.api_facets(&[]).await.unwrap(),
        "audit": c.audit(&all).await.unwrap(),
        // With the datasets and concept descriptions kept from an imported catalogue.
        "catalog": app.http(reqwest::Method::GET, "/api/v1/catalog?format=turtle")
            .send().await.unwrap().text().await.unwrap(),
    })
}

async fn round_trip(from: Backend, to: Backend) {
    let source = spawn_app(from).await;
    // Some history beyond the seed: an update and a deletion.
    let bb = source.client.building_blocks();
    let mut block = bb.get("min-profil").await.unwrap();
    let input = BuildingBlockInput {
        analysis_lead: None,
        source: None,
        slug: block.slug.clone(),
        name: block.name.clone(),
        description: "Ändrad beskrivning".into(),
        purpose: block.purpose.clone(),
        category: block.category,
        phase: Some(block.phase),
        responsible: Some("digg".into()),
        analyses: block.analyses,
        value_propositions: vec![],
        depends_on: vec!["identitet".into()],
        related_external: vec![],
    };
    block = bb
        .replace("min-profil", Some(block.meta.version), &input)
        .await
        .unwrap();
    assert_eq!(block.meta.version, 2);
    let benefit = source
        .client
        .benefits()
        .list(&[("limit", "1")])
        .await
        .unwrap()
        .items
        .remove(0);
    source
        .client
        .benefits()
        .delete(&benefit.meta.id.to_string(), Some(benefit.meta.version))
        .await
        .unwrap();
    // A moved milestone, whose move is kept as its history.
    let ms = source.client.milestones();
    let m = ms
        .list(&[("plan", "styrningsstruktur-2021"), ("limit", "1")])
        .await
        .unwrap()
        .items
        .remove(0);
    let moved = MilestoneInput {
        plan: "styrningsstruktur-2021".into(),
        number: m.number,
        description: m.description.clone(),
        due: "2022-Q2".into(),
        done_criteria: m.done_criteria.clone(),
        area: m.area.clone(),
        responsible: m.responsible.clone(),
        status: m.status,
    };
    let moved = ms
        .replace(&m.meta.id.to_string(), Some(m.meta.version), &moved)
        .await
        .unwrap();
    assert_eq!(moved.moves.len(), 1);
    source
        .client
        .idea_candidates()
        .create(&IdeaCandidateInput {
            title: "Samtycken".into(),
            need: "Gemensam hantering av samtycken".into(),
            proposer: "skatteverket".into(),
            affected_actors: vec!["kommuner".into()],
        })
        .await
        .unwrap();

    // A level-1 document presented at a meeting of the cross-functional competence forum.
    let draft: DocumentInput = serde_json::from_value(serde_json::json!({
        "title": "Styrning av API:er", "level": 1, "scope": {"kind": "infrastruktur"},
        "authorOrganisation": "digg", "level2AuthorRoles": ["byggblocksansvarig"]}))
    .unwrap();
    let draft = source.client.documents().create(&draft).await.unwrap();
    let presentation = source.presented_on("2021-05-20").await;
    source
        .client
        .document_step(&draft.meta.id.to_string(), "presentation", &presentation)
        .await
        .unwrap();

    // A supplier's shared service, a connection to it and its report on 2025.
    let service: SharedServiceInput = serde_json::from_value(serde_json::json!({
        "slug": "e-post", "name": "E-post som tjänst", "supplier": "forsakringskassan"}))
    .unwrap();
    source
        .client
        .shared_services()
        .create(&service)
        .await
        .unwrap();
    let connection: ConnectionInput = serde_json::from_value(serde_json::json!({
        "service": "e-post", "organisation": "scb", "interestOn": "2025-01-02",
        "agreementOn": "2025-02-01", "connectedOn": "2025-03-01"}))
    .unwrap();
    source
        .client
        .connections()
        .create(&connection)
        .await
        .unwrap();
    let report: ServiceReportInput = serde_json::from_value(serde_json::json!({
        "service": "e-post", "year": 2025, "units": 5000, "fullCostSek": 1000000,
        "answers": [{"category": "Nöjd", "count": 4}]}))
    .unwrap();
    source
        .client
        .service_reports()
        .create(&report)
        .await
        .unwrap();

    // An agency's catalogue with a dataset and the concepts it refers to.
    let resp = source
        .http(reqwest::Method::POST, "/api/v1/catalog/imports")
        .header("content-type", "text/turtle")
        .body(include_str!("../dcat/agency-catalogue.ttl"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);

    let copy = backup::export(
        &mut Db::connect(&source.settings.database_url, 1)
            .unwrap()
            .get()
            .unwrap(),
    )
    .unwrap();
    let target = spawn_app_with(
        to,
        Options {
            seed: false,
            ..Options::default()
        },
    )
    .await;
    let target_db = Db::connect(&target.settings.database_url, 1).unwrap();
    let n = backup::import(&mut target_db.get().unwrap(), &copy).unwrap();
    // Every entry the source holds: the seed (with its phase decisions and APIs) and the
    // changes above, the two imported APIs among them, and the role assignment that records
    // Min profil's newly appointed responsible; 15 of the seed's funding needs are beyond the
    // named blocks (001 §7.5.1's new blocks, §7.5.2); the decision register holds the seed's
    // 12 phase decisions and that appointment; the seed's denominators of 2025 and the shared
    // service, its connection and its report; the seed's three forums, and the presented
    // document with its meeting; the seed's 14 coordinated services and Trafikverket, which
    // supplies one of them.
    assert_eq!(n, 186);

    assert_eq!(everything(&source).await, everything(&target).await);
    // The restored register goes on where the original stopped.
    let history = target
        .client
        .building_blocks()
        .history("min-profil", &[])
        .await
        .unwrap();
    assert_eq!(history.total_count, 2);
    let next = target
        .client
        .building_blocks()
        .replace("min-profil", Some(2), &input)
        .await
        .unwrap();
    assert_eq!(next.meta.version, 3);
    let audit = target.client.audit(&[("limit", "1")]).await.unwrap();
    assert_eq!(audit.items[0].seq, copy.changes.last().unwrap().seq + 1);

    // A restore never lands on top of a register.
    let again = backup::import(&mut target_db.get().unwrap(), &copy);
    assert!(
        matches!(again, Err(registry::error::Error::Conflict { .. })),
        "{again:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_backup_restores_on_postgres() {
    round_trip(Backend::Sqlite, Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_backup_restores_on_sqlite() {
    round_trip(Backend::Postgres, Backend::Sqlite).await;
}
