//! Text the register cannot hold (`domain::text`), refused in the decoded path and query of
//! every request before any handler or store sees it: a problem naming `path` or the query
//! parameter, never a database error.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use crate::error::Error;
use domain::text;

/// The bytes of a percent-encoded path.
fn percent_decoded(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push(h << 4 | l);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// The first field of the path or query that holds text the register cannot hold.
pub fn problem(path: &str, query: &str) -> Option<Error> {
    if let Some(p) = text::problem(&String::from_utf8_lossy(&percent_decoded(path))) {
        return Some(Error::field("path", p));
    }
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        if let Some(p) = text::problem(&k) {
            return Some(Error::field("query", format!("a parameter name {p}")));
        }
        if let Some(p) = text::problem(&v) {
            return Some(Error::field(k.into_owned(), p));
        }
    }
    None
}

pub async fn refuse_control_text(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if let Some(e) = problem(req.path(), req.query_string()) {
        return Ok(req.error_response(e).map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(path: &str, query: &str) -> Option<String> {
        problem(path, query).map(|e| match e {
            Error::Validation(v) => v[0].field.clone(),
            other => panic!("{other:?}"),
        })
    }

    #[test]
    fn the_decoded_path_and_query_are_checked() {
        assert_eq!(field("/api/v1/organisations/digg", "q=a%20b&limit=5"), None);
        assert_eq!(
            field("/api/v1/organisations/%C3%A5re%09", "q=%E2%9C%93"),
            None
        );
        assert_eq!(field("/api/v1/organisations/%00", ""), Some("path".into()));
        assert_eq!(
            field("/api/v1/organisations/a%07b", ""),
            Some("path".into())
        );
        assert_eq!(
            field("/api/v1/organisations/%EF%BF%BF", ""),
            Some("path".into())
        );
        assert_eq!(field("/api/v1/apis", "limit=5&q=%00"), Some("q".into()));
        assert_eq!(field("/api/v1/apis", "q=a+%1B"), Some("q".into()));
        assert_eq!(field("/api/v1/apis", "a%00=1"), Some("query".into()));
        assert_eq!(field("/%", "%"), None);
    }
}
