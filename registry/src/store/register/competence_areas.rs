use diesel::prelude::*;
use openapi::{CompetenceArea, CompetenceAreaInput, CompetenceAreaStatus};

use crate::error::Result;
use crate::store::appointments;
use crate::store::crud::Crud;
use crate::store::entry::{self, Ctx, Key, PageRequest};
use crate::store::paging::{wire_all, wire_one, ToWire};
use crate::store::refs;
use crate::store::refs::OrganisationLinks;
use crate::store::schema::competence_area_contributors::dsl as c;
use crate::store::schema::competence_areas::{self, dsl as t};
use crate::store::{DbConnection, MultiBackend};
use domain::appointments::Appointed;
use domain::origin::OriginMatch;
use domain::Errors;

pub const ENTITY: &str = "competence-areas";

stored_row! {
    competence_areas, "competence area", slug;
    pub struct Row {
        pub slug: String,
        pub name: String,
        pub description: String,
        pub home_organisation_id: Option<String>,
        pub status: String,
        /// Where the entry's facts come from (a report and its section).
        pub source: Option<String>,
    }
}

/// An input with its references resolved to ids.
pub struct Resolved {
    input: CompetenceAreaInput,
    home_organisation_id: Option<String>,
    contributor_ids: Vec<String>,
}

impl ToWire for Row {
    type Wire = CompetenceArea;
    type Refs = OrganisationLinks;

    /// The contributors of the page, and the organisations they and the home organisations
    /// name.
    fn load_refs(conn: &mut DbConnection, rows: &[Row]) -> Result<OrganisationLinks> {
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        let links = c::competence_area_contributors
            .select((c::area_id, c::organisation_id))
            .filter(c::area_id.eq_any(&ids))
            .load(conn)?;
        let homes = rows.iter().filter_map(|r| r.home_organisation_id.clone());
        OrganisationLinks::load(conn, links, homes)
    }

    fn to_wire(&self, links: &OrganisationLinks) -> Result<CompetenceArea> {
        Ok(CompetenceArea {
            meta: self.meta()?,
            source: self.source.clone(),
            slug: self.slug.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            home_organisation: self
                .home_organisation_id
                .as_deref()
                .map(|id| refs::one(&links.organisations, id))
                .transpose()?,
            contributors: links.listed(&self.id),
            status: entry::parse_enum(&self.status)?,
        })
    }
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
    let mut q = named_entries!(competence_areas, f);
    if let Some(s) = f.status {
        q = q.filter(t::status.eq(s.as_str()));
    }
    if let Some(id) = home_organisation_id {
        q = q.filter(t::home_organisation_id.eq(id.to_string()));
    }
    q
}

pub fn list(
    conn: &mut DbConnection,
    f: &Filter,
    page: &PageRequest,
) -> Result<(Vec<CompetenceArea>, i64)> {
    let home = filter_id!(conn, refs::organisations, &f.home_organisation);
    let (rows, total) = page_rows!(conn, filtered(f, home.as_deref()), t::id, page, Row);
    Ok((wire_all(conn, &rows)?, total))
}

impl Crud for Row {
    const ENTITY: &'static str = ENTITY;
    type Input = CompetenceAreaInput;
    type Wire = CompetenceArea;
    type Resolved = Resolved;

    fn validate(i: &CompetenceAreaInput) -> Result<()> {
        Ok(domain::validate::competence_area(i)?)
    }

    /// Resolves every reference, reporting all failures at once; then the slug must be free.
    fn resolve(
        conn: &mut DbConnection,
        ctx: &Ctx,
        id: &str,
        input: CompetenceAreaInput,
    ) -> Result<Resolved> {
        let mut e = Errors::default();
        let home = input
            .home_organisation
            .as_deref()
            .map(|r| refs::organisations::resolve(conn, "homeOrganisation", r))
            .transpose();
        let home_organisation_id = e.take(home)?.flatten();
        let current: Option<String> = t::competence_areas
            .find(id)
            .select(t::home_organisation_id)
            .first(conn)
            .optional()?
            .flatten();
        let contributors =
            refs::organisations::resolve_all(conn, "contributors", &input.contributors);
        let contributor_ids = e.take(contributors)?.unwrap_or_default();
        e.into_result()?;
        appointments::check_change(
            conn,
            ctx,
            Appointed::CompetenceArea,
            current.as_deref(),
            home_organisation_id.as_deref(),
        )?;
        slug_free!(conn, competence_areas, ctx, id, &input.slug);
        Ok(Resolved {
            input,
            home_organisation_id,
            contributor_ids,
        })
    }

    fn set(&mut self, r: &Resolved) -> Result<()> {
        self.slug = r.input.slug.clone();
        self.source = r.input.source.clone();
        self.name = r.input.name.clone();
        self.description = r.input.description.clone();
        self.home_organisation_id = r.home_organisation_id.clone();
        self.status = r.input.status.as_str().to_string();
        Ok(())
    }

    fn wire(&self, conn: &mut DbConnection) -> Result<CompetenceArea> {
        wire_one(conn, self)
    }

    fn write_links(&self, conn: &mut DbConnection, r: &Resolved, replacing: bool) -> Result<()> {
        write_join_rows!(
            conn,
            c::competence_area_contributors,
            c::area_id,
            &self.id,
            c::organisation_id,
            &r.contributor_ids,
            replacing
        );
        Ok(())
    }

    /// The appointment's record follows the field (`appointments`).
    fn written(&self, conn: &mut DbConnection, ctx: &Ctx, _old: Option<&Self>) -> Result<()> {
        appointments::record(
            conn,
            ctx,
            Appointed::CompetenceArea,
            &self.id,
            self.home_organisation_id.as_deref(),
            self.source.as_deref(),
        )
    }

    /// The appointment ends with the entry (`appointments::end`).
    fn removing(&self, conn: &mut DbConnection, ctx: &Ctx) -> Result<()> {
        appointments::end(conn, ctx, Appointed::CompetenceArea, &self.id)
    }

    /// Role assignments and other entries naming the area refuse the delete; its
    /// contributors go with it (ON DELETE CASCADE).
    fn check_delete(&self, conn: &mut DbConnection) -> Result<()> {
        crate::store::scope::refuse_if_in_use(conn, &self.id, "competence area")
    }
}
