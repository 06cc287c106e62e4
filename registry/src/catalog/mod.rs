//! The catalogue concern: OpenAPI documents of registered APIs (reading, checking, fetching)
//! and the DCAT-AP-SE export for dataportal.se.

pub mod dcat;
pub mod document;
pub mod fetch;
pub mod harvest;
pub mod import;

/// Largest OpenAPI document accepted, uploaded or fetched.
pub const DOCUMENT_LIMIT: usize = crate::budget::DOCUMENT_BYTES;
