//! Decisions of the governance model (domain.md §2, §7): phase decisions on building blocks
//! and base-data domains, and the views built on them (roadmap, dependency graph).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    Category, DecisionKind, EntryMeta, EntryRef, FundingNeed, Milestone, Phase, Scope, ScopeInput,
    ScopeKind,
};

/// Beslut / a decision of the infrastructure owner, in the decision register (001 §4.1.1,
/// §5.2.7): append-only. Phase decisions, appointments, accepted idea candidates and decided
/// level-1 documents are entered as they are recorded; recommendations to the government (and
/// any decision recorded nowhere else) are entered here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    #[serde(flatten)]
    pub meta: EntryMeta,
    pub kind: DecisionKind,
    #[schema(example = "2021-03-15")]
    pub decision_date: NaiveDate,
    /// Diarienummer or URL; absent where the record it comes from has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    pub deciding_organisation: EntryRef,
    /// What the decision is about: the whole infrastructure, or a building block, base-data
    /// domain or competence area (named as it was when decided, should it be gone).
    pub scope: Scope,
    /// The decision in words.
    pub text: String,
    /// The register's own record of what was decided (`phase-decisions`, `role-assignments`,
    /// `idea-candidates`, `documents`), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<DecisionRecord>,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4". Absent when not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The entry that records what a decision decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DecisionRecord {
    /// The collection, as in the path: `phase-decisions`, `role-assignments`, …
    #[schema(example = "phase-decisions")]
    pub entity: String,
    pub id: uuid::Uuid,
}

/// A decision as the infrastructure owner enters it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"kind": "rekommendation", "decisionDate": "2021-06-01",
    "reference": "2021-0456", "decidingOrganisation": "digg",
    "scope": {"kind": "byggblock", "subject": "mina-ombud"},
    "text": "Rekommendation till regeringen att Bolagsverket ges ansvar för byggblocket Mina ombud."}))]
pub struct DecisionInput {
    pub kind: DecisionKind,
    pub decision_date: NaiveDate,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Name>)]
    pub reference: Option<String>,
    /// Id or slug of the organisation that decided: the infrastructure owner.
    #[schema(value_type = crate::strings::Reference)]
    pub deciding_organisation: String,
    /// What the decision is about.
    pub scope: ScopeInput,
    #[schema(value_type = crate::strings::LongText)]
    pub text: String,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::strings::Source>)]
    pub source: Option<String>,
}

/// What the infrastructure owner reports to the government for a year (001 §5.2.7), from the
/// decision register: how many decisions of each kind, and each of them in date order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DecisionReport {
    #[schema(example = 2021)]
    pub year: i32,
    pub total: i64,
    /// Every kind, in the order of the list, with its count (0 included).
    pub by_kind: Vec<DecisionKindCount>,
    pub decisions: Vec<Decision>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DecisionKindCount {
    pub kind: DecisionKind,
    pub count: i64,
}

/// Fasbeslut / phase decision: an append-only record of a building block or base-data domain
/// moving from one phase to another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PhaseDecision {
    #[serde(flatten)]
    pub meta: EntryMeta,
    /// `byggblock` or `grunddatadoman`.
    #[schema(example = "byggblock")]
    pub subject_kind: ScopeKind,
    /// The building block or base-data domain decided on.
    pub subject: EntryRef,
    /// The phase before the decision.
    #[schema(example = "analys-och-krav")]
    pub from_phase: Phase,
    /// The phase decided.
    #[schema(example = "utveckling")]
    pub phase: Phase,
    #[schema(example = "2021-03-15")]
    pub decision_date: NaiveDate,
    pub deciding_organisation: EntryRef,
    /// Diarienummer or URL of the decision.
    #[schema(example = "2021-1234")]
    pub reference: String,
    /// Motivering; always given for a move back to an earlier phase.
    pub justification: String,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4". Absent when not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A phase decision as a client sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"phase": "utveckling", "decisionDate": "2021-03-15",
    "decidingOrganisation": "digg", "reference": "2021-1234",
    "justification": "Samtliga analyser klara; ansvarig myndighet utsedd."}))]
pub struct PhaseDecisionInput {
    pub phase: Phase,
    pub decision_date: NaiveDate,
    /// Id or slug of the organisation that decided.
    #[schema(value_type = crate::strings::Name)]
    pub deciding_organisation: String,
    /// Diarienummer or URL of the decision.
    #[schema(value_type = crate::strings::Name)]
    pub reference: String,
    /// Required for a move back to an earlier phase.
    #[serde(default)]
    #[schema(value_type = crate::strings::Text)]
    pub justification: String,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::strings::Source>)]
    pub source: Option<String>,
}

/// Färdplan / a building block's roadmap: its phase decisions, the milestones of the plans
/// scoped to it, and its funding needs by year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BuildingBlockRoadmap {
    pub building_block: EntryRef,
    pub phase: Phase,
    /// Oldest first.
    pub phase_decisions: Vec<PhaseDecision>,
    /// By due quarter, then number.
    pub milestones: Vec<Milestone>,
    /// By year.
    pub funding: Vec<FundingNeed>,
}

/// A building block in the dependency graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GraphNode {
    pub id: uuid::Uuid,
    #[schema(example = "digitala-underskrifter")]
    pub slug: String,
    pub name: String,
    pub phase: Phase,
    pub category: Category,
}

/// `from` depends on `to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GraphEdge {
    pub from: uuid::Uuid,
    pub to: uuid::Uuid,
}

/// Beroendegraf / the dependency graph of the building blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BuildingBlockGraph {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
}

/// The blocks that depend on one block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BuildingBlockDependents {
    pub building_block: EntryRef,
    /// Blocks that list it in `dependsOn`.
    pub direct: Vec<EntryRef>,
    /// Blocks that depend on it through others, nearest first.
    pub indirect: Vec<EntryRef>,
}
