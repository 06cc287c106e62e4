//! `/styrdokument`: the governing documents as the hierarchy level 1 → 2 → 3 (or, filtered, as
//! a list); `/styrdokument/{id}`: one document with its place in the hierarchy, its life cycle,
//! its versions and its history.

use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use openapi::{Change, Document, DocumentStatus, DocumentTreeNode};

use super::blocks::{changes_list, date_time, enum_param};
use super::forms::Call;
use super::layout::{self, entry_link, label, pager, select, shell};
use super::plans::{bool_param, scope};
use super::table::{table, Num, Text};
use super::{respond, Cx, State};
use crate::error::{Error, Result};
use crate::store::{changes, documents, DbConnection, Key, PageRequest};

const PAGE: i64 = 50;

/// The `level` parameter: absent, or 1, 2 or 3 (else a 400 naming it).
fn level_param(cx: &Cx) -> Result<Option<i32>> {
    match cx.param("level") {
        None => Ok(None),
        Some(l) => match l.parse::<i32>() {
            Ok(n) if (1..=3).contains(&n) => Ok(Some(n)),
            _ => Err(Error::field("level", "must be 1, 2 or 3")),
        },
    }
}

enum Listing {
    Tree(Vec<DocumentTreeNode>),
    List(Vec<Document>, i64),
}

pub async fn list(state: State, req: HttpRequest) -> HttpResponse {
    let cx = Cx::of(&req);
    let page = super::page_of(&cx, PAGE);
    let filter = (|| {
        Ok::<_, Error>(documents::Filter {
            level: level_param(&cx)?,
            status: enum_param(&cx, "status")?,
            in_force: bool_param(&cx, "inForce")?,
            q: cx.param("q").map(str::to_string),
            ..Default::default()
        })
    })();
    let found = match filter {
        Err(e) => Err(e),
        // Without a filter but "in force", the hierarchy; a filter makes it a list (as does
        // "not in force", which the hierarchy cannot show without its parents).
        Ok(f)
            if f.level.is_none()
                && f.status.is_none()
                && f.q.is_none()
                && f.in_force != Some(false) =>
        {
            let only = f.in_force == Some(true);
            state
                .db
                .run(move |c| documents::tree(c, only))
                .await
                .map(Listing::Tree)
        }
        Ok(f) => {
            let p = page.clone();
            state
                .db
                .run(move |c| documents::list(c, &f, &p))
                .await
                .map(|(d, n)| Listing::List(d, n))
        }
    };
    respond(&cx, found.map(|l| render_list(&cx, &l, &page)))
}

fn render_list(cx: &Cx, l: &Listing, page: &PageRequest) -> Markup {
    let title = cx.t("Styrdokument", "Governing documents");
    let in_force = cx.param("inForce") == Some("true");
    shell(
        cx,
        title,
        html! {
            h1 { (title) }
            p.lede { (cx.t("Styrande och stödjande dokument i tre nivåer: nivå 1 för hela infrastrukturen, nivå 2 under den och nivå 3 under nivå 2.",
                           "Governing and supporting documents in three levels: level 1 for the whole infrastructure, level 2 under it and level 3 under level 2.")) }
            form.filters action="/styrdokument" method="get" {
                label for="q" { (cx.t("Sökord i titeln", "Words of the title"))
                    input #q type="search" name="q" value=[cx.param("q")]; }
                label for="level" { (cx.t("Nivå", "Level"))
                    select #level name="level" {
                        option value="" { (cx.t("Alla", "All")) }
                        @for n in ["1", "2", "3"] {
                            option value=(n) selected[cx.param("level") == Some(n)] { (n) }
                        }
                    }
                }
                (select(cx, "status", cx.t("Status", "Status"), DocumentStatus::ALL, cx.param("status")))
                label.check for="inForce" {
                    input #inForce type="checkbox" name="inForce" value="true" checked[in_force];
                    (cx.t("Bara gällande", "In force only"))
                }
                button type="submit" { (cx.t("Visa", "Show")) }
            }
            @match l {
                Listing::Tree(nodes) => {
                    p {
                        @if in_force {
                            (cx.t("Hierarkin av de dokument som gäller.", "The hierarchy of the documents in force.")) " "
                            a href="/styrdokument" { (cx.t("Visa även utkast och presenterade", "Show drafts and presented ones too")) }
                        } @else {
                            (cx.t("Hierarkin utan ersatta och upphävda versioner.", "The hierarchy without superseded and repealed versions.")) " "
                            a href="/styrdokument?inForce=true" { (cx.t("Bara gällande", "In force only")) }
                        }
                    }
                    @if nodes.is_empty() {
                        p role="status" { (cx.t("Inga styrdokument är registrerade.", "No governing document is registered.")) }
                    } @else {
                        div.tree { (tree(cx, nodes)) }
                    }
                }
                Listing::List(docs, total) => {
                    @if docs.is_empty() {
                        p role="status" { (cx.t("Inga styrdokument matchar.", "No governing document matches.")) }
                    } @else {
                        (table(cx, title, &[
                            Text("Titel", "Title"), Num("Nivå", "Level"), Text("Status", "Status"),
                            Text("Omfattning", "Scope"), Text("Författare", "Author"),
                        ], docs, |d| html! {
                            th scope="row" { a href={ "/styrdokument/" (d.meta.id) } { (d.title) } }
                            td.num { (d.level) }
                            td { (status(cx, d)) }
                            td { (scope(cx, &d.scope)) }
                            td { (entry_link("/organisationer", &d.author_organisation)) }
                        }))
                    }
                    (pager(cx, *total, page.limit, page.offset, docs.len()))
                }
            }
        },
    )
}

/// A document's status, with "in force" in words.
fn status(cx: &Cx, d: &Document) -> Markup {
    html! {
        span class={ "tag doc-" (d.status.as_str()) } { (label(cx, &d.status)) }
        @if d.in_force { " " span.in-force { "✓ " (cx.t("gäller", "in force")) } }
    }
}

/// The nodes of one level with the versions of a document together: the hierarchy shows a
/// document and its new version in preparation as siblings with the same children; the page
/// shows the one in force (else the newest) with the others named beside it.
fn by_identity(nodes: &[DocumentTreeNode]) -> Vec<(&DocumentTreeNode, Vec<&Document>)> {
    let mut groups: Vec<Vec<&DocumentTreeNode>> = vec![];
    for n in nodes {
        match groups
            .iter_mut()
            .find(|g| g[0].document.identity == n.document.identity)
        {
            Some(g) => g.push(n),
            None => groups.push(vec![n]),
        }
    }
    groups
        .into_iter()
        .map(|g| {
            let main = g
                .iter()
                .position(|n| n.document.in_force)
                .unwrap_or(g.len() - 1);
            let others = g
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != main)
                .map(|(_, n)| &n.document)
                .collect();
            (g[main], others)
        })
        .collect()
}

fn tree(cx: &Cx, nodes: &[DocumentTreeNode]) -> Markup {
    html! {
        ul { @for (n, others) in by_identity(nodes) { (tree_node(cx, n, &others)) } }
    }
}

fn tree_node(cx: &Cx, n: &DocumentTreeNode, others: &[&Document]) -> Markup {
    let d = &n.document;
    html! {
        li {
            div.node {
                span.level { (cx.t("Nivå", "Level")) " " (d.level) } " "
                a href={ "/styrdokument/" (d.meta.id) } { (d.title) }
                @if let Some(v) = &d.document_version { " " span.muted { "v" (v) } }
                br;
                (status(cx, d)) " · " (scope(cx, &d.scope)) " · "
                (cx.t("Författare:", "Author:")) " " (entry_link("/organisationer", &d.author_organisation))
                @for o in others {
                    br;
                    span.muted { (cx.t("Annan version:", "Other version:")) } " "
                    a href={ "/styrdokument/" (o.meta.id) } { (o.title) @if let Some(v) = &o.document_version { " v" (v) } }
                    " (" (label(cx, &o.status)) ")"
                }
            }
            @if !n.children.is_empty() { (tree(cx, &n.children)) }
        }
    }
}

struct DocPage {
    doc: Document,
    /// Every version of the document's identity, oldest first.
    versions: Vec<Document>,
    children: Vec<Document>,
    changes: (Vec<Change>, i64),
}

fn load(c: &mut DbConnection, key: Key) -> Result<DocPage> {
    let doc = documents::get(c, &key)?;
    // The versions share the first version's id as their identity; ids are time-ordered.
    let versions = documents::list(
        c,
        &documents::Filter {
            identity: Some(doc.identity.to_string()),
            ..Default::default()
        },
        &PageRequest::first(500),
    )?
    .0;
    // The children name a version of this document as their parent.
    let mut children = vec![];
    for v in &versions {
        let f = documents::Filter {
            parent: Some(v.meta.id.to_string()),
            ..Default::default()
        };
        let page = PageRequest::first(500);
        children.extend(documents::list(c, &f, &page)?.0);
    }
    let changes = changes::of_entry(c, documents::ENTITY, &doc.meta.id.to_string(), 10)?;
    Ok(DocPage {
        doc,
        versions,
        children,
        changes,
    })
}

pub async fn page(state: State, req: HttpRequest, id: web::Path<String>) -> HttpResponse {
    let cx = Cx::of(&req);
    let key = Key::parse(&id);
    let p = state.db.run(move |c| load(c, key)).await;
    respond(&cx, p.map(|p| render(&cx, &p)))
}

fn date(d: &Option<chrono::NaiveDate>) -> Markup {
    html! {
        @match d {
            Some(d) => time datetime=(d) { (d) },
            None => "–",
        }
    }
}

fn doc_link(r: &openapi::EntryRef) -> Markup {
    html! { a href={ "/styrdokument/" (r.id) } { (r.name) } }
}

fn render(cx: &Cx, p: &DocPage) -> Markup {
    let d = &p.doc;
    let yes_no = |b: bool| {
        if b {
            cx.t("Ja", "Yes")
        } else {
            cx.t("Nej", "No")
        }
    };
    shell(
        cx,
        &d.title,
        html! {
            p.muted { a href="/styrdokument" { (cx.t("Styrdokument", "Governing documents")) } " / " (cx.t("nivå", "level")) " " (d.level) }
            h1 { (d.title) }
            p { (status(cx, d)) }
            @if cx.who.is_some() && matches!(d.status, DocumentStatus::Utkast | DocumentStatus::Presenterat) {
                p.actions { a.button href={ "/styrdokument/" (d.meta.id) "/beslut" } { (cx.t("Besluta dokumentet", "Decide the document")) } }
            }
            dl.facts {
                dt { (cx.t("Nivå", "Level")) } dd { (d.level) }
                dt { (cx.t("Överordnat dokument", "Parent document")) }
                dd { @match &d.parent { Some(r) => (doc_link(r)), None => (layout::none(cx)) } }
                dt { (cx.t("Omfattning", "Scope")) } dd { (scope(cx, &d.scope)) }
                dt { (cx.t("Författande organisation", "Authoring organisation")) } dd { (entry_link("/organisationer", &d.author_organisation)) }
                dt { (cx.t("Beslutande organisation", "Deciding organisation")) }
                dd { @match &d.deciding_organisation { Some(r) => (entry_link("/organisationer", r)), None => (layout::none(cx)) } }
                dt { (cx.t("Presenterat i kompetensforum", "Presented in the competence forum")) } dd { (date(&d.presented_date)) }
                dt { (cx.t("Beslutat", "Decided")) } dd { (date(&d.decided_date)) }
                dt { (cx.t("Upphävt", "Repealed")) } dd { (date(&d.repealed_date)) }
                dt { (cx.t("Status", "Status")) } dd { (label(cx, &d.status)) }
                dt { (cx.t("Gäller", "In force")) } dd { (yes_no(d.in_force)) }
                dt { (cx.t("Dokumentversion", "Document version")) }
                dd { @match &d.document_version { Some(v) => (v), None => (layout::none(cx)) } }
                dt { (cx.t("Ersätter", "Replaces")) }
                dd { @match &d.replaces { Some(r) => (doc_link(r)), None => (layout::none(cx)) } }
                dt { (cx.t("Ersatt av", "Superseded by")) }
                dd { @match &d.superseded_by { Some(r) => (doc_link(r)), None => (layout::none(cx)) } }
                @if !d.level2_author_roles.is_empty() {
                    dt { (cx.t("Får skriva nivå 2", "May write level 2")) }
                    dd { @for (i, r) in d.level2_author_roles.iter().enumerate() { @if i > 0 { ", " } (label(cx, r)) } }
                }
                @if let Some(l) = &d.link {
                    dt { (cx.t("Dokumentet", "The document")) }
                    dd { a href=(l) rel="external noopener" { (l) } }
                }
            }
            h2 { (cx.t("Underordnade dokument", "Documents under it")) }
            @if p.children.is_empty() {
                p { (layout::none(cx)) }
            } @else {
                ul { @for c in &p.children { li {
                    a href={ "/styrdokument/" (c.meta.id) } { (c.title) } " · "
                    (cx.t("nivå", "level")) " " (c.level) " · " (status(cx, c))
                } } }
            }
            h2 { (cx.t("Versioner", "Versions")) }
            @if p.versions.len() < 2 {
                p { (cx.t("Dokumentet har en version.", "The document has one version.")) }
            } @else {
                ol.versions { @for v in &p.versions { li {
                    @if v.meta.id == d.meta.id {
                        strong aria-current="page" { (v.title) } " (" (cx.t("den här", "this one")) ")"
                    } @else {
                        a href={ "/styrdokument/" (v.meta.id) } { (v.title) }
                    }
                    @if let Some(n) = &v.document_version { " · v" (n) }
                    " · " (label(cx, &v.status))
                    @if let Some(dd) = &v.decided_date { " · " (cx.t("beslutat", "decided")) " " time datetime=(dd) { (dd) } }
                } } }
            }
            h2 { (cx.t("Ändringshistorik", "Change history")) }
            (changes_list(cx, &p.changes.0))
            @if p.changes.1 > p.changes.0.len() as i64 {
                p { a href={ "/andringar/" (documents::ENTITY) "/" (d.meta.id) } { (cx.t("Hela historiken", "The whole history")) " (" (p.changes.1) ")" } }
            }
            p.muted { (cx.t("Version i registret", "Version in the register")) " " (d.meta.version) " · " (cx.t("ändrad", "changed")) " " (date_time(&d.meta.updated_at)) }
        },
    )
}

/// `/styrdokument/{id}/beslut`: the deciding organisation decides a document in its own
/// name, as `POST /api/v1/documents/{id}/decision`; the rules of who may decide which level,
/// and that levels 1 and 2 are presented first, are the API's.
pub struct Decide;

impl super::forms::Form for Decide {
    type Loaded = Document;
    type Input = openapi::DocumentDecisionInput;

    fn load(c: &mut DbConnection, key: Option<&Key>) -> Result<Document> {
        documents::get(c, super::forms::required(key)?)
    }
    fn title(cx: &Cx, d: &Document) -> String {
        format!("{} {}", cx.t("Besluta", "Decide"), d.title)
    }
    fn back(_: &Cx, d: &Document) -> (String, String) {
        (format!("/styrdokument/{}", d.meta.id), d.title.clone())
    }
    fn fields(cx: &Cx, _: &Document) -> Vec<super::forms::Field> {
        use super::forms::{Field, Kind};
        vec![Field::new(
            "decidedDate",
            cx.t("Beslutsdatum", "Date of decision"),
            Kind::Date,
        )]
    }
    fn base(_: &Document, who: &super::session::Signed) -> serde_json::Value {
        serde_json::json!({
            "decidedDate": chrono::Utc::now().date_naive(),
            "decidingOrganisation": who.organisation_slug,
        })
    }
    fn intro(cx: &Cx, d: &Document) -> Markup {
        let who = cx
            .who
            .as_ref()
            .map(|w| w.organisation_slug.as_str())
            .unwrap_or_default();
        html! {
            p.lede { (cx.t("Beslutet fattas i din organisations namn:", "The decision is made in your organisation's name:")) " " (who) "." }
            p { (cx.t("Status nu:", "Status now:")) " " (status(cx, d)) }
        }
    }
    fn submit(cx: &Cx) -> String {
        cx.t("Besluta", "Decide").into()
    }
    fn run(
        c: &mut DbConnection,
        at: Call<'_>,
        input: openapi::DocumentDecisionInput,
    ) -> Result<String> {
        let Call { who, ctx, key, .. } = at;
        let key = super::forms::required(key)?;
        let d = crate::commands::decide_document(c, who, ctx, key, input)?;
        Ok(format!("/styrdokument/{}", d.meta.id))
    }
}
