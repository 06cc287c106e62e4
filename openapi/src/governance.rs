use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{DocumentStatus, EntryMeta, EntryRef, PlanKind, ScopeKind, WorkStatus};

/// What a document or plan covers: the whole infrastructure, or one subject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Scope {
    pub kind: ScopeKind,
    /// The competence area, building block or base-data domain; absent for `infrastruktur`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<EntryRef>,
}

/// Scope as a client sends it: the subject as id or slug.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScopeInput {
    pub kind: ScopeKind,
    #[serde(default)]
    pub subject: Option<String>,
}

/// Styrande eller stödjande dokument at level 1, 2 or 3 (001 §4.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    #[serde(flatten)]
    pub meta: EntryMeta,
    pub title: String,
    /// 1 governing WHAT, 2 governing HOW, 3 supporting (methods, templates, checklists).
    #[schema(minimum = 1, maximum = 3, example = 1)]
    pub level: i32,
    /// The document this one interprets (level 2) or supports (level 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<EntryRef>,
    pub scope: Scope,
    pub author_organisation: EntryRef,
    pub status: DocumentStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_date: Option<NaiveDate>,
    /// The document's own version label (not the entry version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "1.0")]
    pub document_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"title": "Styrning av informationssäkerhet", "level": 1, "parent": null,
    "scope": {"kind": "infrastruktur"}, "authorOrganisation": "digg", "status": "utkast",
    "documentVersion": "0.1"}))]
pub struct DocumentInput {
    pub title: String,
    pub level: i32,
    /// Id of the parent document.
    #[serde(default)]
    pub parent: Option<String>,
    pub scope: ScopeInput,
    pub author_organisation: String,
    pub status: DocumentStatus,
    #[serde(default)]
    pub decided_date: Option<NaiveDate>,
    #[serde(default)]
    pub document_version: Option<String>,
    #[serde(default)]
    pub link: Option<String>,
}

/// A strategic roadmap, tactical roadmap or milestone plan (001 §7.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    #[serde(flatten)]
    pub meta: EntryMeta,
    #[schema(example = "styrningsstruktur-2021")]
    pub slug: String,
    pub name: String,
    pub kind: PlanKind,
    pub description: String,
    pub scope: Scope,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"slug": "api-hantering-2022", "name": "Milstolpeplan API-hantering 2022",
    "kind": "milstolpeplan", "description": "", "scope": {"kind": "byggblock", "subject": "api-hantering"}}))]
pub struct PlanInput {
    pub slug: String,
    pub name: String,
    pub kind: PlanKind,
    #[serde(default)]
    pub description: String,
    pub scope: ScopeInput,
}

/// Milstolpe: one milestone of a plan, due in a quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Milestone {
    #[serde(flatten)]
    pub meta: EntryMeta,
    pub plan: EntryRef,
    #[schema(example = 5)]
    pub number: i32,
    pub description: String,
    /// Quarter `YYYY-QN`.
    #[schema(example = "2021-Q3")]
    pub due: String,
    /// Klarkriterier.
    pub done_criteria: String,
    #[schema(example = "Kompetensområde")]
    pub area: String,
    #[schema(example = "Infrastrukturansvarig")]
    pub responsible: String,
    pub status: WorkStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"plan": "styrningsstruktur-2021", "number": 20, "description": "Register över byggblock infört",
    "due": "2022-Q1", "doneCriteria": "Registret i drift", "area": "Infrastrukturansvarig",
    "responsible": "Infrastrukturansvarig", "status": "pagar"}))]
pub struct MilestoneInput {
    /// Id or slug of the plan.
    pub plan: String,
    pub number: i32,
    pub description: String,
    pub due: String,
    #[serde(default)]
    pub done_criteria: String,
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub responsible: String,
    pub status: WorkStatus,
}
