//! How the database's failures become the service's errors: a broken uniqueness or reference
//! is a conflict with the stored state, a lost connection is unavailability.

use crate::error::Error;

impl From<diesel::result::Error> for Error {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind as K, Error as E};
        match e {
            E::DatabaseError(K::UniqueViolation, info) => Error::Conflict {
                detail: format!("an entry with the same unique value exists ({})", info.message()),
                errors: vec![],
            },
            E::DatabaseError(K::ForeignKeyViolation, info) => Error::Conflict {
                detail: format!(
                    "the entry is referenced by, or refers to, an entry that does not allow this ({})",
                    info.message()
                ),
                errors: vec![],
            },
            E::DatabaseError(K::ClosedConnection, _) => Error::Unavailable(e.into()),
            other => Error::Internal(other.into()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for Error {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        Error::Unavailable(e.into())
    }
}

/// A delete refused by a foreign key: the entry is still referenced.
pub fn referenced(e: diesel::result::Error, what: &str) -> Error {
    match e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::ForeignKeyViolation,
            _,
        ) => Error::conflict(
            "id",
            format!(
                "the {what} is still referenced by other entries; remove those references first"
            ),
        ),
        other => other.into(),
    }
}
