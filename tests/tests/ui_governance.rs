//! The web interface's governance pages: plans and late milestones, the governing documents'
//! hierarchy, organisations with their roles, competence areas, base-data domains, idea
//! candidates and funding. Every page is fetched from the real server, must parse as HTML5
//! without an error, and its same-origin links to pages served here must answer.

use std::collections::BTreeSet;

use integration_tests::openapi::*;
use integration_tests::{both_backends, TestApp};
use serde_json::json;

/// A page as a browser gets it: status and body, which must be well-formed HTML5.
async fn get(app: &TestApp, path: &str) -> (u16, String) {
    // The parser does report what is not well-formed.
    assert!(
        !scraper::Html::parse_document("<!DOCTYPE html><p><b>x</p></i>")
            .errors
            .is_empty()
    );
    let resp = reqwest::Client::new()
        .get(format!("{}{path}", app.address))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let ct = resp.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ct.starts_with("text/html"), "{path}: {ct}");
    let body = resp.text().await.unwrap();
    let doc = scraper::Html::parse_document(&body);
    assert!(doc.errors.is_empty(), "{path}: {:?}", doc.errors);
    let h1 = scraper::Selector::parse("h1").unwrap();
    assert_eq!(doc.select(&h1).count(), 1, "{path}: one h1");
    (status, body)
}

/// A page that must be there.
async fn page(app: &TestApp, path: &str) -> String {
    let (status, body) = get(app, path).await;
    assert_eq!(status, 200, "{path}");
    body
}

/// The paths this part of the interface (and the foundation) serves: links to these must
/// answer; links to pages other parts build are not checked here.
const SERVED: &[&str] = &[
    "/planer",
    "/styrdokument",
    "/organisationer",
    "/kompetensomraden",
    "/grunddatadomaner",
    "/ideer",
    "/finansiering",
    "/byggblock",
];

/// Every same-origin link of `body` to a page served here answers 200.
async fn links_answer(app: &TestApp, body: &str, checked: &mut BTreeSet<String>) {
    let doc = scraper::Html::parse_document(body);
    let a = scraper::Selector::parse("a[href]").unwrap();
    let hrefs: Vec<String> = doc
        .select(&a)
        .filter_map(|e| e.value().attr("href"))
        .filter(|h| h.starts_with('/'))
        .map(|h| h.split('#').next().unwrap().to_string())
        .filter(|h| {
            let path = h.split('?').next().unwrap();
            SERVED
                .iter()
                .any(|s| path == *s || path.starts_with(&format!("{s}/")))
        })
        .collect();
    for h in hrefs {
        if checked.insert(h.clone()) {
            let (status, _) = get(app, &h).await;
            assert_eq!(status, 200, "link {h}");
        }
    }
}

/// The text of the element `selector` matches whose text contains `needle`.
fn element_text(body: &str, selector: &str, needle: &str) -> String {
    let doc = scraper::Html::parse_document(body);
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<String>())
        .find(|t| t.contains(needle))
        .unwrap_or_else(|| panic!("no {selector} with {needle:?}"))
}

fn at(body: &str, needle: &str) -> usize {
    body.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not on the page"))
}

async fn bad_request(app: &TestApp, path: &str, param: &str) {
    let (status, body) = get(app, path).await;
    assert_eq!(status, 400, "{path}");
    assert!(body.contains(param), "{path} names {param}");
}

async fn not_found(app: &TestApp, path: &str) {
    let (status, _) = get(app, path).await;
    assert_eq!(status, 404, "{path}");
}

fn document(
    title: &str,
    level: i32,
    parent: Option<&Document>,
    scope: ScopeInput,
) -> DocumentInput {
    DocumentInput {
        title: title.into(),
        level,
        parent: parent.map(|p| p.meta.id.to_string()),
        scope,
        author_organisation: "digg".into(),
        status: None,
        decided_date: None,
        level2_author_roles: if level == 1 {
            vec![Role::Byggblocksansvarig]
        } else {
            vec![]
        },
        document_version: Some("1.0".into()),
        link: None,
    }
}

fn whole() -> ScopeInput {
    ScopeInput {
        kind: ScopeKind::Infrastruktur,
        subject: None,
    }
}

both_backends! {
    async fn plans_show_their_milestones_and_flag_the_late_ones(app: TestApp) {
        let mut checked = BTreeSet::new();
        let plan = app.client.plans().create(&PlanInput {
            source: None,
            slug: "provplan".into(),
            name: "Provplan för gränssnittet".into(),
            kind: PlanKind::Taktisk,
            description: "En plan att visa.".into(),
            scope: ScopeInput { kind: ScopeKind::Byggblock, subject: Some("api-hantering".into()) },
        }).await.unwrap();
        let ms = app.client.milestones();
        let milestone = |number, description: &str, due: &str| MilestoneInput {
            plan: plan.slug.clone(),
            number,
            description: description.into(),
            due: due.into(),
            done_criteria: format!("Klart när {description} finns"),
            area: "Prov".into(),
            responsible: "DIGG".into(),
            status: WorkStatus::Pagar,
        };
        let late = ms.create(&milestone(1, "Gammal milstolpe", "2020-Q1")).await.unwrap();
        ms.create(&milestone(2, "Framtida milstolpe", "2099-Q4")).await.unwrap();
        // A move of the late one's quarter is kept and shown.
        ms.replace(&late.meta.id.to_string(), Some(late.meta.version), &milestone(1, "Gammal milstolpe", "2020-Q2")).await.unwrap();

        let list = page(&app, "/planer").await;
        let row = element_text(&list, "tr", "Provplan för gränssnittet");
        assert!(row.contains("Taktisk färdplan") && row.contains("API-hantering"), "{row}");
        assert!(row.ends_with("21"), "two milestones, one late: {row}");
        let seeded = element_text(&list, "tr", "Milstolpeplan för styrningsstrukturen 2021");
        assert!(seeded.contains("1919"), "19 milestones, all late: {seeded}");
        assert!(list.contains("href=\"/planer?late=true\""));
        links_answer(&app, &list, &mut checked).await;

        let p = page(&app, "/planer/provplan").await;
        assert!(p.contains("<h1>Provplan för gränssnittet</h1>"));
        let old = element_text(&p, "tr", "Gammal milstolpe");
        assert!(old.contains("⚠") && old.contains("2020-Q2 – försenad"), "{old}");
        assert!(old.contains("Klart när Gammal milstolpe finns") && old.contains("Pågår"), "{old}");
        assert!(old.contains("Flyttad 2020-Q1 → 2020-Q2"), "{old}");
        let future = element_text(&p, "tr", "Framtida milstolpe");
        assert!(!future.contains("försenad") && !future.contains("⚠"), "{future}");
        assert!(at(&p, "Gammal milstolpe") < at(&p, "Framtida milstolpe"));
        links_answer(&app, &p, &mut checked).await;

        let en = page(&app, "/planer/provplan?lang=en").await;
        assert!(en.contains("<html lang=\"en\">"));
        assert!(element_text(&en, "tr", "Gammal milstolpe").contains("2020-Q2 – late"));
        assert!(en.contains("Tactical roadmap") && en.contains("Done when:") && en.contains("In progress"));

        // Every late milestone across the plans, and not the others.
        let late_list = page(&app, "/planer?late=true").await;
        assert!(late_list.contains("Gammal milstolpe") && !late_list.contains("Framtida milstolpe"));
        assert!(late_list.contains("Underlag gällande utformning"));
        assert!(late_list.contains("av 20"), "19 seeded and one new are late");
        links_answer(&app, &late_list, &mut checked).await;
        // The seeded plan's 19 milestones fit one page, in number order.
        let seeded = page(&app, "/planer/styrningsstruktur-2021").await;
        assert!(seeded.contains("Visar 1–19 av 19"));
        assert_eq!(seeded.matches("– försenad").count(), 19);

        bad_request(&app, "/planer?late=ja", "late").await;
        bad_request(&app, "/planer?kind=okand", "kind").await;
        not_found(&app, "/planer/finns-inte").await;
        not_found(&app, "/planer/00000000-0000-0000-0000-000000000000").await;
        assert!(checked.len() > 5, "{checked:?}");
    }

    async fn governing_documents_show_as_a_tree_and_one_by_one(app: TestApp) {
        let mut checked = BTreeSet::new();
        let docs = app.client.documents();
        let l1 = docs.create(&document("Styrning av informationsutbytet", 1, None, whole())).await.unwrap();
        let id1 = l1.meta.id.to_string();
        app.client.document_step(&id1, "presentation", &app.presented_on("2021-05-01").await).await.unwrap();
        let l1 = app.client.document_step(&id1, "decision", &json!({"decidedDate": "2021-06-01", "decidingOrganisation": "digg"})).await.unwrap();
        let block = ScopeInput { kind: ScopeKind::Byggblock, subject: Some("api-hantering".into()) };
        let l2 = docs.create(&document("Riktlinjer för API:er", 2, Some(&l1), block)).await.unwrap();
        let l3 = docs.create(&document("Checklista för API-design", 3, Some(&l2), whole())).await.unwrap();
        // A second level 1, created after the level 3, still comes first in the tree.
        let other = docs.create(&document("Annan nivå ett", 1, None, whole())).await.unwrap();

        let tree = page(&app, "/styrdokument").await;
        assert!(at(&tree, "Styrning av informationsutbytet") < at(&tree, "Riktlinjer för API:er"));
        assert!(at(&tree, "Riktlinjer för API:er") < at(&tree, "Checklista för API-design"));
        // The level 3 hangs in a list inside the level 2's item, inside the level 1's.
        let l1_item = element_text(&tree, ".tree > ul > li", "Styrning av informationsutbytet");
        assert!(l1_item.contains("Riktlinjer för API:er") && l1_item.contains("Checklista för API-design"));
        assert!(!l1_item.contains("Annan nivå ett"));
        let l2_item = element_text(&tree, ".tree ul ul > li", "Riktlinjer för API:er");
        assert!(l2_item.contains("Checklista för API-design"));
        assert!(l1_item.contains("Beslutat") && l1_item.contains("gäller") && l1_item.contains("Utkast"));
        assert!(l2_item.contains("Byggblock: API-hantering") && l2_item.contains("Myndigheten för digital förvaltning"));
        links_answer(&app, &tree, &mut checked).await;

        let in_force = page(&app, "/styrdokument?inForce=true").await;
        assert!(in_force.contains("Styrning av informationsutbytet"));
        assert!(!in_force.contains("Riktlinjer för API:er") && !in_force.contains("Annan nivå ett"));
        assert!(in_force.contains("checked"));

        let not_in_force = page(&app, "/styrdokument?inForce=false").await;
        assert!(not_in_force.contains("Riktlinjer för API:er") && !not_in_force.contains("Styrning av informationsutbytet"));
        let level2 = page(&app, "/styrdokument?level=2").await;
        assert!(level2.contains("Riktlinjer för API:er") && !level2.contains("Checklista för API-design"));
        let drafts = page(&app, "/styrdokument?status=utkast&q=checklista").await;
        assert!(drafts.contains("Checklista för API-design") && !drafts.contains("Riktlinjer för API:er"));

        let d2 = page(&app, &format!("/styrdokument/{}", l2.meta.id)).await;
        assert!(d2.contains("<h1>Riktlinjer för API:er</h1>"));
        assert!(d2.contains(&format!("href=\"/styrdokument/{}\"", l1.meta.id)), "the parent");
        assert!(d2.contains(&format!("href=\"/styrdokument/{}\"", l3.meta.id)), "the child");
        assert!(d2.contains("href=\"/byggblock/api-hantering\"") && d2.contains("href=\"/organisationer/digg\""));
        assert!(d2.contains("Ändringshistorik") && d2.contains("skapad"));
        links_answer(&app, &d2, &mut checked).await;

        // A new version: both versions on each one's page, the decided one with its dates.
        let v2 = app.client.document_step(&id1, "versions", &json!({"documentVersion": "2.0"})).await.unwrap();
        let d1 = page(&app, &format!("/styrdokument/{id1}")).await;
        assert!(d1.contains("<time datetime=\"2021-06-01\">2021-06-01</time>"));
        assert!(d1.contains("<time datetime=\"2021-05-01\">2021-05-01</time>"));
        let versions = element_text(&d1, "ol.versions", "v1.0");
        assert!(versions.contains("v2.0") && versions.contains("Utkast"), "{versions}");
        let dv2 = page(&app, &format!("/styrdokument/{}", v2.meta.id)).await;
        assert!(element_text(&dv2, "ol.versions", "v2.0").contains("v1.0"));
        assert!(element_text(&dv2, "dl", "Ersätter").contains("Styrning av informationsutbytet"));
        // The tree shows the version in force with the draft named beside it, once.
        let tree = page(&app, "/styrdokument").await;
        assert_eq!(tree.matches("Checklista för API-design").count(), 1);
        assert!(tree.contains(&format!("href=\"/styrdokument/{}\"", v2.meta.id)));

        let en = page(&app, &format!("/styrdokument/{}?lang=en", other.meta.id)).await;
        assert!(en.contains("Authoring organisation") && en.contains("Draft") && en.contains("Level"));
        let en = page(&app, "/styrdokument?lang=en").await;
        assert!(en.contains("<h1>Governing documents</h1>") && en.contains("in force"));

        bad_request(&app, "/styrdokument?level=4", "level").await;
        bad_request(&app, "/styrdokument?level=ett", "level").await;
        bad_request(&app, "/styrdokument?status=klar", "status").await;
        bad_request(&app, "/styrdokument?inForce=ja", "inForce").await;
        not_found(&app, "/styrdokument/00000000-0000-0000-0000-000000000000").await;
        not_found(&app, "/styrdokument/finns-inte").await;
        assert!(checked.len() > 5, "{checked:?}");
    }

    async fn organisations_show_their_roles_blocks_and_apis(app: TestApp) {
        let mut checked = BTreeSet::new();
        let list = page(&app, "/organisationer").await;
        assert!(list.contains("href=\"/organisationer/digg\""));
        assert!(list.contains("Myndigheten för digital förvaltning") && list.contains("Bolagsverket"));
        assert!(list.contains("href=\"/kompetensomraden\"") && list.contains("href=\"/finansiering\""));
        links_answer(&app, &list, &mut checked).await;
        let found = page(&app, "/organisationer?q=bolagsverket").await;
        assert!(found.contains("Bolagsverket") && !found.contains("Myndigheten för digital förvaltning"));
        let municipalities = page(&app, "/organisationer?kind=kommun").await;
        assert!(!municipalities.contains("Bolagsverket"));
        let paged = page(&app, "/organisationer?offset=5").await;
        assert!(paged.contains("Visar 6–"), "the offset pages");

        let digg = page(&app, "/organisationer/digg").await;
        assert!(digg.contains("<h1>Myndigheten för digital förvaltning</h1>"));
        let roles = element_text(&digg, "table", "Infrastrukturansvarig");
        assert!(roles.contains("Hela infrastrukturen"));
        assert!(element_text(&digg, "tr", "Byggblock: API-hantering").contains("Byggblocksansvarig"));
        assert!(digg.contains("href=\"/byggblock/api-hantering\""));
        links_answer(&app, &digg, &mut checked).await;
        // An API the organisation publishes links to the catalogue.
        let apis = app.client.apis().list(&[("limit", "100")]).await.unwrap();
        let published = apis.items.first().expect("the seed has APIs");
        let publisher = published.publisher.slug.clone().unwrap();
        let org = page(&app, &format!("/organisationer/{publisher}")).await;
        assert!(org.contains(&format!("href=\"/api-katalog/{}\"", published.meta.id)));
        assert!(org.contains(&published.title.sv));

        let en = page(&app, "/organisationer/digg?lang=en").await;
        assert!(en.contains("Infrastructure owner") && en.contains("Building-block owner") && en.contains("State agency"));
        let en = page(&app, "/organisationer?lang=en").await;
        assert!(en.contains("<h1>Organisations</h1>"));

        bad_request(&app, "/organisationer?kind=myndighet", "kind").await;
        not_found(&app, "/organisationer/finns-inte").await;
        assert!(checked.len() > 5, "{checked:?}");
    }

    async fn register_pages_show_areas_domains_ideas_and_funding(app: TestApp) {
        let mut checked = BTreeSet::new();
        let areas = app.client.competence_areas().list(&[]).await.unwrap();
        assert!(!areas.items.is_empty());
        let area = ScopeInput { kind: ScopeKind::Kompetensomrade, subject: Some("arkitektur".into()) };
        app.client.documents().create(&document("Arkitekturprinciper", 1, None, area)).await.unwrap();
        let ko = page(&app, "/kompetensomraden").await;
        assert!(element_text(&ko, "section", "Standarder, arkitekturprinciper").contains("Arkitekturprinciper"));
        for a in &areas.items {
            assert!(ko.contains(&format!("id=\"{}\"", a.slug)) && ko.contains(&a.name), "{}", a.slug);
        }
        assert!(ko.contains(areas.items[0].status.label_sv()));
        links_answer(&app, &ko, &mut checked).await;
        bad_request(&app, "/kompetensomraden?status=klar", "status").await;

        let empty = page(&app, "/grunddatadomaner").await;
        assert!(empty.contains("Inga grunddatadomäner matchar."));
        app.client.base_data_domains().create(&BaseDataDomainInput { analysis_lead: None, analyses: Default::default(),
            source: None,
            slug: "fastighet".into(),
            name: "Fastighetsinformation".into(),
            description: "Grunddata om fastigheter.".into(),
            responsible: Some("lantmateriet".into()),
            phase: None,
            producers: vec!["lantmateriet".into(), "skatteverket".into()],
        }).await.unwrap();
        let gd = page(&app, "/grunddatadomaner").await;
        let section = element_text(&gd, "section", "Fastighetsinformation");
        assert!(gd.contains("id=\"fastighet\""));
        assert!(section.contains("Lantmäteriet") && section.contains("Skatteverket") && section.contains("Idé"), "{section}");
        links_answer(&app, &gd, &mut checked).await;
        bad_request(&app, "/grunddatadomaner?phase=klar", "phase").await;
        // The organisation's page names the domain.
        let lm = page(&app, "/organisationer/lantmateriet").await;
        assert!(lm.contains("href=\"/grunddatadomaner#fastighet\""));

        let idea = app.client.idea_candidates().create(&IdeaCandidateInput {
            title: "Gemensam hantering av samtycken".into(),
            need: "Flera myndigheter bygger var sin lösning.".into(),
            proposer: "skatteverket".into(),
            affected_actors: vec!["kommuner".into()],
        }).await.unwrap();
        let id = idea.meta.id.to_string();
        app.client.idea_step(&id, "qualification", &json!({"assessment": "Behovet är verkligt."})).await.unwrap();
        app.client.idea_step(&id, "priority", &json!({"priority": 2})).await.unwrap();
        let ideas = page(&app, "/ideer").await;
        let row = element_text(&ideas, "tr", "Gemensam hantering av samtycken");
        assert!(row.contains("Skatteverket") && row.contains("Kvalificerad") && row.contains('2'), "{row}");
        links_answer(&app, &ideas, &mut checked).await;
        assert!(!page(&app, "/ideer?status=avslagen").await.contains("Gemensam hantering"));
        let one = page(&app, &format!("/ideer/{id}")).await;
        let steps = element_text(&one, "ol.steps", "Föreslagen");
        assert!(at(&steps, "Föreslagen") < at(&steps, "Kvalificerad"));
        assert!(at(&steps, "Kvalificerad") < at(&steps, "Prioriterad: 2"), "{steps}");
        assert!(one.contains("Behovet är verkligt."));
        let en = page(&app, &format!("/ideer/{id}?lang=en")).await;
        assert!(en.contains("Proposed") && en.contains("Qualified") && en.contains("Prioritised: 2"));
        bad_request(&app, "/ideer?status=ny", "status").await;
        not_found(&app, "/ideer/00000000-0000-0000-0000-000000000000").await;

        let summary: Vec<FundingSummary> = app.client
            .request(reqwest::Method::GET, "/api/v1/funding-needs/summary")
            .send().await.unwrap().json().await.unwrap();
        let funding = page(&app, "/finansiering").await;
        let year = element_text(&funding, "tr", &summary[0].year.to_string());
        let digits: String = year.chars().filter(char::is_ascii_digit).collect();
        assert!(digits.contains(&summary[0].amount_ksek.to_string()), "{year}");
        assert!(element_text(&funding, "tr", "Identitet").contains("13\u{202f}000"));
        assert!(funding.contains("Samlad nytta") && funding.contains("Tillit och säkerhet"));
        links_answer(&app, &funding, &mut checked).await;
        let en = page(&app, "/finansiering?lang=en").await;
        assert!(en.contains("Funding need per year") && en.contains("All kinds together"));
        for path in ["/kompetensomraden?lang=en", "/grunddatadomaner?lang=en", "/ideer?lang=en"] {
            assert!(page(&app, path).await.contains("<html lang=\"en\">"));
        }
        assert!(checked.len() > 5, "{checked:?}");
    }
}
