use integration_tests::openapi::*;
use integration_tests::{assert_problem, both_backends};

fn input(slug: &str, depends_on: &[&str]) -> BuildingBlockInput {
    BuildingBlockInput {
        analysis_lead: None,
        source: None,
        slug: slug.into(),
        name: format!("Block {slug}"),
        description: "Ett testblock för sökning av ärenden".into(),
        purpose: "Prov".into(),
        category: Category::Informationsutbyte,
        phase: None,
        responsible: Some("digg".into()),
        analyses: Analyses::default(),
        value_propositions: vec!["Snabbare".into()],
        depends_on: depends_on.iter().map(|s| s.to_string()).collect(),
        related_external: vec![],
    }
}

both_backends! {
    async fn the_fourteen_blocks_of_the_report_are_seeded(app: TestApp) {
        let blocks = app.client.building_blocks().list_all(&[("limit", "500")]).await.unwrap();
        assert_eq!(blocks.len(), 14);
        let api = app.client.building_blocks().get("api-hantering").await.unwrap();
        assert_eq!(api.phase, Phase::Utveckling);
        assert_eq!(api.category, Category::Informationsutbyte);
        assert_eq!(api.responsible.as_ref().unwrap().slug.as_deref(), Some("digg"));
        assert_eq!(api.analyses.legal, WorkStatus::Klar);
        let min_profil = app.client.building_blocks().get("min-profil").await.unwrap();
        assert!(min_profil.responsible.is_none());
        assert_eq!(min_profil.analyses, Analyses::default());
    }

    async fn filters_and_facets_agree(app: TestApp) {
        let bb = app.client.building_blocks();
        let idea = bb.list(&[("phase", "ide")]).await.unwrap();
        assert_eq!(idea.total_count, 5);
        assert!(idea.items.iter().all(|b| b.phase == Phase::Ide));
        let trust = bb.list(&[("category", "tillit-och-sakerhet"), ("responsible", "digg")]).await.unwrap();
        let slugs: Vec<_> = trust.items.iter().map(|b| b.slug.as_str()).collect();
        assert_eq!(slugs, ["identitet", "auktorisation"]);

        let facets = app.client.building_block_facets(&[]).await.unwrap();
        assert_eq!(facets.total_count, 14);
        let phase = |v: &str| facets.phase.iter().find(|f| f.value.as_deref() == Some(v)).unwrap().count;
        assert_eq!((phase("ide"), phase("analys-och-krav"), phase("utveckling"), phase("forvaltning")), (5, 6, 3, 0));
        let none = facets.responsible.iter().find(|f| f.value.is_none()).unwrap();
        assert_eq!(none.count, 3);
        let in_trust = app.client.building_block_facets(&[("category", "tillit-och-sakerhet")]).await.unwrap();
        assert_eq!(in_trust.total_count, 5);
        assert_eq!(in_trust.category.iter().map(|c| c.count).sum::<i64>(), 5);
        assert_eq!(bb.list(&[("responsible", "finns-inte")]).await.unwrap().total_count, 0);
    }

    async fn full_text_search_matches_words_as_prefixes(app: TestApp) {
        let bb = app.client.building_blocks();
        let slugs = |p: Page<BuildingBlock>| p.items.into_iter().map(|b| b.slug).collect::<Vec<_>>();
        assert_eq!(slugs(bb.list(&[("q", "tjänstekatalog")]).await.unwrap()), ["api-hantering"]);
        assert_eq!(slugs(bb.list(&[("q", "API")]).await.unwrap()), ["api-hantering"]);
        assert_eq!(slugs(bb.list(&[("q", "mina sidor")]).await.unwrap()), ["mina-ombud"]);
        let created = bb.create(&input("sokbar", &[])).await.unwrap();
        assert_eq!(slugs(bb.list(&[("q", "ärend testbl")]).await.unwrap()), ["sokbar"]);
        let mut renamed = input("sokbar", &[]);
        renamed.description = "Annan text".into();
        bb.replace("sokbar", Some(created.meta.version), &renamed).await.unwrap();
        assert!(slugs(bb.list(&[("q", "testblock")]).await.unwrap()).is_empty());
        // Search syntax typed by a user is only words.
        assert!(bb.list(&[("q", "\"api\" OR NEAR(")]).await.is_ok());
        // Text without a word restricts nothing (any text is a valid `q` by the document).
        let all = bb.list(&[]).await.unwrap().total_count;
        assert_eq!(bb.list(&[("q", "\"*")]).await.unwrap().total_count, all);
    }

    async fn dependencies_must_exist_and_never_cycle(app: TestApp) {
        let bb = app.client.building_blocks();
        let a = bb.create(&input("a", &[])).await.unwrap();
        let b = bb.create(&input("b", &["a"])).await.unwrap();
        let c = bb.create(&input("c", &["b", "identitet"])).await.unwrap();
        assert_eq!(c.depends_on.len(), 2);
        assert_problem(bb.create(&input("d", &["saknas"])).await, 409, Some("dependsOn[0]"));
        assert_problem(bb.create(&input("e", &["e"])).await, 422, Some("dependsOn"));
        let p = assert_problem(bb.replace("a", Some(a.meta.version), &input("a", &["c"])).await, 422, Some("dependsOn"));
        assert!(p.detail.contains("a → c → b → a"), "{p:?}");
        let dependents = bb.list(&[("dependsOn", "a")]).await.unwrap();
        assert_eq!(dependents.items.iter().map(|x| x.slug.as_str()).collect::<Vec<_>>(), ["b"]);
        // A block others depend on cannot be deleted; its dependants go first.
        assert_problem(bb.delete("a", Some(a.meta.version)).await, 409, None);
        bb.delete("c", Some(c.meta.version)).await.unwrap();
        bb.delete("b", Some(b.meta.version)).await.unwrap();
        bb.delete("a", Some(a.meta.version)).await.unwrap();
    }

    async fn bad_input_names_the_field_and_writes_nothing(app: TestApp) {
        let before = app.client.audit(&[]).await.unwrap().total_count;
        let post = |body: &'static str| {
            app.http(reqwest::Method::POST, "/api/v1/building-blocks")
                .header("content-type", "application/json")
                .body(body)
                .send()
        };
        let cases: &[(&str, u16, &str)] = &[
            (r#"{"slug": "x", "name": "X", "category": "informationsutbyte", "phase": "ide", "colour": 1}"#, 400, "colour"),
            (r#"{"slug": "x", "name": "X", "category": "informationsutbyte", "phase": "Idé"}"#, 400, "phase"),
            (r#"{"slug": "x", "name": "X", "category": "informationsutbyte", "phase": "ide", "analyses": {"funding": "klar", "legal": "klar", "risk": "klar", "benefit": "klart"}}"#, 400, "analyses.benefit"),
            (r#"{"slug": "x", "name": "X", "category": "informationsutbyte", "phase": "ide", "responsible": "nobody"}"#, 409, "responsible"),
            (r#"{"slug": "mina-ombud", "name": "X", "category": "informationsutbyte", "phase": "ide"}"#, 409, "slug"),
            (r#"{"name": "X", "category": "informationsutbyte", "phase": "ide"}"#, 400, "slug"),
            (r#"{"slug": "x", "name": "X", "category": "informationsutbyte", "phase": "ide", "relatedExternal": [{"url": null}]}"#, 400, "relatedExternal[0].name"),
            (r#"{"slug": "x", "name": "X", "category": "informationsutbyte""#, 400, ""),
        ];
        for (body, status, field) in cases {
            let resp = post(body).await.unwrap();
            assert_eq!(resp.status().as_u16(), *status, "{body}");
            assert_eq!(resp.headers()["content-type"], "application/problem+json");
            let p: Problem = resp.json().await.unwrap();
            assert_eq!(p.instance, "/api/v1/building-blocks");
            if !field.is_empty() {
                assert!(p.errors.iter().any(|e| e.field == *field), "{body}: {p:?}");
            }
        }
        let big = format!(r#"{{"slug": "x", "name": "{}", "category": "informationsutbyte", "phase": "ide"}}"#, "x".repeat(300_000));
        let resp = app.http(reqwest::Method::POST, "/api/v1/building-blocks")
            .header("content-type", "application/json").body(big).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 413);
        let resp = app.http(reqwest::Method::POST, "/api/v1/building-blocks")
            .header("content-type", "text/plain").body("{}").send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 400);
        assert_eq!(app.client.audit(&[]).await.unwrap().total_count, before);
    }

    async fn paging_is_stable_and_bounded(app: TestApp) {
        let bb = app.client.building_blocks();
        let first = bb.list(&[("limit", "5")]).await.unwrap();
        let second = bb.list(&[("limit", "5"), ("offset", "5")]).await.unwrap();
        let by_cursor = bb.list(&[("limit", "5"), ("cursor", first.next_cursor.as_deref().unwrap())]).await.unwrap();
        assert_eq!(second.items, by_cursor.items);
        assert_eq!(first.limit, 5);
        assert_problem(bb.list(&[("limit", "501")]).await, 400, Some("limit"));
        assert_problem(bb.list(&[("offset", "-1")]).await, 400, Some("offset"));
        assert_problem(bb.list(&[("cursor", "nonsense")]).await, 400, Some("cursor"));
        assert_problem(bb.list(&[("limit", "many")]).await, 400, Some("limit"));
    }
}
