//! Governing documents (levels 1–3), plans and milestones.

use integration_tests::openapi::*;
use integration_tests::{assert_problem, both_backends, TestApp};

const PLAN_2021: &str = "styrningsstruktur-2021";

fn infra() -> ScopeInput {
    ScopeInput {
        kind: ScopeKind::Infrastruktur,
        subject: None,
    }
}

fn scope(kind: ScopeKind, subject: &str) -> ScopeInput {
    ScopeInput {
        kind,
        subject: Some(subject.into()),
    }
}

fn doc(title: &str, level: i32, parent: Option<&Document>) -> DocumentInput {
    DocumentInput {
        title: title.into(),
        level,
        parent: parent.map(|p| p.meta.id.to_string()),
        scope: infra(),
        author_organisation: "digg".into(),
        status: None,
        decided_date: None,
        // DIGG holds infrastrukturansvarig and byggblocksansvarig in the seed.
        level2_author_roles: if level == 1 {
            vec![Role::Infrastrukturansvarig, Role::Byggblocksansvarig]
        } else {
            vec![]
        },
        document_version: Some("0.1".into()),
        link: None,
    }
}

/// Presents a document in the forum on `date` and has DIGG decide it the same day.
async fn decided(app: &TestApp, d: &Document, date: &str) -> Document {
    let id = d.meta.id.to_string();
    app.client
        .document_step(&id, "presentation", &app.presented_on(date).await)
        .await
        .unwrap();
    app.client
        .document_step(
            &id,
            "decision",
            &serde_json::json!({"decidedDate": date, "decidingOrganisation": "digg"}),
        )
        .await
        .unwrap()
}

fn plan_in(slug: &str, kind: PlanKind, scope: ScopeInput) -> PlanInput {
    PlanInput {
        source: None,
        slug: slug.into(),
        name: format!("Plan {slug}"),
        kind,
        description: "En plan för prov".into(),
        scope,
    }
}

fn milestone(plan: &str, number: i32, due: &str) -> MilestoneInput {
    MilestoneInput {
        plan: plan.into(),
        number,
        description: format!("Milstolpe {number}"),
        due: due.into(),
        done_criteria: "Klart".into(),
        area: "Prov".into(),
        responsible: "Infrastrukturansvarig".into(),
        status: WorkStatus::EjPaborjad,
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

/// Posts a raw JSON body and returns the status and the problem.
async fn post_raw(app: &TestApp, path: &str, body: &str) -> (u16, Problem) {
    let resp = app
        .http(reqwest::Method::POST, path)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    assert_eq!(
        resp.headers()["content-type"],
        "application/problem+json",
        "{body}"
    );
    (status, resp.json().await.unwrap())
}

fn assert_raw(got: (u16, Problem), status: u16, field: &str, body: &str) {
    assert_eq!(got.0, status, "{body}: {:?}", got.1);
    assert!(
        got.1.errors.iter().any(|e| e.field == field),
        "{body}: expected an error naming '{field}', got {:?}",
        got.1
    );
}

fn titles(items: &[Document]) -> Vec<&str> {
    let mut t: Vec<_> = items.iter().map(|d| d.title.as_str()).collect();
    t.sort();
    t
}

fn numbers(items: &[Milestone]) -> Vec<i32> {
    let mut n: Vec<_> = items.iter().map(|m| m.number).collect();
    n.sort();
    n
}

/// A small hierarchy: two level-1 documents, one level-2 under the first, two level-3 under
/// that. Returned in that order.
async fn hierarchy(app: &TestApp) -> Vec<Document> {
    let docs = app.client.documents();
    let l1 = docs
        .create(&doc("Styrning av informationssäkerhet", 1, None))
        .await
        .unwrap();
    let l1 = decided(app, &l1, "2021-03-01").await;
    // Skatteverket owns the competence area Arkitektur, so it may author level 1.
    app.client
        .role_assignments()
        .create(&RoleAssignmentInput {
            source: None,
            organisation: "skatteverket".into(),
            role: Role::Kompetensomradesansvarig,
            building_block: None,
            base_data_domain: None,
            competence_area: Some("arkitektur".into()),
        })
        .await
        .unwrap();
    let mut arch = doc("Årlig översyn av arkitekturen", 1, None);
    arch.scope = scope(ScopeKind::Kompetensomrade, "arkitektur");
    arch.author_organisation = "skatteverket".into();
    let l1b = docs.create(&arch).await.unwrap();
    let mut how = doc("Tillämpning för API-hantering", 2, Some(&l1));
    how.scope = scope(ScopeKind::Byggblock, "api-hantering");
    let l2 = docs.create(&how).await.unwrap();
    let l2 = app
        .client
        .document_step(
            &l2.meta.id.to_string(),
            "presentation",
            &app.presented_on("2021-04-01").await,
        )
        .await
        .unwrap();
    let l3a = docs
        .create(&doc("Mall för riskanalys", 3, Some(&l2)))
        .await
        .unwrap();
    let l3b = docs
        .create(&doc("Checklista för API", 3, Some(&l2)))
        .await
        .unwrap();
    vec![l1, l1b, l2, l3a, l3b]
}

both_backends! {
    async fn documents_are_created_and_read_with_their_references(app: TestApp) {
        let docs = app.client.documents();
        assert_eq!(docs.list(&[]).await.unwrap().total_count, 0, "no documents are seeded");
        let h = hierarchy(&app).await;
        let (l1, l1b, l2, l3a) = (&h[0], &h[1], &h[2], &h[3]);
        assert_eq!(l1.meta.version, 3, "created, presented, decided");
        assert_eq!(l1.status, DocumentStatus::Beslutat);
        assert!(l1.in_force);
        assert_eq!(l1.deciding_organisation.as_ref().unwrap().slug.as_deref(), Some("digg"));
        assert_eq!(l1.decided_date, Some("2021-03-01".parse().unwrap()));
        assert!(l1.parent.is_none());
        assert_eq!(l1.scope, Scope { kind: ScopeKind::Infrastruktur, subject: None });
        assert_eq!(l1.author_organisation.slug.as_deref(), Some("digg"));
        assert_eq!(l1b.scope.subject.as_ref().unwrap().slug.as_deref(), Some("arkitektur"));
        assert_eq!(l1b.scope.subject.as_ref().unwrap().name, "Arkitektur");
        assert_eq!(l1b.author_organisation.slug.as_deref(), Some("skatteverket"));
        let parent = l2.parent.as_ref().unwrap();
        assert_eq!((parent.id, parent.slug.as_deref(), parent.name.as_str()),
                   (l1.meta.id, None, "Styrning av informationssäkerhet"));
        assert_eq!(l2.scope.kind, ScopeKind::Byggblock);
        assert_eq!(l2.scope.subject.as_ref().unwrap().slug.as_deref(), Some("api-hantering"));
        assert_eq!(l3a.parent.as_ref().unwrap().id, l2.meta.id);
        assert_eq!(l3a.document_version.as_deref(), Some("0.1"));

        // By id only, in any case; documents have no slug.
        assert_eq!(&docs.get(&l2.meta.id.to_string()).await.unwrap(), l2);
        assert_eq!(&docs.get(&l2.meta.id.to_string().to_uppercase()).await.unwrap(), l2);
        assert_problem(docs.get("styrning-av-informationssakerhet").await, 404, None);
        assert_problem(docs.get("0190c0de-0000-7000-8000-000000000000").await, 404, None);
        let resp = app.http(reqwest::Method::GET, &format!("/api/v1/documents/{}", l1.meta.id))
            .send().await.unwrap();
        assert_eq!(resp.headers()["etag"], "\"3\"");

        // A parent given in upper case is stored as the canonical id.
        let mut upper = doc("Metod för klassning", 3, None);
        upper.parent = Some(l2.meta.id.to_string().to_uppercase());
        let l3c = docs.create(&upper).await.unwrap();
        assert_eq!(l3c.parent.unwrap().id, l2.meta.id);
    }

    async fn document_filters_and_paging(app: TestApp) {
        let docs = app.client.documents();
        let h = hierarchy(&app).await;
        let l2 = &h[2];
        let list = |q: &'static [(&'static str, &'static str)]| docs.list(q);
        let page = list(&[("level", "1")]).await.unwrap();
        assert_eq!(titles(&page.items), ["Styrning av informationssäkerhet", "Årlig översyn av arkitekturen"]);
        assert_eq!(page.total_count, 2);
        assert_eq!(list(&[("level", "3")]).await.unwrap().total_count, 2);
        let page = list(&[("status", "beslutat")]).await.unwrap();
        assert_eq!(titles(&page.items), ["Styrning av informationssäkerhet"]);
        assert_eq!(list(&[("status", "presenterat")]).await.unwrap().items[0].meta.id, l2.meta.id);
        assert_eq!(list(&[("status", "upphavt")]).await.unwrap().total_count, 0);
        let page = list(&[("scopeKind", "kompetensomrade")]).await.unwrap();
        assert_eq!(titles(&page.items), ["Årlig översyn av arkitekturen"]);
        assert_eq!(list(&[("scopeKind", "byggblock")]).await.unwrap().items[0].meta.id, l2.meta.id);
        assert_eq!(list(&[("scopeKind", "infrastruktur")]).await.unwrap().total_count, 3);
        assert_eq!(list(&[("scopeKind", "grunddatadoman")]).await.unwrap().total_count, 0);

        let under = docs.list(&[("parent", &l2.meta.id.to_string())]).await.unwrap();
        assert_eq!(titles(&under.items), ["Checklista för API", "Mall för riskanalys"]);
        let upper = docs.list(&[("parent", &l2.meta.id.to_string().to_uppercase())]).await.unwrap();
        assert_eq!(upper.total_count, 2);
        let under_l1 = docs.list(&[("parent", &h[0].meta.id.to_string())]).await.unwrap();
        assert_eq!(titles(&under_l1.items), ["Tillämpning för API-hantering"]);
        assert_eq!(docs.list(&[("parent", &h[1].meta.id.to_string())]).await.unwrap().total_count, 0);

        let by_skv = list(&[("authorOrganisation", "skatteverket")]).await.unwrap();
        assert_eq!(titles(&by_skv.items), ["Årlig översyn av arkitekturen"]);
        let digg = app.client.organisations().get("digg").await.unwrap();
        let by_id = docs.list(&[("authorOrganisation", &digg.meta.id.to_string())]).await.unwrap();
        assert_eq!(by_id.total_count, 4);
        assert_eq!(list(&[("authorOrganisation", "finns-inte")]).await.unwrap().total_count, 0);

        // Part of the title, ignoring case beyond ASCII.
        assert_eq!(titles(&list(&[("q", "ÅRLIG ÖVERSYN")]).await.unwrap().items), ["Årlig översyn av arkitekturen"]);
        assert_eq!(titles(&list(&[("q", "api")]).await.unwrap().items), ["Checklista för API", "Tillämpning för API-hantering"]);
        assert_eq!(list(&[("q", "säkerhet")]).await.unwrap().total_count, 1);
        assert_eq!(list(&[("q", "100%")]).await.unwrap().total_count, 0);
        assert_eq!(list(&[("level", "3"), ("q", "mall")]).await.unwrap().total_count, 1);
        assert_eq!(list(&[("level", "1"), ("authorOrganisation", "digg")]).await.unwrap().total_count, 1);

        assert_problem(list(&[("level", "4")]).await, 400, Some("level"));
        assert_problem(list(&[("level", "ett")]).await, 400, Some("level"));
        assert_problem(list(&[("status", "Beslutat")]).await, 400, Some("status"));
        assert_problem(list(&[("scopeKind", "hela")]).await, 400, Some("scopeKind"));
        assert_problem(list(&[("parent", "inte-ett-id")]).await, 400, Some("parent"));
        assert_problem(list(&[("author", "digg")]).await, 400, Some("author"));

        // Paging: five documents, two at a time.
        let first = list(&[("limit", "2")]).await.unwrap();
        assert_eq!((first.items.len(), first.total_count, first.limit), (2, 5, 2));
        let second = list(&[("limit", "2"), ("offset", "2")]).await.unwrap();
        let by_cursor = docs.list(&[("limit", "2"), ("cursor", first.next_cursor.as_deref().unwrap())]).await.unwrap();
        assert_eq!(second.items, by_cursor.items);
        assert!(second.items.iter().all(|d| !first.items.contains(d)));
        let last = list(&[("limit", "2"), ("offset", "4")]).await.unwrap();
        assert_eq!(last.items.len(), 1);
        assert!(last.next_cursor.is_none(), "no empty page after the last");
        assert!(list(&[("limit", "5")]).await.unwrap().next_cursor.is_none());
        let all = docs.list_all(&[("limit", "2")]).await.unwrap();
        assert_eq!(all.len() as i64, first.total_count);
        let mut ids: Vec<_> = all.iter().map(|d| d.meta.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 5);
        assert_eq!(docs.list_all(&[("limit", "1"), ("level", "3")]).await.unwrap().len(), 2);
    }

    async fn documents_are_replaced_with_etags_and_keep_their_history(app: TestApp) {
        let docs = app.client.documents();
        let created = docs.create(&doc("Styrning av arkitektur", 1, None)).await.unwrap();
        assert_eq!(created.status, DocumentStatus::Utkast);
        let id = created.meta.id.to_string();
        let changed = doc("Styrning av arkitektur 2", 1, None);
        assert_problem(docs.replace(&id, None, &changed).await, 428, None);
        let replaced = docs.replace(&id, Some(1), &changed).await.unwrap();
        assert_eq!(replaced.meta.version, 2);
        assert_eq!(replaced.title, "Styrning av arkitektur 2");
        assert_eq!(replaced.meta.created_at, created.meta.created_at);
        assert_eq!(docs.get(&id).await.unwrap(), replaced);
        // A writer that read version 1 must not overwrite version 2.
        let before = audit_count(&app).await;
        assert_problem(docs.replace(&id, Some(1), &doc("Gammal", 1, None)).await, 412, None);
        assert_eq!(docs.get(&id).await.unwrap().title, "Styrning av arkitektur 2");
        // The status is not set by a replace.
        let p = assert_problem(docs.replace(&id, Some(2), &DocumentInput { status: Some(DocumentStatus::Beslutat), ..changed.clone() }).await, 409, Some("status"));
        assert!(p.detail.contains("/decision"), "{p:?}");
        assert_problem(docs.replace(&id, Some(2), &DocumentInput { decided_date: Some("2021-06-15".parse().unwrap()), ..changed.clone() }).await, 409, Some("decidedDate"));
        assert_eq!(audit_count(&app).await, before);

        let decided = decided(&app, &replaced, "2021-06-15").await;
        assert_eq!((decided.meta.version, decided.status), (4, DocumentStatus::Beslutat));
        assert_eq!(decided.decided_date, Some("2021-06-15".parse().unwrap()));
        // The same status and date sent back are accepted.
        let same = DocumentInput { status: Some(DocumentStatus::Beslutat), decided_date: decided.decided_date, ..changed.clone() };
        let kept = docs.replace(&id, Some(4), &same).await.unwrap();
        assert_eq!((kept.meta.version, kept.status), (5, DocumentStatus::Beslutat));

        // Repealed keeps its decision date.
        let repealed = app.client.document_step(&id, "repeal", &serde_json::json!({"repealedDate": "2022-01-01"})).await.unwrap();
        assert_eq!((repealed.meta.version, repealed.status), (6, DocumentStatus::Upphavt));
        assert_eq!(repealed.decided_date, decided.decided_date);
        assert!(!repealed.in_force);

        assert_problem(docs.delete(&id, Some(2)).await, 412, None);
        assert_problem(docs.delete(&id, None).await, 428, None);
        assert_problem(docs.replace("0190c0de-0000-7000-8000-000000000000", Some(1), &changed).await, 404, None);
        docs.delete(&id, Some(6)).await.unwrap();
        assert_problem(docs.get(&id).await, 404, None);
        assert_problem(docs.delete(&id, Some(6)).await, 404, None);

        let history = docs.history(&id, &[]).await.unwrap();
        let ops: Vec<_> = history.items.iter().map(|c| (c.operation.as_str(), c.version)).collect();
        assert_eq!(ops, [("delete", 7), ("update", 6), ("update", 5), ("update", 4), ("update", 3), ("update", 2), ("create", 1)]);
        assert!(history.items.iter().all(|c| c.entity == "documents" && c.entity_id == created.meta.id));
        assert_eq!(docs.history(&id.to_uppercase(), &[]).await.unwrap().items, history.items);
        assert!(history.items[0].after.is_none());
        assert_eq!(history.items[0].before.as_ref().unwrap()["status"], "upphavt");
        let decision = &history.items[3];
        assert_eq!(decision.before.as_ref().unwrap()["status"], "presenterat");
        assert!(decision.before.as_ref().unwrap().get("decidedDate").is_none());
        assert_eq!(decision.after.as_ref().unwrap()["status"], "beslutat");
        assert_eq!(decision.after.as_ref().unwrap()["decidedDate"], "2021-06-15");
        assert!(history.items[6].before.is_none());
        assert_eq!(history.items[6].after.as_ref().unwrap()["title"], "Styrning av arkitektur");
    }

    async fn the_document_hierarchy_is_enforced(app: TestApp) {
        let docs = app.client.documents();
        let h = hierarchy(&app).await;
        let (l1, l1b, a, b) = (&h[0], &h[1], &h[2], &h[3]);
        let before = audit_count(&app).await;

        // Level 1 has no parent; level 2 needs a level-1 parent; level 3 a level-2 parent.
        assert_problem(docs.create(&doc("X", 1, Some(l1))).await, 422, Some("parent"));
        assert_problem(docs.create(&doc("X", 2, None)).await, 422, Some("parent"));
        assert_problem(docs.create(&doc("X", 3, None)).await, 422, Some("parent"));
        assert_problem(docs.create(&doc("X", 2, Some(a))).await, 422, Some("parent"));
        assert_problem(docs.create(&doc("X", 2, Some(b))).await, 422, Some("parent"));
        let p = assert_problem(docs.create(&doc("X", 3, Some(l1))).await, 422, Some("parent"));
        assert!(p.detail.contains("level-2"), "{p:?}");
        assert_problem(docs.create(&doc("X", 0, None)).await, 400, Some("level"));
        assert_problem(docs.create(&doc("X", 4, Some(b))).await, 400, Some("level"));
        // A parent that does not exist, or is not an id at all.
        let mut missing = doc("X", 2, None);
        missing.parent = Some("0190c0de-0000-7000-8000-000000000000".into());
        assert_problem(docs.create(&missing).await, 409, Some("parent"));
        missing.parent = Some("styrning".into());
        assert_problem(docs.create(&missing).await, 400, Some("parent"));

        // A document cannot be its own parent…
        let a_id = a.meta.id.to_string();
        let p = assert_problem(docs.replace(&a_id, Some(2), &doc("A", 2, Some(a))).await, 422, Some("parent"));
        assert!(p.detail.contains("own parent"), "{p:?}");
        // …nor descend from itself: l1 under its own child a would close a loop.
        let l1_id = l1.meta.id.to_string();
        let p = assert_problem(docs.replace(&l1_id, Some(3), &doc("L1", 2, Some(a))).await, 422, Some("parent"));
        assert!(p.detail.contains("cycle"), "{p:?}");
        // …nor under its grandchild.
        let p = assert_problem(docs.replace(&l1_id, Some(3), &doc("L1", 3, Some(b))).await, 422, Some("parent"));
        assert!(p.detail.contains("cycle"), "{p:?}");

        // A level change that would break the children's levels.
        let p = assert_problem(docs.replace(&a_id, Some(2), &doc("A", 1, None)).await, 422, Some("level"));
        assert!(p.detail.contains("level-3"), "{p:?}");
        assert_problem(docs.replace(&l1_id, Some(3), &doc("L1", 2, Some(l1b))).await, 422, Some("level"));
        assert_eq!(audit_count(&app).await, before, "nothing was written");
        assert_eq!(docs.get(&a_id).await.unwrap(), *a);

        // Moving a level-2 document to another level-1 parent is fine.
        let moved = docs.replace(&a_id, Some(2), &doc("A", 2, Some(l1b))).await.unwrap();
        assert_eq!(moved.parent.unwrap().id, l1b.meta.id);
        assert_eq!(docs.list(&[("parent", &l1b.meta.id.to_string())]).await.unwrap().total_count, 1);
        // A childless level-1 document may become level 2.
        let demoted = docs.replace(&l1_id, Some(3), &doc("L1", 2, Some(l1b))).await.unwrap();
        assert_eq!(demoted.level, 2);

        // A document with children cannot be deleted; its children go first.
        let p = assert_problem(docs.delete(&a_id, Some(3)).await, 409, None);
        assert!(p.detail.contains("referenced"), "{p:?}");
        assert!(docs.get(&a_id).await.is_ok());
        docs.delete(&b.meta.id.to_string(), Some(1)).await.unwrap();
        docs.delete(&h[4].meta.id.to_string(), Some(1)).await.unwrap();
        docs.delete(&a_id, Some(3)).await.unwrap();
    }

    async fn invalid_documents_are_refused_and_nothing_is_written(app: TestApp) {
        let docs = app.client.documents();
        // A new document is a draft; status and decision date follow the life cycle.
        assert_problem(docs.create(&DocumentInput { status: Some(DocumentStatus::Beslutat), ..doc("X", 1, None) }).await, 422, Some("status"));
        assert_problem(docs.create(&DocumentInput { status: Some(DocumentStatus::Ersatt), ..doc("X", 1, None) }).await, 422, Some("status"));
        assert_problem(docs.create(&DocumentInput { decided_date: Some("2021-01-01".parse().unwrap()), ..doc("X", 1, None) }).await, 422, Some("decidedDate"));
        assert!(docs.create(&DocumentInput { status: Some(DocumentStatus::Utkast), ..doc("Utkast", 1, None) }).await.is_ok());
        let before = audit_count(&app).await;
        // The scope's subject: required unless the scope is the whole infrastructure, and known.
        let scoped = |s: ScopeInput| DocumentInput { scope: s, ..doc("X", 1, None) };
        // A subject missing or given against the scope's kind breaks a rule (422); one the
        // register does not hold as that kind is an unknown reference (409).
        let cases = [
            (ScopeInput { kind: ScopeKind::Byggblock, subject: None }, 422),
            (ScopeInput { kind: ScopeKind::Kompetensomrade, subject: None }, 422),
            (scope(ScopeKind::Infrastruktur, "api-hantering"), 422),
            (scope(ScopeKind::Byggblock, "finns-inte"), 409),
            (scope(ScopeKind::Kompetensomrade, "api-hantering"), 409),
            (scope(ScopeKind::Byggblock, "arkitektur"), 409),
            (scope(ScopeKind::Grunddatadoman, "fastigheter"), 409),
        ];
        for (s, status) in cases {
            assert_problem(docs.create(&scoped(s.clone())).await, status, Some("scope.subject"));
        }
        assert_problem(docs.create(&DocumentInput { author_organisation: "finns-inte".into(), ..doc("X", 1, None) }).await, 409, Some("authorOrganisation"));
        assert_problem(docs.create(&DocumentInput { link: Some("www.digg.se".into()), ..doc("X", 1, None) }).await, 400, Some("link"));
        assert_problem(docs.create(&doc("", 1, None)).await, 400, Some("title"));

        let raw: &[(&str, u16, &str)] = &[
            (r#"{"title": "X", "level": 1, "scope": {"kind": "infrastruktur"}, "authorOrganisation": "digg", "status": "utkast", "colour": 1}"#, 400, "colour"),
            (r#"{"title": "X", "level": 1, "scope": {"kind": "infrastruktur", "colour": 1}, "authorOrganisation": "digg", "status": "utkast"}"#, 400, "scope.colour"),
            (r#"{"title": "X", "level": 1, "scope": {"kind": "infrastruktur"}, "authorOrganisation": "digg", "status": "Beslutat"}"#, 400, "status"),
            (r#"{"title": "X", "level": 1, "scope": {"kind": "hela"}, "authorOrganisation": "digg", "status": "utkast"}"#, 400, "scope.kind"),
            (r#"{"level": 1, "scope": {"kind": "infrastruktur"}, "authorOrganisation": "digg", "status": "utkast"}"#, 400, "title"),
            (r#"{"title": "X", "level": 1, "scope": {}, "authorOrganisation": "digg", "status": "utkast"}"#, 400, "scope.kind"),
            (r#"{"title": "X", "level": 1, "scope": {"kind": "infrastruktur"}, "status": "utkast"}"#, 400, "authorOrganisation"),
            (r#"{"title": "X", "level": "ett", "scope": {"kind": "infrastruktur"}, "authorOrganisation": "digg", "status": "utkast"}"#, 400, "level"),
            (r#"{"title": "X", "level": 1, "scope": {"kind": "infrastruktur"}, "authorOrganisation": "digg", "status": "beslutat", "decidedDate": "15 juni 2021"}"#, 400, "decidedDate"),
        ];
        for (body, status, field) in raw {
            assert_raw(post_raw(&app, "/api/v1/documents", body).await, *status, field, body);
        }
        assert_eq!(audit_count(&app).await, before);
        assert_eq!(docs.list(&[]).await.unwrap().total_count, 1);
    }

    async fn entries_a_document_refers_to_cannot_be_deleted(app: TestApp) {
        let orgs = app.client.organisations();
        let org = orgs.create(&OrganisationInput {
            source: None,
            slug: "are-kommun".into(), name: "Åre kommun".into(), short_name: None,
            kind: OrganisationKind::Kommun, organisation_number: None,
            preparedness_agency: false, website: None,
        }).await.unwrap();
        let areas = app.client.competence_areas();
        let area = areas.create(&CompetenceAreaInput {
            source: None,
            slug: "tillganglighet".into(), name: "Tillgänglighet".into(), description: String::new(),
            home_organisation: None, contributors: vec![], status: CompetenceAreaStatus::Planerat,
        }).await.unwrap();
        let role = app.client.role_assignments().create(&RoleAssignmentInput {
            source: None,
            organisation: "are-kommun".into(), role: Role::Kompetensomradesansvarig,
            building_block: None, base_data_domain: None, competence_area: Some("tillganglighet".into()),
        }).await.unwrap();
        let d = app.client.documents().create(&DocumentInput {
            author_organisation: "are-kommun".into(),
            scope: scope(ScopeKind::Kompetensomrade, &area.meta.id.to_string()),
            ..doc("Riktlinje för tillgänglighet", 1, None)
        }).await.unwrap();
        assert_eq!(d.scope.subject.as_ref().unwrap().slug.as_deref(), Some("tillganglighet"));
        // The appointment shows on the area, as a change of its own (`appointments`).
        let area = areas.get("tillganglighet").await.unwrap();
        assert_eq!(area.home_organisation.as_ref().unwrap().slug.as_deref(), Some("are-kommun"));
        let before = audit_count(&app).await;
        assert_problem(orgs.delete("are-kommun", Some(org.meta.version)).await, 409, None);
        assert_problem(areas.delete("tillganglighet", Some(area.meta.version)).await, 409, None);
        assert_eq!(audit_count(&app).await, before);
        app.client.documents().delete(&d.meta.id.to_string(), Some(1)).await.unwrap();
        app.client.role_assignments().delete(&role.meta.id.to_string(), Some(1)).await.unwrap();
        orgs.delete("are-kommun", Some(org.meta.version)).await.unwrap();
        let area = areas.get("tillganglighet").await.unwrap();
        assert_eq!(area.home_organisation, None, "the appointment ended with its record");
        areas.delete("tillganglighet", Some(area.meta.version)).await.unwrap();
    }

    async fn the_2021_milestone_plan_is_seeded(app: TestApp) {
        let plans = app.client.plans();
        let p = plans.get(PLAN_2021).await.unwrap();
        assert_eq!(p.name, "Milstolpeplan för styrningsstrukturen 2021");
        assert_eq!(p.kind, PlanKind::Milstolpeplan);
        assert_eq!(p.scope, Scope { kind: ScopeKind::Infrastruktur, subject: None });
        assert!(p.description.starts_with("Milstolpar för 2021"), "{}", p.description);
        assert_eq!(p.meta.origin, "test");
        assert_eq!(plans.get(&p.meta.id.to_string()).await.unwrap(), p);
        let all = plans.list(&[]).await.unwrap();
        assert_eq!(all.total_count, 1);

        let ms = app.client.milestones();
        let seeded = ms.list_all(&[("plan", PLAN_2021), ("limit", "500")]).await.unwrap();
        assert_eq!(numbers(&seeded), (1..=19).collect::<Vec<_>>());
        assert!(seeded.iter().all(|m| m.plan.id == p.meta.id && m.plan.slug.as_deref() == Some(PLAN_2021)));
        assert!(seeded.iter().all(|m| m.status == WorkStatus::EjPaborjad));
        let five = seeded.iter().find(|m| m.number == 5).unwrap();
        assert_eq!(five.description, "Prioriterade KO etablerade");
        assert_eq!(five.due, "2021-Q3");
        assert_eq!(five.done_criteria, "KO etablerade");
        assert_eq!(five.area, "Kompetensområde");
        assert_eq!(five.responsible, "Kompetensområdesansvariga");
        assert_eq!(&ms.get(&five.meta.id.to_string()).await.unwrap(), five);
        let ten = seeded.iter().find(|m| m.number == 10).unwrap();
        assert_eq!(ten.due, "2021-Q2");
        // Word for word as the report has them (001 §7.4).
        assert_eq!(ten.responsible, "Infrastrukturansvarig (tillsammans med ansvariga roller för forumen)");
        let seventeen = seeded.iter().find(|m| m.number == 17).unwrap();
        assert_eq!(seventeen.description, "Beslutsprocesser gällande utforskande utveckling, byggblock och \
            grunddatadomäner och styrning inom infrastrukturen är etablerade. (Successiv etablering utifrån behov)");
        let nineteen = seeded.iter().find(|m| m.number == 19).unwrap();
        assert_eq!(nineteen.description, "Årshjulet för styrning, planering och uppföljning av Infrastrukturen etablerad");
        // Milestones have no slug: a number is not a key.
        assert_problem(ms.get("5").await, 404, None);
    }

    async fn milestone_filters_and_paging(app: TestApp) {
        let ms = app.client.milestones();
        let client = &app.client;
        let nums = |q: &'static [(&'static str, &'static str)]| async move {
            let mut q = q.to_vec();
            q.push(("limit", "500"));
            numbers(&client.milestones().list_all(&q).await.unwrap())
        };
        assert_eq!(nums(&[("due", "2021-Q3")]).await, [5, 11, 17, 19]);
        assert_eq!(nums(&[("due", "2021-Q2")]).await, [10, 13]);
        assert_eq!(nums(&[("due", "2021-Q4")]).await, [6, 14]);
        assert_eq!(nums(&[("due", "2021-Q1")]).await.len(), 11);
        assert!(nums(&[("due", "2022-Q1")]).await.is_empty());
        assert_eq!(nums(&[("area", "Samverkan")]).await, [12, 13, 14]);
        assert_eq!(nums(&[("area", "Kompetensområde")]).await, [1, 2, 3, 4, 5, 6]);
        assert!(nums(&[("area", "samverkan")]).await.is_empty(), "area is exact text");
        assert_eq!(nums(&[("due", "2021-Q1"), ("area", "Samordningsforum")]).await, [7, 8, 9]);
        assert_eq!(nums(&[("status", "ej-paborjad")]).await.len(), 19);
        assert!(nums(&[("status", "klar")]).await.is_empty());
        assert!(nums(&[("plan", "finns-inte")]).await.is_empty());
        let plan = app.client.plans().get(PLAN_2021).await.unwrap();
        assert_eq!(ms.list(&[("plan", &plan.meta.id.to_string())]).await.unwrap().total_count, 19);
        assert_eq!(ms.list(&[("plan", &plan.meta.id.to_string().to_uppercase())]).await.unwrap().total_count, 19);

        // Milestones of another plan are kept apart.
        app.client.plans().create(&plan_in("annan-plan", PlanKind::Milstolpeplan, infra())).await.unwrap();
        let done = MilestoneInput { status: WorkStatus::Klar, ..milestone("annan-plan", 5, "2021-Q3") };
        ms.create(&done).await.unwrap();
        assert_eq!(nums(&[("due", "2021-Q3")]).await, [5, 5, 11, 17, 19]);
        assert_eq!(nums(&[("due", "2021-Q3"), ("plan", PLAN_2021)]).await, [5, 11, 17, 19]);
        assert_eq!(nums(&[("plan", "annan-plan")]).await, [5]);
        assert_eq!(nums(&[("status", "klar")]).await, [5]);

        for bad in ["2021-q3", "2021Q3", "2021-Q5", "21-Q1", "Q3"] {
            assert_problem(ms.list(&[("due", bad)]).await, 400, Some("due"));
        }
        assert_problem(ms.list(&[("status", "done")]).await, 400, Some("status"));
        assert_problem(ms.list(&[("number", "5")]).await, 400, Some("number"));

        // Paging over the 19 seeded milestones.
        let q = [("plan", PLAN_2021), ("limit", "5")];
        let first = ms.list(&q).await.unwrap();
        assert_eq!((first.items.len(), first.total_count), (5, 19));
        let second = ms.list(&[("plan", PLAN_2021), ("limit", "5"), ("offset", "5")]).await.unwrap();
        let by_cursor = ms.list(&[("plan", PLAN_2021), ("limit", "5"), ("cursor", first.next_cursor.as_deref().unwrap())]).await.unwrap();
        assert_eq!(second.items, by_cursor.items);
        assert!(second.items.iter().all(|m| !first.items.contains(m)));
        let last = ms.list(&[("plan", PLAN_2021), ("limit", "5"), ("offset", "15")]).await.unwrap();
        assert_eq!(last.items.len(), 4);
        assert!(last.next_cursor.is_none());
        assert!(ms.list(&[("limit", "5"), ("offset", "20")]).await.unwrap().items.is_empty());
        let all = ms.list_all(&q).await.unwrap();
        assert_eq!(all.len() as i64, first.total_count);
        assert_eq!(numbers(&all), (1..=19).collect::<Vec<_>>());
        let everything = ms.list(&[]).await.unwrap().total_count;
        assert_eq!(everything, 20);
        assert_eq!(ms.list_all(&[("limit", "3")]).await.unwrap().len() as i64, everything);
    }

    async fn milestones_are_replaced_with_etags_and_keep_their_history(app: TestApp) {
        let ms = app.client.milestones();
        let plan = app.client.plans().get(PLAN_2021).await.unwrap();
        let created = ms.create(&MilestoneInput {
            description: "Register över byggblock infört".into(),
            ..milestone(PLAN_2021, 20, "2022-Q1")
        }).await.unwrap();
        assert_eq!(created.meta.version, 1);
        assert_eq!(created.plan.id, plan.meta.id);
        assert_eq!((created.number, created.due.as_str()), (20, "2022-Q1"));
        let id = created.meta.id.to_string();
        assert_eq!(ms.get(&id).await.unwrap(), created);
        assert_eq!(ms.list(&[("plan", PLAN_2021)]).await.unwrap().total_count, 20);

        // The plan by id; the milestone moves a quarter and starts.
        let moved = MilestoneInput {
            status: WorkStatus::Pagar,
            description: "Register över byggblock infört".into(),
            ..milestone(&plan.meta.id.to_string(), 20, "2022-Q2")
        };
        assert_problem(ms.replace(&id, None, &moved).await, 428, None);
        let replaced = ms.replace(&id, Some(1), &moved).await.unwrap();
        assert_eq!((replaced.meta.version, replaced.status, replaced.due.as_str()), (2, WorkStatus::Pagar, "2022-Q2"));
        assert_eq!(replaced.plan.slug.as_deref(), Some(PLAN_2021));
        assert_problem(ms.replace(&id, Some(1), &moved).await, 412, None);
        assert_eq!(ms.list(&[("due", "2022-Q2")]).await.unwrap().items, std::slice::from_ref(&replaced));
        assert_eq!(ms.list(&[("due", "2022-Q1")]).await.unwrap().total_count, 0);

        assert_problem(ms.delete(&id, Some(1)).await, 412, None);
        assert_problem(ms.delete(&id, None).await, 428, None);
        ms.delete(&id, Some(2)).await.unwrap();
        assert_problem(ms.get(&id).await, 404, None);
        assert_eq!(ms.list(&[("plan", PLAN_2021)]).await.unwrap().total_count, 19);

        let history = ms.history(&id, &[]).await.unwrap();
        let ops: Vec<_> = history.items.iter().map(|c| c.operation.as_str()).collect();
        assert_eq!(ops, ["delete", "update", "create"]);
        assert!(history.items.iter().all(|c| c.entity == "milestones"));
        assert!(history.items[0].after.is_none());
        assert_eq!(history.items[0].before.as_ref().unwrap()["status"], "pagar");
        let update = &history.items[1];
        assert_eq!(update.before.as_ref().unwrap()["due"], "2022-Q1");
        assert_eq!(update.after.as_ref().unwrap()["due"], "2022-Q2");
        assert_eq!(update.before.as_ref().unwrap()["status"], "ej-paborjad");
        assert!(history.items[2].before.is_none());
        assert_eq!(history.items[2].after.as_ref().unwrap()["number"], 20);

        // A seeded milestone's history starts with the seed.
        let five = ms.list(&[("plan", PLAN_2021), ("due", "2021-Q3"), ("area", "Kompetensområde")]).await.unwrap();
        let h = ms.history(&five.items[0].meta.id.to_string(), &[]).await.unwrap();
        assert_eq!((h.total_count, h.items[0].operation.as_str(), h.items[0].actor.as_str()), (1, "create", "seed"));
    }

    async fn invalid_milestones_are_refused_and_nothing_is_written(app: TestApp) {
        let ms = app.client.milestones();
        let before = audit_count(&app).await;
        // A number is unique within its plan.
        let p = assert_problem(ms.create(&milestone(PLAN_2021, 5, "2021-Q3")).await, 409, Some("number"));
        assert!(p.detail.contains('5'), "{p:?}");
        for bad in ["2021-Q5", "2021-Q0", "2021-q3", "21-Q1", "2021Q1", "2021-Q12", ""] {
            assert_problem(ms.create(&milestone(PLAN_2021, 30, bad)).await, 400, Some("due"));
        }
        assert_problem(ms.create(&milestone(PLAN_2021, 0, "2022-Q1")).await, 400, Some("number"));
        assert_problem(ms.create(&milestone("finns-inte", 30, "2022-Q1")).await, 409, Some("plan"));
        assert_problem(ms.create(&milestone("0190c0de-0000-7000-8000-000000000000", 30, "2022-Q1")).await, 409, Some("plan"));
        assert_problem(ms.create(&MilestoneInput { description: String::new(), ..milestone(PLAN_2021, 30, "2022-Q1") }).await, 400, Some("description"));

        let raw: &[(&str, u16, &str)] = &[
            (r#"{"plan": "styrningsstruktur-2021", "number": 30, "description": "X", "due": "2022-Q1", "status": "pagar", "owner": "digg"}"#, 400, "owner"),
            (r#"{"plan": "styrningsstruktur-2021", "number": 30, "description": "X", "due": "2022-Q1", "status": "Pågår"}"#, 400, "status"),
            (r#"{"plan": "styrningsstruktur-2021", "number": 30, "due": "2022-Q1", "status": "pagar"}"#, 400, "description"),
            (r#"{"plan": "styrningsstruktur-2021", "number": 30, "description": "X", "status": "pagar"}"#, 400, "due"),
            (r#"{"number": 30, "description": "X", "due": "2022-Q1", "status": "pagar"}"#, 400, "plan"),
            (r#"{"plan": "styrningsstruktur-2021", "number": "trettio", "description": "X", "due": "2022-Q1", "status": "pagar"}"#, 400, "number"),
            (r#"{"plan": "styrningsstruktur-2021", "number": 30, "description": "X", "due": "2022-Q5", "status": "pagar"}"#, 400, "due"),
            (r#"{"plan": "styrningsstruktur-2021", "number": 7, "description": "X", "due": "2022-Q1", "status": "pagar"}"#, 409, "number"),
        ];
        for (body, status, field) in raw {
            assert_raw(post_raw(&app, "/api/v1/milestones", body).await, *status, field, body);
        }
        assert_eq!(audit_count(&app).await, before);
        assert_eq!(ms.list(&[]).await.unwrap().total_count, 19);

        // Racing writers of one number: one wins, the others are told which field conflicts.
        let tries = (0..6).map(|i| {
            let client = app.client.clone();
            tokio::spawn(async move {
                let input = MilestoneInput { description: format!("Försök {i}"), ..milestone(PLAN_2021, 40, "2022-Q4") };
                client.milestones().create(&input).await
            })
        });
        let mut won = 0;
        for t in tries.collect::<Vec<_>>() {
            match t.await.unwrap() {
                Ok(m) => { won += 1; assert_eq!(m.number, 40); }
                r => { assert_problem(r, 409, Some("number")); }
            }
        }
        assert_eq!(won, 1);
        assert_eq!(ms.list(&[("due", "2022-Q4")]).await.unwrap().total_count, 1);

        // The same number in another plan is fine; moving onto a taken number is not.
        app.client.plans().create(&plan_in("annan-plan", PlanKind::Milstolpeplan, infra())).await.unwrap();
        let other = ms.create(&milestone("annan-plan", 5, "2021-Q3")).await.unwrap();
        let id = other.meta.id.to_string();
        assert_problem(ms.replace(&id, Some(1), &milestone(PLAN_2021, 5, "2021-Q3")).await, 409, Some("number"));
        assert_problem(ms.replace(&id, Some(1), &milestone("annan-plan", 5, "2021-Q9")).await, 400, Some("due"));
        // Keeping its own number is no conflict.
        let kept = ms.replace(&id, Some(1), &milestone("annan-plan", 5, "2021-Q4")).await.unwrap();
        assert_eq!((kept.meta.version, kept.due.as_str()), (2, "2021-Q4"));
        let joined = ms.replace(&id, Some(2), &milestone(PLAN_2021, 20, "2021-Q4")).await.unwrap();
        assert_eq!(joined.plan.slug.as_deref(), Some(PLAN_2021));
    }

    async fn plan_filters_and_paging(app: TestApp) {
        let plans = app.client.plans();
        let tactical = PlanInput { name: "Taktisk färdplan för informationsutbyte".into(),
            ..plan_in("taktisk-informationsutbyte", PlanKind::Taktisk, scope(ScopeKind::Byggblock, "api-hantering")) };
        let tactical = plans.create(&tactical).await.unwrap();
        assert_eq!(tactical.scope.subject.as_ref().unwrap().slug.as_deref(), Some("api-hantering"));
        let strategic = PlanInput { name: "Strategisk färdplan 2022–2028".into(),
            ..plan_in("strategisk-2022", PlanKind::Strategisk, infra()) };
        plans.create(&strategic).await.unwrap();
        let juridik = PlanInput { name: "Milstolpeplan Juridik".into(),
            ..plan_in("juridik-2022", PlanKind::Milstolpeplan, scope(ScopeKind::Kompetensomrade, "juridik")) };
        let juridik = plans.create(&juridik).await.unwrap();
        assert_eq!(juridik.scope.subject.as_ref().unwrap().name, "Juridik");

        let slugs = |p: Page<Plan>| { let mut s: Vec<_> = p.items.into_iter().map(|p| p.slug).collect(); s.sort(); s };
        assert_eq!(slugs(plans.list(&[("kind", "taktisk")]).await.unwrap()), ["taktisk-informationsutbyte"]);
        assert_eq!(slugs(plans.list(&[("kind", "milstolpeplan")]).await.unwrap()), ["juridik-2022", PLAN_2021]);
        assert_eq!(slugs(plans.list(&[("scopeKind", "infrastruktur")]).await.unwrap()), ["strategisk-2022", PLAN_2021]);
        assert_eq!(slugs(plans.list(&[("scopeKind", "byggblock")]).await.unwrap()), ["taktisk-informationsutbyte"]);
        assert_eq!(slugs(plans.list(&[("scopeKind", "kompetensomrade")]).await.unwrap()), ["juridik-2022"]);
        assert_eq!(plans.list(&[("scopeKind", "grunddatadoman")]).await.unwrap().total_count, 0);
        assert_eq!(slugs(plans.list(&[("kind", "milstolpeplan"), ("scopeKind", "infrastruktur")]).await.unwrap()), [PLAN_2021]);
        // Part of the name (any case) or of the slug.
        assert_eq!(slugs(plans.list(&[("q", "FÄRDPLAN")]).await.unwrap()), ["strategisk-2022", "taktisk-informationsutbyte"]);
        assert_eq!(slugs(plans.list(&[("q", "milstolpeplan")]).await.unwrap()), ["juridik-2022", PLAN_2021]);
        assert_eq!(slugs(plans.list(&[("q", "struktur-2021")]).await.unwrap()), [PLAN_2021]);
        assert_eq!(slugs(plans.list(&[("q", "2022")]).await.unwrap()), ["juridik-2022", "strategisk-2022"]);
        assert_eq!(plans.list(&[("q", "finns inte")]).await.unwrap().total_count, 0);
        assert_problem(plans.list(&[("kind", "Taktisk")]).await, 400, Some("kind"));
        assert_problem(plans.list(&[("scopeKind", "hela")]).await, 400, Some("scopeKind"));
        assert_problem(plans.list(&[("slug", PLAN_2021)]).await, 400, Some("slug"));

        let first = plans.list(&[("limit", "3")]).await.unwrap();
        assert_eq!((first.items.len(), first.total_count), (3, 4));
        let second = plans.list(&[("limit", "3"), ("offset", "3")]).await.unwrap();
        let by_cursor = plans.list(&[("limit", "3"), ("cursor", first.next_cursor.as_deref().unwrap())]).await.unwrap();
        assert_eq!(second.items.len(), 1);
        assert_eq!(second.items, by_cursor.items);
        assert!(second.next_cursor.is_none() && by_cursor.next_cursor.is_none());
        assert!(!first.items.contains(&second.items[0]));
        let all = plans.list_all(&[("limit", "1")]).await.unwrap();
        assert_eq!(all.len() as i64, first.total_count);
        assert!(all.iter().any(|p| p.meta.id == tactical.meta.id));
    }

    async fn plans_are_replaced_with_etags_and_deleted_after_their_milestones(app: TestApp) {
        let plans = app.client.plans();
        let created = plans.create(&plan_in("api-hantering-2022", PlanKind::Milstolpeplan, scope(ScopeKind::Byggblock, "api-hantering"))).await.unwrap();
        assert_eq!(created.meta.version, 1);
        let id = created.meta.id.to_string();
        assert_eq!(plans.get("api-hantering-2022").await.unwrap(), created);
        assert_eq!(plans.get(&id).await.unwrap(), created);

        let mut renamed = plan_in("api-hantering-2022-2023", PlanKind::Milstolpeplan, infra());
        renamed.name = "Milstolpeplan API-hantering 2022–2023".into();
        assert_problem(plans.replace("api-hantering-2022", None, &renamed).await, 428, None);
        let replaced = plans.replace("api-hantering-2022", Some(1), &renamed).await.unwrap();
        assert_eq!((replaced.meta.version, replaced.slug.as_str()), (2, "api-hantering-2022-2023"));
        assert_eq!(replaced.scope, Scope { kind: ScopeKind::Infrastruktur, subject: None });
        assert_problem(plans.get("api-hantering-2022").await, 404, None);
        assert_eq!(plans.get("api-hantering-2022-2023").await.unwrap(), replaced);
        assert_problem(plans.replace(&id, Some(1), &renamed).await, 412, None);

        // Its milestones name it by its new slug; while any remain it cannot be deleted.
        let m = app.client.milestones().create(&milestone("api-hantering-2022-2023", 1, "2022-Q1")).await.unwrap();
        let by_slug = plans.history("api-hantering-2022-2023", &[]).await.unwrap();
        assert_eq!(by_slug.items.iter().map(|c| c.version).collect::<Vec<_>>(), [2, 1]);
        assert_eq!(m.plan.slug.as_deref(), Some("api-hantering-2022-2023"));
        let before = audit_count(&app).await;
        let p = assert_problem(plans.delete(&id, Some(2)).await, 409, None);
        assert!(p.detail.contains("referenced"), "{p:?}");
        let seeded = plans.get(PLAN_2021).await.unwrap();
        assert_problem(plans.delete(PLAN_2021, Some(seeded.meta.version)).await, 409, None);
        assert_eq!(audit_count(&app).await, before);
        assert_problem(plans.delete(&id, Some(1)).await, 412, None);
        assert_problem(plans.delete(&id, None).await, 428, None);
        app.client.milestones().delete(&m.meta.id.to_string(), Some(1)).await.unwrap();
        plans.delete("api-hantering-2022-2023", Some(2)).await.unwrap();
        assert_problem(plans.get(&id).await, 404, None);

        let history = plans.history(&id, &[]).await.unwrap();
        let ops: Vec<_> = history.items.iter().map(|c| c.operation.as_str()).collect();
        assert_eq!(ops, ["delete", "update", "create"]);
        assert!(history.items[0].after.is_none());
        assert_eq!(history.items[0].before.as_ref().unwrap()["slug"], "api-hantering-2022-2023");
        let update = &history.items[1];
        assert_eq!(update.before.as_ref().unwrap()["slug"], "api-hantering-2022");
        assert_eq!(update.before.as_ref().unwrap()["scope"]["kind"], "byggblock");
        assert_eq!(update.before.as_ref().unwrap()["scope"]["subject"]["slug"], "api-hantering");
        assert_eq!(update.after.as_ref().unwrap()["scope"]["kind"], "infrastruktur");
        assert!(history.items[2].before.is_none());
        assert_eq!(history.items[2].after.as_ref().unwrap()["name"], "Plan api-hantering-2022");
    }

    async fn invalid_plans_are_refused_and_nothing_is_written(app: TestApp) {
        let plans = app.client.plans();
        let before = audit_count(&app).await;
        let p = assert_problem(plans.create(&plan_in(PLAN_2021, PlanKind::Taktisk, infra())).await, 409, Some("slug"));
        assert!(p.detail.contains(PLAN_2021), "{p:?}");
        assert_problem(plans.create(&plan_in("Ny plan", PlanKind::Taktisk, infra())).await, 400, Some("slug"));
        assert_problem(plans.create(&PlanInput { name: String::new(), ..plan_in("ny", PlanKind::Taktisk, infra()) }).await, 400, Some("name"));
        for (s, status) in [
            (ScopeInput { kind: ScopeKind::Byggblock, subject: None }, 422),
            (ScopeInput { kind: ScopeKind::Grunddatadoman, subject: None }, 422),
            (scope(ScopeKind::Infrastruktur, "juridik"), 422),
            (scope(ScopeKind::Byggblock, "finns-inte"), 409),
            (scope(ScopeKind::Kompetensomrade, "identitet"), 409),
            (scope(ScopeKind::Grunddatadoman, "0190c0de-0000-7000-8000-000000000000"), 409),
        ] {
            assert_problem(plans.create(&plan_in("ny", PlanKind::Taktisk, s)).await, status, Some("scope.subject"));
        }
        let raw: &[(&str, u16, &str)] = &[
            (r#"{"slug": "ny", "name": "Ny", "kind": "taktisk", "scope": {"kind": "infrastruktur"}, "horizon": 3}"#, 400, "horizon"),
            (r#"{"slug": "ny", "name": "Ny", "kind": "taktisk", "scope": {"kind": "infrastruktur", "subject": 1}}"#, 400, "scope.subject"),
            (r#"{"slug": "ny", "name": "Ny", "kind": "fardplan", "scope": {"kind": "infrastruktur"}}"#, 400, "kind"),
            (r#"{"slug": "ny", "name": "Ny", "kind": "taktisk", "scope": {"kind": "Byggblock", "subject": "identitet"}}"#, 400, "scope.kind"),
            (r#"{"slug": "ny", "kind": "taktisk", "scope": {"kind": "infrastruktur"}}"#, 400, "name"),
            (r#"{"slug": "ny", "name": "Ny", "kind": "taktisk"}"#, 400, "scope"),
            (r#"{"slug": "styrningsstruktur-2021", "name": "Ny", "kind": "taktisk", "scope": {"kind": "infrastruktur"}}"#, 409, "slug"),
        ];
        for (body, status, field) in raw {
            assert_raw(post_raw(&app, "/api/v1/plans", body).await, *status, field, body);
        }
        assert_eq!(audit_count(&app).await, before);
        assert_eq!(plans.list(&[]).await.unwrap().total_count, 1);

        // A replace cannot take another plan's slug either.
        let own = plans.create(&plan_in("ny", PlanKind::Taktisk, infra())).await.unwrap();
        assert_problem(plans.replace("ny", Some(own.meta.version), &plan_in(PLAN_2021, PlanKind::Taktisk, infra())).await, 409, Some("slug"));
        assert_problem(plans.replace("ny", Some(own.meta.version), &plan_in("ny", PlanKind::Taktisk, scope(ScopeKind::Byggblock, "finns-inte"))).await, 409, Some("scope.subject"));
        assert_eq!(plans.get("ny").await.unwrap(), own);
    }

    async fn a_block_that_scopes_a_plan_cannot_be_deleted(app: TestApp) {
        let bb = app.client.building_blocks();
        let block = bb.create(&block_input("planerat-block")).await.unwrap();
        let p = app.client.plans().create(&plan_in("planerat-block-2022", PlanKind::Milstolpeplan,
            scope(ScopeKind::Byggblock, &block.meta.id.to_string()))).await.unwrap();
        assert_eq!(p.scope.subject.as_ref().unwrap().slug.as_deref(), Some("planerat-block"));
        let before = audit_count(&app).await;
        let problem = assert_problem(bb.delete("planerat-block", Some(block.meta.version)).await, 409, None);
        assert!(problem.detail.contains("plans"), "{problem:?}");
        assert_eq!(audit_count(&app).await, before);
        assert!(bb.get("planerat-block").await.is_ok());
        // Once the plan covers something else, the block can go.
        let p = app.client.plans().replace("planerat-block-2022", Some(1), &plan_in("planerat-block-2022", PlanKind::Milstolpeplan, infra())).await.unwrap();
        assert_eq!(p.meta.version, 2);
        bb.delete("planerat-block", Some(block.meta.version)).await.unwrap();
        assert_problem(bb.get("planerat-block").await, 404, None);

        // A block scoping a document is guarded in the same way.
        let block = bb.create(&block_input("dokumenterat-block")).await.unwrap();
        let d = app.client.documents().create(&DocumentInput {
            scope: scope(ScopeKind::Byggblock, "dokumenterat-block"), ..doc("Riktlinje för blocket", 1, None)
        }).await.unwrap();
        assert_problem(bb.delete("dokumenterat-block", Some(block.meta.version)).await, 409, None);
        app.client.documents().delete(&d.meta.id.to_string(), Some(1)).await.unwrap();
        bb.delete("dokumenterat-block", Some(block.meta.version)).await.unwrap();
    }
}
