//! What the catalogue reads, before it is stored: an API's OpenAPI document once it passed the
//! checks, and a catalogue's services with their references still to resolve.

use openapi::{ApiInput, FieldError};
use serde_json::Value;

/// A document that passed: its JSON form and which specification it follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub value: Value,
    /// `openapi-3.0`, `openapi-3.1` or `swagger-2.0`.
    pub spec_version: &'static str,
}

/// Who publishes an entry, as the catalogue names it.
#[derive(Debug, Clone, PartialEq)]
pub enum PublisherRef {
    /// `http://dataportal.se/organisation/SE<orgnr>`: the organisation number as `NNNNNN-NNNN`.
    Number(String),
    /// Any other IRI: an organisation's URI in this register.
    Uri(String),
}

/// One service of the catalogue.
#[derive(Debug, Clone)]
pub struct Entry {
    pub iri: String,
    /// The input, with `publisher` and `buildingBlocks` still to be resolved.
    pub input: ApiInput,
    pub publisher: Option<PublisherRef>,
    /// `dct:isPartOf` IRIs (building blocks of this register).
    pub block_uris: Vec<String>,
    pub errors: Vec<FieldError>,
}
