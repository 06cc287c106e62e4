//! OpenAPI documents: reading an upload (JSON or YAML), refusing what is not an OpenAPI 3.0 /
//! 3.1 or Swagger 2.0 document with the reasons and where they are (line and column for
//! syntax, a JSON pointer for structure), and the checks against the Swedish REST API
//! profile (RAP 1.2.0), which are a report and never block registration. No I/O.

use openapi::{FieldError, RapCheck};
use serde_json::{Map, Value};

use crate::budget::Refused;

pub use domain::catalog::Parsed;

const OPERATIONS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// At most this many reasons are reported, so that a broken huge document gives a short answer.
const MAX_ERRORS: usize = 50;

fn err(field: impl Into<String>, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// A JSON pointer segment (RFC 6901).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Reads a document; `yaml_hint` when the client said it sends YAML. JSON is read as JSON
/// (better messages), anything else as YAML.
/// A document that cannot be read (not UTF-8, not JSON or YAML, over the budget) breaks its
/// shape; one that reads but is no OpenAPI document breaks a rule beyond the request's schema
/// (any object, any text), so it is refused with `Breach::Rule` (422).
pub fn parse(bytes: &[u8], yaml_hint: bool) -> Result<Parsed, domain::Invalid> {
    read(bytes, yaml_hint)
        .map_err(|e| domain::Invalid(e, domain::Breach::Shape))?
        .map_err(|e| domain::Invalid(e, domain::Breach::Rule))
}

fn read(bytes: &[u8], yaml_hint: bool) -> Result<Result<Parsed, Vec<FieldError>>, Vec<FieldError>> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        vec![err(
            "body",
            format!(
                "the document is not UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ),
        )]
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(vec![err("body", "the document is empty")]);
    }
    let looks_json = text.trim_start().starts_with('{');
    // Within the budget of `crate::budget` (depth, values, text; YAML aliases counted each
    // time they are used), and no text the register cannot hold.
    let read = if looks_json && !yaml_hint {
        crate::budget::json(text, true)
    } else {
        crate::budget::yaml(text)
    };
    let value = read.map_err(|r| {
        vec![match r {
            Refused::Syntax {
                message,
                at: Some((line, column)),
            } => err(format!("line {line}, column {column}"), message),
            Refused::Syntax { message, at: None } => err("body", message),
            Refused::Limit(l) => err("body", l.to_string()),
            Refused::Text { path, message } => err(domain::text::pointer(&path), message),
        }]
    })?;
    Ok(check_structure(value))
}

fn check_structure(value: Value) -> Result<Parsed, Vec<FieldError>> {
    let mut errors = vec![];
    let Some(root) = value.as_object() else {
        return Err(vec![err("/", "an OpenAPI document is an object")]);
    };
    let spec_version = match (root.get("openapi"), root.get("swagger")) {
        (Some(Value::String(v)), _) if v.starts_with("3.0.") || v == "3.0" => "openapi-3.0",
        (Some(Value::String(v)), _) if v.starts_with("3.1.") || v == "3.1" => "openapi-3.1",
        (None, Some(Value::String(v))) if v == "2.0" => "swagger-2.0",
        (Some(v), _) => {
            errors.push(err(
                "/openapi",
                format!("unsupported version {v}: use OpenAPI 3.0.x or 3.1.x"),
            ));
            ""
        }
        (None, Some(v)) => {
            errors.push(err(
                "/swagger",
                format!("unsupported version {v}: Swagger must be \"2.0\""),
            ));
            ""
        }
        (None, None) => {
            errors.push(err(
                "/openapi",
                "is required (an OpenAPI 3.0 or 3.1 document, or swagger: \"2.0\")",
            ));
            ""
        }
    };
    match root.get("info") {
        Some(Value::Object(info)) => {
            for key in ["title", "version"] {
                match info.get(key) {
                    Some(Value::String(_)) => {}
                    Some(_) => errors.push(err(format!("/info/{key}"), "must be a string")),
                    None => errors.push(err(format!("/info/{key}"), "is required")),
                }
            }
        }
        Some(_) => errors.push(err("/info", "must be an object")),
        None => errors.push(err("/info", "is required")),
    }
    let responses_required = spec_version != "openapi-3.1";
    match root.get("paths") {
        Some(Value::Object(paths)) => check_paths(paths, responses_required, &mut errors),
        Some(_) => errors.push(err("/paths", "must be an object")),
        None if spec_version == "openapi-3.1" => {
            if !root.contains_key("components") && !root.contains_key("webhooks") {
                errors.push(err(
                    "/paths",
                    "an OpenAPI 3.1 document needs paths, components or webhooks",
                ));
            }
        }
        None => errors.push(err("/paths", "is required")),
    }
    if errors.is_empty() {
        Ok(Parsed {
            value,
            spec_version,
        })
    } else {
        errors.truncate(MAX_ERRORS);
        Err(errors)
    }
}

fn check_paths(paths: &Map<String, Value>, responses_required: bool, errors: &mut Vec<FieldError>) {
    for (path, item) in paths {
        let at = format!("/paths/{}", escape(path));
        if !path.starts_with('/') && !path.starts_with("x-") {
            errors.push(err(&at, "a path must start with /"));
        }
        let Some(item) = item.as_object() else {
            if !path.starts_with("x-") {
                errors.push(err(&at, "a path item must be an object"));
            }
            continue;
        };
        for op in OPERATIONS {
            let Some(operation) = item.get(*op) else {
                continue;
            };
            let at = format!("{at}/{op}");
            let Some(operation) = operation.as_object() else {
                errors.push(err(&at, "an operation must be an object"));
                continue;
            };
            match operation.get("responses") {
                Some(Value::Object(_)) => {}
                Some(_) => errors.push(err(format!("{at}/responses"), "must be an object")),
                None if responses_required => {
                    errors.push(err(format!("{at}/responses"), "is required"))
                }
                None => {}
            }
        }
    }
}

/// Every operation of the document: (pointer, path, method, operation).
fn operations(doc: &Value) -> Vec<(String, &str, &str, &Map<String, Value>)> {
    let mut out = vec![];
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for op in OPERATIONS {
                if let Some(o) = item.get(*op).and_then(Value::as_object) {
                    out.push((
                        format!("/paths/{}/{op}", escape(path)),
                        path.as_str(),
                        *op,
                        o,
                    ));
                }
            }
        }
    }
    out
}

fn check(rule: &str, passed: bool, message: impl Into<String>) -> RapCheck {
    RapCheck {
        rule: rule.into(),
        passed,
        message: message.into(),
    }
}

fn has_version_segment(s: &str) -> bool {
    s.split('/').any(|seg| {
        seg.len() > 1
            && (seg.starts_with('v') || seg.starts_with('V'))
            && seg[1..].chars().all(|c| c.is_ascii_digit())
    })
}

/// Checks against the most important rules of the Swedish REST API profile.
pub fn rap_checks(p: &Parsed) -> Vec<RapCheck> {
    let doc = &p.value;
    let ops = operations(doc);
    let mut checks = vec![];

    // Version in the path: in a server URL / basePath, or in every path.
    let servers: Vec<&str> = doc
        .get("servers")
        .and_then(Value::as_array)
        .map(|s| {
            s.iter()
                .filter_map(|x| x.get("url").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    let base_path = doc.get("basePath").and_then(Value::as_str);
    let in_base = servers.iter().any(|s| has_version_segment(s))
        || base_path.is_some_and(has_version_segment);
    let unversioned: Vec<&str> = ops
        .iter()
        .filter(|(_, path, _, _)| !has_version_segment(path))
        .map(|(_, path, _, _)| *path)
        .collect();
    checks.push(if in_base || (!ops.is_empty() && unversioned.is_empty()) {
        check(
            "version-in-path",
            true,
            "the major version is part of the path",
        )
    } else {
        check(
            "version-in-path",
            false,
            format!(
                "no major version (such as /v1) in the server URL or in the paths: {}",
                unversioned
                    .iter()
                    .take(5)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    });

    let api_info = ops
        .iter()
        .any(|(_, path, op, _)| *op == "get" && path.trim_end_matches('/').ends_with("/api-info"));
    checks.push(check(
        "api-info",
        api_info,
        if api_info {
            "GET …/api-info is documented"
        } else {
            "no GET …/api-info operation (RAP: every API describes itself at api-info)"
        },
    ));

    // problem+json for errors: an error response (4xx, 5xx, default) with that media type.
    let global_produces = doc
        .get("produces")
        .and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|m| m == "application/problem+json"));
    let mut error_responses = 0;
    let mut problem_responses = 0;
    for (_, _, _, o) in &ops {
        let Some(responses) = o.get("responses").and_then(Value::as_object) else {
            continue;
        };
        let op_produces = o
            .get("produces")
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|m| m == "application/problem+json"));
        for (code, r) in responses {
            if !(code.starts_with('4') || code.starts_with('5') || code == "default") {
                continue;
            }
            error_responses += 1;
            let content = r
                .get("content")
                .and_then(Value::as_object)
                .is_some_and(|c| c.contains_key("application/problem+json"));
            let is_ref = r.get("$ref").is_some();
            if content || is_ref || op_produces || global_produces {
                problem_responses += 1;
            }
        }
    }
    checks.push(if error_responses == 0 {
        check(
            "problem-json",
            false,
            "no error responses are documented (RAP: errors as application/problem+json)",
        )
    } else if problem_responses == error_responses {
        check(
            "problem-json",
            true,
            "every error response is application/problem+json",
        )
    } else {
        check(
            "problem-json",
            false,
            format!(
                "{} of {error_responses} error responses are not application/problem+json",
                error_responses - problem_responses
            ),
        )
    });

    let info = doc.get("info");
    let contact = info
        .and_then(|i| i.get("contact"))
        .and_then(Value::as_object)
        .is_some_and(|c| c.contains_key("email") || c.contains_key("url"));
    checks.push(check(
        "info-contact",
        contact,
        if contact {
            "info.contact has an email or URL"
        } else {
            "/info/contact with an email or URL is missing"
        },
    ));
    let license = info
        .and_then(|i| i.get("license"))
        .and_then(Value::as_object)
        .is_some_and(|l| l.contains_key("name"));
    checks.push(check(
        "info-license",
        license,
        if license {
            "info.license is given"
        } else {
            "/info/license is missing"
        },
    ));

    // Every response documented: each operation has responses, each with a description.
    let mut undocumented = vec![];
    for (at, _, _, o) in &ops {
        match o.get("responses").and_then(Value::as_object) {
            Some(r) if !r.is_empty() => {
                for (code, resp) in r {
                    if resp.get("$ref").is_none() && resp.get("description").is_none() {
                        undocumented.push(format!("{at}/responses/{}", escape(code)));
                    }
                }
            }
            _ => undocumented.push(format!("{at}/responses")),
        }
    }
    checks.push(if undocumented.is_empty() {
        check(
            "responses-documented",
            true,
            "every operation documents its responses",
        )
    } else {
        check(
            "responses-documented",
            false,
            format!(
                "{} responses are not documented: {}",
                undocumented.len(),
                undocumented
                    .iter()
                    .take(5)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    });
    checks
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
openapi: 3.1.0
info:
  title: Företag
  version: 1.0.0
  contact: {email: api@example.se}
  license: {name: CC0}
servers: [{url: "https://api.example.se/foretag/v1"}]
paths:
  /api-info:
    get:
      responses:
        "200": {description: ok}
        "500":
          description: fel
          content: {application/problem+json: {}}
"#;

    #[test]
    fn a_good_document_passes_every_check() {
        let p = parse(GOOD.as_bytes(), true).unwrap();
        assert_eq!(p.spec_version, "openapi-3.1");
        let checks = rap_checks(&p);
        assert_eq!(checks.len(), 6);
        assert!(checks.iter().all(|c| c.passed), "{checks:?}");
    }

    #[test]
    fn json_and_swagger_are_read() {
        let p = parse(
            br#"{"swagger": "2.0", "info": {"title": "x", "version": "1"}, "paths": {"/x": {"get": {"responses": {"200": {}}}}}}"#,
            false,
        )
        .unwrap();
        assert_eq!(p.spec_version, "swagger-2.0");
        let checks = rap_checks(&p);
        let failed: Vec<&str> = checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.rule.as_str())
            .collect();
        assert_eq!(
            failed,
            [
                "version-in-path",
                "api-info",
                "problem-json",
                "info-contact",
                "info-license",
                "responses-documented"
            ]
        );
        assert!(checks[5].message.contains("/paths/~1x/get/responses/200"));
    }

    fn fields(bytes: &[u8]) -> Vec<String> {
        parse(bytes, false)
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn broken_documents_are_refused_with_where() {
        assert_eq!(fields(b"{\"openapi\": "), ["line 1, column 12"]);
        assert_eq!(fields(b"openapi: 3.0.0\ninfo: [\n"), ["line 3, column 1"]);
        assert_eq!(fields(b"\xff\xfe"), ["body"]);
        assert_eq!(fields(b"  "), ["body"]);
        assert_eq!(fields(b"- 1\n- 2\n"), ["/"]);
        assert_eq!(
            fields(b"openapi: 4.0.0\ninfo: {title: x}\npaths: {x: 1}\n"),
            ["/openapi", "/info/version", "/paths/x", "/paths/x"]
        );
        assert_eq!(
            fields(b"openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {/a: {get: {}}}\n"),
            ["/paths/~1a/get/responses"]
        );
        assert_eq!(fields(b"{\"info\": 1}"), ["/openapi", "/info", "/paths"]);
    }
}
