//! The forms of the daily work in the web interface, each on the API's command and rules:
//! the responsible agency edits its block (and an edit made meanwhile by someone else is
//! reported, not overwritten), moves a milestone, edits its API; the infrastructure owner
//! decides a document, accepts an idea candidate, adds an organisation and appoints a role.
//! What the API refuses, the form refuses, with the reason beside the field and nothing written.

use integration_tests::*;
use reqwest::Method;
use scraper::{Html, Selector};
use serde_json::{json, Value};

/// A form page: its status, body, and the values of its hidden fields (csrf, version).
async fn open(app: &TestApp, path: &str, cookie: &str) -> (u16, String, Vec<(String, String)>) {
    let res = browser()
        .get(format!("{}{path}", app.address))
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let body = res.text().await.unwrap();
    let doc = Html::parse_document(&body);
    assert!(doc.errors.is_empty(), "{path}: {:?}", doc.errors);
    let hidden = doc
        .select(&Selector::parse(r#"form.stack input[type="hidden"]"#).unwrap())
        .filter_map(|i| {
            Some((
                i.value().attr("name")?.to_string(),
                i.value().attr("value")?.to_string(),
            ))
        })
        .collect();
    (status, body, hidden)
}

/// The value a field of the form shows.
fn shown(body: &str, name: &str) -> String {
    let doc = Html::parse_document(body);
    let input = Selector::parse(&format!(r#"[name="{name}"]"#)).unwrap();
    let el = doc
        .select(&input)
        .next()
        .unwrap_or_else(|| panic!("no field {name}"));
    match el.value().name() {
        "textarea" => el.text().collect(),
        "select" => el
            .select(&Selector::parse("option[selected]").unwrap())
            .next()
            .and_then(|o| o.value().attr("value"))
            .unwrap_or_default()
            .to_string(),
        _ => el.value().attr("value").unwrap_or_default().to_string(),
    }
}

async fn send(
    app: &TestApp,
    path: &str,
    cookie: &str,
    hidden: &[(String, String)],
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut form: Vec<(&str, &str)> = hidden
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    form.extend_from_slice(fields);
    browser()
        .post(format!("{}{path}", app.address))
        .header("Cookie", cookie)
        .header("Origin", &app.address)
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// A refused form: its status, and that the page names the field beside its input.
async fn refused(res: reqwest::Response, status: u16, field_id: Option<&str>) -> String {
    assert_eq!(res.status(), status);
    let body = res.text().await.unwrap();
    assert!(Html::parse_document(&body).errors.is_empty());
    assert!(body.contains("error-summary"), "{body}");
    if let Some(id) = field_id {
        assert!(
            body.contains(&format!(r#"id="{id}-error""#)),
            "no message beside {id}: {body}"
        );
    }
    body
}

/// Where an accepted form leads (a refusal fails the test with the page's messages).
async fn location(res: reqwest::Response) -> String {
    if res.status() != 303 {
        let status = res.status();
        let body = res.text().await.unwrap();
        let summary = body
            .split("<ul>")
            .nth(2)
            .unwrap_or(&body)
            .chars()
            .take(600)
            .collect::<String>();
        panic!("the form was not accepted: {status}: {summary}");
    }
    res.headers()["location"].to_str().unwrap().to_string()
}

async fn call(app: &TestApp, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut req = app.http(method, path);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn changes(app: &TestApp) -> i64 {
    app.client.audit(&[]).await.unwrap().total_count
}

both_backends! {
    async fn the_responsible_agency_edits_its_block_and_a_change_meanwhile_is_not_overwritten(app: TestApp) {
        let digg = app.signed_in("digg", "anna@digg.se").await;
        let path = "/byggblock/api-hantering/redigera";
        let (status, page, hidden) = open(&app, path, &digg).await;
        assert_eq!(status, 200);
        let (_, block) = call(&app, Method::GET, "/api/v1/building-blocks/api-hantering", None).await;
        assert_eq!(shown(&page, "name"), block["name"].as_str().unwrap());
        assert_eq!(shown(&page, "analyses.funding"), block["analyses"]["funding"].as_str().unwrap());
        assert!(hidden.iter().any(|(k, v)| k == "version" && v == &block["version"].to_string()));

        // What the API refuses, the form refuses beside the field, and nothing is written.
        let before = changes(&app).await;
        let res = send(&app, path, &digg, &hidden, &[("name", ""), ("purpose", "Nytt syfte."), ("category", "informationsutbyte")]).await;
        refused(res, 400, Some("f-name")).await;
        let res = send(&app, path, &digg, &hidden, &[("name", "API-hantering"), ("category", "ingen-sadan")]).await;
        refused(res, 400, Some("f-category")).await;
        let res = send(&app, path, &digg, &hidden, &[("name", "API-hantering"), ("category", "informationsutbyte"), ("dependsOn", "finns-inte")]).await;
        refused(res, 409, Some("f-dependsOn")).await;
        assert_eq!(changes(&app).await, before);

        // Saved: the fields the form does not show are kept.
        let res = send(&app, path, &digg, &hidden, &[
            ("name", "API-hantering"), ("purpose", "Göra API:er lätta att hitta."), ("category", "informationsutbyte"),
            ("valuePropositions", "Ett ställe att söka\nSamma profil för alla"), ("analyses.funding", "klar"),
            ("analyses.legal", "klar"), ("analyses.risk", "pagar"), ("analyses.benefit", "klar"),
        ]).await;
        assert_eq!(location(res).await, "/byggblock/api-hantering");
        let (_, after) = call(&app, Method::GET, "/api/v1/building-blocks/api-hantering", None).await;
        assert_eq!(after["purpose"], "Göra API:er lätta att hitta.");
        assert_eq!(after["valuePropositions"], json!(["Ett ställe att söka", "Samma profil för alla"]));
        assert_eq!(after["analyses"]["risk"], "pagar");
        assert_eq!(after["phase"], block["phase"]);
        assert_eq!(after["responsible"], block["responsible"]);
        assert_eq!(after["relatedExternal"], block["relatedExternal"]);
        assert_eq!(after["version"], block["version"].as_i64().unwrap() + 1);

        // The same form sent again carries the version it was opened at: someone changed the
        // block since, so it is refused with that said, and the change made is kept.
        let res = send(&app, path, &digg, &hidden, &[("name", "Skriver över"), ("category", "informationsutbyte")]).await;
        let body = refused(res, 412, None).await;
        assert!(body.contains("Någon annan har ändrat posten"), "{body}");
        let (_, now) = call(&app, Method::GET, "/api/v1/building-blocks/api-hantering", None).await;
        assert_eq!(now["name"], after["name"]);

        // The block's page offers the form to those who may use it, and to no one else.
        let bolagsverket = app.signed_in("bolagsverket", "bo@bolagsverket.se").await;
        let edit = r#"href="/byggblock/api-hantering/redigera""#;
        assert!(open(&app, "/byggblock/api-hantering", &digg).await.1.contains(edit));
        assert!(!open(&app, "/byggblock/api-hantering", &bolagsverket).await.1.contains(edit));
        assert!(!open(&app, "/byggblock/api-hantering", "").await.1.contains(edit));
        // Another agency may not edit the block all the same: the reason is shown, nothing written.
        let (_, _, theirs) = open(&app, path, &bolagsverket).await;
        let before = changes(&app).await;
        let res = send(&app, path, &bolagsverket, &theirs, &[("name", "Kapad"), ("category", "informationsutbyte")]).await;
        refused(res, 403, None).await;
        assert_eq!(changes(&app).await, before);

        // Without a session: sign in first, and come back.
        let res = browser().get(format!("{}{path}", app.address)).send().await.unwrap();
        assert_eq!(res.status(), 303);
        assert!(location(res).await.starts_with("/logga-in?next=%2Fbyggblock%2Fapi-hantering%2Fredigera"));
        // A form without the session's CSRF token is refused.
        let res = send(&app, path, &digg, &[], &[("name", "Utan token"), ("category", "informationsutbyte")]).await;
        assert_eq!(res.status(), 403);
    }

    async fn a_milestone_is_moved_and_its_move_kept(app: TestApp) {
        let (_, list) = call(&app, Method::GET, "/api/v1/milestones?limit=1", None).await;
        let m = &list["items"][0];
        let id = m["id"].as_str().unwrap();
        let digg = app.signed_in("digg", "anna@digg.se").await;
        let path = format!("/milstolpar/{id}");
        let (status, page, hidden) = open(&app, &path, &digg).await;
        assert_eq!(status, 200);
        assert_eq!(shown(&page, "due"), m["due"].as_str().unwrap());

        let res = send(&app, &path, &digg, &hidden, &[("due", "nästa år"), ("status", "pagar"), ("description", "x")]).await;
        refused(res, 400, Some("f-due")).await;
        let res = send(&app, &path, &digg, &hidden, &[
            ("due", "2031-Q2"), ("status", "pagar"), ("description", m["description"].as_str().unwrap()),
        ]).await;
        assert!(location(res).await.starts_with("/planer/"));
        let (_, moved) = call(&app, Method::GET, &format!("/api/v1/milestones/{id}"), None).await;
        assert_eq!(moved["due"], "2031-Q2");
        assert_eq!(moved["moves"].as_array().unwrap().last().unwrap()["toDue"], "2031-Q2");
        assert_eq!(moved["plan"], m["plan"]);
        assert_eq!(moved["number"], m["number"]);
    }

    async fn the_publisher_edits_its_api(app: TestApp) {
        let bolagsverket = app.signed_in("bolagsverket", "bo@bolagsverket.se").await;
        let (_, page, hidden) = open(&app, "/api-katalog/ny", &bolagsverket).await;
        assert!(page.contains("bolagsverket"));
        let res = send(&app, "/api-katalog/ny", &bolagsverket, &hidden, &[
            ("title.sv", "Företagsfakta"), ("endpointUrls", "https://api.bolagsverket.se/f/v1"),
            ("status", "i-produktion"), ("accessRights", "publik"), ("buildingBlocks", "api-hantering"),
        ]).await;
        let at = location(res).await;
        let path = format!("{at}/redigera");
        let edit = format!(r#"href="{path}""#);
        assert!(open(&app, &at, &bolagsverket).await.1.contains(&edit));
        let skatteverket = app.signed_in("skatteverket", "sk@skatteverket.se").await;
        assert!(!open(&app, &at, &skatteverket).await.1.contains(&edit));
        let (status, page, hidden) = open(&app, &path, &bolagsverket).await;
        assert_eq!(status, 200);
        assert_eq!(shown(&page, "title.sv"), "Företagsfakta");
        assert_eq!(shown(&page, "buildingBlocks"), "api-hantering");
        let res = send(&app, &path, &bolagsverket, &hidden, &[
            ("title.sv", "Företagsfakta"), ("title.en", "Company facts"), ("endpointUrls", "https://api.bolagsverket.se/f/v2"),
            ("status", "i-produktion"), ("accessRights", "publik"), ("buildingBlocks", "api-hantering"),
        ]).await;
        assert_eq!(location(res).await, at);
        let id = at.strip_prefix("/api-katalog/").unwrap();
        let api = app.anonymous().apis().get(id).await.unwrap();
        assert_eq!(api.title.en, "Company facts");
        assert_eq!(api.endpoint_urls, ["https://api.bolagsverket.se/f/v2"]);
        assert_eq!(api.publisher.slug.as_deref(), Some("bolagsverket"));
        // A document that is no OpenAPI document: the reason beside the field it was pasted in.
        let (_, _, hidden) = open(&app, &format!("{at}/dokument"), &bolagsverket).await;
        let res = send(&app, &format!("{at}/dokument"), &bolagsverket, &hidden, &[("document", "{\"inte\": \"openapi\"}")]).await;
        let body = refused(res, 422, Some("f-document")).await;
        assert!(body.contains("inte"), "the pasted text is kept: {body}");
    }

    async fn the_owner_decides_a_document_accepts_an_idea_adds_an_organisation_and_appoints_a_role(app: TestApp) {
        let digg = app.signed_in("digg", "anna@digg.se").await;
        let bolagsverket = app.signed_in("bolagsverket", "bo@bolagsverket.se").await;

        // A level-1 document, presented in the forum: only the owner decides it.
        let (s, d) = call(&app, Method::POST, "/api/v1/documents", Some(json!({
            "title": "Styrning av loggning", "level": 1, "scope": {"kind": "infrastruktur"},
            "authorOrganisation": "digg", "documentVersion": "1.0", "level2AuthorRoles": ["byggblocksansvarig"]}))).await;
        assert_eq!(s, 201, "{d}");
        let doc = d["id"].as_str().unwrap();
        let path = format!("/styrdokument/{doc}/beslut");
        // Not yet presented: refused with the rule's reason.
        let (_, _, hidden) = open(&app, &path, &digg).await;
        let res = send(&app, &path, &digg, &hidden, &[("decidedDate", "2026-11-30")]).await;
        refused(res, 409, None).await;
        let (s, _) = call(&app, Method::POST, &format!("/api/v1/documents/{doc}/presentation"), Some(app.presented_on("2026-11-20").await)).await;
        assert_eq!(s, 200);
        let (_, _, theirs) = open(&app, &path, &bolagsverket).await;
        refused(send(&app, &path, &bolagsverket, &theirs, &[("decidedDate", "2026-11-30")]).await, 403, None).await;
        refused(send(&app, &path, &digg, &hidden, &[("decidedDate", "igår")]).await, 400, Some("f-decidedDate")).await;
        let res = send(&app, &path, &digg, &hidden, &[("decidedDate", "2026-11-30")]).await;
        assert_eq!(location(res).await, format!("/styrdokument/{doc}"));
        let (_, decided) = call(&app, Method::GET, &format!("/api/v1/documents/{doc}"), None).await;
        assert_eq!(decided["status"], "beslutat");
        assert_eq!(decided["decidingOrganisation"]["slug"], "digg");

        // An idea candidate, qualified, accepted as a block with its responsible agency.
        let (s, idea) = call(&app, Method::POST, "/api/v1/idea-candidates", Some(json!({
            "title": "Samtycken", "need": "Flera myndigheter bygger var sin lösning.", "proposer": "skatteverket"}))).await;
        assert_eq!(s, 201, "{idea}");
        let idea = idea["id"].as_str().unwrap();
        let (s, _) = call(&app, Method::POST, &format!("/api/v1/idea-candidates/{idea}/qualification"), Some(json!({"assessment": "Behovet delas."}))).await;
        assert_eq!(s, 200);
        let accept = format!(r#"href="/ideer/{idea}/anta""#);
        assert!(open(&app, &format!("/ideer/{idea}"), &digg).await.1.contains(&accept));
        assert!(!open(&app, &format!("/ideer/{idea}"), &bolagsverket).await.1.contains(&accept));
        let path = format!("/ideer/{idea}/anta");
        let (status, page, hidden) = open(&app, &path, &digg).await;
        assert_eq!(status, 200);
        assert_eq!(shown(&page, "responsible"), "skatteverket");
        refused(send(&app, &path, &digg, &hidden, &[("slug", "Inte Ett Slug"), ("category", "tillit-och-sakerhet"), ("responsible", "skatteverket")]).await, 400, Some("f-slug")).await;
        let (_, _, theirs) = open(&app, &path, &bolagsverket).await;
        refused(send(&app, &path, &bolagsverket, &theirs, &[("slug", "samtycken"), ("category", "tillit-och-sakerhet"), ("responsible", "skatteverket")]).await, 403, None).await;
        let res = send(&app, &path, &digg, &hidden, &[("slug", "samtycken"), ("category", "tillit-och-sakerhet"), ("responsible", "skatteverket")]).await;
        assert_eq!(location(res).await, "/byggblock/samtycken");
        let (_, block) = call(&app, Method::GET, "/api/v1/building-blocks/samtycken", None).await;
        assert_eq!(block["name"], "Samtycken");
        assert_eq!(block["phase"], "ide");
        assert_eq!(block["analysisLead"]["slug"], "skatteverket");
        assert!(block.get("responsible").is_none(), "{block}");

        // Only the owner is offered the forms of the register as a whole.
        let add = r#"href="/organisationer/ny""#;
        assert!(open(&app, "/organisationer", &digg).await.1.contains(add));
        assert!(!open(&app, "/organisationer", &bolagsverket).await.1.contains(add));
        let appoint = r#"href="/organisationer/digg/roller/ny""#;
        assert!(open(&app, "/organisationer/digg", &digg).await.1.contains(appoint));
        assert!(!open(&app, "/organisationer/digg", &bolagsverket).await.1.contains(appoint));
        // An organisation added; the same slug again is refused beside the field.
        let path = "/organisationer/ny";
        let (_, _, hidden) = open(&app, path, &digg).await;
        let org = [("name", "Lantmäteriet"), ("slug", "lantmateriet-test"), ("kind", "statlig-myndighet"),
            ("preparednessAgency", "true")];
        let (_, _, theirs) = open(&app, path, &bolagsverket).await;
        refused(send(&app, path, &bolagsverket, &theirs, &org).await, 403, None).await;
        refused(send(&app, path, &digg, &hidden, &[("name", "X"), ("slug", "x"), ("kind", "statlig-myndighet"), ("organisationNumber", "12")]).await, 400, Some("f-organisationNumber")).await;
        let res = send(&app, path, &digg, &hidden, &org).await;
        assert_eq!(location(res).await, "/organisationer/lantmateriet-test");
        let (_, o) = call(&app, Method::GET, "/api/v1/organisations/lantmateriet-test", None).await;
        assert_eq!(o["preparednessAgency"], true);
        assert!(o.get("website").is_none() || o["website"].is_null());
        refused(send(&app, path, &digg, &hidden, &org).await, 409, Some("f-slug")).await;

        // A role appointed to it; the same role again is refused.
        let path = "/organisationer/lantmateriet-test/roller/ny";
        let (status, _, hidden) = open(&app, path, &digg).await;
        assert_eq!(status, 200);
        let role = [("role", "byggblocksansvarig"), ("buildingBlock", "min-profil")];
        let res = send(&app, path, &digg, &hidden, &role).await;
        assert_eq!(location(res).await, "/organisationer/lantmateriet-test#roller");
        let (_, roles) = call(&app, Method::GET, "/api/v1/role-assignments?organisation=lantmateriet-test", None).await;
        assert_eq!(roles["items"][0]["buildingBlock"]["slug"], "min-profil");
        refused(send(&app, path, &digg, &hidden, &role).await, 409, None).await;
        refused(send(&app, path, &digg, &hidden, &[("role", "byggblocksansvarig"), ("buildingBlock", "finns-inte")]).await, 409, Some("f-buildingBlock")).await;
        let (_, page, _) = open(&app, "/organisationer/lantmateriet-test", &digg).await;
        assert!(page.contains("Min profil"));
    }
}
