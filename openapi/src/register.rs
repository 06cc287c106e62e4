use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    Beneficiary, BenefitKind, Category, CompetenceAreaStatus, EntryMeta, EntryRef, Estimate,
    FacetCount, FundingForm, Phase, ScopeKind, WorkStatus,
};

/// The four analyses of a building block (001 §2.3.1), each not started, in progress or done.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Analyses {
    /// Finansieringsanalys / funding analysis.
    pub funding: WorkStatus,
    /// Rättsanalys / legal analysis.
    pub legal: WorkStatus,
    /// Risk- och konsekvensanalys / risk and consequence analysis.
    pub risk: WorkStatus,
    /// Nyttoanalys / benefit analysis.
    pub benefit: WorkStatus,
}

impl Default for Analyses {
    fn default() -> Self {
        Analyses {
            funding: WorkStatus::EjPaborjad,
            legal: WorkStatus::EjPaborjad,
            risk: WorkStatus::EjPaborjad,
            benefit: WorkStatus::EjPaborjad,
        }
    }
}

/// A building block outside the register that this one relates to (e.g. the EU's eDelivery).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExternalBlock {
    #[schema(example = "eDelivery")]
    #[schema(value_type = crate::strings::Name)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::strings::HttpUrl>)]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "bygger på / builds on")]
    #[schema(value_type = Option<crate::strings::Name>)]
    pub relation: Option<String>,
}

/// Byggblock: a reusable set of capabilities solving one shared infrastructural need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BuildingBlock {
    #[serde(flatten)]
    pub meta: EntryMeta,
    #[schema(example = "api-hantering")]
    pub slug: String,
    #[schema(example = "API-hantering")]
    pub name: String,
    pub description: String,
    pub purpose: String,
    pub category: Category,
    pub phase: Phase,
    /// Ansvarig aktör för den utforskande utvecklingen: the organisation the infrastructure
    /// owner appointed, in its decision to start the exploratory work, to lead it in Idé and
    /// Analys och krav (001 §4.1.5: "utser en ansvarig aktör att agera som ansvarig för
    /// arbetet"). Not the responsible agency, who is appointed for development and operation
    /// (§4.1.6) and required from Utveckling on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis_lead: Option<EntryRef>,
    /// Byggblocksansvarig; absent when no responsible agency has been appointed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible: Option<EntryRef>,
    pub analyses: Analyses,
    pub value_propositions: Vec<String>,
    /// Blocks this one depends on.
    pub depends_on: Vec<EntryRef>,
    pub related_external: Vec<ExternalBlock>,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4". Absent when not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// What a client sends to create or replace a building block. References are ids or slugs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"slug": "api-hantering", "name": "API-hantering",
    "description": "Nationell API-katalog på dataportal.se, utvecklarportal och API Playbook.",
    "purpose": "Göra offentliga API:er lätta att hitta och ansluta till.",
    "category": "informationsutbyte", "responsible": "digg",
    "analyses": {"funding": "klar", "legal": "klar", "risk": "klar", "benefit": "klar"},
    "valuePropositions": [], "dependsOn": [], "relatedExternal": []}))]
pub struct BuildingBlockInput {
    #[schema(value_type = crate::strings::Slug)]
    pub slug: String,
    #[schema(value_type = crate::strings::Name)]
    pub name: String,
    #[serde(default)]
    #[schema(value_type = crate::strings::Text)]
    pub description: String,
    #[serde(default)]
    #[schema(value_type = crate::strings::Text)]
    pub purpose: String,
    pub category: Category,
    /// Optional and informative only: a new block starts in `ide`, and a replace keeps the
    /// current phase. Phases change through `POST /api/v1/building-blocks/{id}/phase-decisions`;
    /// a value other than the current phase (`ide` on create) is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    /// Id or slug of the responsible organisation (byggblocksansvarig). An appointment of the
    /// infrastructure owner (001 §4.1.1, §4.1.5): only the owner changes it (403 otherwise), and
    /// the change is recorded as the block's role assignment, which this field shows.
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Reference>)]
    pub responsible: Option<String>,
    #[serde(default)]
    pub analyses: Analyses,
    #[serde(default)]
    #[schema(value_type = Vec<crate::strings::Name>)]
    pub value_propositions: Vec<String>,
    #[serde(default)]
    #[schema(value_type = BTreeSet<crate::strings::Reference>)]
    pub depends_on: Vec<String>,
    #[serde(default)]
    pub related_external: Vec<ExternalBlock>,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::strings::Source>)]
    pub source: Option<String>,
    /// Id or slug of the ansvarig aktör för den utforskande utvecklingen: the organisation the infrastructure
    /// owner appointed, in its decision to start the exploratory work, to lead it in Idé and
    /// Analys och krav (001 §4.1.5: "utser en ansvarig aktör att agera som ansvarig för
    /// arbetet"). Not the responsible agency, who is appointed for development and operation
    /// (§4.1.6) and required from Utveckling on.
    /// Only the infrastructure owner changes it (403 otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::strings::Reference>)]
    pub analysis_lead: Option<String>,
}

/// Facet counts over the building blocks that match the filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BuildingBlockFacets {
    pub total_count: i64,
    pub phase: Vec<FacetCount>,
    pub category: Vec<FacetCount>,
    pub responsible: Vec<FacetCount>,
}

/// Grunddatadomän: a domain of national base data, governed like a building block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BaseDataDomain {
    #[serde(flatten)]
    pub meta: EntryMeta,
    pub slug: String,
    pub name: String,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible: Option<EntryRef>,
    pub phase: Phase,
    /// Ansvarig aktör för den utforskande utvecklingen: the organisation the infrastructure
    /// owner appointed, in its decision to start the exploratory work, to lead it in Idé and
    /// Analys och krav (001 §4.1.5: "utser en ansvarig aktör att agera som ansvarig för
    /// arbetet"). Not the responsible agency, who is appointed for development and operation
    /// (§4.1.6) and required from Utveckling on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis_lead: Option<EntryRef>,
    /// The same four analyses as a building block's (001 §2: "samma modell för styrning och
    /// finansiering"): all done before the domain leaves Analys och krav for Utveckling.
    pub analyses: Analyses,
    /// Grunddataproducenter.
    pub producers: Vec<EntryRef>,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4". Absent when not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"slug": "foretagsinformation", "name": "Företagsinformation", "description": "",
    "responsible": "bolagsverket", "producers": ["bolagsverket"]}))]
pub struct BaseDataDomainInput {
    #[schema(value_type = crate::strings::Slug)]
    pub slug: String,
    #[schema(value_type = crate::strings::Name)]
    pub name: String,
    #[serde(default)]
    #[schema(value_type = crate::strings::Text)]
    pub description: String,
    /// Id or slug of the responsible organisation (grunddatadomänansvarig). An appointment of
    /// the infrastructure owner (001 §4.1.1): only the owner changes it (403 otherwise), and the
    /// change is recorded as the domain's role assignment, which this field shows.
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Reference>)]
    pub responsible: Option<String>,
    /// Optional and informative only: a new domain starts in `ide`, and a replace keeps the
    /// current phase. Phases change through
    /// `POST /api/v1/base-data-domains/{id}/phase-decisions`; a value other than the current
    /// phase (`ide` on create) is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    #[serde(default)]
    #[schema(value_type = BTreeSet<crate::strings::Reference>)]
    pub producers: Vec<String>,
    /// The four analyses, each `ej-paborjad` when absent.
    #[serde(default)]
    pub analyses: Analyses,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::strings::Source>)]
    pub source: Option<String>,
    /// Id or slug of the ansvarig aktör för den utforskande utvecklingen: the organisation the infrastructure
    /// owner appointed, in its decision to start the exploratory work, to lead it in Idé and
    /// Analys och krav (001 §4.1.5: "utser en ansvarig aktör att agera som ansvarig för
    /// arbetet"). Not the responsible agency, who is appointed for development and operation
    /// (§4.1.6) and required from Utveckling on.
    /// Only the infrastructure owner changes it (403 otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::strings::Reference>)]
    pub analysis_lead: Option<String>,
}

/// Kompetensområde: central guidance and local advice in one field (001 §4.1.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CompetenceArea {
    #[serde(flatten)]
    pub meta: EntryMeta,
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Kompetensområdesansvarig.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_organisation: Option<EntryRef>,
    pub contributors: Vec<EntryRef>,
    pub status: CompetenceAreaStatus,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4". Absent when not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"slug": "arkitektur", "name": "Arkitektur", "description": "",
    "homeOrganisation": "digg", "contributors": ["skatteverket"], "status": "planerat"}))]
pub struct CompetenceAreaInput {
    #[schema(value_type = crate::strings::Slug)]
    pub slug: String,
    #[schema(value_type = crate::strings::Name)]
    pub name: String,
    #[serde(default)]
    #[schema(value_type = crate::strings::Text)]
    pub description: String,
    /// Id or slug of the home organisation (kompetensområdesansvarig). An appointment of the
    /// infrastructure owner (001 §4.1.1): only the owner changes it (403 otherwise), and the
    /// change is recorded as the area's role assignment, which this field shows.
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Reference>)]
    pub home_organisation: Option<String>,
    #[serde(default)]
    #[schema(value_type = BTreeSet<crate::strings::Reference>)]
    pub contributors: Vec<String>,
    pub status: CompetenceAreaStatus,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::strings::Source>)]
    pub source: Option<String>,
}

/// Finansieringsbehov: a funding need for one year, in thousands of SEK, of a building block,
/// a base-data domain, a competence area, or of what no entry is registered for, named by its
/// label (the infrastructure owner's steering, the competence areas together, a not-yet-named
/// new block: 001 §7.5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FundingNeed {
    #[serde(flatten)]
    pub meta: EntryMeta,
    /// What kind of subject the need is of.
    pub subject_kind: ScopeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub building_block: Option<EntryRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_data_domain: Option<EntryRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competence_area: Option<EntryRef>,
    /// The subject's name where no entry is registered for it, as in "Nytt byggblock 1".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[schema(example = 2022)]
    pub year: i32,
    /// Thousands of SEK; absent when not yet estimated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 3000)]
    pub amount_ksek: Option<i64>,
    pub estimate: Estimate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding_form: Option<FundingForm>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4". Absent when not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"buildingBlock": "api-hantering", "year": 2022, "amountKsek": 3000,
    "estimate": "uppskattad", "fundingForm": "anslag"}))]
pub struct FundingNeedInput {
    /// The subject is named once: a building block, a base-data domain or a competence area
    /// (id or slug), or a `label` with its `subjectKind` where no entry is registered for it.
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Reference>)]
    pub building_block: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Reference>)]
    pub base_data_domain: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Reference>)]
    pub competence_area: Option<String>,
    /// The subject's name where no entry is registered for it: the infrastructure owner's
    /// steering (`infrastruktur`), the competence areas together (`kompetensomrade`), a
    /// not-yet-named new block (`byggblock`).
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Name>)]
    pub label: Option<String>,
    /// Required with a `label`; otherwise it follows from the entry named (and must agree).
    #[serde(default)]
    pub subject_kind: Option<ScopeKind>,
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1e12)]
    pub amount_ksek: Option<i64>,
    pub estimate: Estimate,
    #[serde(default)]
    pub funding_form: Option<FundingForm>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Text>)]
    pub note: Option<String>,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::strings::Source>)]
    pub source: Option<String>,
}

/// Finansieringsbehov per år / funding needs of one year, summed over the building blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FundingSummary {
    #[schema(example = 2022)]
    pub year: i32,
    /// Sum of the estimated amounts, thousands of SEK (needs not yet estimated add nothing).
    #[schema(example = 41000)]
    pub amount_ksek: i64,
    /// Number of needs that are estimated.
    #[schema(example = 9)]
    pub estimated_count: i64,
    /// Number of needs not yet estimated: their amounts are unknown, not zero.
    #[schema(example = 5)]
    pub not_estimated_count: i64,
}

/// Nytta: a valued benefit of a category or of building blocks (001 §3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Benefit {
    #[serde(flatten)]
    pub meta: EntryMeta,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// The blocks whose benefits were quantified.
    pub building_blocks: Vec<EntryRef>,
    pub kind: BenefitKind,
    /// Value in SEK over `years` years.
    #[schema(example = 1400000000_i64)]
    pub value_sek: i64,
    #[schema(example = 10)]
    pub years: i32,
    pub beneficiaries: Vec<Beneficiary>,
    pub description: String,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4". Absent when not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"category": "informationsutbyte", "buildingBlocks": ["api-hantering"],
    "kind": "samlad", "valueSek": 1400000000_i64, "years": 10,
    "beneficiaries": ["offentlig-sektor", "foretag", "privatpersoner"], "description": ""}))]
pub struct BenefitInput {
    #[serde(default)]
    pub category: Option<Category>,
    #[serde(default)]
    #[schema(value_type = BTreeSet<crate::strings::Reference>)]
    pub building_blocks: Vec<String>,
    pub kind: BenefitKind,
    #[schema(minimum = 0)]
    pub value_sek: i64,
    #[serde(default = "ten_years")]
    #[schema(minimum = 1, maximum = 100)]
    pub years: i32,
    #[serde(default)]
    #[schema(value_type = BTreeSet<Beneficiary>)]
    pub beneficiaries: Vec<Beneficiary>,
    #[serde(default)]
    #[schema(value_type = crate::strings::Text)]
    pub description: String,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::strings::Source>)]
    pub source: Option<String>,
}

fn ten_years() -> i32 {
    10
}
