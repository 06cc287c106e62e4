use chrono::NaiveDateTime;
use diesel::prelude::*;
use openapi::{Plan, PlanInput, PlanKind, ScopeKind};

use super::changes;
use super::entry::{self, check_writable, Ctx, Key, PageRequest};
use super::organisations::referenced;
use super::schema::plans::{self, dsl as t};
use super::scope::{self, Subjects};
use super::text::fold;
use super::{DbConnection, MultiBackend};
use crate::error::{Error, Result};
use domain::origin::OriginMatch;

pub const ENTITY: &str = "plans";

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
#[diesel(table_name = plans, treat_none_as_null = true)]
pub struct Row {
    pub id: String,
    pub origin: String,
    pub uri: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub description: String,
    pub scope_kind: String,
    pub scope_subject_id: Option<String>,
}

impl Row {
    fn set(&mut self, i: PlanInput, scope_subject_id: Option<String>) {
        self.slug = i.slug;
        self.name = i.name;
        self.kind = i.kind.as_str().to_string();
        self.description = i.description;
        self.scope_kind = i.scope.kind.as_str().to_string();
        self.scope_subject_id = scope_subject_id;
    }

    fn to_wire(&self, subjects: &Subjects) -> Result<Plan> {
        Ok(Plan {
            meta: entry::meta(
                &self.id,
                &self.origin,
                &self.uri,
                self.version,
                self.created_at,
                self.updated_at,
            )?,
            slug: self.slug.clone(),
            name: self.name.clone(),
            kind: entry::parse_enum(&self.kind)?,
            description: self.description.clone(),
            scope: subjects.wire(&self.scope_kind, self.scope_subject_id.as_deref())?,
        })
    }

    /// The wire form of this one row, loading its scope's subject.
    fn wire(&self, conn: &mut DbConnection) -> Result<Plan> {
        let subjects = Subjects::load(conn, [subject(self)])?;
        self.to_wire(&subjects)
    }
}

fn subject(r: &Row) -> (&str, Option<&str>) {
    (r.scope_kind.as_str(), r.scope_subject_id.as_deref())
}

#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub kind: Option<PlanKind>,
    pub scope_kind: Option<ScopeKind>,
    pub q: Option<String>,
    pub origin: Option<OriginMatch>,
}

fn filtered(f: &Filter) -> plans::BoxedQuery<'static, MultiBackend> {
    let mut q = t::plans.into_boxed();
    if let Some(o) = &f.origin {
        q = q.filter(entry::origin_is(t::origin, o));
    }
    if let Some(k) = f.kind {
        q = q.filter(t::kind.eq(k.as_str()));
    }
    if let Some(k) = f.scope_kind {
        q = q.filter(t::scope_kind.eq(k.as_str()));
    }
    if let Some(s) = &f.q {
        let pattern = super::text::contains(s);
        q = q.filter(
            fold(t::name)
                .like(pattern.clone())
                .or(t::slug.like(pattern)),
        );
    }
    q
}

pub fn list(conn: &mut DbConnection, f: &Filter, page: &PageRequest) -> Result<(Vec<Plan>, i64)> {
    let (rows, total) = page_rows!(conn, filtered(f), t::id, page, Row);
    let subjects = Subjects::load(conn, rows.iter().map(subject))?;
    let items = rows
        .iter()
        .map(|r| r.to_wire(&subjects))
        .collect::<Result<_>>()?;
    Ok((items, total))
}

find_by_key!(plans, "plan", slug);

pub fn get(conn: &mut DbConnection, key: &Key) -> Result<Plan> {
    find(conn, key)?.wire(conn)
}

fn check_unique(conn: &mut DbConnection, ctx: &Ctx, id: &str, i: &PlanInput) -> Result<()> {
    let same_slug: i64 = t::plans
        .filter(t::origin.eq(ctx.origin()))
        .filter(t::slug.eq(&i.slug))
        .filter(t::id.ne(id))
        .count()
        .get_result(conn)?;
    if same_slug > 0 {
        return Err(Error::conflict(
            "slug",
            format!("the slug '{}' is taken", i.slug),
        ));
    }
    Ok(())
}

pub fn create(conn: &mut DbConnection, ctx: &Ctx, i: PlanInput) -> Result<Plan> {
    domain::validate::plan(&i)?;
    super::write(conn, |conn| {
        let id = ctx.new_id();
        check_unique(conn, ctx, &id, &i)?;
        let subject = scope::resolve(conn, &i.scope)?;
        let now = entry::now();
        let mut row = Row {
            uri: ctx.uri(ENTITY, &id),
            id,
            origin: ctx.origin().to_string(),
            version: ctx.version(1),
            created_at: ctx.created(now),
            updated_at: ctx.updated(now),
            slug: String::new(),
            name: String::new(),
            kind: String::new(),
            description: String::new(),
            scope_kind: String::new(),
            scope_subject_id: None,
        };
        row.set(i, subject);
        diesel::insert_into(t::plans).values(&row).execute(conn)?;
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
    i: PlanInput,
) -> Result<Plan> {
    domain::validate::plan(&i)?;
    super::write(conn, |conn| {
        let old = find(conn, key)?;
        check_writable(ctx, &old.origin, old.version, if_match)?;
        check_unique(conn, ctx, &old.id, &i)?;
        let subject = scope::resolve(conn, &i.scope)?;
        let before = old.wire(conn)?;
        let mut row = old.clone();
        row.set(i, subject);
        row.version = ctx.version(row.version + 1);
        row.updated_at = ctx.updated(entry::now());
        diesel::update(t::plans.filter(t::id.eq(&row.id)))
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
        // Its milestones refer to it; the foreign key refuses the delete while any remain.
        diesel::delete(t::plans.filter(t::id.eq(&old.id)))
            .execute(conn)
            .map_err(|e| referenced(e, "plan"))?;
        changes::deleted(conn, ctx, ENTITY, &before)
    })
}
