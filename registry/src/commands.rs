//! The register's changes as both the REST API and the web interface make them: who may, and
//! the store's write, in one function each, so that the two doors share one set of rules. Each
//! runs inside the caller's write transaction (`store::write`).

use domain::permissions::{Action, Subject};
use openapi::{PhaseDecision, PhaseDecisionInput, ScopeKind};

use crate::auth::{self, Principal};
use crate::error::Result;
use crate::store::{phase_decisions, Ctx, DbConnection, Key};

/// Records a phase decision on a building block or base-data domain: the infrastructure owner
/// decides, in its own name.
pub fn decide_phase(
    c: &mut DbConnection,
    who: &Principal,
    ctx: &Ctx,
    kind: ScopeKind,
    key: &Key,
    input: PhaseDecisionInput,
) -> Result<PhaseDecision> {
    auth::authorize(c, who, Action::DecidePhase, &Subject::Register)?;
    auth::acting_as(c, who, "decidingOrganisation", &input.deciding_organisation)?;
    phase_decisions::decide(c, ctx, kind, key, input)
}
