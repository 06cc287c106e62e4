//! Reusable error responses for the OpenAPI document, all RFC 9457 problem+json.
//!
//! Each problem knows its status, so an operation lists its problems by name alone:
//! `responses((status = 200, …), BadRequest, NotFound, Unavailable)`.
// These types exist only to describe responses in the OpenAPI document.
#![allow(dead_code)]

use openapi::Problem;
use std::collections::BTreeMap;
use utoipa::openapi::{Ref, RefOr, Response};

/// Declares a problem response: the component (`ToResponse`, described by its doc comment)
/// and, as `IntoResponses`, its one status referring to that component.
macro_rules! problems {
    ($($(#[doc = $doc:literal])* $status:literal $name:ident;)*) => {$(
        $(#[doc = $doc])*
        #[derive(utoipa::ToResponse)]
        #[response(content_type = "application/problem+json")]
        pub struct $name(Problem);

        impl utoipa::IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                let problem = Ref::from_response_name(stringify!($name)).into();
                BTreeMap::from([(stringify!($status).to_string(), problem)])
            }
        }
    )*};
}

problems! {
    /// Ogiltig begäran / Invalid request: malformed JSON, an unknown field, a wrong enum value or a
    /// broken rule, or a malformed `If-Match`. `errors` names each field and the reason. Nothing
    /// was written.
    400 BadRequest;

    /// Bryter mot en regel / Unprocessable content: every field has the shape this document
    /// states, but together they break a rule no schema states (a role and a subject that do not
    /// go together, a level-2 document without a parent, an amount for a need not estimated, a
    /// wrong check digit). `errors` names each field and the rule. Nothing was written.
    422 Unprocessable;

    /// Finns inte / Not found: no entry with that id or slug.
    404 NotFound;

    /// Konflikt / Conflict: a duplicate slug or organisation number, an entry still referenced,
    /// an entry mirrored from another node, or a reference to an entry the register does not hold
    /// (`unknown-reference`; the same request succeeds once it exists). Nothing was written.
    409 Conflict;

    /// Posten har ändrats / Precondition failed: `If-Match` does not match the current ETag; GET
    /// the entry again and reapply the change.
    412 PreconditionFailed;

    /// If-Match krävs / Precondition required: send `If-Match` with the ETag from the last GET.
    428 PreconditionRequired;

    /// För stor begäran / Payload too large: the body is over 256 KiB.
    413 PayloadTooLarge;

    /// För lång adress / URI too long: the request target (path and query) is over 8 KiB; any
    /// operation may answer it.
    414 UriTooLong;

    /// Internt fel / Internal error.
    500 InternalError;

    /// Tjänsten är inte tillgänglig / Service unavailable: the database cannot be reached.
    503 Unavailable;

    /// Noden svarar inte som den ska / Bad gateway: the peer could not be reached in time, or
    /// answered something that is not a feed; the peer's state keeps the error.
    502 PeerFailed;

    /// Adressen gick inte att hämta / Bad gateway: the URL the request named could not be
    /// fetched (no answer in time, an error status, something unusable, or an address the register
    /// does not fetch from); `errors` names the field. Nothing was written.
    502 FetchFailed;

    /// Inloggning krävs / Unauthorized: no bearer token, or one that is malformed, expired, not
    /// signed by a trusted issuer, or for another audience. `WWW-Authenticate` says which.
    401 Unauthorized;

    /// Behörighet saknas / Forbidden: the token is valid but its organisation does not hold a
    /// role that allows this; `requiredRoles` lists the roles that would.
    403 Forbidden;

    /// För många förfrågningar / Too many requests: wait the seconds `Retry-After` gives.
    429 TooManyRequests;
}
