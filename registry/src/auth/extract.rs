//! The `Writer` extractor: every write handler takes one, so no write runs without a verified
//! bearer token (RFC 6750 §2.1: the `Authorization` header only).

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};

use super::Principal;
use crate::error::{Error, Result};
use crate::http::State;

/// The verified caller of a write.
pub struct Writer(pub Principal);

impl FromRequest for Writer {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Writer>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let state = req.app_data::<State>().cloned();
        let token = bearer(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| Error::Internal(anyhow::anyhow!("no app state")))?;
            let verified = state.auth.verify(&token?).await?;
            let node = state.settings.node_id.clone();
            let principal = state
                .run(move |c| super::principal(c, &node, verified))
                .await?;
            Ok(Writer(principal))
        })
    }
}

fn bearer(req: &HttpRequest) -> Result<String> {
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
