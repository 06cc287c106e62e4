//! Idea candidates (*idékandidater*, 001 §4.1.5): anyone proposes a shared need; the
//! infrastructure owner qualifies, prioritises, rejects or accepts it, and an accepted
//! candidate becomes a building block in phase Idé.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{Category, EntryMeta, EntryRef, IdeaStatus};

/// Idékandidat / idea candidate for a new building block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdeaCandidate {
    #[serde(flatten)]
    pub meta: EntryMeta,
    #[schema(example = "Gemensam hantering av samtycken")]
    pub title: String,
    /// The shared infrastructural need.
    pub need: String,
    /// The organisation that proposed it.
    pub proposer: EntryRef,
    /// Actors the need concerns (organisations, sectors, user groups).
    #[schema(example = json!(["kommuner", "regioner"]))]
    pub affected_actors: Vec<String>,
    pub status: IdeaStatus,
    /// The qualification: why the need is real and shared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<String>,
    /// 1 is the highest priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 1)]
    pub priority: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejection_reason: Option<String>,
    /// The building block created when the candidate was accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub building_block: Option<EntryRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"title": "Gemensam hantering av samtycken",
    "need": "Flera myndigheter bygger var sin lösning för samtycken.", "proposer": "skatteverket",
    "affectedActors": ["statliga myndigheter", "kommuner"]}))]
pub struct IdeaCandidateInput {
    #[schema(value_type = crate::strings::Name)]
    pub title: String,
    #[schema(value_type = crate::strings::LongText)]
    pub need: String,
    /// Id or slug of the proposing organisation.
    #[schema(value_type = crate::strings::Reference)]
    pub proposer: String,
    #[serde(default)]
    #[schema(value_type = Vec<crate::strings::Name>)]
    pub affected_actors: Vec<String>,
}

/// Kvalificering / the qualification of a candidate: there is a real shared need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"assessment": "Behovet finns hos minst fem myndigheter och saknar gemensam lösning."}))]
pub struct IdeaQualificationInput {
    #[schema(value_type = crate::strings::LongText)]
    pub assessment: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"priority": 1}))]
pub struct IdeaPriorityInput {
    /// 1 (highest) to 5.
    #[schema(minimum = 1, maximum = 5)]
    pub priority: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"reason": "Behovet täcks av byggblocket Mina ombud."}))]
pub struct IdeaRejectionInput {
    #[schema(value_type = crate::strings::LongText)]
    pub reason: String,
}

/// Acceptance: the building block to create in phase Idé, with the responsible actor the
/// infrastructure owner appoints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"slug": "samtycken", "name": "Samtycken", "category": "tillit-och-sakerhet",
    "responsible": "skatteverket"}))]
pub struct IdeaAcceptanceInput {
    #[schema(value_type = crate::strings::Slug)]
    pub slug: String,
    /// The candidate's title when absent.
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Name>)]
    pub name: Option<String>,
    pub category: Category,
    /// Id or slug of the organisation appointed to lead the exploratory work ("en ansvarig
    /// aktör att agera som ansvarig för arbetet", 001 §4.1.5): the block's `analysisLead`. The
    /// block's responsible agency (byggblocksansvarig) is appointed apart, for Utveckling on.
    #[schema(value_type = crate::strings::Reference)]
    pub responsible: String,
}
