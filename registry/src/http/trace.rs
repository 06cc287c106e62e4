//! W3C Trace Context: a valid incoming `traceparent` is kept, else a new one is made; it is
//! recorded on the request's span and echoed back, so a request can be followed in the logs.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;

const TRACEPARENT: &str = "traceparent";

/// Whether a header value is a valid version-00 `traceparent`.
pub fn valid(tp: &str) -> bool {
    let parts: Vec<&str> = tp.split('-').collect();
    let hex = |s: &str, n: usize| {
        s.len() == n
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    parts.len() == 4
        && parts[0] == "00"
        && hex(parts[1], 32)
        && hex(parts[2], 16)
        && hex(parts[3], 2)
        && parts[1] != "0".repeat(32)
        && parts[2] != "0".repeat(16)
}

fn fresh() -> String {
    let a = uuid::Uuid::new_v4().simple().to_string();
    let b = uuid::Uuid::new_v4().simple().to_string();
    format!("00-{}-{}-01", a, &b[..16])
}

pub async fn traceparent(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let tp = req
        .headers()
        .get(TRACEPARENT)
        .and_then(|v| v.to_str().ok())
        .filter(|v| valid(v))
        .map(str::to_string)
        .unwrap_or_else(fresh);
    let span = tracing::info_span!("request", method = %req.method(), path = %req.path(),
        trace_id = %&tp[3..35], status = tracing::field::Empty);
    let mut res = next.call(req).instrument(span.clone()).await?;
    span.record("status", res.status().as_u16());
    span.in_scope(|| tracing::info!("handled"));
    if let Ok(v) = HeaderValue::from_str(&tp) {
        res.headers_mut()
            .insert(HeaderName::from_static(TRACEPARENT), v);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    #[test]
    fn traceparent_validation() {
        assert!(super::valid(
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        ));
        assert!(!super::valid(
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01"
        ));
        assert!(!super::valid(
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"
        ));
        assert!(!super::valid("garbage"));
        assert!(super::valid(&super::fresh()));
    }
}
