//! Read cache: the register is read far more than it is written, so a GET answer is kept and
//! served again for as long as no write has been committed since it was computed.
//!
//! Validity comes from the database, not from this process: every write transaction bumps
//! one counter (`store::generation`), so a write by any process sharing the database ends
//! the life of every cached answer. The counter is known in memory (`store::watch`): this
//! process's writes at once, other processes' within a few milliseconds. A request reads the counter *before* computing its
//! answer and files the answer under that number; the answer is served only while the counter
//! still has that number, so it is never older than the register it claims to show. Answers
//! are also filed under the day (UTC), since lateness of milestones follows the date.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use actix_web::body::{self, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use actix_web::HttpResponse;
use prometheus::{IntCounterVec, Opts, Registry};

use super::AppState;

/// Most answers kept at once; all of them are dropped together when the register changes.
const CAPACITY: usize = 4096;
/// Larger answers are not kept (whole-register lists at limit 500 stay uncached).
const MAX_BODY: usize = 512 * 1024;

#[derive(Clone)]
struct Cached {
    body: Bytes,
    content_type: header::HeaderValue,
    etag: Option<header::HeaderValue>,
    /// `Access-Control-Allow-Origin` of answers served with CORS open (OpenAPI documents).
    cors: Option<header::HeaderValue>,
}

/// The cache, the computations under way, and how it has been used (`/metrics`).
pub struct ReadCache {
    inner: Mutex<Inner>,
    /// One gate per answer being computed (by generation and key): concurrent requests for
    /// the same cold answer wait at it for the first to compute it, then take the cached one.
    flights: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    uses: IntCounterVec,
}

impl Default for ReadCache {
    fn default() -> Self {
        ReadCache::new(None).expect("an unregistered counter")
    }
}

#[derive(Default)]
struct Inner {
    generation: i64,
    answers: HashMap<String, Cached>,
}

impl ReadCache {
    /// A cache whose use is counted in `registry` (`registry_read_cache_requests{outcome}`: `hit`,
    /// `computed`, and `joined` for a request that waited for another's computation).
    pub fn new(registry: Option<&Registry>) -> prometheus::Result<ReadCache> {
        let uses = IntCounterVec::new(
            Opts::new(
                "read_cache_requests",
                "Cacheable requests by outcome: hit, computed, or joined (answered by another request's computation)",
            )
            .namespace("registry"),
            &["outcome"],
        )?;
        if let Some(r) = registry {
            r.register(Box::new(uses.clone()))?;
        }
        Ok(ReadCache {
            inner: Mutex::default(),
            flights: Mutex::default(),
            uses,
        })
    }

    fn count(&self, outcome: &str) {
        self.uses.with_label_values(&[outcome]).inc();
    }

    /// The gate of this computation, shared with whoever computes it already.
    fn gate(&self, flight: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut flights = self.flights.lock().unwrap_or_else(|e| e.into_inner());
        flights.entry(flight.to_string()).or_default().clone()
    }

    fn land(&self, flight: &str) {
        let mut flights = self.flights.lock().unwrap_or_else(|e| e.into_inner());
        flights.remove(flight);
    }

    fn get(&self, generation: i64, key: &str) -> Option<Cached> {
        let inner = self.inner.lock().ok()?;
        (inner.generation == generation)
            .then(|| inner.answers.get(key).cloned())
            .flatten()
    }

    fn put(&self, generation: i64, key: String, answer: Cached) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        if generation > inner.generation {
            inner.generation = generation;
            inner.answers.clear();
        }
        if generation == inner.generation {
            if inner.answers.len() >= CAPACITY {
                inner.answers.clear();
            }
            inner.answers.insert(key, answer);
        }
    }
}

fn cacheable(req: &ServiceRequest) -> bool {
    req.method() == Method::GET
        && req.path().starts_with("/api/v1/")
        // An answer may depend on who asks (a peer's internals for the infrastructure owner,
        // a private change feed): only what anyone may read is kept, so that no caller is
        // served an answer computed for another.
        && !req.headers().contains_key(header::AUTHORIZATION)
        && req.path() != "/api/v1/openapi.json"
        // The catalogue is negotiated by Accept and streamed: never kept whole.
        && !req.path().ends_with("/catalog")
}

pub async fn read_cache(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let cache = req.app_data::<web::Data<ReadCache>>().cloned();
    let (Some(state), Some(cache), true) = (state, cache, cacheable(&req)) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    // Some answers depend on today's date as well as on the register (a milestone is late
    // once its quarter has passed), so an answer is reused on the day it was computed only.
    let key = format!(
        "{} {}?{}",
        chrono::Utc::now().date_naive(),
        req.path(),
        req.query_string()
    );
    // Without the counter there is no safe answer to reuse: compute afresh.
    let generation = state.db.generation().await.ok();
    let hit = |cache: &ReadCache| generation.and_then(|g| cache.get(g, &key));
    if let Some(hit) = hit(&cache) {
        cache.count("hit");
        return Ok(req.into_response(answer(hit)));
    }
    // One computation per cold answer: the others wait for it and take what it cached.
    let flight = generation.map(|g| format!("{g} {key}"));
    let gate = flight.as_deref().map(|f| cache.gate(f));
    let _passed = match &gate {
        Some(g) => Some(g.clone().lock_owned().await),
        None => None,
    };
    if let Some(hit) = hit(&cache) {
        cache.count("joined");
        return Ok(req.into_response(answer(hit)));
    }
    cache.count("computed");
    let res = computed(req, next, &cache, generation, key).await;
    if let Some(f) = &flight {
        cache.land(f);
    }
    res
}

fn answer(hit: Cached) -> HttpResponse {
    let mut resp = HttpResponse::build(StatusCode::OK);
    resp.insert_header((header::CONTENT_TYPE, hit.content_type));
    if let Some(etag) = hit.etag {
        resp.insert_header((header::ETAG, etag));
    }
    if let Some(cors) = hit.cors {
        resp.insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, cors));
    }
    resp.body(hit.body)
}

/// Computes the answer and files it under the generation it was computed at.
async fn computed(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
    cache: &ReadCache,
    generation: Option<i64>,
    key: String,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = next.call(req).await?;
    let Some(generation) = generation.filter(|_| res.status() == StatusCode::OK) else {
        return Ok(res.map_into_boxed_body());
    };
    let (req, res) = res.into_parts();
    let content_type = res.headers().get(header::CONTENT_TYPE).cloned();
    let etag = res.headers().get(header::ETAG).cloned();
    let cors = res
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .cloned();
    let (res, body) = res.into_parts();
    let bytes = body::to_bytes(body)
        .await
        .map_err(|e| actix_web::error::ErrorInternalServerError(e.into().to_string()))?;
    if let Some(content_type) = content_type.filter(|_| bytes.len() <= MAX_BODY) {
        let answer = Cached {
            body: bytes.clone(),
            content_type,
            etag,
            cors,
        };
        cache.put(generation, key, answer);
    }
    Ok(ServiceResponse::new(req, res.set_body(bytes)).map_into_boxed_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(s: &'static str) -> Cached {
        Cached {
            body: Bytes::from_static(s.as_bytes()),
            content_type: header::HeaderValue::from_static("application/json"),
            etag: None,
            cors: None,
        }
    }

    #[test]
    fn an_answer_lives_only_as_long_as_its_generation() {
        let c = ReadCache::default();
        c.put(3, "a".into(), answer("three"));
        assert_eq!(c.get(3, "a").unwrap().body, "three");
        assert!(c.get(4, "a").is_none(), "a write happened since");
        // An answer computed before a newer one was filed never replaces it.
        c.put(5, "a".into(), answer("five"));
        c.put(4, "a".into(), answer("four"));
        assert_eq!(c.get(5, "a").unwrap().body, "five");
        assert!(c.get(3, "a").is_none());
    }
}
