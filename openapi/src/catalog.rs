//! The API catalogue (building block API-hantering): APIs that agencies register, their
//! OpenAPI documents, and the checks against the Swedish REST API profile.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{AccessRights, ApiStatus, DataTheme, EntryMeta, EntryRef, FacetCount};

/// Text in Swedish and English.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    /// Svenska (required, except in an API's title, which may be English only).
    #[serde(default)]
    #[schema(example = "Sök företag")]
    pub sv: String,
    /// English (empty when not translated).
    #[serde(default)]
    #[schema(example = "Company search")]
    pub en: String,
}

impl Localized {
    /// The Swedish text, or the English where there is no Swedish (an API imported with an
    /// English title only).
    pub fn text(&self) -> &str {
        if self.sv.trim().is_empty() {
            &self.en
        } else {
            &self.sv
        }
    }
}

/// Kontaktpunkt / contact point: a name and an email address (DCAT-AP-SE requires
/// `vcard:hasEmail`; contact points registered before that rule may lack it and are then left
/// out of the DCAT export), optionally a URL and a telephone number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContactPoint {
    #[schema(example = "API-support")]
    #[schema(value_type = crate::strings::Name)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "api@bolagsverket.se")]
    #[schema(value_type = Option<crate::strings::Email>)]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "https://bolagsverket.se/kontakt")]
    #[schema(value_type = Option<crate::strings::HttpUrl>)]
    pub url: Option<String>,
    /// Telephone number (`vcard:hasTelephone`), e.g. `+46 8 123 456 00`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "+46 60 18 40 00")]
    #[schema(value_type = Option<crate::strings::Telephone>)]
    pub telephone: Option<String>,
}

/// The contact point an API is registered with: the email address is required.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(dead_code)]
pub struct ContactPointInput {
    #[schema(example = "API-support")]
    #[schema(value_type = crate::strings::Name)]
    name: String,
    #[schema(example = "api@bolagsverket.se")]
    #[schema(value_type = crate::strings::Email)]
    email: String,
    #[schema(example = "https://bolagsverket.se/kontakt")]
    #[schema(value_type = Option<crate::strings::HttpUrl>)]
    url: Option<String>,
    #[schema(example = "+46 60 18 40 00")]
    #[schema(value_type = Option<crate::strings::Telephone>)]
    telephone: Option<String>,
}

/// The latest OpenAPI document of an API, when one has been registered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiDocumentRef {
    /// Version number of the document (1, 2, …).
    #[schema(example = 1)]
    pub number: i32,
    /// `openapi-3.0`, `openapi-3.1` or `swagger-2.0`.
    #[schema(example = "openapi-3.1")]
    pub spec_version: String,
    /// Stable URL of the document as JSON (CORS open).
    pub json_url: String,
    /// Stable URL of the document as YAML (CORS open).
    pub yaml_url: String,
}

/// Ett API: a data service that an agency publishes in the national API catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Api {
    #[serde(flatten)]
    pub meta: EntryMeta,
    pub title: Localized,
    pub description: Localized,
    /// The publishing organisation; only it may change the API.
    pub publisher: EntryRef,
    /// Endpoint URLs (dcat:endpointURL), at least one.
    pub endpoint_urls: Vec<String>,
    /// Building blocks the API implements or belongs to.
    pub building_blocks: Vec<EntryRef>,
    /// Absent when the publisher has not stated it (an imported service without
    /// `adms:status`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ApiStatus>,
    /// Date after which the API is no longer served (deprecated or withdrawn APIs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sunset_date: Option<NaiveDate>,
    /// The API that replaces this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor: Option<EntryRef>,
    /// Licence URL (dcterms:license).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    /// Absent when the publisher has not stated it (an imported service without
    /// `dct:accessRights`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_rights: Option<AccessRights>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_point: Option<ContactPoint>,
    /// Keywords in Swedish (`dcat:keyword @sv`).
    pub keywords: Vec<String>,
    /// Keywords in English (`dcat:keyword @en`).
    #[serde(default)]
    pub keywords_en: Vec<String>,
    pub themes: Vec<DataTheme>,
    /// Standards and profiles the API follows (URLs), e.g. the Swedish REST API profile.
    pub conforms_to: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation_url: Option<String>,
    /// Service level: text or a link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla: Option<String>,
    /// Where the registry fetches the OpenAPI document from (`POST …/versions/fetch`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec_url: Option<String>,
    /// The latest OpenAPI document, when one has been registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<ApiDocumentRef>,
    /// `dct:identifier` as the publisher states it; absent: the API's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "bolagsverket-foretag-v1")]
    #[schema(value_type = Option<crate::strings::Name>)]
    pub identifier: Option<String>,
    /// `dct:type`: kinds of service (concept IRIs).
    #[serde(default)]
    #[schema(value_type = BTreeSet<crate::strings::HttpUrl>, max_items = 50)]
    pub types: Vec<String>,
    /// `foaf:page`: pages about the service.
    #[serde(default)]
    #[schema(value_type = BTreeSet<crate::strings::HttpUrl>, max_items = 50)]
    pub pages: Vec<String>,
    /// `dcatap:hvdCategory`: high-value dataset categories (concept IRIs of the EU list).
    #[serde(default)]
    #[schema(value_type = BTreeSet<crate::strings::HttpUrl>, max_items = 50)]
    pub hvd_categories: Vec<String>,
    /// `dcatap:applicableLegislation`: legislation the service is provided under (ELI IRIs).
    #[serde(default)]
    #[schema(value_type = BTreeSet<crate::strings::HttpUrl>, max_items = 50)]
    pub applicable_legislation: Vec<String>,
    /// `dcat:servesDataset`: IRIs of the datasets the service gives access to.
    #[serde(default)]
    #[schema(value_type = BTreeSet<crate::strings::HttpUrl>, max_items = 50)]
    pub serves_datasets: Vec<String>,
    /// The service's IRI in the agency's own DCAT catalogue, for an imported API: the export
    /// names the service by it, so that dataportal.se sees one service, not two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_iri: Option<String>,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4". Absent when not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// What a client sends to register or replace an API. References are ids or slugs (the
/// successor an API id).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({
    "title": {"sv": "Näringslivsregistret", "en": "Business register"},
    "description": {"sv": "Uppgifter om registrerade företag.", "en": "Data on registered companies."},
    "publisher": "bolagsverket",
    "endpointUrls": ["https://api.bolagsverket.se/foretag/v1"],
    "buildingBlocks": ["api-hantering"],
    "status": "i-produktion",
    "licence": "http://creativecommons.org/publicdomain/zero/1.0/",
    "accessRights": "publik",
    "contactPoint": {"name": "API-support", "email": "api@bolagsverket.se"},
    "keywords": ["företag", "register"],
    "themes": ["ECON", "GOVE"],
    "conformsTo": ["https://dev.dataportal.se/rest-api-profil"],
    "documentationUrl": "https://bolagsverket.se/api",
    "sla": "99,5 % tillgänglighet vardagar 07–19"
}))]
pub struct ApiInput {
    #[schema(value_type = crate::strings::LocalizedTitle)]
    pub title: Localized,
    #[serde(default = "empty_localized")]
    #[schema(value_type = crate::strings::LocalizedText)]
    pub description: Localized,
    /// Publishing organisation, id or slug (after authentication: the token's organisation).
    #[schema(value_type = crate::strings::Reference)]
    pub publisher: String,
    #[schema(value_type = BTreeSet<crate::strings::HttpUrl>, min_items = 1, max_items = 50)]
    pub endpoint_urls: Vec<String>,
    #[serde(default)]
    #[schema(value_type = BTreeSet<crate::strings::Reference>)]
    pub building_blocks: Vec<String>,
    /// Absent: not stated (exported without `adms:status`).
    #[serde(default)]
    pub status: Option<ApiStatus>,
    #[serde(default)]
    pub sunset_date: Option<NaiveDate>,
    /// Id of the API that replaces this one.
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::EntryId>)]
    pub successor: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::HttpUrl>)]
    pub licence: Option<String>,
    /// Absent: not stated (exported without `dct:accessRights`).
    #[serde(default)]
    pub access_rights: Option<AccessRights>,
    #[serde(default)]
    #[schema(value_type = Option<ContactPointInput>)]
    pub contact_point: Option<ContactPoint>,
    /// In Swedish.
    #[serde(default)]
    #[schema(value_type = BTreeSet<crate::strings::Keyword>, max_items = 50)]
    pub keywords: Vec<String>,
    /// In English.
    #[serde(default)]
    #[schema(value_type = BTreeSet<crate::strings::Keyword>, max_items = 50)]
    pub keywords_en: Vec<String>,
    #[serde(default)]
    #[schema(value_type = BTreeSet<DataTheme>)]
    pub themes: Vec<DataTheme>,
    #[serde(default)]
    #[schema(value_type = BTreeSet<crate::strings::HttpUrl>, max_items = 50)]
    pub conforms_to: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::HttpUrl>)]
    pub documentation_url: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::Text>)]
    pub sla: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<crate::strings::HttpUrl>)]
    pub spec_url: Option<String>,
    /// The service's IRI in the publisher's own DCAT catalogue, when it has one: the export
    /// names the service by it, so that dataportal.se sees one service, not two. Set by a
    /// catalogue import; one API per IRI.
    #[serde(default)]
    #[schema(example = "https://data.bolagsverket.se/tjanst/foretagsinformation")]
    #[schema(value_type = Option<crate::strings::Iri>)]
    pub source_iri: Option<String>,
    /// `dct:identifier` as the publisher states it; absent: the API's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "bolagsverket-foretag-v1")]
    #[schema(value_type = Option<crate::strings::Name>)]
    pub identifier: Option<String>,
    /// `dct:type`: kinds of service (concept IRIs).
    #[serde(default)]
    #[schema(value_type = BTreeSet<crate::strings::HttpUrl>, max_items = 50)]
    pub types: Vec<String>,
    /// `foaf:page`: pages about the service.
    #[serde(default)]
    #[schema(value_type = BTreeSet<crate::strings::HttpUrl>, max_items = 50)]
    pub pages: Vec<String>,
    /// `dcatap:hvdCategory`: high-value dataset categories (concept IRIs of the EU list).
    #[serde(default)]
    #[schema(value_type = BTreeSet<crate::strings::HttpUrl>, max_items = 50)]
    pub hvd_categories: Vec<String>,
    /// `dcatap:applicableLegislation`: legislation the service is provided under (ELI IRIs).
    #[serde(default)]
    #[schema(value_type = BTreeSet<crate::strings::HttpUrl>, max_items = 50)]
    pub applicable_legislation: Vec<String>,
    /// `dcat:servesDataset`: IRIs of the datasets the service gives access to.
    #[serde(default)]
    #[schema(value_type = BTreeSet<crate::strings::HttpUrl>, max_items = 50)]
    pub serves_datasets: Vec<String>,
    /// Where the entry's facts come from, for a reader to check them: a report and its
    /// section, as in "001 §2.4".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::strings::Source>)]
    pub source: Option<String>,
}

fn empty_localized() -> Localized {
    Localized {
        sv: String::new(),
        en: String::new(),
    }
}

/// Facet counts over the APIs that match the filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiFacets {
    pub total_count: i64,
    pub status: Vec<FacetCount>,
    pub access_rights: Vec<FacetCount>,
    pub theme: Vec<FacetCount>,
    pub organisation: Vec<FacetCount>,
    pub building_block: Vec<FacetCount>,
}

/// One check of an OpenAPI document against a rule of the Swedish REST API profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RapCheck {
    /// Rule id, e.g. `version-in-path`.
    #[schema(example = "version-in-path")]
    pub rule: String,
    pub passed: bool,
    /// What was found, in English; where in the document (a JSON pointer) when it failed.
    pub message: String,
}

/// One version of an API's OpenAPI document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiDocumentVersion {
    #[schema(example = 1)]
    pub number: i32,
    pub created_at: DateTime<Utc>,
    /// `openapi-3.0`, `openapi-3.1` or `swagger-2.0` (accepted, and marked as the old format).
    #[schema(example = "openapi-3.1")]
    pub spec_version: String,
    /// `upload` or `url`.
    #[schema(example = "upload")]
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    pub json_url: String,
    pub yaml_url: String,
    /// Checks against the Swedish REST API profile (a report; they never block registration).
    pub checks: Vec<RapCheck>,
}

/// The answer to an upload or a fetch: the version now current, and whether it is new.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiDocumentUpload {
    /// False when the document equals the latest version (nothing was written).
    pub created: bool,
    pub version: ApiDocumentVersion,
}

/// Where to fetch an OpenAPI document from; absent: the API's `specUrl`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiDocumentFetch {
    #[serde(default)]
    #[schema(example = "https://api.bolagsverket.se/foretag/v1/openapi.yaml")]
    #[schema(value_type = Option<crate::strings::HttpUrl>)]
    pub url: Option<String>,
}

/// Import a DCAT-AP-SE catalogue from a URL (send the document itself as RDF/XML, Turtle or
/// JSON-LD instead to upload it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CatalogImportInput {
    #[schema(example = "https://www.myndighet.se/dcat/catalog.rdf")]
    #[schema(value_type = crate::strings::HttpUrl)]
    pub url: String,
}

/// What an import did with one service of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CatalogImportEntry {
    /// The service's IRI in the imported catalogue.
    pub iri: String,
    /// The registered API.
    pub api: uuid::Uuid,
    /// `created`, `updated`, `unchanged`, or `held-elsewhere` (the service is in the register
    /// already, mirrored from the node that holds it; this import leaves it to that node).
    #[schema(example = "created")]
    pub outcome: String,
    /// What of the service's description the register did not keep, and why (e.g. a title in
    /// a language other than Swedish and English).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Something in the imported catalogue that the register did not take, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CatalogImportSkipped {
    /// Its IRI (or blank-node label) in the imported catalogue.
    pub iri: String,
    /// Its class, e.g. `dcat:Dataset`.
    #[schema(example = "dcat:Dataset")]
    pub kind: String,
    pub reason: String,
}

/// A service imported from the same publisher before that the catalogue no longer lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CatalogImportMissing {
    /// Its IRI in the publisher's catalogue.
    pub iri: String,
    pub api: uuid::Uuid,
    /// Whether this import marked it withdrawn (`tillbakadragen`; with `?withdrawMissing=true`).
    pub withdrawn: bool,
}

/// The result of an import: every service registered, updated or found unchanged (an import
/// with any invalid service writes nothing and answers 400 naming each one), the datasets
/// kept, what was not taken and why, and the publisher's services the catalogue no longer
/// lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CatalogImportReport {
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub entries: Vec<CatalogImportEntry>,
    /// IRIs of the `dcat:Dataset`s kept (served by a service of the catalogue or listed by
    /// it), exported again with the publisher's catalogue.
    #[serde(default)]
    pub datasets: Vec<String>,
    /// What was not imported, with the reason.
    #[serde(default)]
    pub skipped: Vec<CatalogImportSkipped>,
    /// Services imported before from the same publishers that this catalogue no longer lists.
    #[serde(default)]
    pub missing: Vec<CatalogImportMissing>,
}

/// Where an organisation publishes its own DCAT-AP-SE catalogue, for the register to harvest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CatalogSourceInput {
    /// The catalogue's URL (RDF/XML, Turtle or JSON-LD).
    #[schema(example = "https://data.skatteverket.se/katalog.rdf")]
    #[schema(value_type = crate::strings::HttpUrl)]
    pub url: String,
    /// Hours between harvests (1 to 168; default 24).
    #[serde(default = "default_interval")]
    #[schema(minimum = 1, maximum = 168, example = 24)]
    pub interval_hours: i32,
    /// Mark withdrawn the organisation's imported services the catalogue no longer lists.
    #[serde(default)]
    pub withdraw_missing: bool,
}

fn default_interval() -> i32 {
    24
}

/// An organisation's harvested catalogue and how its last harvest went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CatalogSource {
    pub organisation: EntryRef,
    pub url: String,
    pub interval_hours: i32,
    pub withdraw_missing: bool,
    /// When the register harvests it next (on its own; `POST …/harvest` runs it now).
    pub next_run: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_run: Option<DateTime<Utc>>,
    /// What the last harvest imported, when it succeeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_report: Option<CatalogImportReport>,
    /// Why the last harvest failed, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}
