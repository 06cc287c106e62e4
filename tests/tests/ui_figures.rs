//! The web interface's figures: the dependency graph at `/beroenden`, the phase overview at
//! `/faser`, and a block page's graph, roadmap and funding bars, fetched from the real seeded
//! server; every figure an SVG image with a title and a description, beside a table of the
//! same data, and every page well-formed HTML5.

use integration_tests::openapi::*;
use integration_tests::{both_backends, TestApp};
use scraper::{Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// A page as a browser asks for it: its status and the parsed document, which must have no
/// HTML5 parse error.
async fn page(app: &TestApp, path: &str) -> (u16, Html) {
    let resp = reqwest::Client::new()
        .get(format!("{}{path}", app.address))
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let csp = resp
        .headers()
        .get("content-security-policy")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(csp.contains("style-src 'self'"), "{path}: {csp}");
    let body = resp.text().await.unwrap();
    let doc = Html::parse_document(&body);
    assert!(doc.errors.is_empty(), "{path}: {:?}", doc.errors);
    // The CSP allows no inline style: none is written.
    assert!(!body.contains("style=\""), "{path} has an inline style");
    (status, doc)
}

fn count(doc: &Html, s: &str) -> usize {
    doc.select(&sel(s)).count()
}

fn text(doc: &Html) -> String {
    doc.root_element().text().collect::<Vec<_>>().join(" ")
}

/// Every figure: an image (or, for a graph whose boxes are links, a group) named by its own
/// title and description.
fn figures_are_named(doc: &Html) {
    for svg in doc.select(&sel("svg")) {
        let links = svg.select(&sel("a")).next().is_some();
        let role = if links { "group" } else { "img" };
        assert_eq!(svg.value().attr("role"), Some(role));
        let ids = svg.value().attr("aria-labelledby").unwrap();
        for id in ids.split(' ') {
            let named = doc.select(&sel(&format!("#{id}"))).next();
            assert!(
                named.is_some_and(|e| !e.text().collect::<String>().trim().is_empty()),
                "{id}"
            );
        }
        assert!(svg.value().attr("viewBox").is_some());
    }
}

/// The same-origin links of a page to blocks and figures all lead somewhere.
async fn links_resolve(app: &TestApp, doc: &Html) {
    let mut hrefs: Vec<String> = doc
        .select(&sel("a[href]"))
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| {
            h.starts_with("/byggblock") || h.starts_with("/faser") || h.starts_with("/beroenden")
        })
        .map(str::to_string)
        .collect();
    hrefs.sort();
    hrefs.dedup();
    for h in hrefs {
        let status = reqwest::get(format!("{}{h}", app.address))
            .await
            .unwrap()
            .status();
        assert_eq!(status, 200, "{h}");
    }
}

fn block(slug: &str, depends_on: &[&str]) -> BuildingBlockInput {
    BuildingBlockInput {
        analysis_lead: None,
        source: None,
        slug: slug.into(),
        name: format!("Provblock {slug}"),
        description: "Ett block för figurerna".into(),
        purpose: "Prov".into(),
        category: Category::Informationsutbyte,
        phase: None,
        responsible: None,
        analyses: Analyses::default(),
        value_propositions: vec![],
        depends_on: depends_on.iter().map(|s| s.to_string()).collect(),
        related_external: vec![],
    }
}

fn milestone(number: i32, due: &str, status: WorkStatus) -> MilestoneInput {
    MilestoneInput {
        plan: "mina-ombud-plan".into(),
        number,
        description: format!("Delmål {number}"),
        due: due.into(),
        done_criteria: String::new(),
        area: String::new(),
        responsible: "Bolagsverket".into(),
        status,
    }
}

both_backends! {
    async fn the_dependency_graph_draws_every_block_and_dependency(app: TestApp) {
        let bb = app.client.building_blocks();
        bb.create(&block("figur-a", &["identitet", "mina-ombud"])).await.unwrap();
        bb.create(&block("figur-b", &["figur-a", "identitet"])).await.unwrap();

        let (status, doc) = page(&app, "/beroenden").await;
        assert_eq!(status, 200);
        figures_are_named(&doc);
        assert_eq!(count(&doc, "h1"), 1);
        // One box per block, each a link to its page; one arrow per dependency.
        assert_eq!(count(&doc, "svg a.node"), 16);
        assert_eq!(count(&doc, "svg a.node[href='/byggblock/figur-b']"), 1);
        assert_eq!(count(&doc, "svg g.edges path[marker-end]"), 4);
        // The table alternative: a row per block, with its dependencies linked.
        assert_eq!(count(&doc, "table caption"), 1);
        assert_eq!(count(&doc, "table tbody tr"), 16);
        let row = doc
            .select(&sel("tbody tr"))
            .find(|r| r.select(&sel("th")).next().unwrap().text().any(|t| t == "Provblock figur-b"))
            .unwrap();
        let linked: Vec<_> = row.select(&sel("td a")).map(|a| a.value().attr("href").unwrap()).collect();
        assert_eq!(linked, ["/byggblock/identitet", "/byggblock/figur-a"]);
        assert!(text(&doc).contains("16 byggblock · 4 beroenden"));
        links_resolve(&app, &doc).await;

        let (_, en) = page(&app, "/beroenden?lang=en").await;
        let t = text(&en);
        assert!(t.contains("Dependencies between the building blocks"));
        assert!(t.contains("16 building blocks · 4 dependencies"));
        assert!(en.select(&sel("svg title")).next().unwrap().text().any(|x| x == "Dependency graph"));
        assert_eq!(count(&en, "svg a.node"), 16);
    }

    async fn a_block_pages_graph_holds_its_neighbourhood_or_only_its_neighbours(app: TestApp) {
        let bb = app.client.building_blocks();
        // 0 → 1 → 2, 3 → 1, 4 → 5: around 1 are 0, 2 and 3, not 4 and 5.
        for (slug, deps) in [("nb-2", vec![]), ("nb-1", vec!["nb-2"]), ("nb-0", vec!["nb-1"]),
            ("nb-3", vec!["nb-1"]), ("nb-5", vec![]), ("nb-4", vec!["nb-5"])] {
            bb.create(&block(slug, &deps)).await.unwrap();
        }
        let (_, doc) = page(&app, "/byggblock/nb-1").await;
        let graph = doc.select(&sel("svg[aria-labelledby='blockgraf-title blockgraf-desc']")).next().unwrap();
        let mut shown: Vec<_> = graph.select(&sel("a.node")).map(|a| a.value().attr("href").unwrap().to_string()).collect();
        shown.sort();
        assert_eq!(shown, ["/byggblock/nb-0", "/byggblock/nb-1", "/byggblock/nb-2", "/byggblock/nb-3"]);
        assert_eq!(graph.select(&sel("path[marker-end]")).count(), 3);

        // A chain of 42: more than the figure's 40 around its end, so only the direct neighbour.
        for i in (0..42).rev() {
            let next = format!("kedja-{}", i + 1);
            let deps: Vec<&str> = if i == 41 { vec![] } else { vec![next.as_str()] };
            bb.create(&block(&format!("kedja-{i}"), &deps)).await.unwrap();
        }
        let (_, doc) = page(&app, "/byggblock/kedja-0").await;
        let graph = doc.select(&sel("svg[aria-labelledby='blockgraf-title blockgraf-desc']")).next().unwrap();
        assert_eq!(graph.select(&sel("a.node")).count(), 2);
        let (_, doc) = page(&app, "/byggblock/kedja-20").await;
        let graph = doc.select(&sel("svg[aria-labelledby='blockgraf-title blockgraf-desc']")).next().unwrap();
        assert_eq!(graph.select(&sel("a.node")).count(), 3);
    }

    async fn the_seeded_register_without_dependencies_still_gets_a_figure(app: TestApp) {
        let (status, doc) = page(&app, "/beroenden").await;
        assert_eq!(status, 200);
        figures_are_named(&doc);
        assert_eq!(count(&doc, "svg a.node"), 14);
        assert_eq!(count(&doc, "svg g.edges path"), 0);
        assert!(text(&doc).contains("Inga beroenden mellan byggblocken är registrerade ännu."));
    }

    async fn the_phase_overview_has_a_column_per_phase(app: TestApp) {
        let (status, doc) = page(&app, "/faser").await;
        assert_eq!(status, 200);
        figures_are_named(&doc);
        assert_eq!(count(&doc, "h1"), 1);
        let columns: Vec<String> = doc
            .select(&sel("ol.phase-board > li h2"))
            .map(|h| h.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(columns, ["Idé (5)", "Analys och krav (6)", "Utveckling (3)", "Införande (0)", "Förvaltning (0)", "Avveckling (0)"]);
        // Every block once, linked, in its phase's column.
        assert_eq!(count(&doc, "ol.phase-board a[href^='/byggblock/']"), 14);
        assert_eq!(count(&doc, "li.phase-col-utveckling a[href='/byggblock/api-hantering']"), 1);
        // The counts as bars too.
        assert_eq!(count(&doc, "svg rect"), 3);
        assert!(text(&doc).contains("14 byggblock i registret."));
        links_resolve(&app, &doc).await;

        let (_, en) = page(&app, "/faser?lang=en").await;
        let t = text(&en);
        assert!(t.contains("The building blocks by phase"));
        assert!(t.contains("Operation and maintenance"));
        assert!(t.contains("14 building blocks in the register."));
    }

    async fn a_block_page_draws_its_graph_roadmap_and_funding(app: TestApp) {
        app.client.building_blocks().create(&block("figur-a", &["mina-ombud"])).await.unwrap();
        app.client.plans().create(&PlanInput {
            source: None,
            slug: "mina-ombud-plan".into(),
            name: "Plan för Mina ombud".into(),
            kind: PlanKind::Milstolpeplan,
            description: String::new(),
            scope: ScopeInput { kind: ScopeKind::Byggblock, subject: Some("mina-ombud".into()) },
        }).await.unwrap();
        let ms = app.client.milestones();
        ms.create(&milestone(1, "2021-Q1", WorkStatus::Klar)).await.unwrap();
        ms.create(&milestone(2, "2021-Q3", WorkStatus::Pagar)).await.unwrap();
        let moved = ms.create(&milestone(3, "2022-Q1", WorkStatus::EjPaborjad)).await.unwrap();
        ms.replace(&moved.meta.id.to_string(), Some(moved.meta.version), &milestone(3, "2022-Q4", WorkStatus::EjPaborjad)).await.unwrap();
        ms.create(&milestone(4, "2999-Q1", WorkStatus::EjPaborjad)).await.unwrap();

        let (status, doc) = page(&app, "/byggblock/mina-ombud").await;
        assert_eq!(status, 200);
        figures_are_named(&doc);
        let svg = |id: &str| doc.select(&sel(&format!("svg[aria-labelledby='{id}-title {id}-desc']"))).next().unwrap_or_else(|| panic!("no figure {id}"));
        // The graph around the block: it and the block that depends on it.
        let graph = svg("blockgraf");
        assert_eq!(graph.select(&sel("a.node")).count(), 2);
        assert_eq!(graph.select(&sel("path[marker-end]")).count(), 1);
        // The roadmap: two phase decisions of the seed, four milestones, two of them late
        // (marked by a symbol and a word), one moved.
        let road = svg("fardplan");
        assert_eq!(road.select(&sel("g.decision")).count(), 2);
        assert_eq!(road.select(&sel("g.late")).count(), 2);
        assert_eq!(road.select(&sel("g.done")).count(), 1);
        assert_eq!(road.select(&sel("line.move")).count(), 1);
        assert!(road.text().filter(|t| *t == "försenad").count() >= 2);
        // The funding bars: the seed's three years.
        let funding = svg("finansiering");
        assert_eq!(funding.select(&sel("rect")).count(), 3);
        assert!(funding.text().any(|t| t == "18\u{a0}000"));
        // Beside each, the table of the same data.
        assert!(count(&doc, "table caption") >= 4);
        links_resolve(&app, &doc).await;

        let (_, en) = page(&app, "/byggblock/mina-ombud?lang=en").await;
        let road = en.select(&sel("svg[aria-labelledby='fardplan-title fardplan-desc']")).next().unwrap();
        assert!(road.text().any(|t| t == "late"));
        assert!(road.text().any(|t| t == "Roadmap"));
        let funding = en.select(&sel("svg[aria-labelledby='finansiering-title finansiering-desc']")).next().unwrap();
        assert!(funding.text().any(|t| t == "18,000"));

        // A block without dependencies, milestones or funding draws no empty figure.
        let (_, lone) = page(&app, "/byggblock/tillganglighet").await;
        assert_eq!(count(&lone, "svg[aria-labelledby^='blockgraf']"), 0);
        let (status, _) = page(&app, "/byggblock/finns-inte").await;
        assert_eq!(status, 404);
    }

    async fn a_block_page_draws_its_adoption_beside_its_table(app: TestApp) {
        // Not yet in use: said in words, with no figure.
        let (_, before) = page(&app, "/byggblock/mina-ombud").await;
        assert_eq!(count(&before, "svg[aria-labelledby='anslutning-title anslutning-desc']"), 0);
        assert!(before.root_element().text().any(|t| t.contains("ännu ingen samordnad tjänst")));
        let decision: PhaseDecisionInput = serde_json::from_value(serde_json::json!({
            "phase": "inforande", "decisionDate": "2024-01-15", "decidingOrganisation": "digg",
            "reference": "2024-0001", "justification": "Utvecklingen är klar."})).unwrap();
        app.client.decide_phase("building-blocks", "mina-ombud", &decision).await.unwrap();
        let service: SharedServiceInput = serde_json::from_value(serde_json::json!({
            "slug": "ombud", "name": "Mina ombud i drift", "supplier": "bolagsverket",
            "buildingBlock": "mina-ombud"})).unwrap();
        app.client.shared_services().create(&service).await.unwrap();
        for (org, day) in [("skatteverket", "2024-03-01"), ("scb", "2025-05-01"), ("skr", "2025-06-01")] {
            let c: ConnectionInput = serde_json::from_value(serde_json::json!({
                "service": "ombud", "organisation": org, "interestOn": "2024-01-20",
                "agreementOn": "2024-02-01", "connectedOn": day})).unwrap();
            app.client.connections().create(&c).await.unwrap();
        }
        let (_, doc) = page(&app, "/byggblock/mina-ombud").await;
        let figure = doc.select(&sel("svg[aria-labelledby='anslutning-title anslutning-desc']")).next().unwrap();
        // One bar a year from the first connection; SKR is not a state agency.
        assert!(figure.select(&sel("rect")).count() >= 2);
        let rows: Vec<Vec<String>> = doc.select(&sel("figure.chart table tbody tr")).filter_map(|tr| {
            let cells: Vec<String> = tr.select(&sel("th, td"))
                .map(|c| c.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            (cells.first().map(String::as_str) == Some("2025")).then_some(cells)
        }).collect();
        assert_eq!(rows, [["2025", "2", "0,9 % av 223", "3"]]);
        assert!(doc.root_element().text().any(|t| t.contains("Mina ombud i drift")));
    }
}
