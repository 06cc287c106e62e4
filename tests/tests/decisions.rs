//! The decision register (issue 14 item 7; 001 §4.1.1, §5.2.7): the infrastructure owner's
//! decisions, append-only, entered as phase decisions, appointments, accepted ideas and decided
//! level-1 documents are recorded, and by hand for recommendations to the government;
//! filterable by kind, subject and year; the year's report to the government comes from it;
//! mirrored by federation like the other entries.

use integration_tests::client::ClientError;
use integration_tests::federation::{add_peer, call, node, sync};
use integration_tests::{assert_problem, both_backends, on_both_backends, Backend, TestApp};
use openapi::{DecisionInput, DecisionKind, DecisionReport, ScopeInput, ScopeKind};
use reqwest::Method;
use serde_json::json;

fn recommendation(by: &str) -> DecisionInput {
    DecisionInput {
        kind: DecisionKind::Rekommendation,
        decision_date: "2021-06-01".parse().unwrap(),
        reference: Some("2021-0456".into()),
        deciding_organisation: by.into(),
        scope: ScopeInput {
            kind: ScopeKind::Byggblock,
            subject: Some("mina-ombud".into()),
        },
        text:
            "Rekommendation till regeringen att Bolagsverket ges ett utökat ansvar för Mina ombud."
                .into(),
        source: None,
    }
}

async fn report(app: &TestApp, year: i32) -> DecisionReport {
    let (s, r) = call(
        app,
        Method::GET,
        &format!("/api/v1/decisions/report?year={year}"),
        None,
    )
    .await;
    assert_eq!(s, 200, "{r}");
    serde_json::from_value(r).unwrap()
}

both_backends! {
    async fn the_seeded_phase_decisions_are_in_the_register(app: TestApp) {
        let d = app.client.decisions();
        let all = d.list_all(&[("limit", "500")]).await.unwrap();
        // The seed's 12 phase decisions; its appointments have no date to enter.
        assert_eq!(all.len(), 12);
        assert!(all.iter().all(|x| x.kind == DecisionKind::Fasbeslut
            && x.deciding_organisation.slug.as_deref() == Some("digg")
            && x.record.as_ref().is_some_and(|r| r.entity == "phase-decisions")));
        let ombud = d.list(&[("subject", "mina-ombud")]).await.unwrap();
        assert_eq!(ombud.total_count, 2);
        assert_eq!(ombud.items[0].scope.subject.as_ref().unwrap().slug.as_deref(), Some("mina-ombud"));
        assert_eq!(ombud.items[0].reference.as_deref(), Some("Delredovisning 001 §2.4, statustabell"));
        assert_eq!(d.list(&[("year", "2020")]).await.unwrap().total_count, 12);
        assert_eq!(d.list(&[("year", "2021")]).await.unwrap().total_count, 0);
        assert_eq!(d.list(&[("kind", "rekommendation")]).await.unwrap().total_count, 0);
        assert_problem(d.list(&[("kind", "beslut")]).await, 400, Some("kind"));
        let r = report(&app, 2020).await;
        assert_eq!(r.total, 12);
        let fas = r.by_kind.iter().find(|k| k.kind == DecisionKind::Fasbeslut).unwrap();
        assert_eq!(fas.count, 12);
        assert_eq!(r.by_kind.len(), DecisionKind::ALL.len());
    }

    async fn the_owner_enters_a_recommendation_and_no_one_else(app: TestApp) {
        let digg = app.client_for("digg");
        let entered = digg.decisions().create(&recommendation("digg")).await.unwrap();
        assert_eq!(entered.kind, DecisionKind::Rekommendation);
        assert_eq!(entered.scope.subject.as_ref().unwrap().name, "Mina ombud");
        assert_eq!(entered.record, None);
        // Another agency may not enter one, nor the owner in another's name.
        assert_problem(app.client_for("bolagsverket").decisions().create(&recommendation("bolagsverket")).await, 403, None);
        assert_problem(digg.decisions().create(&recommendation("bolagsverket")).await, 403, None);
        // An operator transcribes in the owner's name only.
        assert_problem(app.client.decisions().create(&recommendation("bolagsverket")).await, 409, Some("decidingOrganisation"));
        // What was decided must be said, and the subject must exist.
        assert_problem(digg.decisions().create(&DecisionInput { text: "  ".into(), ..recommendation("digg") }).await, 400, Some("text"));
        let nowhere = DecisionInput {
            scope: ScopeInput { kind: ScopeKind::Byggblock, subject: Some("finns-inte".into()) },
            ..recommendation("digg")
        };
        assert_problem(digg.decisions().create(&nowhere).await, 409, Some("scope.subject"));
        // Append-only: no replace, no delete.
        let id = entered.meta.id.to_string();
        let put = digg.decisions().replace(&id, Some(1), &recommendation("digg")).await;
        assert!(matches!(put, Err(ClientError::Problem { status, .. }) if status == 405), "{put:?}");
        let del = digg.decisions().delete(&id, Some(1)).await;
        assert!(matches!(del, Err(ClientError::Problem { status, .. }) if status == 405), "{del:?}");
        let r = report(&app, 2021).await;
        assert_eq!((r.total, r.decisions[0].meta.id), (1, entered.meta.id));
        assert_eq!(app.client.decisions().list(&[("kind", "rekommendation")]).await.unwrap().items, [entered]);
    }

    async fn decisions_recorded_elsewhere_enter_the_register(app: TestApp) {
        let digg = app.client_for("digg");
        // An appointment moved by the owner.
        let b = digg.building_blocks().get("min-profil").await.unwrap();
        let mut input = registry::store::building_blocks::to_input(&b);
        input.responsible = Some("skatteverket".into());
        digg.building_blocks().replace("min-profil", Some(b.meta.version), &input).await.unwrap();
        let appointed = digg.decisions().list(&[("kind", "utnamning"), ("subject", "min-profil")]).await.unwrap();
        assert_eq!(appointed.total_count, 1);
        let a = &appointed.items[0];
        assert!(a.text.contains("Skatteverket") && a.text.contains("byggblocksansvarig"), "{}", a.text);
        assert_eq!(a.record.as_ref().unwrap().entity, "role-assignments");
        // A decommissioning.
        let path = "/api/v1/building-blocks/min-profil/phase-decisions";
        let (s, body) = call(&app, Method::POST, path, Some(json!({"phase": "avveckling",
            "decisionDate": "2026-11-01", "decidingOrganisation": "digg", "reference": "2026-77",
            "justification": "Behovet täcks av andra byggblock."}))).await;
        assert_eq!(s, 201, "{body}");
        let ended = digg.decisions().list(&[("kind", "avveckling")]).await.unwrap();
        assert_eq!(ended.total_count, 1);
        assert_eq!(ended.items[0].text, "Behovet täcks av andra byggblock.");
        assert_eq!(ended.items[0].reference.as_deref(), Some("2026-77"));
        // A level-1 document decided by the owner.
        let (s, d) = call(&app, Method::POST, "/api/v1/documents", Some(json!({"title": "Styrning av API:er",
            "level": 1, "scope": {"kind": "infrastruktur"}, "authorOrganisation": "digg",
            "level2AuthorRoles": ["byggblocksansvarig"]}))).await;
        assert_eq!(s, 201, "{d}");
        let doc = format!("/api/v1/documents/{}", d["id"].as_str().unwrap());
        let (s, _) = call(&app, Method::POST, &format!("{doc}/presentation"), Some(app.presented_on("2026-10-01").await)).await;
        assert_eq!(s, 200);
        let (s, body) = call(&app, Method::POST, &format!("{doc}/decision"), Some(json!({"decidedDate": "2026-10-15",
            "decidingOrganisation": "digg"}))).await;
        assert_eq!(s, 200, "{body}");
        let documents = digg.decisions().list(&[("kind", "dokumentbeslut")]).await.unwrap();
        assert_eq!(documents.total_count, 1);
        assert!(documents.items[0].text.contains("Styrning av API:er"));
        assert_eq!(documents.items[0].scope.kind, ScopeKind::Infrastruktur);
        let r = report(&app, 2026).await;
        let count = |k: DecisionKind| r.by_kind.iter().find(|c| c.kind == k).unwrap().count;
        assert_eq!((count(DecisionKind::Avveckling), count(DecisionKind::Dokumentbeslut)), (1, 1));
        assert!(count(DecisionKind::Utnamning) >= 1);
        assert!(r.decisions.windows(2).all(|w| w[0].decision_date <= w[1].decision_date));
    }
}

async fn a_mirror_holds_the_origins_register(backend: Backend) {
    let origin = node(backend, "ursprung", true).await;
    let (s, _) = call(
        &origin,
        Method::POST,
        "/api/v1/decisions",
        Some(serde_json::to_value(recommendation("digg")).unwrap()),
    )
    .await;
    assert_eq!(s, 201);
    let mirror = node(backend, "spegel", false).await;
    let peer = add_peer(&mirror, &origin, &["ursprung"]).await;
    sync(&mirror, &peer).await;
    let (s, page) = call(
        &mirror,
        Method::GET,
        "/api/v1/decisions?limit=500&origin=ursprung",
        None,
    )
    .await;
    assert_eq!(s, 200);
    let items = page["items"].as_array().unwrap();
    // The origin's 12 phase decisions and its recommendation; the mirror entered none itself.
    assert_eq!(items.len(), 13, "{page}");
    assert!(items.iter().any(|d| d["kind"] == "rekommendation"));
    let (_, own) = call(&mirror, Method::GET, "/api/v1/decisions?origin=local", None).await;
    assert_eq!(own["totalCount"], 0, "{own}");
}

on_both_backends!(a_mirror_holds_the_origins_register);
