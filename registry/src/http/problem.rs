//! The one place where errors become RFC 9457 problem+json responses.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use openapi::Problem;

use crate::error::Error;

const PROBLEM_BASE: &str = "https://bbr.digg.se/problems/";

impl Error {
    fn kind(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            Error::Validation(_) => (
                StatusCode::BAD_REQUEST,
                "validation",
                "Ogiltig begäran / Invalid request",
            ),
            Error::BadRequest { .. } => (
                StatusCode::BAD_REQUEST,
                "bad-request",
                "Felaktig begäran / Malformed request",
            ),
            Error::NotFound { .. } => {
                (StatusCode::NOT_FOUND, "not-found", "Finns inte / Not found")
            }
            Error::Conflict { .. } => (StatusCode::CONFLICT, "conflict", "Konflikt / Conflict"),
            Error::PreconditionFailed { .. } => (
                StatusCode::PRECONDITION_FAILED,
                "stale-etag",
                "Posten har ändrats / The entry has changed",
            ),
            Error::PreconditionRequired => (
                StatusCode::PRECONDITION_REQUIRED,
                "if-match-required",
                "If-Match krävs / If-Match required",
            ),
            Error::PayloadTooLarge { .. } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                "För stor begäran / Request too large",
            ),
            Error::Unauthorized(_) => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Inloggning krävs / Authentication required",
            ),
            Error::InsufficientScope(_) | Error::Forbidden { .. } => (
                StatusCode::FORBIDDEN,
                "forbidden",
                "Behörighet saknas / Not allowed",
            ),
            Error::TooManyRequests { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "too-many-requests",
                "För många förfrågningar / Too many requests",
            ),
            Error::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Tjänsten är inte tillgänglig / Service unavailable",
            ),
            Error::PeerFailed(_) => (
                StatusCode::BAD_GATEWAY,
                "peer-failed",
                "Noden svarar inte som den ska / The peer failed",
            ),
            Error::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internt fel / Internal error",
            ),
        }
    }

    pub fn to_problem(&self, instance: &str) -> Problem {
        let (status, slug, title) = self.kind();
        let errors = match self {
            Error::Validation(e) => e.clone(),
            Error::BadRequest { errors, .. } | Error::Conflict { errors, .. } => errors.clone(),
            _ => vec![],
        };
        Problem {
            problem_type: format!("{PROBLEM_BASE}{slug}"),
            title: title.to_string(),
            status: status.as_u16(),
            detail: self.to_string(),
            instance: instance.to_string(),
            errors,
            required_roles: match self {
                Error::Forbidden { roles, .. } => roles.clone(),
                _ => vec![],
            },
        }
    }

    /// The problem response, with the headers this error calls for.
    pub fn response(&self, instance: &str) -> HttpResponse {
        let mut r = problem_response(&self.to_problem(instance));
        let extra = match self {
            Error::Unauthorized(reason) => Some((
                header::WWW_AUTHENTICATE,
                format!(
                    "Bearer realm=\"registry\", error=\"invalid_token\", error_description=\"{}\"",
                    reason.replace(['"', '\\'], "'")
                ),
            )),
            Error::InsufficientScope(scope) => Some((
                header::WWW_AUTHENTICATE,
                format!(
                    "Bearer realm=\"registry\", error=\"insufficient_scope\", scope=\"{scope}\""
                ),
            )),
            Error::TooManyRequests { retry_after } => {
                Some((header::RETRY_AFTER, retry_after.to_string()))
            }
            _ => None,
        };
        if let Some((name, value)) = extra {
            if let Ok(v) = header::HeaderValue::from_str(&value) {
                r.headers_mut().insert(name, v);
            }
        }
        r
    }
}

impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        self.kind().0
    }

    fn error_response(&self) -> HttpResponse {
        // The request path is filled in by the `instance` middleware, which sees the request.
        self.response("")
    }
}

pub fn problem_response(p: &Problem) -> HttpResponse {
    HttpResponse::build(StatusCode::from_u16(p.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .insert_header((header::CONTENT_TYPE, "application/problem+json"))
        .json(p)
}
