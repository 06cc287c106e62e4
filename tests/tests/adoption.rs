//! Adoption (issue 14 items 11–13; report 000): shared services, organisations' connections
//! through their dated steps, the suppliers' yearly reports, each year's denominators, and
//! Statskontoret's seven indicators per service and year; a block's adoption over time;
//! mirrored by federation like the other entries.

use integration_tests::client::Client;
use integration_tests::federation::{add_peer, node, sync};
use integration_tests::{assert_problem, both_backends, on_both_backends, Backend, TestApp};
use openapi::{
    AnswerCount, ConnectionInput, ConnectionStep, IndicatorYearInput, InterestInput, Phase,
    PhaseDecisionInput, ServiceReportInput, SharedServiceInput,
};

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

/// Moves Mina ombud (seeded in Utveckling) to Införande: in use, so a shared service.
async fn introduce_mina_ombud(app: &TestApp) {
    let input = PhaseDecisionInput {
        phase: Phase::Inforande,
        decision_date: date("2024-01-15"),
        deciding_organisation: "digg".into(),
        reference: "2024-0001".into(),
        justification: "Utvecklingen är klar.".into(),
        source: None,
    };
    app.client
        .decide_phase("building-blocks", "mina-ombud", &input)
        .await
        .unwrap();
}

fn service(slug: &str, supplier: &str, block: Option<&str>) -> SharedServiceInput {
    SharedServiceInput {
        slug: slug.into(),
        name: format!("Tjänsten {slug}"),
        supplier: supplier.into(),
        building_block: block.map(Into::into),
        unit: Some("användare".into()),
        agreed_hours: true,
        description: None,
        source: None,
    }
}

fn connection(org: &str, steps: [Option<&str>; 4]) -> ConnectionInput {
    let [interest_on, agreement_on, connected_on, left_on] = steps.map(|s| s.map(date));
    ConnectionInput {
        service: "ombud".into(),
        organisation: org.into(),
        interest_on,
        agreement_on,
        connected_on,
        left_on,
        note: None,
        source: None,
    }
}

fn report(year: i32, fee: f64) -> ServiceReportInput {
    ServiceReportInput {
        service: "ombud".into(),
        year,
        units: Some(120_000.0),
        full_cost_sek: Some(18_000_000.0),
        fee_sek: Some(fee),
        availability_percent: Some(99.6),
        satisfaction: Some(7.4),
        answers: vec![
            AnswerCount {
                category: "1–4".into(),
                count: 3,
            },
            AnswerCount {
                category: "5–7".into(),
                count: 12,
            },
            AnswerCount {
                category: "8–10".into(),
                count: 25,
            },
        ],
        note: None,
        source: None,
    }
}

/// The service `ombud` of Mina ombud with four organisations at different steps: Skatteverket
/// (state and preparedness agency) and SCB (state agency) connected in 2025, Försäkringskassan
/// connected in 2024 and left in 2025, SKR (not a state agency) connected in 2025.
async fn connected_service(app: &TestApp) -> Client {
    introduce_mina_ombud(app).await;
    let bv = app.client_for("bolagsverket");
    bv.shared_services()
        .create(&service("ombud", "bolagsverket", Some("mina-ombud")))
        .await
        .unwrap();
    let c = bv.connections();
    let steps = |a, b, c| [Some("2024-11-01"), Some(a), Some(b), c];
    c.create(&connection(
        "skatteverket",
        steps("2025-01-10", "2025-03-01", None),
    ))
    .await
    .unwrap();
    c.create(&connection("scb", steps("2025-02-01", "2025-05-01", None)))
        .await
        .unwrap();
    c.create(&connection("skr", steps("2025-02-01", "2025-06-01", None)))
        .await
        .unwrap();
    c.create(&connection(
        "forsakringskassan",
        [
            Some("2024-01-10"),
            Some("2024-02-01"),
            Some("2024-04-01"),
            Some("2025-06-30"),
        ],
    ))
    .await
    .unwrap();
    bv
}

both_backends! {
    async fn people_read_a_service_with_its_indicators_and_connections(app: TestApp) {
        let bv = connected_service(&app).await;
        bv.service_reports().create(&report(2025, 12.5)).await.unwrap();
        let (status, list) = app.page("/tjanster").await;
        assert_eq!(status, 200);
        assert!(list.contains(r#"<a href="/tjanster/ombud">Tjänsten ombud</a>"#), "{list}");
        assert!(list.contains("E-identitet för offentlig sektor (EFOS)"), "{list}");
        // Without a year asked for, the latest year with denominators: 2025.
        let (status, page) = app.page("/tjanster/ombud").await;
        assert_eq!(status, 200);
        assert!(page.contains("Indikatorer 2025"), "{page}");
        // Skatteverket and SCB are connected at the year's end; SKR is no state agency, and
        // Försäkringskassan left in June. Of the two, Skatteverket is a preparedness agency.
        assert!(page.contains("2 av 223 (0,9 %)"), "{page}");
        assert!(page.contains("1 av 67 (1,5 %)"), "{page}");
        // 120 000 units, grouped as Swedish writes it (a no-break space).
        assert!(page.contains("120\u{a0}000"), "{page}");
        assert!(page.contains(r#"<a href="/organisationer/scb">"#), "{page}");
        assert!(page.contains(r#"<time datetime="2025-06-30">"#), "{page}");
        // A year without denominators says so; a year that is none is refused, naming it.
        let (_, later) = app.page("/tjanster/ombud?year=2030").await;
        assert!(later.contains("inga nämnare för året"), "{later}");
        let (status, bad) = app.page("/tjanster/ombud?year=tjugo").await;
        assert_eq!(status, 400);
        assert!(bad.contains("year"), "{bad}");
        // The block's page links to its service.
        let (_, block) = app.page("/byggblock/mina-ombud").await;
        assert!(block.contains(r#"<a href="/tjanster/ombud">"#), "{block}");
    }

    async fn the_coordinated_state_service_offering_is_seeded(app: TestApp) {
        let all = app.client.shared_services().list_all(&[]).await.unwrap();
        // 000 §1.1.5: 14 services in September 2025; bilaga 2 lists them, two of them by two
        // supplier agencies each.
        assert_eq!(all.len(), 14);
        assert!(all.iter().all(|s| s.building_block.is_none()));
        assert!(all
            .iter()
            .all(|s| s.source.as_deref().is_some_and(|c| c.starts_with("000 bilaga 2"))));
        let of = |supplier: &str| {
            let mut slugs: Vec<&str> = all
                .iter()
                .filter(|s| s.supplier.slug.as_deref() == Some(supplier))
                .map(|s| s.slug.as_str())
                .collect();
            slugs.sort();
            slugs
        };
        assert_eq!(of("trafikverket"), ["dsp-bh"]);
        assert_eq!(
            of("skatteverket"),
            ["legitimeringstjanst", "objektlagring-skatteverket", "underskriftstjanst", "vdc-skatteverket"]
        );
        assert_eq!(of("forsakringskassan").len(), 9);
        // Nobody is connected yet: the report gives counts, not which agencies.
        let efos = app.client.indicators("efos", 2025).await.unwrap();
        assert_eq!((efos.state_agencies.count, efos.state_agencies.of), (0, Some(223)));
        let trv = app.client.organisations().get("trafikverket").await.unwrap();
        assert!(trv.preparedness_agency);
        // People see what a supplier supplies on its page.
        let (_, page) = app.page("/organisationer/trafikverket").await;
        assert!(page.contains(r#"<a href="/tjanster/dsp-bh">DSP BH – säker arbetsplats för nivå begränsat hemlig</a>"#), "{page}");
    }

    async fn a_block_is_a_shared_service_once_in_use_and_run_by_its_responsible(app: TestApp) {
        let bv = app.client_for("bolagsverket");
        let ombud = service("ombud", "bolagsverket", Some("mina-ombud"));
        // Mina ombud is in Utveckling: not in use yet.
        assert_problem(bv.shared_services().create(&ombud).await, 409, Some("buildingBlock"));
        introduce_mina_ombud(&app).await;
        // Another agency records no service in Bolagsverket's name, nor the owner one run by
        // another than the block's responsible.
        assert_problem(app.client_for("skatteverket").shared_services().create(&ombud).await, 403, None);
        let elsewhere = service("ombud", "skatteverket", Some("mina-ombud"));
        assert_problem(app.client_for("digg").shared_services().create(&elsewhere).await, 409, Some("supplier"));
        let created = bv.shared_services().create(&ombud).await.unwrap();
        assert_eq!(created.supplier.slug.as_deref(), Some("bolagsverket"));
        assert_eq!(created.building_block.unwrap().slug.as_deref(), Some("mina-ombud"));
        // A supplier's IT operation service is a shared service of its own, without a block.
        let drift = service("e-post", "forsakringskassan", None);
        app.client_for("forsakringskassan").shared_services().create(&drift).await.unwrap();
        assert_problem(bv.shared_services().create(&ombud).await, 409, Some("slug"));
        let mine = app.client.shared_services().list(&[("supplier", "bolagsverket")]).await.unwrap();
        assert_eq!(mine.total_count, 1);
        let of_block = app.client.shared_services().list(&[("buildingBlock", "mina-ombud")]).await.unwrap();
        assert_eq!(of_block.items[0].slug, "ombud");
        // When the owner moves the block's appointment, the service's supplier follows, as a
        // recorded change of the service.
        let digg = app.client_for("digg");
        let b = digg.building_blocks().get("mina-ombud").await.unwrap();
        let mut moved = registry::store::building_blocks::to_input(&b);
        moved.responsible = Some("skatteverket".into());
        digg.building_blocks().replace("mina-ombud", Some(b.meta.version), &moved).await.unwrap();
        let now = app.client.shared_services().get("ombud").await.unwrap();
        assert_eq!(now.supplier.slug.as_deref(), Some("skatteverket"));
        assert_eq!(now.meta.version, 2);
        let history = app.client.shared_services().history("ombud", &[]).await.unwrap();
        assert_eq!(history.total_count, 2);
        // The IT operation service, tied to no block, keeps its supplier.
        let drift = app.client.shared_services().get("e-post").await.unwrap();
        assert_eq!(drift.supplier.slug.as_deref(), Some("forsakringskassan"));
    }

    async fn a_connection_moves_through_its_steps_recorded_by_the_supplier(app: TestApp) {
        introduce_mina_ombud(&app).await;
        let bv = app.client_for("bolagsverket");
        bv.shared_services().create(&service("ombud", "bolagsverket", Some("mina-ombud"))).await.unwrap();
        let skv = app.client_for("skatteverket");
        let interest = InterestInput {
            organisation: "skatteverket".into(),
            interest_on: date("2025-01-10"),
            note: None,
        };
        // An organisation states its own interest, not another's.
        let other = InterestInput { organisation: "scb".into(), ..interest.clone() };
        assert_problem(skv.express_interest("ombud", &other).await, 403, None);
        let c = skv.express_interest("ombud", &interest).await.unwrap();
        assert_eq!(c.step, ConnectionStep::Intresseanmalan);
        assert_eq!(c.interest_on, Some(date("2025-01-10")));
        assert_problem(skv.express_interest("ombud", &interest).await, 409, Some("organisation"));
        assert_problem(skv.express_interest("finns-inte", &interest).await, 404, None);
        // The later steps are the supplier's to record.
        let id = c.meta.id.to_string();
        let agreed = connection("skatteverket", [Some("2025-01-10"), Some("2025-02-01"), None, None]);
        assert_problem(skv.connections().replace(&id, Some(1), &agreed).await, 403, None);
        assert_problem(skv.connections().create(&connection("scb", [Some("2025-01-10"), None, None, None])).await, 403, None);
        // In order, each dated no earlier than the one before.
        let skipped = connection("skatteverket", [Some("2025-01-10"), None, Some("2025-03-01"), None]);
        assert_problem(bv.connections().replace(&id, Some(1), &skipped).await, 422, Some("connectedOn"));
        let backwards = connection("skatteverket", [Some("2025-01-10"), Some("2024-12-01"), None, None]);
        assert_problem(bv.connections().replace(&id, Some(1), &backwards).await, 422, Some("agreementOn"));
        assert_problem(bv.connections().replace(&id, Some(1), &connection("skatteverket", [None; 4])).await, 422, Some("interestOn"));
        let agreed = bv.connections().replace(&id, Some(1), &agreed).await.unwrap();
        assert_eq!(agreed.step, ConnectionStep::Samverkansoverenskommelse);
        let connected = connection("skatteverket", [Some("2025-01-10"), Some("2025-02-01"), Some("2025-03-01"), None]);
        let connected = bv.connections().replace(&id, Some(2), &connected).await.unwrap();
        assert_eq!(connected.step, ConnectionStep::Ansluten);
        // One connection per service and organisation.
        assert_problem(bv.connections().create(&connection("skatteverket", [Some("2025-05-01"), None, None, None])).await, 409, Some("organisation"));
        let page = app.client.connections().list(&[("step", "ansluten"), ("service", "ombud")]).await.unwrap();
        assert_eq!(page.items, [connected]);
        assert_eq!(app.client.connections().list(&[("step", "lamnat")]).await.unwrap().total_count, 0);
        assert_problem(app.client.connections().list(&[("step", "kopplad")]).await, 400, Some("step"));
    }

    async fn the_seven_indicators_are_computed_per_service_and_year(app: TestApp) {
        let bv = connected_service(&app).await;
        bv.service_reports().create(&report(2024, 10.0)).await.unwrap();
        bv.service_reports().create(&report(2025, 12.5)).await.unwrap();
        assert_problem(bv.service_reports().create(&report(2025, 13.0)).await, 409, Some("year"));
        assert_problem(app.client_for("skatteverket").service_reports().create(&report(2026, 13.0)).await, 403, None);
        let out_of_range = ServiceReportInput { satisfaction: Some(11.0), ..report(2026, 13.0) };
        assert_problem(bv.service_reports().create(&out_of_range).await, 400, Some("satisfaction"));

        let i = app.client.indicators("ombud", 2025).await.unwrap();
        assert_eq!(i.baseline_year, 2025);
        // 1: Skatteverket and SCB (Försäkringskassan left, SKR is no state agency) of the
        // seeded 223; 2: Skatteverket of the 67 preparedness agencies.
        assert_eq!((i.state_agencies.count, i.state_agencies.of, i.state_agencies.percent), (2, Some(223), Some(0.9)));
        assert_eq!((i.preparedness_agencies.count, i.preparedness_agencies.of, i.preparedness_agencies.percent), (1, Some(67), Some(1.5)));
        assert_eq!((i.units, i.unit.as_deref()), (Some(120_000.0), Some("användare")));
        assert_eq!(i.full_cost_per_unit_sek, Some(150.0));
        assert_eq!(i.fee_change_percent, Some(25.0));
        assert_eq!(i.availability_percent, Some(99.6));
        assert_eq!(i.satisfaction, Some(7.4));
        // Three answers in a category are published as 2.5, and the share follows.
        let counts: Vec<(f64, f64)> = i.answers.iter().map(|a| (a.count, a.percent)).collect();
        assert_eq!(counts, [(2.5, 6.3), (12.0, 30.0), (25.0, 62.5)]);

        // 2024: Försäkringskassan was connected; no denominators are stored for 2024, and
        // there is no report of 2023 to change the fee from.
        let i = app.client.indicators("ombud", 2024).await.unwrap();
        assert_eq!((i.state_agencies.count, i.state_agencies.of, i.state_agencies.percent), (1, None, None));
        assert_eq!(i.fee_change_percent, None);
        // The denominators are the infrastructure owner's to store, one entry per year.
        let y2024 = IndicatorYearInput { year: 2024, state_agencies: 225, preparedness_agencies: 60, source: None };
        assert_problem(bv.indicator_years().create(&y2024).await, 403, None);
        app.client_for("digg").indicator_years().create(&y2024).await.unwrap();
        assert_problem(app.client.indicator_years().create(&IndicatorYearInput { year: 2025, ..y2024.clone() }).await, 409, Some("year"));
        let wrong = IndicatorYearInput { preparedness_agencies: 300, ..y2024.clone() };
        assert_problem(app.client.indicator_years().create(&wrong).await, 422, Some("preparednessAgencies"));
        let i = app.client.indicators("ombud", 2024).await.unwrap();
        assert_eq!((i.state_agencies.of, i.state_agencies.percent), (Some(225), Some(0.4)));

        // Availability only for a service with agreed opening hours.
        let fk = app.client_for("forsakringskassan");
        let drift = SharedServiceInput { agreed_hours: false, ..service("e-post", "forsakringskassan", None) };
        fk.shared_services().create(&drift).await.unwrap();
        let r = ServiceReportInput { service: "e-post".into(), ..report(2025, 1.0) };
        assert_problem(fk.service_reports().create(&r).await, 409, Some("availabilityPercent"));
        let r = ServiceReportInput { availability_percent: None, ..r };
        fk.service_reports().create(&r).await.unwrap();
        let i = app.client.indicators("e-post", 2025).await.unwrap();
        assert_eq!((i.availability_percent, i.state_agencies.count), (None, 0));
        assert_problem(app.client.indicators("ombud", 1999).await, 400, Some("year"));
    }

    async fn a_blocks_adoption_is_served_over_time(app: TestApp) {
        connected_service(&app).await;
        let a = app.client.adoption("mina-ombud").await.unwrap();
        assert_eq!(a.building_block.slug.as_deref(), Some("mina-ombud"));
        assert_eq!(a.services.len(), 1);
        let points: Vec<(String, i64, i64)> = a.points.iter()
            .map(|p| (p.date.to_string(), p.state_agencies, p.organisations)).collect();
        assert_eq!(points, [
            ("2024-04-01".to_string(), 1, 1),
            ("2025-03-01".to_string(), 2, 2),
            ("2025-05-01".to_string(), 3, 3),
            ("2025-06-01".to_string(), 3, 4),
            ("2025-06-30".to_string(), 2, 3),
        ]);
        assert_eq!(a.years[0].year, 2024);
        assert_eq!((a.years[0].state_agencies.count, a.years[0].state_agencies.of), (1, None));
        assert_eq!((a.years[1].state_agencies.count, a.years[1].state_agencies.percent), (2, Some(0.9)));
        assert_eq!(a.years[1].organisations, 3);
        // A block no one is connected to has an empty series.
        let none = app.client.adoption("mina-arenden").await.unwrap();
        assert!(none.points.is_empty() && none.services.is_empty());
        assert_problem(app.client.adoption("finns-inte").await, 404, None);
    }
}

async fn a_mirror_computes_the_same_indicators(backend: Backend) {
    let origin = node(backend, "ursprung", true).await;
    let bv = connected_service(&origin).await;
    bv.service_reports()
        .create(&report(2025, 12.5))
        .await
        .unwrap();
    let mirror = node(backend, "spegel", false).await;
    let peer = add_peer(&mirror, &origin, &["ursprung"]).await;
    sync(&mirror, &peer).await;
    let there = origin.client.indicators("ombud", 2025).await.unwrap();
    let here = mirror.client.indicators("ombud", 2025).await.unwrap();
    assert_eq!(here, there);
    assert_eq!(here.state_agencies.count, 2);
    let connections = mirror.client.connections().list(&[]).await.unwrap();
    assert_eq!(connections.total_count, 4);
    assert!(connections
        .items
        .iter()
        .all(|c| c.meta.origin == "ursprung"));
    let years = mirror.client.indicator_years().list(&[]).await.unwrap();
    assert_eq!(years.items[0].state_agencies, 223);
}

on_both_backends!(a_mirror_computes_the_same_indicators);
