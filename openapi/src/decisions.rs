//! Decisions of the governance model (domain.md §2, §7): phase decisions on building blocks
//! and base-data domains, and the views built on them (roadmap, dependency graph).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{Category, EntryMeta, EntryRef, FundingNeed, Milestone, Phase, ScopeKind};

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
