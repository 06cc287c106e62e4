//! Federation (DESIGN.md §Identity and federation): the change log as a signed feed that peers
//! pull. Each item is a statement "entry E of origin O is, at version V, this state (or gone)",
//! signed by the origin node's key, so it can be forwarded and still be checked at the end.

pub mod metrics;
pub mod pull;
