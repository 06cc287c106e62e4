use integration_tests::openapi::*;
use integration_tests::{assert_problem, both_backends};

fn input(title: &str, publisher: &str) -> ApiInput {
    ApiInput {
        title: Localized {
            sv: title.into(),
            en: format!("{title} (en)"),
        },
        description: Localized {
            sv: "Ett testgränssnitt för fastighetsuppgifter".into(),
            en: "A test interface for property data".into(),
        },
        publisher: publisher.into(),
        endpoint_urls: vec!["https://api.example.se/v1".into()],
        building_blocks: vec!["api-hantering".into()],
        status: Some(ApiStatus::IProduktion),
        sunset_date: None,
        successor: None,
        licence: Some("http://creativecommons.org/publicdomain/zero/1.0/".into()),
        access_rights: Some(AccessRights::Publik),
        contact_point: Some(ContactPoint {
            name: "API-support".into(),
            email: Some("api@example.se".into()),
            url: None,
            telephone: None,
        }),
        keywords: vec!["fastighet".into(), "karta".into()],
        themes: vec![DataTheme::Gove, DataTheme::Regi],
        conforms_to: vec!["https://dev.dataportal.se/rest-api-profil".into()],
        documentation_url: Some("https://example.se/docs".into()),
        sla: Some("99,5 %".into()),
        spec_url: None,
        ..Default::default()
    }
}

fn titles(p: Page<Api>) -> Vec<String> {
    let mut v: Vec<String> = p.items.into_iter().map(|a| a.title.sv).collect();
    v.sort();
    v
}

both_backends! {
    async fn a_few_apis_of_seeded_agencies_are_seeded(app: TestApp) {
        let seeded = app.client.apis().list(&[]).await.unwrap();
        assert_eq!(seeded.total_count, 5);
        let scb = app.client.apis().list(&[("organisation", "scb")]).await.unwrap();
        assert_eq!(scb.items[0].title.sv, "Statistikdatabasen (PxWebApi)");
        let block = app.client.apis().list(&[("buildingBlock", "mina-ombud")]).await.unwrap();
        assert_eq!(block.items[0].publisher.slug.as_deref(), Some("bolagsverket"));
        // Adressregister is digital addresses for messages (001 §2.2.2.2), not street addresses:
        // Lantmäteriet's location addresses are not tied to it.
        let addresses = app.client.apis().list(&[("buildingBlock", "adressregister")]).await.unwrap();
        assert_eq!(addresses.total_count, 0);
        let lm = app.client.apis().list(&[("organisation", "lantmateriet")]).await.unwrap();
        assert!(lm.items[0].building_blocks.is_empty());
    }

    async fn register_read_replace_and_delete_an_api(app: TestApp) {
        let apis = app.client.apis();
        let created = apis.create(&input("Fastighetsregistret", "lantmateriet")).await.unwrap();
        assert_eq!(created.meta.version, 1);
        assert_eq!(created.publisher.slug.as_deref(), Some("lantmateriet"));
        assert_eq!(created.building_blocks[0].slug.as_deref(), Some("api-hantering"));
        assert_eq!(created.themes, [DataTheme::Gove, DataTheme::Regi]);
        assert!(created.meta.uri.ends_with(&format!("/api/v1/apis/{}", created.meta.id)));
        let id = created.meta.id.to_string();
        assert_eq!(apis.get(&id).await.unwrap(), created);

        let next = apis.create(&input("Fastighetsregistret v2", "lantmateriet")).await.unwrap();
        let mut retired = input("Fastighetsregistret", "lantmateriet");
        retired.status = Some(ApiStatus::Utfasad);
        retired.sunset_date = chrono_date(2027, 6, 30);
        retired.successor = Some(next.meta.id.to_string());
        retired.themes = vec![DataTheme::Envi];
        let replaced = apis.replace(&id, Some(1), &retired).await.unwrap();
        assert_eq!(replaced.meta.version, 2);
        assert_eq!(replaced.successor.as_ref().unwrap().name, "Fastighetsregistret v2");
        assert_eq!(replaced.themes, [DataTheme::Envi]);
        assert_problem(apis.replace(&id, Some(1), &retired).await, 412, None);
        // An API named as a successor stays until the other API no longer names it.
        assert_problem(apis.delete(&next.meta.id.to_string(), Some(1)).await, 409, Some("id"));
        apis.delete(&id, Some(2)).await.unwrap();
        apis.delete(&next.meta.id.to_string(), Some(1)).await.unwrap();
        assert_problem(apis.get(&id).await, 404, None);
        let history = apis.history(&id, &[]).await.unwrap();
        assert_eq!(history.total_count, 3);
    }

    async fn filters_search_and_facets(app: TestApp) {
        let apis = app.client.apis();
        let base = apis.list(&[]).await.unwrap().total_count;
        apis.create(&input("Fastighetsuppgifter", "lantmateriet")).await.unwrap();
        let mut skatt = input("Inkomstuppgifter", "skatteverket");
        skatt.description.sv = "Deklarerade inkomster".into();
        skatt.description.en = "Declared income".into();
        skatt.keywords = vec!["beskattning".into()];
        skatt.themes = vec![DataTheme::Econ];
        skatt.access_rights = Some(AccessRights::Begransad);
        skatt.status = Some(ApiStatus::UnderUtveckling);
        skatt.building_blocks = vec!["identitet".into()];
        apis.create(&skatt).await.unwrap();

        assert_eq!(apis.list(&[]).await.unwrap().total_count, base + 2);
        let org = |o: &'static str| [("organisation", o)];
        assert!(titles(apis.list(&org("skatteverket")).await.unwrap()).contains(&"Inkomstuppgifter".to_string()));
        assert_eq!(titles(apis.list(&[("buildingBlock", "identitet"), ("organisation", "skatteverket")]).await.unwrap()), ["Inkomstuppgifter"]);
        assert_eq!(titles(apis.list(&[("accessRights", "begransad")]).await.unwrap()), ["Belägenhetsadress Direkt", "Inkomstuppgifter"]);
        assert_eq!(titles(apis.list(&[("theme", "ECON"), ("status", "under-utveckling")]).await.unwrap()), ["Inkomstuppgifter"]);
        // Full text over Swedish and English titles, descriptions and keywords, as prefixes.
        assert_eq!(titles(apis.list(&[("q", "beskatt")]).await.unwrap()), ["Inkomstuppgifter"]);
        assert_eq!(titles(apis.list(&[("q", "declared INCOME")]).await.unwrap()), ["Inkomstuppgifter"]);
        assert_eq!(titles(apis.list(&[("q", "fastighetsuppg")]).await.unwrap()), ["Fastighetsuppgifter"]);
        assert_eq!(apis.list(&[("organisation", "finns-inte")]).await.unwrap().total_count, 0);
        let all = apis.list(&[]).await.unwrap().total_count;
        assert_eq!(apis.list(&[("q", "\"*")]).await.unwrap().total_count, all);
        assert_problem(apis.list(&[("theme", "ekonomi")]).await, 400, Some("theme"));
        assert_problem(apis.list(&[("status", "live")]).await, 400, Some("status"));

        let f = app.client.api_facets(&[("organisation", "skatteverket")]).await.unwrap();
        let n = |v: &[FacetCount], k: &str| v.iter().find(|c| c.value.as_deref() == Some(k)).map(|c| c.count).unwrap_or(0);
        assert!(f.total_count >= 1);
        let only = app.client.api_facets(&[("q", "beskattning")]).await.unwrap();
        assert_eq!(only.total_count, 1);
        assert_eq!(n(&only.status, "under-utveckling"), 1);
        assert_eq!(n(&only.access_rights, "begransad"), 1);
        assert_eq!(n(&only.theme, "ECON"), 1);
        assert_eq!(n(&only.theme, "GOVE"), 0);
        assert_eq!(only.organisation.len(), 1);
        assert_eq!(only.organisation[0].label.as_deref(), Some("Skatteverket"));
        assert_eq!(only.building_block.len(), 1);
        assert_eq!(only.building_block[0].count, 1);
        let themed = app.client.api_facets(&[("q", "beskattning"), ("theme", "GOVE")]).await.unwrap();
        assert_eq!(themed.total_count, 0);
    }

    async fn bad_input_names_the_field_and_writes_nothing(app: TestApp) {
        let before = app.client.audit(&[]).await.unwrap().total_count;
        let post = |body: String| {
            app.http(reqwest::Method::POST, "/api/v1/apis")
                .header("content-type", "application/json")
                .body(body)
                .send()
        };
        let ok = serde_json::to_value(input("X", "digg")).unwrap();
        let with = |k: &str, v: serde_json::Value| {
            let mut b = ok.clone();
            b[k] = v;
            b.to_string()
        };
        let cases: Vec<(String, u16, &str)> = vec![
            (with("colour", 1.into()), 400, "colour"),
            (with("status", "live".into()), 400, "status"),
            (with("accessRights", "open".into()), 400, "accessRights"),
            (with("themes", serde_json::json!(["ECON", "ekonomi"])), 400, "themes[1]"),
            (with("themes", serde_json::json!(["ECON", "ECON"])), 400, "themes[1]"),
            (with("publisher", "nobody".into()), 409, "publisher"),
            (with("buildingBlocks", serde_json::json!(["saknas"])), 409, "buildingBlocks[0]"),
            (with("endpointUrls", serde_json::json!([])), 400, "endpointUrls"),
            (with("endpointUrls", serde_json::json!(["ftp://x"])), 400, "endpointUrls[0]"),
            // An English title alone will do (an imported service); neither will not.
            (with("title", serde_json::json!({"sv": ""})), 422, "title"),
            (with("title", serde_json::json!({"fr": "x", "sv": "y"})), 400, "title.fr"),
            (with("contactPoint", serde_json::json!({"name": "x", "email": "nope"})), 400, "contactPoint.email"),
            // DCAT-AP-SE requires a contact point's email address.
            (with("contactPoint", serde_json::json!({"name": "x", "url": "https://x.se"})), 400, "contactPoint.email"),
            (with("contactPoint", serde_json::json!({"name": "x", "email": "a@x.se", "telephone": "ring"})), 400, "contactPoint.telephone"),
            (with("servesDatasets", serde_json::json!(["https://data.x.se/d/1"])), 409, "servesDatasets[0]"),
            (with("types", serde_json::json!(["https://begrepp.x.se/typ"])), 409, "types[0]"),
            (with("sourceIri", "inte en IRI".into()), 400, "sourceIri"),
            (with("sunsetDate", "2027-01-01".into()), 422, "sunsetDate"),
            (with("sunsetDate", "someday".into()), 400, "sunsetDate"),
            (with("successor", "0190c0de-0000-7000-8000-000000000000".into()), 400, "successor"),
            (with("licence", "cc0".into()), 400, "licence"),
            (r#"{"title": {"sv": "x"}"#.to_string(), 400, ""),
        ];
        for (body, status, field) in &cases {
            let resp = post(body.clone()).await.unwrap();
            assert_eq!(resp.status().as_u16(), *status, "{body}");
            assert_eq!(resp.headers()["content-type"], "application/problem+json");
            let p: Problem = resp.json().await.unwrap();
            if !field.is_empty() {
                assert!(p.errors.iter().any(|e| e.field == *field), "{body}: {p:?}");
            }
        }
        assert_eq!(app.client.audit(&[]).await.unwrap().total_count, before);
        assert_problem(app.client.apis().get("not-an-id").await, 404, None);
    }
}

fn chrono_date(y: i32, m: u32, d: u32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
}

// The bulk path (`registry seed --synthetic-apis`) writes what one create each would.
both_backends! {
    async fn many_apis_at_once_are_what_one_at_a_time_would_be(app: TestApp) {
        use registry::store::{apis, Ctx, Db};
        let apis_client = app.client.apis();
        let one = apis_client.create(&input("Ett i taget", "lantmateriet")).await.unwrap();
        let db = Db::connect(&app.settings.database_url, 1).unwrap();
        let ctx = Ctx::local(&app.settings.node_id, &app.settings.public_url, registry::store::entry::Actor::process("bulk"));
        let audit_before = app.client.audit(&[("entity", "apis")]).await.unwrap().total_count;
        let mut successor = input("Med efterträdare", "skr");
        successor.status = Some(ApiStatus::Utfasad);
        successor.successor = Some(one.meta.id.to_string());
        let batch = vec![input("Alla på en gång", "lantmateriet"), input("Alla på en gång 2", "digg"), successor];
        assert_eq!(apis::create_many(&mut db.get().unwrap(), &ctx, batch).unwrap(), 3);
        // An invalid one among them: nothing is written.
        let mut bad = input("Trasig", "lantmateriet");
        bad.endpoint_urls.clear();
        let refused = apis::create_many(&mut db.get().unwrap(), &ctx, vec![input("Giltig", "digg"), bad]);
        assert!(refused.is_err());

        let bulk = apis_client.list(&[("q", "Alla på en gång")]).await.unwrap().items;
        assert_eq!(bulk.len(), 2);
        let mut made = bulk.into_iter().find(|a| a.title.sv == "Alla på en gång").unwrap();
        // Field for field as the single create made it, but for identity and times.
        let mut single = one.clone();
        single.title = made.title.clone();
        single.meta = made.meta.clone();
        made.meta = single.meta.clone();
        assert_eq!(made, single);
        let with_successor = apis_client.list(&[("q", "Med efterträdare")]).await.unwrap().items.remove(0);
        assert_eq!(with_successor.successor.unwrap().id, one.meta.id);
        assert_eq!(app.client.audit(&[("entity", "apis")]).await.unwrap().total_count, audit_before + 3);
        assert_eq!(apis_client.list(&[("q", "Giltig")]).await.unwrap().total_count, 0);
    }
}
