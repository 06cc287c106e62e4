use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use openapi::{CompetenceArea, CompetenceAreaInput, CompetenceAreaStatus, EntryRef};

use super::changes;
use super::entry::{self, check_writable, Ctx, Key, PageRequest};
use super::organisations::referenced;
use super::refs;
use super::schema::competence_area_contributors::{self, dsl as c};
use super::schema::competence_areas::{self, dsl as t};
use super::text::fold;
use super::{DbConnection, MultiBackend};
use crate::error::{Error, Result};
use domain::origin::OriginMatch;
use domain::Errors;

pub const ENTITY: &str = "competence-areas";

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
#[diesel(table_name = competence_areas, treat_none_as_null = true)]
pub struct Row {
    pub id: String,
    pub origin: String,
    pub uri: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub home_organisation_id: Option<String>,
    pub status: String,
}

#[derive(Insertable)]
#[diesel(table_name = competence_area_contributors)]
struct Contributor<'a> {
    area_id: &'a str,
    organisation_id: &'a str,
}

/// An input with its references resolved to ids.
struct Resolved {
    input: CompetenceAreaInput,
    home_organisation_id: Option<String>,
    contributor_ids: Vec<String>,
}

impl Row {
    fn set(&mut self, r: &Resolved) {
        self.slug = r.input.slug.clone();
        self.name = r.input.name.clone();
        self.description = r.input.description.clone();
        self.home_organisation_id = r.home_organisation_id.clone();
        self.status = r.input.status.as_str().to_string();
    }

    fn to_wire(
        &self,
        contributors: Vec<EntryRef>,
        orgs: &HashMap<String, EntryRef>,
    ) -> Result<CompetenceArea> {
        Ok(CompetenceArea {
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
            description: self.description.clone(),
            home_organisation: self
                .home_organisation_id
                .as_deref()
                .map(|id| refs::one(orgs, id))
                .transpose()?,
            contributors,
            status: entry::parse_enum(&self.status)?,
        })
    }
}

/// The wire form of a page of rows, with one query for the contributors and one for the
/// organisations they and the home organisations name.
fn to_wire_all(conn: &mut DbConnection, rows: &[Row]) -> Result<Vec<CompetenceArea>> {
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let links: Vec<(String, String)> = if ids.is_empty() {
        Vec::new()
    } else {
        c::competence_area_contributors
            .select((c::area_id, c::organisation_id))
            .filter(c::area_id.eq_any(&ids))
            .load(conn)?
    };
    let mut org_ids: Vec<String> = links
        .iter()
        .map(|(_, o)| o.clone())
        .chain(rows.iter().filter_map(|r| r.home_organisation_id.clone()))
        .collect();
    org_ids.sort();
    org_ids.dedup();
    let orgs = refs::organisations::refs(conn, &org_ids)?;
    let mut by_area: HashMap<&str, Vec<EntryRef>> = HashMap::new();
    for (area, org) in &links {
        by_area
            .entry(area.as_str())
            .or_default()
            .push(refs::one(&orgs, org)?);
    }
    rows.iter()
        .map(|r| {
            let mut contributors = by_area.remove(r.id.as_str()).unwrap_or_default();
            // The join table keeps no order; alphabetical is stable and what readers expect.
            contributors.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
            r.to_wire(contributors, &orgs)
        })
        .collect()
}

fn to_wire_one(conn: &mut DbConnection, row: &Row) -> Result<CompetenceArea> {
    to_wire_all(conn, std::slice::from_ref(row))?
        .pop()
        .ok_or_else(|| Error::Internal(anyhow::anyhow!("competence area {} lost", row.id)))
}

#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub status: Option<CompetenceAreaStatus>,
    /// Id or slug of the home organisation.
    pub home_organisation: Option<String>,
    pub q: Option<String>,
    pub origin: Option<OriginMatch>,
}

fn filtered(
    f: &Filter,
    home_organisation_id: Option<&str>,
) -> competence_areas::BoxedQuery<'static, MultiBackend> {
    let mut q = t::competence_areas.into_boxed();
    if let Some(o) = &f.origin {
        q = q.filter(entry::origin_is(t::origin, o));
    }
    if let Some(s) = f.status {
        q = q.filter(t::status.eq(s.as_str()));
    }
    if let Some(id) = home_organisation_id {
        q = q.filter(t::home_organisation_id.eq(id.to_string()));
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

pub fn list(
    conn: &mut DbConnection,
    f: &Filter,
    page: &PageRequest,
) -> Result<(Vec<CompetenceArea>, i64)> {
    let home = match &f.home_organisation {
        Some(r) => match refs::organisations::find_id(conn, &Key::parse(r))? {
            Some(id) => Some(id),
            // No such organisation: it is home to nothing, which is an answer, not an error.
            None => return Ok((Vec::new(), 0)),
        },
        None => None,
    };
    let (rows, total) = page_rows!(conn, filtered(f, home.as_deref()), t::id, page, Row);
    Ok((to_wire_all(conn, &rows)?, total))
}

find_by_key!(competence_areas, "competence area", slug);

pub fn get(conn: &mut DbConnection, key: &Key) -> Result<CompetenceArea> {
    let row = find(conn, key)?;
    to_wire_one(conn, &row)
}

/// Resolves every reference of a shape-checked input, reporting all failures at once.
fn resolve(conn: &mut DbConnection, input: CompetenceAreaInput) -> Result<Resolved> {
    let mut e = Errors::default();
    let home = input
        .home_organisation
        .as_deref()
        .map(|r| refs::organisations::resolve(conn, "homeOrganisation", r))
        .transpose();
    let home_organisation_id = e.take(home)?.flatten();
    let contributors = refs::organisations::resolve_all(conn, "contributors", &input.contributors);
    let contributor_ids = e.take(contributors)?.unwrap_or_default();
    e.into_result()?;
    Ok(Resolved {
        input,
        home_organisation_id,
        contributor_ids,
    })
}

fn check_unique(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: &str,
    i: &CompetenceAreaInput,
) -> Result<()> {
    let same_slug: i64 = t::competence_areas
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

fn insert_contributors(conn: &mut DbConnection, area_id: &str, org_ids: &[String]) -> Result<()> {
    for org in org_ids {
        diesel::insert_into(c::competence_area_contributors)
            .values(Contributor {
                area_id,
                organisation_id: org,
            })
            .execute(conn)?;
    }
    Ok(())
}

pub fn create(
    conn: &mut DbConnection,
    ctx: &Ctx,
    i: CompetenceAreaInput,
) -> Result<CompetenceArea> {
    domain::validate::competence_area(&i)?;
    super::write(conn, |conn| {
        let r = resolve(conn, i)?;
        let id = ctx.new_id();
        check_unique(conn, ctx, &id, &r.input)?;
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
            description: String::new(),
            home_organisation_id: None,
            status: String::new(),
        };
        row.set(&r);
        diesel::insert_into(t::competence_areas)
            .values(&row)
            .execute(conn)?;
        insert_contributors(conn, &row.id, &r.contributor_ids)?;
        let wire = to_wire_one(conn, &row)?;
        changes::created(conn, ctx, ENTITY, &wire)?;
        Ok(wire)
    })
}

pub fn replace(
    conn: &mut DbConnection,
    ctx: &Ctx,
    key: &Key,
    if_match: Option<i64>,
    i: CompetenceAreaInput,
) -> Result<CompetenceArea> {
    domain::validate::competence_area(&i)?;
    super::write(conn, |conn| {
        let old = find(conn, key)?;
        check_writable(ctx, &old.origin, old.version, if_match)?;
        let r = resolve(conn, i)?;
        check_unique(conn, ctx, &old.id, &r.input)?;
        let before = to_wire_one(conn, &old)?;
        let mut row = old.clone();
        row.set(&r);
        row.version = ctx.version(row.version + 1);
        row.updated_at = ctx.updated(entry::now());
        diesel::update(t::competence_areas.filter(t::id.eq(&row.id)))
            .set(&row)
            .execute(conn)?;
        diesel::delete(c::competence_area_contributors.filter(c::area_id.eq(&row.id)))
            .execute(conn)?;
        insert_contributors(conn, &row.id, &r.contributor_ids)?;
        let wire = to_wire_one(conn, &row)?;
        changes::updated(conn, ctx, ENTITY, &before, &wire)?;
        Ok(wire)
    })
}

pub fn delete(conn: &mut DbConnection, ctx: &Ctx, key: &Key, if_match: Option<i64>) -> Result<()> {
    super::write(conn, |conn| {
        let old = find(conn, key)?;
        check_writable(ctx, &old.origin, old.version, if_match)?;
        super::scope::refuse_if_in_use(conn, &old.id, "competence area")?;
        let before = to_wire_one(conn, &old)?;
        // Contributors go with the area (ON DELETE CASCADE); role assignments and other
        // entries naming the area refuse the delete.
        diesel::delete(t::competence_areas.filter(t::id.eq(&old.id)))
            .execute(conn)
            .map_err(|e| referenced(e, "competence area"))?;
        changes::deleted(conn, ctx, ENTITY, &before)
    })
}
