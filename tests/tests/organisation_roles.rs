//! Competence areas, base-data domains and role assignments: the governance roles of the
//! organisations and the entries those roles are held for.

use integration_tests::openapi::*;
use integration_tests::{assert_problem, both_backends, TestApp};

fn area(slug: &str, home: Option<&str>, contributors: &[&str]) -> CompetenceAreaInput {
    CompetenceAreaInput {
        source: None,
        slug: slug.into(),
        name: format!("Område {slug}"),
        description: "Vägledning och lokala råd".into(),
        home_organisation: home.map(Into::into),
        contributors: contributors.iter().map(|s| s.to_string()).collect(),
        status: CompetenceAreaStatus::UnderEtablering,
    }
}

fn domain(
    slug: &str,
    name: &str,
    responsible: Option<&str>,
    producers: &[&str],
) -> BaseDataDomainInput {
    BaseDataDomainInput {
        analysis_lead: None,
        analyses: Default::default(),
        source: None,
        slug: slug.into(),
        name: name.into(),
        description: "Nationella grunddata".into(),
        responsible: responsible.map(Into::into),
        phase: None,
        producers: producers.iter().map(|s| s.to_string()).collect(),
    }
}

fn assign(organisation: &str, role: Role) -> RoleAssignmentInput {
    RoleAssignmentInput {
        source: None,
        organisation: organisation.into(),
        role,
        building_block: None,
        base_data_domain: None,
        competence_area: None,
    }
}

fn for_block(organisation: &str, block: &str) -> RoleAssignmentInput {
    RoleAssignmentInput {
        building_block: Some(block.into()),
        ..assign(organisation, Role::Byggblocksansvarig)
    }
}

fn for_domain(organisation: &str, role: Role, domain: &str) -> RoleAssignmentInput {
    RoleAssignmentInput {
        base_data_domain: Some(domain.into()),
        ..assign(organisation, role)
    }
}

fn for_area(organisation: &str, area: &str) -> RoleAssignmentInput {
    RoleAssignmentInput {
        competence_area: Some(area.into()),
        ..assign(organisation, Role::Kompetensomradesansvarig)
    }
}

fn organisation(slug: &str) -> OrganisationInput {
    OrganisationInput {
        source: None,
        slug: slug.into(),
        name: format!("Organisation {slug}"),
        short_name: None,
        kind: OrganisationKind::Kommun,
        organisation_number: None,
        preparedness_agency: false,
        website: None,
    }
}

fn plan(slug: &str, kind: ScopeKind, subject: &str) -> PlanInput {
    PlanInput {
        source: None,
        slug: slug.into(),
        name: format!("Milstolpeplan {subject}"),
        kind: PlanKind::Milstolpeplan,
        description: String::new(),
        scope: ScopeInput {
            kind,
            subject: Some(subject.into()),
        },
    }
}

fn area_slugs(p: &[CompetenceArea]) -> Vec<&str> {
    p.iter().map(|a| a.slug.as_str()).collect()
}

fn domain_slugs(p: &[BaseDataDomain]) -> Vec<&str> {
    p.iter().map(|d| d.slug.as_str()).collect()
}

fn ref_slugs(refs: &[EntryRef]) -> Vec<&str> {
    refs.iter().map(|r| r.slug.as_deref().unwrap()).collect()
}

/// POSTs a raw body and checks the status and the field the problem names.
async fn refused(app: &TestApp, path: &str, body: &str, status: u16, field: &str) {
    let resp = app
        .http(reqwest::Method::POST, path)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), status, "{body}");
    assert_eq!(resp.headers()["content-type"], "application/problem+json");
    let p: Problem = resp.json().await.unwrap();
    assert_eq!(p.status, status);
    assert!(
        p.errors.iter().any(|e| e.field == field),
        "{body}: expected '{field}' in {p:?}"
    );
}

async fn etag(app: &TestApp, path: &str) -> String {
    let resp = app.http(reqwest::Method::GET, path).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200, "{path}");
    resp.headers()["etag"].to_str().unwrap().to_string()
}

both_backends! {
    async fn the_four_prioritised_competence_areas_are_seeded_and_paged(app: TestApp) {
        let ca = app.client.competence_areas();
        let all = ca.list_all(&[("limit", "500")]).await.unwrap();
        assert_eq!(area_slugs(&all), ["informationssakerhet", "arkitektur", "juridik", "grunddata"]);
        assert!(all.iter().all(|a| a.status == CompetenceAreaStatus::Planerat), "{all:?}");
        assert!(all.iter().all(|a| a.home_organisation.is_none() && a.contributors.is_empty()));

        let info = ca.get("informationssakerhet").await.unwrap();
        assert_eq!(info.name, "Informationssäkerhet");
        assert!(info.description.starts_with("Ett av de fyra kompetensområden"), "{}", info.description);
        assert_eq!(info.meta.version, 1);
        assert_eq!(info.meta.origin, "test");
        assert_eq!(info.meta.uri, format!("http://registry.test/api/v1/competence-areas/{}", info.meta.id));
        assert_eq!(ca.get(&info.meta.id.to_string()).await.unwrap(), info);
        assert_eq!(ca.get("grunddata").await.unwrap().name, "Grunddata");
        assert_problem(ca.get("finns-inte").await, 404, None);

        let first = ca.list(&[("limit", "3")]).await.unwrap();
        assert_eq!((first.items.len(), first.total_count, first.limit), (3, 4, 3));
        assert_eq!(first.items[..], all[..3]);
        let by_offset = ca.list(&[("limit", "3"), ("offset", "3")]).await.unwrap();
        assert_eq!(area_slugs(&by_offset.items), ["grunddata"]);
        assert_eq!((by_offset.offset, by_offset.total_count), (3, 4));
        assert!(by_offset.next_cursor.is_none());
        let by_cursor = ca.list(&[("limit", "3"), ("cursor", first.next_cursor.as_deref().unwrap())]).await.unwrap();
        assert_eq!(by_cursor.items, by_offset.items);
        assert!(by_cursor.next_cursor.is_none());
        // Exact paging: a full last page has no cursor to an empty one.
        assert!(ca.list(&[("limit", "4")]).await.unwrap().next_cursor.is_none());
        let one_by_one = ca.list_all(&[("limit", "1")]).await.unwrap();
        assert_eq!(one_by_one.len() as i64, first.total_count);
        assert_eq!(one_by_one, all);
        assert_eq!(ca.list(&[("offset", "10")]).await.unwrap().items.len(), 0);
        assert_problem(ca.list(&[("limit", "0")]).await, 400, Some("limit"));
        assert_problem(ca.list(&[("cursor", "nonsense")]).await, 400, Some("cursor"));
    }

    async fn competence_areas_filter_by_status_home_and_text(app: TestApp) {
        let ca = app.client.competence_areas();
        let mut input = area("styrning", Some("digg"), &["skatteverket", "bolagsverket"]);
        input.name = "Styrning och ledning".into();
        input.status = CompetenceAreaStatus::Etablerat;
        let created = ca.create(&input).await.unwrap();
        assert_eq!(created.home_organisation.as_ref().unwrap().name, "Myndigheten för digital förvaltning");
        // Contributors read alphabetically by name, whatever order they were sent in.
        assert_eq!(ref_slugs(&created.contributors), ["bolagsverket", "skatteverket"]);

        let list = |q: &'static [(&'static str, &'static str)]| ca.list(q);
        let planned = list(&[("status", "planerat")]).await.unwrap();
        assert_eq!(planned.total_count, 4);
        assert!(!area_slugs(&planned.items).contains(&"styrning"));
        assert_eq!(area_slugs(&list(&[("status", "etablerat")]).await.unwrap().items), ["styrning"]);
        assert_eq!(list(&[("status", "under-etablering")]).await.unwrap().total_count, 0);

        assert_eq!(area_slugs(&list(&[("homeOrganisation", "digg")]).await.unwrap().items), ["styrning"]);
        let digg = app.client.organisations().get("digg").await.unwrap().meta.id.to_string();
        let by_id = ca.list(&[("homeOrganisation", digg.as_str())]).await.unwrap();
        assert_eq!(area_slugs(&by_id.items), ["styrning"]);
        // A contributor is not the home organisation.
        assert_eq!(list(&[("homeOrganisation", "skatteverket")]).await.unwrap().total_count, 0);
        assert_eq!(list(&[("homeOrganisation", "finns-inte")]).await.unwrap().total_count, 0);
        assert_eq!(list(&[("homeOrganisation", "digg"), ("status", "planerat")]).await.unwrap().total_count, 0);

        // q ignores case, Swedish letters included, on both backends.
        let by_ref = &ca;
        let q = |s: &'static str| async move { by_ref.list_all(&[("q", s)]).await };
        assert_eq!(area_slugs(&q("INFORMATIONSSÄK").await.unwrap()), ["informationssakerhet"]);
        assert_eq!(area_slugs(&q("säkerhet").await.unwrap()), ["informationssakerhet"]);
        assert_eq!(area_slugs(&q("ÄKERH").await.unwrap()), ["informationssakerhet"]);
        assert_eq!(area_slugs(&q("arkiTEKT").await.unwrap()), ["arkitektur"]);
        assert_eq!(area_slugs(&q("styrning OCH").await.unwrap()), ["styrning"]);
        // The slug is searched too: "sakerhet" is only in the slug.
        assert_eq!(area_slugs(&q("sakerhet").await.unwrap()), ["informationssakerhet"]);
        assert!(q("kvantfysik").await.unwrap().is_empty());
        let both = ca.list(&[("q", "DATA"), ("status", "planerat")]).await.unwrap();
        assert_eq!(area_slugs(&both.items), ["grunddata"]);

        assert_problem(list(&[("status", "klar")]).await, 400, Some("status"));
        assert_problem(list(&[("colour", "röd")]).await, 400, Some("colour"));
    }

    async fn competence_areas_are_created_replaced_and_deleted_with_etags(app: TestApp) {
        let ca = app.client.competence_areas();
        let created = ca.create(&area("dataskydd", Some("datainspektionen"), &["msb"])).await.unwrap();
        assert_eq!(created.meta.version, 1);
        assert_eq!(created.slug, "dataskydd");
        assert_eq!(created.status, CompetenceAreaStatus::UnderEtablering);
        assert_eq!(created.home_organisation.as_ref().unwrap().slug.as_deref(), Some("datainspektionen"));
        assert_eq!(ref_slugs(&created.contributors), ["msb"]);
        assert_eq!(ca.get("dataskydd").await.unwrap(), created);
        assert_eq!(ca.get(&created.meta.id.to_string()).await.unwrap(), created);
        assert_eq!(etag(&app, "/api/v1/competence-areas/dataskydd").await, "\"1\"");

        let mut changed = area("dataskydd-och-integritet", Some("datainspektionen"), &["msb", "skr"]);
        changed.name = "Dataskydd och integritet".into();
        changed.status = CompetenceAreaStatus::Etablerat;
        assert_problem(ca.replace("dataskydd", None, &changed).await, 428, None);
        assert_problem(ca.replace("dataskydd", Some(2), &changed).await, 412, None);
        let replaced = ca.replace("dataskydd", Some(1), &changed).await.unwrap();
        assert_eq!(replaced.meta.version, 2);
        assert_eq!(replaced.meta.id, created.meta.id);
        assert_eq!(replaced.meta.created_at, created.meta.created_at);
        assert_eq!(replaced.name, "Dataskydd och integritet");
        assert_eq!(replaced.status, CompetenceAreaStatus::Etablerat);
        assert_eq!(ref_slugs(&replaced.contributors), ["msb", "skr"]);
        assert_problem(ca.get("dataskydd").await, 404, None);
        assert_eq!(ca.get("dataskydd-och-integritet").await.unwrap(), replaced);
        assert_eq!(etag(&app, "/api/v1/competence-areas/dataskydd-och-integritet").await, "\"2\"");
        // A writer that read version 1 must not overwrite version 2.
        assert_problem(ca.replace("dataskydd-och-integritet", Some(1), &area("x", None, &[])).await, 412, None);

        let key = created.meta.id.to_string();
        assert_problem(ca.delete(&key, Some(1)).await, 412, None);
        assert_problem(ca.delete(&key, None).await, 428, None);
        ca.delete(&key, Some(2)).await.unwrap();
        assert_problem(ca.get(&key).await, 404, None);
        assert_problem(ca.delete(&key, Some(2)).await, 404, None);
        assert_eq!(ca.list(&[]).await.unwrap().total_count, 4);

        let history = ca.history(&key, &[]).await.unwrap();
        let ops: Vec<_> = history.items.iter().map(|c| c.operation.as_str()).collect();
        assert_eq!(ops, ["delete", "update", "create"]);
        let versions: Vec<_> = history.items.iter().map(|c| c.version).collect();
        assert_eq!(versions, [3, 2, 1]);
        assert!(history.items.iter().all(|c| c.entity == "competence-areas" && c.entity_id == created.meta.id));
        let (delete, update, create) = (&history.items[0], &history.items[1], &history.items[2]);
        assert!(create.before.is_none());
        assert_eq!(create.after.as_ref().unwrap()["slug"], "dataskydd");
        assert_eq!(update.before.as_ref().unwrap()["status"], "under-etablering");
        assert_eq!(update.after.as_ref().unwrap()["status"], "etablerat");
        assert_eq!(update.before.as_ref().unwrap()["contributors"].as_array().unwrap().len(), 1);
        assert_eq!(update.after.as_ref().unwrap()["contributors"][1]["slug"], "skr");
        assert_eq!(delete.before.as_ref().unwrap()["name"], "Dataskydd och integritet");
        assert!(delete.after.is_none());
    }

    async fn invalid_competence_areas_name_the_field_and_write_nothing(app: TestApp) {
        let ca = app.client.competence_areas();
        let before = app.client.audit(&[]).await.unwrap().total_count;
        let path = "/api/v1/competence-areas";
        refused(&app, path, r#"{"slug": "x", "name": "X", "status": "planerat", "colour": "röd"}"#, 400, "colour").await;
        refused(&app, path, r#"{"slug": "x", "name": "X", "status": "Planerat"}"#, 400, "status").await;
        refused(&app, path, r#"{"slug": "x", "name": "X"}"#, 400, "status").await;
        refused(&app, path, r#"{"slug": "x", "status": "planerat"}"#, 400, "name").await;
        refused(&app, path, r#"{"name": "X", "status": "planerat"}"#, 400, "slug").await;
        refused(&app, path, r#"{"slug": "x", "name": "X", "status": "planerat", "contributors": "digg"}"#, 400, "contributors").await;

        assert_problem(ca.create(&area("x", None, &["digg", "finns-inte"])).await, 409, Some("contributors[1]"));
        assert_problem(ca.create(&area("x", Some("finns-inte"), &[])).await, 409, Some("homeOrganisation"));
        assert_problem(ca.create(&area("x", None, &["digg", "msb", "digg"])).await, 400, Some("contributors[2]"));
        // The same organisation by slug and by id is listed twice all the same.
        let digg = app.client.organisations().get("digg").await.unwrap().meta.id.to_string();
        let p = assert_problem(ca.create(&area("x", None, &["digg", "msb", &digg])).await, 422, Some("contributors[2]"));
        assert!(p.detail.contains("twice"), "{p:?}");
        assert_problem(ca.create(&area("Säkerhet", None, &[])).await, 400, Some("slug"));
        let mut blank = area("x", None, &[]);
        blank.name = "  ".into();
        assert_problem(ca.create(&blank).await, 400, Some("name"));
        assert_problem(ca.create(&area("arkitektur", None, &[])).await, 409, Some("slug"));

        let arkitektur = ca.get("arkitektur").await.unwrap();
        assert_problem(ca.replace("arkitektur", Some(1), &area("juridik", None, &[])).await, 409, Some("slug"));
        assert_problem(ca.replace("arkitektur", Some(1), &area("arkitektur", None, &["saknas"])).await, 409, Some("contributors[0]"));
        assert_problem(ca.replace("finns-inte", Some(1), &area("finns-inte", None, &[])).await, 404, None);
        assert_eq!(ca.get("arkitektur").await.unwrap(), arkitektur);
        assert_eq!(app.client.audit(&[]).await.unwrap().total_count, before);
        assert_eq!(ca.list(&[]).await.unwrap().total_count, 4);
    }

    async fn competence_areas_and_their_organisations_in_use_cannot_be_deleted(app: TestApp) {
        let orgs = app.client.organisations();
        let ca = app.client.competence_areas();
        let home = orgs.create(&organisation("ko-hem")).await.unwrap();
        let contributor = orgs.create(&organisation("ko-bidrag")).await.unwrap();
        let created = ca.create(&area("ko-test", Some("ko-hem"), &["digg", "ko-bidrag"])).await.unwrap();

        let p = assert_problem(orgs.delete("ko-bidrag", Some(contributor.meta.version)).await, 409, None);
        assert!(p.detail.contains("referenced"), "{p:?}");
        assert_problem(orgs.delete("ko-hem", Some(home.meta.version)).await, 409, None);

        // The home organisation's appointment is recorded as its role assignment.
        let owner = app.client.role_assignments().list_all(&[("competenceArea", "ko-test")]).await.unwrap().remove(0);
        assert_eq!(owner.competence_area.as_ref().unwrap().id, created.meta.id);
        assert_eq!(owner.organisation.slug.as_deref(), Some("ko-hem"));
        app.client.role_assignments().delete(&owner.meta.id.to_string(), Some(1)).await.unwrap();
        // Ending the appointment is a change of the area too.
        let created = ca.get("ko-test").await.unwrap();
        assert_eq!((created.home_organisation.as_ref(), created.meta.version), (None, 2));

        // A plan scoped to the area guards it too, though no foreign key does.
        let scoped = app.client.plans().create(&plan("ko-test-plan", ScopeKind::Kompetensomrade, "ko-test")).await.unwrap();
        assert_eq!(scoped.scope.subject.as_ref().unwrap().slug.as_deref(), Some("ko-test"));
        let p = assert_problem(ca.delete("ko-test", Some(2)).await, 409, None);
        assert!(p.detail.contains("scope"), "{p:?}");
        assert_eq!(ca.get("ko-test").await.unwrap(), created);
        app.client.plans().delete("ko-test-plan", Some(scoped.meta.version)).await.unwrap();

        ca.delete("ko-test", Some(2)).await.unwrap();
        // The contributor list went with the area; the organisations are free to go.
        orgs.delete("ko-bidrag", Some(contributor.meta.version)).await.unwrap();
        orgs.delete("ko-hem", Some(home.meta.version)).await.unwrap();

        // A governing document scoped to a seeded area guards it as well.
        let doc = app.client.documents().create(&DocumentInput {
            title: "Styrning av grunddata".into(),
            level: 1,
            parent: None,
            scope: ScopeInput { kind: ScopeKind::Kompetensomrade, subject: Some("grunddata".into()) },
            author_organisation: "digg".into(),
            status: None,
            decided_date: None,
            level2_author_roles: vec![Role::Byggblocksansvarig],
            document_version: None,
            link: None,
        }).await.unwrap();
        assert_eq!(doc.scope.subject.as_ref().unwrap().name, "Grunddata");
        let p = assert_problem(ca.delete("grunddata", Some(1)).await, 409, None);
        assert!(p.detail.contains("scope"), "{p:?}");
        assert!(ca.get("grunddata").await.is_ok());
    }

    async fn base_data_domains_are_created_paged_replaced_and_deleted(app: TestApp) {
        let bd = app.client.base_data_domains();
        let empty = bd.list(&[]).await.unwrap();
        assert_eq!((empty.total_count, empty.items.len()), (0, 0));
        assert!(empty.next_cursor.is_none());

        let created = bd.create(&domain("foretagsinformation", "Företagsinformation", Some("bolagsverket"), &["skatteverket", "bolagsverket"])).await.unwrap();
        assert_eq!(created.meta.version, 1);
        assert_eq!(created.name, "Företagsinformation");
        assert_eq!(created.phase, Phase::Ide);
        assert_eq!(created.responsible.as_ref().unwrap().name, "Bolagsverket");
        assert_eq!(ref_slugs(&created.producers), ["bolagsverket", "skatteverket"]);
        assert_eq!(created.meta.uri, format!("http://registry.test/api/v1/base-data-domains/{}", created.meta.id));
        assert_eq!(bd.get("foretagsinformation").await.unwrap(), created);
        assert_eq!(bd.get(&created.meta.id.to_string()).await.unwrap(), created);
        assert_eq!(etag(&app, "/api/v1/base-data-domains/foretagsinformation").await, "\"1\"");
        bd.create(&domain("fastighetsinformation", "Fastighetsinformation", Some("lantmateriet"), &["lantmateriet"])).await.unwrap();
        bd.create(&domain("personinformation", "Personinformation", None, &[])).await.unwrap();

        let all = bd.list_all(&[]).await.unwrap();
        assert_eq!(domain_slugs(&all), ["foretagsinformation", "fastighetsinformation", "personinformation"]);
        let first = bd.list(&[("limit", "2")]).await.unwrap();
        assert_eq!((first.items.len(), first.total_count), (2, 3));
        let by_offset = bd.list(&[("limit", "2"), ("offset", "2")]).await.unwrap();
        let by_cursor = bd.list(&[("limit", "2"), ("cursor", first.next_cursor.as_deref().unwrap())]).await.unwrap();
        assert_eq!(domain_slugs(&by_offset.items), ["personinformation"]);
        assert_eq!(by_cursor.items, by_offset.items);
        assert!(by_cursor.next_cursor.is_none());
        let one_by_one = bd.list_all(&[("limit", "1")]).await.unwrap();
        assert_eq!(one_by_one.len() as i64, first.total_count);
        assert_eq!(one_by_one, all);

        let mut changed = domain("foretagsinformation", "Företagsinformation", Some("skatteverket"), &["scb"]);
        assert_problem(bd.replace("foretagsinformation", None, &changed).await, 428, None);
        // The phase changes only through a phase decision; the same phase is accepted.
        changed.phase = Some(Phase::Utveckling);
        assert_problem(bd.replace("foretagsinformation", Some(1), &changed).await, 409, Some("phase"));
        changed.phase = Some(Phase::Ide);
        let replaced = bd.replace("foretagsinformation", Some(1), &changed).await.unwrap();
        assert_eq!(replaced.meta.version, 2);
        assert_eq!(replaced.phase, Phase::Ide);
        assert_eq!(replaced.responsible.as_ref().unwrap().slug.as_deref(), Some("skatteverket"));
        assert_eq!(ref_slugs(&replaced.producers), ["scb"]);
        assert_eq!(replaced.meta.created_at, created.meta.created_at);
        assert_problem(bd.replace("foretagsinformation", Some(1), &changed).await, 412, None);
        changed.responsible = None;
        let cleared = bd.replace(&created.meta.id.to_string(), Some(2), &changed).await.unwrap();
        assert!(cleared.responsible.is_none());
        assert_eq!(cleared.meta.version, 3);

        assert_problem(bd.delete("foretagsinformation", Some(2)).await, 412, None);
        assert_problem(bd.delete("foretagsinformation", None).await, 428, None);
        bd.delete("foretagsinformation", Some(3)).await.unwrap();
        assert_problem(bd.get("foretagsinformation").await, 404, None);
        assert_eq!(bd.list(&[]).await.unwrap().total_count, 2);

        let history = bd.history(&created.meta.id.to_string(), &[]).await.unwrap();
        let ops: Vec<_> = history.items.iter().map(|c| c.operation.as_str()).collect();
        assert_eq!(ops, ["delete", "update", "update", "create"]);
        assert_eq!(history.items[3].after.as_ref().unwrap()["responsible"]["slug"], "bolagsverket");
        assert!(history.items[3].before.is_none());
        assert_eq!(history.items[2].before.as_ref().unwrap()["responsible"]["slug"], "bolagsverket");
        assert_eq!(history.items[2].after.as_ref().unwrap()["phase"], "ide");
        assert_eq!(history.items[2].after.as_ref().unwrap()["producers"][0]["slug"], "scb");
        assert_eq!(history.items[1].before.as_ref().unwrap()["responsible"]["slug"], "skatteverket");
        assert!(history.items[1].after.as_ref().unwrap().get("responsible").is_none());
        assert!(history.items[0].after.is_none());
        assert_eq!(history.items[0].before.as_ref().unwrap()["version"], 3);
    }

    async fn base_data_domains_filter_by_phase_responsible_and_text(app: TestApp) {
        let bd = app.client.base_data_domains();
        bd.create(&domain("foretagsinformation", "Företagsinformation", Some("bolagsverket"), &["bolagsverket"])).await.unwrap();
        let mut fastighet = domain("fastighetsinformation", "Fastighetsinformation", Some("lantmateriet"), &[]);
        // Its four analyses done, as Utveckling needs for a domain as for a block.
        fastighet.analyses = Analyses { funding: WorkStatus::Klar, legal: WorkStatus::Klar,
            risk: WorkStatus::Klar, benefit: WorkStatus::Klar };
        bd.create(&fastighet).await.unwrap();
        // Phases are reached through decisions: företagsinformation to analys-och-krav,
        // fastighetsinformation on to utveckling.
        for (slug, phase) in [("foretagsinformation", Phase::AnalysOchKrav),
                              ("fastighetsinformation", Phase::AnalysOchKrav),
                              ("fastighetsinformation", Phase::Utveckling)] {
            let decision = PhaseDecisionInput {
                source: None,
                phase,
                decision_date: "2024-01-01".parse().unwrap(),
                deciding_organisation: "digg".into(),
                reference: "2024-1".into(),
                justification: String::new(),
            };
            app.client.decide_phase("base-data-domains", slug, &decision).await.unwrap();
        }
        let mut adress = domain("adressinformation", "Adressinformation", Some("lantmateriet"), &[]);
        adress.phase = Some(Phase::Ide);
        bd.create(&adress).await.unwrap();

        let list = |q: &'static [(&'static str, &'static str)]| bd.list(q);
        assert_eq!(domain_slugs(&list(&[("phase", "utveckling")]).await.unwrap().items), ["fastighetsinformation"]);
        assert_eq!(domain_slugs(&list(&[("phase", "ide")]).await.unwrap().items), ["adressinformation"]);
        assert_eq!(list(&[("phase", "forvaltning")]).await.unwrap().total_count, 0);
        let lm = list(&[("responsible", "lantmateriet")]).await.unwrap();
        assert_eq!(domain_slugs(&lm.items), ["fastighetsinformation", "adressinformation"]);
        assert_eq!(lm.total_count, 2);
        let lm_id = app.client.organisations().get("lantmateriet").await.unwrap().meta.id.to_string();
        assert_eq!(bd.list(&[("responsible", lm_id.as_str()), ("phase", "ide")]).await.unwrap().items.len(), 1);
        // A producer is not the responsible organisation.
        assert_eq!(list(&[("responsible", "skatteverket")]).await.unwrap().total_count, 0);
        assert_eq!(list(&[("responsible", "finns-inte")]).await.unwrap().total_count, 0);

        let by_ref = &bd;
        let q = |s: &'static str| async move { by_ref.list_all(&[("q", s)]).await };
        assert_eq!(domain_slugs(&q("FÖRETAG").await.unwrap()), ["foretagsinformation"]);
        assert_eq!(domain_slugs(&q("företagsINFO").await.unwrap()), ["foretagsinformation"]);
        assert_eq!(q("INFORMATION").await.unwrap().len(), 3);
        assert_eq!(domain_slugs(&q("foretags").await.unwrap()), ["foretagsinformation"]);
        assert_eq!(domain_slugs(&q("Fastighet").await.unwrap()), ["fastighetsinformation"]);
        assert!(q("person").await.unwrap().is_empty());
        let both = bd.list(&[("q", "information"), ("responsible", "lantmateriet"), ("phase", "utveckling")]).await.unwrap();
        assert_eq!(domain_slugs(&both.items), ["fastighetsinformation"]);

        assert_problem(list(&[("phase", "Idé")]).await, 400, Some("phase"));
        assert_problem(list(&[("producer", "lantmateriet")]).await, 400, Some("producer"));
    }

    async fn invalid_base_data_domains_name_the_field_and_write_nothing(app: TestApp) {
        let bd = app.client.base_data_domains();
        let existing = bd.create(&domain("foretagsinformation", "Företagsinformation", None, &[])).await.unwrap();
        let before = app.client.audit(&[]).await.unwrap().total_count;
        let path = "/api/v1/base-data-domains";
        refused(&app, path, r#"{"slug": "x", "name": "X", "phase": "ide", "owner": "digg"}"#, 400, "owner").await;
        refused(&app, path, r#"{"slug": "x", "name": "X", "phase": "Idé"}"#, 400, "phase").await;
        refused(&app, path, r#"{"slug": "x", "name": "X", "phase": "utveckling"}"#, 422, "phase").await;
        refused(&app, path, r#"{"name": "X", "phase": "ide"}"#, 400, "slug").await;
        refused(&app, path, r#"{"slug": "x", "name": "X", "phase": "ide", "producers": [1]}"#, 400, "producers[0]").await;

        assert_problem(bd.create(&domain("x", "X", None, &["lantmateriet", "finns-inte"])).await, 409, Some("producers[1]"));
        assert_problem(bd.create(&domain("x", "X", Some("finns-inte"), &[])).await, 409, Some("responsible"));
        assert_problem(bd.create(&domain("x", "X", None, &["scb", "scb"])).await, 400, Some("producers[1]"));
        let scb = app.client.organisations().get("scb").await.unwrap().meta.id.to_string();
        assert_problem(bd.create(&domain("x", "X", None, &[&scb, "scb"])).await, 422, Some("producers[1]"));
        assert_problem(bd.create(&domain("x", "", None, &[])).await, 400, Some("name"));
        assert_problem(bd.create(&domain("x y", "X", None, &[])).await, 400, Some("slug"));
        assert_problem(bd.create(&domain("foretagsinformation", "Annan", None, &[])).await, 409, Some("slug"));
        assert_problem(bd.replace("foretagsinformation", Some(1), &domain("foretagsinformation", "F", None, &["saknas"])).await, 409, Some("producers[0]"));

        assert_eq!(app.client.audit(&[]).await.unwrap().total_count, before);
        assert_eq!(bd.list(&[]).await.unwrap().total_count, 1);
        assert_eq!(bd.get("foretagsinformation").await.unwrap(), existing);
    }

    async fn base_data_domains_and_their_organisations_in_use_cannot_be_deleted(app: TestApp) {
        let orgs = app.client.organisations();
        let bd = app.client.base_data_domains();
        let responsible = orgs.create(&organisation("bd-ansvarig")).await.unwrap();
        let producer = orgs.create(&organisation("bd-producent")).await.unwrap();
        let created = bd.create(&domain("adresser", "Adresser", Some("bd-ansvarig"), &["bd-producent"])).await.unwrap();

        assert_problem(orgs.delete("bd-ansvarig", Some(responsible.meta.version)).await, 409, None);
        let p = assert_problem(orgs.delete("bd-producent", Some(producer.meta.version)).await, 409, None);
        assert!(p.detail.contains("referenced"), "{p:?}");

        let ra = app.client.role_assignments();
        let held = ra.create(&for_domain("bd-producent", Role::Grunddataproducent, "adresser")).await.unwrap();
        assert_eq!(held.base_data_domain.as_ref().unwrap().name, "Adresser");
        let p = assert_problem(bd.delete("adresser", Some(1)).await, 409, None);
        assert!(p.detail.contains("referenced"), "{p:?}");
        ra.delete(&held.meta.id.to_string(), Some(1)).await.unwrap();

        let scoped = app.client.plans().create(&plan("adresser-2022", ScopeKind::Grunddatadoman, "adresser")).await.unwrap();
        let p = assert_problem(bd.delete("adresser", Some(1)).await, 409, None);
        assert!(p.detail.contains("scope"), "{p:?}");
        assert_eq!(bd.get("adresser").await.unwrap(), created);
        app.client.plans().delete("adresser-2022", Some(scoped.meta.version)).await.unwrap();

        bd.delete("adresser", Some(1)).await.unwrap();
        orgs.delete("bd-producent", Some(producer.meta.version)).await.unwrap();
        orgs.delete("bd-ansvarig", Some(responsible.meta.version)).await.unwrap();
    }

    async fn seeded_role_assignments_match_the_report_and_filter(app: TestApp) {
        let ra = app.client.role_assignments();
        let all = ra.list_all(&[("limit", "500")]).await.unwrap();
        assert_eq!(all.len(), 12);
        let owner = ra.list(&[("role", "infrastrukturansvarig")]).await.unwrap();
        assert_eq!(owner.total_count, 1);
        let owner = &owner.items[0];
        assert_eq!(owner.organisation.slug.as_deref(), Some("digg"));
        assert!(owner.building_block.is_none() && owner.base_data_domain.is_none() && owner.competence_area.is_none());
        assert_eq!(ra.get(&owner.meta.id.to_string()).await.unwrap(), *owner);
        assert_eq!(owner.meta.uri, format!("http://registry.test/api/v1/role-assignments/{}", owner.meta.id));
        assert_problem(ra.get("digg").await, 404, None);

        // Every building block with a responsible organisation has it as its byggblocksansvarig.
        let blocks = app.client.building_blocks().list_all(&[("limit", "500")]).await.unwrap();
        for b in &blocks {
            let held = ra.list(&[("buildingBlock", b.slug.as_str())]).await.unwrap();
            let holders: Vec<_> = held.items.iter().map(|a| a.organisation.id).collect();
            assert_eq!(holders, b.responsible.iter().map(|r| r.id).collect::<Vec<_>>(), "{}", b.slug);
            assert!(held.items.iter().all(|a| a.role == Role::Byggblocksansvarig));
        }
        let mina_ombud = ra.list(&[("buildingBlock", "mina-ombud")]).await.unwrap();
        assert_eq!(mina_ombud.items[0].organisation.name, "Bolagsverket");
        assert_eq!(mina_ombud.items[0].building_block.as_ref().unwrap().slug.as_deref(), Some("mina-ombud"));

        assert_eq!(ra.list(&[("role", "byggblocksansvarig")]).await.unwrap().total_count, 11);
        assert_eq!(ra.list(&[("organisation", "digg")]).await.unwrap().total_count, 6);
        let digg = app.client.organisations().get("digg").await.unwrap().meta.id.to_string();
        assert_eq!(ra.list(&[("organisation", digg.as_str()), ("role", "byggblocksansvarig")]).await.unwrap().total_count, 5);
        let bolagsverket = ra.list_all(&[("organisation", "bolagsverket"), ("role", "byggblocksansvarig")]).await.unwrap();
        let mut subjects: Vec<_> = bolagsverket.iter().map(|a| a.building_block.as_ref().unwrap().slug.clone().unwrap()).collect();
        subjects.sort();
        assert_eq!(subjects, ["meddelandehantering", "mina-ombud"]);
        assert_eq!(ra.list(&[("organisation", "finns-inte")]).await.unwrap().total_count, 0);
        assert_eq!(ra.list(&[("buildingBlock", "min-profil")]).await.unwrap().total_count, 0);
        assert_eq!(ra.list(&[("role", "kompetensomradesansvarig")]).await.unwrap().total_count, 0);

        // Roles for base-data domains and competence areas, and the filters that find them.
        app.client.base_data_domains().create(&domain("fastigheter", "Fastigheter", Some("lantmateriet"), &[])).await.unwrap();
        // The domain's responsible is appointed with it: its role assignment is the record.
        ra.create(&for_domain("lantmateriet", Role::Grunddataproducent, "fastigheter")).await.unwrap();
        ra.create(&for_domain("skatteverket", Role::Grunddataproducent, "fastigheter")).await.unwrap();
        ra.create(&for_area("digg", "arkitektur")).await.unwrap();
        assert_eq!(ra.list(&[("baseDataDomain", "fastigheter")]).await.unwrap().total_count, 3);
        let producers = ra.list_all(&[("baseDataDomain", "fastigheter"), ("role", "grunddataproducent")]).await.unwrap();
        let mut names: Vec<_> = producers.iter().map(|a| a.organisation.slug.clone().unwrap()).collect();
        names.sort();
        assert_eq!(names, ["lantmateriet", "skatteverket"]);
        let by_area = ra.list(&[("competenceArea", "arkitektur")]).await.unwrap();
        assert_eq!(by_area.total_count, 1);
        assert_eq!(by_area.items[0].organisation.slug.as_deref(), Some("digg"));
        assert_eq!(by_area.items[0].competence_area.as_ref().unwrap().name, "Arkitektur");
        assert_eq!(ra.list(&[("competenceArea", "juridik")]).await.unwrap().total_count, 0);
        assert_eq!(ra.list(&[("baseDataDomain", "finns-inte")]).await.unwrap().total_count, 0);
        assert_eq!(ra.list(&[("organisation", "digg")]).await.unwrap().total_count, 7);
        assert_eq!(ra.list(&[("organisation", "lantmateriet"), ("baseDataDomain", "fastigheter")]).await.unwrap().total_count, 2);

        assert_problem(ra.list(&[("role", "agare")]).await, 400, Some("role"));
        assert_problem(ra.list(&[("subject", "digg")]).await, 400, Some("subject"));
    }

    async fn role_assignments_page_by_offset_and_cursor(app: TestApp) {
        let ra = app.client.role_assignments();
        let first = ra.list(&[("limit", "5")]).await.unwrap();
        assert_eq!((first.items.len(), first.total_count), (5, 12));
        let second = ra.list(&[("limit", "5"), ("offset", "5")]).await.unwrap();
        let by_cursor = ra.list(&[("limit", "5"), ("cursor", first.next_cursor.as_deref().unwrap())]).await.unwrap();
        assert_eq!(second.items, by_cursor.items);
        let third = ra.list(&[("limit", "5"), ("cursor", by_cursor.next_cursor.as_deref().unwrap())]).await.unwrap();
        assert_eq!(third.items.len(), 2);
        assert!(third.next_cursor.is_none());
        assert_eq!(third.items, ra.list(&[("limit", "5"), ("offset", "10")]).await.unwrap().items);
        let all = ra.list_all(&[("limit", "5")]).await.unwrap();
        assert_eq!(all.len() as i64, first.total_count);
        let mut ids: Vec<_> = all.iter().map(|a| a.meta.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 12, "cursor paging repeats no entry");
        let filtered = ra.list_all(&[("limit", "2"), ("organisation", "digg")]).await.unwrap();
        assert_eq!(filtered.len(), 6);
        assert!(filtered.iter().all(|a| a.organisation.slug.as_deref() == Some("digg")));
        assert_problem(ra.list(&[("limit", "501")]).await, 400, Some("limit"));
        assert_problem(ra.list(&[("offset", "-1")]).await, 400, Some("offset"));
    }

    async fn role_assignments_are_created_replaced_and_deleted_with_etags(app: TestApp) {
        let ra = app.client.role_assignments();
        let created = ra.create(&for_area("digg", "juridik")).await.unwrap();
        assert_eq!(created.meta.version, 1);
        assert_eq!(created.role, Role::Kompetensomradesansvarig);
        assert_eq!(created.organisation.slug.as_deref(), Some("digg"));
        assert_eq!(created.competence_area.as_ref().unwrap().name, "Juridik");
        assert!(created.building_block.is_none());
        let key = created.meta.id.to_string();
        assert_eq!(ra.get(&key).await.unwrap(), created);
        assert_eq!(etag(&app, &format!("/api/v1/role-assignments/{key}")).await, "\"1\"");

        // The subject's name is read live: renaming the area shows in the assignment.
        // The appointment shows on the area (its version 2).
        let mut renamed = app.client.competence_areas().get("juridik").await.unwrap();
        assert_eq!(renamed.home_organisation.as_ref().unwrap().slug.as_deref(), Some("digg"));
        renamed.name = "Juridik och rätt".into();
        app.client.competence_areas().replace("juridik", Some(2), &CompetenceAreaInput {
            source: None,
            slug: renamed.slug.clone(),
            name: renamed.name.clone(),
            description: renamed.description.clone(),
            home_organisation: Some("digg".into()),
            contributors: vec![],
            status: renamed.status,
        }).await.unwrap();
        assert_eq!(ra.get(&key).await.unwrap().competence_area.unwrap().name, "Juridik och rätt");

        let moved = for_area("domstolsverket", "juridik");
        assert_problem(ra.replace(&key, None, &moved).await, 428, None);
        assert_problem(ra.replace(&key, Some(7), &moved).await, 412, None);
        let replaced = ra.replace(&key, Some(1), &moved).await.unwrap();
        assert_eq!(replaced.meta.version, 2);
        assert_eq!(replaced.organisation.slug.as_deref(), Some("domstolsverket"));
        assert_eq!(replaced.meta.created_at, created.meta.created_at);
        assert_eq!(ra.list(&[("organisation", "domstolsverket")]).await.unwrap().total_count, 1);
        assert_eq!(ra.list(&[("competenceArea", "juridik"), ("organisation", "digg")]).await.unwrap().total_count, 0);
        // The role can change with its subject.
        let retargeted = ra.replace(&key, Some(2), &for_block("domstolsverket", "min-profil")).await.unwrap();
        assert_eq!(retargeted.role, Role::Byggblocksansvarig);
        assert!(retargeted.competence_area.is_none());
        assert_eq!(retargeted.building_block.as_ref().unwrap().slug.as_deref(), Some("min-profil"));
        assert_problem(ra.replace(&key, Some(2), &moved).await, 412, None);

        assert_problem(ra.delete(&key, Some(2)).await, 412, None);
        assert_problem(ra.delete(&key, None).await, 428, None);
        ra.delete(&key, Some(3)).await.unwrap();
        assert_problem(ra.get(&key).await, 404, None);
        assert_eq!(ra.list(&[]).await.unwrap().total_count, 12);

        let history = ra.history(&key, &[]).await.unwrap();
        let ops: Vec<_> = history.items.iter().map(|c| c.operation.as_str()).collect();
        assert_eq!(ops, ["delete", "update", "update", "create"]);
        assert!(history.items.iter().all(|c| c.entity == "role-assignments"));
        assert!(history.items[3].before.is_none());
        assert_eq!(history.items[3].after.as_ref().unwrap()["organisation"]["slug"], "digg");
        assert_eq!(history.items[2].before.as_ref().unwrap()["organisation"]["slug"], "digg");
        assert_eq!(history.items[2].after.as_ref().unwrap()["organisation"]["slug"], "domstolsverket");
        assert_eq!(history.items[1].before.as_ref().unwrap()["role"], "kompetensomradesansvarig");
        assert_eq!(history.items[1].after.as_ref().unwrap()["buildingBlock"]["slug"], "min-profil");
        assert_eq!(history.items[0].before.as_ref().unwrap()["role"], "byggblocksansvarig");
        assert!(history.items[0].after.is_none());
    }

    async fn role_assignment_rules_name_the_field_and_write_nothing(app: TestApp) {
        let ra = app.client.role_assignments();
        let before = app.client.audit(&[]).await.unwrap().total_count;
        let path = "/api/v1/role-assignments";
        refused(&app, path, r#"{"organisation": "digg", "role": "infrastrukturansvarig", "forum": "taktisk"}"#, 400, "forum").await;
        refused(&app, path, r#"{"organisation": "digg", "role": "Byggblocksansvarig", "buildingBlock": "min-profil"}"#, 400, "role").await;
        refused(&app, path, r#"{"role": "byggblocksansvarig", "buildingBlock": "min-profil"}"#, 400, "organisation").await;
        refused(&app, path, r#"{"organisation": "digg", "buildingBlock": "min-profil"}"#, 400, "role").await;

        // A subject is needed exactly where the role has one.
        assert_problem(ra.create(&assign("digg", Role::Byggblocksansvarig)).await, 422, Some("buildingBlock"));
        assert_problem(ra.create(&assign("lantmateriet", Role::Grunddatadomanansvarig)).await, 422, Some("baseDataDomain"));
        assert_problem(ra.create(&assign("lantmateriet", Role::Grunddataproducent)).await, 422, Some("baseDataDomain"));
        assert_problem(ra.create(&assign("digg", Role::Kompetensomradesansvarig)).await, 422, Some("competenceArea"));
        let with_area = RoleAssignmentInput { competence_area: Some("arkitektur".into()), ..assign("skatteverket", Role::Infrastrukturansvarig) };
        assert_problem(ra.create(&with_area).await, 422, Some("competenceArea"));
        let two_subjects = RoleAssignmentInput { competence_area: Some("arkitektur".into()), ..for_block("digg", "min-profil") };
        let p = assert_problem(ra.create(&two_subjects).await, 422, Some("competenceArea"));
        assert!(!p.errors.iter().any(|e| e.field == "buildingBlock"), "{p:?}");
        let wrong_subject = RoleAssignmentInput { building_block: Some("min-profil".into()), ..assign("digg", Role::Kompetensomradesansvarig) };
        let p = assert_problem(ra.create(&wrong_subject).await, 422, Some("buildingBlock"));
        assert!(p.errors.iter().any(|e| e.field == "competenceArea"), "{p:?}");

        // Unknown references.
        assert_problem(ra.create(&for_block("finns-inte", "min-profil")).await, 409, Some("organisation"));
        assert_problem(ra.create(&for_block("digg", "finns-inte")).await, 409, Some("buildingBlock"));
        assert_problem(ra.create(&for_area("digg", "finns-inte")).await, 409, Some("competenceArea"));
        assert_problem(ra.create(&for_domain("digg", Role::Grunddataproducent, "finns-inte")).await, 409, Some("baseDataDomain"));

        // Held already, and a second infrastructure owner.
        assert_problem(ra.create(&for_block("bolagsverket", "mina-ombud")).await, 409, Some("role"));
        assert_problem(ra.create(&assign("digg", Role::Infrastrukturansvarig)).await, 409, Some("role"));
        let p = assert_problem(ra.create(&assign("skatteverket", Role::Infrastrukturansvarig)).await, 409, Some("role"));
        assert!(p.detail.contains("digg"), "{p:?}");
        let seeded = ra.list(&[("buildingBlock", "mina-arenden")]).await.unwrap().items.remove(0);
        assert_problem(ra.replace(&seeded.meta.id.to_string(), Some(1), &for_block("skatteverket", "indexering")).await, 409, Some("role"));
        assert_problem(ra.replace(&seeded.meta.id.to_string(), Some(1), &assign("skatteverket", Role::Infrastrukturansvarig)).await, 409, Some("role"));
        assert_eq!(ra.get(&seeded.meta.id.to_string()).await.unwrap(), seeded);

        assert_eq!(app.client.audit(&[]).await.unwrap().total_count, before);
        assert_eq!(ra.list(&[]).await.unwrap().total_count, 12);

        // An appointment is held by one organisation: another is refused, naming the holder.
        let p = assert_problem(ra.create(&for_block("skatteverket", "mina-ombud")).await, 409, Some("organisation"));
        assert!(p.detail.contains("'bolagsverket'"), "{p:?}");
        // The infrastructure owner changes hands by replacing its one assignment.
        let owner = ra.list(&[("role", "infrastrukturansvarig")]).await.unwrap().items.remove(0);
        let handed = ra.replace(&owner.meta.id.to_string(), Some(1), &assign("skatteverket", Role::Infrastrukturansvarig)).await.unwrap();
        assert_eq!(handed.organisation.slug.as_deref(), Some("skatteverket"));
        let p = assert_problem(ra.create(&assign("digg", Role::Infrastrukturansvarig)).await, 409, Some("role"));
        assert!(p.detail.contains("skatteverket"), "{p:?}");
        assert_eq!(ra.list(&[("role", "infrastrukturansvarig")]).await.unwrap().total_count, 1);
    }

    async fn entries_named_by_role_assignments_cannot_be_deleted(app: TestApp) {
        let orgs = app.client.organisations();
        let bb = app.client.building_blocks();
        let ra = app.client.role_assignments();
        let org = orgs.create(&organisation("ra-kommun")).await.unwrap();
        bb.create(&BuildingBlockInput {
            analysis_lead: None,
            source: None,
            slug: "ra-block".into(),
            name: "Ett block".into(),
            description: String::new(),
            purpose: String::new(),
            category: Category::DigitalaTjanster,
            phase: None,
            responsible: None,
            analyses: Analyses::default(),
            value_propositions: vec![],
            depends_on: vec![],
            related_external: vec![],
        }).await.unwrap();
        let held = ra.create(&for_block("ra-kommun", "ra-block")).await.unwrap();
        let block = bb.get("ra-block").await.unwrap();
        assert_eq!(block.responsible.as_ref().unwrap().slug.as_deref(), Some("ra-kommun"));

        let p = assert_problem(orgs.delete("ra-kommun", Some(org.meta.version)).await, 409, None);
        assert!(p.detail.contains("referenced"), "{p:?}");
        assert!(orgs.get("ra-kommun").await.is_ok());
        assert_eq!(ra.get(&held.meta.id.to_string()).await.unwrap(), held);

        // An appointment ends with the block it is to: two changes in the log.
        let before = app.client.audit(&[]).await.unwrap().total_count;
        bb.delete("ra-block", Some(block.meta.version)).await.unwrap();
        assert_problem(ra.get(&held.meta.id.to_string()).await, 404, None);
        assert_eq!(app.client.audit(&[]).await.unwrap().total_count, before + 2);
        orgs.delete("ra-kommun", Some(org.meta.version)).await.unwrap();
        assert_eq!(ra.list(&[("organisation", "ra-kommun")]).await.unwrap().total_count, 0);

        // The seeded infrastructure owner is held by DIGG, which therefore stays.
        let digg = orgs.get("digg").await.unwrap();
        assert_problem(orgs.delete("digg", Some(digg.meta.version)).await, 409, None);
    }
}
