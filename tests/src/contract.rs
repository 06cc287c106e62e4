//! Every response of every test is checked against the OpenAPI document the server serves:
//! the status must be documented for the operation, the content type listed, and a JSON body
//! valid against the declared schema (JSON Schema draft 2020-12, as OpenAPI 3.1 says).
//!
//! The server shows each exchange to `Contract::inspector`; violations are collected and the
//! test fails when its `TestApp` is dropped.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use registry::http::inspect::{Exchange, Inspector};
use serde_json::{json, Value};

/// The served document, parsed once per test process.
static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_str(registry::http::docs::OPENAPI_JSON.as_str())
        .expect("the served OpenAPI document is JSON")
});

/// Statuses the HTTP layer may answer on any operation, before or around any handler (a
/// request that is too slow, too long or too large for the server at all). They must still
/// be problems; the document names them once in its description rather than on every path.
const TRANSPORT_STATUSES: [u16; 4] = [408, 413, 414, 431];

#[derive(Default)]
pub struct Contract {
    violations: Mutex<Vec<String>>,
    validators: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
}

impl Contract {
    pub fn inspector(self: &Arc<Self>) -> Inspector {
        let me = self.clone();
        Arc::new(move |x: &Exchange<'_>| me.check(x))
    }

    /// What went against the document so far.
    pub fn violations(&self) -> Vec<String> {
        self.violations
            .lock()
            .map(|v| v.clone())
            .unwrap_or_default()
    }

    fn violation(&self, x: &Exchange<'_>, what: String) {
        let line = format!("{} {} → {}: {what}", x.method, x.path, x.status);
        if let Ok(mut v) = self.violations.lock() {
            v.push(line);
        }
    }

    fn check(&self, x: &Exchange<'_>) {
        let Some((template, item)) = path_item(x.path) else {
            // Outside the API's paths: the Swagger UI, /metrics, /problems/…, unknown paths.
            if x.path.starts_with("/api/v1/") && (200..300).contains(&x.status) {
                self.violation(x, "a success on a path the document does not list".into());
            }
            return;
        };
        let method = if x.method == "HEAD" {
            "get".to_string()
        } else {
            x.method.as_str().to_ascii_lowercase()
        };
        let Some(operation) = item.get(&method) else {
            // Another method on a known path: 405 with Allow (or 404/OPTIONS for CORS).
            if ![404, 405].contains(&x.status) && x.method != "OPTIONS" {
                self.violation(x, format!("no {method} operation on {template}"));
            }
            return;
        };
        let responses = &operation["responses"];
        let status = x.status.to_string();
        let response = match responses.get(&status).or_else(|| responses.get("default")) {
            Some(r) => resolve(r),
            None if TRANSPORT_STATUSES.contains(&x.status) => {
                &DOCUMENT["components"]["responses"]["BadRequest"]
            }
            None => {
                self.violation(
                    x,
                    format!("status {status} is not documented for {method} {template}"),
                );
                return;
            }
        };
        let content = response.get("content").and_then(Value::as_object);
        if x.body.is_empty() && (x.method == "HEAD" || content.is_none() || x.status == 304) {
            return;
        }
        let Some(content) = content else {
            self.violation(x, "a body where the document declares none".into());
            return;
        };
        let media = x
            .content_type
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let Some((media_key, media_type)) = content
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(&media))
            .or_else(|| content.iter().find(|(k, _)| media_range_matches(k, &media)))
        else {
            self.violation(
                x,
                format!(
                    "content type '{media}' is not one of {:?}",
                    content.keys().collect::<Vec<_>>()
                ),
            );
            return;
        };
        if !(media == "application/json" || media.ends_with("+json")) {
            return;
        }
        let Some(schema) = media_type.get("schema") else {
            return;
        };
        let instance: Value = match serde_json::from_slice(x.body) {
            Ok(v) => v,
            Err(e) => {
                self.violation(x, format!("the body is not JSON: {e}"));
                return;
            }
        };
        let key = format!("{template} {method} {status} {media_key}");
        let validator = match self.validator(&key, schema) {
            Ok(v) => v,
            Err(e) => {
                self.violation(x, format!("the declared schema does not compile: {e}"));
                return;
            }
        };
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .take(5)
            .map(|e| format!("at '{}': {e}", e.instance_path()))
            .collect();
        if !errors.is_empty() {
            self.violation(
                x,
                format!("the body does not match the schema: {}", errors.join("; ")),
            );
        }
    }

    fn validator(&self, key: &str, schema: &Value) -> Result<Arc<jsonschema::Validator>, String> {
        let mut cache = self.validators.lock().map_err(|e| e.to_string())?;
        if let Some(v) = cache.get(key) {
            return Ok(v.clone());
        }
        // The components ride along in the root, so that `#/components/schemas/…` resolves.
        let root = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "components": DOCUMENT["components"],
            "allOf": [schema],
        });
        let v = Arc::new(
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .should_validate_formats(true)
                .build(&root)
                .map_err(|e| e.to_string())?,
        );
        cache.insert(key.to_string(), v.clone());
        Ok(v)
    }
}

/// `application/*` style ranges in the document.
fn media_range_matches(range: &str, media: &str) -> bool {
    match range.split_once('/') {
        Some((t, "*")) => media.split('/').next() == Some(t),
        _ => range == "*/*",
    }
}

/// A `$ref` to a component response, followed.
fn resolve(v: &Value) -> &Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix('#')
            .and_then(|p| DOCUMENT.pointer(p))
            .unwrap_or(v),
        None => v,
    }
}

/// The document's path item for a concrete path: the template whose segments match, literal
/// segments preferred over parameters (`/building-blocks/facets` over `/{id}`).
fn path_item(path: &str) -> Option<(&'static str, &'static Value)> {
    let segments: Vec<&str> = path.split('/').collect();
    let paths = DOCUMENT["paths"].as_object()?;
    paths
        .iter()
        .filter_map(|(template, item)| {
            let parts: Vec<&str> = template.split('/').collect();
            if parts.len() != segments.len() {
                return None;
            }
            let mut literals = 0;
            for (p, s) in parts.iter().zip(&segments) {
                if p.starts_with('{') && p.ends_with('}') {
                    if s.is_empty() {
                        return None;
                    }
                } else if p == s {
                    literals += 1;
                } else {
                    return None;
                }
            }
            Some((literals, template.as_str(), item))
        })
        .max_by_key(|(literals, _, _)| *literals)
        .map(|(_, t, item)| (t, item))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_segments_win_over_parameters() {
        assert_eq!(
            path_item("/api/v1/building-blocks/facets").unwrap().0,
            "/api/v1/building-blocks/facets"
        );
        assert_eq!(
            path_item("/api/v1/building-blocks/mina-ombud").unwrap().0,
            "/api/v1/building-blocks/{id}"
        );
        assert!(path_item("/api/v1/nothing-here/x/y/z/w").is_none());
    }

    fn check(method: &str, path: &str, status: u16, content_type: &str, body: &str) -> Vec<String> {
        let c = Contract::default();
        let method = actix_web::http::Method::from_bytes(method.as_bytes()).unwrap();
        c.check(&Exchange {
            method: &method,
            path,
            status,
            content_type: Some(content_type),
            body: body.as_bytes(),
        });
        c.violations()
    }

    #[test]
    fn what_breaks_the_document_is_caught() {
        let problem = r#"{"type":"http://x/problems/not-found","title":"t","status":404,"detail":"d","instance":"/i"}"#;
        assert_eq!(
            check(
                "GET",
                "/api/v1/building-blocks/x",
                404,
                "application/problem+json",
                problem
            ),
            Vec::<String>::new()
        );
        // A variant name where the wire promises a slug.
        let page = r#"{"items":[],"totalCount":0,"limit":20,"offset":0}"#;
        assert!(check(
            "GET",
            "/api/v1/building-blocks",
            200,
            "application/json",
            page
        )
        .is_empty());
        let bad = r#"{"items":[],"totalCount":"0","limit":20,"offset":0}"#;
        assert!(check(
            "GET",
            "/api/v1/building-blocks",
            200,
            "application/json",
            bad
        )[0]
        .contains("does not match"));
        assert!(check(
            "GET",
            "/api/v1/building-blocks",
            418,
            "application/problem+json",
            problem
        )[0]
        .contains("not documented"));
        assert!(
            check("GET", "/api/v1/building-blocks/x", 404, "text/html", "<p>")[0]
                .contains("content type")
        );
        assert!(
            check("GET", "/api/v1/undocumented", 200, "application/json", "{}")[0]
                .contains("does not list")
        );
        assert!(check(
            "GET",
            "/api/v1/building-blocks",
            200,
            "application/json",
            "{"
        )[0]
        .contains("not JSON"));
    }
}
