use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{EntryMeta, EntryRef, OrganisationKind, Role};

/// An organisation: an agency, municipality, region or private provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Organisation {
    #[serde(flatten)]
    pub meta: EntryMeta,
    #[schema(example = "digg")]
    pub slug: String,
    #[schema(example = "Myndigheten för digital förvaltning")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "DIGG")]
    pub short_name: Option<String>,
    pub kind: OrganisationKind,
    /// Swedish organisation number `NNNNNN-NNNN` (Luhn-checked); how nodes recognise the same agency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "202100-6545")]
    pub organisation_number: Option<String>,
    /// Beredskapsmyndighet / preparedness agency.
    pub preparedness_agency: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "https://www.digg.se")]
    pub website: Option<String>,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4". Absent when not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// What a client sends to create or replace an organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"slug": "digg", "name": "Myndigheten för digital förvaltning", "shortName": "DIGG",
    "kind": "statlig-myndighet", "organisationNumber": "202100-6545", "preparednessAgency": false,
    "website": "https://www.digg.se"}))]
pub struct OrganisationInput {
    /// ASCII kebab-case, unique within the node (å, ä → a, ö → o).
    #[schema(value_type = crate::strings::Slug)]
    pub slug: String,
    #[schema(value_type = crate::strings::Name)]
    pub name: String,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Name>)]
    pub short_name: Option<String>,
    pub kind: OrganisationKind,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::OrganisationNumber>)]
    pub organisation_number: Option<String>,
    #[serde(default)]
    pub preparedness_agency: bool,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::HttpUrl>)]
    pub website: Option<String>,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::strings::Source>)]
    pub source: Option<String>,
}

/// An organisation holding a governance role, for a subject where the role has one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoleAssignment {
    #[serde(flatten)]
    pub meta: EntryMeta,
    pub organisation: EntryRef,
    pub role: Role,
    /// For `byggblocksansvarig`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub building_block: Option<EntryRef>,
    /// For `grunddatadomanansvarig` and `grunddataproducent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_data_domain: Option<EntryRef>,
    /// For `kompetensomradesansvarig`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competence_area: Option<EntryRef>,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4". Absent when not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// What a client sends to assign a role. References are ids or slugs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"organisation": "bolagsverket", "role": "byggblocksansvarig", "buildingBlock": "mina-ombud"}))]
pub struct RoleAssignmentInput {
    #[schema(value_type = crate::strings::Reference)]
    pub organisation: String,
    pub role: Role,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Reference>)]
    pub building_block: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Reference>)]
    pub base_data_domain: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Reference>)]
    pub competence_area: Option<String>,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::strings::Source>)]
    pub source: Option<String>,
}
