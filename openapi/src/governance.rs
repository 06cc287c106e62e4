use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{DocumentStatus, EntryMeta, EntryRef, PlanKind, Role, ScopeKind, WorkStatus};

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
    #[schema(value_type = Option<crate::strings::Reference>)]
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
    /// Changes only through the life-cycle operations (presentation, decision, repeal, and
    /// deciding a newer version, which makes this one `ersatt`).
    pub status: DocumentStatus,
    /// Decided and neither superseded nor repealed.
    pub in_force: bool,
    /// Presented in the cross-functional competence forum on this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presented_date: Option<NaiveDate>,
    /// The forum meeting where it was presented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presented_at: Option<EntryRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deciding_organisation: Option<EntryRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repealed_date: Option<NaiveDate>,
    /// The document's identity, shared by all its versions: the id of its first version.
    pub identity: uuid::Uuid,
    /// The version this one replaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<EntryRef>,
    /// The newer version that replaced this one once decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<EntryRef>,
    /// Level 1 only: the roles whose holders may write level-2 documents under it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub level2_author_roles: Vec<Role>,
    /// The document's own version label (not the entry version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "1.0")]
    pub document_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// One document of the hierarchy view with the documents under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DocumentTreeNode {
    pub document: Document,
    /// Level-2 documents under a level-1 document, level-3 under a level-2 one.
    #[schema(no_recursion)]
    pub children: Vec<DocumentTreeNode>,
}

/// Presentation in the cross-functional competence forum (*tvärfunktionellt kompetensforum*).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"meeting": "0193a0c4-8f1e-7a55-9d7e-0b5f2c1e4a10"}))]
pub struct DocumentPresentationInput {
    /// The meeting of the cross-functional competence forum where the document was presented
    /// (its id, from `/api/v1/forum-meetings`); its date is the presentation's.
    #[schema(value_type = crate::strings::Reference)]
    pub meeting: String,
}

/// A document's decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"decidedDate": "2021-06-15", "decidingOrganisation": "digg"}))]
pub struct DocumentDecisionInput {
    pub decided_date: NaiveDate,
    /// Id or slug of the deciding organisation.
    #[schema(value_type = crate::strings::Reference)]
    pub deciding_organisation: String,
}

/// A document's repeal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"repealedDate": "2023-01-01"}))]
pub struct DocumentRepealInput {
    pub repealed_date: NaiveDate,
}

/// A new version of a decided document: a draft with the same identity, level, parent, scope
/// and author, replacing the decided version once it is decided itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"documentVersion": "2.0", "title": "Styrning av informationssäkerhet"}))]
pub struct DocumentVersionInput {
    /// The new title; the old one when absent.
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Name>)]
    pub title: Option<String>,
    #[schema(value_type = crate::strings::Name)]
    pub document_version: String,
    /// The new link; the old one when absent.
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::HttpUrl>)]
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"title": "Styrning av informationssäkerhet", "level": 1, "parent": null,
    "scope": {"kind": "infrastruktur"}, "authorOrganisation": "digg",
    "level2AuthorRoles": ["kompetensomradesansvarig", "byggblocksansvarig"],
    "documentVersion": "0.1"}))]
pub struct DocumentInput {
    #[schema(value_type = crate::strings::Name)]
    pub title: String,
    #[schema(minimum = 1, maximum = 3)]
    pub level: i32,
    /// Id of the parent document.
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::EntryId>)]
    pub parent: Option<String>,
    pub scope: ScopeInput,
    #[schema(value_type = crate::strings::Reference)]
    pub author_organisation: String,
    /// Optional and informative only: a new document is a draft (`utkast`) and a replace
    /// keeps the status; the life-cycle operations change it. Another value is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<DocumentStatus>,
    /// Optional and informative only, as `status`: set by the decision operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_date: Option<NaiveDate>,
    /// Level 1 only, and required there: the roles whose holders may write level-2
    /// documents under it.
    #[serde(default)]
    #[schema(value_type = BTreeSet<Role>)]
    pub level2_author_roles: Vec<Role>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Name>)]
    pub document_version: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::HttpUrl>)]
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
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4". Absent when not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"slug": "api-hantering-2022", "name": "Milstolpeplan API-hantering 2022",
    "kind": "milstolpeplan", "description": "", "scope": {"kind": "byggblock", "subject": "api-hantering"}}))]
pub struct PlanInput {
    #[schema(value_type = crate::strings::Slug)]
    pub slug: String,
    #[schema(value_type = crate::strings::Name)]
    pub name: String,
    pub kind: PlanKind,
    #[serde(default)]
    #[schema(value_type = crate::strings::Text)]
    pub description: String,
    pub scope: ScopeInput,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::strings::Source>)]
    pub source: Option<String>,
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
    #[schema(example = "2021-Q3", pattern = r"^(19|[2-9][0-9])[0-9]{2}-Q[1-4]$")]
    pub due: String,
    /// Klarkriterier.
    pub done_criteria: String,
    #[schema(example = "Kompetensområde")]
    pub area: String,
    #[schema(example = "Infrastrukturansvarig")]
    pub responsible: String,
    pub status: WorkStatus,
    /// Past its quarter and not done, as of today.
    pub late: bool,
    /// Every move of the due quarter, oldest first.
    pub moves: Vec<MilestoneMove>,
}

/// A change of a milestone's due quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MilestoneMove {
    #[schema(example = "2021-Q1", pattern = r"^(19|[2-9][0-9])[0-9]{2}-Q[1-4]$")]
    pub from_due: String,
    #[schema(example = "2021-Q3", pattern = r"^(19|[2-9][0-9])[0-9]{2}-Q[1-4]$")]
    pub to_due: String,
    pub moved_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"plan": "styrningsstruktur-2021", "number": 20, "description": "Register över byggblock infört",
    "due": "2022-Q1", "doneCriteria": "Registret i drift", "area": "Infrastrukturansvarig",
    "responsible": "Infrastrukturansvarig", "status": "pagar"}))]
pub struct MilestoneInput {
    /// Id or slug of the plan.
    #[schema(value_type = crate::strings::Reference)]
    pub plan: String,
    #[schema(minimum = 1)]
    pub number: i32,
    #[schema(value_type = crate::strings::Name)]
    pub description: String,
    /// Quarter `YYYY-QN`.
    #[schema(example = "2021-Q3", pattern = r"^(19|[2-9][0-9])[0-9]{2}-Q[1-4]$")]
    pub due: String,
    #[serde(default)]
    #[schema(value_type = crate::strings::Text)]
    pub done_criteria: String,
    #[serde(default)]
    #[schema(value_type = crate::strings::Text)]
    pub area: String,
    #[serde(default)]
    #[schema(value_type = crate::strings::Text)]
    pub responsible: String,
    pub status: WorkStatus,
}
