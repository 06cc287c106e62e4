use diesel::prelude::*;
use openapi::{CompetenceArea, CompetenceAreaInput, CompetenceAreaStatus};

use crate::error::Result;
use crate::store::appointments;
use crate::store::crud::Crud;
use crate::store::entry::{self, Ctx, Key};
use crate::store::refs;
use crate::store::refs::OrganisationLinks;
use crate::store::schema::competence_area_contributors::dsl as c;
use crate::store::schema::competence_areas::{self, dsl as t};
use crate::store::DbConnection;
use domain::appointments::Appointed;
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

row_wire! {
    CompetenceArea;
    organisations listed in c::competence_area_contributors(area_id, organisation_id)
    and named by [home_organisation_id];

    fn to_wire(&self, links: &OrganisationLinks) -> Result<CompetenceArea> {
        Ok(CompetenceArea {
            meta: self.meta()?,
            source: self.source.clone(),
            slug: self.slug.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            home_organisation: refs::optional(&links.organisations, &self.home_organisation_id)?,
            contributors: links.listed(&self.id),
            status: entry::parse_enum(&self.status)?,
        })
    }
}

entry_list! {
    competence_areas => CompetenceArea;
    status: CompetenceAreaStatus = status.as_str(),
    /// Id or slug of the home organisation.
    home_organisation in organisations: String = home_organisation_id,
    /// Part of the name or slug.
    q: String => |query, s| query.filter(name_or_slug!(s)),
}

impl Crud for Row {
    type Input = CompetenceAreaInput;
    type Resolved = Resolved;

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
