//! The OpenAPI 3.1 document and Swagger UI (served from the binary, no download).

use std::sync::LazyLock;

use actix_web::{get, web, HttpResponse};
use utoipa::openapi::extensions::ExtensionsBuilder;
use utoipa::OpenApi;
use utoipa_swagger_ui::{Config, SwaggerUi};

use super::meta;
use super::responses::*;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Byggblocksregistret / Building-block registry",
        description = "Förteckningen över byggblocken i den förvaltningsgemensamma digitala \
infrastrukturen för informationsutbyte: byggblock, ansvariga organisationer, faser, \
kompetensområden, styrande dokument, planer och finansiering.\n\n\
The register of the building blocks of Sweden's shared digital infrastructure for information \
exchange: building blocks, responsible organisations, phases, competence areas, governing \
documents, plans and funding. Reads are public. Lists take `limit` (1–500, default 20), \
`offset` and an opaque `cursor`; single entries carry an `ETag`, and changes need `If-Match` \
(one strong tag, or `*` for any current version of an entry that exists). \
Errors are RFC 9457 `application/problem+json`, whose `type` is a page at `/problems/{slug}`. \
`HEAD` works wherever `GET` does; a known path with another method answers 405 with `Allow`, an \
unknown method 501. Request targets over 8 KiB answer 414, headers over 32 KiB 431, paths that \
do not decode to UTF-8 400, and bodies that do not arrive in time 408.",
        contact(name = "Infrastrukturansvarig (DIGG)", email = "registry@digg.se", url = "https://www.digg.se"),
        license(name = "CC0-1.0", identifier = "CC0-1.0"),
    ),
    paths(
        meta::api_info, meta::audit, meta::history, meta::healthz, meta::readyz, openapi_json,
        super::problem::problem_page,
    ),
    components(schemas(openapi::Problem, openapi::FieldError), responses(BadRequest, UriTooLong, Unprocessable, FetchFailed, NotFound, Conflict, PreconditionFailed, PreconditionRequired,
        PayloadTooLarge, InternalError, Unavailable, PeerFailed, Unauthorized, Forbidden, TooManyRequests)),
    modifiers(&Security),
    tags(
        (name = "meta", description = "Om tjänsten / About the service"),
        (name = "audit", description = "Ändringslogg och historik / Change log and history"),
        (name = "auth", description = "Inloggning för skrivningar: OAuth2 client credentials / \
Authentication for writes: OAuth2 client credentials. Reads are public; every write needs \
`Authorization: Bearer <token>` with the scope `registry.write`, and what a token may do follows \
the roles its organisation holds in the register."),
    ),
)]
pub struct ApiDoc;

/// The bearer-token scheme every write names, and the built-in issuer's OAuth2 flow.
struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ClientCredentials, Flow, HttpAuthScheme, HttpBuilder, OAuth2, Scopes, SecurityScheme,
        };
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "Token från `/oauth/token` eller nodens OpenID Connect-leverantör / \
Token from `/oauth/token` or the node's OpenID Connect provider",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "oauth2",
            SecurityScheme::OAuth2(OAuth2::new([Flow::ClientCredentials(
                ClientCredentials::new(
                    "/oauth/token",
                    Scopes::from_iter([
                        ("registry.read", "Läsa / Read"),
                        ("registry.write", "Skriva / Write"),
                    ]),
                ),
            )])),
        );
    }
}

/// The document as served: built once, pretty-printed, with the service-level extensions.
pub static OPENAPI_JSON: LazyLock<String> = LazyLock::new(|| {
    let mut doc = ApiDoc::openapi();
    // Each resource module documents its own paths and tag.
    for part in super::resource_docs() {
        doc.merge(part);
    }
    doc.info.extensions = Some(
        ExtensionsBuilder::new()
            .add(
                "x-sla",
                serde_json::json!({
                    "sv": "Bästa möjliga tillgänglighet under kontorstid; ingen garanterad svarstid.",
                    "en": "Best-effort availability during office hours; no guaranteed response time."
                }),
            )
            .add(
                "x-limitations",
                serde_json::json!({
                    "sv": "Högst 500 poster per sida; begärans kropp högst 256 KiB och inom 30 sekunder (nodens inställning); adress högst 8 KiB, rubriker högst 32 KiB.",
                    "en": "At most 500 entries per page; request bodies at most 256 KiB and within 30 seconds (a setting of the node); request targets at most 8 KiB, headers at most 32 KiB."
                }),
            )
            .build(),
    );
    // Through serde_json's sorted maps: utoipa keeps extensions in a HashMap, whose order
    // changes from run to run, and the served bytes must equal the committed file.
    let mut value = serde_json::to_value(&doc).expect("the OpenAPI document serialises");
    for_every_request(&mut value);
    let mut s = serde_json::to_string_pretty(&value).expect("the OpenAPI document serialises");
    s.push('\n');
    s
});

/// What the service refuses in every text it is sent (`domain::text`): NUL, the other C0
/// controls but tab, LF and CR, and U+FFFE/U+FFFF, as an ECMA-262 pattern.
pub use openapi::strings::TEXT_PATTERN;

/// What `If-Match` may be: `*`, or the one strong tag a GET gave.
pub const IF_MATCH_PATTERN: &str = r#"^(\*|"[0-9]+")$"#;

/// Two rules that hold for every operation, written into the document once: each plain text
/// (a string without enum, format or pattern of its own) carries `TEXT_PATTERN`, and each
/// operation lists 400, which the guard answers for a path or query that breaks that rule.
fn for_every_request(doc: &mut serde_json::Value) {
    fn texts(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                let is_string = match m.get("type") {
                    Some(serde_json::Value::String(t)) => t == "string",
                    Some(serde_json::Value::Array(ts)) => ts.iter().any(|t| t == "string"),
                    _ => false,
                };
                let constrained = ["enum", "format", "pattern", "const"]
                    .iter()
                    .any(|k| m.contains_key(*k));
                if is_string && !constrained {
                    m.insert("pattern".into(), TEXT_PATTERN.into());
                }
                m.values_mut().for_each(texts);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(texts),
            _ => {}
        }
    }
    if let Some(schemas) = doc.pointer_mut("/components/schemas") {
        texts(schemas);
    }
    let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) else {
        return;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            if !["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                continue;
            }
            if let Some(params) = op.get_mut("parameters").and_then(|p| p.as_array_mut()) {
                for p in params.iter_mut() {
                    // `*` or one strong tag as the ETag gives it (`http::extract::if_match`);
                    // weak, empty and listed tags are refused.
                    if p["in"] == "header" && p["name"] == "If-Match" {
                        p["schema"] =
                            serde_json::json!({"type": "string", "pattern": IF_MATCH_PATTERN});
                    }
                    texts(p);
                }
            }
            if let Some(body) = op.get_mut("requestBody") {
                texts(body);
            }
            if let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) {
                responses.entry("400").or_insert_with(
                    || serde_json::json!({"$ref": "#/components/responses/BadRequest"}),
                );
                // `http::semantics` refuses any request target over 8 KiB, whatever it asks.
                responses.entry("414").or_insert_with(
                    || serde_json::json!({"$ref": "#/components/responses/UriTooLong"}),
                );
            }
        }
    }
}

/// OpenAPI-dokumentet / this document (OpenAPI 3.1), with CORS open
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "Detta dokument / This document",
        content_type = "application/json", body = Object)))]
#[get("/openapi.json")]
async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .insert_header(("Access-Control-Allow-Origin", "*"))
        .body(OPENAPI_JSON.as_str())
}

/// Inside `/api/v1`.
pub fn configure_api(cfg: &mut web::ServiceConfig) {
    cfg.service(openapi_json);
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(SwaggerUi::new("/api/docs/{_:.*}").config(Config::new(["/api/v1/openapi.json"])));
}
