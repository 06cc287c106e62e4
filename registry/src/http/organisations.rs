use actix_web::web;
use openapi::{Organisation, OrganisationInput, OrganisationKind};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::Result;
use crate::store::organisations;

collection! {
    store: organisations,
    resource: Organisations,
    stored: crate::store::authz::stored::register,
    proposed: crate::store::authz::proposed::none,
    segment: "organisations",
    tag: "organisations",
    wire: Organisation,
    input: OrganisationInput,
    query: OrganisationQuery,
    key: "Id eller slug / Id or slug",
    list: "Organisationer / list organisations",
    get: "En organisation / get one organisation by id or slug",
    create: "Skapa organisation / create an organisation",
    replace: "Ersätt organisation / replace an organisation (If-Match required)",
    delete: "Ta bort organisation / delete an organisation (If-Match required; refused while referenced)",
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one, create, replace, remove),
    tags((name = "organisations", description = "Organisationer / Organisations")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    configure_collection(cfg);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OrganisationQuery {
    /// Only organisations of this kind.
    kind: Option<OrganisationKind>,
    /// Only the organisation with this organisation number (`NNNNNN-NNNN`).
    organisation_number: Option<String>,
    /// Only entries of this node (`local`), mirrored from others (`mirrored`), or owned by the
    /// node with this id.
    #[param(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 100)]
    origin: Option<String>,
    /// Part of the name or slug, case-insensitive.
    q: Option<String>,
    /// Page size, 1–500 (default 20).
    #[param(minimum = 1, maximum = 500, default = 20)]
    limit: Option<i64>,
    /// Entries to skip (default 0).
    #[param(minimum = 0, default = 0)]
    offset: Option<i64>,
    /// Opaque cursor from `nextCursor`, for deep paging.
    #[param(pattern = r"^az[o-r][A-Za-z0-9_-]*$", min_length = 3)]
    cursor: Option<String>,
}

impl OrganisationQuery {
    fn filter(self, node_id: &str) -> Result<organisations::Filter> {
        Ok(organisations::Filter {
            kind: self.kind,
            q: self.q,
            organisation_number: self.organisation_number,
            origin: super::extract::origin(self.origin, node_id)?,
        })
    }
}
