//! The interface's own files, compiled into the binary: nothing is fetched from elsewhere.

use actix_web::http::header;
use actix_web::{web, HttpResponse};

pub const STYLE: &str = "/assets/style.css";
pub const ICON: &str = "/assets/icon.svg";
/// Starts Swagger UI on the API catalogue's version page (the only page with a script).
pub const SWAGGER_INIT: &str = "/assets/swagger-init.js";

const FILES: &[(&str, &str, &str)] = &[
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("assets/style.css"),
    ),
    ("icon.svg", "image/svg+xml", include_str!("assets/icon.svg")),
    (
        "swagger-init.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/swagger-init.js"),
    ),
];

/// A file by name, cached by browsers for an hour (they change only with the binary).
pub async fn serve(name: web::Path<String>) -> HttpResponse {
    match FILES.iter().find(|(n, _, _)| *n == name.as_str()) {
        Some((_, content_type, body)) => HttpResponse::Ok()
            .content_type(*content_type)
            .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
            .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .body(*body),
        None => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("no such file"),
    }
}
