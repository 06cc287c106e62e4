//! Wire types of the building-block registry API (RAP 1.2.0 conventions: camelCase fields,
//! ASCII slugs of the Swedish terms for enumerated values).
//!
//! The registry serves these types and the client reads them, so the two cannot drift.
//! `openapi.json` beside this crate is the committed contract; a test
//! (`tests/tests/service.rs`) fails when the served document differs from it.

pub mod adoption;
pub mod catalog;
pub mod collections;
pub mod common;
pub mod decisions;
pub mod enums;
pub mod federation;
pub mod forums;
pub mod governance;
pub mod ideas;
pub mod organisations;
pub mod register;
pub mod strings;

pub use adoption::*;
pub use catalog::*;
pub use common::*;
pub use decisions::*;
pub use enums::*;
pub use federation::*;
pub use forums::*;
pub use governance::*;
pub use ideas::*;
pub use organisations::*;
pub use register::*;
