//! Idea candidates: proposed, qualified, prioritised, rejected or accepted into a building
//! block in phase Idé (domain.md §7).

use integration_tests::openapi::*;
use integration_tests::{assert_problem, both_backends};
use serde_json::json;

fn idea(title: &str) -> IdeaCandidateInput {
    IdeaCandidateInput {
        title: title.into(),
        need: "Flera myndigheter bygger var sin lösning för samtycken.".into(),
        proposer: "skatteverket".into(),
        affected_actors: vec!["statliga myndigheter".into(), "kommuner".into()],
    }
}

both_backends! {
    async fn a_candidate_is_qualified_prioritised_and_accepted_into_a_block(app: TestApp) {
        let ic = app.client.idea_candidates();
        let resp = app.http(reqwest::Method::POST, "/api/v1/idea-candidates").json(&idea("Samtycken")).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 201);
        let c: IdeaCandidate = resp.json().await.unwrap();
        assert_eq!((c.status, c.meta.version), (IdeaStatus::Foreslagen, 1));
        assert_eq!(c.proposer.slug.as_deref(), Some("skatteverket"));
        assert_eq!(c.affected_actors, ["statliga myndigheter", "kommuner"]);
        let id = c.meta.id.to_string();
        assert_eq!(ic.get(&id).await.unwrap(), c);

        // Not before it is qualified.
        let accept = json!({"slug": "samtycken", "category": "tillit-och-sakerhet", "responsible": "skatteverket"});
        let p = assert_problem(app.client.idea_step(&id, "acceptance", &accept).await, 409, Some("status"));
        assert!(p.detail.contains("qualified"), "{p:?}");
        assert_problem(app.client.idea_step(&id, "priority", &json!({"priority": 1})).await, 409, Some("status"));

        let q = app.client.idea_step(&id, "qualification", &json!({"assessment": "Behovet delas av många."})).await.unwrap();
        assert_eq!((q.status, q.assessment.as_deref()), (IdeaStatus::Kvalificerad, Some("Behovet delas av många.")));
        assert_problem(app.client.idea_step(&id, "qualification", &json!({"assessment": "Igen"})).await, 409, Some("status"));
        assert_problem(app.client.idea_step(&id, "priority", &json!({"priority": 9})).await, 400, Some("priority"));
        let p = app.client.idea_step(&id, "priority", &json!({"priority": 2})).await.unwrap();
        assert_eq!(p.priority, Some(2));
        assert_eq!(ic.list(&[("priority", "2")]).await.unwrap().total_count, 1);

        let blocks_before = app.client.building_blocks().list(&[]).await.unwrap().total_count;
        let a = app.client.idea_step(&id, "acceptance", &accept).await.unwrap();
        assert_eq!(a.status, IdeaStatus::Antagen);
        let block_ref = a.building_block.clone().unwrap();
        assert_eq!(block_ref.slug.as_deref(), Some("samtycken"));
        let block = app.client.building_blocks().get("samtycken").await.unwrap();
        assert_eq!((block.phase, block.name.as_str()), (Phase::Ide, "Samtycken"));
        // The organisation appointed by the acceptance leads the exploratory work (001 §4.1.5);
        // the responsible agency is appointed apart, for Utveckling on (§4.1.6, §6.3.2).
        assert_eq!(block.analysis_lead.unwrap().slug.as_deref(), Some("skatteverket"));
        assert_eq!(block.responsible, None);
        assert_eq!(block.description, c.need);
        let roles = app.client.role_assignments().list(&[("buildingBlock", "samtycken")]).await.unwrap();
        assert_eq!(roles.total_count, 0, "no byggblocksansvarig yet");
        assert_eq!(app.client.building_blocks().list(&[]).await.unwrap().total_count, blocks_before + 1);
        // Accepted is final.
        assert_problem(app.client.idea_step(&id, "rejection", &json!({"reason": "Ångrat"})).await, 409, Some("status"));
        let history = ic.history(&id, &[]).await.unwrap();
        assert_eq!(history.total_count, 4);
        assert_eq!(ic.list(&[("status", "antagen")]).await.unwrap().items, [a]);
    }

    async fn a_candidate_is_rejected_with_a_reason(app: TestApp) {
        let ic = app.client.idea_candidates();
        let c = ic.create(&idea("Dubbelt")).await.unwrap();
        let id = c.meta.id.to_string();
        assert_problem(app.client.idea_step(&id, "rejection", &json!({"reason": " "})).await, 400, Some("reason"));
        let r = app.client.idea_step(&id, "rejection", &json!({"reason": "Täcks av Mina ombud."})).await.unwrap();
        assert_eq!((r.status, r.rejection_reason.as_deref()), (IdeaStatus::Avslagen, Some("Täcks av Mina ombud.")));
        assert_problem(app.client.idea_step(&id, "qualification", &json!({"assessment": "x"})).await, 409, Some("status"));
        // A qualified candidate can be rejected too.
        let c2 = ic.create(&idea("Annan")).await.unwrap();
        let id2 = c2.meta.id.to_string();
        app.client.idea_step(&id2, "qualification", &json!({"assessment": "Ja"})).await.unwrap();
        assert_eq!(app.client.idea_step(&id2, "rejection", &json!({"reason": "Prioriteras inte"})).await.unwrap().status, IdeaStatus::Avslagen);
        assert_eq!(ic.list(&[("status", "avslagen")]).await.unwrap().total_count, 2);
        assert_eq!(ic.list(&[("proposer", "skatteverket")]).await.unwrap().total_count, 2);
        assert_eq!(ic.list(&[("proposer", "digg")]).await.unwrap().total_count, 0);
    }

    async fn a_failed_acceptance_writes_nothing(app: TestApp) {
        let ic = app.client.idea_candidates();
        let c = ic.create(&idea("Samtycken")).await.unwrap();
        let id = c.meta.id.to_string();
        app.client.idea_step(&id, "qualification", &json!({"assessment": "Ja"})).await.unwrap();
        let n = app.client.audit(&[]).await.unwrap().total_count;
        // The block's slug is taken, or the responsible organisation unknown: neither the block
        // nor the acceptance is written.
        assert_problem(app.client.idea_step(&id, "acceptance", &json!({"slug": "mina-ombud", "category": "digitala-tjanster", "responsible": "digg"})).await, 409, Some("slug"));
        assert_problem(app.client.idea_step(&id, "acceptance", &json!({"slug": "samtycken", "category": "digitala-tjanster", "responsible": "ingen"})).await, 409, Some("responsible"));
        assert_problem(app.client.idea_step(&id, "acceptance", &json!({"slug": "Samtycken!", "category": "digitala-tjanster", "responsible": "digg"})).await, 400, Some("slug"));
        assert_problem(app.client.idea_step(&id, "acceptance", &json!({"slug": "samtycken", "category": "annat", "responsible": "digg"})).await, 400, Some("category"));
        assert_eq!(app.client.audit(&[]).await.unwrap().total_count, n);
        assert_eq!(ic.get(&id).await.unwrap().status, IdeaStatus::Kvalificerad);
        assert_problem(app.client.building_blocks().get("samtycken").await, 404, None);
    }

    async fn bad_proposals_name_the_field_and_write_nothing(app: TestApp) {
        let n = app.client.audit(&[]).await.unwrap().total_count;
        for (body, status, field) in [
            (r#"{"title": "X", "need": "Y", "proposer": "digg", "colour": 1}"#, 400, "colour"),
            (r#"{"need": "Y", "proposer": "digg"}"#, 400, "title"),
            (r#"{"title": " ", "need": "Y", "proposer": "digg"}"#, 400, "title"),
            (r#"{"title": "X", "need": "", "proposer": "digg"}"#, 400, "need"),
            (r#"{"title": "X", "need": "Y", "proposer": "ingen"}"#, 409, "proposer"),
            (r#"{"title": "X", "need": "Y", "proposer": "digg", "affectedActors": [""]}"#, 400, "affectedActors[0]"),
            (r#"{"title": "X", "need": "Y", "proposer": "digg", "affectedActors": "kommuner"}"#, 400, "affectedActors"),
        ] {
            let resp = app.http(reqwest::Method::POST, "/api/v1/idea-candidates").header("content-type", "application/json").body(body).send().await.unwrap();
            assert_eq!(resp.status().as_u16(), status, "{body}");
            let p: Problem = resp.json().await.unwrap();
            assert!(p.errors.iter().any(|e| e.field == field), "{body}: {p:?}");
        }
        assert_problem(app.client.idea_candidates().get("0190c0de-0000-7000-8000-000000000000").await, 404, None);
        assert_problem(app.client.idea_step("0190c0de-0000-7000-8000-000000000000", "qualification", &json!({"assessment": "x"})).await, 404, None);
        assert_problem(app.client.idea_candidates().list(&[("status", "ny")]).await, 400, Some("status"));
        assert_eq!(app.client.audit(&[]).await.unwrap().total_count, n);
    }
}
