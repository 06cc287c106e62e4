//! The one place where errors become RFC 9457 problem+json responses.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use openapi::Problem;

use crate::error::Error;

/// One kind of problem: its `type` is `<public_url>/problems/<slug>`, and that URL serves a
/// page with the title, when it happens and what to do, in Swedish and English.
pub struct ProblemType {
    pub slug: &'static str,
    pub status: StatusCode,
    pub title_sv: &'static str,
    pub title_en: &'static str,
    pub when_sv: &'static str,
    pub when_en: &'static str,
    pub todo_sv: &'static str,
    pub todo_en: &'static str,
}

/// Every problem type the server answers with.
pub static PROBLEM_TYPES: &[ProblemType] = &[
    ProblemType {
        slug: "validation",
        status: StatusCode::BAD_REQUEST,
        title_sv: "Ogiltig begäran",
        title_en: "Invalid request",
        when_sv: "Begäran är giltig JSON men bryter mot en regel: ett fält saknas, har fel format eller ett värde utanför det tillåtna.",
        when_en: "The request is valid JSON but breaks a rule: a field is missing, malformed or out of range.",
        todo_sv: "Rätta fälten som `errors` nämner och skicka igen. Inget har sparats.",
        todo_en: "Correct the fields named in `errors` and send again. Nothing was written.",
    },
    ProblemType {
        slug: "rule",
        status: StatusCode::UNPROCESSABLE_ENTITY,
        title_sv: "Bryter mot en regel",
        title_en: "Breaks a rule",
        when_sv: "Varje fält har den form API-dokumentet anger, men fälten tillsammans bryter mot en regel som inget schema kan uttrycka: en roll och ett ämne som inte hör ihop, ett nivå 2-dokument utan överordnat dokument, ett belopp för ett behov som inte är uppskattat, ett byggblock som beror av sig självt.",
        when_en: "Each field has the shape the API document states, but together they break a rule no schema can state: a role and a subject that do not go together, a level-2 document without a parent, an amount for a need that is not estimated, a block that depends on itself.",
        todo_sv: "Läs `errors`: varje post nämner ett fält och regeln. Rätta och skicka igen. Inget har sparats.",
        todo_en: "Read `errors`: each names a field and the rule. Correct and send again. Nothing was written.",
    },
    ProblemType {
        slug: "bad-request",
        status: StatusCode::BAD_REQUEST,
        title_sv: "Felaktig begäran",
        title_en: "Malformed request",
        when_sv: "Begäran kunde inte läsas: trasig JSON, ett okänt fält, en felaktig frågeparameter, en felaktig If-Match-rubrik eller en sökväg med felaktig procentkodning.",
        when_en: "The request could not be read: broken JSON, an unknown field, a malformed query parameter, a malformed If-Match header or a path with malformed percent-encoding.",
        todo_sv: "Läs `detail` och `errors`, rätta begäran och skicka igen.",
        todo_en: "Read `detail` and `errors`, correct the request and send again.",
    },
    ProblemType {
        slug: "not-found",
        status: StatusCode::NOT_FOUND,
        title_sv: "Finns inte",
        title_en: "Not found",
        when_sv: "Det finns ingen post med det id eller den slug som angavs, eller ingen resurs på sökvägen.",
        when_en: "There is no entry with the given id or slug, or no resource at the path.",
        todo_sv: "Kontrollera sökvägen mot API-dokumentationen (/api/v1/openapi.json) och posten mot listan.",
        todo_en: "Check the path against the API document (/api/v1/openapi.json) and the entry against the list.",
    },
    ProblemType {
        slug: "method-not-allowed",
        status: StatusCode::METHOD_NOT_ALLOWED,
        title_sv: "Metoden är inte tillåten",
        title_en: "Method not allowed",
        when_sv: "Sökvägen finns men tar inte emot den HTTP-metoden.",
        when_en: "The path exists but does not take that HTTP method.",
        todo_sv: "Använd en av metoderna i svarets `Allow`-rubrik.",
        todo_en: "Use one of the methods in the answer's `Allow` header.",
    },
    ProblemType {
        slug: "not-implemented",
        status: StatusCode::NOT_IMPLEMENTED,
        title_sv: "Okänd metod",
        title_en: "Method not implemented",
        when_sv: "Begäran använder en HTTP-metod som tjänsten inte känner till.",
        when_en: "The request uses an HTTP method the service does not know.",
        todo_sv: "Använd GET, HEAD, POST, PUT, PATCH eller DELETE enligt API-dokumentationen.",
        todo_en: "Use GET, HEAD, POST, PUT, PATCH or DELETE as the API document says.",
    },
    ProblemType {
        slug: "unknown-reference",
        status: StatusCode::CONFLICT,
        title_sv: "Okänd hänvisning",
        title_en: "Unknown reference",
        when_sv: "Begäran är välformad men hänvisar till en post som registret inte har: en organisation, en plan, ett byggblock eller ett överordnat dokument. Samma begäran går igenom när posten finns, skapad här eller speglad från sin nod.",
        when_en: "The request is well-formed but refers to an entry the register does not hold: an organisation, a plan, a building block or a parent document. The same request goes through once the entry exists, created here or mirrored from its node.",
        todo_sv: "Kontrollera id eller slug i fälten som `errors` nämner mot listan, eller skapa posten först. Inget har sparats.",
        todo_en: "Check the id or slug in the fields named in `errors` against the list, or create the entry first. Nothing was written.",
    },
    ProblemType {
        slug: "conflict",
        status: StatusCode::CONFLICT,
        title_sv: "Konflikt",
        title_en: "Conflict",
        when_sv: "Ändringen krockar med det som finns: en slug eller ett organisationsnummer som redan används, en post som annat hänvisar till, eller en post som speglas från en annan nod.",
        when_en: "The change conflicts with what is stored: a slug or organisation number already in use, an entry other entries refer to, or an entry mirrored from another node.",
        todo_sv: "Läs `detail`; ändra en speglad post hos sin ursprungsnod. Inget har sparats.",
        todo_en: "Read `detail`; change a mirrored entry at its origin node. Nothing was written.",
    },
    ProblemType {
        slug: "stale-etag",
        status: StatusCode::PRECONDITION_FAILED,
        title_sv: "Posten har ändrats",
        title_en: "The entry has changed",
        when_sv: "`If-Match` stämmer inte med postens nuvarande ETag: någon annan har ändrat den sedan du läste den.",
        when_en: "`If-Match` does not match the entry's current ETag: someone changed it since you read it.",
        todo_sv: "Hämta posten igen (GET), gör om ändringen på den nya versionen och skicka med dess ETag.",
        todo_en: "GET the entry again, reapply the change to the new version and send its ETag.",
    },
    ProblemType {
        slug: "etag-never-matches",
        status: StatusCode::PRECONDITION_FAILED,
        title_sv: "ETag som aldrig stämmer",
        title_en: "An ETag that never matches",
        when_sv: "`If-Match` anger en svag ETag (`W/\"3\"`) eller en ETag som tjänsten aldrig ger ut. If-Match jämför starkt (RFC 9110 §13.1.1), så en svag ETag stämmer aldrig; tjänstens ETag är postens version, till exempel `\"3\"`.",
        when_en: "`If-Match` names a weak ETag (`W/\"3\"`) or an ETag the service never gives out. If-Match uses the strong comparison (RFC 9110 §13.1.1), so a weak ETag never matches; the service's ETags are the entry's version, such as `\"3\"`.",
        todo_sv: "Skicka ETag exakt som GET gav den, till exempel `\"3\"`.",
        todo_en: "Send the ETag exactly as GET gave it, such as `\"3\"`.",
    },
    ProblemType {
        slug: "if-match-required",
        status: StatusCode::PRECONDITION_REQUIRED,
        title_sv: "If-Match krävs",
        title_en: "If-Match required",
        when_sv: "En ändring eller borttagning saknar `If-Match`, så en samtidig ändring skulle kunna skrivas över.",
        when_en: "A change or deletion lacks `If-Match`, so a concurrent change could be overwritten.",
        todo_sv: "Skicka `If-Match` med ETag från senaste GET (eller `*` för vilken version som helst).",
        todo_en: "Send `If-Match` with the ETag from the last GET (or `*` for any version).",
    },
    ProblemType {
        slug: "too-large",
        status: StatusCode::PAYLOAD_TOO_LARGE,
        title_sv: "För stor begäran",
        title_en: "Request too large",
        when_sv: "Begärans kropp är större än tjänsten tar emot (256 KiB för JSON).",
        when_en: "The request body is larger than the service accepts (256 KiB for JSON).",
        todo_sv: "Skicka en mindre kropp, eller dela upp ändringen.",
        todo_en: "Send a smaller body, or split the change.",
    },
    ProblemType {
        slug: "request-timeout",
        status: StatusCode::REQUEST_TIMEOUT,
        title_sv: "Begäran tog för lång tid",
        title_en: "Request timeout",
        when_sv: "Begärans kropp kom inte fram inom den tid tjänsten väntar. Anslutningen stängs.",
        when_en: "The request body did not arrive within the time the service waits. The connection is closed.",
        todo_sv: "Skicka begäran igen på en ny anslutning, med hela kroppen utan dröjsmål.",
        todo_en: "Send the request again on a new connection, with the whole body without delay.",
    },
    ProblemType {
        slug: "uri-too-long",
        status: StatusCode::URI_TOO_LONG,
        title_sv: "För lång adress",
        title_en: "URI too long",
        when_sv: "Begärans sökväg och frågesträng är tillsammans längre än 8 KiB.",
        when_en: "The request's path and query string are longer than 8 KiB together.",
        todo_sv: "Korta frågan, till exempel med färre filter eller sidor via `cursor`.",
        todo_en: "Shorten the query, for example with fewer filters or paging by `cursor`.",
    },
    ProblemType {
        slug: "headers-too-large",
        status: StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        title_sv: "För stora rubriker",
        title_en: "Request header fields too large",
        when_sv: "Begärans rubriker är tillsammans större än 32 KiB.",
        when_en: "The request's headers are larger than 32 KiB together.",
        todo_sv: "Skicka färre eller kortare rubriker (till exempel färre kakor).",
        todo_en: "Send fewer or shorter headers (fewer cookies, for example).",
    },
    ProblemType {
        slug: "unauthorized",
        status: StatusCode::UNAUTHORIZED,
        title_sv: "Inloggning krävs",
        title_en: "Authentication required",
        when_sv: "Skrivningen saknar bearer-token, eller token är felformad, har gått ut, är inte signerad av en betrodd utfärdare eller gäller en annan mottagare.",
        when_en: "The write has no bearer token, or the token is malformed, expired, not signed by a trusted issuer or for another audience.",
        todo_sv: "Hämta en ny token från `/oauth/token` (client credentials) och skicka den i `Authorization: Bearer`.",
        todo_en: "Get a new token from `/oauth/token` (client credentials) and send it in `Authorization: Bearer`.",
    },
    ProblemType {
        slug: "forbidden",
        status: StatusCode::FORBIDDEN,
        title_sv: "Behörighet saknas",
        title_en: "Not allowed",
        when_sv: "Token är giltig men organisationen har inte den roll som ändringen kräver, eller token saknar scope `registry.write`.",
        when_en: "The token is valid but its organisation lacks the role the change needs, or the token lacks the scope `registry.write`.",
        todo_sv: "`requiredRoles` visar vilka roller som skulle tillåta ändringen; be infrastrukturansvarig om rollen.",
        todo_en: "`requiredRoles` lists the roles that would allow the change; ask the infrastructure owner for the role.",
    },
    ProblemType {
        slug: "too-many-requests",
        status: StatusCode::TOO_MANY_REQUESTS,
        title_sv: "För många förfrågningar",
        title_en: "Too many requests",
        when_sv: "Klienten eller adressen har begärt fler token än tjänsten tillåter per minut.",
        when_en: "The client or the address has asked for more tokens than the service allows per minute.",
        todo_sv: "Vänta så många sekunder som `Retry-After` anger, och återanvänd token tills den nästan gått ut.",
        todo_en: "Wait as many seconds as `Retry-After` says, and reuse tokens until they are about to expire.",
    },
    ProblemType {
        slug: "unavailable",
        status: StatusCode::SERVICE_UNAVAILABLE,
        title_sv: "Tjänsten är inte tillgänglig",
        title_en: "Service unavailable",
        when_sv: "Databasen kan inte nås just nu.",
        when_en: "The database cannot be reached at the moment.",
        todo_sv: "Försök igen om en stund; kvarstår felet, kontakta den som driftar noden.",
        todo_en: "Try again in a while; if it persists, contact whoever runs the node.",
    },
    ProblemType {
        slug: "peer-failed",
        status: StatusCode::BAD_GATEWAY,
        title_sv: "Noden svarar inte som den ska",
        title_en: "The peer failed",
        when_sv: "En annan nod som hämtades svarade inte i tid eller svarade med något som inte är ett flöde.",
        when_en: "Another node being pulled did not answer in time or answered something that is not a feed.",
        todo_sv: "Se nodens tillstånd (`lastError`) under /api/v1/federation/peers och försök igen senare.",
        todo_en: "See the peer's state (`lastError`) under /api/v1/federation/peers and try again later.",
    },
    ProblemType {
        slug: "fetch-failed",
        status: StatusCode::BAD_GATEWAY,
        title_sv: "Adressen gick inte att hämta",
        title_en: "The URL could not be fetched",
        when_sv: "Registret hämtade adressen som begäran angav (en katalog, ett OpenAPI-dokument), men servern där svarade inte i tid, svarade med ett fel eller med något som inte går att använda, eller adressen är en som registret inte hämtar från (en privat adress).",
        when_en: "The register fetched the URL the request named (a catalogue, an OpenAPI document), but the server there did not answer in time, answered with an error or something unusable, or the address is one the register does not fetch from (a private address).",
        todo_sv: "Kontrollera att adressen i fältet som `errors` nämner går att nå från internet och svarar med dokumentet; eller skicka dokumentet självt. Inget har sparats.",
        todo_en: "Check that the URL in the field named in `errors` is reachable from the internet and answers with the document; or send the document itself. Nothing was written.",
    },
    ProblemType {
        slug: "internal",
        status: StatusCode::INTERNAL_SERVER_ERROR,
        title_sv: "Internt fel",
        title_en: "Internal error",
        when_sv: "Något gick fel i tjänsten. Felet är loggat.",
        when_en: "Something went wrong in the service. The error is logged.",
        todo_sv: "Försök igen; kvarstår felet, kontakta den som driftar noden och ange tidpunkt och `instance`.",
        todo_en: "Try again; if it persists, contact whoever runs the node with the time and the `instance`.",
    },
];

/// The problem type of this slug.
pub fn problem_type(slug: &str) -> Option<&'static ProblemType> {
    PROBLEM_TYPES.iter().find(|t| t.slug == slug)
}

impl Error {
    /// The slug of this error's problem type (a key of `PROBLEM_TYPES`).
    fn slug(&self) -> &'static str {
        match self {
            Error::Validation(_) => "validation",
            Error::Rule(_) => "rule",
            Error::BadRequest { .. } => "bad-request",
            Error::NotFound { .. } => "not-found",
            Error::UnknownReference(_) => "unknown-reference",
            Error::MethodNotAllowed { .. } => "method-not-allowed",
            Error::NotImplemented(_) => "not-implemented",
            Error::Conflict { .. } => "conflict",
            Error::PreconditionFailed { .. } => "stale-etag",
            Error::UnmatchableEtag { .. } => "etag-never-matches",
            Error::PreconditionRequired => "if-match-required",
            Error::PayloadTooLarge { .. } => "too-large",
            Error::RequestTimeout { .. } => "request-timeout",
            Error::UriTooLong { .. } => "uri-too-long",
            Error::HeadersTooLarge { .. } => "headers-too-large",
            Error::Unauthorized(_) => "unauthorized",
            Error::InsufficientScope(_) | Error::Forbidden { .. } => "forbidden",
            Error::TooManyRequests { .. } => "too-many-requests",
            Error::Unavailable(_) => "unavailable",
            Error::PeerFailed(_) => "peer-failed",
            Error::FetchFailed { .. } => "fetch-failed",
            Error::Internal(_) => "internal",
        }
    }

    fn kind(&self) -> &'static ProblemType {
        problem_type(self.slug()).unwrap_or(&PROBLEM_TYPES[PROBLEM_TYPES.len() - 1])
    }

    /// The problem, its `type` under `base` (the node's public URL; empty: a relative
    /// reference, which the `problem_instance` middleware makes absolute).
    pub fn to_problem_at(&self, base: &str, instance: &str) -> Problem {
        let kind = self.kind();
        // Messages quote what a caller or a parser said; what the service refuses in text it
        // does not send back either.
        use domain::text::scrub;
        let errors = match self {
            Error::Validation(e) | Error::Rule(e) | Error::UnknownReference(e) => e.clone(),
            Error::FetchFailed { field, message } => vec![openapi::FieldError {
                field: field.clone(),
                message: message.clone(),
            }],
            Error::BadRequest { errors, .. } | Error::Conflict { errors, .. } => errors.clone(),
            _ => vec![],
        }
        .into_iter()
        .map(|e| openapi::FieldError {
            field: scrub(&e.field).into_owned(),
            message: scrub(&e.message).into_owned(),
        })
        .collect();
        Problem {
            problem_type: format!("{base}/problems/{}", kind.slug),
            title: format!("{} / {}", kind.title_sv, kind.title_en),
            status: kind.status.as_u16(),
            detail: scrub(&self.to_string()).into_owned(),
            instance: instance.to_string(),
            errors,
            required_roles: match self {
                Error::Forbidden { roles, .. } => roles.clone(),
                _ => vec![],
            },
        }
    }

    pub fn to_problem(&self, instance: &str) -> Problem {
        self.to_problem_at("", instance)
    }

    /// The problem response, with the headers this error calls for.
    pub fn response(&self, instance: &str) -> HttpResponse {
        self.response_at("", instance)
    }

    /// The problem response with its `type` under `base` (the node's public URL).
    pub fn response_at(&self, base: &str, instance: &str) -> HttpResponse {
        let mut r = problem_response(&self.to_problem_at(base, instance));
        let extra = match self {
            Error::Unauthorized(reason) => Some((
                header::WWW_AUTHENTICATE,
                format!(
                    "Bearer realm=\"registry\", error=\"invalid_token\", error_description=\"{}\"",
                    reason.replace(['"', '\\'], "'")
                ),
            )),
            Error::InsufficientScope(scope) => Some((
                header::WWW_AUTHENTICATE,
                format!(
                    "Bearer realm=\"registry\", error=\"insufficient_scope\", scope=\"{scope}\""
                ),
            )),
            Error::TooManyRequests { retry_after } => {
                Some((header::RETRY_AFTER, retry_after.to_string()))
            }
            Error::MethodNotAllowed { allow, .. } => Some((header::ALLOW, allow.clone())),
            _ => None,
        };
        if let Some((name, value)) = extra {
            if let Ok(v) = header::HeaderValue::from_str(&value) {
                r.headers_mut().insert(name, v);
            }
        }
        // After these the connection is not worth keeping: the rest of what the client sends
        // is not read.
        if matches!(
            self,
            Error::RequestTimeout { .. } | Error::UriTooLong { .. } | Error::HeadersTooLarge { .. }
        ) {
            r.head_mut()
                .set_connection_type(actix_web::http::ConnectionType::Close);
        }
        r
    }
}

impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        self.kind().status
    }

    fn error_response(&self) -> HttpResponse {
        // The request path is filled in by the `instance` middleware, which sees the request.
        self.response("")
    }
}

pub fn problem_response(p: &Problem) -> HttpResponse {
    HttpResponse::build(StatusCode::from_u16(p.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .insert_header((header::CONTENT_TYPE, "application/problem+json"))
        .json(p)
}

/// Inline code in the pages' text: `x` becomes <code>x</code> (the text is ours, not input).
fn html(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let mut out = String::with_capacity(escaped.len());
    for (i, part) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// The page of one problem type, in Swedish and English.
fn page(t: &ProblemType) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head><meta charset=\"utf-8\">\
<title>{title_sv} / {title_en}</title></head>\n<body>\n\
<h1>{title_sv} <small>({status})</small></h1>\n\
<h2>När händer det?</h2>\n<p>{when_sv}</p>\n<h2>Vad gör jag?</h2>\n<p>{todo_sv}</p>\n\
<section lang=\"en\">\n<h1>{title_en} <small>({status})</small></h1>\n\
<h2>When does it happen?</h2>\n<p>{when_en}</p>\n<h2>What do I do?</h2>\n<p>{todo_en}</p>\n\
</section>\n</body>\n</html>\n",
        title_sv = html(t.title_sv),
        title_en = html(t.title_en),
        status = t.status.as_u16(),
        when_sv = html(t.when_sv),
        when_en = html(t.when_en),
        todo_sv = html(t.todo_sv),
        todo_en = html(t.todo_en),
    )
}

/// What a problem type means: the page its `type` URI points to (Swedish and English: the
/// title, when it happens, what to do).
#[utoipa::path(get, operation_id = "problems.get", path = "/problems/{slug}", tag = "meta",
    params(("slug" = String, Path, description = "Problemtypen / The problem type", example = "stale-etag")),
    responses(
        (status = 200, description = "Sidan om problemtypen / The page of the problem type",
            content_type = "text/html", body = String),
        super::responses::NotFound))]
pub async fn problem_page(slug: actix_web::web::Path<String>) -> Result<HttpResponse, Error> {
    let t = problem_type(&slug).ok_or_else(|| Error::not_found("problem type", slug.as_str()))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "max-age=86400"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .body(page(t)))
}

pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.route("/problems/{slug}", actix_web::web::get().to(problem_page));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_page_and_slugs_are_unique() {
        let errors = [
            Error::field("x", "y"),
            Error::BadRequest {
                detail: "x".into(),
                errors: vec![],
            },
            Error::not_found("x", "y"),
            Error::MethodNotAllowed {
                method: "X".into(),
                allow: "GET".into(),
            },
            Error::NotImplemented("X".into()),
            Error::conflict("x", "y"),
            Error::PreconditionFailed {
                given: "1".into(),
                current: "2".into(),
            },
            Error::UnmatchableEtag {
                given: "W/\"1\"".into(),
                reason: "weak",
            },
            Error::PreconditionRequired,
            Error::PayloadTooLarge { limit: 1 },
            Error::RequestTimeout { secs: 1 },
            Error::UriTooLong { limit: 1 },
            Error::HeadersTooLarge { limit: 1 },
            Error::Unauthorized("x".into()),
            Error::InsufficientScope("x"),
            Error::TooManyRequests { retry_after: 1 },
            Error::Unavailable(anyhow::anyhow!("x")),
            Error::PeerFailed("x".into()),
            Error::rule("x", "y"),
            Error::unknown_reference("x", "y"),
            Error::FetchFailed {
                field: "url".into(),
                message: "y".into(),
            },
            Error::Internal(anyhow::anyhow!("x")),
        ];
        for e in &errors {
            let t = problem_type(e.slug()).unwrap_or_else(|| panic!("no page for {e:?}"));
            let p = e.to_problem_at("https://node.example", "/x");
            assert_eq!(
                p.problem_type,
                format!("https://node.example/problems/{}", t.slug)
            );
            assert_eq!(p.status, t.status.as_u16());
        }
        let mut slugs: Vec<_> = PROBLEM_TYPES.iter().map(|t| t.slug).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), PROBLEM_TYPES.len());
        assert!(page(&PROBLEM_TYPES[0]).contains("<code>errors</code>"));
    }

    #[test]
    fn each_kind_of_refusal_has_its_status_and_names_its_field() {
        for (e, status) in [
            (Error::field("slug", "x"), 400),
            (Error::rule("parent", "x"), 422),
            (Error::unknown_reference("plan", "x"), 409),
            (
                Error::FetchFailed {
                    field: "url".into(),
                    message: "x".into(),
                },
                502,
            ),
        ] {
            let p = e.to_problem("/x");
            assert_eq!(p.status, status, "{e:?}");
            assert_eq!(p.errors.len(), 1, "{e:?}");
        }
        // A refusal for a field's shape and for a rule at once is a refusal of the shape.
        let mut both = domain::Errors::default();
        both.rule("a", "x");
        both.add("b", "y");
        let e: Error = both.into_result().unwrap_err().into();
        assert_eq!(e.to_problem("/x").status, 400);
    }
}
