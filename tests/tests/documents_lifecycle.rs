//! Governing documents: who authors and decides each level, the life cycle through the
//! competence forum, versions and the hierarchy view (domain.md §5).

use integration_tests::openapi::*;
use integration_tests::{assert_problem, both_backends, TestApp};
use serde_json::json;

fn doc(
    title: &str,
    level: i32,
    parent: Option<&Document>,
    author: &str,
    l2: &[Role],
) -> DocumentInput {
    DocumentInput {
        title: title.into(),
        level,
        parent: parent.map(|p| p.meta.id.to_string()),
        scope: ScopeInput {
            kind: ScopeKind::Infrastruktur,
            subject: None,
        },
        author_organisation: author.into(),
        status: None,
        decided_date: None,
        level2_author_roles: l2.to_vec(),
        document_version: Some("1.0".into()),
        link: None,
    }
}

async fn step(
    app: &TestApp,
    d: &Document,
    step: &str,
    body: serde_json::Value,
) -> Result<Document, integration_tests::client::ClientError> {
    app.client
        .document_step(&d.meta.id.to_string(), step, &body)
        .await
}

async fn present(app: &TestApp, d: &Document, date: &str) -> Document {
    let body = app.presented_on(date).await;
    step(app, d, "presentation", body).await.unwrap()
}

async fn decide(
    app: &TestApp,
    d: &Document,
    date: &str,
    by: &str,
) -> Result<Document, integration_tests::client::ClientError> {
    step(
        app,
        d,
        "decision",
        json!({"decidedDate": date, "decidingOrganisation": by}),
    )
    .await
}

async fn audit_count(app: &TestApp) -> i64 {
    app.client.audit(&[]).await.unwrap().total_count
}

fn fields(p: &Problem) -> Vec<&str> {
    p.errors.iter().map(|e| e.field.as_str()).collect()
}

/// A decided level-1 document by DIGG that lets building-block owners write level 2.
async fn level1(app: &TestApp) -> Document {
    let d = app
        .client
        .documents()
        .create(&doc(
            "Styrning av informationsutbyte",
            1,
            None,
            "digg",
            &[Role::Byggblocksansvarig],
        ))
        .await
        .unwrap();
    present(app, &d, "2021-05-01").await;
    decide(app, &d, "2021-06-01", "digg").await.unwrap()
}

both_backends! {
    async fn level_1_is_presented_then_decided_by_the_infrastructure_owner(app: TestApp) {
        let docs = app.client.documents();
        let d = docs.create(&doc("Styrning", 1, None, "digg", &[Role::Byggblocksansvarig])).await.unwrap();
        assert_eq!((d.status, d.in_force, d.identity), (DocumentStatus::Utkast, false, d.meta.id));
        assert_eq!(d.level2_author_roles, [Role::Byggblocksansvarig]);
        let n = audit_count(&app).await;
        // No decision before the forum presentation.
        let p = assert_problem(decide(&app, &d, "2021-06-01", "digg").await, 409, Some("status"));
        assert!(p.detail.contains("forum"), "{p:?}");
        assert_eq!(audit_count(&app).await, n);

        let presented = present(&app, &d, "2021-05-01").await;
        assert_eq!(presented.status, DocumentStatus::Presenterat);
        assert_eq!(presented.presented_date, Some("2021-05-01".parse().unwrap()));
        let again = app.presented_on("2021-05-02").await;
        assert_problem(step(&app, &d, "presentation", again).await, 409, Some("status"));
        // Only the infrastructure owner decides level 1, and not before the presentation.
        let p = assert_problem(decide(&app, &d, "2021-06-01", "skatteverket").await, 409, Some("decidingOrganisation"));
        assert!(p.detail.contains("infrastrukturansvarig"), "{p:?}");
        assert_problem(decide(&app, &d, "2021-04-01", "digg").await, 409, Some("decidedDate"));
        // The two forum meetings and the presentation.
        assert_eq!(audit_count(&app).await, n + 3);

        let decided = decide(&app, &d, "2021-06-01", "digg").await.unwrap();
        assert_eq!((decided.status, decided.in_force), (DocumentStatus::Beslutat, true));
        assert_eq!(decided.decided_date, Some("2021-06-01".parse().unwrap()));
        assert_eq!(decided.deciding_organisation.as_ref().unwrap().slug.as_deref(), Some("digg"));
        assert_problem(decide(&app, &d, "2021-07-01", "digg").await, 409, Some("status"));

        let in_force = docs.list(&[("inForce", "true")]).await.unwrap();
        assert_eq!(in_force.items, std::slice::from_ref(&decided));
        assert_eq!(docs.list(&[("inForce", "false")]).await.unwrap().total_count, 0);
        assert_problem(docs.list(&[("inForce", "ja")]).await, 400, Some("inForce"));
    }

    async fn who_may_author_each_level(app: TestApp) {
        let docs = app.client.documents();
        let n = audit_count(&app).await;
        // Level 1: the infrastructure owner or a competence-area owner; Bolagsverket is neither.
        let p = assert_problem(docs.create(&doc("X", 1, None, "bolagsverket", &[Role::Byggblocksansvarig])).await, 422, Some("authorOrganisation"));
        assert!(p.detail.contains("kompetensomradesansvarig"), "{p:?}");
        // Level 1 names who may write level 2, and only roles that may.
        assert_problem(docs.create(&doc("X", 1, None, "digg", &[])).await, 422, Some("level2AuthorRoles"));
        assert_problem(docs.create(&doc("X", 1, None, "digg", &[Role::Grunddataproducent])).await, 422, Some("level2AuthorRoles"));
        assert_eq!(audit_count(&app).await, n);

        let l1 = level1(&app).await;
        // Level 2 names no roles of its own, and its author holds one the parent names.
        assert_problem(docs.create(&doc("X", 2, Some(&l1), "bolagsverket", &[Role::Byggblocksansvarig])).await, 422, Some("level2AuthorRoles"));
        let p = assert_problem(docs.create(&doc("X", 2, Some(&l1), "lantmateriet", &[])).await, 422, Some("authorOrganisation"));
        assert!(p.detail.contains("byggblocksansvarig"), "{p:?}");
        let only_areas = docs.create(&doc("Bara KO", 1, None, "digg", &[Role::Kompetensomradesansvarig])).await.unwrap();
        // DIGG holds infrastrukturansvarig and byggblocksansvarig, neither named here.
        assert_problem(docs.create(&doc("X", 2, Some(&only_areas), "digg", &[])).await, 422, Some("authorOrganisation"));
        let l2 = docs.create(&doc("Tillämpning", 2, Some(&l1), "bolagsverket", &[])).await.unwrap();
        assert_eq!(l2.author_organisation.slug.as_deref(), Some("bolagsverket"));

        // Level 3: the author of the level-2 parent.
        let p = assert_problem(docs.create(&doc("Mall", 3, Some(&l2), "digg", &[])).await, 422, Some("authorOrganisation"));
        assert!(p.detail.contains("level-2 parent"), "{p:?}");
        let l3 = docs.create(&doc("Mall", 3, Some(&l2), "bolagsverket", &[])).await.unwrap();
        // A replace is held to the same rules.
        let mut moved = doc("Mall", 3, Some(&l2), "skatteverket", &[]);
        assert_problem(docs.replace(&l3.meta.id.to_string(), Some(1), &moved).await, 422, Some("authorOrganisation"));
        moved.author_organisation = "bolagsverket".into();
        moved.title = "Mall 2".into();
        assert_eq!(docs.replace(&l3.meta.id.to_string(), Some(1), &moved).await.unwrap().title, "Mall 2");
    }

    async fn lower_levels_are_decided_by_their_author(app: TestApp) {
        let docs = app.client.documents();
        let l1 = level1(&app).await;
        let l2 = docs.create(&doc("Tillämpning", 2, Some(&l1), "bolagsverket", &[])).await.unwrap();
        // Level 2 goes through the forum too.
        assert_problem(decide(&app, &l2, "2021-07-01", "bolagsverket").await, 409, Some("status"));
        present(&app, &l2, "2021-06-15").await;
        let p = assert_problem(decide(&app, &l2, "2021-07-01", "digg").await, 409, Some("decidingOrganisation"));
        assert!(p.detail.contains("author"), "{p:?}");
        assert!(decide(&app, &l2, "2021-07-01", "bolagsverket").await.unwrap().in_force);
        // Level 3 needs no forum, and is decided by its author.
        let l3 = docs.create(&doc("Checklista", 3, Some(&l2), "bolagsverket", &[])).await.unwrap();
        assert_problem(decide(&app, &l3, "2021-07-02", "digg").await, 409, Some("decidingOrganisation"));
        assert_eq!(decide(&app, &l3, "2021-07-02", "bolagsverket").await.unwrap().status, DocumentStatus::Beslutat);

        // A level-2 document scoped to a competence area is decided by the area's owner.
        app.client.role_assignments().create(&RoleAssignmentInput {
            source: None,
            organisation: "riksarkivet".into(), role: Role::Kompetensomradesansvarig,
            building_block: None, base_data_domain: None, competence_area: Some("juridik".into()),
        }).await.unwrap();
        let mut area = doc("Juridisk vägledning", 2, Some(&l1), "bolagsverket", &[]);
        area.scope = ScopeInput { kind: ScopeKind::Kompetensomrade, subject: Some("juridik".into()) };
        let area = docs.create(&area).await.unwrap();
        present(&app, &area, "2021-08-01").await;
        assert_problem(decide(&app, &area, "2021-08-02", "bolagsverket").await, 409, Some("decidingOrganisation"));
        let d = decide(&app, &area, "2021-08-02", "riksarkivet").await.unwrap();
        assert_eq!(d.deciding_organisation.clone().unwrap().slug.as_deref(), Some("riksarkivet"));
        // Whoever decided it may repeal it: the area's owner, not the author.
        let repeal = json!({"repealedDate": "2022-01-01"});
        let id = d.meta.id.to_string();
        let author = app.client_for("bolagsverket");
        assert_problem(author.document_step(&id, "repeal", &repeal).await, 403, None);
        let owner = app.client_for("riksarkivet");
        let r = owner.document_step(&id, "repeal", &repeal).await.unwrap();
        assert_eq!(r.status, DocumentStatus::Upphavt);
    }

    async fn versions_keep_identity_and_supersede_when_decided(app: TestApp) {
        let docs = app.client.documents();
        let v1 = level1(&app).await;
        let l2 = docs.create(&doc("Tillämpning", 2, Some(&v1), "bolagsverket", &[])).await.unwrap();
        present(&app, &l2, "2021-06-15").await;
        let l2 = decide(&app, &l2, "2021-07-01", "bolagsverket").await.unwrap();

        let resp = app.http(reqwest::Method::POST, &format!("/api/v1/documents/{}/versions", v1.meta.id))
            .json(&json!({"documentVersion": "2.0"})).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 201);
        let v2: Document = resp.json().await.unwrap();
        assert_eq!((v2.identity, v2.status, v2.level), (v1.meta.id, DocumentStatus::Utkast, 1));
        assert_eq!(v2.replaces.as_ref().unwrap().id, v1.meta.id);
        assert_eq!((v2.title.as_str(), v2.document_version.as_deref()), (v1.title.as_str(), Some("2.0")));
        assert_eq!(v2.level2_author_roles, v1.level2_author_roles);
        // The decided version stays in force until the new one is decided; one new version at a time.
        assert!(docs.get(&v1.meta.id.to_string()).await.unwrap().in_force);
        assert_problem(step(&app, &v1, "versions", json!({"documentVersion": "3.0"})).await, 409, Some("id"));
        // Only a decided document gets a new version.
        assert_problem(step(&app, &v2, "versions", json!({"documentVersion": "3.0"})).await, 409, Some("status"));

        present(&app, &v2, "2022-01-10").await;
        let v2 = decide(&app, &v2, "2022-02-01", "digg").await.unwrap();
        assert!(v2.in_force);
        let old = docs.get(&v1.meta.id.to_string()).await.unwrap();
        assert_eq!((old.status, old.in_force), (DocumentStatus::Ersatt, false));
        assert_eq!(old.superseded_by.as_ref().unwrap().id, v2.meta.id);
        let in_force: Vec<_> = docs.list_all(&[("inForce", "true"), ("level", "1")]).await.unwrap().into_iter().map(|d| d.meta.id).collect();
        assert_eq!(in_force, [v2.meta.id]);
        assert_eq!(docs.list(&[("status", "ersatt")]).await.unwrap().items[0].meta.id, v1.meta.id);

        // The tree shows the version in force, with the level-2 document written under v1.
        let tree = app.client.document_tree(&[]).await.unwrap();
        assert_eq!(tree.len(), 1);
        assert_eq!(tree[0].document.meta.id, v2.meta.id);
        assert_eq!(tree[0].children.len(), 1);
        assert_eq!(tree[0].children[0].document.meta.id, l2.meta.id);
        let l3 = docs.create(&doc("Checklista", 3, Some(&l2), "bolagsverket", &[])).await.unwrap();
        let tree = app.client.document_tree(&[]).await.unwrap();
        assert_eq!(tree[0].children[0].children[0].document.meta.id, l3.meta.id);
        assert!(!tree[0].children[0].children[0].document.in_force);
        // Only what is in force: the draft level-3 document drops out.
        let tree = app.client.document_tree(&[("inForce", "true")]).await.unwrap();
        assert!(tree[0].children[0].children.is_empty());
        assert_problem(app.client.document_tree(&[("level", "1")]).await, 400, Some("level"));
    }

    async fn repeal_ends_what_is_in_force(app: TestApp) {
        let docs = app.client.documents();
        let draft = docs.create(&doc("Utkast", 1, None, "digg", &[Role::Byggblocksansvarig])).await.unwrap();
        assert_problem(step(&app, &draft, "repeal", json!({"repealedDate": "2022-01-01"})).await, 409, Some("status"));
        let d = level1(&app).await;
        assert_problem(step(&app, &d, "repeal", json!({"repealedDate": "2020-01-01"})).await, 409, Some("repealedDate"));
        let r = step(&app, &d, "repeal", json!({"repealedDate": "2022-01-01"})).await.unwrap();
        assert_eq!((r.status, r.in_force, r.repealed_date), (DocumentStatus::Upphavt, false, Some("2022-01-01".parse().unwrap())));
        assert_problem(step(&app, &d, "repeal", json!({"repealedDate": "2022-02-01"})).await, 409, Some("status"));
        assert_problem(step(&app, &d, "versions", json!({"documentVersion": "2.0"})).await, 409, Some("status"));
        assert_eq!(docs.list(&[("inForce", "true")]).await.unwrap().total_count, 0);
        assert!(app.client.document_tree(&[]).await.unwrap().iter().all(|n| n.document.meta.id != d.meta.id));
    }

    async fn bad_life_cycle_requests_name_the_field_and_write_nothing(app: TestApp) {
        let d = level1(&app).await;
        let n = audit_count(&app).await;
        let id = d.meta.id;
        for (path, body, status, field) in [
            (format!("/api/v1/documents/{id}/presentation"), r#"{"presentedDate": "2021-01-01"}"#, 400, "presentedDate"),
            (format!("/api/v1/documents/{id}/presentation"), r#"{"date": "2021-01-01"}"#, 400, "date"),
            (format!("/api/v1/documents/{id}/decision"), r#"{"decidedDate": "2021-01-01", "decidingOrganisation": "ingen"}"#, 409, "decidingOrganisation"),
            (format!("/api/v1/documents/{id}/decision"), r#"{"decidedDate": "2021-01-01"}"#, 400, "decidingOrganisation"),
            (format!("/api/v1/documents/{id}/repeal"), r#"{"repealedDate": 2021}"#, 400, "repealedDate"),
            (format!("/api/v1/documents/{id}/versions"), r#"{"documentVersion": ""}"#, 400, "documentVersion"),
            (format!("/api/v1/documents/{id}/versions"), r#"{"documentVersion": "2", "link": "www.digg.se"}"#, 400, "link"),
            (format!("/api/v1/documents/{id}/versions"), r#"{"documentVersion": "2", "title": " "}"#, 400, "title"),
        ] {
            let resp = app.http(reqwest::Method::POST, &path).header("content-type", "application/json").body(body).send().await.unwrap();
            assert_eq!(resp.status().as_u16(), status, "{path} {body}");
            let p: Problem = resp.json().await.unwrap();
            assert!(fields(&p).contains(&field), "{path} {body}: {p:?}");
        }
        let missing = "0190c0de-0000-7000-8000-000000000000";
        let resp = app.http(reqwest::Method::POST, &format!("/api/v1/documents/{missing}/presentation"))
            .json(&json!({"meeting": "0190c0de-0000-7000-8000-000000000000"})).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 404);
        assert_eq!(audit_count(&app).await, n);
    }
}
