//! `/planer`: the plans with how many milestones each has and how many are late, or with
//! `?late=true` every late milestone of every plan; `/planer/{slug}`: one plan with its
//! milestones and their moves over time.

use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use openapi::{Milestone, Plan, PlanKind, Scope, ScopeKind};

use super::blocks::{date_time, enum_param};
use super::forms::Call;
use super::layout::{self, entry_link, label, pager, select, shell, work};
use super::table::{table, Num, Text};
use super::{respond, Cx, State};
use crate::error::{Error, Result};
use crate::store::{milestones, plans, DbConnection, Key, PageRequest};

const PAGE: i64 = 50;

/// A yes/no parameter of the page: absent, `true` or `false` (else a 400 naming it).
pub fn bool_param(cx: &Cx, name: &str) -> Result<Option<bool>> {
    match cx.param(name) {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(_) => Err(Error::field(name, "must be true or false")),
    }
}

/// What a document or plan covers, linked to its subject's page.
pub fn scope(cx: &Cx, s: &Scope) -> Markup {
    let anchor = |base: &str, r: &openapi::EntryRef| {
        let key = r.slug.clone().unwrap_or_else(|| r.id.to_string());
        html! { a href={ (base) "#" (key) } { (r.name) } }
    };
    html! {
        @match (&s.kind, &s.subject) {
            (ScopeKind::Byggblock, Some(r)) => { (label(cx, &s.kind)) ": " (entry_link("/byggblock", r)) }
            (ScopeKind::Kompetensomrade, Some(r)) => { (label(cx, &s.kind)) ": " (anchor("/kompetensomraden", r)) }
            (ScopeKind::Grunddatadoman, Some(r)) => { (label(cx, &s.kind)) ": " (anchor("/grunddatadomaner", r)) }
            (kind, _) => { (label(cx, kind)) }
        }
    }
}

/// A milestone's quarter: late ones say so in words and with a marker, not by colour alone.
pub fn due(cx: &Cx, m: &Milestone) -> Markup {
    html! {
        @if m.late {
            span.late {
                span aria-hidden="true" { "⚠ " }
                (m.due) " – " (cx.t("försenad", "late"))
            }
        } @else {
            (m.due)
        }
    }
}

fn all() -> PageRequest {
    PageRequest::first(10_000)
}

fn count(c: &mut DbConnection, plan: &str, late: Option<bool>) -> Result<i64> {
    let f = milestones::Filter {
        plan: Some(plan.to_string()),
        late,
        ..Default::default()
    };
    let one = PageRequest::first(1);
    Ok(milestones::list(c, &f, &one)?.1)
}

/// A plan with its number of milestones and of late ones.
type Counted = (Plan, i64, i64);

enum Listing {
    Plans(Vec<Counted>, i64, i64),
    Late(Vec<Milestone>, i64),
}

pub async fn list(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let page = super::page_of(&cx, PAGE);
    let query = (|| Ok::<_, Error>((bool_param(&cx, "late")?, enum_param(&cx, "kind")?)))();
    let found = match query {
        Err(e) => Err(e),
        Ok((Some(true), _)) => {
            let p = page.clone();
            state
                .db
                .run(move |c| {
                    let f = milestones::Filter {
                        late: Some(true),
                        ..Default::default()
                    };
                    let (ms, total) = milestones::list(c, &f, &p)?;
                    Ok(Listing::Late(ms, total))
                })
                .await
        }
        Ok((_, kind)) => {
            let f = plans::Filter {
                kind,
                q: cx.param("q").map(str::to_string),
                ..Default::default()
            };
            let p = page.clone();
            state
                .db
                .run(move |c| {
                    let (found, total) = plans::list(c, &f, &p)?;
                    let counted = found
                        .into_iter()
                        .map(|plan| {
                            let id = plan.meta.id.to_string();
                            let n = count(c, &id, None)?;
                            let late = count(c, &id, Some(true))?;
                            Ok((plan, n, late))
                        })
                        .collect::<Result<Vec<_>>>()?;
                    let all_late = milestones::list(
                        c,
                        &milestones::Filter {
                            late: Some(true),
                            ..Default::default()
                        },
                        &PageRequest::first(1),
                    )?
                    .1;
                    Ok(Listing::Plans(counted, total, all_late))
                })
                .await
        }
    };
    respond(&cx, found.map(|l| render_list(&cx, &l, &page)))
}

fn render_list(cx: &Cx, l: &Listing, page: &PageRequest) -> Markup {
    let title = match l {
        Listing::Plans(..) => cx.t("Planer", "Plans"),
        Listing::Late(..) => cx.t("Försenade milstolpar", "Late milestones"),
    };
    shell(
        cx,
        title,
        html! {
            @if let Listing::Late(..) = l {
                p.muted { a href="/planer" { (cx.t("Planer", "Plans")) } }
            }
            h1 { (title) }
            @match l {
                Listing::Plans(plans, total, late) => {
                    p.lede { (cx.t("Färdplaner och milstolpeplaner för infrastrukturen och dess byggblock.",
                                   "Roadmaps and milestone plans for the infrastructure and its building blocks.")) }
                    form.filters action="/planer" method="get" {
                        label for="q" { (cx.t("Sökord", "Search terms"))
                            input #q type="search" name="q" value=[cx.param("q")]; }
                        (select(cx, "kind", cx.t("Slag", "Kind"), PlanKind::ALL, cx.param("kind")))
                        button type="submit" { (cx.t("Visa", "Show")) }
                    }
                    @if *late > 0 {
                        p { a href="/planer?late=true" {
                            (cx.t("Alla försenade milstolpar", "All late milestones")) " (" (late) ")"
                        } }
                    }
                    @if plans.is_empty() {
                        p role="status" { (cx.t("Inga planer matchar.", "No plan matches.")) }
                    } @else {
                        (table(cx, title, &[
                            Text("Plan", "Plan"), Text("Slag", "Kind"), Text("Omfattning", "Scope"),
                            Num("Milstolpar", "Milestones"), Num("Försenade", "Late"),
                        ], plans, |(p, n, late)| html! {
                            th scope="row" { a href={ "/planer/" (p.slug) } { (p.name) } }
                            td { (label(cx, &p.kind)) }
                            td { (scope(cx, &p.scope)) }
                            td.num { (n) }
                            td.num { @if *late > 0 { span.late { (late) } } @else { "0" } }
                        }))
                    }
                    (pager(cx, *total, page.limit, page.offset, plans.len()))
                }
                Listing::Late(ms, total) => {
                    p.lede { (cx.t("Milstolpar vars kvartal har passerat utan att de är klara, i alla planer.",
                                   "Milestones whose quarter has passed without their being done, across all plans.")) }
                    @if ms.is_empty() {
                        p role="status" { (cx.t("Inga milstolpar är försenade.", "No milestone is late.")) }
                    } @else {
                        (milestone_table(cx, title, ms, true))
                    }
                    (pager(cx, *total, page.limit, page.offset, ms.len()))
                }
            }
        },
    )
}

/// Milestones as a table; `with_plan` adds a column naming each one's plan.
fn milestone_table(cx: &Cx, caption: &str, ms: &[Milestone], with_plan: bool) -> Markup {
    html! {
        div.table-wrap { table.milestones {
            caption.visually-hidden { (caption) }
            thead { tr {
                @if with_plan { th scope="col" { (cx.t("Plan", "Plan")) } }
                th scope="col" class="num" { "#" }
                th scope="col" { (cx.t("Milstolpe", "Milestone")) }
                th scope="col" { (cx.t("Kvartal", "Quarter")) }
                th scope="col" { (cx.t("Område", "Area")) }
                th scope="col" { (cx.t("Ansvarig", "Responsible")) }
                th scope="col" { (cx.t("Status", "Status")) }
            } }
            tbody { @for m in ms { tr class=[m.late.then_some("is-late")] {
                @if with_plan { td data-label=(cx.t("Plan", "Plan")) { (entry_link("/planer", &m.plan)) } }
                td.num data-label="#" { (m.number) }
                th scope="row" {
                    (m.description)
                    @if cx.who.is_some() {
                        " " a.edit href={ "/milstolpar/" (m.meta.id) } { (cx.t("Ändra", "Change")) span.visually-hidden { " " (cx.t("milstolpe", "milestone")) " " (m.number) } }
                    }
                    @if !m.done_criteria.is_empty() {
                        p.criteria { span.muted { (cx.t("Klart när:", "Done when:")) } " " (m.done_criteria) }
                    }
                }
                td.due data-label=(cx.t("Kvartal", "Quarter")) {
                    (due(cx, m))
                    @if !m.moves.is_empty() {
                        ul.moves {
                            @for mv in &m.moves { li {
                                (cx.t("Flyttad", "Moved")) " " (mv.from_due) " → " (mv.to_due) " "
                                (date_time(&mv.moved_at))
                            } }
                        }
                    }
                }
                td data-label=(cx.t("Område", "Area")) { (m.area) }
                td data-label=(cx.t("Ansvarig", "Responsible")) { (m.responsible) }
                td data-label=(cx.t("Status", "Status")) { (work(cx, m.status)) }
            } } }
        } }
    }
}

struct PlanPage {
    plan: Plan,
    milestones: Vec<Milestone>,
    late: usize,
}

fn load(c: &mut DbConnection, key: Key) -> Result<PlanPage> {
    let plan = plans::get(c, &key)?;
    let f = milestones::Filter {
        plan: Some(plan.meta.id.to_string()),
        ..Default::default()
    };
    let (mut ms, _) = milestones::list(c, &f, &all())?;
    ms.sort_by_key(|m| m.number);
    let late = ms.iter().filter(|m| m.late).count();
    Ok(PlanPage {
        plan,
        milestones: ms,
        late,
    })
}

pub async fn page(state: State, req: HttpRequest, slug: web::Path<String>) -> HttpResponse {
    let cx = Cx::of(&req);
    let key = Key::parse(&slug);
    let p = state.db.run(move |c| load(c, key)).await;
    respond(&cx, p.map(|p| render(&cx, &p)))
}

fn render(cx: &Cx, p: &PlanPage) -> Markup {
    let plan = &p.plan;
    let offset = layout::offset(cx);
    let total = p.milestones.len() as i64;
    let shown: Vec<Milestone> = p
        .milestones
        .iter()
        .skip(offset as usize)
        .take(PAGE as usize)
        .cloned()
        .collect();
    let caption = cx.t("Milstolpar", "Milestones");
    shell(
        cx,
        &plan.name,
        html! {
            p.muted { a href="/planer" { (cx.t("Planer", "Plans")) } " / " (label(cx, &plan.kind)) }
            h1 { (plan.name) }
            @if !plan.description.is_empty() { p.lede { (plan.description) } }
            dl.facts {
                dt { (cx.t("Slag", "Kind")) } dd { (label(cx, &plan.kind)) }
                dt { (cx.t("Omfattning", "Scope")) } dd { (scope(cx, &plan.scope)) }
                dt { (cx.t("Milstolpar", "Milestones")) } dd { (total) }
                dt { (cx.t("Försenade", "Late")) }
                dd { @if p.late > 0 { span.late { (p.late) } } @else { "0" } }
                (super::layout::source(cx, &plan.source))
                dt { (cx.t("Version", "Version")) } dd { (plan.meta.version) " · " (cx.t("ändrad", "changed")) " " (date_time(&plan.meta.updated_at)) }
            }
            h2 { (caption) }
            @if shown.is_empty() {
                p { (cx.t("Planen har inga milstolpar.", "The plan has no milestones.")) }
            } @else {
                @if p.late > 0 {
                    p { (cx.t("Försenade milstolpar är märkta ”försenad”: kvartalet har passerat och de är inte klara.",
                              "Late milestones are marked “late”: their quarter has passed and they are not done.")) }
                }
                (milestone_table(cx, caption, &shown, false))
            }
            (pager(cx, total, PAGE, offset, shown.len()))
            p { a href={ "/andringar/" (plans::ENTITY) "/" (plan.meta.id) } { (cx.t("Planens ändringshistorik", "The plan's change history")) } }
        },
    )
}

/// `/milstolpar/{id}`: the responsible agency moves its milestone to another quarter or
/// changes its status, as `PUT /api/v1/milestones/{id}` with the version it opened. A move is
/// kept in the milestone's history of moves.
pub struct Change;

impl super::forms::Form for Change {
    type Loaded = Milestone;
    type Input = openapi::MilestoneInput;

    fn load(c: &mut DbConnection, key: Option<&Key>) -> Result<Milestone> {
        milestones::get(c, super::forms::required(key)?)
    }
    fn title(cx: &Cx, m: &Milestone) -> String {
        format!(
            "{} {} {}",
            cx.t("Ändra milstolpe", "Change milestone"),
            m.number,
            m.plan.name
        )
    }
    fn back(_: &Cx, m: &Milestone) -> (String, String) {
        let plan = m.plan.slug.clone().unwrap_or_else(|| m.plan.id.to_string());
        (format!("/planer/{plan}"), m.plan.name.clone())
    }
    fn fields(cx: &Cx, _: &Milestone) -> Vec<super::forms::Field> {
        use super::forms::{choices, Field, Kind};
        vec![
            Field::new("due", cx.t("Kvartal", "Quarter"), Kind::Text).hint(cx.t(
                "ÅÅÅÅ-QN, t.ex. 2027-Q2. En flytt sparas i milstolpens historik.",
                "YYYY-QN, e.g. 2027-Q2. A move is kept in the milestone's history.",
            )),
            Field::new(
                "status",
                cx.t("Status", "Status"),
                Kind::Choice(choices(cx, openapi::WorkStatus::ALL)),
            ),
            Field::new("description", cx.t("Milstolpe", "Milestone"), Kind::Area),
            Field::new("doneCriteria", cx.t("Klart när", "Done when"), Kind::Area),
            Field::new("area", cx.t("Område", "Area"), Kind::Text),
            Field::new("responsible", cx.t("Ansvarig", "Responsible"), Kind::Text),
        ]
    }
    fn base(m: &Milestone, _: &super::session::Signed) -> serde_json::Value {
        serde_json::to_value(milestones::to_input(m)).unwrap_or_default()
    }
    fn version(m: &Milestone) -> Option<i64> {
        Some(m.meta.version)
    }
    fn submit(cx: &Cx) -> String {
        cx.t("Spara milstolpen", "Save the milestone").into()
    }
    fn run(c: &mut DbConnection, at: Call<'_>, input: openapi::MilestoneInput) -> Result<String> {
        use crate::store::authz::{proposed, stored};
        use domain::permissions::Resource;
        let (stored, proposed) = (stored::milestone, proposed::milestone);
        let m = at.replace::<milestones::Row>(c, Resource::Milestone, stored, proposed, input)?;
        let plan = m.plan.slug.clone().unwrap_or_else(|| m.plan.id.to_string());
        Ok(format!("/planer/{plan}"))
    }
}
