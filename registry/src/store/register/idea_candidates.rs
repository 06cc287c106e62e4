//! Idea candidates: proposed, then qualified, prioritised, rejected or accepted
//! (`domain::ideas`). Accepting one creates its building block in the same transaction.

use diesel::prelude::*;
use openapi::{
    Analyses, BuildingBlockInput, IdeaAcceptanceInput, IdeaCandidate, IdeaCandidateInput,
    IdeaPriorityInput, IdeaQualificationInput, IdeaRejectionInput, IdeaStatus,
};

use crate::error::{Error, Result};
use crate::store::changes;
use crate::store::crud::{Crud, Stored};
use crate::store::entry::{self, check_writable, Ctx, Key};
use crate::store::paging::wire_one;
use crate::store::schema::idea_candidates::{self, dsl as t};
use crate::store::{building_blocks, refs, DbConnection};
use domain::ideas::{self, Step};
use domain::Errors;

pub const ENTITY: &str = "idea-candidates";

stored_row! {
    append IdeaCandidate: idea_candidates, "idea candidate";
    pub struct Row {
        pub title: String,
        pub need: String,
        pub proposer_id: String,
        pub affected_actors: String,
        pub status: String,
        pub assessment: Option<String>,
        pub priority: Option<i32>,
        pub rejection_reason: Option<String>,
        pub building_block_id: Option<String>,
    }
}

row_wire! {
    IdeaCandidate;
    pub struct Refs {
        orgs: organisations[proposer_id],
        blocks: building_blocks[building_block_id],
    }

    fn to_wire(&self, refs: &Refs) -> Result<IdeaCandidate> {
        Ok(IdeaCandidate {
            meta: self.meta()?,
            title: self.title.clone(),
            need: self.need.clone(),
            proposer: refs::one(&refs.orgs, &self.proposer_id)?,
            affected_actors: entry::from_json(&self.affected_actors)?,
            status: entry::parse_enum(&self.status)?,
            assessment: self.assessment.clone(),
            priority: self.priority,
            rejection_reason: self.rejection_reason.clone(),
            building_block: self
                .building_block_id
                .as_deref()
                .map(|b| refs::one(&refs.blocks, b))
                .transpose()?,
        })
    }
}

entry_list! {
    idea_candidates => IdeaCandidate;
    status: IdeaStatus = status.as_str(),
    /// Id or slug of the proposing organisation.
    proposer in organisations: String = proposer_id,
    priority: i32 = priority,
}

fn text(e: &mut Errors, field: &str, value: &str, max: usize) {
    if value.trim().is_empty() {
        e.add(field, "must not be empty");
    } else if value.chars().count() > max {
        e.add(field, format!("must be at most {max} characters"));
    }
}

pub fn propose(conn: &mut DbConnection, ctx: &Ctx, i: IdeaCandidateInput) -> Result<IdeaCandidate> {
    let mut e = Errors::default();
    text(&mut e, "title", &i.title, 300);
    text(&mut e, "need", &i.need, 20_000);
    for (n, a) in i.affected_actors.iter().enumerate() {
        text(&mut e, &format!("affectedActors[{n}]"), a, 300);
    }
    e.into_result()?;
    crate::store::write(conn, |conn| {
        let proposer = refs::organisations::resolve(conn, "proposer", &i.proposer)?;
        let mut row = Row {
            title: i.title,
            need: i.need,
            proposer_id: proposer,
            affected_actors: entry::to_json(&i.affected_actors)?,
            status: IdeaStatus::Foreslagen.as_str().into(),
            ..Row::default()
        };
        row.stamp_new(ctx, ENTITY, ctx.new_id());
        row.insert(conn)?;
        let wire = wire_one(conn, &row)?;
        changes::created(conn, ctx, ENTITY, &wire)?;
        Ok(wire)
    })
}

/// Takes `step` on the candidate `key`: checks it against the table, lets `change` set the
/// fields, and stores the result one version up.
fn take(
    conn: &mut DbConnection,
    ctx: &Ctx,
    key: &Key,
    step: Step,
    change: impl FnOnce(&mut DbConnection, &mut Row) -> Result<()>,
) -> Result<IdeaCandidate> {
    crate::store::write(conn, |conn| {
        let old = find(conn, key)?;
        check_writable(ctx, &old.origin, old.version, None)?;
        let status = ideas::step(entry::parse_enum(&old.status)?, step)
            .map_err(|m| Error::conflict("status", m))?;
        old.amend(conn, ctx, |conn, r| {
            r.status = status.as_str().into();
            change(conn, r)
        })
    })
}

pub fn qualify(
    conn: &mut DbConnection,
    ctx: &Ctx,
    key: &Key,
    i: IdeaQualificationInput,
) -> Result<IdeaCandidate> {
    let mut e = Errors::default();
    text(&mut e, "assessment", &i.assessment, 20_000);
    e.into_result()?;
    take(conn, ctx, key, Step::Qualify, |_, r| {
        r.assessment = Some(i.assessment);
        Ok(())
    })
}

pub fn prioritise(
    conn: &mut DbConnection,
    ctx: &Ctx,
    key: &Key,
    i: IdeaPriorityInput,
) -> Result<IdeaCandidate> {
    if let Some(p) = ideas::priority_problem(i.priority) {
        return Err(Error::field("priority", p));
    }
    take(conn, ctx, key, Step::Prioritise, |_, r| {
        r.priority = Some(i.priority);
        Ok(())
    })
}

pub fn reject(
    conn: &mut DbConnection,
    ctx: &Ctx,
    key: &Key,
    i: IdeaRejectionInput,
) -> Result<IdeaCandidate> {
    let mut e = Errors::default();
    text(&mut e, "reason", &i.reason, 20_000);
    e.into_result()?;
    take(conn, ctx, key, Step::Reject, |_, r| {
        r.rejection_reason = Some(i.reason);
        Ok(())
    })
}

/// Accepts the candidate and creates its building block in phase Idé, in one transaction:
/// either all is written or nothing. The organisation the acceptance names (`responsible`) is
/// the one appointed to lead the exploratory work ("utser en ansvarig aktör att agera som
/// ansvarig för arbetet", 001 §4.1.5): the block's `analysisLead`, not its responsible agency,
/// which is appointed for development and operation (§4.1.6, §6.3.2).
pub fn accept(
    conn: &mut DbConnection,
    ctx: &Ctx,
    key: &Key,
    i: IdeaAcceptanceInput,
) -> Result<IdeaCandidate> {
    take(conn, ctx, key, Step::Accept, |conn, r| {
        let lead = refs::organisations::resolve(conn, "responsible", &i.responsible)?;
        let block = building_blocks::Row::create(
            conn,
            ctx,
            BuildingBlockInput {
                source: None,
                slug: i.slug,
                name: i.name.unwrap_or_else(|| r.title.clone()),
                description: r.need.clone(),
                purpose: String::new(),
                category: i.category,
                phase: None,
                responsible: None,
                analysis_lead: Some(lead),
                analyses: Analyses::default(),
                value_propositions: vec![],
                depends_on: vec![],
                related_external: vec![],
            },
        )?;
        r.building_block_id = Some(block.meta.id.to_string());
        // The acceptance is the owner's decision to start exploratory work (001 §4.1.5).
        let owner = crate::store::decisions::owner(conn, ctx)?;
        if let Some(owner) = owner.filter(|_| !ctx.actor.is_process()) {
            crate::store::decisions::record(
                conn,
                ctx,
                crate::store::decisions::Recorded {
                    kind: openapi::DecisionKind::Ideantagande,
                    date: crate::store::entry::now().date(),
                    reference: None,
                    decider: owner,
                    scope: (
                        openapi::ScopeKind::Byggblock,
                        Some(block.meta.id.to_string()),
                    ),
                    text: format!(
                        "Idékandidaten ”{}” antogs som byggblocket {} i fas Idé: utforskande \
                         utveckling inleds, ledd av {}",
                        r.title,
                        block.name,
                        block.analysis_lead.as_ref().map_or("", |l| l.name.as_str())
                    ),
                    record: (ENTITY, &r.id),
                    source: None,
                },
            )?;
        }
        Ok(())
    })
}

/// Stores a candidate mirrored from its origin as the origin holds it (the steps were checked
/// where they were taken), or removes it for a tombstone. What it refers to must be here.
pub fn mirror(conn: &mut DbConnection, ctx: &Ctx, wire: Option<IdeaCandidate>) -> Result<()> {
    let m = ctx.mirrored()?;
    crate::store::write(conn, |conn| {
        let key = Key::Id(m.id.to_string());
        let old = match find(conn, &key) {
            Ok(old) => Some(wire_one(conn, &old)?),
            Err(Error::NotFound { .. }) => None,
            Err(e) => return Err(e),
        };
        let Some(wire) = wire else {
            if let Some(before) = old {
                diesel::delete(t::idea_candidates.filter(t::id.eq(m.id.to_string())))
                    .execute(conn)?;
                changes::deleted(conn, ctx, ENTITY, &before)?;
            }
            return Ok(());
        };
        let proposer =
            refs::organisations::resolve(conn, "proposer", &wire.proposer.id.to_string())?;
        let building_block_id = wire
            .building_block
            .as_ref()
            .map(|b| refs::building_blocks::resolve(conn, "buildingBlock", &b.id.to_string()))
            .transpose()?;
        let row = Row {
            title: wire.title,
            need: wire.need,
            proposer_id: proposer,
            affected_actors: entry::to_json(&wire.affected_actors)?,
            status: wire.status.as_str().into(),
            assessment: wire.assessment,
            priority: wire.priority,
            rejection_reason: wire.rejection_reason,
            building_block_id,
            ..Row::mirrored(m)
        };
        match old {
            Some(before) => {
                diesel::update(t::idea_candidates.filter(t::id.eq(&row.id)))
                    .set(&row)
                    .execute(conn)?;
                let after = wire_one(conn, &row)?;
                changes::updated(conn, ctx, ENTITY, &before, &after)
            }
            None => {
                diesel::insert_into(t::idea_candidates)
                    .values(&row)
                    .execute(conn)?;
                let after = wire_one(conn, &row)?;
                changes::created(conn, ctx, ENTITY, &after)
            }
        }
    })
}
