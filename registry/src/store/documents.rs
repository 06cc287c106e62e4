use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use openapi::{
    Document, DocumentDecisionInput, DocumentInput, DocumentPresentationInput, DocumentRepealInput,
    DocumentStatus, DocumentTreeNode, DocumentVersionInput, EntryRef, Role, ScopeKind,
};

use super::changes;
use super::crud::{Crud, Stored};
use super::entry::{self, check_writable, Ctx, Key, PageRequest};
use super::schema::documents::{self, dsl as t};
use super::scope::{self, Subjects};
use super::text::fold;
use super::{refs, DbConnection, MultiBackend};
use crate::error::{Error, Result};
use domain::documents::{self as rules, children_problem, parent_problem, Node, Step};
use domain::origin::OriginMatch;

pub const ENTITY: &str = "documents";

#[derive(
    Debug,
    Clone,
    Default,
    Queryable,
    Selectable,
    Insertable,
    AsChangeset,
    serde::Serialize,
    serde::Deserialize,
)]
#[diesel(table_name = documents, treat_none_as_null = true)]
pub struct Row {
    pub id: String,
    pub origin: String,
    pub uri: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub title: String,
    pub level: i32,
    pub parent_id: Option<String>,
    pub scope_kind: String,
    pub scope_subject_id: Option<String>,
    pub author_organisation_id: String,
    pub status: String,
    pub decided_date: Option<NaiveDate>,
    pub document_version: Option<String>,
    pub link: Option<String>,
    pub presented_date: Option<NaiveDate>,
    pub deciding_organisation_id: Option<String>,
    pub repealed_date: Option<NaiveDate>,
    pub replaces_id: Option<String>,
    pub identity_id: String,
    pub level2_author_roles: String,
}

/// An input with its references resolved to ids.
pub struct Resolved {
    input: DocumentInput,
    parent_id: Option<String>,
    scope_subject_id: Option<String>,
    author_organisation_id: String,
}

/// What the rows of a page refer to, loaded with one query per referenced table.
struct Refs {
    parents: HashMap<String, EntryRef>,
    organisations: HashMap<String, EntryRef>,
    subjects: Subjects,
    /// The newer version of each document that has one, by the id it replaces.
    successors: HashMap<String, EntryRef>,
}

impl Refs {
    fn load(conn: &mut DbConnection, rows: &[Row]) -> Result<Refs> {
        let parents: Vec<String> = rows
            .iter()
            .flat_map(|r| [r.parent_id.clone(), r.replaces_id.clone()])
            .flatten()
            .collect();
        let organisations: Vec<String> = rows
            .iter()
            .flat_map(|r| {
                [
                    Some(r.author_organisation_id.clone()),
                    r.deciding_organisation_id.clone(),
                ]
            })
            .flatten()
            .collect();
        let ids: Vec<&str> = rows
            .iter()
            .filter(|r| r.status == DocumentStatus::Ersatt.as_str())
            .map(|r| r.id.as_str())
            .collect();
        let newer: Vec<(String, Option<String>)> = if ids.is_empty() {
            vec![]
        } else {
            t::documents
                .select((t::id, t::replaces_id))
                .filter(t::replaces_id.eq_any(&ids))
                .load(conn)?
        };
        let newer_ids: Vec<String> = newer.iter().map(|(id, _)| id.clone()).collect();
        let newer_refs = refs::documents(conn, &newer_ids)?;
        let successors = newer
            .into_iter()
            .filter_map(|(id, old)| Some((old?, newer_refs.get(&id)?.clone())))
            .collect();
        Ok(Refs {
            successors,
            parents: refs::documents(conn, &parents)?,
            organisations: refs::organisations::refs(conn, &organisations)?,
            subjects: Subjects::load(
                conn,
                rows.iter()
                    .map(|r| (r.scope_kind.as_str(), r.scope_subject_id.as_deref())),
            )?,
        })
    }
}

impl Row {
    fn roles(&self) -> Result<Vec<Role>> {
        entry::from_json(&self.level2_author_roles)
    }

    fn to_wire(&self, refs: &Refs) -> Result<Document> {
        Ok(Document {
            meta: entry::meta(
                &self.id,
                &self.origin,
                &self.uri,
                self.version,
                self.created_at,
                self.updated_at,
            )?,
            title: self.title.clone(),
            level: self.level,
            parent: self
                .parent_id
                .as_deref()
                .map(|p| refs::one(&refs.parents, p))
                .transpose()?,
            scope: refs
                .subjects
                .wire(&self.scope_kind, self.scope_subject_id.as_deref())?,
            author_organisation: refs::one(&refs.organisations, &self.author_organisation_id)?,
            status: entry::parse_enum(&self.status)?,
            in_force: rules::in_force(entry::parse_enum(&self.status)?),
            presented_date: self.presented_date,
            decided_date: self.decided_date,
            deciding_organisation: self
                .deciding_organisation_id
                .as_deref()
                .map(|o| refs::one(&refs.organisations, o))
                .transpose()?,
            repealed_date: self.repealed_date,
            identity: uuid::Uuid::parse_str(&self.identity_id)
                .map_err(|e| Error::Internal(e.into()))?,
            replaces: self
                .replaces_id
                .as_deref()
                .map(|p| refs::one(&refs.parents, p))
                .transpose()?,
            superseded_by: refs.successors.get(&self.id).cloned(),
            level2_author_roles: self.roles()?,
            document_version: self.document_version.clone(),
            link: self.link.clone(),
        })
    }

    /// The wire form of this one row, loading what it refers to.
    fn wire_one(&self, conn: &mut DbConnection) -> Result<Document> {
        let refs = Refs::load(conn, std::slice::from_ref(self))?;
        self.to_wire(&refs)
    }
}

#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub level: Option<i32>,
    pub status: Option<DocumentStatus>,
    pub scope_kind: Option<ScopeKind>,
    /// Id of the parent document.
    pub parent: Option<String>,
    /// Id or slug of the authoring organisation.
    pub author_organisation: Option<String>,
    pub q: Option<String>,
    /// Only documents in force (true) or not in force (false).
    pub in_force: Option<bool>,
    pub origin: Option<OriginMatch>,
}

/// The filter with its references resolved; None when a reference names no entry, so that
/// nothing can match.
struct ResolvedFilter {
    f: Filter,
    author_organisation_id: Option<String>,
}

fn resolve_filter(conn: &mut DbConnection, f: &Filter) -> Result<Option<ResolvedFilter>> {
    let author_organisation_id = match &f.author_organisation {
        None => None,
        Some(o) => match refs::organisations::find_id(conn, &Key::parse(o))? {
            Some(id) => Some(id),
            None => return Ok(None),
        },
    };
    Ok(Some(ResolvedFilter {
        f: f.clone(),
        author_organisation_id,
    }))
}

fn filtered(rf: &ResolvedFilter) -> documents::BoxedQuery<'static, MultiBackend> {
    let f = &rf.f;
    let mut q = t::documents.into_boxed();
    if let Some(o) = &f.origin {
        q = q.filter(entry::origin_is(t::origin, o));
    }
    if let Some(l) = f.level {
        q = q.filter(t::level.eq(l));
    }
    if let Some(s) = f.status {
        q = q.filter(t::status.eq(s.as_str()));
    }
    match f.in_force {
        Some(true) => q = q.filter(t::status.eq(DocumentStatus::Beslutat.as_str())),
        Some(false) => q = q.filter(t::status.ne(DocumentStatus::Beslutat.as_str())),
        None => {}
    }
    if let Some(k) = f.scope_kind {
        q = q.filter(t::scope_kind.eq(k.as_str()));
    }
    if let Some(p) = &f.parent {
        q = q.filter(t::parent_id.eq(p.clone()));
    }
    if let Some(o) = &rf.author_organisation_id {
        q = q.filter(t::author_organisation_id.eq(o.clone()));
    }
    if let Some(s) = &f.q {
        let pattern = super::text::contains(s);
        q = q.filter(fold(t::title).like(pattern));
    }
    q
}

pub fn list(
    conn: &mut DbConnection,
    f: &Filter,
    page: &PageRequest,
) -> Result<(Vec<Document>, i64)> {
    let Some(rf) = resolve_filter(conn, f)? else {
        return Ok((vec![], 0));
    };
    let (rows, total) = page_rows!(conn, filtered(&rf), t::id, page, Row);
    let refs = Refs::load(conn, &rows)?;
    let items = rows
        .iter()
        .map(|r| r.to_wire(&refs))
        .collect::<Result<_>>()?;
    Ok((items, total))
}

stored_row!(documents, "document");

pub fn get(conn: &mut DbConnection, key: &Key) -> Result<Document> {
    find(conn, key)?.wire(conn)
}

/// The document `id` and its ancestors, nearest first. Stops at a document seen before, so
/// that a cycle in stored data cannot loop forever.
fn chain(conn: &mut DbConnection, id: &str) -> Result<Vec<Node>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut next = Some(id.to_string());
    while let Some(id) = next.take() {
        if !seen.insert(id.clone()) {
            break;
        }
        let found: Option<(i32, Option<String>)> = t::documents
            .select((t::level, t::parent_id))
            .filter(t::id.eq(&id))
            .first(conn)
            .optional()?;
        let Some((level, parent)) = found else { break };
        out.push(Node { id, level });
        next = parent;
    }
    Ok(out)
}

/// The roles the organisation holds (role assignments in the store).
fn roles_of(conn: &mut DbConnection, organisation_id: &str) -> Result<Vec<Role>> {
    use super::schema::role_assignments::dsl as ra;
    let roles: Vec<String> = ra::role_assignments
        .select(ra::role)
        .filter(ra::organisation_id.eq(organisation_id))
        .load(conn)?;
    roles.iter().map(|r| entry::parse_enum(r)).collect()
}

/// The organisation holding `role`, optionally for one competence area (the first by id).
fn holder(
    conn: &mut DbConnection,
    ctx_node: &str,
    role: Role,
    area: Option<&str>,
) -> Result<Option<String>> {
    use super::schema::role_assignments::dsl as ra;
    let mut q = ra::role_assignments
        .select(ra::organisation_id)
        .filter(ra::role.eq(role.as_str()))
        .filter(ra::origin.eq(ctx_node.to_string()))
        .into_boxed();
    if let Some(a) = area {
        q = q.filter(ra::competence_area_id.eq(a.to_string()));
    }
    Ok(q.order(ra::id).first(conn).optional()?)
}

/// Why the organisation `author` may not write a document at `level` under `parent_id`, by
/// the roles it holds and what the parent allows (`domain::documents::author_problem`).
fn author_problem(
    conn: &mut DbConnection,
    level: i32,
    author: &str,
    parent_id: &Option<String>,
) -> Result<Option<String>> {
    let parent = match parent_id {
        None => None,
        Some(p) => {
            let row = find(conn, &Key::Id(p.clone()))?;
            Some(rules::Parent {
                level2_author_roles: row.roles()?,
                author_id: row.author_organisation_id,
            })
        }
    };
    let roles = roles_of(conn, author)?;
    Ok(rules::author_problem(
        level,
        author,
        &roles,
        parent.as_ref(),
    ))
}

/// Resolves the references of an input and checks the hierarchy and authoring rules that
/// need stored documents and role assignments. `own` is the document being replaced.
fn resolve_input(conn: &mut DbConnection, own: &str, i: DocumentInput) -> Result<Resolved> {
    let author_organisation_id =
        refs::organisations::resolve(conn, "authorOrganisation", &i.author_organisation)?;
    let scope_subject_id = scope::resolve(conn, &i.scope)?;
    let parent_id = match &i.parent {
        None => None,
        Some(p) => {
            // Ids are stored in the canonical lower-case form.
            let chain = chain(conn, Key::parse(p).as_str())?;
            if chain.is_empty() {
                return Err(Error::field("parent", format!("no document with id '{p}'")));
            }
            if let Some(problem) = parent_problem(Some(own), i.level, &chain) {
                return Err(Error::field("parent", problem));
            }
            Some(chain[0].id.clone())
        }
    };
    // A new document has no children yet: the query finds none.
    let child_levels: Vec<i32> = t::documents
        .select(t::level)
        .filter(t::parent_id.eq(own))
        .load(conn)?;
    if let Some(problem) = children_problem(i.level, &child_levels) {
        return Err(Error::field("level", problem));
    }
    if let Some(problem) = author_problem(conn, i.level, &author_organisation_id, &parent_id)? {
        return Err(Error::field("authorOrganisation", problem));
    }
    Ok(Resolved {
        input: i,
        parent_id,
        scope_subject_id,
        author_organisation_id,
    })
}

/// The status and decision date a client sent must be those the document has: they change
/// through the life-cycle operations only.
fn check_lifecycle_fields(i: &DocumentInput, old: Option<&Row>) -> Result<()> {
    let (status, decided) = match old {
        Some(r) => (entry::parse_enum(&r.status)?, r.decided_date),
        None => (DocumentStatus::Utkast, None),
    };
    let mut e = ::domain::Errors::default();
    if i.status.is_some_and(|s| s != status) {
        e.add(
            "status",
            format!(
                "the status is {status}; it changes through POST /api/v1/documents/{{id}}/presentation, /decision, /repeal and /versions"
            ),
        );
    }
    if i.decided_date.is_some() && i.decided_date != decided {
        e.add(
            "decidedDate",
            "is set by POST /api/v1/documents/{id}/decision, not by a create or replace",
        );
    }
    if e.0.is_empty() {
        return Ok(());
    }
    Err(match old {
        None => Error::Validation(e.0),
        Some(_) => Error::conflicts(e.0),
    })
}

impl Crud for Row {
    const ENTITY: &'static str = ENTITY;
    type Input = DocumentInput;
    type Wire = Document;
    type Resolved = Resolved;

    fn validate(i: &DocumentInput) -> Result<()> {
        Ok(domain::validate::document(i)?)
    }

    fn check_create(_ctx: &Ctx, i: &DocumentInput) -> Result<()> {
        check_lifecycle_fields(i, None)
    }

    fn check_replace(&self, _ctx: &Ctx, i: &DocumentInput) -> Result<()> {
        check_lifecycle_fields(i, Some(self))
    }

    fn resolve(
        conn: &mut DbConnection,
        _ctx: &Ctx,
        id: &str,
        i: DocumentInput,
    ) -> Result<Resolved> {
        resolve_input(conn, id, i)
    }

    fn set(&mut self, r: &Resolved) -> Result<()> {
        let i = &r.input;
        if self.identity_id.is_empty() {
            // A new document: the first version of its identity, a draft.
            self.identity_id = self.id.clone();
            self.status = DocumentStatus::Utkast.as_str().to_string();
        }
        self.title = i.title.clone();
        self.level = i.level;
        self.parent_id = r.parent_id.clone();
        self.scope_kind = i.scope.kind.as_str().to_string();
        self.scope_subject_id = r.scope_subject_id.clone();
        self.author_organisation_id = r.author_organisation_id.clone();
        // Status and dates change only through the life cycle (see `step`).
        self.level2_author_roles = entry::to_json(&i.level2_author_roles)?;
        self.document_version = i.document_version.clone();
        self.link = i.link.clone();
        Ok(())
    }

    fn wire(&self, conn: &mut DbConnection) -> Result<Document> {
        Row::wire_one(self, conn)
    }
}

/// Stores a changed row one version up and logs the change.
fn save(conn: &mut DbConnection, ctx: &Ctx, before: Document, mut row: Row) -> Result<Document> {
    row.stamp_update(ctx);
    row.update(conn)?;
    let wire = row.wire(conn)?;
    changes::updated(conn, ctx, ENTITY, &before, &wire)?;
    Ok(wire)
}

/// One life-cycle step on the document `key`: the status after it, or a 409 naming `field`.
fn stepped(row: &Row, step: Step, field: &str) -> Result<DocumentStatus> {
    rules::step(row.level, entry::parse_enum(&row.status)?, step)
        .map_err(|m| Error::conflict(field, m))
}

/// A step that needs nothing but the document: checks it against the life-cycle table, lets
/// `change` check and set the step's own fields, and saves.
fn simple_step(
    conn: &mut DbConnection,
    ctx: &Ctx,
    key: &Key,
    step: Step,
    change: impl FnOnce(&mut Row) -> Result<()>,
) -> Result<Document> {
    super::write(conn, |conn| {
        let old = find(conn, key)?;
        check_writable(ctx, &old.origin, old.version, None)?;
        let status = stepped(&old, step, "status")?;
        let before = old.wire(conn)?;
        let mut row = old;
        change(&mut row)?;
        row.status = status.as_str().into();
        save(conn, ctx, before, row)
    })
}

/// Presented in the cross-functional competence forum.
pub fn present(
    conn: &mut DbConnection,
    ctx: &Ctx,
    key: &Key,
    i: DocumentPresentationInput,
) -> Result<Document> {
    simple_step(conn, ctx, key, Step::Present, |row| {
        row.presented_date = Some(i.presented_date);
        Ok(())
    })
}

/// Decided by `decidingOrganisation`; a new version's decision supersedes the version it
/// replaces.
pub fn decide(
    conn: &mut DbConnection,
    ctx: &Ctx,
    key: &Key,
    i: DocumentDecisionInput,
) -> Result<Document> {
    super::write(conn, |conn| {
        let old = find(conn, key)?;
        check_writable(ctx, &old.origin, old.version, None)?;
        let deciding =
            refs::organisations::resolve(conn, "decidingOrganisation", &i.deciding_organisation)?;
        let mut e = ::domain::Errors::default();
        let status = match stepped(&old, Step::Decide, "status") {
            Ok(s) => Some(s),
            Err(Error::Conflict { errors, .. }) => {
                e.0.extend(errors);
                None
            }
            Err(other) => return Err(other),
        };
        let owner = holder(conn, ctx.origin(), Role::Infrastrukturansvarig, None)?;
        let area_owner = match (old.scope_kind.as_str(), &old.scope_subject_id) {
            ("kompetensomrade", Some(area)) => holder(
                conn,
                ctx.origin(),
                Role::Kompetensomradesansvarig,
                Some(area),
            )?,
            _ => None,
        };
        if let Some(p) = rules::decider_problem(
            old.level,
            &deciding,
            &old.author_organisation_id,
            owner.as_deref(),
            area_owner.as_deref(),
        ) {
            e.add("decidingOrganisation", p);
        }
        if let Some(p) = rules::date_problem(old.presented_date, i.decided_date, "presented") {
            e.add("decidedDate", p);
        }
        let Some(status) = status.filter(|_| e.0.is_empty()) else {
            let detail =
                e.0.iter()
                    .map(|f| format!("{}: {}", f.field, f.message))
                    .collect::<Vec<_>>()
                    .join("; ");
            return Err(Error::Conflict {
                detail,
                errors: e.0,
            });
        };
        // The version this one replaces is superseded, if it is still in force.
        if let Some(prev) = old.replaces_id.clone() {
            let prev = find(conn, &Key::Id(prev))?;
            if rules::in_force(entry::parse_enum(&prev.status)?) {
                let before = prev.wire(conn)?;
                let mut row = prev;
                row.status = DocumentStatus::Ersatt.as_str().into();
                save(conn, ctx, before, row)?;
            }
        }
        let before = old.wire(conn)?;
        let mut row = old;
        row.status = status.as_str().into();
        row.decided_date = Some(i.decided_date);
        row.deciding_organisation_id = Some(deciding);
        let wire = save(conn, ctx, before, row)?;
        Ok(wire)
    })
}

/// Repealed: no longer in force, with no newer version.
pub fn repeal(
    conn: &mut DbConnection,
    ctx: &Ctx,
    key: &Key,
    i: DocumentRepealInput,
) -> Result<Document> {
    simple_step(conn, ctx, key, Step::Repeal, |row| {
        if let Some(p) = rules::date_problem(row.decided_date, i.repealed_date, "decided") {
            return Err(Error::conflict("repealedDate", p));
        }
        row.repealed_date = Some(i.repealed_date);
        Ok(())
    })
}

/// A new version of a decided document: a draft with its identity, level, parent, scope and
/// author, that replaces it once decided. One pending version at a time.
pub fn new_version(
    conn: &mut DbConnection,
    ctx: &Ctx,
    key: &Key,
    i: DocumentVersionInput,
) -> Result<Document> {
    let mut e = ::domain::Errors::default();
    if let Some(t) = &i.title {
        if t.trim().is_empty() || t.chars().count() > 300 {
            e.add("title", "must be 1 to 300 characters");
        }
    }
    if i.document_version.trim().is_empty() || i.document_version.chars().count() > 300 {
        e.add("documentVersion", "must be 1 to 300 characters");
    }
    if let Some(p) = i.link.as_deref().and_then(domain::identifiers::url_problem) {
        e.add("link", p);
    }
    e.into_result()?;
    super::write(conn, |conn| {
        let old = find(conn, key)?;
        check_writable(ctx, &old.origin, old.version, None)?;
        if let Some(p) = rules::new_version_problem(entry::parse_enum(&old.status)?) {
            return Err(Error::conflict("status", p));
        }
        let pending: Option<String> = t::documents
            .select(t::id)
            .filter(t::replaces_id.eq(&old.id))
            .first(conn)
            .optional()?;
        if let Some(p) = pending {
            return Err(Error::conflict(
                "id",
                format!("the document already has a newer version, {p}; change that one"),
            ));
        }
        // The author must still be allowed to write this level under this parent.
        let parent = match &old.parent_id {
            None => None,
            Some(p) => {
                let row = find(conn, &Key::Id(p.clone()))?;
                Some(rules::Parent {
                    level2_author_roles: row.roles()?,
                    author_id: row.author_organisation_id,
                })
            }
        };
        let roles = roles_of(conn, &old.author_organisation_id)?;
        if let Some(p) = rules::author_problem(
            old.level,
            &old.author_organisation_id,
            &roles,
            parent.as_ref(),
        ) {
            return Err(Error::conflict("authorOrganisation", p));
        }
        let mut row = Row::default();
        row.stamp_new(ctx, ENTITY, ctx.new_id());
        row.status = DocumentStatus::Utkast.as_str().to_string();
        row.identity_id = old.identity_id.clone();
        row.replaces_id = Some(old.id.clone());
        row.title = i.title.unwrap_or_else(|| old.title.clone());
        row.level = old.level;
        row.parent_id = old.parent_id.clone();
        row.scope_kind = old.scope_kind.clone();
        row.scope_subject_id = old.scope_subject_id.clone();
        row.author_organisation_id = old.author_organisation_id.clone();
        row.level2_author_roles = old.level2_author_roles.clone();
        row.document_version = Some(i.document_version);
        row.link = i.link.or(old.link);
        row.insert(conn)?;
        let wire = row.wire(conn)?;
        changes::created(conn, ctx, ENTITY, &wire)?;
        Ok(wire)
    })
}

/// The hierarchy 1 → 2 → 3 of the documents that are not superseded or repealed (only those
/// in force with `in_force_only`). A child hangs under the version of its parent's document
/// that is shown, whichever version it names.
pub fn tree(conn: &mut DbConnection, in_force_only: bool) -> Result<Vec<DocumentTreeNode>> {
    let mut q = t::documents.into_boxed();
    q = if in_force_only {
        q.filter(t::status.eq(DocumentStatus::Beslutat.as_str()))
    } else {
        q.filter(t::status.ne_all([
            DocumentStatus::Ersatt.as_str(),
            DocumentStatus::Upphavt.as_str(),
        ]))
    };
    let rows: Vec<Row> = q
        .order((t::level, t::id))
        .select(Row::as_select())
        .load(conn)?;
    // Which identity each parent id belongs to (parents may be older versions).
    let parent_ids: Vec<String> = rows.iter().filter_map(|r| r.parent_id.clone()).collect();
    let identities: HashMap<String, String> = if parent_ids.is_empty() {
        HashMap::new()
    } else {
        t::documents
            .select((t::id, t::identity_id))
            .filter(t::id.eq_any(&parent_ids))
            .load::<(String, String)>(conn)?
            .into_iter()
            .collect()
    };
    let refs = Refs::load(conn, &rows)?;
    let mut children: HashMap<String, Vec<usize>> = HashMap::new();
    let mut roots = vec![];
    let shown: HashSet<&str> = rows.iter().map(|r| r.identity_id.as_str()).collect();
    for (n, r) in rows.iter().enumerate() {
        match r
            .parent_id
            .as_ref()
            .and_then(|p| identities.get(p))
            .filter(|i| shown.contains(i.as_str()))
        {
            Some(identity) => children.entry(identity.clone()).or_default().push(n),
            None if r.level == 1 => roots.push(n),
            // A document whose parent is not shown (superseded, repealed or not in force)
            // is shown at the top, so that nothing in view is lost.
            None => roots.push(n),
        }
    }
    fn build(
        n: usize,
        rows: &[Row],
        refs: &Refs,
        children: &HashMap<String, Vec<usize>>,
        depth: usize,
    ) -> Result<DocumentTreeNode> {
        let r = &rows[n];
        let kids = if depth > 3 {
            vec![]
        } else {
            children
                .get(&r.identity_id)
                .into_iter()
                .flatten()
                .map(|c| build(*c, rows, refs, children, depth + 1))
                .collect::<Result<_>>()?
        };
        Ok(DocumentTreeNode {
            document: r.to_wire(refs)?,
            children: kids,
        })
    }
    roots
        .into_iter()
        .map(|n| build(n, &rows, &refs, &children, 1))
        .collect()
}

/// Stores a document mirrored from its origin as the origin holds it (its life cycle was
/// followed there), or removes it for a tombstone. What it refers to must be here already;
/// otherwise the change waits.
pub fn mirror(conn: &mut DbConnection, ctx: &Ctx, wire: Option<Document>) -> Result<()> {
    let m = ctx.mirrored()?;
    super::write(conn, |conn| {
        let id = m.id.to_string();
        let old = match find(conn, &Key::Id(id.clone())) {
            Ok(old) => Some(old.wire(conn)?),
            Err(Error::NotFound { .. }) => None,
            Err(e) => return Err(e),
        };
        let Some(w) = wire else {
            if let Some(before) = old {
                diesel::delete(t::documents.filter(t::id.eq(&id))).execute(conn)?;
                changes::deleted(conn, ctx, ENTITY, &before)?;
            }
            return Ok(());
        };
        let document = |conn: &mut DbConnection, field: &str, r: &Option<EntryRef>| {
            r.as_ref()
                .map(|r| match find(conn, &Key::Id(r.id.to_string())) {
                    Ok(d) => Ok(d.id),
                    Err(Error::NotFound { .. }) => Err(Error::field(
                        field,
                        format!("no document with id '{}'", r.id),
                    )),
                    Err(e) => Err(e),
                })
                .transpose()
        };
        let organisation = |conn: &mut DbConnection, field: &str, r: &EntryRef| {
            refs::organisations::resolve(conn, field, &r.id.to_string())
        };
        let row = Row {
            id: id.clone(),
            origin: m.origin.clone(),
            uri: m.uri.clone(),
            version: m.version,
            created_at: m.created_at.naive_utc(),
            updated_at: m.updated_at.naive_utc(),
            parent_id: document(conn, "parent", &w.parent)?,
            replaces_id: document(conn, "replaces", &w.replaces)?,
            scope_kind: w.scope.kind.as_str().to_string(),
            scope_subject_id: scope::resolve(
                conn,
                &openapi::ScopeInput {
                    kind: w.scope.kind,
                    subject: w.scope.subject.as_ref().map(|s| s.id.to_string()),
                },
            )?,
            author_organisation_id: organisation(
                conn,
                "authorOrganisation",
                &w.author_organisation,
            )?,
            deciding_organisation_id: w
                .deciding_organisation
                .as_ref()
                .map(|o| organisation(conn, "decidingOrganisation", o))
                .transpose()?,
            title: w.title,
            level: w.level,
            status: w.status.as_str().to_string(),
            decided_date: w.decided_date,
            document_version: w.document_version,
            link: w.link,
            presented_date: w.presented_date,
            repealed_date: w.repealed_date,
            identity_id: w.identity.to_string(),
            level2_author_roles: entry::to_json(&w.level2_author_roles)?,
        };
        match old {
            Some(before) => {
                diesel::update(t::documents.filter(t::id.eq(&id)))
                    .set(&row)
                    .execute(conn)?;
                let after = row.wire(conn)?;
                changes::updated(conn, ctx, ENTITY, &before, &after)
            }
            None => {
                diesel::insert_into(t::documents)
                    .values(&row)
                    .execute(conn)?;
                let after = row.wire(conn)?;
                changes::created(conn, ctx, ENTITY, &after)
            }
        }
    })
}
