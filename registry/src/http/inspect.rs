//! A hook that sees every exchange as the client gets it: the integration tests validate each
//! response against the served OpenAPI document through it. Off unless a caller installs one.

use std::sync::Arc;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::Next;
use actix_web::web;

/// One request and the response it got, with the whole body.
pub struct Exchange<'a> {
    pub method: &'a Method,
    /// The request path as sent (not percent-decoded), without the query.
    pub path: &'a str,
    pub status: u16,
    pub content_type: Option<&'a str>,
    pub body: &'a [u8],
}

pub type Inspector = Arc<dyn Fn(&Exchange<'_>) + Send + Sync>;

/// Buffers each response, shows it to the installed inspector, and sends it on unchanged.
pub async fn inspect(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let inspector = req.app_data::<web::Data<Inspector>>().cloned();
    let method = req.method().clone();
    let path = req.path().to_string();
    let res = next.call(req).await?;
    let Some(inspector) = inspector else {
        return Ok(res.map_into_boxed_body());
    };
    let status = res.status().as_u16();
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (req, res) = res.into_parts();
    let (res, body) = res.into_parts();
    let bytes = actix_web::body::to_bytes(body)
        .await
        .map_err(|e| actix_web::error::ErrorInternalServerError(e.into().to_string()))?;
    inspector(&Exchange {
        method: &method,
        path: &path,
        status,
        content_type: content_type.as_deref(),
        body: &bytes,
    });
    Ok(ServiceResponse::new(req, res.set_body(BoxBody::new(bytes))))
}
