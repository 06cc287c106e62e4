//! What a subject of phase decisions (a building block, a base-data domain) checks before it
//! changes: its phase moves only by decision, and its decisions are history it cannot lose.
//! Below both the subjects and `phase_decisions`, which sets the subjects' phase.

use diesel::prelude::*;
use openapi::{Analyses, Phase};

use crate::error::{Error, Result};
use crate::store::entry;
use crate::store::schema::phase_decisions::dsl as t;
use crate::store::{Ctx, DbConnection};

/// The phase a subject has after a write: its origin's for a mirrored entry; else it keeps its
/// phase, and a new one starts as an idea (phase decisions move it on).
pub fn phase_after_write(current: &str, mirrored: Option<Phase>) -> String {
    match mirrored {
        Some(p) => p.as_str().into(),
        None if current.is_empty() => Phase::Ide.as_str().into(),
        None => current.into(),
    }
}

/// The `Crud` hooks a phase subject shares, in its `impl Crud`: a mirrored entry has the phase
/// its origin decided, here phases start at Idé and move only by decision; the appointments'
/// records follow its responsible organisation and analysis lead (`appointments::written`) and
/// end with it (`appointments::end`); entries naming it refuse its delete (`scope`), and so do
/// its phase decisions, which are its history.
macro_rules! phase_subject_hooks {
    ($kind:expr, $what:literal) => {
        fn check_create(ctx: &Ctx, i: &Self::Input) -> Result<()> {
            $crate::store::phase_subject::check_create_phase(ctx, i.phase, ENTITY)
        }

        fn check_replace(&self, ctx: &Ctx, i: &Self::Input) -> Result<()> {
            $crate::store::phase_subject::check_replace_phase(
                ctx,
                i.phase,
                &self.phase,
                ENTITY,
                &self.id,
            )
        }

        fn written(&self, conn: &mut DbConnection, ctx: &Ctx, old: Option<&Self>) -> Result<()> {
            let w = appointments::Written {
                kind: $kind,
                entity: ENTITY,
                id: &self.id,
                responsible: self.responsible_id.as_deref(),
                lead: self.analysis_lead_id.as_deref(),
                old_lead: old.map(|o| o.analysis_lead_id.as_deref()),
                source: self.source.as_deref(),
            };
            appointments::written(conn, ctx, w)
        }

        fn removing(&self, conn: &mut DbConnection, ctx: &Ctx) -> Result<()> {
            appointments::end(conn, ctx, $kind, &self.id)
        }

        fn check_delete(&self, conn: &mut DbConnection) -> Result<()> {
            $crate::store::scope::refuse_if_in_use(conn, &self.id, $what)?;
            $crate::store::phase_subject::refuse_if_decided(conn, &self.id, $what)
        }
    };
}

/// A subject's four analyses as its columns hold them: funding, legal, risk, benefit.
pub(in crate::store) fn analyses(columns: [&str; 4]) -> Result<Analyses> {
    let [funding, legal, risk, benefit] = columns;
    Ok(Analyses {
        funding: entry::parse_enum(funding)?,
        legal: entry::parse_enum(legal)?,
        risk: entry::parse_enum(risk)?,
        benefit: entry::parse_enum(benefit)?,
    })
}

/// The columns of a subject's four analyses, in the order `analyses` reads them.
pub(in crate::store) fn analysis_columns(a: &Analyses) -> [String; 4] {
    [a.funding, a.legal, a.risk, a.benefit].map(|s| s.as_str().to_string())
}

/// The problem for a phase sent with a new entry: it starts in `ide` (a mirrored entry has the
/// phase its origin decided).
pub fn check_create_phase(ctx: &Ctx, phase: Option<Phase>, entity: &str) -> Result<()> {
    if ctx.mirror.is_some() && phase.is_some() {
        return Ok(());
    }
    match phase {
        Some(p) if p != Phase::Ide => Err(Error::rule(
            "phase",
            format!(
                "a new entry starts in phase ide, not {p}; later phases are decided with \
                 POST /api/v1/{entity}/{{id}}/phase-decisions"
            ),
        )),
        _ => Ok(()),
    }
}

/// The problem for a phase sent with a replace: it cannot change the phase (a mirrored entry
/// takes its origin's).
pub fn check_replace_phase(
    ctx: &Ctx,
    phase: Option<Phase>,
    current: &str,
    entity: &str,
    id: &str,
) -> Result<()> {
    if ctx.mirror.is_some() {
        // The origin applied its rules.
        return Ok(());
    }
    if let Some(why) = current
        .parse::<Phase>()
        .ok()
        .and_then(domain::phases::edit_problem)
    {
        return Err(Error::conflict("phase", why));
    }
    match phase {
        Some(p) if p.as_str() != current => Err(Error::conflict(
            "phase",
            format!(
                "the phase is {current} and changes only through a phase decision: \
                 POST /api/v1/{entity}/{id}/phase-decisions"
            ),
        )),
        _ => Ok(()),
    }
}

/// Whether decisions name this building block or base-data domain: its history, which a
/// delete would lose, so the delete is refused.
pub fn refuse_if_decided(conn: &mut DbConnection, subject_id: &str, what: &str) -> Result<()> {
    let n: i64 = t::phase_decisions
        .filter(
            t::building_block_id
                .eq(subject_id)
                .or(t::base_data_domain_id.eq(subject_id)),
        )
        .count()
        .get_result(conn)?;
    if n > 0 {
        return Err(Error::conflict(
            "id",
            format!("the {what} has {n} phase decisions, which are kept as its history; it cannot be deleted (decide avveckling instead)"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mirror_has_its_origins_phase_and_a_new_subject_starts_as_an_idea() {
        let decided = Some(Phase::Forvaltning);
        assert_eq!(phase_after_write("", None), "ide");
        assert_eq!(phase_after_write("utveckling", None), "utveckling");
        assert_eq!(phase_after_write("", decided), "forvaltning");
        assert_eq!(phase_after_write("ide", decided), "forvaltning");
    }
}
