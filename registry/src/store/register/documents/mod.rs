use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use diesel::prelude::*;
use openapi::{
    Document, DocumentDecisionInput, DocumentInput, DocumentPresentationInput, DocumentRepealInput,
    DocumentStatus, DocumentTreeNode, DocumentVersionInput, EntryRef, Role, ScopeKind,
};

use crate::error::{Error, Result};
use crate::store::changes;
use crate::store::crud::{Crud, Stored};
use crate::store::entry::{self, check_writable, Ctx, Key};
use crate::store::paging::ToWire;
use crate::store::schema::documents::{self, dsl as t};
use crate::store::scope::{self, Subjects};
use crate::store::text::fold;
use crate::store::{refs, DbConnection};
use domain::documents::{self as rules, children_problem, parent_problem, Node, Step};

mod lifecycle;
mod mirror;
mod tree;

pub use lifecycle::{decide, new_version, present, repeal};
pub use mirror::mirror;
pub use tree::tree;

pub const ENTITY: &str = "documents";

stored_row! {
    documents, "document";
    pub struct Row {
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
        /// The forum meeting where it was presented (its date is `presented_date`).
        pub presented_meeting_id: Option<String>,
    }
}

/// An input with its references resolved to ids.
pub struct Resolved {
    input: DocumentInput,
    parent_id: Option<String>,
    scope_subject_id: Option<String>,
    author_organisation_id: String,
}

/// What the rows of a page refer to, loaded with one query per referenced table.
pub struct Refs {
    parents: HashMap<String, EntryRef>,
    organisations: HashMap<String, EntryRef>,
    subjects: Subjects,
    /// The newer version of each document that has one, by the id it replaces.
    successors: HashMap<String, EntryRef>,
    meetings: HashMap<String, EntryRef>,
}

impl Row {
    fn roles(&self) -> Result<Vec<Role>> {
        entry::from_json(&self.level2_author_roles)
    }
}

impl ToWire for Row {
    type Wire = Document;
    type Refs = Refs;

    fn load_refs(conn: &mut DbConnection, rows: &[Row]) -> Result<Refs> {
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
            meetings: refs::forum_meetings(
                conn,
                &refs::distinct(rows, |r| [&r.presented_meeting_id]),
            )?,
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

    fn to_wire(&self, refs: &Refs) -> Result<Document> {
        Ok(Document {
            meta: self.meta()?,
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
            presented_at: refs::optional(&refs.meetings, &self.presented_meeting_id)?,
            decided_date: self.decided_date,
            deciding_organisation: self
                .deciding_organisation_id
                .as_deref()
                .map(|o| refs::one(&refs.organisations, o))
                .transpose()?,
            repealed_date: self.repealed_date,
            identity: uuid::Uuid::parse_str(&self.identity_id).map_err(Error::internal)?,
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
}

entry_list! {
    documents => Document;
    level: i32 = level,
    status: DocumentStatus = status.as_str(),
    scope_kind: ScopeKind = scope_kind.as_str(),
    /// Id of the parent document.
    parent: String = parent_id,
    /// Id or slug of the authoring organisation.
    author_organisation in organisations: String = author_organisation_id,
    /// Part of the title.
    q: String => |query, s| query.filter(fold(t::title).like(crate::store::text::contains(s))),
    /// Only documents in force (true) or not in force (false).
    in_force: bool => |query, in_force| {
        let decided = DocumentStatus::Beslutat.as_str();
        if *in_force {
            query.filter(t::status.eq(decided))
        } else {
            query.filter(t::status.ne(decided))
        }
    },
    /// Only the versions of this document identity (its first version's id).
    identity: String = identity_id,
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
    use crate::store::schema::role_assignments::dsl as ra;
    let roles: Vec<String> = ra::role_assignments
        .select(ra::role)
        .filter(ra::organisation_id.eq(organisation_id))
        .load(conn)?;
    roles.iter().map(|r| entry::parse_enum(r)).collect()
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
                return Err(Error::unknown_reference(
                    "parent",
                    format!("no document with id '{p}'"),
                ));
            }
            if let Some(problem) = parent_problem(Some(own), i.level, &chain) {
                return Err(Error::rule("parent", problem));
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
        return Err(Error::rule("level", problem));
    }
    if let Some(problem) = author_problem(conn, i.level, &author_organisation_id, &parent_id)? {
        return Err(Error::rule("authorOrganisation", problem));
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
        e.rule(
            "status",
            format!(
                "the status is {status}; it changes through POST /api/v1/documents/{{id}}/presentation, /decision, /repeal and /versions"
            ),
        );
    }
    if i.decided_date.is_some() && i.decided_date != decided {
        e.rule(
            "decidedDate",
            "is set by POST /api/v1/documents/{id}/decision, not by a create or replace",
        );
    }
    let Err(refused) = e.into_result() else {
        return Ok(());
    };
    Err(match old {
        None => refused.into(),
        Some(_) => Error::conflicts(refused.0),
    })
}

impl Crud for Row {
    type Input = DocumentInput;
    type Resolved = Resolved;

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
}
