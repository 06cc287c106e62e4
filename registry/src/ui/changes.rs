//! `/andringar`: the change log, newest first, filtered by kind of entry and acting
//! organisation; `/andringar/{entity}/{id}`: one entry's history, each change as a
//! field-by-field difference.

use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use openapi::{BenefitKind, Change, Labelled, Organisation, Role};
use serde_json::{Map, Value};

use super::blocks::{date_time, operation};
use super::layout::{pager, shell};
use super::table::{self, table, Num, Text};
use super::{respond, Cx, State};
use crate::error::{Error, Result};
use crate::store::{changes, organisations, refs, DbConnection, Key, PageRequest};

const PAGE: i64 = 50;
const HISTORY_PAGE: i64 = 20;

/// The kinds of entries with a history, as the REST paths name them, with their Swedish and
/// English names: every collection (`openapi::collections!`), in its declared order.
macro_rules! entities {
    ($($module:ident: $segment:literal, $wire:ident, $input:ident, $mirroring:ident, ($sv:literal, $en:literal);)*) => {
        const ENTITIES: &[(&str, &str, &str)] = &[$(($segment, $sv, $en)),*];
    };
}
openapi::collections!(entities);

fn entity_name<'a>(cx: &Cx, entity: &'a str) -> &'a str {
    ENTITIES
        .iter()
        .find(|(e, _, _)| *e == entity)
        .map_or(entity, |(_, sv, en)| cx.t(sv, en))
}

/// The entry's state as the change shows it: after, or before for a deletion.
fn state(ch: &Change) -> Option<&Value> {
    ch.after.as_ref().or(ch.before.as_ref())
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// What to call the entry: its name, title or slug, else its id.
fn entry_name(cx: &Cx, ch: &Change) -> String {
    let Some(v) = state(ch) else {
        return ch.entity_id.to_string();
    };
    if let Some(n) = text(v, "name") {
        return n.to_string();
    }
    match v.get("title") {
        Some(Value::String(s)) if !s.is_empty() => return s.clone(),
        Some(t @ Value::Object(_)) => {
            let en = text(t, "en").filter(|_| cx.lang == super::Lang::En);
            if let Some(s) = en.or_else(|| text(t, "sv")) {
                return s.to_string();
            }
        }
        _ => {}
    }
    // Entries without a name of their own: what they are about, and which one.
    let about: Vec<&str> = [
        "subject",
        "buildingBlock",
        "buildingBlocks",
        "organisation",
        "plan",
    ]
    .iter()
    .filter_map(|k| v.get(*k))
    .flat_map(|r| match r {
        Value::Array(items) => items.iter().filter_map(|i| text(i, "name")).collect(),
        r => text(r, "name").into_iter().collect::<Vec<_>>(),
    })
    .collect();
    let which = match (v.get("number"), v.get("year"), text(v, "decisionDate")) {
        (Some(n), _, _) => Some(format!("#{n}")),
        (_, Some(y), _) => Some(y.to_string()),
        (_, _, Some(d)) => Some(d.to_string()),
        _ => None,
    };
    if !about.is_empty() {
        let mut s = about.join(", ");
        if let Some(w) = which {
            s = format!("{s} {w}");
        } else if let Some(k) = kind_label(cx, &ch.entity, v) {
            s = format!("{s} ({k})");
        }
        return s;
    }
    if let Some(d) = text(v, "description") {
        return super::catalogue::excerpt(d, 80);
    }
    text(v, "slug").map_or_else(|| ch.entity_id.to_string(), str::to_string)
}

/// The role of a role assignment, the kind of a benefit: labelled in the page's language.
fn kind_label(cx: &Cx, entity: &str, v: &Value) -> Option<String> {
    fn labelled<E: Labelled + std::str::FromStr>(cx: &Cx, s: Option<&str>) -> Option<String> {
        let e = s?.parse::<E>().ok()?;
        Some(cx.t(e.label_sv(), e.label_en()).to_string())
    }
    match entity {
        "role-assignments" => labelled::<Role>(cx, text(v, "role")),
        "benefits" => labelled::<BenefitKind>(cx, text(v, "kind")),
        _ => None,
    }
}

/// The interface's page of the entry, where it has one: by slug for this node's entries
/// (`node`), by id for mirrored ones (another node's entry may have the same slug).
fn entry_href(ch: &Change, node: &str) -> Option<String> {
    if ch.operation == "delete" {
        return None;
    }
    let v = state(ch);
    let slug = v.and_then(|v| text(v, "slug"));
    let id = ch.entity_id.to_string();
    let key = slug.filter(|_| ch.origin == node).unwrap_or(&id);
    Some(match ch.entity.as_str() {
        "building-blocks" => format!("/byggblock/{key}"),
        "apis" => format!("/api-katalog/{id}"),
        "organisations" => format!("/organisationer/{key}"),
        "plans" => format!("/planer/{key}"),
        "documents" => format!("/styrdokument/{id}"),
        "idea-candidates" => format!("/ideer/{id}"),
        "competence-areas" => format!("/kompetensomraden#{}", slug?),
        "base-data-domains" => format!("/grunddatadomaner#{}", slug?),
        "forums" => format!("/forum#{}", slug?),
        "forum-meetings" => "/forum".to_string(),
        "decisions" => "/beslut".to_string(),
        _ => return None,
    })
}

fn history_href(ch: &Change) -> String {
    format!("/andringar/{}/{}", ch.entity, ch.entity_id)
}

/// Who made the change: the organisation's page when an organisation did.
fn actor(ch: &Change) -> Markup {
    html! {
        @if ch.actor_organisation.is_some() {
            a href={ "/organisationer/" (ch.actor) } { (ch.actor) }
        } @else {
            (ch.actor)
        }
    }
}

struct ListPage {
    changes: Vec<Change>,
    total: i64,
    organisations: Vec<Organisation>,
    /// The chosen organisation's id.
    organisation: Option<String>,
    /// This node's id.
    node: String,
}

fn load_list(
    c: &mut DbConnection,
    entity: Option<String>,
    organisation: Option<String>,
    page: &PageRequest,
    node: String,
) -> Result<ListPage> {
    let organisation = match organisation {
        Some(o) => Some(
            refs::organisations::find_id(c, &Key::parse(&o))?
                .ok_or_else(|| Error::field("organisation", format!("no organisation '{o}'")))?,
        ),
        None => None,
    };
    let (changes, total) = changes::list(
        c,
        &changes::ChangeFilter {
            entity,
            actor_organisation: organisation.clone(),
            ..Default::default()
        },
        page,
    )?;
    let (organisations, _) = organisations::list(
        c,
        &organisations::Filter::default(),
        &PageRequest::first(500),
    )?;
    Ok(ListPage {
        changes,
        total,
        organisations,
        organisation,
        node,
    })
}

pub async fn list(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let page = super::page_of(&cx, PAGE);
    let entity = match cx.param("entity") {
        Some(e) if !ENTITIES.iter().any(|(k, _, _)| *k == e) => {
            let known: Vec<&str> = ENTITIES.iter().map(|(k, _, _)| *k).collect();
            let e = Error::field("entity", format!("must be one of {}", known.join(", ")));
            return respond(&cx, Err(e));
        }
        e => e.map(str::to_string),
    };
    let organisation = cx.param("organisation").map(str::to_string);
    let p = page.clone();
    let node = state.settings.node_id.clone();
    let found = state
        .db
        .run(move |c| load_list(c, entity, organisation, &p, node))
        .await;
    respond(&cx, found.map(|p| render_list(&cx, &p, &page)))
}

fn render_list(cx: &Cx, p: &ListPage, page: &PageRequest) -> Markup {
    let title = cx.t("Ändringar", "Changes");
    let entity = cx.param("entity");
    shell(
        cx,
        title,
        html! {
            h1 { (title) }
            p.lede { (cx.t("Varje ändring i registret, den senaste först: vem som gjorde den, när, och vad som ändrades. ",
                           "Every change of the register, newest first: who made it, when, and what changed. "))
                a href="/federation" { (cx.t("Noder som speglas", "Mirrored nodes")) } }
            form.filters action="/andringar" method="get" {
                label for="entity" { (cx.t("Slag av post", "Kind of entry"))
                    select #entity name="entity" {
                        option value="" { (cx.t("Alla", "All")) }
                        @for (e, sv, en) in ENTITIES {
                            option value=(e) selected[entity == Some(*e)] { (cx.t(sv, en)) }
                        }
                    }
                }
                label for="organisation" { (cx.t("Organisation som ändrade", "Organisation that changed"))
                    select #organisation name="organisation" {
                        option value="" { (cx.t("Alla", "All")) }
                        @for o in &p.organisations {
                            @let id = o.meta.id.to_string();
                            option value=(o.slug) selected[p.organisation.as_deref() == Some(id.as_str())] { (o.name) }
                        }
                    }
                }
                button type="submit" { (cx.t("Visa", "Show")) }
            }
            @if p.changes.is_empty() {
                p role="status" { (cx.t("Inga ändringar matchar.", "No change matches.")) }
            } @else {
                (table(cx, title, &[
                    Text("Tid", "Time"), Text("Post", "Entry"), Text("Slag", "Kind"),
                    Text("Ändring", "Change"), Num("Version", "Version"), Text("Av", "By"),
                    Text("Historik", "History"),
                ], &p.changes, |ch| html! {
                    td { (date_time(&ch.at)) }
                    th scope="row" {
                        @match entry_href(ch, &p.node) {
                            Some(h) => a href=(h) { (entry_name(cx, ch)) },
                            None => (entry_name(cx, ch)),
                        }
                    }
                    td { a href=(cx.with(&[("entity", Some(ch.entity.as_str())), ("offset", None)])) { (entity_name(cx, &ch.entity)) } }
                    td { (operation(cx, &ch.operation)) }
                    td.num { (ch.version) }
                    td { (actor(ch)) }
                    td { a href=(history_href(ch)) { (cx.t("Historik", "History")) span.visually-hidden { " " (entry_name(cx, ch)) } } }
                }))
            }
            (pager(cx, p.total, page.limit, page.offset, p.changes.len()))
        },
    )
}

/// The id of the entry a history page names (an id, or a slug where the kind has one).
fn entry_id(c: &mut DbConnection, entity: &str, key: &Key) -> Result<Option<String>> {
    let found = match entity {
        "organisations" => refs::organisations::find_id(c, key)?,
        "building-blocks" => refs::building_blocks::find_id(c, key)?,
        "base-data-domains" => refs::base_data_domains::find_id(c, key)?,
        "competence-areas" => refs::competence_areas::find_id(c, key)?,
        "plans" => refs::plans::find_id(c, key)?,
        _ => None,
    };
    // A deleted entry still has a history; an id never seen has none.
    Ok(found.or(match key {
        Key::Id(id) => Some(id.clone()),
        Key::Slug(_) => None,
    }))
}

pub async fn history(
    state: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let cx = Cx::of(&req);
    let (entity, id) = path.into_inner();
    let Some((entity, _, _)) = ENTITIES.iter().find(|(e, _, _)| *e == entity) else {
        return respond(&cx, Err(Error::not_found("kind of entry", entity)));
    };
    let page = super::page_of(&cx, HISTORY_PAGE);
    let p = page.clone();
    let node = state.settings.node_id.clone();
    let found = state
        .db
        .run(move |c| {
            let key = Key::parse(&id);
            let Some(entity_id) = entry_id(c, entity, &key)? else {
                return Err(Error::not_found("entry", id));
            };
            let filter = changes::ChangeFilter {
                entity: Some(entity.to_string()),
                entity_id: Some(entity_id.clone()),
                ..Default::default()
            };
            // The newest change names the entry and tells whether it still exists.
            let (newest, total) = changes::list(c, &filter, &PageRequest::first(1))?;
            let Some(newest) = newest.into_iter().next() else {
                return Err(Error::not_found("entry", entity_id));
            };
            let (items, _) = changes::list(c, &filter, &p)?;
            Ok((newest, items, total))
        })
        .await;
    respond(
        &cx,
        found.map(|(newest, items, total)| {
            render_history(&cx, &node, &newest, &items, total, &page)
        }),
    )
}

fn render_history(
    cx: &Cx,
    node: &str,
    newest: &Change,
    items: &[Change],
    total: i64,
    page: &PageRequest,
) -> Markup {
    let name = entry_name(cx, newest);
    let title = format!("{} {name}", cx.t("Historik för", "History of"));
    shell(
        cx,
        &title,
        html! {
            p.muted {
                a href="/andringar" { (cx.t("Ändringar", "Changes")) } " / "
                a href={ "/andringar?entity=" (newest.entity) } { (entity_name(cx, &newest.entity)) }
            }
            h1 { (title) }
            p.lede {
                (total) " " (cx.t("ändringar, den senaste först.", "changes, newest first."))
                @if let Some(h) = entry_href(newest, node) {
                    " " a href=(h) { (cx.t("Till posten", "To the entry")) }
                } @else if newest.operation == "delete" {
                    " " (cx.t("Posten är borttagen.", "The entry has been deleted."))
                }
            }
            ol.history {
                @for ch in items { li { (change(cx, ch)) } }
            }
            (pager(cx, total, page.limit, page.offset, items.len()))
        },
    )
}

fn change(cx: &Cx, ch: &Change) -> Markup {
    let rows = diff(ch.before.as_ref(), ch.after.as_ref());
    html! {
        article.change {
            h2 {
                (operation(cx, &ch.operation)) " · " (cx.t("version", "version")) " " (ch.version)
            }
            p.muted {
                (date_time(&ch.at)) " · " (cx.t("av", "by")) " " (actor(ch))
                @if let Some(client) = &ch.actor_client { " · " (cx.t("klient", "client")) " " code { (client) } }
                @if let Some(s) = &ch.actor_subject { " · " (s) }
                @if !ch.origin.is_empty() { " · " (cx.t("ursprung", "origin")) " " code { (ch.origin) } }
            }
            @if rows.is_empty() {
                @match new_document(ch) {
                    Some(n) => p {
                        (cx.t("Ett nytt OpenAPI-dokument:", "A new OpenAPI document:")) " "
                        a href={ "/api-katalog/" (ch.entity_id) "/versioner/" (n) } { (cx.t("version", "version")) " " (n) }
                    },
                    None => p { (cx.t("Inga fält ändrades, bara postens version.", "No field changed, only the entry's version.")) },
                }
            } @else {
                div.table-wrap { table.diff {
                    caption.visually-hidden { (cx.t("Ändrade fält, version", "Changed fields, version")) " " (ch.version) }
                    (table::head(cx, &[
                        Text("Fält", "Field"), Text("Före", "Before"), Text("Efter", "After"),
                    ]))
                    tbody { @for (field, old, new) in &rows { tr {
                        th scope="row" { code { (field) } }
                        td.old { @match old { Some(v) => del { (v) }, None => span.none { "–" } } }
                        td.new { @match new { Some(v) => ins { (v) }, None => span.none { "–" } } }
                    } } }
                } }
            }
        }
    }
}

/// The document version an API's change without changed fields brought (a document upload
/// makes a new entry version).
fn new_document(ch: &Change) -> Option<i64> {
    if ch.entity != "apis" || ch.operation != "update" {
        return None;
    }
    ch.after.as_ref()?.get("document")?.get("number")?.as_i64()
}

/// Keys every state carries that tell nothing about what changed.
const BOOKKEEPING: &[&str] = &["id", "uri", "origin", "version", "createdAt", "updatedAt"];

/// The fields that differ, by dotted path, with the old and the new value shown compactly
/// (absent: the field was not there).
pub fn diff(
    before: Option<&Value>,
    after: Option<&Value>,
) -> Vec<(String, Option<String>, Option<String>)> {
    let empty = Map::new();
    let obj = |v: Option<&Value>| match v {
        Some(Value::Object(m)) => m.clone(),
        _ => empty.clone(),
    };
    let mut out = vec![];
    walk("", &obj(before), &obj(after), true, &mut out);
    out
}

fn walk(
    prefix: &str,
    before: &Map<String, Value>,
    after: &Map<String, Value>,
    top: bool,
    out: &mut Vec<(String, Option<String>, Option<String>)>,
) {
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    for k in keys {
        if top && BOOKKEEPING.contains(&k.as_str()) {
            continue;
        }
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        let (old, new) = (before.get(k), after.get(k));
        if old == new {
            continue;
        }
        match (old, new) {
            // Objects on both sides: the fields within that changed.
            (Some(Value::Object(a)), Some(Value::Object(b))) if !is_ref(a) || !is_ref(b) => {
                walk(&path, a, b, false, out)
            }
            _ => out.push((
                path,
                old.filter(|v| !v.is_null()).map(compact),
                new.filter(|v| !v.is_null()).map(compact),
            )),
        }
    }
}

/// A reference to another entry (`{id, name, …}`): shown by its name.
fn is_ref(m: &Map<String, Value>) -> bool {
    m.contains_key("id") && m.get("name").is_some_and(Value::is_string)
}

const LONGEST: usize = 300;

/// A value on one line: text as is, references by name, lists and objects briefly.
pub fn compact(v: &Value) -> String {
    let s = match v {
        Value::Null => "–".to_string(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) if items.is_empty() => "[]".to_string(),
        Value::Array(items) => items.iter().map(compact).collect::<Vec<_>>().join(", "),
        Value::Object(m) if is_ref(m) => m["name"].as_str().unwrap_or_default().to_string(),
        Value::Object(m) => {
            let parts: Vec<String> = m
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{k}: {}", compact(v)))
                .collect();
            format!("{{{}}}", parts.join("; "))
        }
    };
    if s.chars().count() > LONGEST {
        let cut: String = s.chars().take(LONGEST).collect();
        format!("{cut} …")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_shows_changed_fields_only() {
        let before = json!({"id": "x", "version": 1, "name": "A", "phase": "ide",
            "analyses": {"legal": "ej-paborjad", "risk": "klar"},
            "responsible": {"id": "o1", "name": "DIGG", "slug": "digg"}, "tags": ["a"]});
        let after = json!({"id": "x", "version": 2, "name": "A", "phase": "analys-och-krav",
            "analyses": {"legal": "klar", "risk": "klar"},
            "responsible": {"id": "o2", "name": "Skatteverket", "slug": "skatteverket"},
            "tags": ["a", "b"], "purpose": "Ny"});
        let rows = diff(Some(&before), Some(&after));
        let fields: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(
            fields,
            ["analyses.legal", "phase", "purpose", "responsible", "tags"]
        );
        assert_eq!(rows[0].1.as_deref(), Some("ej-paborjad"));
        assert_eq!(rows[0].2.as_deref(), Some("klar"));
        assert_eq!(rows[2].1, None);
        assert_eq!(rows[3].2.as_deref(), Some("Skatteverket"));
        assert_eq!(rows[4].2.as_deref(), Some("a, b"));
    }

    #[test]
    fn a_creation_lists_every_field() {
        let after = json!({"id": "x", "title": {"sv": "Ett", "en": "One"}, "keywords": []});
        let rows = diff(None, Some(&after));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].0, "title");
        assert_eq!(rows[1].2.as_deref(), Some("{en: One; sv: Ett}"));
    }
}
