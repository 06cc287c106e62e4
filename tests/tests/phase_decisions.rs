//! Phase decisions: the only way a building block or base-data domain changes phase.

use integration_tests::openapi::*;
use integration_tests::{assert_problem, both_backends, TestApp};

fn decision(phase: Phase, date: &str) -> PhaseDecisionInput {
    PhaseDecisionInput {
        source: None,
        phase,
        decision_date: date.parse().unwrap(),
        deciding_organisation: "digg".into(),
        reference: "2024-0042".into(),
        justification: String::new(),
    }
}

fn block_input(slug: &str) -> BuildingBlockInput {
    BuildingBlockInput {
        analysis_lead: None,
        source: None,
        slug: slug.into(),
        name: format!("Block {slug}"),
        description: String::new(),
        purpose: String::new(),
        category: Category::Informationsutbyte,
        phase: None,
        responsible: None,
        analyses: Analyses::default(),
        value_propositions: vec![],
        depends_on: vec![],
        related_external: vec![],
    }
}

async fn audit_count(app: &TestApp) -> i64 {
    app.client.audit(&[]).await.unwrap().total_count
}

fn fields(p: &Problem) -> Vec<&str> {
    p.errors.iter().map(|e| e.field.as_str()).collect()
}

async fn post_raw(app: &TestApp, path: &str, body: &str) -> (u16, Problem) {
    let resp = app
        .http(reqwest::Method::POST, path)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

both_backends! {
    async fn the_seed_walks_every_block_to_its_reported_phase(app: TestApp) {
        let blocks = app.client.building_blocks().list_all(&[]).await.unwrap();
        assert_eq!(blocks.len(), 14);
        let all = app.client.phase_decisions().list_all(&[]).await.unwrap();
        assert_eq!(all.len(), 12);
        for b in &blocks {
            let mine = app.client.phase_decisions_of("building-blocks", &b.slug, &[("limit", "500")]).await.unwrap().items;
            // The decisions chain from Idé to the block's phase, one step at a time.
            let mut phase = Phase::Ide;
            for d in &mine {
                assert_eq!(d.from_phase, phase, "{}", b.slug);
                assert_eq!(d.subject.slug.as_deref(), Some(b.slug.as_str()));
                assert_eq!(d.subject_kind, ScopeKind::Byggblock);
                assert_eq!(d.deciding_organisation.slug.as_deref(), Some("digg"));
                assert!(d.reference.contains("001 §2.4"), "{d:?}");
                phase = d.phase;
            }
            assert_eq!(phase, b.phase, "{}", b.slug);
        }
        let api = app.client.phase_decisions_of("building-blocks", "api-hantering", &[]).await.unwrap();
        let steps: Vec<_> = api.items.iter().map(|d| d.phase).collect();
        assert_eq!(steps, [Phase::AnalysOchKrav, Phase::Utveckling]);
        let to_dev = app.client.phase_decisions().list(&[("phase", "utveckling")]).await.unwrap();
        assert_eq!(to_dev.total_count, 3);
        let by_digg = app.client.phase_decisions().list(&[("decidingOrganisation", "digg"), ("buildingBlock", "mina-ombud")]).await.unwrap();
        assert_eq!(by_digg.total_count, 2);
        assert_eq!(app.client.phase_decisions().list(&[("buildingBlock", "finns-inte")]).await.unwrap().total_count, 0);
    }

    async fn one_step_forward_is_recorded_and_moves_the_block(app: TestApp) {
        let before = app.client.building_blocks().get("min-profil").await.unwrap();
        assert_eq!(before.phase, Phase::Ide);
        let resp = app
            .http(reqwest::Method::POST, "/api/v1/building-blocks/min-profil/phase-decisions")
            .json(&decision(Phase::AnalysOchKrav, "2024-03-01"))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 201);
        let location = resp.headers()["location"].to_str().unwrap().to_string();
        let d: PhaseDecision = resp.json().await.unwrap();
        assert_eq!(location, format!("/api/v1/phase-decisions/{}", d.meta.id));
        assert_eq!((d.from_phase, d.phase), (Phase::Ide, Phase::AnalysOchKrav));
        assert_eq!(d.decision_date.to_string(), "2024-03-01");
        assert_eq!(d.reference, "2024-0042");
        assert_eq!(app.client.phase_decisions().get(&d.meta.id.to_string()).await.unwrap(), d);

        let after = app.client.building_blocks().get("min-profil").await.unwrap();
        assert_eq!(after.phase, Phase::AnalysOchKrav);
        assert_eq!(after.meta.version, before.meta.version + 1);
        let mine = app.client.phase_decisions_of("building-blocks", &before.meta.id.to_string(), &[]).await.unwrap();
        assert_eq!(mine.items.len(), 1);
        assert_eq!(mine.items[0], d);
        // The block's history shows the phase change; the decision has its own.
        let history = app.client.building_blocks().history("min-profil", &[]).await.unwrap();
        assert_eq!(history.items[0].after.as_ref().unwrap()["phase"], "analys-och-krav");
        let own = app.client.phase_decisions().history(&d.meta.id.to_string(), &[]).await.unwrap();
        assert_eq!(own.items[0].operation, "create");
        // Append-only: no replace or delete.
        let put = app.http(reqwest::Method::PUT, &location).json(&decision(Phase::Ide, "2024-03-01")).send().await.unwrap();
        assert!(put.status().is_client_error(), "{}", put.status());
        let del = app.http(reqwest::Method::DELETE, &location).send().await.unwrap();
        assert!(del.status().is_client_error(), "{}", del.status());
        assert_eq!(app.client.phase_decisions().get(&d.meta.id.to_string()).await.unwrap(), d);
    }

    async fn skipping_a_phase_is_refused_and_writes_nothing(app: TestApp) {
        let n = audit_count(&app).await;
        let p = assert_problem(app.client.decide_phase("building-blocks", "min-profil", &decision(Phase::Utveckling, "2024-03-01")).await, 409, Some("phase"));
        assert!(p.detail.contains("analys-och-krav"), "{p:?}");
        assert_problem(app.client.decide_phase("building-blocks", "min-profil", &decision(Phase::Ide, "2024-03-01")).await, 409, Some("phase"));
        assert_problem(app.client.decide_phase("building-blocks", "api-hantering", &decision(Phase::Forvaltning, "2024-03-01")).await, 409, Some("phase"));
        assert_eq!(audit_count(&app).await, n);
        assert_eq!(app.client.building_blocks().get("min-profil").await.unwrap().phase, Phase::Ide);
    }

    async fn a_move_back_needs_a_justification(app: TestApp) {
        let n = audit_count(&app).await;
        assert_problem(app.client.decide_phase("building-blocks", "api-hantering", &decision(Phase::Ide, "2024-03-01")).await, 409, Some("justification"));
        assert_eq!(audit_count(&app).await, n);
        let mut back = decision(Phase::AnalysOchKrav, "2024-03-01");
        back.justification = "Rättsanalysen behöver göras om efter ny lagstiftning.".into();
        let d = app.client.decide_phase("building-blocks", "api-hantering", &back).await.unwrap();
        assert_eq!((d.from_phase, d.phase), (Phase::Utveckling, Phase::AnalysOchKrav));
        assert_eq!(d.justification, back.justification);
        assert_eq!(app.client.building_blocks().get("api-hantering").await.unwrap().phase, Phase::AnalysOchKrav);
        // And forward again, one step.
        app.client.decide_phase("building-blocks", "api-hantering", &decision(Phase::Utveckling, "2024-06-01")).await.unwrap();
        // Decisions are dated in order.
        let p = assert_problem(app.client.decide_phase("building-blocks", "api-hantering", &decision(Phase::Inforande, "2023-01-01")).await, 409, Some("decisionDate"));
        assert!(p.detail.contains("2024-06-01"), "{p:?}");
    }

    async fn development_needs_every_analysis_and_a_responsible(app: TestApp) {
        app.client.building_blocks().create(&block_input("nytt")).await.unwrap();
        app.client.decide_phase("building-blocks", "nytt", &decision(Phase::AnalysOchKrav, "2024-01-01")).await.unwrap();
        let n = audit_count(&app).await;
        let p = assert_problem(app.client.decide_phase("building-blocks", "nytt", &decision(Phase::Utveckling, "2024-02-01")).await, 409, None);
        assert_eq!(fields(&p), ["analyses.funding", "analyses.legal", "analyses.risk", "analyses.benefit", "responsible"]);
        assert_eq!(audit_count(&app).await, n);

        // Mina ärenden (seeded): responsible, but the funding and legal analyses are in progress.
        let p = assert_problem(app.client.decide_phase("building-blocks", "mina-arenden", &decision(Phase::Utveckling, "2024-02-01")).await, 409, None);
        assert_eq!(fields(&p), ["analyses.funding", "analyses.legal"]);

        // Done analyses and a responsible organisation open the way.
        let current = app.client.building_blocks().get("nytt").await.unwrap();
        let mut ready = block_input("nytt");
        ready.responsible = Some("skatteverket".into());
        ready.analyses = Analyses { funding: WorkStatus::Klar, legal: WorkStatus::Klar, risk: WorkStatus::Klar, benefit: WorkStatus::Klar };
        app.client.building_blocks().replace("nytt", Some(current.meta.version), &ready).await.unwrap();
        let d = app.client.decide_phase("building-blocks", "nytt", &decision(Phase::Utveckling, "2024-02-01")).await.unwrap();
        assert_eq!(d.phase, Phase::Utveckling);
    }

    // 001 §4.1.1: the infrastructure owner secures the decommissioning of the infrastructure,
    // so Avveckling is reachable from every phase, by a decision with a justification; the
    // block then stays in the register, read-only, with its history.
    async fn decommissioning_is_reached_from_any_phase_and_leaves_the_block_read_only(app: TestApp) {
        let bb = app.client.building_blocks();
        let idea = bb.get("min-profil").await.unwrap();
        assert_eq!(idea.phase, Phase::Ide);
        let n = audit_count(&app).await;
        assert_problem(app.client.decide_phase("building-blocks", "min-profil", &decision(Phase::Avveckling, "2024-03-01")).await, 409, Some("justification"));
        assert_eq!(audit_count(&app).await, n);
        let mut end = decision(Phase::Avveckling, "2024-03-01");
        end.justification = "Behovet täcks av ett annat byggblock.".into();
        let d = app.client.decide_phase("building-blocks", "min-profil", &end).await.unwrap();
        assert_eq!((d.from_phase, d.phase), (Phase::Ide, Phase::Avveckling));
        let ended = bb.get("min-profil").await.unwrap();
        assert_eq!(ended.phase, Phase::Avveckling);
        assert_eq!(bb.list(&[("phase", "avveckling")]).await.unwrap().items, std::slice::from_ref(&ended));

        // Read-only: an edit is refused, and so is a delete (its decisions are its history).
        let mut edit = block_input("min-profil");
        edit.name = "Nytt namn".into();
        let p = assert_problem(bb.replace("min-profil", Some(ended.meta.version), &edit).await, 409, Some("phase"));
        assert!(p.detail.contains("read-only"), "{p:?}");
        assert_problem(bb.delete("min-profil", Some(ended.meta.version)).await, 409, None);
        assert_eq!(bb.get("min-profil").await.unwrap(), ended);
        let history = app.client.phase_decisions_of("building-blocks", "min-profil", &[]).await.unwrap().items;
        assert_eq!(history.last().map(|d| d.phase), Some(Phase::Avveckling));

        // A decision moving it back reopens it.
        let mut back = decision(Phase::Ide, "2024-04-01");
        back.justification = "Beslutet om avveckling omprövat.".into();
        app.client.decide_phase("building-blocks", "min-profil", &back).await.unwrap();
        let reopened = bb.get("min-profil").await.unwrap();
        assert_eq!(bb.replace("min-profil", Some(reopened.meta.version), &edit).await.unwrap().name, "Nytt namn");

        // From a block in development too.
        let mut last = decision(Phase::Avveckling, "2025-01-01");
        last.justification = "Ersatt.".into();
        let now = app.client.decide_phase("building-blocks", "api-hantering", &last).await.unwrap();
        assert_eq!((now.from_phase, now.phase), (Phase::Utveckling, Phase::Avveckling));
    }

    // 001 §4.1.1: phase decisions are the infrastructure owner's. An operator may transcribe
    // one, in the owner's name only, and the change log says who transcribed it.
    async fn an_operator_transcribes_a_decision_in_the_owners_name_only(app: TestApp) {
        let n = audit_count(&app).await;
        for other in ["skatteverket", "bolagsverket"] {
            let mut d = decision(Phase::AnalysOchKrav, "2024-03-01");
            d.deciding_organisation = other.into();
            let p = assert_problem(app.client.decide_phase("building-blocks", "min-profil", &d).await, 409, Some("decidingOrganisation"));
            assert!(p.errors[0].message.contains("infrastrukturansvarig"), "{p:?}");
        }
        assert_eq!(audit_count(&app).await, n);
        assert_eq!(app.client.building_blocks().get("min-profil").await.unwrap().phase, Phase::Ide);
        let d = app.client.decide_phase("building-blocks", "min-profil", &decision(Phase::AnalysOchKrav, "2024-03-01")).await.unwrap();
        assert_eq!(d.deciding_organisation.slug.as_deref(), Some("digg"));
        let newest = app.client.audit(&[]).await.unwrap().items.remove(0);
        assert_eq!((newest.entity.as_str(), newest.entity_id), ("phase-decisions", d.meta.id));
        assert!(newest.actor_client.is_some(), "{newest:?}");
    }

    async fn the_phase_field_is_not_edited_directly(app: TestApp) {
        let bb = app.client.building_blocks();
        // On create: absent or ide starts the block as an idea; any other phase is refused.
        let mut input = block_input("nytt");
        input.phase = Some(Phase::Utveckling);
        let p = assert_problem(bb.create(&input).await, 422, Some("phase"));
        assert!(p.detail.contains("phase-decisions"), "{p:?}");
        input.phase = Some(Phase::Ide);
        let created = bb.create(&input).await.unwrap();
        assert_eq!(created.phase, Phase::Ide);
        assert_eq!(bb.create(&block_input("utan-fas")).await.unwrap().phase, Phase::Ide);

        // On replace: a changed phase is refused, pointing at the decision; the same is kept.
        let api = bb.get("api-hantering").await.unwrap();
        let mut same = block_input("api-hantering");
        same.name = api.name.clone();
        same.responsible = Some("digg".into());
        same.analyses = api.analyses;
        same.phase = Some(Phase::Inforande);
        let p = assert_problem(bb.replace("api-hantering", Some(api.meta.version), &same).await, 409, Some("phase"));
        assert!(p.detail.contains(&format!("/api/v1/building-blocks/{}/phase-decisions", api.meta.id)), "{p:?}");
        same.phase = Some(Phase::Utveckling);
        let kept = bb.replace("api-hantering", Some(api.meta.version), &same).await.unwrap();
        assert_eq!(kept.phase, Phase::Utveckling);
        same.phase = None;
        let kept = bb.replace("api-hantering", Some(kept.meta.version), &same).await.unwrap();
        assert_eq!(kept.phase, Phase::Utveckling);
    }

    async fn bad_decisions_name_the_field_and_write_nothing(app: TestApp) {
        let n = audit_count(&app).await;
        let path = "/api/v1/building-blocks/min-profil/phase-decisions";
        let ok = r#""phase": "analys-och-krav", "decisionDate": "2024-01-01", "decidingOrganisation": "digg", "reference": "1""#;
        for (body, status, field) in [
            (format!(r#"{{{ok}, "colour": 1}}"#), 400, "colour"),
            (r#"{"phase": "Analys", "decisionDate": "2024-01-01", "decidingOrganisation": "digg", "reference": "1"}"#.to_string(), 400, "phase"),
            (r#"{"phase": "analys-och-krav", "decisionDate": "2024-13-01", "decidingOrganisation": "digg", "reference": "1"}"#.to_string(), 400, "decisionDate"),
            (r#"{"phase": "analys-och-krav", "decidingOrganisation": "digg", "reference": "1"}"#.to_string(), 400, "decisionDate"),
            (r#"{"phase": "analys-och-krav", "decisionDate": "2024-01-01", "decidingOrganisation": "ingen", "reference": "1"}"#.to_string(), 409, "decidingOrganisation"),
            (r#"{"phase": "analys-och-krav", "decisionDate": "2024-01-01", "decidingOrganisation": "digg", "reference": " "}"#.to_string(), 400, "reference"),
            (r#"{"phase": "analys-och-krav", "decisionDate": "2024-01-01", "decidingOrganisation": "digg", "reference": "https://"}"#.to_string(), 400, "reference"),
        ] {
            let (got, problem) = post_raw(&app, path, &body).await;
            assert_eq!(got, status, "{body}: {problem:?}");
            assert!(fields(&problem).contains(&field), "{body}: {problem:?}");
        }
        let (got, _) = post_raw(&app, "/api/v1/building-blocks/finns-inte/phase-decisions", &format!("{{{ok}}}")).await;
        assert_eq!(got, 404);
        assert_problem(app.client.phase_decisions_of("building-blocks", "finns-inte", &[]).await, 404, None);
        assert_problem(app.client.phase_decisions().list(&[("phase", "Idé")]).await, 400, Some("phase"));
        assert_problem(app.client.phase_decisions().get("0190c0de-0000-7000-8000-000000000000").await, 404, None);
        assert_eq!(audit_count(&app).await, n);
    }

    async fn a_block_with_decisions_keeps_its_history(app: TestApp) {
        let bb = app.client.building_blocks();
        let api = bb.get("mina-ombud").await.unwrap();
        let p = assert_problem(bb.delete("mina-ombud", Some(api.meta.version)).await, 409, None);
        assert!(p.detail.contains("phase decisions"), "{p:?}");
        // A block never decided on can go.
        let fresh = bb.create(&block_input("kort-liv")).await.unwrap();
        bb.delete("kort-liv", Some(fresh.meta.version)).await.unwrap();
    }

    async fn base_data_domains_change_phase_by_decision(app: TestApp) {
        let bd = app.client.base_data_domains();
        let input = BaseDataDomainInput { analysis_lead: None, analyses: Default::default(),
            source: None,
            slug: "fastighetsinformation".into(),
            name: "Fastighetsinformation".into(),
            description: String::new(),
            responsible: None,
            phase: None,
            producers: vec![],
        };
        let created = bd.create(&input).await.unwrap();
        assert_eq!(created.phase, Phase::Ide);
        let mut wrong = input.clone();
        wrong.slug = "annan".into();
        wrong.phase = Some(Phase::Forvaltning);
        assert_problem(bd.create(&wrong).await, 422, Some("phase"));

        app.client.decide_phase("base-data-domains", "fastighetsinformation", &decision(Phase::AnalysOchKrav, "2024-01-01")).await.unwrap();
        // Neither the four analyses nor a responsible organisation: Utveckling is refused, as
        // for a block ("samma modell för styrning och finansiering", 001 §2).
        let p = assert_problem(app.client.decide_phase("base-data-domains", "fastighetsinformation", &decision(Phase::Utveckling, "2024-02-01")).await, 409, None);
        assert_eq!(fields(&p), ["analyses.funding", "analyses.legal", "analyses.risk", "analyses.benefit", "responsible"]);
        assert_eq!(bd.get("fastighetsinformation").await.unwrap().analyses, Analyses::default());
        let current = bd.get("fastighetsinformation").await.unwrap();
        let mut with_owner = input.clone();
        with_owner.responsible = Some("lantmateriet".into());
        with_owner.analyses = Analyses { funding: WorkStatus::Klar, legal: WorkStatus::Klar,
            risk: WorkStatus::Klar, benefit: WorkStatus::Klar };
        with_owner.phase = Some(Phase::Utveckling);
        assert_problem(bd.replace("fastighetsinformation", Some(current.meta.version), &with_owner).await, 409, Some("phase"));
        with_owner.phase = None;
        bd.replace("fastighetsinformation", Some(current.meta.version), &with_owner).await.unwrap();
        let d = app.client.decide_phase("base-data-domains", "fastighetsinformation", &decision(Phase::Utveckling, "2024-02-01")).await.unwrap();
        assert_eq!(d.subject_kind, ScopeKind::Grunddatadoman);
        assert_eq!(d.subject.slug.as_deref(), Some("fastighetsinformation"));
        assert_eq!(bd.get("fastighetsinformation").await.unwrap().phase, Phase::Utveckling);
        let mine = app.client.phase_decisions_of("base-data-domains", "fastighetsinformation", &[]).await.unwrap();
        assert_eq!(mine.total_count, 2);
        let filtered = app.client.phase_decisions().list(&[("baseDataDomain", "fastighetsinformation")]).await.unwrap();
        assert_eq!(filtered.items, mine.items);
        assert_problem(bd.delete("fastighetsinformation", Some(created.meta.version + 3)).await, 409, None);
    }
}
