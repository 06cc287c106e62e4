//! The one error type of the service. `http::problem` maps it to RFC 9457 problem+json.

use openapi::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request is well-formed JSON but breaks a rule; nothing was written.
    #[error("invalid request: {}", summary(.0))]
    Validation(Vec<FieldError>),
    /// The request matches the API document but breaks a rule relating several fields, or a
    /// field to the entry, that no schema states (`domain::Breach::Rule`); nothing was written.
    #[error("breaks a rule: {}", summary(.0))]
    Rule(Vec<FieldError>),
    /// The request could not be read (malformed JSON, bad query parameter, …).
    #[error("{detail}")]
    BadRequest {
        detail: String,
        errors: Vec<FieldError>,
    },
    /// A well-formed request naming an entry the register does not hold (a publisher, a plan,
    /// a parent): 409, not 400, since the same request succeeds once the entry exists, created
    /// here or mirrored from its node (RFC 9110 §15.5.10: a conflict with the current state
    /// that the client can resolve).
    #[error("names what the register does not hold: {}", summary(.0))]
    UnknownReference(Vec<FieldError>),
    #[error("{what} '{key}' not found")]
    NotFound { what: &'static str, key: String },
    /// The request conflicts with the stored state (duplicate slug, entry still referenced, …).
    #[error("{detail}")]
    Conflict {
        detail: String,
        errors: Vec<FieldError>,
    },
    #[error("the entry has changed: If-Match {given} does not match the current ETag {current}")]
    PreconditionFailed { given: String, current: String },
    #[error("If-Match is required to change an entry; send the ETag from the last GET")]
    PreconditionRequired,
    /// `If-Match` names a well-formed entity tag that no entry of this server ever carries:
    /// a weak tag (If-Match compares strongly, RFC 9110 §13.1.1) or one that is not a version.
    #[error("If-Match {given} never matches: {reason}")]
    UnmatchableEtag { given: String, reason: &'static str },
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    /// The path exists, the method does not: 405 with `Allow` (the methods, comma-separated).
    #[error("{method} is not allowed here; allowed: {allow}")]
    MethodNotAllowed { method: String, allow: String },
    /// A method this server does not know at all (not one of RFC 9110's).
    #[error("the method {0} is not implemented")]
    NotImplemented(String),
    /// The body did not arrive within the time allowed: 408, and the connection is closed.
    #[error("the request body did not arrive within {secs} s")]
    RequestTimeout { secs: u64 },
    #[error("the request target is longer than {limit} bytes")]
    UriTooLong { limit: usize },
    #[error("the request headers are larger than {limit} bytes together")]
    HeadersTooLarge { limit: usize },
    /// No token, or one that does not verify: 401 with `WWW-Authenticate: Bearer`.
    #[error("{0}")]
    Unauthorized(String),
    /// The token lacks the scope the request needs (RFC 6750 `insufficient_scope`).
    #[error("the token lacks the scope '{0}'")]
    InsufficientScope(&'static str),
    /// A verified caller without the right: `roles` would allow it.
    #[error("{detail}")]
    Forbidden { detail: String, roles: Vec<String> },
    #[error("too many requests; try again in {retry_after} s")]
    TooManyRequests { retry_after: u64 },
    #[error("the database is unavailable")]
    Unavailable(#[source] anyhow::Error),
    /// Another node this one depends on (a peer being pulled) could not be read or answered
    /// something unusable: 502, with what went wrong.
    #[error("the peer could not be read: {0}")]
    PeerFailed(String),
    /// A URL the request named (a catalogue, an OpenAPI document) could not be fetched or
    /// answered something unusable: 502, naming the field that gave the URL.
    #[error("{field}: {message}")]
    FetchFailed { field: String, message: String },
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

/// The one field error of a refusal that names a single field.
fn one(field: impl Into<String>, message: impl Into<String>) -> Vec<FieldError> {
    vec![FieldError {
        field: field.into(),
        message: message.into(),
    }]
}

fn summary(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

impl Error {
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation(one(field, message))
    }

    pub fn conflict(field: impl Into<String>, message: impl Into<String>) -> Self {
        let message = message.into();
        Error::Conflict {
            detail: message.clone(),
            errors: one(field, message),
        }
    }

    /// A conflict with the stored state for every one of these reasons at once.
    pub fn conflicts(errors: Vec<FieldError>) -> Self {
        Error::Conflict {
            detail: summary(&errors),
            errors,
        }
    }

    /// A failure of the service itself (stored data it cannot read, …): 500, logged.
    pub fn internal(e: impl Into<anyhow::Error>) -> Self {
        Error::Internal(e.into())
    }

    /// A field that breaks a rule beyond what the API document states (422).
    pub fn rule(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Rule(one(field, message))
    }

    /// A reference in `field` to an entry that does not exist.
    pub fn unknown_reference(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::UnknownReference(one(field, message))
    }

    /// The field errors of a refusal that names fields (a broken rule, an unknown reference,
    /// an unreadable or conflicting value), for a form to show beside its fields.
    pub fn field_errors(&self) -> Option<&[FieldError]> {
        match self {
            Error::Validation(e) | Error::Rule(e) | Error::UnknownReference(e) => Some(e),
            Error::BadRequest { errors, .. } | Error::Conflict { errors, .. } => Some(errors),
            _ => None,
        }
    }

    pub fn not_found(what: &'static str, key: impl Into<String>) -> Self {
        Error::NotFound {
            what,
            key: key.into(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<domain::Invalid> for Error {
    fn from(e: domain::Invalid) -> Self {
        match e.1 {
            domain::Breach::Shape => Error::Validation(e.0),
            domain::Breach::Rule => Error::Rule(e.0),
        }
    }
}

/// Lets `domain::Errors` collect the field errors of a step that failed with this error.
impl domain::MaybeInvalid for Error {
    fn into_invalid(self) -> Result<domain::Invalid, Self> {
        match self {
            Error::Validation(v) => Ok(domain::Invalid(v, domain::Breach::Shape)),
            Error::Rule(v) => Ok(domain::Invalid(v, domain::Breach::Rule)),
            other => Err(other),
        }
    }
}
