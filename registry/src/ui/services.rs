//! Adoption for people (report 000): `/tjanster`, the shared services and who supplies them,
//! and `/tjanster/{slug}`, one service with Statskontoret's seven indicators for a year and the
//! organisations' connections through their dated steps.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Datelike;
use maud::{html, Markup};
use openapi::{Connection, Indicators, SharedService};

use super::layout::{self, entry_link, label, shell};
use super::organisations::more;
use super::table::{self, table, Num, Text};
use super::{respond, year_param, Cx, State};
use crate::error::Result;
use crate::store::{connections, indicator_years, indicators, shared_services, Key, PageRequest};
use domain::validate::YEARS;

/// Every service, every connection of one, every year's denominators: the register holds few.
fn all() -> PageRequest {
    PageRequest::first(500)
}

pub async fn list(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let found = state
        .db
        .run(|c| shared_services::list(c, &Default::default(), &all()))
        .await;
    respond(&cx, found.map(|(services, _)| render_list(&cx, &services)))
}

fn render_list(cx: &Cx, services: &[SharedService]) -> maud::Markup {
    let title = cx.t("Samordnade tjänster", "Shared services");
    shell(
        cx,
        title,
        html! {
            h1 { (title) }
            p.lede { (cx.t("Tjänster som organisationer ansluter sig till: byggblock i Införande eller Förvaltning, drivna av sin ansvariga myndighet, och leverantörsmyndigheternas samordnade it-driftstjänster. Statskontorets sju indikatorer följer varje tjänst för sig, år för år (000).",
                           "Services organisations connect to: building blocks in Införande or Förvaltning, run by their responsible agency, and the supplier agencies' coordinated IT operation services. Statskontoret's seven indicators follow each service on its own, year by year (000).")) }
            (more(cx))
            @if services.is_empty() {
                p role="status" { (cx.t("Inga samordnade tjänster är registrerade.", "No shared service is recorded.")) }
            } @else {
                (table(cx, title, &[
                    Text("Tjänst", "Service"), Text("Leverantör", "Supplier"),
                    Text("Byggblock", "Building block"),
                ], services, |s| html! {
                    th scope="row" { a href={ "/tjanster/" (s.slug) } { (s.name) } }
                    td { (entry_link("/organisationer", &s.supplier)) }
                    td { @match &s.building_block { Some(b) => (entry_link("/byggblock", b)), None => "–" } }
                }))
            }
        },
    )
}

struct ServicePage {
    service: SharedService,
    year: i32,
    indicators: Indicators,
    connections: Vec<Connection>,
}

pub async fn page(state: State, req: HttpRequest, slug: web::Path<String>) -> HttpResponse {
    let cx = Cx::of(&req);
    let key = Key::parse(&slug);
    let year = year_param(&cx);
    let found = state
        .db
        .run(move |c| {
            let service = shared_services::get(c, &key)?;
            // Without a year asked for: the latest year with denominators, so the shares have
            // something to be shares of; else this year.
            let year = match year? {
                Some(y) => y,
                None => latest_counted_year(c)?,
            };
            let key = Key::Id(service.meta.id.to_string());
            let indicators = indicators::indicators(c, &key, year)?;
            let (connections, _) = connections::list(
                c,
                &connections::Filter {
                    service: Some(service.meta.id.to_string()),
                    ..Default::default()
                },
                &all(),
            )?;
            Ok(ServicePage {
                service,
                year,
                indicators,
                connections,
            })
        })
        .await;
    respond(&cx, found.map(|p| render_page(&cx, &p)))
}

fn latest_counted_year(c: &mut crate::store::Session) -> Result<i32> {
    let this_year = chrono::Utc::now().year();
    let (years, _) = indicator_years::list(c, &Default::default(), &all())?;
    Ok(years
        .iter()
        .map(|y| y.year)
        .filter(|y| *y <= this_year)
        .max()
        .unwrap_or(this_year))
}

fn render_page(cx: &Cx, p: &ServicePage) -> Markup {
    let s = &p.service;
    let i = &p.indicators;
    let not_reported = || html! { span.muted { (cx.t("ej rapporterat", "not reported")) } };
    let decimal = |x: f64, unit: &str| format!("{}{unit}", layout::decimal(cx, x));
    shell(
        cx,
        &s.name,
        html! {
            p.muted { a href="/tjanster" { (cx.t("Samordnade tjänster", "Shared services")) } }
            h1 { (s.name) }
            @if let Some(d) = &s.description { p.lede { (d) } }
            dl.facts {
                dt { (cx.t("Leverantör", "Supplier")) } dd { (entry_link("/organisationer", &s.supplier)) }
                @if let Some(b) = &s.building_block {
                    dt { (cx.t("Byggblock", "Building block")) } dd { (entry_link("/byggblock", b)) }
                }
                dt { (cx.t("Enhet", "Unit")) } dd { @match &s.unit { Some(u) => (u), None => (layout::none(cx)) } }
                dt { (cx.t("Överenskommen öppettid", "Agreed opening hours")) }
                dd { @if s.agreed_hours { (cx.t("Ja", "Yes")) } @else { (cx.t("Nej", "No")) } }
                (layout::source(cx, &s.source))
            }
            h2 #indikatorer { (cx.t("Indikatorer", "Indicators")) " " (p.year) }
            form.filters action={ "/tjanster/" (s.slug) } method="get" {
                label {
                    (cx.t("År", "Year")) " "
                    input type="number" name="year" min=(YEARS.start()) max=(YEARS.end()) value=(p.year);
                }
                button type="submit" { (cx.t("Visa", "Show")) }
            }
            div.table-wrap { table {
                caption { (cx.t("Statskontorets indikatorer för tjänsten, år", "Statskontoret's indicators for the service, year")) " " (p.year) }
                (table::head(cx, &[
                    Text("#", "#"), Text("Indikator", "Indicator"), Num("Värde", "Value"),
                ]))
                tbody {
                    tr { td { "1" } th scope="row" { (cx.t("Anslutna statliga myndigheter", "State agencies connected")) } td.num { (share(cx, &i.state_agencies)) } }
                    tr { td { "2" } th scope="row" { (cx.t("Anslutna beredskapsmyndigheter", "Preparedness agencies connected")) } td.num { (share(cx, &i.preparedness_agencies)) } }
                    tr { td { "3" } th scope="row" { (cx.t("Enheter i tjänsten", "Units in the service")) @if let Some(u) = &i.unit { " (" (u) ")" } }
                         td.num { @match i.units { Some(x) => (decimal(x, "")), None => (not_reported()) } } }
                    tr { td { "4" } th scope="row" { (cx.t("Genomsnittlig fullkostnad per enhet", "Average full cost per unit")) }
                         td.num { @match i.full_cost_per_unit_sek { Some(x) => (decimal(x, " kr")), None => (not_reported()) } } }
                    tr { td { "5" } th scope="row" { (cx.t("Avgiftens förändring från året före", "Change of the fee from the year before")) }
                         td.num { @match i.fee_change_percent { Some(x) => (decimal(x, " %")), None => (not_reported()) } } }
                    tr { td { "6" } th scope="row" { (cx.t("Tillgänglighet under överenskommen öppettid", "Availability in the agreed opening hours")) }
                         td.num { @if !s.agreed_hours { span.muted { (cx.t("ingen överenskommen öppettid", "no agreed opening hours")) } }
                                  @else { @match i.availability_percent { Some(x) => (decimal(x, " %")), None => (not_reported()) } } } }
                    tr { td { "7" } th scope="row" { (cx.t("Kundnöjdhet (NKI, 1–10)", "Satisfaction (NKI, 1–10)")) }
                         td.num { @match i.satisfaction { Some(x) => (decimal(x, "")), None => (not_reported()) } } }
                }
            } }
            p.muted { (cx.t("Antal från 1 till 4 redovisas som 2,5 (000 §7.1.2). Det som leverantören inte har rapporterat visas som ej rapporterat, aldrig som noll.",
                            "Counts from 1 to 4 are published as 2.5 (000 §7.1.2). What the supplier has not reported is shown as not reported, never as zero.")) }
            h2 #anslutningar { (cx.t("Anslutningar", "Connections")) }
            @if p.connections.is_empty() {
                p { (cx.t("Ingen organisation har anmält intresse eller anslutit sig ännu.", "No organisation has expressed interest or connected yet.")) }
            } @else {
                (table(cx, cx.t("Anslutningar", "Connections"), &[
                    Text("Organisation", "Organisation"), Text("Steg", "Step"),
                    Text("Intresseanmälan", "Expression of interest"),
                    Text("Samverkansöverenskommelse", "Cooperation agreement"),
                    Text("Ansluten", "Connected"), Text("Lämnat", "Left"),
                ], &p.connections, |c| html! {
                    th scope="row" { (entry_link("/organisationer", &c.organisation)) }
                    td { span.tag { (label(cx, &c.step)) } }
                    @for d in [c.interest_on, c.agreement_on, c.connected_on, c.left_on] {
                        td { @match d { Some(d) => { time datetime=(d) { (d) } }, None => "–" } }
                    }
                }))
            }
        },
    )
}

/// "12 av 223 (5,4 %)", or the count alone where the year has no denominators.
fn share(cx: &Cx, s: &openapi::Share) -> Markup {
    html! {
        (layout::number(cx, s.count))
        @match (s.of, s.percent) {
            (Some(of), Some(p)) => {
                " " (cx.t("av", "of")) " " (layout::number(cx, of))
                " (" (layout::percent(cx, p)) " %)"
            }
            _ => { " " span.muted { (cx.t("(inga nämnare för året)", "(no denominators for the year)")) } }
        }
    }
}
