//! The search index (issue 17): the lists, searches and facet counts of APIs and building
//! blocks are answered from memory, kept in step with the change log: every write of this
//! process is seen by its next read, another process's within a bounded lag, and
//! `registry reindex` rebuilds every process's index from the tables.

use std::time::{Duration, Instant};

use integration_tests::openapi::*;
use integration_tests::{both_backends, spawn_beside};

fn api(title: &str, keywords: &[&str], status: ApiStatus, themes: Vec<DataTheme>) -> ApiInput {
    ApiInput {
        title: Localized {
            sv: title.into(),
            en: String::new(),
        },
        description: Localized {
            sv: "Ett gränssnitt för prov av sökindexet".into(),
            en: "An interface for trying the search index".into(),
        },
        publisher: "lantmateriet".into(),
        endpoint_urls: vec!["https://api.example.se/v1".into()],
        building_blocks: vec!["api-hantering".into()],
        status: Some(status),
        access_rights: Some(AccessRights::Publik),
        contact_point: Some(ContactPoint {
            name: "API-support".into(),
            email: Some("api@example.se".into()),
            url: None,
            telephone: Some("+46 10 123 45 67".into()),
        }),
        keywords: keywords.iter().map(|k| k.to_string()).collect(),
        themes,
        ..Default::default()
    }
}

fn count(facets: &[FacetCount], value: &str) -> i64 {
    facets
        .iter()
        .find(|f| f.value.as_deref() == Some(value))
        .map_or(0, |f| f.count)
}

async fn found(app: &client::Client, q: &str) -> i64 {
    app.apis().list(&[("q", q)]).await.unwrap().total_count
}

/// Waits until the watch follows the database, so that writes are learnt of from memory.
async fn watching(state: &registry::app::AppState) {
    let started = Instant::now();
    while state.db.watch.current().is_none() && started.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(
        state.db.watch.current().is_some(),
        "the write watch follows the database"
    );
}

use integration_tests::client;

both_backends! {
    async fn the_index_follows_every_write_of_its_process(app: TestApp) {
        let apis = app.client.apis();
        let q = [("q", "kvitto")];
        assert_eq!(found(&app.client, "kvitto").await, 0);
        let created = apis
            .create(&api("Kvittotjänsten", &["ärendeöversikt"], ApiStatus::IProduktion, vec![DataTheme::Gove]))
            .await
            .unwrap();
        // Prefixes, any case, all words; å, ä and ö are letters of their own.
        assert_eq!(found(&app.client, "KVITT").await, 1);
        assert_eq!(found(&app.client, "kvitto ärende").await, 1);
        assert_eq!(found(&app.client, "kvitto arende").await, 0);
        assert_eq!(found(&app.client, "tjänsten").await, 0, "a word matches from its start");
        let f = app.client.api_facets(&q).await.unwrap();
        assert_eq!(f.total_count, 1);
        assert_eq!(count(&f.status, "i-produktion"), 1);
        assert_eq!(count(&f.theme, "GOVE"), 1);
        assert_eq!(count(&f.building_block, &created.building_blocks[0].id.to_string()), 1);
        assert_eq!(f.organisation[0].label.as_deref(), Some(created.publisher.name.as_str()));
        let all = app.client.api_facets(&[]).await.unwrap();

        let replaced = apis
            .replace(
                &created.meta.id.to_string(),
                Some(created.meta.version),
                &api("Fakturatjänsten", &[], ApiStatus::Utfasad, vec![DataTheme::Tech]),
            )
            .await
            .unwrap();
        assert_eq!(found(&app.client, "kvitto").await, 0);
        assert_eq!(found(&app.client, "ärende").await, 0);
        assert_eq!(found(&app.client, "faktura").await, 1);
        let after = app.client.api_facets(&[]).await.unwrap();
        assert_eq!(after.total_count, all.total_count);
        assert_eq!(count(&after.status, "utfasad"), count(&all.status, "utfasad") + 1);
        assert_eq!(count(&after.status, "i-produktion"), count(&all.status, "i-produktion") - 1);
        assert_eq!(count(&after.theme, "TECH"), count(&all.theme, "TECH") + 1);
        let page = apis.list(&[("status", "utfasad"), ("theme", "TECH"), ("q", "faktura")]).await.unwrap();
        assert_eq!(page.items, std::slice::from_ref(&replaced));

        apis.delete(&replaced.meta.id.to_string(), Some(replaced.meta.version)).await.unwrap();
        assert_eq!(found(&app.client, "faktura").await, 0);
        assert_eq!(app.client.api_facets(&[]).await.unwrap().total_count, all.total_count - 1);

        // Building blocks: a phase decision moves the block between the phase counts.
        let before = app.client.building_block_facets(&[("q", "profil")]).await.unwrap();
        app.client
            .decide_phase(
                "building-blocks",
                "min-profil",
                &PhaseDecisionInput {
                    source: None,
                    phase: Phase::AnalysOchKrav,
                    decision_date: "2024-01-01".parse().unwrap(),
                    deciding_organisation: "digg".into(),
                    reference: "2024-1".into(),
                    justification: String::new(),
                },
            )
            .await
            .unwrap();
        let moved = app.client.building_block_facets(&[("q", "profil")]).await.unwrap();
        assert_eq!(moved.total_count, before.total_count);
        assert_eq!(count(&moved.phase, "ide"), count(&before.phase, "ide") - 1);
        assert_eq!(count(&moved.phase, "analys-och-krav"), count(&before.phase, "analys-och-krav") + 1);
    }

    async fn lists_page_through_the_index_in_id_order(app: TestApp) {
        let apis = app.client.apis();
        for i in 0..7 {
            apis.create(&api(&format!("Sidregistret {i}"), &[], ApiStatus::IProduktion, vec![]))
                .await
                .unwrap();
        }
        let all = apis.list_all(&[("q", "sidregistret")]).await.unwrap();
        assert_eq!(all.len(), 7);
        let ids: Vec<String> = all.iter().map(|a| a.meta.id.to_string()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        let second = apis.list(&[("q", "sidregistret"), ("limit", "3"), ("offset", "3")]).await.unwrap();
        assert_eq!(second.total_count, 7);
        let page: Vec<String> = second.items.iter().map(|a| a.meta.id.to_string()).collect();
        assert_eq!(page, ids[3..6]);
        let first = apis.list(&[("q", "sidregistret"), ("limit", "5")]).await.unwrap();
        let cursor = first.next_cursor.expect("a cursor to the next page");
        let rest = apis
            .list(&[("q", "sidregistret"), ("limit", "5"), ("cursor", cursor.as_str())])
            .await
            .unwrap();
        let page: Vec<String> = rest.items.iter().map(|a| a.meta.id.to_string()).collect();
        assert_eq!(page, ids[5..7]);
        assert!(rest.next_cursor.is_none());
    }

    async fn a_process_beside_answers_alike_within_a_bounded_lag(app: TestApp) {
        let (beside, state) = spawn_beside(&app).await;
        watching(&app.state).await;
        watching(&state).await;
        let mut lags = vec![];
        for i in 0..10 {
            let word = format!("lagprov{i}");
            assert_eq!(found(&beside, &word).await, 0);
            app.client
                .apis()
                .create(&api(&format!("Registret {word}"), &[], ApiStatus::IProduktion, vec![]))
                .await
                .unwrap();
            let written = Instant::now();
            while found(&beside, &word).await == 0 && written.elapsed() < Duration::from_secs(5) {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            lags.push(written.elapsed());
            assert_eq!(found(&beside, &word).await, 1);
        }
        lags.sort();
        eprintln!("{:?}: a write seen by the other process after {:?} (median), {:?} (slowest)", app.backend, lags[5], lags[9]);
        assert!(lags[9] < Duration::from_millis(500), "seen after {:?}", lags[9]);
        assert_eq!(
            beside.api_facets(&[("q", "registret")]).await.unwrap(),
            app.client.api_facets(&[("q", "registret")]).await.unwrap()
        );
    }

    async fn reindex_rebuilds_every_process_from_the_tables(app: TestApp) {
        let (beside, state) = spawn_beside(&app).await;
        watching(&state).await;
        let seeded = app.client.apis().list(&[]).await.unwrap().items.remove(0);
        assert_eq!(found(&beside, "hemlighetsregistret").await, 0);
        // A change made behind the register's back (no change logged) is not in the index…
        let db = registry::store::Db::connect(&app.settings.database_url, 1).unwrap();
        diesel::RunQueryDsl::execute(
            diesel::sql_query(format!(
                "UPDATE apis SET title_sv = 'Hemlighetsregistret' WHERE id = '{}'",
                seeded.meta.id
            )),
            &mut *db.get().unwrap(),
        )
        .unwrap();
        assert_eq!(found(&app.client, "hemlighetsregistret").await, 0);
        // …until `registry reindex` has every process rebuild it.
        let settings = app.settings.clone();
        tokio::task::spawn_blocking(move || {
            registry::cli::run(registry::cli::Command::Reindex { json: true }, settings)
        })
        .await
        .unwrap()
        .unwrap();
        assert_eq!(found(&app.client, "hemlighetsregistret").await, 1);
        let rebuilt = Instant::now();
        while found(&beside, "hemlighetsregistret").await == 0 && rebuilt.elapsed() < Duration::from_secs(5) {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        assert_eq!(found(&beside, "hemlighetsregistret").await, 1);
        let stats = state.db.index.stats().unwrap();
        assert_eq!(stats.apis as i64, app.client.apis().list(&[]).await.unwrap().total_count);
        assert!(stats.bytes > 0);
    }
}
