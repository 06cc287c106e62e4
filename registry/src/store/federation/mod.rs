//! Federation: the peers this node pulls from (their cursors, health and keys) and the
//! applying of their signed changes to the mirror.

pub mod mirror;
pub mod peers;
