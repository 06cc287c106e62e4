//! Forums (001 §4.1.2.2, §4.1.3): the coordination forums the infrastructure owner convenes,
//! their members and their meetings.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{EntryMeta, EntryRef, ForumLevel};

/// A coordination forum (*samordningsforum*): strategic, tactical or operational, or the
/// cross-functional competence forum (one of the operational ones, where governing documents
/// are presented before they are decided).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Forum {
    #[serde(flatten)]
    pub meta: EntryMeta,
    #[schema(example = "tvarfunktionellt-kompetensforum")]
    pub slug: String,
    #[schema(example = "Tvärfunktionellt kompetensforum")]
    pub name: String,
    pub level: ForumLevel,
    /// The infrastructure owner, who convenes every forum (001 §4.1.3).
    pub convener: EntryRef,
    /// The organisations taking part, in name order.
    pub members: Vec<EntryRef>,
    /// What the forum is for and its planning horizon, as in "3–7 år".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"slug": "tvarfunktionellt-kompetensforum",
    "name": "Tvärfunktionellt kompetensforum", "level": "tvarfunktionellt",
    "convener": "digg", "members": ["digg"]}))]
pub struct ForumInput {
    #[schema(value_type = crate::strings::Slug)]
    pub slug: String,
    #[schema(value_type = crate::strings::Name)]
    pub name: String,
    pub level: ForumLevel,
    /// The organisation holding infrastrukturansvarig (id or slug).
    #[schema(value_type = crate::strings::Reference)]
    pub convener: String,
    /// Member organisations (ids or slugs), each once.
    #[serde(default)]
    #[schema(value_type = BTreeSet<crate::strings::Reference>)]
    pub members: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Text>)]
    pub purpose: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Source>)]
    pub source: Option<String>,
}

/// A meeting of a forum: its date, agenda and a reference to its minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ForumMeeting {
    #[serde(flatten)]
    pub meta: EntryMeta,
    pub forum: EntryRef,
    #[schema(example = "2021-05-20")]
    pub meeting_date: NaiveDate,
    pub agenda: String,
    /// Where the minutes are: a reference number (*diarienummer*) or an address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "DIGG 2021-1234")]
    pub minutes_reference: Option<String>,
    /// The documents presented at the meeting.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub presented: Vec<EntryRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"forum": "tvarfunktionellt-kompetensforum", "meetingDate": "2021-05-20",
    "agenda": "Dragning av styrande dokument för API:er.", "minutesReference": "DIGG 2021-1234"}))]
pub struct ForumMeetingInput {
    /// The forum (id or slug).
    #[schema(value_type = crate::strings::Reference)]
    pub forum: String,
    pub meeting_date: NaiveDate,
    #[schema(value_type = crate::strings::LongText)]
    pub agenda: String,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Name>)]
    pub minutes_reference: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Source>)]
    pub source: Option<String>,
}
