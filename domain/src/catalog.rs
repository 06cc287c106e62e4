//! What the catalogue reads, before it is stored: an API's OpenAPI document once it passed the
//! checks, and a catalogue's services with their references still to resolve.

use openapi::{ApiInput, CatalogImportSkipped, FieldError};
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
    /// Its own `dct:publisher`, else the catalogue's; None: neither states one.
    pub publisher: Option<PublisherRef>,
    /// `dct:isPartOf` IRIs (building blocks of this register).
    pub block_uris: Vec<String>,
    pub errors: Vec<FieldError>,
    /// What of its description is not kept, and why.
    pub notes: Vec<String>,
}

/// A `dcat:Dataset` of the catalogue, kept as described.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub iri: String,
    /// Its own `dct:publisher`, else the catalogue's.
    pub publisher: Option<PublisherRef>,
    /// The dataset, its distributions and what hangs from them, as N-Triples (one triple a
    /// line, sorted), blank nodes named under the dataset's IRI.
    pub description: String,
}

/// What an imported catalogue holds for the register.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub entries: Vec<Entry>,
    pub datasets: Vec<Dataset>,
    /// (IRI, description as `Dataset::description`) of the resources the services and datasets
    /// refer to that the document describes: concepts with their labels, media types, …
    pub terms: Vec<(String, String)>,
    pub skipped: Vec<CatalogImportSkipped>,
}
