//! The node's key material and what is done with it: its Ed25519 signing keys (tokens of the
//! built-in issuer, signatures of the federation feed), the feed statements they sign, and the
//! sealing of peer secrets at rest with a key derived from them. Above the store (the keys are
//! stored there), below authentication and federation, which both use them.

pub mod node;
pub mod sealed;
pub mod signing;
