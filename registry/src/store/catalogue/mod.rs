//! The catalogue: the APIs agencies register, their OpenAPI documents, and the DCAT-AP-SE
//! catalogue read into the register (import) and out of it (the export's queries).

pub mod api_documents;
pub mod apis;
pub mod catalog;
pub mod datasets;
pub mod sources;
pub mod terms;
