//! Request extractors that refuse bad input with a problem naming the field: JSON bodies
//! (size-limited, unknown fields rejected), query strings, the If-Match precondition, and the
//! verified caller of a write (`Writer`: RFC 6750 §2.1, the `Authorization` header only).

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use base64::Engine;
use openapi::FieldError;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::store::PageRequest;
use domain::origin::{OriginFilter, OriginMatch};

/// Largest JSON body accepted.
pub const BODY_LIMIT: usize = crate::budget::JSON_BODY_BYTES;

fn field_error(path: String, message: String) -> Error {
    let path = if path == "." { String::new() } else { path };
    let named = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_string)
    };
    let field = if let Some(name) = named("unknown field `") {
        // serde_path_to_error's path already ends at the unknown key.
        if path.is_empty() {
            name
        } else {
            path
        }
    } else if let Some(name) = named("missing field `") {
        // A missing field is reported at its parent.
        if path.is_empty() {
            name
        } else {
            format!("{path}.{name}")
        }
    } else {
        path
    };
    let detail = if field.is_empty() {
        message.clone()
    } else {
        format!("{field}: {message}")
    };
    Error::BadRequest {
        detail,
        errors: vec![FieldError { field, message }],
    }
}

/// The request's media type as it is sent, in lower case (empty when there is none).
pub fn content_type(req: &HttpRequest) -> String {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The body's length as `Content-Length` declares it, if it does.
pub fn declared_length(req: &HttpRequest) -> Option<usize> {
    req.headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
}

/// A JSON body deserialised with the path of the first offending field.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let content_type = content_type(req);
        let json = content_type.starts_with("application/json")
            || (content_type.starts_with("application/") && content_type.contains("+json"));
        let declared = declared_length(req);
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !json {
                return Err(Error::BadRequest {
                    detail: "the body must be JSON: send Content-Type: application/json".into(),
                    errors: vec![],
                });
            }
            if declared.is_some_and(|n| n > BODY_LIMIT) {
                return Err(Error::PayloadTooLarge { limit: BODY_LIMIT });
            }
            let bytes = body
                .await
                .map_err(|_| Error::PayloadTooLarge { limit: BODY_LIMIT })?;
            // First within the budget and for text the register cannot hold, named where
            // it is (`title.sv`); what is not JSON is left to the typed read below, whose
            // messages name the field.
            if let Ok(text) = std::str::from_utf8(&bytes) {
                match crate::budget::json(text, false) {
                    Ok(_) | Err(crate::budget::Refused::Syntax { .. }) => {}
                    Err(r) => return Err(r.into_error("body", domain::text::dotted)),
                }
            }
            let de = &mut serde_json::Deserializer::from_slice(&bytes);
            let value: T = match serde_path_to_error::deserialize(de) {
                Ok(value) => value,
                Err(e)
                    if e.inner().is_data() && e.inner().to_string().contains("floating point") =>
                {
                    with_integral_floats(&bytes)?
                }
                Err(e) => return Err(json_error(e)),
            };
            Ok(Json(value))
        })
    }
}

fn json_error(e: serde_path_to_error::Error<serde_json::Error>) -> Error {
    let path = e.path().to_string();
    let inner = e.into_inner();
    if inner.is_syntax() || inner.is_eof() {
        Error::BadRequest {
            detail: format!("the body is not valid JSON: {inner}"),
            errors: vec![],
        }
    } else {
        field_error(path, inner.to_string())
    }
}

/// The body read again with every number that has no fraction (`938.0`, `1e3`) as an integer.
/// JSON Schema counts those as integers (2020-12 validation §6.1.1), so the document's
/// `integer` fields promise to take them; serde's integer types do not. Only a body that
/// failed on a float takes this slower path.
fn with_integral_floats<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    fn integral(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Number(n) => {
                if let Some(f) = n.as_f64().filter(|_| n.is_f64()) {
                    // Beyond ±2^63 a float is no longer exact; leave it to be refused.
                    if f.fract() == 0.0 && f.abs() < 9.2e18 {
                        *n = serde_json::Number::from(f as i64);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(integral),
            serde_json::Value::Object(fields) => fields.values_mut().for_each(integral),
            _ => {}
        }
    }
    let mut value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| Error::BadRequest {
            detail: format!("the body is not valid JSON: {e}"),
            errors: vec![],
        })?;
    integral(&mut value);
    serde_path_to_error::deserialize(value).map_err(json_error)
}

/// Query parameters, with unknown and malformed parameters named in the problem.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = Error;
    type Future = std::future::Ready<Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parse = form_urlencoded::parse(req.query_string().as_bytes());
        let de = serde_urlencoded::Deserializer::new(parse);
        std::future::ready(
            serde_path_to_error::deserialize(de)
                .map(Query)
                .map_err(|e| field_error(e.path().to_string(), e.into_inner().to_string())),
        )
    }
}

/// The version a client expects to change, from `If-Match` (428 when it is missing;
/// `None` for `*`, which matches any current version).
///
/// RFC 9110 §13.1.1: `*` means "any current representation", so the write proceeds when the
/// entry exists (404 when it does not). The comparison is strong: a weak tag (`W/"3"`) and a
/// tag that is not a version never match (412). One entity tag is taken; an empty or
/// malformed header, or a list of several tags, is refused with 400 naming `If-Match`.
pub struct IfMatch(pub Option<i64>);

impl FromRequest for IfMatch {
    type Error = Error;
    type Future = std::future::Ready<Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let mut values = req.headers().get_all(header::IF_MATCH);
        let parsed = match (values.next(), values.next()) {
            (None, _) => Err(Error::PreconditionRequired),
            (Some(_), Some(_)) => Err(if_match_error("names several entity tags; send one")),
            (Some(v), None) => parse_if_match(v.as_bytes()).map(IfMatch),
        };
        std::future::ready(parsed)
    }
}

fn if_match_error(message: &str) -> Error {
    Error::BadRequest {
        detail: format!("If-Match: {message}"),
        errors: vec![FieldError {
            field: "If-Match".into(),
            message: message.into(),
        }],
    }
}

/// An `If-Match` value: `*` (`None`) or one strong entity tag holding a version.
fn parse_if_match(raw: &[u8]) -> Result<Option<i64>, Error> {
    const EXPECTED: &str = "send the ETag from the last GET, such as \"3\", or *";
    let s = raw.trim_ascii();
    if s.is_empty() {
        return Err(if_match_error(&format!("is empty; {EXPECTED}")));
    }
    if s == b"*" {
        return Ok(None);
    }
    let (weak, tag) = match s.strip_prefix(b"W/") {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    // entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE; etagc = %x21 / %x23-7E / obs-text
    let opaque = tag
        .strip_prefix(b"\"")
        .and_then(|t| t.strip_suffix(b"\""))
        .filter(|t| {
            t.iter()
                .all(|&b| b == 0x21 || (0x23..=0x7e).contains(&b) || b >= 0x80)
        });
    let Some(opaque) = opaque else {
        let message = if s.contains(&b',') {
            "names several entity tags or is not one; send one".to_string()
        } else {
            format!("is not an entity tag; {EXPECTED}")
        };
        return Err(if_match_error(&message));
    };
    let given = String::from_utf8_lossy(s)
        .chars()
        .take(100)
        .collect::<String>();
    if weak {
        return Err(Error::UnmatchableEtag {
            given,
            reason: "it is a weak entity tag, and If-Match uses the strong comparison \
                     (RFC 9110 §13.1.1); send the ETag as GET gave it",
        });
    }
    std::str::from_utf8(opaque)
        .ok()
        .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|v| v.parse::<i64>().ok())
        .map(Some)
        .ok_or(Error::UnmatchableEtag {
            given,
            reason: "this server's ETags are the entry's version, such as \"3\"",
        })
}

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 500;

/// A `year` query parameter, which the document bounds to the years the register takes
/// (`YEARS`; 400 otherwise).
pub fn year(year: i32) -> crate::error::Result<i32> {
    if domain::validate::YEARS.contains(&year) {
        return Ok(year);
    }
    Err(Error::BadRequest {
        detail: format!("year must be between {}", domain::validate::years()),
        errors: vec![openapi::FieldError {
            field: "year".into(),
            message: format!("must be between {}", domain::validate::years()),
        }],
    })
}

/// Validates paging parameters and decodes the opaque cursor.
pub fn page(
    limit: Option<i64>,
    offset: Option<i64>,
    cursor: Option<&str>,
) -> Result<PageRequest, Error> {
    let mut errors = ::domain::Errors::default();
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    errors.check(
        (1..=MAX_LIMIT).contains(&limit),
        "limit",
        "must be between 1 and 500",
    );
    let offset = offset.unwrap_or(0);
    errors.check(offset >= 0, "offset", "must not be negative");
    let after = match cursor {
        None => None,
        Some(c) => match decode_cursor(c) {
            Some(k) => Some(k),
            None => {
                errors.add("cursor", "is not a cursor this list gave out");
                None
            }
        },
    };
    errors.into_result()?;
    Ok(PageRequest {
        limit,
        offset,
        after,
    })
}

/// The `origin` filter of a list, as the condition it puts on the entries of this node
/// (`node_id`).
pub fn origin(value: Option<String>, node_id: &str) -> Result<Option<OriginMatch>, Error> {
    value
        .map(|v| {
            v.parse::<OriginFilter>()
                .map(|f| f.resolve(node_id))
                .map_err(|p| Error::field("origin", p))
        })
        .transpose()
}

pub fn encode_cursor(key: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("k:{key}"))
}

/// A cursor is a position in the list's key order, so any text is one: a cursor that was not
/// given out still names a well-defined place (the entries after that text). That makes every
/// value of the documented pattern (`az` and one of `o`–`r` is how `k:` starts in base64url) a working cursor, as
/// the OpenAPI document promises; only what does not decode at all is refused.
fn decode_cursor(c: &str) -> Option<String> {
    use base64::engine::{general_purpose, DecodePaddingMode, GeneralPurpose};
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        general_purpose::NO_PAD
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    if !c.is_ascii() {
        return None;
    }
    // A lone last character carries no whole byte; what it would add is nothing.
    let usable = if c.len() % 4 == 1 {
        &c[..c.len() - 1]
    } else {
        c
    };
    let bytes = LENIENT.decode(usable).ok()?;
    let s = String::from_utf8_lossy(&bytes);
    // Control characters cannot be in a key, and PostgreSQL refuses NUL in text outright.
    s.strip_prefix("k:")
        .map(|k| k.chars().filter(|ch| !ch.is_control()).collect())
}

/// The verified caller of a write.
pub struct Writer(pub crate::auth::Principal);

impl FromRequest for Writer {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Writer, Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<super::State>().cloned();
        let token = bearer(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| Error::Internal(anyhow::anyhow!("no app state")))?;
            let verified = state.auth.verify(&token?).await?;
            let node = state.settings.node_id.clone();
            let principal = state
                .db
                .run(move |c| crate::auth::principal(c, &node, verified))
                .await?;
            Ok(Writer(principal))
        })
    }
}

fn bearer(req: &HttpRequest) -> Result<String, Error> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| Error::Unauthorized("a bearer token is required to write".into()))?;
    let text = value
        .to_str()
        .map_err(|_| Error::Unauthorized("the Authorization header is not text".into()))?;
    let (scheme, token) = text.split_once(' ').ok_or_else(|| {
        Error::Unauthorized("the Authorization header is not 'Bearer <token>'".into())
    })?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(Error::Unauthorized(
            "the Authorization header is not 'Bearer <token>'".into(),
        ));
    }
    Ok(token.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let c = encode_cursor("0190c0de-0000-7000-8000-000000000000");
        assert_eq!(
            decode_cursor(&c).as_deref(),
            Some("0190c0de-0000-7000-8000-000000000000")
        );
        assert_eq!(decode_cursor("not a cursor"), None);
        assert_eq!(decode_cursor("azå"), None);
        // Every value of the documented pattern `^az[o-r][A-Za-z0-9_-]*$` is a position.
        for c in [
            "azo",
            "azr0",
            "azp-_",
            "azqAAAA",
            "azrzzzzzz",
            "azo0000000000000",
        ] {
            assert!(decode_cursor(c).is_some(), "{c}");
            assert!(page(None, None, Some(c)).is_ok(), "{c}");
        }
        assert!(page(Some(0), None, None).is_err());
        assert!(page(Some(501), None, None).is_err());
        assert!(page(None, Some(-1), None).is_err());
        assert_eq!(page(None, None, None).unwrap().limit, 20);
    }

    fn field_of(path: &str, message: &str) -> String {
        match field_error(path.into(), message.into()) {
            Error::BadRequest { errors, .. } => errors[0].field.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn if_match_is_star_or_one_strong_tag() {
        assert_eq!(parse_if_match(b"\"3\"").unwrap(), Some(3));
        assert_eq!(parse_if_match(b" \"12\" ").unwrap(), Some(12));
        assert_eq!(parse_if_match(b"*").unwrap(), None);
        for bad in [
            &b""[..],
            b"   ",
            b"3",
            b"\"3",
            b"\"3\", \"4\"",
            b"W/3",
            b"\"a b\"",
            b"**",
        ] {
            match parse_if_match(bad) {
                Err(Error::BadRequest { errors, .. }) => assert_eq!(errors[0].field, "If-Match"),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
        for never in [
            &b"W/\"3\""[..],
            b"\"abc\"",
            b"\"\"",
            b"\"99999999999999999999\"",
        ] {
            assert!(
                matches!(parse_if_match(never), Err(Error::UnmatchableEtag { .. })),
                "{never:?}"
            );
        }
    }

    #[test]
    fn unknown_and_missing_fields_are_named_once() {
        assert_eq!(
            field_of("foo", "unknown field `foo`, expected `bar`"),
            "foo"
        );
        assert_eq!(
            field_of("analyses.x", "unknown field `x`, expected `funding`"),
            "analyses.x"
        );
        assert_eq!(field_of(".", "missing field `slug`"), "slug");
        assert_eq!(field_of("scope", "missing field `kind`"), "scope.kind");
        assert_eq!(field_of("phase", "unknown variant `x`"), "phase");
    }

    #[test]
    fn integers_written_with_a_zero_fraction_are_integers() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        struct Body {
            year: i32,
            sums: Vec<u64>,
            share: f64,
        }
        let b: Body =
            with_integral_floats(br#"{"year": 2025.0, "sums": [1e3, 2], "share": 0.5}"#).unwrap();
        assert_eq!((b.year, b.sums, b.share), (2025, vec![1000, 2], 0.5));
        let Err(Error::BadRequest { errors, .. }) =
            with_integral_floats::<Body>(br#"{"year": 2025.5, "sums": [], "share": 1}"#)
        else {
            panic!("a fraction is not an integer")
        };
        assert_eq!(errors[0].field, "year");
    }
}
