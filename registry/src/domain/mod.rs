//! The rules of the register as plain Rust with no I/O.

pub mod documents;
pub mod federation;
pub mod graph;
pub mod ideas;
pub mod identifiers;
pub mod netguard;
pub mod origin;
pub mod permissions;
pub mod phases;
pub mod plans;
pub mod search;
pub mod text;
pub mod validate;
