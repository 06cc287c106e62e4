//! The governance's record for people: `/forum` (the coordination forums, their members and
//! meetings, and what was presented at each) and `/beslut` (the infrastructure owner's decision
//! register, filtered by kind and year).

use actix_web::{HttpRequest, HttpResponse};
use maud::{html, Markup};
use openapi::{Decision, DecisionKind, Forum, ForumMeeting};

use super::blocks::enum_param;
use super::layout::{self, entry_link, label, pager, select, shell};
use super::organisations::more;
use super::table::{table, Text};
use super::{respond, Cx, State};
use crate::error::Error;
use crate::store::{decisions, forum_meetings, forums, PageRequest};
use domain::validate::YEARS;

const PAGE: i64 = 50;

/// Every forum and every meeting: the register holds few of each.
fn all() -> PageRequest {
    PageRequest::first(500)
}

pub async fn forums_page(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let found = state
        .db
        .run(|c| {
            let (forums, _) = forums::list(c, &Default::default(), &all())?;
            let (meetings, _) = forum_meetings::list(c, &Default::default(), &all())?;
            Ok((forums, meetings))
        })
        .await;
    respond(&cx, found.map(|(f, m)| render_forums(&cx, &f, m)))
}

fn render_forums(cx: &Cx, forums: &[Forum], mut meetings: Vec<ForumMeeting>) -> Markup {
    let title = cx.t("Samordningsforum", "Coordination forums");
    // The latest meeting first.
    meetings.sort_by_key(|m| std::cmp::Reverse(m.meeting_date));
    shell(
        cx,
        title,
        html! {
            h1 { (title) }
            p.lede { (cx.t("Infrastrukturansvarig sammankallar forumen på strategisk, taktisk och operativ nivå. Styrande dokument presenteras i det tvärfunktionella kompetensforumet innan de beslutas (001 §4.1.3, §4.2.1).",
                           "The infrastructure owner convenes the forums at the strategic, tactical and operational levels. Governing documents are presented in the cross-functional competence forum before they are decided (001 §4.1.3, §4.2.1).")) }
            (more(cx))
            @if forums.is_empty() {
                p role="status" { (cx.t("Inga forum är registrerade.", "No forum is recorded.")) }
            }
            @for f in forums {
                @let held: Vec<&ForumMeeting> = meetings.iter().filter(|m| m.forum.id == f.meta.id).collect();
                section.entry id=(f.slug) aria-labelledby={ "h-" (f.slug) } {
                    h2 id={ "h-" (f.slug) } { (f.name) }
                    @if let Some(p) = &f.purpose { p { (p) } }
                    dl.facts {
                        dt { (cx.t("Nivå", "Level")) } dd { span.tag { (label(cx, &f.level)) } }
                        dt { (cx.t("Sammankallande", "Convener")) } dd { (entry_link("/organisationer", &f.convener)) }
                        dt { (cx.t("Deltagare", "Members")) }
                        dd { @if f.members.is_empty() { (layout::none(cx)) } @else {
                            @for (i, o) in f.members.iter().enumerate() { @if i > 0 { ", " } (entry_link("/organisationer", o)) }
                        } }
                        (layout::source(cx, &f.source))
                    }
                    h3 { (cx.t("Möten", "Meetings")) }
                    @if held.is_empty() {
                        p { (cx.t("Inga möten är registrerade.", "No meeting is recorded.")) }
                    } @else {
                        (table(cx, html! { (cx.t("Möten", "Meetings")) " – " (f.name) }, &[
                            Text("Datum", "Date"), Text("Dagordning", "Agenda"),
                            Text("Protokoll", "Minutes"),
                            Text("Presenterade dokument", "Documents presented"),
                        ], held, |m| html! {
                            td { time datetime=(m.meeting_date) { (m.meeting_date) } }
                            td { (m.agenda) }
                            td { @match &m.minutes_reference { Some(r) => (r), None => "–" } }
                            td { @if m.presented.is_empty() { "–" } @else {
                                @for (i, d) in m.presented.iter().enumerate() { @if i > 0 { ", " } a href={ "/styrdokument/" (d.id) } { (d.name) } }
                            } }
                        }))
                    }
                }
            }
        },
    )
}

pub async fn decisions_page(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let page = super::page_of(&cx, PAGE);
    let filter = (|| {
        let year = super::year_param(&cx)?;
        Ok::<_, Error>(decisions::Filter {
            kind: enum_param(&cx, "kind")?,
            year,
            ..Default::default()
        })
    })();
    let p = page.clone();
    let found = super::with_filter(&state, filter, move |c, f| decisions::list(c, &f, &p)).await;
    respond(
        &cx,
        found.map(|(list, total)| render_decisions(&cx, &list, total, &page)),
    )
}

fn render_decisions(cx: &Cx, list: &[Decision], total: i64, page: &PageRequest) -> Markup {
    let title = cx.t("Beslutsregister", "Decision register");
    shell(
        cx,
        title,
        html! {
            h1 { (title) }
            p.lede { (cx.t("Infrastrukturansvarigs beslut: fasbeslut och avveckling, utnämningar, antagna idékandidater, beslutade styrdokument och rekommendationer till regeringen. Registret ändras inte i efterhand; årsrapporten till regeringen tas fram ur det (001 §5.2.7).",
                           "The infrastructure owner's decisions: phase decisions and decommissionings, appointments, accepted idea candidates, decided governing documents and recommendations to the government. The register is not changed afterwards; the yearly report to the government is produced from it (001 §5.2.7).")) }
            (more(cx))
            form.filters action="/beslut" method="get" {
                (select(cx, "kind", cx.t("Slag", "Kind"), DecisionKind::ALL, cx.param("kind")))
                label {
                    (cx.t("År", "Year")) " "
                    input type="number" name="year" min=(YEARS.start()) max=(YEARS.end()) value=[cx.param("year")];
                }
                button type="submit" { (cx.t("Visa", "Show")) }
            }
            @if list.is_empty() {
                p role="status" { (cx.t("Inga beslut matchar.", "No decision matches.")) }
            } @else {
                (table(cx, title, &[
                    Text("Datum", "Date"), Text("Slag", "Kind"), Text("Gäller", "Subject"),
                    Text("Beslut", "Decision"), Text("Diarienummer", "Reference"),
                ], list, |d| html! {
                    td { time datetime=(d.decision_date) { (d.decision_date) } }
                    td { span.tag { (label(cx, &d.kind)) } }
                    td { @match &d.scope.subject { Some(s) => (s.name), None => (label(cx, &d.scope.kind)) } }
                    td { (d.text) }
                    td { @match &d.reference { Some(r) => (r), None => "–" } }
                }))
            }
            (pager(cx, total, page.limit, page.offset, list.len()))
        },
    )
}
