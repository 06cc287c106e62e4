//! Living plans (late milestones, moves kept as history), a block's roadmap and the
//! dependency graph.

use integration_tests::openapi::*;
use integration_tests::{assert_problem, both_backends};

const PLAN_2021: &str = "styrningsstruktur-2021";

fn milestone(plan: &str, number: i32, due: &str, status: WorkStatus) -> MilestoneInput {
    MilestoneInput {
        plan: plan.into(),
        number,
        description: format!("Milstolpe {number}"),
        due: due.into(),
        done_criteria: "Klart".into(),
        area: "Prov".into(),
        responsible: "Infrastrukturansvarig".into(),
        status,
    }
}

fn block(slug: &str, depends_on: &[&str]) -> BuildingBlockInput {
    BuildingBlockInput {
        analysis_lead: None,
        source: None,
        slug: slug.into(),
        name: format!("Block {slug}"),
        description: String::new(),
        purpose: String::new(),
        category: Category::TillitOchSakerhet,
        phase: None,
        responsible: None,
        analyses: Analyses::default(),
        value_propositions: vec![],
        depends_on: depends_on.iter().map(|s| s.to_string()).collect(),
        related_external: vec![],
    }
}

fn numbers(items: &[Milestone]) -> Vec<i32> {
    let mut n: Vec<_> = items.iter().map(|m| m.number).collect();
    n.sort();
    n
}

both_backends! {
    async fn the_2021_plan_shows_its_late_milestones(app: TestApp) {
        let ms = app.client.milestones();
        // None of the 2021 milestones is recorded as done, and 2021 is past.
        let late = ms.list_all(&[("late", "true"), ("plan", PLAN_2021)]).await.unwrap();
        assert_eq!(numbers(&late), (1..=19).collect::<Vec<_>>());
        assert!(late.iter().all(|m| m.late));
        assert_eq!(ms.list(&[("late", "false")]).await.unwrap().total_count, 0);

        // Done in time, or not yet due, is not late.
        let done = ms.create(&milestone(PLAN_2021, 20, "2021-Q2", WorkStatus::Klar)).await.unwrap();
        assert!(!done.late);
        let future = ms.create(&milestone(PLAN_2021, 21, "2999-Q4", WorkStatus::EjPaborjad)).await.unwrap();
        assert!(!future.late);
        let on_time = ms.list_all(&[("late", "false")]).await.unwrap();
        assert_eq!(numbers(&on_time), [20, 21]);
        assert_eq!(ms.list(&[("late", "true")]).await.unwrap().total_count, 19);
        assert_eq!(ms.list(&[("late", "true"), ("status", "pagar")]).await.unwrap().total_count, 0);
        assert_problem(ms.list(&[("late", "ja")]).await, 400, Some("late"));

        // Marking a late milestone done takes it off the list.
        let first = late.iter().find(|m| m.number == 1).unwrap();
        let mut input = milestone(PLAN_2021, 1, &first.due, WorkStatus::Klar);
        input.description = first.description.clone();
        ms.replace(&first.meta.id.to_string(), Some(first.meta.version), &input).await.unwrap();
        assert_eq!(ms.list(&[("late", "true")]).await.unwrap().total_count, 18);
    }

    async fn moving_a_milestone_keeps_its_history(app: TestApp) {
        let ms = app.client.milestones();
        let m = ms.create(&milestone(PLAN_2021, 30, "2021-Q1", WorkStatus::Pagar)).await.unwrap();
        assert!(m.moves.is_empty());
        let moved = ms.replace(&m.meta.id.to_string(), Some(1), &milestone(PLAN_2021, 30, "2021-Q3", WorkStatus::Pagar)).await.unwrap();
        assert_eq!(moved.moves.len(), 1);
        assert_eq!((moved.moves[0].from_due.as_str(), moved.moves[0].to_due.as_str()), ("2021-Q1", "2021-Q3"));
        // A change that keeps the quarter is not a move.
        let mut same = milestone(PLAN_2021, 30, "2021-Q3", WorkStatus::Pagar);
        same.description = "Ny text".into();
        let same = ms.replace(&m.meta.id.to_string(), Some(2), &same).await.unwrap();
        assert_eq!(same.moves.len(), 1);
        let again = ms.replace(&m.meta.id.to_string(), Some(3), &milestone(PLAN_2021, 30, "2999-Q1", WorkStatus::Pagar)).await.unwrap();
        let path: Vec<_> = again.moves.iter().map(|mv| (mv.from_due.as_str(), mv.to_due.as_str())).collect();
        assert_eq!(path, [("2021-Q1", "2021-Q3"), ("2021-Q3", "2999-Q1")]);
        assert!(again.moves[0].moved_at <= again.moves[1].moved_at);
        assert!(!again.late);
        // The list shows the same history, and a refused move records nothing.
        let listed = ms.list_all(&[("plan", PLAN_2021)]).await.unwrap();
        assert_eq!(listed.iter().find(|x| x.number == 30).unwrap().moves, again.moves);
        assert_problem(ms.replace(&m.meta.id.to_string(), Some(4), &milestone(PLAN_2021, 30, "2021-Q9", WorkStatus::Pagar)).await, 400, Some("due"));
        assert_eq!(ms.get(&m.meta.id.to_string()).await.unwrap().moves.len(), 2);
    }

    async fn a_block_roadmap_has_decisions_milestones_and_funding(app: TestApp) {
        let plan = app.client.plans().create(&PlanInput {
            source: None,
            slug: "api-hantering-2022".into(),
            name: "Milstolpeplan API-hantering".into(),
            kind: PlanKind::Milstolpeplan,
            description: String::new(),
            scope: ScopeInput { kind: ScopeKind::Byggblock, subject: Some("api-hantering".into()) },
        }).await.unwrap();
        let ms = app.client.milestones();
        ms.create(&milestone(&plan.slug, 2, "2022-Q4", WorkStatus::EjPaborjad)).await.unwrap();
        ms.create(&milestone(&plan.slug, 1, "2022-Q1", WorkStatus::Klar)).await.unwrap();

        let r = app.client.roadmap("api-hantering").await.unwrap();
        assert_eq!(r.building_block.slug.as_deref(), Some("api-hantering"));
        assert_eq!(r.phase, Phase::Utveckling);
        let steps: Vec<_> = r.phase_decisions.iter().map(|d| d.phase).collect();
        assert_eq!(steps, [Phase::AnalysOchKrav, Phase::Utveckling]);
        let dues: Vec<_> = r.milestones.iter().map(|m| m.due.as_str()).collect();
        assert_eq!(dues, ["2022-Q1", "2022-Q4"]);
        assert!(r.milestones[1].late && !r.milestones[0].late);
        // Funding need 001 §7.5.1: 3 000, 2 500, 2 000 thousand SEK.
        let funding: Vec<_> = r.funding.iter().map(|f| (f.year, f.amount_ksek)).collect();
        assert_eq!(funding, [(2022, Some(3000)), (2023, Some(2500)), (2024, Some(2000))]);
        // The 2021 plan covers the governance model, not a block.
        assert!(app.client.roadmap("min-profil").await.unwrap().milestones.is_empty());
        assert_problem(app.client.roadmap("finns-inte").await, 404, None);
    }

    async fn the_dependency_graph_and_dependents(app: TestApp) {
        let g = app.client.building_block_graph().await.unwrap();
        assert_eq!((g.nodes.len(), g.edges.len()), (14, 0), "the report names no dependencies");
        let bb = app.client.building_blocks();
        // Digitala underskrifter förutsätter Extern autentisering (000, table B1); a chain on top.
        let auth = bb.create(&block("extern-autentisering", &["identitet"])).await.unwrap();
        let sign = bb.create(&block("digitala-underskrifter", &["extern-autentisering"])).await.unwrap();
        let _seal = bb.create(&block("e-sigill", &["digitala-underskrifter", "identitet"])).await.unwrap();

        let g = app.client.building_block_graph().await.unwrap();
        assert_eq!((g.nodes.len(), g.edges.len()), (17, 4));
        let identitet = bb.get("identitet").await.unwrap();
        assert!(g.edges.contains(&GraphEdge { from: sign.meta.id, to: auth.meta.id }));
        assert!(g.edges.contains(&GraphEdge { from: auth.meta.id, to: identitet.meta.id }));
        let node = g.nodes.iter().find(|n| n.id == identitet.meta.id).unwrap();
        assert_eq!((node.slug.as_str(), node.phase, node.category), ("identitet", Phase::AnalysOchKrav, Category::TillitOchSakerhet));

        let d = app.client.dependents("identitet").await.unwrap();
        let slugs = |v: &[EntryRef]| v.iter().map(|r| r.slug.clone().unwrap()).collect::<Vec<_>>();
        let mut direct = slugs(&d.direct);
        direct.sort();
        assert_eq!(direct, ["e-sigill", "extern-autentisering"]);
        assert_eq!(slugs(&d.indirect), ["digitala-underskrifter"]);
        let d = app.client.dependents("digitala-underskrifter").await.unwrap();
        assert_eq!((slugs(&d.direct), d.indirect.len()), (vec!["e-sigill".to_string()], 0));
        assert!(app.client.dependents("e-sigill").await.unwrap().direct.is_empty());
        assert_problem(app.client.dependents("finns-inte").await, 404, None);

        // A dependency that would close a cycle is refused, and the graph is unchanged.
        let p = assert_problem(bb.replace("extern-autentisering", Some(auth.meta.version), &block("extern-autentisering", &["identitet", "e-sigill"])).await, 422, Some("dependsOn"));
        assert!(p.detail.contains("cycle"), "{p:?}");
        assert_eq!(app.client.building_block_graph().await.unwrap().edges.len(), 4);
    }
}
