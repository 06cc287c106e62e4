//! `/federation`: this node and the peers it mirrors, as the REST API shows them to anyone.
//! A peer's internals (last error, waiting changes, failures, next attempt, client) are the
//! owner's and operators' only: the page has no sign-in, so it shows the public view.

use actix_web::{HttpRequest, HttpResponse};
use maud::{html, Markup};
use openapi::Peer;

use super::blocks::date_time;
use super::layout::shell;
use super::table::{table, Num, Text};
use super::{respond, Cx, State};
use crate::store::{changes, peers};

pub async fn page(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let node_id = state.settings.node_id.clone();
    let public_url = state.settings.public_url.clone();
    let found = state
        .db
        .run(|c| {
            let peers: Vec<Peer> = peers::list(c)?
                .into_iter()
                .map(|p| domain::federation::shown(p, false))
                .collect();
            Ok((peers, changes::last_seq(c)?))
        })
        .await;
    respond(
        &cx,
        found.map(|(peers, last_seq)| render(&cx, &node_id, &public_url, last_seq, &peers)),
    )
}

/// A duration in seconds, briefly: "45 s", "12 min", "3 h", "2 d".
fn duration(cx: &Cx, s: i64) -> String {
    match s {
        s if s < 120 => format!("{s} s"),
        s if s < 7200 => format!("{} min", s / 60),
        s if s < 172_800 => format!("{} h", s / 3600),
        s => format!("{} {}", s / 86_400, cx.t("d", "d")),
    }
}

fn lag(cx: &Cx, p: &Peer) -> Markup {
    html! {
        @match (p.lag_entries, p.lag_seconds) {
            (None, None) => span.none { (cx.t("Okänd", "Unknown")) },
            (Some(0), _) | (None, Some(0)) => span.ok { (cx.t("I fas", "Up to date")) },
            (entries, seconds) => {
                @if let Some(e) = entries { (e) " " (cx.t("ändringar", "changes")) }
                @if entries.is_some() && seconds.is_some() { " · " }
                @if let Some(s) = seconds { (duration(cx, s)) }
            },
        }
    }
}

fn render(cx: &Cx, node_id: &str, public_url: &str, last_seq: i64, peers: &[Peer]) -> Markup {
    let title = cx.t("Federation", "Federation");
    shell(
        cx,
        title,
        html! {
            h1 { (title) }
            p.lede {
                (cx.t("Registret är federerat: varje nod för sina egna poster och speglar andra noders poster från deras signerade ändringsflöden.",
                      "The register is federated: each node keeps its own entries and mirrors other nodes' entries from their signed change feeds."))
            }
            p { a href="/andringar" { (cx.t("Ändringslogg", "Change log")) } }
            h2 { (cx.t("Den här noden", "This node")) }
            dl.facts {
                dt { (cx.t("Nodens id", "Node id")) } dd { code { (node_id) } }
                dt { (cx.t("Publik adress", "Public URL")) } dd { a href=(public_url) { (public_url) } }
                dt { (cx.t("Senaste ändring i loggen", "Newest change in the log")) } dd { "#" (last_seq) }
                dt { (cx.t("För andra noder", "For other nodes")) }
                dd { ul.plain {
                    li { a href="/api/v1/federation/node" { (cx.t("Om noden (JSON)", "About the node (JSON)")) } }
                    li { a href="/api/v1/federation/changes" { (cx.t("Ändringsflödet", "The change feed")) } }
                    li { a href="/.well-known/jwks.json" { (cx.t("Nycklar för signaturerna (JWKS)", "Keys of the signatures (JWKS)")) } }
                } }
            }
            h2 { (cx.t("Noder som speglas", "Mirrored nodes")) }
            @if peers.is_empty() {
                p { (cx.t("Noden speglar inga andra noder.", "This node mirrors no other node.")) }
            } @else {
                (table(cx, cx.t("Noder som speglas", "Mirrored nodes"), &[
                    Text("Nod", "Node"), Text("Eftersläpning", "Lag"),
                    Text("Senast lyckad hämtning", "Last success"),
                    Text("Senaste försök", "Last attempt"), Num("Position", "Cursor"),
                    Num("Tillämpade", "Applied"), Num("Avvisade", "Rejected"),
                    Text("Intervall", "Interval"),
                ], peers, |p| html! {
                    th scope="row" {
                        @if let Some(n) = &p.node_id { code { (n) } br; }
                        a href=(p.url) rel="external noopener" { (p.url) }
                        @if !p.origins.is_empty() {
                            br; span.muted { (cx.t("vidarebefordrar", "forwards")) " " (p.origins.join(", ")) }
                        }
                    }
                    td { (lag(cx, p)) }
                    td { @match &p.last_success_at { Some(t) => (date_time(t)), None => span.none { (cx.t("Aldrig", "Never")) } } }
                    td { @match &p.last_attempt_at { Some(t) => (date_time(t)), None => span.none { (cx.t("Aldrig", "Never")) } } }
                    td.num { (p.cursor) }
                    td.num { (p.applied) }
                    td.num { (p.rejected) }
                    td { (duration(cx, p.interval_seconds)) }
                }))
                p.muted { (cx.t("Felorsaker, väntande ändringar och nästa försök visas bara för infrastrukturansvarig och operatörer, i REST-API:t.",
                                "Error causes, waiting changes and the next attempt are shown only to the infrastructure owner and operators, in the REST API.")) }
            }
        },
    )
}
