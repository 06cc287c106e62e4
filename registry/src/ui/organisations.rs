//! `/organisationer`: the organisations, searched and filtered by kind;
//! `/organisationer/{slug}`: one organisation with its roles, the blocks it is responsible
//! for, the competence areas and base-data domains it takes part in, the shared services it
//! supplies, and its APIs.

use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use openapi::{
    Api, BaseDataDomain, BuildingBlock, CompetenceArea, Document, EntryRef, Organisation,
    OrganisationKind, RoleAssignment, SharedService,
};

use super::blocks::{api_title, enum_param};
use super::forms::Call;
use super::layout::{self, entry_link, label, pager, phase, select, shell, stated};
use super::table::{table, Text};
use super::{respond, Cx, State};
use crate::error::{Error, Result};
use crate::store::{
    apis, base_data_domains, building_blocks, competence_areas, documents, organisations,
    role_assignments, shared_services, DbConnection, Key, PageRequest, Session,
};

const PAGE: i64 = 50;

/// Links to the register's pages that the navigation does not name.
pub fn more(cx: &Cx) -> Markup {
    html! {
        nav.more aria-label=(cx.t("Mer i registret", "More in the register")) {
            ul.inline {
                @for (path, sv, en) in [
                    ("/kompetensomraden", "Kompetensområden", "Competence areas"),
                    ("/grunddatadomaner", "Grunddatadomäner", "Base-data domains"),
                    ("/ideer", "Idékandidater", "Idea candidates"),
                    ("/finansiering", "Finansiering och nyttor", "Funding and benefits"),
                    ("/forum", "Forum", "Forums"),
                    ("/beslut", "Beslutsregister", "Decision register"),
                    ("/tjanster", "Samordnade tjänster", "Shared services"),
                ] {
                    li { a href=(path) aria-current=[(cx.path() == path).then_some("page")] { (cx.t(sv, en)) } }
                }
            }
        }
    }
}

/// A link to an entry shown as an anchor of a list page (`base#slug`).
pub fn anchor_link(base: &str, r: &EntryRef) -> Markup {
    let key = r.slug.clone().unwrap_or_else(|| r.id.to_string());
    html! { a href={ (base) "#" (key) } { (r.name) } }
}

pub async fn list(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let filter = (|| {
        Ok::<_, Error>(organisations::Filter {
            kind: enum_param(&cx, "kind")?,
            q: cx.param("q").map(str::to_string),
            ..Default::default()
        })
    })();
    let page = super::page_of(&cx, PAGE);
    let p = page.clone();
    let found =
        super::with_filter(&state, filter, move |c, f| organisations::list(c, &f, &p)).await;
    let action = domain::permissions::Action::Create(domain::permissions::Resource::Organisation);
    let can_add = super::may_register(&state, &cx, action).await;
    respond(
        &cx,
        found.map(|(orgs, total)| render_list(&cx, &orgs, total, &page, can_add)),
    )
}

fn render_list(
    cx: &Cx,
    orgs: &[Organisation],
    total: i64,
    page: &PageRequest,
    can_add: bool,
) -> Markup {
    let title = cx.t("Organisationer", "Organisations");
    shell(
        cx,
        title,
        html! {
            h1 { (title) }
            @if can_add {
                p.actions { a.button href="/organisationer/ny" { (cx.t("Lägg till en organisation", "Add an organisation")) } }
            }
            p.lede { (cx.t("Myndigheter och andra organisationer som ansvarar för, bidrar till eller publicerar API:er för infrastrukturen.",
                           "Agencies and other organisations that are responsible for, contribute to or publish APIs for the infrastructure.")) }
            (more(cx))
            form.filters action="/organisationer" method="get" {
                label for="q" { (cx.t("Sökord", "Search terms"))
                    input #q type="search" name="q" value=[cx.param("q")]; }
                (select(cx, "kind", cx.t("Slag", "Kind"), OrganisationKind::ALL, cx.param("kind")))
                button type="submit" { (cx.t("Visa", "Show")) }
            }
            @if orgs.is_empty() {
                p role="status" { (cx.t("Inga organisationer matchar.", "No organisation matches.")) }
            } @else {
                (table(cx, title, &[
                    Text("Organisation", "Organisation"), Text("Slag", "Kind"),
                    Text("Organisationsnummer", "Organisation number"),
                    Text("Beredskapsmyndighet", "Preparedness agency"),
                ], orgs, |o| html! {
                    th scope="row" { a href={ "/organisationer/" (o.slug) } { (o.name) } }
                    td { (label(cx, &o.kind)) }
                    td { @match &o.organisation_number { Some(n) => (n), None => (layout::none(cx)) } }
                    td { @if o.preparedness_agency { (cx.t("Ja", "Yes")) } @else { (cx.t("Nej", "No")) } }
                }))
            }
            (pager(cx, total, page.limit, page.offset, orgs.len()))
        },
    )
}

struct OrgPage {
    org: Organisation,
    roles: Vec<RoleAssignment>,
    blocks: Vec<BuildingBlock>,
    home_of: Vec<CompetenceArea>,
    contributes_to: Vec<CompetenceArea>,
    responsible_domains: Vec<BaseDataDomain>,
    produces: Vec<BaseDataDomain>,
    documents: (Vec<Document>, i64),
    apis: (Vec<Api>, i64),
    /// The shared services the organisation supplies (report 000).
    supplies: Vec<SharedService>,
    /// Whether the person signed in may appoint roles (the infrastructure owner).
    can_appoint: bool,
}

fn all() -> PageRequest {
    PageRequest::first(500)
}

fn load(c: &mut Session, key: Key) -> Result<OrgPage> {
    let org = organisations::get(c, &key)?;
    let id = org.meta.id;
    let ids = id.to_string();
    let (roles, _) = role_assignments::list(
        c,
        &role_assignments::Filter {
            organisation: Some(ids.clone()),
            ..Default::default()
        },
        &all(),
    )?;
    let (blocks, _) = building_blocks::list(
        c,
        &building_blocks::Filter {
            responsible: Some(ids.clone()),
            ..Default::default()
        },
        &all(),
    )?;
    let (areas, _) = competence_areas::list(c, &Default::default(), &all())?;
    let (home_of, contributes_to): (Vec<_>, Vec<_>) = areas
        .into_iter()
        .filter(|a| {
            a.home_organisation.as_ref().is_some_and(|h| h.id == id)
                || a.contributors.iter().any(|o| o.id == id)
        })
        .partition(|a| a.home_organisation.as_ref().is_some_and(|h| h.id == id));
    let (domains, _) = base_data_domains::list(c, &Default::default(), &all())?;
    let (responsible_domains, produces): (Vec<_>, Vec<_>) = domains
        .into_iter()
        .filter(|d| {
            d.responsible.as_ref().is_some_and(|r| r.id == id)
                || d.producers.iter().any(|o| o.id == id)
        })
        .partition(|d| d.responsible.as_ref().is_some_and(|r| r.id == id));
    let first = PageRequest::first(20);
    let documents = documents::list(
        c,
        &documents::Filter {
            author_organisation: Some(ids.clone()),
            ..Default::default()
        },
        &first,
    )?;
    let (supplies, _) = shared_services::list(
        c,
        &shared_services::Filter {
            supplier: Some(ids.clone()),
            ..Default::default()
        },
        &all(),
    )?;
    let apis = apis::list(
        c,
        &apis::Filter {
            organisation: Some(ids),
            ..Default::default()
        },
        &first,
    )?;
    Ok(OrgPage {
        org,
        roles,
        blocks,
        home_of,
        contributes_to,
        responsible_domains,
        produces,
        documents,
        apis,
        supplies,
        can_appoint: false,
    })
}

pub async fn page(state: State, req: HttpRequest, slug: web::Path<String>) -> HttpResponse {
    let cx = Cx::of(&req);
    let key = Key::parse(&slug);
    let p = state.db.run(move |c| load(c, key)).await;
    let action = domain::permissions::Action::Create(domain::permissions::Resource::RoleAssignment);
    let can = super::may_register(&state, &cx, action).await;
    respond(
        &cx,
        p.map(|p| {
            render(
                &cx,
                &OrgPage {
                    can_appoint: can,
                    ..p
                },
            )
        }),
    )
}

/// What a role is held for: a block, a base-data domain, a competence area, or the whole
/// infrastructure.
fn role_subject(cx: &Cx, r: &RoleAssignment) -> Markup {
    html! {
        @if let Some(b) = &r.building_block {
            (cx.t("Byggblock", "Building block")) ": " (entry_link("/byggblock", b))
        } @else if let Some(d) = &r.base_data_domain {
            (cx.t("Grunddatadomän", "Base-data domain")) ": " (anchor_link("/grunddatadomaner", d))
        } @else if let Some(a) = &r.competence_area {
            (cx.t("Kompetensområde", "Competence area")) ": " (anchor_link("/kompetensomraden", a))
        } @else {
            (cx.t("Hela infrastrukturen", "The whole infrastructure"))
        }
    }
}

fn render(cx: &Cx, p: &OrgPage) -> Markup {
    let o = &p.org;
    shell(
        cx,
        &o.name,
        html! {
            p.muted { a href="/organisationer" { (cx.t("Organisationer", "Organisations")) } " / " (label(cx, &o.kind)) }
            h1 { (o.name) }
            @if p.can_appoint {
                p.actions { a.button href={ "/organisationer/" (o.slug) "/roller/ny" } { (cx.t("Tilldela en roll", "Appoint a role")) } }
            }
            dl.facts {
                @if let Some(s) = &o.short_name { @if s != &o.name {
                    dt { (cx.t("Kortnamn", "Short name")) } dd { (s) }
                } }
                dt { (cx.t("Slag", "Kind")) } dd { a href={ "/organisationer?kind=" (o.kind.as_str()) } { (label(cx, &o.kind)) } }
                dt { (cx.t("Organisationsnummer", "Organisation number")) }
                dd { @match &o.organisation_number { Some(n) => (n), None => (layout::none(cx)) } }
                dt { (cx.t("Beredskapsmyndighet", "Preparedness agency")) }
                dd { @if o.preparedness_agency { (cx.t("Ja", "Yes")) } @else { (cx.t("Nej", "No")) } }
                @if let Some(w) = &o.website {
                    dt { (cx.t("Webbplats", "Website")) } dd { a href=(w) rel="external noopener" { (w) } }
                }
                (layout::source(cx, &o.source))
            }
            h2 #roller { (cx.t("Roller", "Roles")) }
            @if p.roles.is_empty() {
                p { (cx.t("Organisationen har inga roller i styrningen.", "The organisation holds no governance role.")) }
            } @else {
                (table(cx, cx.t("Roller", "Roles"), &[
                    Text("Roll", "Role"), Text("För", "For"),
                ], &p.roles, |r| html! {
                    th scope="row" { (label(cx, &r.role)) }
                    td { (role_subject(cx, r)) }
                }))
            }
            h2 { (cx.t("Ansvarig för byggblock", "Responsible for building blocks")) }
            @if p.blocks.is_empty() {
                p { (layout::none(cx)) }
            } @else {
                ul { @for b in &p.blocks { li {
                    a href={ "/byggblock/" (b.slug) } { (b.name) } " · " (phase(cx, b.phase))
                } } }
            }
            h2 { (cx.t("Kompetensområden", "Competence areas")) }
            @if p.home_of.is_empty() && p.contributes_to.is_empty() {
                p { (layout::none(cx)) }
            } @else {
                ul {
                    @for a in &p.home_of { li {
                        a href={ "/kompetensomraden#" (a.slug) } { (a.name) } " · " (cx.t("hemvist", "home organisation"))
                    } }
                    @for a in &p.contributes_to { li {
                        a href={ "/kompetensomraden#" (a.slug) } { (a.name) } " · " (cx.t("bidrar", "contributes"))
                    } }
                }
            }
            @if !p.responsible_domains.is_empty() || !p.produces.is_empty() {
                h2 { (cx.t("Grunddatadomäner", "Base-data domains")) }
                ul {
                    @for d in &p.responsible_domains { li {
                        a href={ "/grunddatadomaner#" (d.slug) } { (d.name) } " · " (cx.t("ansvarig", "responsible"))
                    } }
                    @for d in &p.produces { li {
                        a href={ "/grunddatadomaner#" (d.slug) } { (d.name) } " · " (cx.t("producent", "producer"))
                    } }
                }
            }
            @if !p.supplies.is_empty() {
                h2 { (cx.t("Samordnade tjänster som organisationen levererar", "Shared services the organisation supplies")) }
                ul { @for s in &p.supplies { li {
                    a href={ "/tjanster/" (s.slug) } { (s.name) }
                    @if let Some(b) = &s.building_block { " · " (entry_link("/byggblock", b)) }
                    @if let Some(d) = &s.description { br; span.muted { (d) } }
                } } }
            }
            h2 { (cx.t("Publicerade API:er", "Published APIs")) }
            @if p.apis.0.is_empty() {
                p { (cx.t("Organisationen publicerar inga registrerade API:er.", "The organisation publishes no registered API.")) }
            } @else {
                ul { @for a in &p.apis.0 { li {
                    a href={ "/api-katalog/" (a.meta.id) } { (api_title(cx, a)) } " · " (stated(cx, &a.status))
                } } }
                @if p.apis.1 > p.apis.0.len() as i64 {
                    p { a href={ "/api-katalog?organisation=" (o.slug) } { (cx.t("Alla API:er", "All APIs")) " (" (p.apis.1) ")" } }
                }
            }
            @if !p.documents.0.is_empty() {
                h2 { (cx.t("Författade styrdokument", "Governing documents authored")) }
                ul { @for d in &p.documents.0 { li {
                    a href={ "/styrdokument/" (d.meta.id) } { (d.title) } " · "
                    (cx.t("nivå", "level")) " " (d.level) " · " (label(cx, &d.status))
                } } }
                @if p.documents.1 > p.documents.0.len() as i64 {
                    p.muted { (p.documents.1) " " (cx.t("dokument totalt", "documents in all")) }
                }
            }
        },
    )
}

fn create<R: crate::store::crud::Crud>(
    c: &mut DbConnection,
    who: &crate::auth::Principal,
    ctx: &crate::store::Ctx,
    resource: domain::permissions::Resource,
    input: R::Input,
) -> Result<R::Wire> {
    crate::commands::create::<R>(c, who, ctx, resource, None, input)
}

/// `/organisationer/ny`: the infrastructure owner adds an organisation, as
/// `POST /api/v1/organisations`.
pub struct New;

impl super::forms::Form for New {
    type Loaded = ();
    type Input = openapi::OrganisationInput;

    fn load(_: &mut DbConnection, _: Option<&Key>) -> Result<()> {
        Ok(())
    }
    fn title(cx: &Cx, _: &()) -> String {
        cx.t("Lägg till en organisation", "Add an organisation")
            .into()
    }
    fn back(cx: &Cx, _: &()) -> (String, String) {
        (
            "/organisationer".into(),
            cx.t("Organisationer", "Organisations").into(),
        )
    }
    fn fields(cx: &Cx, _: &()) -> Vec<super::forms::Field> {
        use super::forms::{choices, Field, Kind};
        vec![
            Field::new("name", cx.t("Namn", "Name"), Kind::Text),
            Field::new(
                "slug",
                cx.t("Kortnamn i adresser", "Short name in addresses"),
                Kind::Text,
            )
            .hint(cx.t(
                "Gemener, siffror och bindestreck, t.ex. lantmateriet.",
                "Lower case, digits and hyphens, e.g. lantmateriet.",
            )),
            Field::new("shortName", cx.t("Förkortning", "Abbreviation"), Kind::Text).optional(),
            Field::new(
                "kind",
                cx.t("Slag", "Kind"),
                Kind::Choice(choices(cx, OrganisationKind::ALL)),
            ),
            Field::new(
                "organisationNumber",
                cx.t("Organisationsnummer", "Organisation number"),
                Kind::Text,
            )
            .hint(cx.t("NNNNNN-NNNN", "NNNNNN-NNNN"))
            .optional(),
            Field::new(
                "preparednessAgency",
                cx.t("Beredskapsmyndighet", "Preparedness agency"),
                Kind::Check,
            ),
            Field::new("website", cx.t("Webbplats", "Website"), Kind::Url).optional(),
        ]
    }
    fn base(_: &(), _: &super::session::Signed) -> serde_json::Value {
        serde_json::json!({ "kind": OrganisationKind::StatligMyndighet })
    }
    fn submit(cx: &Cx) -> String {
        cx.t("Lägg till", "Add").into()
    }
    fn run(
        c: &mut DbConnection,
        at: Call<'_>,
        input: openapi::OrganisationInput,
    ) -> Result<String> {
        let Call { who, ctx, .. } = at;
        let resource = domain::permissions::Resource::Organisation;
        let o = create::<organisations::Row>(c, who, ctx, resource, input)?;
        Ok(format!("/organisationer/{}", o.slug))
    }
}

/// `/organisationer/{slug}/roller/ny`: the infrastructure owner appoints the organisation to a
/// role, as `POST /api/v1/role-assignments`.
pub struct Appoint;

impl super::forms::Form for Appoint {
    type Loaded = Organisation;
    type Input = openapi::RoleAssignmentInput;

    fn load(c: &mut DbConnection, key: Option<&Key>) -> Result<Organisation> {
        organisations::get(c, super::forms::required(key)?)
    }
    fn title(cx: &Cx, o: &Organisation) -> String {
        format!(
            "{} {}",
            cx.t("Tilldela en roll:", "Appoint a role:"),
            o.name
        )
    }
    fn back(_: &Cx, o: &Organisation) -> (String, String) {
        (format!("/organisationer/{}", o.slug), o.name.clone())
    }
    fn fields(cx: &Cx, _: &Organisation) -> Vec<super::forms::Field> {
        use super::forms::{choices, Field, Kind};
        let slug = cx.t("Kortnamn, t.ex. ", "Short name, e.g. ");
        vec![
            Field::new(
                "role",
                cx.t("Roll", "Role"),
                Kind::Choice(choices(cx, openapi::Role::ALL)),
            ),
            Field::new(
                "buildingBlock",
                cx.t(
                    "Byggblock (för byggblocksansvarig)",
                    "Building block (for building-block owner)",
                ),
                Kind::Text,
            )
            .hint(&format!("{slug}mina-ombud"))
            .optional(),
            Field::new(
                "baseDataDomain",
                cx.t(
                    "Grunddatadomän (för grunddataroller)",
                    "Base-data domain (for the base-data roles)",
                ),
                Kind::Text,
            )
            .hint(&format!("{slug}fastighet"))
            .optional(),
            Field::new(
                "competenceArea",
                cx.t(
                    "Kompetensområde (för kompetensområdesansvarig)",
                    "Competence area (for competence-area owner)",
                ),
                Kind::Text,
            )
            .hint(&format!("{slug}informationssakerhet"))
            .optional(),
        ]
    }
    fn base(o: &Organisation, _: &super::session::Signed) -> serde_json::Value {
        serde_json::json!({ "organisation": o.slug, "role": openapi::Role::Byggblocksansvarig })
    }
    fn submit(cx: &Cx) -> String {
        cx.t("Tilldela rollen", "Appoint").into()
    }
    fn run(
        c: &mut DbConnection,
        at: Call<'_>,
        input: openapi::RoleAssignmentInput,
    ) -> Result<String> {
        let Call { who, ctx, .. } = at;
        let organisation = input.organisation.clone();
        let resource = domain::permissions::Resource::RoleAssignment;
        create::<role_assignments::Row>(c, who, ctx, resource, input)?;
        Ok(format!("/organisationer/{organisation}#roller"))
    }
}
