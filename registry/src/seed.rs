//! The register of the source report (`registry/seed/register.json`, distilled from report 001
//! with its sources cited per entry), loaded into an empty database in one transaction.

use anyhow::Context;
use openapi::*;
use serde::Deserialize;

use crate::store::crud::Crud;
use crate::store::{self, Ctx, Db};

pub const SEED_JSON: &str = include_str!("../seed/register.json");

/// An entry of the seed file: the input a client would send, with where it comes from
/// required (the input's own `source` is optional).
#[derive(Debug, Deserialize)]
struct Sourced<T> {
    source: String,
    #[serde(flatten)]
    input: T,
}

/// An input that cites where its facts come from.
trait Cites {
    fn cite(self, source: String) -> Self;
}

macro_rules! cites {
    ($($t:ty),*) => {$(
        impl Cites for $t {
            fn cite(mut self, source: String) -> Self {
                self.source = Some(source);
                self
            }
        }
    )*};
}

cites!(
    OrganisationInput,
    RoleAssignmentInput,
    CompetenceAreaInput,
    BuildingBlockInput,
    BaseDataDomainInput,
    FundingNeedInput,
    BenefitInput,
    ApiInput,
    IndicatorYearInput,
    ForumInput,
    SharedServiceInput
);

impl<T: Cites> Sourced<T> {
    /// The input, citing its source.
    fn cited(self) -> T {
        self.input.cite(self.source)
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SeedMilestone {
    number: i32,
    description: String,
    due: String,
    done_criteria: String,
    area: String,
    responsible: String,
    status: WorkStatus,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SeedPlan {
    slug: String,
    name: String,
    kind: PlanKind,
    description: String,
    subject_building_block: Option<String>,
    milestones: Vec<SeedMilestone>,
    source: String,
}

/// A phase decision of the seed, on a building block or a base-data domain.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SeedPhaseDecision {
    #[serde(default)]
    building_block: Option<String>,
    #[serde(default)]
    base_data_domain: Option<String>,
    phase: Phase,
    decision_date: chrono::NaiveDate,
    deciding_organisation: String,
    reference: String,
    justification: String,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SeedFile {
    #[allow(dead_code)]
    source: String,
    #[allow(dead_code)]
    reading_notes: Vec<String>,
    organisations: Vec<Sourced<OrganisationInput>>,
    roles: Vec<Sourced<RoleAssignmentInput>>,
    competence_areas: Vec<Sourced<CompetenceAreaInput>>,
    building_blocks: Vec<Sourced<BuildingBlockInput>>,
    base_data_domains: Vec<Sourced<BaseDataDomainInput>>,
    /// Decisions that walk the blocks from Idé to the phases the report gives them.
    phase_decisions: Vec<SeedPhaseDecision>,
    plans: Vec<SeedPlan>,
    funding_needs: Vec<Sourced<FundingNeedInput>>,
    benefits: Vec<Sourced<BenefitInput>>,
    /// A few APIs of the seeded agencies, so the catalogue is not empty for a newcomer.
    #[serde(default)]
    apis: Vec<Sourced<ApiInput>>,
    /// The denominators of Statskontoret's first two indicators, per year (000 §2).
    #[serde(default)]
    indicator_years: Vec<Sourced<IndicatorYearInput>>,
    /// The coordination forums the report establishes (001 §4.1.2.2, §4.1.3).
    #[serde(default)]
    forums: Vec<Sourced<ForumInput>>,
    /// The coordinated state IT operation services and their supplier agencies (000 bilaga 2).
    #[serde(default)]
    shared_services: Vec<Sourced<SharedServiceInput>>,
}

/// Loads the seed when the register is empty; returns how many entries were written.
pub fn load_if_empty(db: &Db, node_id: &str, public_url: &str) -> anyhow::Result<Option<usize>> {
    let seed: SeedFile = serde_json::from_str(SEED_JSON).context("reading the seed file")?;
    let ctx = Ctx::local(
        node_id,
        public_url,
        crate::store::entry::Actor::process("seed"),
    );
    let mut conn = db.get()?;
    let loaded = store::write(&mut conn, |c| {
        if !store::is_empty(c)? {
            return Ok(None);
        }
        let mut n = 0;
        for o in seed.organisations {
            store::organisations::Row::create(c, &ctx, o.cited())?;
            n += 1;
        }
        // Blocks first without their dependencies, so that the order in the file is free.
        let mut dependencies = vec![];
        for b in seed.building_blocks {
            let mut input = b.cited();
            if !input.depends_on.is_empty() {
                dependencies.push(input.clone());
                input.depends_on.clear();
            }
            store::building_blocks::Row::create(c, &ctx, input)?;
            n += 1;
        }
        for input in dependencies {
            let key = store::Key::Slug(input.slug.clone());
            store::building_blocks::Row::replace(c, &ctx, &key, None, input)?;
        }
        for a in seed.competence_areas {
            store::competence_areas::Row::create(c, &ctx, a.cited())?;
            n += 1;
        }
        for d in seed.base_data_domains {
            store::base_data_domains::Row::create(c, &ctx, d.cited())?;
            n += 1;
        }
        // The roles first: a phase decision is the infrastructure owner's (domain::phases).
        for r in seed.roles {
            store::role_assignments::Row::create(c, &ctx, r.cited())?;
            n += 1;
        }
        // The forums are convened by the infrastructure owner, so after the roles.
        for f in seed.forums {
            store::forums::Row::create(c, &ctx, f.cited())?;
            n += 1;
        }
        for d in seed.phase_decisions {
            let (kind, subject) = match (d.building_block, d.base_data_domain) {
                (Some(b), None) => (ScopeKind::Byggblock, b),
                (None, Some(g)) => (ScopeKind::Grunddatadoman, g),
                _ => {
                    return Err(crate::error::Error::field(
                        "phaseDecisions",
                        "names a building block or a base-data domain",
                    ))
                }
            };
            let input = PhaseDecisionInput {
                phase: d.phase,
                decision_date: d.decision_date,
                deciding_organisation: d.deciding_organisation,
                reference: d.reference,
                justification: d.justification,
                source: Some(d.source),
            };
            store::phase_decisions::decide(c, &ctx, kind, &store::Key::Slug(subject), input)?;
            n += 1;
        }
        for p in seed.plans {
            let scope = match p.subject_building_block {
                Some(b) => ScopeInput {
                    kind: ScopeKind::Byggblock,
                    subject: Some(b),
                },
                None => ScopeInput {
                    kind: ScopeKind::Infrastruktur,
                    subject: None,
                },
            };
            let plan = PlanInput {
                slug: p.slug.clone(),
                name: p.name,
                kind: p.kind,
                description: p.description,
                scope,
                source: Some(p.source),
            };
            store::plans::Row::create(c, &ctx, plan)?;
            n += 1;
            for m in p.milestones {
                let input = MilestoneInput {
                    plan: p.slug.clone(),
                    number: m.number,
                    description: m.description,
                    due: m.due,
                    done_criteria: m.done_criteria,
                    area: m.area,
                    responsible: m.responsible,
                    status: m.status,
                };
                store::milestones::Row::create(c, &ctx, input)?;
                n += 1;
            }
        }
        for f in seed.funding_needs {
            store::funding_needs::Row::create(c, &ctx, f.cited())?;
            n += 1;
        }
        for b in seed.benefits {
            store::benefits::Row::create(c, &ctx, b.cited())?;
            n += 1;
        }
        for a in seed.apis {
            store::apis::Row::create(c, &ctx, a.cited())?;
            n += 1;
        }
        for y in seed.indicator_years {
            store::indicator_years::Row::create(c, &ctx, y.cited())?;
            n += 1;
        }
        for s in seed.shared_services {
            store::shared_services::Row::create(c, &ctx, s.cited())?;
            n += 1;
        }
        Ok(Some(n))
    })
    .map_err(|e| anyhow::anyhow!("loading the seed: {e}"))?;
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_seed_file_reads() {
        let seed: super::SeedFile = serde_json::from_str(super::SEED_JSON).unwrap();
        assert_eq!(seed.building_blocks.len(), 14);
        // 000 §1.1.5 counts 14 services in September 2025; bilaga 2 lists them.
        assert_eq!(seed.shared_services.len(), 14);
        assert_eq!(seed.plans[0].milestones.len(), 19);
        assert_eq!(seed.apis.len(), 5);
        for a in &seed.apis {
            domain::validate::api(&a.input).unwrap();
        }
    }
}
