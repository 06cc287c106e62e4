//! The rules of the register as plain Rust with no I/O: what a valid entry is, who may do
//! what, how phases and plans move. It depends on neither the database nor the web layer
//! (the compiler keeps it so: this crate has neither diesel nor actix-web among its
//! dependencies); the service crate maps its refusals to problem responses.

pub mod adoption;
pub mod appointments;
pub mod catalog;
pub mod decisions;
pub mod documents;
pub mod federation;
pub mod forums;
pub mod funding;
pub mod graph;
pub mod ideas;
pub mod identifiers;
pub mod invalid;
pub mod netguard;
pub mod origin;
pub mod permissions;
pub mod phases;
pub mod plans;
pub mod text;
pub mod validate;

pub use invalid::{Breach, Errors, Invalid, MaybeInvalid};
