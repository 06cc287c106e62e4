use crate::error::{Errors, Result};
use crate::store::documents;
use actix_web::web;
use openapi::{Document, DocumentInput, DocumentStatus, ScopeKind};
use serde::Deserialize;
use utoipa::IntoParams;

collection! {
    store: documents,
    resource: Documents,
    stored: crate::store::authz::stored::document,
    proposed: crate::store::authz::proposed::document,
    segment: "documents",
    tag: "documents",
    wire: Document,
    input: DocumentInput,
    query: DocumentQuery,
    key: "Id / Id",
    list: "Styrande dokument / list governing and supporting documents",
    get: "Ett dokument / get one document by id",
    create: "Skapa dokument / create a document",
    replace: "Ersätt dokument / replace a document (If-Match required)",
    delete: "Ta bort dokument / delete a document (If-Match required; refused while documents sit under it)",
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one, create, replace, remove),
    tags((name = "documents", description = "Styrande och stödjande dokument / Governing and supporting documents")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    configure_collection(cfg);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DocumentQuery {
    /// Only documents at this level (1, 2 or 3).
    level: Option<i32>,
    /// Only documents with this status.
    status: Option<DocumentStatus>,
    /// Only documents with this kind of scope.
    scope_kind: Option<ScopeKind>,
    /// Only documents under this parent document (its id).
    parent: Option<String>,
    /// Only documents by this organisation (id or slug).
    author_organisation: Option<String>,
    /// Part of the title.
    q: Option<String>,
    /// Page size, 1–500 (default 20).
    limit: Option<i64>,
    /// Entries to skip (default 0).
    offset: Option<i64>,
    /// Opaque cursor from `nextCursor`, for deep paging.
    cursor: Option<String>,
}

impl DocumentQuery {
    fn filter(self) -> Result<documents::Filter> {
        let mut e = Errors::default();
        if let Some(l) = self.level {
            e.check((1..=3).contains(&l), "level", "must be 1, 2 or 3");
        }
        // Ids are stored in the canonical lower-case form.
        let parent = match self.parent.as_deref().map(uuid::Uuid::parse_str) {
            Some(Ok(u)) => Some(u.to_string()),
            Some(Err(_)) => {
                e.add("parent", "must be the id of a document");
                None
            }
            None => None,
        };
        e.into_result()?;
        Ok(documents::Filter {
            level: self.level,
            status: self.status,
            scope_kind: self.scope_kind,
            parent,
            author_organisation: self.author_organisation,
            q: self.q,
        })
    }
}
