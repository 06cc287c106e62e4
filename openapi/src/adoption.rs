//! Adoption: shared services, the organisations connected to them, the suppliers' yearly
//! reports, and Statskontoret's seven indicators computed from them (report 000, domain.md §9).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{ConnectionStep, EntryMeta, EntryRef};

/// A shared service (*samordnad tjänst*): a building block in Införande or Förvaltning as its
/// responsible agency runs it, or a coordinated IT operation service of a supplier agency.
/// Organisations connect to it; its supplier reports on it each year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SharedService {
    #[serde(flatten)]
    pub meta: EntryMeta,
    #[schema(example = "mina-ombud")]
    pub slug: String,
    #[schema(example = "Mina ombud")]
    pub name: String,
    /// The agency that provides the service (*leverantörsmyndighet*).
    pub supplier: EntryRef,
    /// The building block the service is, where it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub building_block: Option<EntryRef>,
    /// The unit that drives most of the service's cost (users, terabytes, …): indicator 3
    /// counts it, indicator 4 divides the full cost by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "användare")]
    pub unit: Option<String>,
    /// Whether the service's agreement states opening hours (*överenskommen öppettid*);
    /// indicator 6 is only reported for such services.
    pub agreed_hours: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "000 §2". Absent when not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"slug": "mina-ombud", "name": "Mina ombud", "supplier": "bolagsverket",
    "buildingBlock": "mina-ombud", "unit": "användare", "agreedHours": true}))]
pub struct SharedServiceInput {
    #[schema(value_type = crate::strings::Slug)]
    pub slug: String,
    #[schema(value_type = crate::strings::Name)]
    pub name: String,
    /// The supplier agency (id or slug); for a building block, its responsible agency.
    #[schema(value_type = crate::strings::Reference)]
    pub supplier: String,
    /// The building block (id or slug), which must be in Införande or Förvaltning.
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Reference>)]
    pub building_block: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Name>)]
    pub unit: Option<String>,
    #[serde(default)]
    pub agreed_hours: bool,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Text>)]
    pub description: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Source>)]
    pub source: Option<String>,
}

/// An organisation's connection (*anslutning*) to a shared service: the dates it reached each
/// step of expression of interest → cooperation agreement → connected → left. The steps are
/// reached in that order; a later one is dated only once the earlier ones are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    #[serde(flatten)]
    pub meta: EntryMeta,
    pub service: EntryRef,
    pub organisation: EntryRef,
    /// The step reached: the latest dated one.
    pub step: ConnectionStep,
    /// *Intresseanmälan*.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "2025-02-03")]
    pub interest_on: Option<NaiveDate>,
    /// *Samverkansöverenskommelse*: the agreement (it has no end date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connected_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The supplier records its customers' connections, every step; an organisation records its
/// own expression of interest with `POST /api/v1/shared-services/{id}/interest`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"service": "mina-ombud", "organisation": "skatteverket",
    "interestOn": "2025-02-03", "agreementOn": "2025-04-01", "connectedOn": "2025-09-01"}))]
pub struct ConnectionInput {
    /// The shared service (id or slug).
    #[schema(value_type = crate::strings::Reference)]
    pub service: String,
    /// The connecting organisation (id or slug); one connection per service and organisation.
    #[schema(value_type = crate::strings::Reference)]
    pub organisation: String,
    #[serde(default)]
    pub interest_on: Option<NaiveDate>,
    #[serde(default)]
    pub agreement_on: Option<NaiveDate>,
    #[serde(default)]
    pub connected_on: Option<NaiveDate>,
    #[serde(default)]
    pub left_on: Option<NaiveDate>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Text>)]
    pub note: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Source>)]
    pub source: Option<String>,
}

/// An organisation's own expression of interest in a shared service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"organisation": "skatteverket", "interestOn": "2025-02-03"}))]
pub struct InterestInput {
    /// The organisation expressing its interest (id or slug): the caller's own.
    #[schema(value_type = crate::strings::Reference)]
    pub organisation: String,
    pub interest_on: NaiveDate,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Text>)]
    pub note: Option<String>,
}

/// A category of the satisfaction survey's answers and how many connected agencies gave it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnswerCount {
    /// The category, as in "8–10" or "Nöjd".
    #[schema(value_type = crate::strings::Name)]
    pub category: String,
    #[schema(minimum = 0, maximum = 100000)]
    pub count: i64,
}

/// What the supplier reports on a shared service for a year: the figures behind indicators
/// 3 to 7 (000). Absent figures are not reported, not zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ServiceReport {
    #[serde(flatten)]
    pub meta: EntryMeta,
    pub service: EntryRef,
    #[schema(example = 2025)]
    pub year: i32,
    /// The number of units in the service (its `unit`), at the year's end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<f64>,
    /// The service's full cost for the year, SEK.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_cost_sek: Option<f64>,
    /// The fee charged per unit for the year, SEK.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_sek: Option<f64>,
    /// The average share of the agreed opening hours the main function was available, in
    /// percent; only for a service with agreed hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_percent: Option<f64>,
    /// The connected agencies' average satisfaction (NKI), 1 to 10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<f64>,
    /// The survey's answers by category, as the supplier counted them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<AnswerCount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"service": "mina-ombud", "year": 2025, "units": 120000,
    "fullCostSek": 18000000, "feeSek": 12.5, "availabilityPercent": 99.6, "satisfaction": 7.4,
    "answers": [{"category": "1–4", "count": 3}, {"category": "5–7", "count": 12},
        {"category": "8–10", "count": 20}]}))]
pub struct ServiceReportInput {
    /// The shared service (id or slug); one report per service and year.
    #[schema(value_type = crate::strings::Reference)]
    pub service: String,
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1e12)]
    pub units: Option<f64>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1e12)]
    pub full_cost_sek: Option<f64>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1e12)]
    pub fee_sek: Option<f64>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100)]
    pub availability_percent: Option<f64>,
    #[serde(default)]
    #[schema(minimum = 1, maximum = 10)]
    pub satisfaction: Option<f64>,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub answers: Vec<AnswerCount>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Text>)]
    pub note: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Source>)]
    pub source: Option<String>,
}

/// A year's denominators of indicators 1 and 2: how many state agencies and preparedness
/// agencies there were (000 §2: 223 and 67 in 2025).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IndicatorYear {
    #[serde(flatten)]
    pub meta: EntryMeta,
    #[schema(example = 2025)]
    pub year: i32,
    /// State agencies with at least one full-time equivalent and their own administration.
    #[schema(example = 223)]
    pub state_agencies: i64,
    /// Agencies in appendix 1 to the preparedness ordinance (2022:524).
    #[schema(example = 67)]
    pub preparedness_agencies: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"year": 2025, "stateAgencies": 223, "preparednessAgencies": 67,
    "source": "000 §2"}))]
pub struct IndicatorYearInput {
    /// One entry per year.
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
    #[schema(minimum = 1, maximum = 100000)]
    pub state_agencies: i64,
    #[schema(minimum = 1, maximum = 100000)]
    pub preparedness_agencies: i64,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Source>)]
    pub source: Option<String>,
}

/// A share of a population: how many, of how many.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Share {
    /// Connected at the year's end.
    pub count: i64,
    /// The year's population; absent when no denominators are stored for the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<i64>,
    /// `count / of` in percent, to one decimal; absent with `of`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<f64>,
}

/// A category of survey answers as published: a count from 1 to 4 is shown as 2.5 and its
/// share follows (000 §7.1.2), so that no single agency can be identified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublishedAnswer {
    pub category: String,
    /// 0, 2.5 (for 1 to 4) or the count itself from 5.
    pub count: f64,
    /// The published count over all answers, in percent, to one decimal.
    pub percent: f64,
}

/// Statskontoret's seven indicators for one shared service and one year (000; baseline year
/// 2025). Computed from the connections, the supplier's reports and the year's denominators;
/// an indicator whose figures are not reported is absent, never zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Indicators {
    pub service: EntryRef,
    pub year: i32,
    /// The year the indicators are followed from (000: 2025).
    pub baseline_year: i32,
    /// Indicator 1: State agencies connected at the year's end, of the year's state agencies.
    pub state_agencies: Share,
    /// Indicator 2: Preparedness agencies connected at the year's end, of the year's.
    pub preparedness_agencies: Share,
    /// Indicator 3: Units in the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<f64>,
    /// What `units` counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Indicator 4: Average full cost per unit, SEK.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_cost_per_unit_sek: Option<f64>,
    /// Indicator 5: Change of the fee from the year before, in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_change_percent: Option<f64>,
    /// Indicator 6: the share of the agreed opening hours the main function was available, in
    /// percent, only for services with agreed hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_percent: Option<f64>,
    /// Indicator 7: The connected agencies' average satisfaction (NKI, 1 to 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<f64>,
    /// The satisfaction survey's answers as published (small counts shown as 2.5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<PublishedAnswer>,
}

/// One year of a building block's adoption: the organisations connected to its services at
/// the year's end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AdoptionYear {
    pub year: i32,
    /// State agencies connected at the year's end (each once, whatever the services).
    pub state_agencies: Share,
    /// Every organisation connected at the year's end.
    pub organisations: i64,
}

/// A change in a building block's adoption: the day an organisation connected or left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AdoptionPoint {
    pub date: NaiveDate,
    /// State agencies connected after the day's changes.
    pub state_agencies: i64,
    pub organisations: i64,
}

/// A building block's adoption over time, for drawing: connected state agencies at every
/// change, and per year with its share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Adoption {
    pub building_block: EntryRef,
    /// The shared services the block is.
    pub services: Vec<EntryRef>,
    pub points: Vec<AdoptionPoint>,
    /// From the first year anyone connected to the current year.
    pub years: Vec<AdoptionYear>,
}
