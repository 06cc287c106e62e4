use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use openapi::{Document, DocumentInput, DocumentStatus, EntryRef, ScopeKind};

use super::changes;
use super::entry::{self, check_writable, Ctx, Key, PageRequest};
use super::organisations::referenced;
use super::schema::documents::{self, dsl as t};
use super::scope::{self, Subjects};
use super::text::fold;
use super::{refs, DbConnection, MultiBackend};
use crate::domain::documents::{children_problem, parent_problem, Node};
use crate::error::{Error, Result};

pub const ENTITY: &str = "documents";

#[derive(
    Debug,
    Clone,
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
}

/// An input with its references resolved to ids.
struct Resolved {
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
}

impl Refs {
    fn load(conn: &mut DbConnection, rows: &[Row]) -> Result<Refs> {
        let parents: Vec<String> = rows.iter().filter_map(|r| r.parent_id.clone()).collect();
        let organisations: Vec<String> = rows
            .iter()
            .map(|r| r.author_organisation_id.clone())
            .collect();
        Ok(Refs {
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
    fn set(&mut self, r: Resolved) {
        let i = r.input;
        self.title = i.title;
        self.level = i.level;
        self.parent_id = r.parent_id;
        self.scope_kind = i.scope.kind.as_str().to_string();
        self.scope_subject_id = r.scope_subject_id;
        self.author_organisation_id = r.author_organisation_id;
        self.status = i.status.as_str().to_string();
        self.decided_date = i.decided_date;
        self.document_version = i.document_version;
        self.link = i.link;
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
            decided_date: self.decided_date,
            document_version: self.document_version.clone(),
            link: self.link.clone(),
        })
    }

    /// The wire form of this one row, loading what it refers to.
    fn wire(&self, conn: &mut DbConnection) -> Result<Document> {
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
    if let Some(l) = f.level {
        q = q.filter(t::level.eq(l));
    }
    if let Some(s) = f.status {
        q = q.filter(t::status.eq(s.as_str()));
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

find_by_key!(documents, "document");

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

/// Resolves the references of an input and checks the hierarchy rules that need stored
/// documents. `own` is the document being replaced.
fn resolve(conn: &mut DbConnection, own: Option<&str>, i: DocumentInput) -> Result<Resolved> {
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
            if let Some(problem) = parent_problem(own, i.level, &chain) {
                return Err(Error::field("parent", problem));
            }
            Some(chain[0].id.clone())
        }
    };
    if let Some(own) = own {
        let child_levels: Vec<i32> = t::documents
            .select(t::level)
            .filter(t::parent_id.eq(own))
            .load(conn)?;
        if let Some(problem) = children_problem(i.level, &child_levels) {
            return Err(Error::field("level", problem));
        }
    }
    Ok(Resolved {
        input: i,
        parent_id,
        scope_subject_id,
        author_organisation_id,
    })
}

pub fn create(conn: &mut DbConnection, ctx: &Ctx, i: DocumentInput) -> Result<Document> {
    crate::domain::validate::document(&i)?;
    super::write(conn, |conn| {
        let resolved = resolve(conn, None, i)?;
        let id = ctx.new_id();
        let now = entry::now();
        let mut row = Row {
            uri: ctx.uri(ENTITY, &id),
            id,
            origin: ctx.origin().to_string(),
            version: ctx.version(1),
            created_at: ctx.created(now),
            updated_at: ctx.updated(now),
            title: String::new(),
            level: 0,
            parent_id: None,
            scope_kind: String::new(),
            scope_subject_id: None,
            author_organisation_id: String::new(),
            status: String::new(),
            decided_date: None,
            document_version: None,
            link: None,
        };
        row.set(resolved);
        diesel::insert_into(t::documents)
            .values(&row)
            .execute(conn)?;
        let wire = row.wire(conn)?;
        changes::created(conn, ctx, ENTITY, &wire)?;
        Ok(wire)
    })
}

pub fn replace(
    conn: &mut DbConnection,
    ctx: &Ctx,
    key: &Key,
    if_match: Option<i64>,
    i: DocumentInput,
) -> Result<Document> {
    crate::domain::validate::document(&i)?;
    super::write(conn, |conn| {
        let old = find(conn, key)?;
        check_writable(ctx, &old.origin, old.version, if_match)?;
        let resolved = resolve(conn, Some(&old.id), i)?;
        let before = old.wire(conn)?;
        let mut row = old.clone();
        row.set(resolved);
        row.version = ctx.version(row.version + 1);
        row.updated_at = ctx.updated(entry::now());
        diesel::update(t::documents.filter(t::id.eq(&row.id)))
            .set(&row)
            .execute(conn)?;
        let wire = row.wire(conn)?;
        changes::updated(conn, ctx, ENTITY, &before, &wire)?;
        Ok(wire)
    })
}

pub fn delete(conn: &mut DbConnection, ctx: &Ctx, key: &Key, if_match: Option<i64>) -> Result<()> {
    super::write(conn, |conn| {
        let old = find(conn, key)?;
        check_writable(ctx, &old.origin, old.version, if_match)?;
        let before = old.wire(conn)?;
        diesel::delete(t::documents.filter(t::id.eq(&old.id)))
            .execute(conn)
            .map_err(|e| referenced(e, "document"))?;
        changes::deleted(conn, ctx, ENTITY, &before)
    })
}
