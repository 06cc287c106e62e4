use diesel::prelude::*;
use openapi::{Plan, PlanInput, PlanKind, ScopeKind};

use crate::error::Result;
use crate::store::crud::Crud;
use crate::store::entry::{self, Ctx, Key};
use crate::store::paging::ToWire;
use crate::store::schema::plans::{self, dsl as t};
use crate::store::scope::{self, Subjects};
use crate::store::DbConnection;

pub const ENTITY: &str = "plans";

stored_row! {
    plans, "plan", slug;
    pub struct Row {
        pub slug: String,
        pub name: String,
        pub kind: String,
        pub description: String,
        pub scope_kind: String,
        pub scope_subject_id: Option<String>,
        /// Where the entry's facts come from (a report and its section).
        pub source: Option<String>,
    }
}

impl ToWire for Row {
    type Wire = Plan;
    type Refs = Subjects;

    /// The scopes' subjects of the page.
    fn load_refs(conn: &mut DbConnection, rows: &[Row]) -> Result<Subjects> {
        let scopes = rows
            .iter()
            .map(|r| (r.scope_kind.as_str(), r.scope_subject_id.as_deref()));
        Subjects::load(conn, scopes)
    }

    fn to_wire(&self, subjects: &Subjects) -> Result<Plan> {
        Ok(Plan {
            meta: self.meta()?,
            source: self.source.clone(),
            slug: self.slug.clone(),
            name: self.name.clone(),
            kind: entry::parse_enum(&self.kind)?,
            description: self.description.clone(),
            scope: subjects.wire(&self.scope_kind, self.scope_subject_id.as_deref())?,
        })
    }
}

entry_list! {
    plans => Plan;
    kind: PlanKind = kind.as_str(),
    scope_kind: ScopeKind = scope_kind.as_str(),
    /// Part of the name or slug.
    q: String => |query, s| query.filter(name_or_slug!(s)),
}

impl Crud for Row {
    type Input = PlanInput;
    /// The input and its scope's subject.
    type Resolved = (PlanInput, Option<String>);

    fn resolve(
        conn: &mut DbConnection,
        ctx: &Ctx,
        id: &str,
        i: PlanInput,
    ) -> Result<(PlanInput, Option<String>)> {
        slug_free!(conn, plans, ctx, id, &i.slug);
        let subject = scope::resolve(conn, &i.scope)?;
        Ok((i, subject))
    }

    fn set(&mut self, (i, scope_subject_id): &(PlanInput, Option<String>)) -> Result<()> {
        self.source = i.source.clone();
        self.slug = i.slug.clone();
        self.name = i.name.clone();
        self.kind = i.kind.as_str().to_string();
        self.description = i.description.clone();
        self.scope_kind = i.scope.kind.as_str().to_string();
        self.scope_subject_id = scope_subject_id.clone();
        Ok(())
    }
}
