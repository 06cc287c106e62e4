//! Who is responsible for a block, a base-data domain or a competence area is an appointment
//! of the infrastructure owner (001 §4.1.1, §4.1.5; issue 14 item 1): the appointed cannot hand
//! it on or give it up, the role assignment is its one record, and the entry's field follows it.
//! On the seeded register: DIGG is the infrastructure owner, Bolagsverket responsible for Mina
//! ombud.

use integration_tests::client::{Client, ClientError};
use integration_tests::{both_backends, TestApp};
use openapi::{
    BaseDataDomainInput, CompetenceAreaInput, CompetenceAreaStatus, RoleAssignment,
    RoleAssignmentInput,
};
use registry::store::building_blocks::to_input;

fn forbidden_on<T: std::fmt::Debug>(r: Result<T, ClientError>, field: &str) {
    match r {
        Err(ClientError::Problem { status, problem }) => {
            assert_eq!(status.as_u16(), 403, "{problem:?}");
            assert!(
                problem.detail.starts_with(&format!("{field}:")),
                "{problem:?}"
            );
            assert!(
                problem.detail.contains("infrastructure owner"),
                "{problem:?}"
            );
            assert_eq!(problem.required_roles, vec!["infrastrukturansvarig"]);
        }
        other => panic!("expected 403 on {field}, got {other:?}"),
    }
}

async fn holders(app: &TestApp, role: &str, subject: (&str, &str)) -> Vec<String> {
    let all: Vec<RoleAssignment> = app
        .client
        .role_assignments()
        .list_all(&[("role", role), subject])
        .await
        .unwrap();
    all.iter()
        .map(|a| a.organisation.slug.clone().unwrap())
        .collect()
}

async fn responsible(c: &Client, block: &str) -> Option<String> {
    let b = c.building_blocks().get(block).await.unwrap();
    b.responsible.and_then(|r| r.slug)
}

both_backends! {
    async fn a_block_owner_cannot_hand_its_block_away(app: TestApp) {
        let bolagsverket = app.client_for("bolagsverket");
        let blocks = bolagsverket.building_blocks();
        let b = blocks.get("mina-ombud").await.unwrap();
        let mut handed = to_input(&b);
        handed.responsible = Some("skatteverket".into());
        forbidden_on(blocks.replace("mina-ombud", Some(b.meta.version), &handed).await, "responsible");
        handed.responsible = None;
        forbidden_on(blocks.replace("mina-ombud", Some(b.meta.version), &handed).await, "responsible");
        // Nothing was written, and the owner still edits what is its own.
        assert_eq!(blocks.get("mina-ombud").await.unwrap(), b);
        let mut edit = to_input(&b);
        edit.purpose = "Att kunna företräda andra.".into();
        let edited = blocks.replace("mina-ombud", Some(b.meta.version), &edit).await.unwrap();
        assert_eq!(responsible(&app.client, "mina-ombud").await.as_deref(), Some("bolagsverket"));
        assert_eq!(holders(&app, "byggblocksansvarig", ("buildingBlock", "mina-ombud")).await, ["bolagsverket"]);
        assert_eq!(edited.meta.version, b.meta.version + 1);
    }

    async fn the_infrastructure_owner_moves_an_appointment_and_its_record_follows(app: TestApp) {
        let digg = app.client_for("digg");
        let b = digg.building_blocks().get("mina-ombud").await.unwrap();
        let mut moved = to_input(&b);
        moved.responsible = Some("skatteverket".into());
        digg.building_blocks().replace("mina-ombud", Some(b.meta.version), &moved).await.unwrap();
        assert_eq!(holders(&app, "byggblocksansvarig", ("buildingBlock", "mina-ombud")).await, ["skatteverket"]);
        // The new holder edits the block; the former one no longer does.
        let b = app.client.building_blocks().get("mina-ombud").await.unwrap();
        let mut edit = to_input(&b);
        edit.purpose = "Nytt syfte.".into();
        let refused = app.client_for("bolagsverket").building_blocks()
            .replace("mina-ombud", Some(b.meta.version), &edit).await;
        assert!(matches!(refused, Err(ClientError::Problem { status, .. }) if status == 403));
        app.client_for("skatteverket").building_blocks()
            .replace("mina-ombud", Some(b.meta.version), &edit).await.unwrap();
        // Given up by the owner: no holder, no record.
        let b = digg.building_blocks().get("mina-ombud").await.unwrap();
        let mut none = to_input(&b);
        none.responsible = None;
        digg.building_blocks().replace("mina-ombud", Some(b.meta.version), &none).await.unwrap();
        assert!(holders(&app, "byggblocksansvarig", ("buildingBlock", "mina-ombud")).await.is_empty());
        assert_eq!(responsible(&app.client, "mina-ombud").await, None);
    }

    async fn the_block_follows_its_role_assignment(app: TestApp) {
        let digg = app.client_for("digg");
        let roles = digg.role_assignments();
        let a = roles.list_all(&[("role", "byggblocksansvarig"), ("buildingBlock", "mina-ombud")])
            .await.unwrap().remove(0);
        let before = app.client.building_blocks().get("mina-ombud").await.unwrap();
        roles.replace(&a.meta.id.to_string(), Some(a.meta.version), &RoleAssignmentInput {
            source: None,
            organisation: "lantmateriet".into(), role: openapi::Role::Byggblocksansvarig,
            building_block: Some("mina-ombud".into()), base_data_domain: None, competence_area: None,
        }).await.unwrap();
        let after = app.client.building_blocks().get("mina-ombud").await.unwrap();
        assert_eq!(after.responsible.as_ref().and_then(|r| r.slug.as_deref()), Some("lantmateriet"));
        assert_eq!(after.meta.version, before.meta.version + 1, "a change of the block, in its history");
        // One holder at a time: a second appointment is refused, naming the holder.
        let second = roles.create(&RoleAssignmentInput {
            source: None,
            organisation: "bolagsverket".into(), role: openapi::Role::Byggblocksansvarig,
            building_block: Some("mina-ombud".into()), base_data_domain: None, competence_area: None,
        }).await;
        match second {
            Err(ClientError::Problem { status, problem }) => {
                assert_eq!(status.as_u16(), 409);
                assert_eq!(problem.errors[0].field, "organisation");
                assert!(problem.errors[0].message.contains("'lantmateriet'"), "{problem:?}");
            }
            other => panic!("expected 409, got {other:?}"),
        }
        let a = roles.get(&a.meta.id.to_string()).await.unwrap();
        roles.delete(&a.meta.id.to_string(), Some(a.meta.version)).await.unwrap();
        assert_eq!(responsible(&app.client, "mina-ombud").await, None);
    }

    async fn domains_and_areas_are_appointed_alike(app: TestApp) {
        let digg = app.client_for("digg");
        digg.base_data_domains().create(&BaseDataDomainInput { analysis_lead: None, analyses: Default::default(),
            source: None,
            slug: "fastigheter".into(), name: "Fastigheter".into(), description: String::new(),
            responsible: Some("lantmateriet".into()), producers: vec![], phase: None,
        }).await.unwrap();
        assert_eq!(holders(&app, "grunddatadomanansvarig", ("baseDataDomain", "fastigheter")).await, ["lantmateriet"]);
        let lm = app.client_for("lantmateriet");
        let mut handed = BaseDataDomainInput { analysis_lead: None, analyses: Default::default(),
            source: None,
            slug: "fastigheter".into(), name: "Fastigheter".into(), description: "Fastighetsdata.".into(),
            responsible: Some("skatteverket".into()), producers: vec![], phase: None,
        };
        let version = lm.base_data_domains().get("fastigheter").await.unwrap().meta.version;
        forbidden_on(lm.base_data_domains().replace("fastigheter", Some(version), &handed).await, "responsible");
        handed.responsible = Some("lantmateriet".into());
        lm.base_data_domains().replace("fastigheter", Some(version), &handed).await.unwrap();

        let area = digg.competence_areas().create(&CompetenceAreaInput {
            source: None,
            slug: "e-arkiv".into(), name: "E-arkiv".into(), description: String::new(),
            home_organisation: Some("riksarkivet".into()), contributors: vec![],
            status: CompetenceAreaStatus::Planerat,
        }).await.unwrap();
        assert_eq!(holders(&app, "kompetensomradesansvarig", ("competenceArea", "e-arkiv")).await, ["riksarkivet"]);
        let ra = app.client_for("riksarkivet");
        let area = ra.competence_areas().get("e-arkiv").await.unwrap_or(area);
        let handed = CompetenceAreaInput {
            source: None,
            slug: "e-arkiv".into(), name: "E-arkiv".into(), description: String::new(),
            home_organisation: None, contributors: vec![], status: CompetenceAreaStatus::Planerat,
        };
        forbidden_on(ra.competence_areas().replace("e-arkiv", Some(area.meta.version), &handed).await, "homeOrganisation");
        // The owner removes the area; the appointment ends with it, in the change log.
        let before = app.client.audit(&[]).await.unwrap().total_count;
        digg.competence_areas().delete("e-arkiv", Some(area.meta.version)).await.unwrap();
        assert_eq!(app.client.audit(&[]).await.unwrap().total_count, before + 2);
        let ended = app.client.role_assignments().list_all(&[("role", "kompetensomradesansvarig")]).await.unwrap();
        assert!(ended.iter().all(|a| a.organisation.slug.as_deref() != Some("riksarkivet")));
    }

    async fn only_the_owner_appoints_who_leads_the_exploratory_work(app: TestApp) {
        let digg = app.client_for("digg");
        // A block's responsible agency, which edits its block, may not appoint it.
        let mine = app.client.building_blocks().get("mina-ombud").await.unwrap();
        let mut led = to_input(&mine);
        led.analysis_lead = Some("bolagsverket".into());
        forbidden_on(app.client_for("bolagsverket").building_blocks()
            .replace("mina-ombud", Some(mine.meta.version), &led).await, "analysisLead");
        let b = digg.building_blocks().get("sparbarhet").await.unwrap();
        let mut led = to_input(&b);
        led.analysis_lead = Some("msb".into());
        let b = digg.building_blocks().replace("sparbarhet", Some(b.meta.version), &led).await.unwrap();
        assert_eq!(b.analysis_lead.as_ref().and_then(|r| r.slug.as_deref()), Some("msb"));
        // Leading the work is not being responsible: no role, and Utveckling still needs one.
        assert_eq!(b.responsible, None);
        assert!(holders(&app, "byggblocksansvarig", ("buildingBlock", "sparbarhet")).await.is_empty());
        let page = app.http(reqwest::Method::GET, "/byggblock/sparbarhet").send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Leder den utforskande utvecklingen"), "{page}");
    }
}
