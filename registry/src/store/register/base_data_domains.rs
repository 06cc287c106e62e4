use diesel::prelude::*;
use openapi::{BaseDataDomain, BaseDataDomainInput, Phase};

use crate::error::Result;
use crate::store::crud::Crud;
use crate::store::entry::{self, Ctx, Key};
use crate::store::phase_subject as phases;
use crate::store::refs;
use crate::store::refs::OrganisationLinks;
use crate::store::schema::base_data_domain_producers::dsl as c;
use crate::store::schema::base_data_domains::{self, dsl as t};
use crate::store::{appointments, DbConnection};
use domain::appointments::Appointed;
use domain::Errors;

pub const ENTITY: &str = "base-data-domains";

stored_row! {
    base_data_domains, "base-data domain", slug;
    pub struct Row {
        pub slug: String,
        pub name: String,
        pub description: String,
        pub responsible_id: Option<String>,
        pub phase: String,
        /// Where the entry's facts come from (a report and its section).
        pub source: Option<String>,
        pub analysis_funding: String,
        pub analysis_legal: String,
        pub analysis_risk: String,
        pub analysis_benefit: String,
        pub analysis_lead_id: Option<String>,
    }
}

impl Row {
    fn analyses(&self) -> Result<openapi::Analyses> {
        phases::analyses([
            &self.analysis_funding,
            &self.analysis_legal,
            &self.analysis_risk,
            &self.analysis_benefit,
        ])
    }
}

/// An input with its references resolved to ids.
pub struct Resolved {
    input: BaseDataDomainInput,
    responsible_id: Option<String>,
    producer_ids: Vec<String>,
    /// The phase a mirrored entry has at its origin.
    mirrored_phase: Option<Phase>,
    analysis_lead_id: Option<String>,
}

row_wire! {
    BaseDataDomain;
    organisations listed in c::base_data_domain_producers(domain_id, organisation_id)
    and named by [responsible_id, analysis_lead_id];

    fn to_wire(&self, links: &OrganisationLinks) -> Result<BaseDataDomain> {
        Ok(BaseDataDomain {
            meta: self.meta()?,
            source: self.source.clone(),
            slug: self.slug.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            responsible: refs::optional(&links.organisations, &self.responsible_id)?,
            analysis_lead: refs::optional(&links.organisations, &self.analysis_lead_id)?,
            producers: links.listed(&self.id),
            analyses: self.analyses()?,
            phase: entry::parse_enum(&self.phase)?,
        })
    }
}

entry_list! {
    base_data_domains => BaseDataDomain;
    phase: Phase = phase.as_str(),
    /// Id or slug of the responsible organisation.
    responsible in organisations: String = responsible_id,
    /// Part of the name or slug.
    q: String => |query, s| query.filter(name_or_slug!(s)),
}

impl Crud for Row {
    type Input = BaseDataDomainInput;
    type Resolved = Resolved;

    /// Resolves every reference, reporting all failures at once; then the slug must be free.
    fn resolve(
        conn: &mut DbConnection,
        ctx: &Ctx,
        id: &str,
        input: BaseDataDomainInput,
    ) -> Result<Resolved> {
        let mut e = Errors::default();
        let responsible = input
            .responsible
            .as_deref()
            .map(|r| refs::organisations::resolve(conn, "responsible", r))
            .transpose();
        let responsible_id = e.take(responsible)?.flatten();
        let lead = input
            .analysis_lead
            .as_deref()
            .map(|r| refs::organisations::resolve(conn, "analysisLead", r))
            .transpose();
        let analysis_lead_id = e.take(lead)?.flatten();
        let current: (Option<String>, Option<String>) = t::base_data_domains
            .find(id)
            .select((t::responsible_id, t::analysis_lead_id))
            .first(conn)
            .optional()?
            .unwrap_or_default();
        let producers = refs::organisations::resolve_all(conn, "producers", &input.producers);
        let producer_ids = e.take(producers)?.unwrap_or_default();
        e.into_result()?;
        let (kind, lead) = (Appointed::BaseDataDomain, &analysis_lead_id);
        appointments::check_appointees(conn, ctx, kind, &current, &responsible_id, lead)?;
        slug_free!(conn, base_data_domains, ctx, id, &input.slug);
        Ok(Resolved {
            mirrored_phase: ctx.mirror.as_ref().and(input.phase),
            input,
            responsible_id,
            analysis_lead_id,
            producer_ids,
        })
    }

    fn set(&mut self, r: &Resolved) -> Result<()> {
        self.slug = r.input.slug.clone();
        self.source = r.input.source.clone();
        [
            self.analysis_funding,
            self.analysis_legal,
            self.analysis_risk,
            self.analysis_benefit,
        ] = phases::analysis_columns(&r.input.analyses);
        self.name = r.input.name.clone();
        self.description = r.input.description.clone();
        self.responsible_id = r.responsible_id.clone();
        self.analysis_lead_id = r.analysis_lead_id.clone();
        self.phase = crate::store::phase_subject::phase_after_write(&self.phase, r.mirrored_phase);
        Ok(())
    }

    /// Producers go with the domain (ON DELETE CASCADE).
    fn write_links(&self, conn: &mut DbConnection, r: &Resolved, replacing: bool) -> Result<()> {
        write_join_rows!(
            conn,
            c::base_data_domain_producers,
            c::domain_id,
            &self.id,
            c::organisation_id,
            &r.producer_ids,
            replacing
        );
        Ok(())
    }

    phase_subject_hooks!(Appointed::BaseDataDomain, "base-data domain");
}

/// The domain as a phase decision sees it: (id, origin, version, the rule inputs). The
/// register keeps no analyses for base-data domains.
pub(in crate::store) fn phase_subject(
    conn: &mut DbConnection,
    key: &Key,
) -> Result<(String, String, i64, domain::phases::Subject)> {
    let r = find(conn, key)?;
    let subject = domain::phases::Subject {
        phase: entry::parse_enum(&r.phase)?,
        has_responsible: r.responsible_id.is_some(),
        analyses: r.analyses()?,
    };
    Ok((r.id, r.origin, r.version, subject))
}
