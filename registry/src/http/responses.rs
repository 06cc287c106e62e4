//! Reusable error responses for the OpenAPI document, all RFC 9457 problem+json.
// These types exist only to describe responses in the OpenAPI document.
#![allow(dead_code)]

use openapi::Problem;
use utoipa::ToResponse;

/// Ogiltig begäran / Invalid request: malformed JSON, an unknown field, a wrong enum value or a
/// broken rule. `errors` names each field and the reason. Nothing was written.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct BadRequest(Problem);

/// Finns inte / Not found: no entry with that id or slug.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct NotFound(Problem);

/// Konflikt / Conflict: a duplicate slug or organisation number, an entry still referenced,
/// or an entry mirrored from another node. Nothing was written.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Conflict(Problem);

/// Posten har ändrats / Precondition failed: `If-Match` does not match the current ETag; GET
/// the entry again and reapply the change.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct PreconditionFailed(Problem);

/// If-Match krävs / Precondition required: send `If-Match` with the ETag from the last GET.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct PreconditionRequired(Problem);

/// För stor begäran / Payload too large: the body is over 256 KiB.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct PayloadTooLarge(Problem);

/// Internt fel / Internal error.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct InternalError(Problem);

/// Tjänsten är inte tillgänglig / Service unavailable: the database cannot be reached.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Unavailable(Problem);
