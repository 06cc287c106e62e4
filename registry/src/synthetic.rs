//! A large, realistic-looking register for benchmarks: `registry seed --synthetic N` adds N
//! building blocks (and one organisation per ten blocks) with Swedish text, every category,
//! phase and analysis status, and dependencies on earlier blocks (so never a cycle).
//! `--synthetic-apis M` adds M APIs of the seeded agencies, linked to the seeded building
//! blocks, with every status, access right and theme.

use openapi::*;

use crate::store::crud::Crud;
use crate::store::{self, Ctx, Db};

const WORDS: &[&str] = &[
    "ärenden",
    "ombud",
    "behörighet",
    "informationsutbyte",
    "katalog",
    "tjänst",
    "adress",
    "identitet",
    "tillit",
    "säkerhet",
    "metadata",
    "index",
    "meddelande",
    "profil",
    "spårbarhet",
    "tillgänglighet",
    "grunddata",
    "företag",
    "person",
    "fastighet",
    "kommun",
    "region",
    "myndighet",
    "digital",
    "post",
    "underskrift",
    "autentisering",
    "arkiv",
    "register",
    "api",
];

/// A small deterministic generator (64-bit LCG), so that runs are comparable.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[(self.next() as usize) % xs.len()].clone()
    }
    fn text(&mut self, words: usize) -> String {
        (0..words)
            .map(|_| self.pick(WORDS))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Adds `n` synthetic building blocks; returns how many entries were written. `progress` is
/// told how many blocks are written so far.
pub fn load(
    db: &Db,
    node_id: &str,
    public_url: &str,
    n: usize,
    progress: &dyn Fn(usize),
) -> anyhow::Result<usize> {
    let ctx = Ctx::local(
        node_id,
        public_url,
        crate::store::entry::Actor::process("synthetic"),
    );
    let run = uuid::Uuid::now_v7().simple().to_string()[20..].to_string();
    let mut rng = Lcg(42);
    let mut conn = db.get()?;
    let fail = |e: crate::error::Error| anyhow::anyhow!("loading synthetic data: {e}");
    let orgs = store::write(&mut conn, |c| {
        let mut orgs = vec![];
        for i in 0..n.div_ceil(10) {
            let slug = format!("syn-{run}-org-{i}");
            store::organisations::Row::create(
                c,
                &ctx,
                OrganisationInput {
                    source: None,
                    slug: slug.clone(),
                    name: format!("Syntetisk myndighet {i}"),
                    short_name: None,
                    kind: rng.pick(OrganisationKind::ALL),
                    organisation_number: None,
                    preparedness_agency: rng.next().is_multiple_of(4),
                    website: None,
                },
            )?;
            orgs.push(slug);
        }
        Ok(orgs)
    })
    .map_err(fail)?;
    // Phases are decided by the infrastructure owner of the seeded register.
    let owner = store::catalog::infrastructure_owner(&mut conn)
        .map_err(fail)?
        .map(|p| p.id)
        .ok_or_else(|| anyhow::anyhow!("no organisation holds infrastrukturansvarig to decide the synthetic blocks' phases"))?;
    let mut blocks: Vec<String> = vec![];
    // Transactions of 500 blocks, with the planner's statistics refreshed after each:
    // PostgreSQL would otherwise plan the lookups of the growing tables as if they were empty.
    while blocks.len() < n {
        let upto = (blocks.len() + 500).min(n);
        store::write(&mut conn, |c| {
            for i in blocks.len()..upto {
                let slug = format!("syn-{run}-block-{i}");
                let depends_on = match blocks.len() {
                    0 => vec![],
                    len => (0..rng.next() % 3)
                        .map(|_| blocks[(rng.next() as usize) % len].clone())
                        .collect::<std::collections::BTreeSet<_>>()
                        .into_iter()
                        .collect(),
                };
                let status = [WorkStatus::EjPaborjad, WorkStatus::Pagar, WorkStatus::Klar];
                // Phases are reached through decisions, and a block past Analys och krav has
                // done its four analyses and has a responsible organisation (domain::phases).
                let phase = rng.pick(Phase::ALL);
                let developed = phase > Phase::AnalysOchKrav;
                let mut analysis = || {
                    if developed {
                        WorkStatus::Klar
                    } else {
                        rng.pick(&status)
                    }
                };
                let analyses = Analyses {
                    funding: analysis(),
                    legal: analysis(),
                    risk: analysis(),
                    benefit: analysis(),
                };
                let responsible =
                    (developed || !rng.next().is_multiple_of(5)).then(|| rng.pick(&orgs));
                store::building_blocks::Row::create(
                    c,
                    &ctx,
                    BuildingBlockInput {
                        analysis_lead: None,
                        source: None,
                        slug: slug.clone(),
                        name: format!("{} {i}", rng.text(2)),
                        description: rng.text(40),
                        purpose: rng.text(15),
                        category: rng.pick(Category::ALL),
                        phase: None,
                        responsible,
                        analyses,
                        value_propositions: vec![rng.text(6)],
                        depends_on,
                        related_external: vec![],
                    },
                )?;
                for step in domain::phases::path(Phase::Ide, phase) {
                    store::phase_decisions::decide(
                        c,
                        &ctx,
                        ScopeKind::Byggblock,
                        &store::Key::Slug(slug.clone()),
                        PhaseDecisionInput {
                            source: None,
                            phase: step,
                            decision_date: chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
                                .unwrap_or_default(),
                            deciding_organisation: owner.clone(),
                            reference: format!("SYN-{run}-{i}"),
                            // Decommissioning is decided with a reason (domain::phases).
                            justification: if step == Phase::Avveckling {
                                "Syntetiskt avvecklat.".into()
                            } else {
                                String::new()
                            },
                        },
                    )?;
                }
                blocks.push(slug);
                progress(blocks.len());
            }
            Ok(())
        })
        .map_err(fail)?;
        store::analyze(&mut conn).map_err(fail)?;
    }
    Ok(orgs.len() + blocks.len())
}

/// Seeded agencies and building blocks the synthetic APIs refer to.
const PUBLISHERS: &[&str] = &[
    "bolagsverket",
    "e-halsomyndigheten",
    "forsakringskassan",
    "lantmateriet",
    "digg",
    "msb",
    "riksarkivet",
    "skatteverket",
    "scb",
    "skr",
    "arbetsformedlingen",
    "naturvardsverket",
];
const BLOCKS: &[&str] = &[
    "mina-ombud",
    "mina-arenden",
    "digital-post",
    "api-hantering",
    "adressregister",
    "identitet",
    "auktorisation",
    "indexering",
];

/// APIs written per transaction.
const BATCH: usize = 1000;

/// Adds `m` synthetic APIs (the seed must be loaded); returns how many were written.
/// `progress` is told how many are written (committed) so far.
pub fn load_apis(
    db: &Db,
    node_id: &str,
    public_url: &str,
    m: usize,
    progress: &dyn Fn(usize),
) -> anyhow::Result<usize> {
    let ctx = Ctx::local(
        node_id,
        public_url,
        crate::store::entry::Actor::process("synthetic"),
    );
    let mut rng = Lcg(7);
    let mut conn = db.get()?;
    let mut written = 0;
    while written < m {
        let batch = BATCH.min(m - written);
        let mut inputs = Vec::with_capacity(batch);
        for i in written..written + batch {
            let publisher = rng.pick(PUBLISHERS);
            let blocks = if rng.next().is_multiple_of(3) {
                vec![]
            } else {
                vec![rng.pick(BLOCKS).to_string()]
            };
            let first = rng.pick(DataTheme::ALL);
            let second = rng.pick(DataTheme::ALL);
            let themes = if first == second {
                vec![first]
            } else {
                vec![first, second]
            };
            inputs.push(ApiInput {
                title: Localized {
                    sv: format!("{} {i}", rng.text(3)),
                    en: format!("API {i}"),
                },
                description: Localized {
                    sv: rng.text(30),
                    en: String::new(),
                },
                publisher: publisher.to_string(),
                endpoint_urls: vec![format!("https://api.{publisher}.example/v1/api-{i}")],
                building_blocks: blocks,
                status: Some(rng.pick(ApiStatus::ALL)),
                sunset_date: None,
                successor: None,
                licence: Some("http://creativecommons.org/publicdomain/zero/1.0/".into()),
                access_rights: Some(rng.pick(AccessRights::ALL)),
                contact_point: Some(ContactPoint {
                    name: "API-support".into(),
                    email: Some(format!("api@{publisher}.example")),
                    url: None,
                    telephone: None,
                }),
                keywords: vec![rng.pick(WORDS).to_string(), rng.pick(WORDS).to_string()]
                    .into_iter()
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect(),
                themes,
                conforms_to: vec![],
                documentation_url: None,
                sla: None,
                spec_url: None,
                ..Default::default()
            });
        }
        store::apis::create_many(&mut conn, &ctx, inputs)
            .map_err(|e| anyhow::anyhow!("loading synthetic APIs: {e}"))?;
        written += batch;
        progress(written);
    }
    Ok(written)
}
