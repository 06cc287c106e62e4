//! Who is who: the node that owns the database, its signing keys, the OAuth clients of the
//! agencies, and the subjects that permission checks ask about.

pub mod accounts;
pub mod authz;
pub mod clients;
pub mod keys;
pub mod node;
