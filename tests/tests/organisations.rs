use integration_tests::openapi::*;
use integration_tests::{assert_problem, both_backends};

fn input(slug: &str, number: Option<&str>) -> OrganisationInput {
    OrganisationInput {
        source: None,
        slug: slug.into(),
        name: format!("Organisation {slug}"),
        short_name: None,
        kind: OrganisationKind::Kommun,
        organisation_number: number.map(Into::into),
        preparedness_agency: false,
        website: Some("https://example.se".into()),
    }
}

both_backends! {
    async fn seeded_agencies_are_listed(app: TestApp) {
        let orgs = app.client.organisations();
        let page = orgs.list(&[("limit", "5")]).await.unwrap();
        assert_eq!(page.items.len(), 5);
        assert!(page.total_count >= 18, "{}", page.total_count);
        assert!(page.next_cursor.is_some());
        let digg = orgs.get("digg").await.unwrap();
        assert_eq!(digg.kind, OrganisationKind::StatligMyndighet);
        assert_eq!(orgs.get(&digg.meta.id.to_string()).await.unwrap(), digg);
        assert_eq!(digg.meta.origin, "test");
        assert_eq!(
            digg.meta.uri,
            format!("http://registry.test/api/v1/organisations/{}", digg.meta.id)
        );
        let all = orgs.list_all(&[("limit", "4")]).await.unwrap();
        assert_eq!(all.len() as i64, page.total_count);
        let mut ids: Vec<_> = all.iter().map(|o| o.meta.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), all.len(), "cursor paging repeats no entry");
    }

    async fn create_replace_delete_with_etags(app: TestApp) {
        let orgs = app.client.organisations();
        let created = orgs.create(&input("are-kommun", Some("212000-2346"))).await.unwrap();
        assert_eq!(created.meta.version, 1);
        let resp = app
            .http(reqwest::Method::GET, "/api/v1/organisations/are-kommun")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.headers()["etag"], "\"1\"");

        let mut changed = input("are-kommun", Some("212000-2346"));
        changed.name = "Åre kommun".into();
        assert_problem(orgs.replace("are-kommun", None, &changed).await, 428, None);
        let replaced = orgs.replace("are-kommun", Some(1), &changed).await.unwrap();
        assert_eq!(replaced.meta.version, 2);
        assert_eq!(replaced.name, "Åre kommun");
        assert!(replaced.meta.updated_at >= created.meta.updated_at);
        assert_eq!(replaced.meta.created_at, created.meta.created_at);
        // A writer that read version 1 must not overwrite version 2.
        assert_problem(orgs.replace("are-kommun", Some(1), &changed).await, 412, None);

        assert_problem(orgs.delete("are-kommun", Some(1)).await, 412, None);
        assert_problem(orgs.delete("are-kommun", None).await, 428, None);
        orgs.delete("are-kommun", Some(2)).await.unwrap();
        assert_problem(orgs.get("are-kommun").await, 404, None);

        let history = orgs.history(&created.meta.id.to_string(), &[]).await.unwrap();
        let ops: Vec<_> = history.items.iter().map(|c| c.operation.as_str()).collect();
        assert_eq!(ops, ["delete", "update", "create"]);
        assert!(history.items[0].after.is_none());
        assert_eq!(history.items[1].before.as_ref().unwrap()["name"], "Organisation are-kommun");
        assert_eq!(history.items[1].after.as_ref().unwrap()["name"], "Åre kommun");
    }

    async fn invalid_organisations_are_refused_and_nothing_is_written(app: TestApp) {
        let orgs = app.client.organisations();
        let before = app.client.audit(&[]).await.unwrap().total_count;
        // A wrong check digit is beyond the document's pattern: a rule (422).
        assert_problem(orgs.create(&input("x", Some("212000-2347"))).await, 422, Some("organisationNumber"));
        assert_problem(orgs.create(&input("x", Some("2120002346"))).await, 400, Some("organisationNumber"));
        assert_problem(orgs.create(&input("Åre", None)).await, 400, Some("slug"));
        assert_problem(orgs.create(&input("digg", None)).await, 409, Some("slug"));
        // Skatteverket's number is taken by the seeded agency.
        assert_problem(orgs.create(&input("ny", Some("202100-5448"))).await, 409, Some("organisationNumber"));
        let mut bad_site = input("ny", None);
        bad_site.website = Some("www.example.se".into());
        assert_problem(orgs.create(&bad_site).await, 400, Some("website"));
        assert_eq!(app.client.audit(&[]).await.unwrap().total_count, before);
        assert_problem(orgs.get("finns-inte").await, 404, None);
    }

    async fn referenced_organisations_cannot_be_deleted(app: TestApp) {
        let orgs = app.client.organisations();
        let bolagsverket = orgs.get("bolagsverket").await.unwrap();
        let p = assert_problem(orgs.delete("bolagsverket", Some(bolagsverket.meta.version)).await, 409, None);
        assert!(p.detail.contains("referenced"), "{p:?}");
        assert!(orgs.get("bolagsverket").await.is_ok());
    }

    async fn filters_by_kind_and_number(app: TestApp) {
        let orgs = app.client.organisations();
        let found = orgs.list(&[("organisationNumber", "202100-5489")]).await.unwrap();
        assert_eq!(found.total_count, 1);
        assert_eq!(found.items[0].slug, "bolagsverket");
        let kommuner = orgs.list(&[("kind", "kommun")]).await.unwrap();
        assert_eq!(kommuner.total_count, 0);
        assert_problem(orgs.list(&[("kind", "myndighet")]).await, 400, Some("kind"));
        assert_problem(orgs.list(&[("sort", "name")]).await, 400, Some("sort"));
        // Preparedness agencies (issue 14, item 13), and the rest: together, all of them.
        let all = orgs.list_all(&[]).await.unwrap();
        let prepared = orgs.list_all(&[("preparednessAgency", "true")]).await.unwrap();
        let others = orgs.list_all(&[("preparednessAgency", "false")]).await.unwrap();
        assert_eq!(prepared.len(), all.iter().filter(|o| o.preparedness_agency).count());
        assert!(!prepared.is_empty() && prepared.iter().all(|o| o.preparedness_agency));
        assert!(others.iter().all(|o| !o.preparedness_agency));
        assert_eq!(prepared.len() + others.len(), all.len());
        assert_problem(orgs.list(&[("preparednessAgency", "ja")]).await, 400, Some("preparednessAgency"));
    }
}

both_backends! {
    async fn concurrent_writers_with_the_same_etag_cannot_both_win(app: TestApp) {
        let digg = app.client.organisations().get("digg").await.unwrap();
        let version = digg.meta.version;
        let writers = (0..8).map(|i| {
            let client = app.client.clone();
            let mut change = input("digg", Some("202100-6883"));
            change.name = format!("DIGG skrivare {i}");
            tokio::spawn(async move { client.organisations().replace("digg", Some(version), &change).await })
        });
        let mut won = vec![];
        let mut refused = 0;
        for w in writers {
            match w.await.unwrap() {
                Ok(o) => won.push(o),
                Err(e) => {
                    assert_eq!(e.status().map(|s| s.as_u16()), Some(412), "{e:?}");
                    refused += 1;
                }
            }
        }
        assert_eq!((won.len(), refused), (1, 7));
        let now = app.client.organisations().get("digg").await.unwrap();
        assert_eq!(now, won[0]);
        assert_eq!(now.meta.version, version + 1);
        let history = app.client.organisations().history("digg", &[]).await.unwrap();
        assert_eq!(history.total_count, 2, "one update recorded, not eight");
    }
}
