//! The register's changes as both the REST API and the web interface make them: who may, and
//! the store's write, in one function each, so that the two doors share one set of rules. Each
//! runs inside the caller's write transaction (`store::write`).

use domain::permissions::{Action, Resource, Subject};
use openapi::{
    Document, DocumentDecisionInput, IdeaCandidate, PhaseDecision, PhaseDecisionInput, ScopeKind,
};

use crate::auth::{self, Principal};
use crate::catalog::document;
use crate::error::Result;
use crate::store::api_documents::{self, Source};
use crate::store::crud::Crud;
use crate::store::{authz, documents, phase_decisions, refs, Ctx, DbConnection, Key};

/// Where an entry is (its subject for the rights), read from the store or from an input.
pub type Stored = fn(&mut DbConnection, &Key) -> Result<Subject>;

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

/// Where an input moves an entry (its subject for the rights), if anywhere.
pub type Proposed<I> = fn(&mut DbConnection, &I) -> Result<Option<Subject>>;

/// Replaces an entry of a collection at version `if_match` (`None`: any): allowed on the
/// entry as it is (`stored` gives its subject) and on where the input moves it (`proposed`).
pub fn replace<R: Crud>(
    c: &mut DbConnection,
    who: &Principal,
    ctx: &Ctx,
    (resource, stored, proposed): (Resource, Stored, Proposed<R::Input>),
    key: &Key,
    if_match: Option<i64>,
    input: R::Input,
) -> Result<R::Wire> {
    let action = Action::Edit(resource);
    let now = stored(c, key)?;
    auth::authorize(c, who, action, &now)?;
    if let Some(then) = proposed(c, &input)?.filter(|s| *s != now) {
        auth::authorize(c, who, action, &then)?;
    }
    R::replace(c, ctx, key, if_match, input)
}

/// Decides a governing document. Level 1 is the infrastructure owner's; levels 2 and 3 the
/// deciding organisation's own (the document rules check that it is the one that may decide),
/// and the caller acts in its name.
pub fn decide_document(
    c: &mut DbConnection,
    who: &Principal,
    ctx: &Ctx,
    key: &Key,
    input: DocumentDecisionInput,
) -> Result<Document> {
    let (level, author) = authz::document_level_and_author(c, key)?;
    let field = "decidingOrganisation";
    let deciding = refs::organisations::resolve(c, field, &input.deciding_organisation)?;
    let decider = authz::document_decider(c, &ctx.node_id, key, &author, &deciding)?;
    let (action, subject) = deciding_right(level, decider);
    auth::authorize(c, who, action, &subject)?;
    auth::acting_as(c, who, field, &input.deciding_organisation)?;
    documents::decide(c, ctx, key, input)
}

/// The right that decides (or repeals) a document of `level` for `decider`: the
/// infrastructure owner's for level 1, else the deciding organisation's own.
pub fn deciding_right(level: i32, decider: String) -> (Action, Subject) {
    if level == 1 {
        (Action::DecideLevel1Document, Subject::Register)
    } else {
        (Action::DecideDocument, Subject::Organisation(decider))
    }
}

/// A step in an idea candidate's handling (qualify, prioritise, reject, accept): the
/// infrastructure owner's.
pub fn handle_idea<I>(
    c: &mut DbConnection,
    who: &Principal,
    ctx: &Ctx,
    key: &Key,
    input: I,
    step: fn(&mut DbConnection, &Ctx, &Key, I) -> Result<IdeaCandidate>,
) -> Result<IdeaCandidate> {
    auth::authorize(c, who, Action::HandleIdeaCandidate, &Subject::Register)?;
    step(c, ctx, key, input)
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
    let parsed = document::parse(bytes, yaml)?;
    let checks = document::rap_checks(&parsed);
    crate::store::write(c, |c| {
        let now = authz::stored::api(c, key)?;
        auth::authorize(c, who, Action::Edit(Resource::Api), &now)?;
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
    auth::authorize(
        c,
        who,
        Action::Create(Resource::PhaseDecision),
        &Subject::Register,
    )?;
    auth::acting_as(c, who, "decidingOrganisation", &input.deciding_organisation)?;
    phase_decisions::decide(c, ctx, kind, key, input)
}

/// Enters a decision of the infrastructure owner in the decision register, in its own name.
pub fn enter_decision(
    c: &mut DbConnection,
    who: &Principal,
    ctx: &Ctx,
    input: openapi::DecisionInput,
) -> Result<openapi::Decision> {
    auth::authorize(
        c,
        who,
        Action::Create(Resource::Decision),
        &Subject::Register,
    )?;
    auth::acting_as(c, who, "decidingOrganisation", &input.deciding_organisation)?;
    crate::store::decisions::create(c, ctx, input)
}

/// An organisation's own expression of interest in a shared service (000): in its own name.
pub fn express_interest(
    c: &mut DbConnection,
    who: &Principal,
    ctx: &Ctx,
    service: &Key,
    input: openapi::InterestInput,
) -> Result<openapi::Connection> {
    let organisation = refs::organisations::resolve(c, "organisation", &input.organisation)?;
    let subject = Subject::Organisation(organisation.clone());
    auth::authorize(c, who, Action::ExpressInterest, &subject)?;
    crate::store::connections::interest(c, ctx, service, &organisation, input)
}
