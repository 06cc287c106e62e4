//! Reusable error responses for the OpenAPI document, all RFC 9457 problem+json.
// These types exist only to describe responses in the OpenAPI document.
#![allow(dead_code)]

use openapi::Problem;
use utoipa::ToResponse;

/// Ogiltig begäran / Invalid request: malformed JSON, an unknown field, a wrong enum value or a
/// broken rule, or a malformed `If-Match`. `errors` names each field and the reason. Nothing
/// was written.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct BadRequest(Problem);

/// Bryter mot en regel / Unprocessable content: every field has the shape this document
/// states, but together they break a rule no schema states (a role and a subject that do not
/// go together, a level-2 document without a parent, an amount for a need not estimated, a
/// wrong check digit). `errors` names each field and the rule. Nothing was written.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Unprocessable(Problem);

/// Finns inte / Not found: no entry with that id or slug.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct NotFound(Problem);

/// Konflikt / Conflict: a duplicate slug or organisation number, an entry still referenced,
/// an entry mirrored from another node, or a reference to an entry the register does not hold
/// (`unknown-reference`; the same request succeeds once it exists). Nothing was written.
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

/// För lång adress / URI too long: the request target (path and query) is over 8 KiB; any
/// operation may answer it.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct UriTooLong(Problem);

/// Internt fel / Internal error.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct InternalError(Problem);

/// Tjänsten är inte tillgänglig / Service unavailable: the database cannot be reached.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Unavailable(Problem);

/// Noden svarar inte som den ska / Bad gateway: the peer could not be reached in time, or
/// answered something that is not a feed; the peer's state keeps the error.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct PeerFailed(Problem);

/// Adressen gick inte att hämta / Bad gateway: the URL the request named could not be
/// fetched (no answer in time, an error status, something unusable, or an address the register
/// does not fetch from); `errors` names the field. Nothing was written.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct FetchFailed(Problem);

/// Inloggning krävs / Unauthorized: no bearer token, or one that is malformed, expired, not
/// signed by a trusted issuer, or for another audience. `WWW-Authenticate` says which.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Unauthorized(Problem);

/// Behörighet saknas / Forbidden: the token is valid but its organisation does not hold a
/// role that allows this; `requiredRoles` lists the roles that would.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Forbidden(Problem);

/// För många förfrågningar / Too many requests: wait the seconds `Retry-After` gives.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct TooManyRequests(Problem);
