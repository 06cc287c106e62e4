use diesel::prelude::*;
use openapi::{BaseDataDomain, BaseDataDomainInput, Phase};

use crate::error::Result;
use crate::store::changes;
use crate::store::crud::{Crud, Stored};
use crate::store::entry::{self, Ctx, Key, PageRequest};
use crate::store::paging::{wire_all, wire_one, ToWire};
use crate::store::phase_subject as phases;
use crate::store::refs;
use crate::store::refs::OrganisationLinks;
use crate::store::schema::base_data_domain_producers::dsl as c;
use crate::store::schema::base_data_domains::{self, dsl as t};
use crate::store::{appointments, DbConnection, MultiBackend};
use domain::appointments::Appointed;
use domain::origin::OriginMatch;
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

impl ToWire for Row {
    type Wire = BaseDataDomain;
    type Refs = OrganisationLinks;

    /// The producers of the page, and the organisations they and the responsible name.
    fn load_refs(conn: &mut DbConnection, rows: &[Row]) -> Result<OrganisationLinks> {
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        let links = c::base_data_domain_producers
            .select((c::domain_id, c::organisation_id))
            .filter(c::domain_id.eq_any(&ids))
            .load(conn)?;
        let named = rows
            .iter()
            .flat_map(|r| [r.responsible_id.clone(), r.analysis_lead_id.clone()])
            .flatten();
        OrganisationLinks::load(conn, links, named)
    }

    fn to_wire(&self, links: &OrganisationLinks) -> Result<BaseDataDomain> {
        Ok(BaseDataDomain {
            meta: self.meta()?,
            source: self.source.clone(),
            slug: self.slug.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            responsible: self
                .responsible_id
                .as_deref()
                .map(|id| refs::one(&links.organisations, id))
                .transpose()?,
            analysis_lead: self
                .analysis_lead_id
                .as_deref()
                .map(|id| refs::one(&links.organisations, id))
                .transpose()?,
            producers: links.listed(&self.id),
            analyses: self.analyses()?,
            phase: entry::parse_enum(&self.phase)?,
        })
    }
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
    let mut q = named_entries!(base_data_domains, f);
    if let Some(p) = f.phase {
        q = q.filter(t::phase.eq(p.as_str()));
    }
    if let Some(id) = responsible_id {
        q = q.filter(t::responsible_id.eq(id.to_string()));
    }
    q
}

pub fn list(
    conn: &mut DbConnection,
    f: &Filter,
    page: &PageRequest,
) -> Result<(Vec<BaseDataDomain>, i64)> {
    let responsible = filter_id!(conn, refs::organisations, &f.responsible);
    let (rows, total) = page_rows!(conn, filtered(f, responsible.as_deref()), t::id, page, Row);
    Ok((wire_all(conn, &rows)?, total))
}

impl Crud for Row {
    const ENTITY: &'static str = ENTITY;
    type Input = BaseDataDomainInput;
    type Wire = BaseDataDomain;
    type Resolved = Resolved;

    fn validate(i: &BaseDataDomainInput) -> Result<()> {
        Ok(domain::validate::base_data_domain(i)?)
    }

    /// A mirrored entry has the phase its origin decided; here, phases start at Idé.
    fn check_create(ctx: &Ctx, i: &BaseDataDomainInput) -> Result<()> {
        phases::check_create_phase(ctx, i.phase, ENTITY)
    }

    fn check_replace(&self, ctx: &Ctx, i: &BaseDataDomainInput) -> Result<()> {
        phases::check_replace_phase(ctx, i.phase, &self.phase, ENTITY, &self.id)
    }

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
        let (current, current_lead): (Option<String>, Option<String>) = t::base_data_domains
            .find(id)
            .select((t::responsible_id, t::analysis_lead_id))
            .first(conn)
            .optional()?
            .unwrap_or_default();
        let producers = refs::organisations::resolve_all(conn, "producers", &input.producers);
        let producer_ids = e.take(producers)?.unwrap_or_default();
        e.into_result()?;
        appointments::check_change(
            conn,
            ctx,
            Appointed::BaseDataDomain,
            current.as_deref(),
            responsible_id.as_deref(),
        )?;
        appointments::check_lead_change(
            conn,
            ctx,
            current_lead.as_deref(),
            analysis_lead_id.as_deref(),
        )?;
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
        if let Some(p) = r.mirrored_phase {
            self.phase = p.as_str().into();
        } else if self.phase.is_empty() {
            // Every domain starts as an idea; phase decisions move it on.
            self.phase = Phase::Ide.as_str().into();
        }
        Ok(())
    }

    fn wire(&self, conn: &mut DbConnection) -> Result<BaseDataDomain> {
        wire_one(conn, self)
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

    /// The appointments' records follow the fields (`appointments::written`).
    fn written(&self, conn: &mut DbConnection, ctx: &Ctx, old: Option<&Self>) -> Result<()> {
        let w = appointments::Written {
            kind: Appointed::BaseDataDomain,
            entity: ENTITY,
            id: &self.id,
            responsible: self.responsible_id.as_deref(),
            lead: self.analysis_lead_id.as_deref(),
            old_lead: old.map(|o| o.analysis_lead_id.as_deref()),
            source: self.source.as_deref(),
        };
        appointments::written(conn, ctx, w)
    }

    /// The appointment ends with the entry (`appointments::end`).
    fn removing(&self, conn: &mut DbConnection, ctx: &Ctx) -> Result<()> {
        appointments::end(conn, ctx, Appointed::BaseDataDomain, &self.id)
    }

    /// Role assignments and other entries naming the domain refuse the delete, and so do its
    /// phase decisions, which are its history.
    fn check_delete(&self, conn: &mut DbConnection) -> Result<()> {
        crate::store::scope::refuse_if_in_use(conn, &self.id, "base-data domain")?;
        phases::refuse_if_decided(conn, &self.id, "base-data domain")
    }
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

/// Moves the domain to `phase` (the decision was checked and is recorded by the caller).
pub(in crate::store) fn set_phase(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: &str,
    phase: Phase,
) -> Result<()> {
    let old = find(conn, &Key::Id(id.to_string()))?;
    let before = wire_one(conn, &old)?;
    let mut row = old;
    row.phase = phase.as_str().to_string();
    row.stamp_update(ctx);
    row.update(conn)?;
    let wire = wire_one(conn, &row)?;
    changes::updated(conn, ctx, ENTITY, &before, &wire)
}
