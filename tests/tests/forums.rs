//! Forums (issue 14 item 6; 001 §4.1.2.2, §4.1.3): the coordination forums the infrastructure
//! owner convenes, with members and meetings; a governing document's presentation refers to
//! the meeting of the cross-functional competence forum where it was presented.

use integration_tests::federation::{add_peer, call, node, sync};
use integration_tests::{assert_problem, both_backends, on_both_backends, Backend, TestApp};
use openapi::{DocumentStatus, ForumInput, ForumLevel, ForumMeetingInput};
use reqwest::Method;
use serde_json::json;

fn operational(slug: &str, convener: &str, members: &[&str]) -> ForumInput {
    ForumInput {
        slug: slug.into(),
        name: "Operativt forum för Mina ombud".into(),
        level: ForumLevel::Operativ,
        convener: convener.into(),
        members: members.iter().map(|m| m.to_string()).collect(),
        purpose: Some("Interoperabilitet och krav för byggblocket Mina ombud.".into()),
        source: None,
    }
}

fn meeting(forum: &str, date: &str) -> ForumMeetingInput {
    ForumMeetingInput {
        forum: forum.into(),
        meeting_date: date.parse().unwrap(),
        agenda: "1. Styrande dokument för API:er\n2. Övriga frågor".into(),
        minutes_reference: Some("DIGG 2021-1234".into()),
        source: None,
    }
}

/// A level-1 document by DIGG, as a draft; its path.
async fn draft(app: &TestApp) -> String {
    let (s, d) = call(
        app,
        Method::POST,
        "/api/v1/documents",
        Some(json!({
        "title": "Styrning av API:er", "level": 1, "scope": {"kind": "infrastruktur"},
        "authorOrganisation": "digg", "level2AuthorRoles": ["byggblocksansvarig"]})),
    )
    .await;
    assert_eq!(s, 201, "{d}");
    format!("/api/v1/documents/{}", d["id"].as_str().unwrap())
}

both_backends! {
    async fn the_report_establishes_the_forums_convened_by_the_owner(app: TestApp) {
        let forums = app.client.forums().list(&[]).await.unwrap();
        assert_eq!(forums.total_count, 3);
        assert!(forums.items.iter().all(|f| f.convener.slug.as_deref() == Some("digg")
            && f.source.as_deref().is_some_and(|s| s.starts_with("001 §4.1"))));
        let strategic = app.client.forums().get("strategiskt-samordningsforum").await.unwrap();
        assert_eq!(strategic.level, ForumLevel::Strategisk);
        // The agencies of the assignment and SKR, as the report proposes.
        assert_eq!(strategic.members.len(), 10);
        assert!(strategic.members.iter().any(|m| m.slug.as_deref() == Some("skr")));
        let with_skr = app.client.forums().list(&[("member", "skr")]).await.unwrap();
        assert_eq!(with_skr.total_count, 2);
        let cross = app.client.forums().list(&[("level", "tvarfunktionellt")]).await.unwrap();
        assert_eq!(cross.items[0].slug, "tvarfunktionellt-kompetensforum");
        assert_problem(app.client.forums().list(&[("level", "nationell")]).await, 400, Some("level"));
    }

    async fn only_the_owner_convenes_a_forum_and_records_its_meetings(app: TestApp) {
        let digg = app.client_for("digg");
        let bv = app.client_for("bolagsverket");
        let forum = operational("mina-ombud-forum", "digg", &["bolagsverket", "skatteverket"]);
        assert_problem(bv.forums().create(&forum).await, 403, None);
        // The infrastructure owner convenes every forum: not another agency.
        let wrong = operational("mina-ombud-forum", "bolagsverket", &[]);
        assert_problem(digg.forums().create(&wrong).await, 409, Some("convener"));
        let twice = operational("mina-ombud-forum", "digg", &["skatteverket", "skatteverket"]);
        assert_problem(digg.forums().create(&twice).await, 400, Some("members[1]"));
        let unknown = operational("mina-ombud-forum", "digg", &["finns-inte"]);
        assert_problem(digg.forums().create(&unknown).await, 409, Some("members[0]"));
        let created = digg.forums().create(&forum).await.unwrap();
        let members: Vec<&str> = created.members.iter().map(|m| m.slug.as_deref().unwrap()).collect();
        assert_eq!(members, ["bolagsverket", "skatteverket"]);
        // One cross-functional competence forum.
        let second = ForumInput { level: ForumLevel::Tvarfunktionellt, slug: "ett-till".into(), ..forum.clone() };
        assert_problem(digg.forums().create(&second).await, 409, Some("level"));

        assert_problem(bv.forum_meetings().create(&meeting("mina-ombud-forum", "2021-04-01")).await, 403, None);
        let m = digg.forum_meetings().create(&meeting("mina-ombud-forum", "2021-04-01")).await.unwrap();
        assert_eq!(m.forum.slug.as_deref(), Some("mina-ombud-forum"));
        assert_eq!(m.minutes_reference.as_deref(), Some("DIGG 2021-1234"));
        let blank = ForumMeetingInput { agenda: " ".into(), ..meeting("mina-ombud-forum", "2021-05-01") };
        assert_problem(digg.forum_meetings().create(&blank).await, 400, Some("agenda"));
        digg.forum_meetings().create(&meeting("mina-ombud-forum", "2022-02-01")).await.unwrap();
        let in_2021 = app.client.forum_meetings().list(&[("forum", "mina-ombud-forum"), ("year", "2021")]).await.unwrap();
        assert_eq!(in_2021.items, [m]);
        // A forum with meetings keeps them: it is not deleted.
        let f = digg.forums().get("mina-ombud-forum").await.unwrap();
        assert_problem(digg.forums().delete("mina-ombud-forum", Some(f.meta.version)).await, 409, None);
    }

    async fn a_presentation_refers_to_the_cross_functional_forums_meeting(app: TestApp) {
        let digg = app.client_for("digg");
        let doc = draft(&app).await;
        let nowhere = json!({"meeting": "0190c0de-0000-7000-8000-000000000000"});
        let (s, p) = call(&app, Method::POST, &format!("{doc}/presentation"), Some(nowhere)).await;
        assert_eq!((s, &p["errors"][0]["field"]), (409, &json!("meeting")), "{p}");
        // At a meeting of another forum: refused, naming the meeting.
        let strategic = digg.forum_meetings().create(&meeting("strategiskt-samordningsforum", "2021-05-10")).await.unwrap();
        let (s, p) = call(&app, Method::POST, &format!("{doc}/presentation"), Some(json!({"meeting": strategic.meta.id}))).await;
        assert_eq!(s, 409, "{p}");
        assert_eq!(p["errors"][0]["field"], "meeting");
        let cross = digg.forum_meetings().create(&meeting("tvarfunktionellt-kompetensforum", "2021-05-20")).await.unwrap();
        let (s, d) = call(&app, Method::POST, &format!("{doc}/presentation"), Some(json!({"meeting": cross.meta.id}))).await;
        assert_eq!(s, 200, "{d}");
        assert_eq!(d["status"], DocumentStatus::Presenterat.as_str());
        assert_eq!(d["presentedDate"], "2021-05-20");
        assert_eq!(d["presentedAt"]["id"], cross.meta.id.to_string());
        assert_eq!(d["presentedAt"]["name"], "Tvärfunktionellt kompetensforum 2021-05-20");
        // The meeting lists what was presented at it, and keeps it: it is not deleted.
        let m = app.client.forum_meetings().get(&cross.meta.id.to_string()).await.unwrap();
        assert_eq!(m.presented.len(), 1);
        assert_eq!(m.presented[0].name, "Styrning av API:er");
        assert_problem(digg.forum_meetings().delete(&cross.meta.id.to_string(), Some(1)).await, 409, None);
        // The decision comes after the presentation.
        let (s, p) = call(&app, Method::POST, &format!("{doc}/decision"),
            Some(json!({"decidedDate": "2021-05-19", "decidingOrganisation": "digg"}))).await;
        assert_eq!((s, &p["errors"][0]["field"]), (409, &json!("decidedDate")), "{p}");
    }
}

both_backends! {
    async fn people_read_the_forums_and_the_decision_register(app: TestApp) {
        let doc = draft(&app).await;
        let body = app.presented_on("2021-05-20").await;
        let (s, _) = call(&app, Method::POST, &format!("{doc}/presentation"), Some(body)).await;
        assert_eq!(s, 200);
        let (s, html) = app.page("/forum").await;
        assert_eq!(s, 200);
        for name in ["Samordningsforum strategisk nivå", "Samordningsforum taktisk nivå", "Tvärfunktionellt kompetensforum"] {
            assert!(html.contains(name), "{name}");
        }
        // The meeting, and a link to the document presented at it.
        assert!(html.contains("2021-05-20") && html.contains("Styrning av API:er"), "{html}");
        let id = doc.rsplit('/').next().unwrap();
        assert!(html.contains(&format!("href=\"/styrdokument/{id}\"")), "{html}");

        let (s, html) = app.page("/beslut?kind=fasbeslut&year=2020").await;
        assert_eq!(s, 200);
        // The seed's twelve phase decisions of 2020, each a row.
        assert_eq!(html.matches("<tr>").count(), 1 + 12, "{html}");
        let (s, html) = app.page("/beslut?year=2019").await;
        assert_eq!(s, 200);
        assert!(html.contains("Inga beslut matchar."));
        let (s, html) = app.page("/beslut?year=tjugo").await;
        assert_eq!(s, 400);
        assert!(html.contains("year"), "the parameter is named: {html}");
    }
}

async fn a_mirror_holds_the_forums_and_where_a_document_was_presented(backend: Backend) {
    let origin = node(backend, "ursprung", true).await;
    let doc = draft(&origin).await;
    let body = origin.presented_on("2021-05-20").await;
    let (s, presented) = call(
        &origin,
        Method::POST,
        &format!("{doc}/presentation"),
        Some(body),
    )
    .await;
    assert_eq!(s, 200, "{presented}");
    let mirror = node(backend, "spegel", false).await;
    let peer = add_peer(&mirror, &origin, &["ursprung"]).await;
    sync(&mirror, &peer).await;
    assert_eq!(
        mirror.client.forums().list(&[]).await.unwrap().total_count,
        3
    );
    let meetings = mirror.client.forum_meetings().list(&[]).await.unwrap();
    assert_eq!(meetings.total_count, 1);
    assert_eq!(meetings.items[0].presented.len(), 1);
    let (s, there) = call(&mirror, Method::GET, &doc, None).await;
    assert_eq!(s, 200);
    assert_eq!(there["presentedAt"], presented["presentedAt"]);
}

on_both_backends!(a_mirror_holds_the_forums_and_where_a_document_was_presented);
