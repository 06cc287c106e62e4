//! HTTP semantics the routes do not give by themselves: `HEAD` wherever `GET` is, 405 with
//! `Allow` on a known path, problems for requests too long, too large, too slow or not
//! decodable, and a deadline for request bodies.
//!
//! What actix-http answers before the application sees a request stays as actix writes it,
//! with an empty body: request heads over 128 KiB or with more than 96 headers (431), heads
//! that do not arrive within `--header-timeout` (408), and request lines it cannot parse
//! (400, such as raw non-ASCII bytes in the target). The limits here are lower, so requests
//! that are merely too large get a problem from the application.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::LazyLock;
use std::task::{Context, Poll};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::{header, Method};
use actix_web::middleware::Next;
use actix_web::rt::time::{sleep, Sleep};
use actix_web::web::{self, Bytes};
use actix_web::{HttpMessage, HttpRequest};
use futures_util::Stream;

use super::AppState;
use crate::error::Error;

/// Longest request target (path and query) taken.
pub const MAX_URI: usize = 8 * 1024;
/// Most bytes of request headers taken, names and values together.
pub const MAX_HEADERS: usize = 32 * 1024;
/// Longest path echoed in a problem's `instance`.
const MAX_INSTANCE: usize = 256;

/// The base of problem `type` URIs: the node's public URL.
pub fn problem_base(req: &HttpRequest) -> String {
    req.app_data::<web::Data<AppState>>()
        .map(|s| s.settings.public_url.clone())
        .unwrap_or_default()
}

fn instance(path: &str) -> &str {
    if path.len() <= MAX_INSTANCE {
        return path;
    }
    let mut end = MAX_INSTANCE;
    while !path.is_char_boundary(end) {
        end -= 1;
    }
    &path[..end]
}

/// A segment of a path template: a literal, a `{parameter}`, or `{*}` for the rest.
#[derive(Debug, PartialEq)]
enum Segment {
    Literal(String),
    Param,
    Rest,
}

struct Template {
    segments: Vec<Segment>,
    methods: Vec<Method>,
}

/// Served paths that the OpenAPI document does not list.
const OTHER_ROUTES: &[(&str, &[Method])] = &[
    ("/api/v1/openapi.json", &[Method::GET]),
    ("/metrics", &[Method::GET]),
    ("/.well-known/oauth-authorization-server", &[Method::GET]),
    ("/api/docs/{*}", &[Method::GET]),
    // CORS preflight of the served OpenAPI documents of registered APIs.
    (
        "/api/v1/apis/{id}/versions/{v}/openapi.json",
        &[Method::OPTIONS],
    ),
    (
        "/api/v1/apis/{id}/versions/{v}/openapi.yaml",
        &[Method::OPTIONS],
    ),
];

/// Every served path template with its methods: the OpenAPI document's and the others.
static ROUTES: LazyLock<Vec<Template>> = LazyLock::new(|| {
    let parse = |path: &str| {
        path.trim_start_matches('/')
            .split('/')
            .map(|s| match s {
                "{*}" => Segment::Rest,
                s if s.starts_with('{') && s.ends_with('}') => Segment::Param,
                s => Segment::Literal(s.to_string()),
            })
            .collect::<Vec<_>>()
    };
    let doc: serde_json::Value =
        serde_json::from_str(&super::docs::OPENAPI_JSON).unwrap_or_default();
    let mut routes: Vec<Template> = doc["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(path, item)| Template {
            segments: parse(path),
            methods: item
                .as_object()
                .into_iter()
                .flatten()
                .filter_map(|(m, _)| Method::from_bytes(m.to_ascii_uppercase().as_bytes()).ok())
                .collect(),
        })
        .collect();
    routes.extend(
        OTHER_ROUTES
            .iter()
            .chain(crate::ui::ROUTES)
            .map(|(path, methods)| Template {
                segments: parse(path),
                methods: methods.to_vec(),
            }),
    );
    routes
});

/// How well a template matches a path: `None` when it does not; else one flag per segment,
/// true for a literal, so that `/building-blocks/facets` beats `/building-blocks/{id}` as in
/// the router, which tries literal routes first.
fn fit(template: &[Segment], path: &[&str]) -> Option<Vec<bool>> {
    let mut score = Vec::with_capacity(path.len());
    for (i, seg) in template.iter().enumerate() {
        match seg {
            Segment::Rest => return (path.len() >= i).then_some(score),
            _ if i >= path.len() => return None,
            Segment::Literal(l) if l == path[i] => score.push(true),
            Segment::Param if !path[i].is_empty() => score.push(false),
            _ => return None,
        }
    }
    (template.len() == path.len()).then_some(score)
}

/// The methods served at this path (with `HEAD` wherever `GET` is), or `None` when no route
/// has this path.
pub fn allowed_methods(path: &str) -> Option<Vec<Method>> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let fits: Vec<_> = ROUTES
        .iter()
        .filter_map(|t| fit(&t.segments, &segments).map(|score| (score, t)))
        .collect();
    let best = fits.iter().map(|(score, _)| score).max()?;
    // The same template may be listed twice (documented methods and others): all of its.
    let mut methods: Vec<Method> = fits
        .iter()
        .filter(|(score, _)| score == best)
        .flat_map(|(_, t)| t.methods.iter().cloned())
        .collect();
    if methods.contains(&Method::GET) {
        methods.push(Method::HEAD);
    }
    let order = |m: &Method| {
        ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
            .iter()
            .position(|o| *o == m.as_str())
    };
    methods.sort_by_key(order);
    methods.dedup();
    Some(methods)
}

/// What a request that no route took gets: 405 with `Allow` when the path is served with
/// other methods, else 404.
pub fn no_route(req: &HttpRequest) -> Error {
    match allowed_methods(req.path()) {
        Some(methods) if !methods.contains(req.method()) => Error::MethodNotAllowed {
            method: req.method().to_string(),
            allow: methods
                .iter()
                .map(Method::as_str)
                .collect::<Vec<_>>()
                .join(", "),
        },
        _ => Error::NotFound {
            what: "resource",
            key: req.path().to_string(),
        },
    }
}

/// `Err(reason)` when the path's percent-encoding is malformed or decodes to bytes that are
/// not UTF-8.
fn path_problem(path: &str) -> Option<&'static str> {
    let raw = path.as_bytes();
    let mut decoded = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' {
            let hex = |b: u8| (b as char).to_digit(16);
            match (
                raw.get(i + 1).and_then(|&b| hex(b)),
                raw.get(i + 2).and_then(|&b| hex(b)),
            ) {
                (Some(h), Some(l)) => decoded.push((h * 16 + l) as u8),
                _ => return Some("has a % that is not followed by two hexadecimal digits"),
            }
            i += 3;
        } else {
            decoded.push(raw[i]);
            i += 1;
        }
    }
    std::str::from_utf8(&decoded)
        .is_err()
        .then_some("is not UTF-8 once its percent-encoding is decoded")
}

/// The methods of RFC 9110 and PATCH; any other gets 405 on a served path and 501 elsewhere
/// (and no label of its own in `/metrics`).
fn known_method(m: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
        Method::CONNECT,
    ]
    .contains(m)
}

/// What a request is refused for before any route sees it.
fn refusal(req: &ServiceRequest) -> Option<Error> {
    if !known_method(req.method()) {
        // On a path the service serves, the method is just not one of its methods (405 with
        // `Allow`, as for DELETE on a list); only elsewhere is it unknown to the service.
        // Either way the answer comes before `/metrics` could give it a label.
        return Some(match no_route(req.request()) {
            Error::NotFound { .. } => {
                Error::NotImplemented(req.method().as_str().chars().take(32).collect())
            }
            e => e,
        });
    }
    let target = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if target > MAX_URI {
        return Some(Error::UriTooLong { limit: MAX_URI });
    }
    let headers: usize = req
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if headers > MAX_HEADERS {
        return Some(Error::HeadersTooLarge { limit: MAX_HEADERS });
    }
    if let Some(reason) = path_problem(req.path()) {
        return Some(Error::BadRequest {
            detail: format!("the path {reason}"),
            errors: vec![openapi::FieldError {
                field: "path".into(),
                message: reason.into(),
            }],
        });
    }
    None
}

/// A request body that ends in an error once its deadline has passed.
struct Deadline {
    inner: Payload,
    timer: Pin<Box<Sleep>>,
    expired: Rc<Cell<bool>>,
}

impl Stream for Deadline {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.expired.get() {
            return Poll::Ready(None);
        }
        match Pin::new(&mut self.inner).poll_next(cx) {
            Poll::Pending => {}
            done => return done,
        }
        if self.timer.as_mut().poll(cx).is_ready() {
            self.expired.set(true);
            return Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the request body did not arrive in time",
            )))));
        }
        Poll::Pending
    }
}

fn has_body(req: &ServiceRequest) -> bool {
    req.headers().contains_key(header::TRANSFER_ENCODING)
        || req
            .headers()
            .get(header::CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() != b"0")
}

/// The outer middleware: refuses what no route should see, serves `HEAD` as `GET` (actix-http
/// sends the headers of the answer, with its Content-Length, and no body), and gives every
/// request body `--body-timeout` seconds to arrive: a late body gets 408 and the connection
/// is closed.
pub async fn guard(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if let Some(e) = refusal(&req) {
        let response = e.response_at(&problem_base(req.request()), instance(req.path()));
        return Ok(req.into_response(response).map_into_right_body());
    }
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    let expired = Rc::new(Cell::new(false));
    let secs = req
        .app_data::<web::Data<AppState>>()
        .map_or(30, |s| s.settings.http.body_timeout_secs);
    if has_body(&req) {
        let inner = req.take_payload();
        let deadline = Deadline {
            inner,
            timer: Box::pin(sleep(std::time::Duration::from_secs(secs))),
            expired: expired.clone(),
        };
        let stream: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> = Box::pin(deadline);
        req.set_payload(Payload::from(stream));
    }
    let res = next.call(req).await?;
    if expired.get() {
        let e = Error::RequestTimeout { secs };
        let response = e.response_at(&problem_base(res.request()), instance(res.request().path()));
        return Ok(res.into_response(response).map_into_right_body());
    }
    Ok(res.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_paths_name_their_methods_and_literals_win() {
        let names = |p: &str| {
            allowed_methods(p).map(|m| m.iter().map(|m| m.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(
            names("/api/v1/building-blocks/x").unwrap(),
            ["GET", "HEAD", "PUT", "DELETE"]
        );
        assert_eq!(
            names("/api/v1/building-blocks/facets").unwrap(),
            ["GET", "HEAD"]
        );
        assert_eq!(names("/oauth/token").unwrap(), ["POST"]);
        assert_eq!(
            names("/api/v1/apis/x/versions/1/openapi.yaml").unwrap(),
            ["GET", "HEAD", "OPTIONS"]
        );
        assert_eq!(names("/api/v1/catalog").unwrap(), ["GET", "HEAD"]);
        assert_eq!(names("/api/docs/index.html").unwrap(), ["GET", "HEAD"]);
        assert_eq!(names("/problems/internal").unwrap(), ["GET", "HEAD"]);
        assert_eq!(names("/api/v1/nothing"), None);
        assert_eq!(names("/api/v1/building-blocks/x/y/z"), None);
        assert_eq!(names("/api/v1/building-blocks//roadmap"), None);
    }

    #[test]
    fn paths_must_decode_to_utf8() {
        assert_eq!(path_problem("/api/v1/building-blocks/%C3%A5"), None);
        assert_eq!(path_problem("/a%20b"), None);
        assert!(path_problem("/%zz").is_some());
        assert!(path_problem("/%4").is_some());
        assert!(path_problem("/%FF").is_some());
        assert!(path_problem("/%C3").is_some());
    }

    #[test]
    fn instances_are_cut_at_a_character() {
        let long = "å".repeat(200);
        assert!(instance(&long).len() <= MAX_INSTANCE);
        assert_eq!(instance("/x"), "/x");
    }
}
