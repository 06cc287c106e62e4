//! The parts every page shares: the shell (header, navigation, language switch, search,
//! footer), the error page, paging, and the small pieces lists are made of.

use actix_web::http::StatusCode;
use maud::{html, Markup, DOCTYPE};
use openapi::{EntryRef, Labelled, Phase, WorkStatus};

use super::{assets, Cx};
use crate::error::Error;

/// The sections of the register, in the navigation's order: path, Swedish, English.
pub const SECTIONS: &[(&str, &str, &str)] = &[
    ("/", "Översikt", "Overview"),
    ("/byggblock", "Byggblock", "Building blocks"),
    ("/api-katalog", "API-katalog", "API catalogue"),
    ("/styrdokument", "Styrdokument", "Governing documents"),
    ("/planer", "Planer", "Plans"),
    ("/organisationer", "Organisationer", "Organisations"),
    ("/andringar", "Ändringar", "Changes"),
];

fn current(cx: &Cx, path: &str) -> bool {
    if path == "/" {
        return cx.path() == "/";
    }
    cx.path() == path || cx.path().starts_with(&format!("{path}/"))
}

/// A whole page: `title` names it (in the `<title>` and nowhere else; the body has its `h1`).
pub fn shell(cx: &Cx, title: &str, body: Markup) -> Markup {
    let other = cx.lang.other();
    let site = cx.t("Byggblocksregistret", "Building-block register");
    html! {
        (DOCTYPE)
        html lang=(cx.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – " (site) }
                link rel="stylesheet" href=(assets::STYLE);
                link rel="icon" type="image/svg+xml" href=(assets::ICON);
            }
            body {
                a.skip href="#main" { (cx.t("Hoppa till innehållet", "Skip to main content")) }
                header.site {
                    div.bar {
                        a.brand href="/" {
                            img src=(assets::ICON) alt="" width="28" height="28";
                            span { (site) }
                        }
                        form.search role="search" action="/sok" method="get" {
                            label.visually-hidden for="site-q" { (cx.t("Sök i registret", "Search the register")) }
                            input #site-q type="search" name="q" value=[cx.param("q").filter(|_| cx.path() == "/sok")]
                                placeholder=(cx.t("Sök byggblock, API:er, dokument …", "Search blocks, APIs, documents …"));
                            button type="submit" { (cx.t("Sök", "Search")) }
                        }
                        a.lang href=(cx.switch_href()) lang=(other.code()) hreflang=(other.code()) {
                            (other.name())
                        }
                        @match &cx.who {
                            Some(who) => form.signed-in method="post" action="/logga-ut" {
                                span { (who.subject) " · " (who.organisation_slug) }
                                input type="hidden" name="csrf" value=(who.csrf);
                                button type="submit" { (cx.t("Logga ut", "Sign out")) }
                            },
                            None => a.sign-in href=(super::href("/logga-in", &[("next".into(), cx.with(&[]))])) { (cx.t("Logga in", "Sign in")) },
                        }
                    }
                    nav aria-label=(cx.t("Huvudmeny", "Main menu")) {
                        ul {
                            @for (path, sv, en) in SECTIONS {
                                li {
                                    a href=(path) aria-current=[current(cx, path).then_some("page")] { (cx.t(sv, en)) }
                                }
                            }
                            li { a href="/api/docs/" { (cx.t("API-dokumentation", "API documentation")) } }
                        }
                    }
                }
                main #main tabindex="-1" { (body) }
                footer.site {
                    p {
                        (cx.t("Registret över byggblocken i den förvaltningsgemensamma digitala infrastrukturen.",
                              "The register of the building blocks of Sweden's shared digital infrastructure."))
                    }
                    ul {
                        li { a href="/api/docs/" { (cx.t("API-dokumentation (OpenAPI)", "API documentation (OpenAPI)")) } }
                        li { a href="/api/v1/openapi.json" { "openapi.json" } }
                        li { a href="/api/v1/catalog" { (cx.t("DCAT-katalog för skördare", "DCAT catalogue for harvesters")) } }
                        li { a href="/faser" { (cx.t("Faser", "Phases")) } }
                        li { a href="/beroenden" { (cx.t("Beroenden", "Dependencies")) } }
                        li { a href="/kompetensomraden" { (cx.t("Kompetensområden", "Competence areas")) } }
                        li { a href="/grunddatadomaner" { (cx.t("Grunddatadomäner", "Base-data domains")) } }
                        li { a href="/ideer" { (cx.t("Idékandidater", "Idea candidates")) } }
                        li { a href="/finansiering" { (cx.t("Finansiering", "Funding")) } }
                        li { a href="/forum" { (cx.t("Forum", "Forums")) } }
                        li { a href="/beslut" { (cx.t("Beslutsregister", "Decision register")) } }
                        li { a href="/tjanster" { (cx.t("Samordnade tjänster", "Shared services")) } }
                        li { a href="/federation" { (cx.t("Federation", "Federation")) } }
                    }
                }
            }
        }
    }
}

/// The page shown for an error: what went wrong in words, and the way back.
pub fn error_page(cx: &Cx, status: StatusCode, e: &Error) -> Markup {
    let (title, text) = match status {
        StatusCode::NOT_FOUND => (
            cx.t("Sidan finns inte", "Page not found"),
            cx.t(
                "Det finns ingen sida eller post på den här adressen. Den kan ha tagits bort eller bytt namn.",
                "There is no page or entry at this address. It may have been removed or renamed.",
            ),
        ),
        s if s.is_client_error() => (
            cx.t("Frågan kunde inte besvaras", "The request could not be answered"),
            cx.t("Kontrollera adressen och filtren.", "Check the address and the filters."),
        ),
        _ => (
            cx.t("Något gick fel", "Something went wrong"),
            cx.t(
                "Registret kunde inte visa sidan just nu. Försök igen om en stund.",
                "The register could not show the page just now. Please try again shortly.",
            ),
        ),
    };
    let detail = (!status.is_server_error()).then(|| e.to_string());
    shell(
        cx,
        title,
        html! {
            h1 { (title) }
            p.lede { (text) }
            @if let Some(d) = detail { p.detail { (d) } }
            p { a href="/" { (cx.t("Till startsidan", "To the front page")) } }
        },
    )
}

/// "Showing 21–40 of 357" with links to the previous and next page (by `offset`).
pub fn pager(cx: &Cx, total: i64, limit: i64, offset: i64, shown: usize) -> Markup {
    let first = if shown == 0 { 0 } else { offset + 1 };
    let last = offset + shown as i64;
    let prev = (offset > 0).then(|| (offset - limit).max(0).to_string());
    let next = (last < total).then(|| last.to_string());
    html! {
        nav.pager aria-label=(cx.t("Sidor", "Pages")) {
            p {
                (cx.t("Visar", "Showing")) " " (first) "–" (last) " " (cx.t("av", "of")) " " (total)
            }
            @if prev.is_some() || next.is_some() {
                ul {
                    @if let Some(p) = &prev {
                        li { a rel="prev" href=(cx.with(&[("offset", Some(p.as_str()).filter(|p| *p != "0"))])) { "← " (cx.t("Föregående", "Previous")) } }
                    }
                    @if let Some(n) = &next {
                        li { a rel="next" href=(cx.with(&[("offset", Some(n.as_str()))])) { (cx.t("Nästa", "Next")) " →" } }
                    }
                }
            }
        }
    }
}

/// The `offset` parameter of a list page: a non-negative number, 0 when absent or unreadable.
pub fn offset(cx: &Cx) -> i64 {
    cx.param("offset")
        .and_then(|o| o.parse::<i64>().ok())
        .filter(|o| *o >= 0)
        .unwrap_or(0)
}

/// An enumerated value's label in the page's language.
pub fn label<'a>(cx: &Cx, v: &'a impl Labelled) -> &'a str {
    cx.t(v.label_sv(), v.label_en())
}

/// The label of a value the publisher may leave unstated (an imported API's status or access
/// rights).
pub fn stated<'a>(cx: &Cx, v: &'a Option<impl Labelled>) -> &'a str {
    match v {
        Some(v) => label(cx, v),
        None => cx.t("ej angiven", "not stated"),
    }
}

/// A `<select>` of an enumerated value's options, the first meaning "any".
pub fn select<E: Labelled + Copy>(
    cx: &Cx,
    name: &str,
    text: &str,
    all: &[E],
    chosen: Option<&str>,
) -> Markup {
    html! {
        label for=(name) { (text)
            select #(name) name=(name) {
                option value="" { (cx.t("Alla", "All")) }
                @for v in all {
                    option value=(v.slug()) selected[chosen == Some(v.slug())] { (label(cx, v)) }
                }
            }
        }
    }
}

pub fn phase(cx: &Cx, p: Phase) -> Markup {
    html! { span class={ "phase phase-" (p.as_str()) } { (label(cx, &p)) } }
}

pub fn work(cx: &Cx, w: WorkStatus) -> Markup {
    html! { span class={ "work work-" (w.as_str()) } { (label(cx, &w)) } }
}

/// A link to an entry shown on another page of the interface (`base` its list's path).
pub fn entry_link(base: &str, r: &EntryRef) -> Markup {
    let key = r.slug.clone().unwrap_or_else(|| r.id.to_string());
    html! { a href={ (base) "/" (key) } { (r.name) } }
}

/// A whole number grouped by thousands as the language writes it: "1 400 000" (with no-break
/// spaces) in Swedish, "1,400,000" in English.
pub fn number(cx: &Cx, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = cx.t("\u{a0}", ",");
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(d);
    }
    if n < 0 {
        format!("−{out}")
    } else {
        out
    }
}

/// A number with a fraction as the language writes it: a whole one grouped as `number` does,
/// any other with the language's decimal sign ("7,4" in Swedish).
pub fn decimal(cx: &Cx, x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        number(cx, x as i64)
    } else {
        format!("{x}").replace('.', cx.t(",", "."))
    }
}

/// A percentage to one decimal, with the language's decimal sign, without the sign "%".
pub fn percent(cx: &Cx, p: f64) -> String {
    format!("{p:.1}").replace('.', cx.t(",", "."))
}

/// Where an entry's facts come from, as a row of its facts, when it says (`source`).
pub fn source(cx: &Cx, source: &Option<String>) -> Markup {
    html! {
        @if let Some(s) = source {
            dt { (cx.t("Källa", "Source")) } dd.source { (s) }
        }
    }
}

pub fn none(cx: &Cx) -> Markup {
    html! { span.none { (cx.t("Ingen", "None")) } }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn numbers_are_grouped_as_each_language_writes_them() {
        let sv = Cx::of(&TestRequest::default().uri("/?lang=sv").to_http_request());
        let en = Cx::of(&TestRequest::default().uri("/?lang=en").to_http_request());
        assert_eq!(number(&sv, 1_400_000_000), "1\u{a0}400\u{a0}000\u{a0}000");
        assert_eq!(number(&en, 1_400_000), "1,400,000");
        assert_eq!(number(&en, 999), "999");
        assert_eq!(number(&en, -1000), "−1,000");
        assert_eq!(number(&sv, 0), "0");
    }
}
