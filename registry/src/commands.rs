//! The register's changes as both the REST API and the web interface make them: who may, and
//! the store's write, in one function each, so that the two doors share one set of rules. Each
//! runs inside the caller's write transaction (`store::write`).

use domain::permissions::{Action, Resource, Subject};
use openapi::{PhaseDecision, PhaseDecisionInput, ScopeKind};

use crate::auth::{self, Principal};
use crate::catalog::document;
use crate::error::{Error, Result};
use crate::store::api_documents::{self, Source};
use crate::store::crud::Crud;
use crate::store::{authz, phase_decisions, Ctx, DbConnection, Key};

/// Creates an entry of a collection: allowed on the subject the input proposes (an API's
/// publisher, a document's scope, …), or on the register as a whole when it proposes none.
pub fn create<R: Crud>(
    c: &mut DbConnection,
    who: &Principal,
    ctx: &Ctx,
    resource: Resource,
    proposed: Option<Subject>,
    input: R::Input,
) -> Result<R::Wire> {
    let subject = proposed.unwrap_or(Subject::Register);
    auth::authorize(c, who, Action::Create(resource), &subject)?;
    R::create(c, ctx, input)
}

/// A new version of an API's OpenAPI document (JSON, or YAML when `yaml`), checked against
/// the REST API profile: the API's publisher (or the owner) may.
pub fn add_api_document(
    c: &mut DbConnection,
    who: &Principal,
    ctx: &Ctx,
    key: &Key,
    bytes: &[u8],
    yaml: bool,
    source: Source,
) -> Result<openapi::ApiDocumentUpload> {
    let parsed = document::parse(bytes, yaml).map_err(Error::Validation)?;
    let checks = document::rap_checks(&parsed);
    crate::store::write(c, |c| {
        let now = authz::stored::api(c, key)?;
        auth::authorize(c, who, Action::Edit(Resource::Apis), &now)?;
        api_documents::add(c, ctx, key, parsed, checks, source)
    })
}

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
