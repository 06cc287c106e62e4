use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use openapi::{BaseDataDomain, BaseDataDomainInput, EntryRef, Phase};

use super::changes;
use super::entry::{self, check_writable, Ctx, Key, PageRequest};
use super::organisations::referenced;
use super::refs;
use super::schema::base_data_domain_producers::{self, dsl as c};
use super::schema::base_data_domains::{self, dsl as t};
use super::text::fold;
use super::{DbConnection, MultiBackend};
use crate::error::{Error, Result};
use domain::origin::OriginMatch;
use domain::Errors;

pub const ENTITY: &str = "base-data-domains";

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
#[diesel(table_name = base_data_domains, treat_none_as_null = true)]
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
    pub responsible_id: Option<String>,
    pub phase: String,
}

#[derive(Insertable)]
#[diesel(table_name = base_data_domain_producers)]
struct Producer<'a> {
    domain_id: &'a str,
    organisation_id: &'a str,
}

/// An input with its references resolved to ids.
struct Resolved {
    input: BaseDataDomainInput,
    responsible_id: Option<String>,
    producer_ids: Vec<String>,
}

impl Row {
    fn set(&mut self, r: &Resolved) {
        self.slug = r.input.slug.clone();
        self.name = r.input.name.clone();
        self.description = r.input.description.clone();
        self.responsible_id = r.responsible_id.clone();
    }

    fn to_wire(
        &self,
        producers: Vec<EntryRef>,
        orgs: &HashMap<String, EntryRef>,
    ) -> Result<BaseDataDomain> {
        Ok(BaseDataDomain {
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
            responsible: self
                .responsible_id
                .as_deref()
                .map(|id| refs::one(orgs, id))
                .transpose()?,
            producers,
            phase: entry::parse_enum(&self.phase)?,
        })
    }
}

/// The wire form of a page of rows, with one query for the producers and one for the
/// organisations they and the responsible organisations name.
fn to_wire_all(conn: &mut DbConnection, rows: &[Row]) -> Result<Vec<BaseDataDomain>> {
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let links: Vec<(String, String)> = if ids.is_empty() {
        Vec::new()
    } else {
        c::base_data_domain_producers
            .select((c::domain_id, c::organisation_id))
            .filter(c::domain_id.eq_any(&ids))
            .load(conn)?
    };
    let mut org_ids: Vec<String> = links
        .iter()
        .map(|(_, o)| o.clone())
        .chain(rows.iter().filter_map(|r| r.responsible_id.clone()))
        .collect();
    org_ids.sort();
    org_ids.dedup();
    let orgs = refs::organisations::refs(conn, &org_ids)?;
    let mut by_domain: HashMap<&str, Vec<EntryRef>> = HashMap::new();
    for (domain, org) in &links {
        by_domain
            .entry(domain.as_str())
            .or_default()
            .push(refs::one(&orgs, org)?);
    }
    rows.iter()
        .map(|r| {
            let mut producers = by_domain.remove(r.id.as_str()).unwrap_or_default();
            // The join table keeps no order; alphabetical is stable and what readers expect.
            producers.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
            r.to_wire(producers, &orgs)
        })
        .collect()
}

fn to_wire_one(conn: &mut DbConnection, row: &Row) -> Result<BaseDataDomain> {
    to_wire_all(conn, std::slice::from_ref(row))?
        .pop()
        .ok_or_else(|| Error::Internal(anyhow::anyhow!("base-data domain {} lost", row.id)))
}

#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub phase: Option<Phase>,
    /// Id or slug of the responsible organisation.
    pub responsible: Option<String>,
    pub q: Option<String>,
    pub origin: Option<OriginMatch>,
}

fn filtered(
    f: &Filter,
    responsible_id: Option<&str>,
) -> base_data_domains::BoxedQuery<'static, MultiBackend> {
    let mut q = t::base_data_domains.into_boxed();
    if let Some(o) = &f.origin {
        q = q.filter(entry::origin_is(t::origin, o));
    }
    if let Some(p) = f.phase {
        q = q.filter(t::phase.eq(p.as_str()));
    }
    if let Some(id) = responsible_id {
        q = q.filter(t::responsible_id.eq(id.to_string()));
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
) -> Result<(Vec<BaseDataDomain>, i64)> {
    let responsible = match &f.responsible {
        Some(r) => match refs::organisations::find_id(conn, &Key::parse(r))? {
            Some(id) => Some(id),
            // No such organisation: it is responsible for nothing, which is an answer, not an
            // error.
            None => return Ok((Vec::new(), 0)),
        },
        None => None,
    };
    let (rows, total) = page_rows!(conn, filtered(f, responsible.as_deref()), t::id, page, Row);
    Ok((to_wire_all(conn, &rows)?, total))
}

find_by_key!(base_data_domains, "base-data domain", slug);

pub fn get(conn: &mut DbConnection, key: &Key) -> Result<BaseDataDomain> {
    let row = find(conn, key)?;
    to_wire_one(conn, &row)
}

/// Resolves every reference of a shape-checked input, reporting all failures at once.
fn resolve(conn: &mut DbConnection, input: BaseDataDomainInput) -> Result<Resolved> {
    let mut e = Errors::default();
    let responsible = input
        .responsible
        .as_deref()
        .map(|r| refs::organisations::resolve(conn, "responsible", r))
        .transpose();
    let responsible_id = e.take(responsible)?.flatten();
    let producers = refs::organisations::resolve_all(conn, "producers", &input.producers);
    let producer_ids = e.take(producers)?.unwrap_or_default();
    e.into_result()?;
    Ok(Resolved {
        input,
        responsible_id,
        producer_ids,
    })
}

fn check_unique(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: &str,
    i: &BaseDataDomainInput,
) -> Result<()> {
    let same_slug: i64 = t::base_data_domains
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

fn insert_producers(conn: &mut DbConnection, domain_id: &str, org_ids: &[String]) -> Result<()> {
    for org in org_ids {
        diesel::insert_into(c::base_data_domain_producers)
            .values(Producer {
                domain_id,
                organisation_id: org,
            })
            .execute(conn)?;
    }
    Ok(())
}

pub fn create(
    conn: &mut DbConnection,
    ctx: &Ctx,
    i: BaseDataDomainInput,
) -> Result<BaseDataDomain> {
    domain::validate::base_data_domain(&i)?;
    // A mirrored entry has the phase its origin decided; here, phases start at Idé.
    let mirrored_phase = ctx.mirror.as_ref().and(i.phase);
    if mirrored_phase.is_none() {
        super::phase_subject::check_create_phase(i.phase, ENTITY)?;
    }
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
            responsible_id: None,
            // Every domain starts as an idea; phase decisions move it on.
            phase: mirrored_phase.unwrap_or(Phase::Ide).as_str().to_string(),
        };
        row.set(&r);
        diesel::insert_into(t::base_data_domains)
            .values(&row)
            .execute(conn)?;
        insert_producers(conn, &row.id, &r.producer_ids)?;
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
    i: BaseDataDomainInput,
) -> Result<BaseDataDomain> {
    domain::validate::base_data_domain(&i)?;
    super::write(conn, |conn| {
        let old = find(conn, key)?;
        check_writable(ctx, &old.origin, old.version, if_match)?;
        let mirrored_phase = ctx.mirror.as_ref().and(i.phase);
        if mirrored_phase.is_none() {
            super::phase_subject::check_replace_phase(i.phase, &old.phase, ENTITY, &old.id)?;
        }
        let r = resolve(conn, i)?;
        check_unique(conn, ctx, &old.id, &r.input)?;
        let before = to_wire_one(conn, &old)?;
        let mut row = old.clone();
        row.set(&r);
        if let Some(p) = mirrored_phase {
            row.phase = p.as_str().into();
        }
        row.version = ctx.version(row.version + 1);
        row.updated_at = ctx.updated(entry::now());
        diesel::update(t::base_data_domains.filter(t::id.eq(&row.id)))
            .set(&row)
            .execute(conn)?;
        diesel::delete(c::base_data_domain_producers.filter(c::domain_id.eq(&row.id)))
            .execute(conn)?;
        insert_producers(conn, &row.id, &r.producer_ids)?;
        let wire = to_wire_one(conn, &row)?;
        changes::updated(conn, ctx, ENTITY, &before, &wire)?;
        Ok(wire)
    })
}

pub fn delete(conn: &mut DbConnection, ctx: &Ctx, key: &Key, if_match: Option<i64>) -> Result<()> {
    super::write(conn, |conn| {
        let old = find(conn, key)?;
        check_writable(ctx, &old.origin, old.version, if_match)?;
        super::scope::refuse_if_in_use(conn, &old.id, "base-data domain")?;
        super::phase_subject::refuse_if_decided(conn, &old.id, "base-data domain")?;
        let before = to_wire_one(conn, &old)?;
        // Producers go with the domain (ON DELETE CASCADE); role assignments and other
        // entries naming the domain refuse the delete.
        diesel::delete(t::base_data_domains.filter(t::id.eq(&old.id)))
            .execute(conn)
            .map_err(|e| referenced(e, "base-data domain"))?;
        changes::deleted(conn, ctx, ENTITY, &before)
    })
}

/// The domain as a phase decision sees it: (id, origin, version, the rule inputs). The
/// register keeps no analyses for base-data domains.
pub(super) fn phase_subject(
    conn: &mut DbConnection,
    key: &Key,
) -> Result<(String, String, i64, domain::phases::Subject)> {
    let r = find(conn, key)?;
    let subject = domain::phases::Subject {
        phase: entry::parse_enum(&r.phase)?,
        has_responsible: r.responsible_id.is_some(),
        analyses: None,
    };
    Ok((r.id, r.origin, r.version, subject))
}

/// Moves the domain to `phase` (the decision was checked and is recorded by the caller).
pub(super) fn set_phase(conn: &mut DbConnection, ctx: &Ctx, id: &str, phase: Phase) -> Result<()> {
    let old = find(conn, &Key::Id(id.to_string()))?;
    let before = to_wire_one(conn, &old)?;
    let mut row = old;
    row.phase = phase.as_str().to_string();
    row.version = ctx.version(row.version + 1);
    row.updated_at = ctx.updated(entry::now());
    diesel::update(t::base_data_domains.filter(t::id.eq(&row.id)))
        .set(&row)
        .execute(conn)?;
    let wire = to_wire_one(conn, &row)?;
    changes::updated(conn, ctx, ENTITY, &before, &wire)
}
