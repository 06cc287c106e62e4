use crate::error::Result;
use crate::store::base_data_domains;
use actix_web::web;
use openapi::{BaseDataDomain, BaseDataDomainInput, Phase};
use serde::Deserialize;
use utoipa::IntoParams;

collection! {
    store: base_data_domains,
    resource: BaseDataDomains,
    stored: crate::store::authz::stored::base_data_domain,
    proposed: crate::store::authz::proposed::none,
    segment: "base-data-domains",
    tag: "base-data-domains",
    wire: BaseDataDomain,
    input: BaseDataDomainInput,
    query: BaseDataDomainQuery,
    key: "Id eller slug / Id or slug",
    list: "Grunddatadomäner / list base-data domains",
    get: "En grunddatadomän / get one base-data domain by id or slug",
    create: "Skapa grunddatadomän / create a base-data domain",
    replace: "Ersätt grunddatadomän / replace a base-data domain (If-Match required)",
    delete: "Ta bort grunddatadomän / delete a base-data domain (If-Match required; refused while referenced)",
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one, create, replace, remove),
    tags((name = "base-data-domains", description = "Grunddatadomäner / Base-data domains")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    configure_collection(cfg);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BaseDataDomainQuery {
    /// Only base-data domains in this phase.
    phase: Option<Phase>,
    /// Only base-data domains with this responsible organisation (id or slug); an unknown
    /// organisation gives an empty list.
    responsible: Option<String>,
    /// Only entries of this node (`local`), mirrored from others (`mirrored`), or owned by the
    /// node with this id.
    #[param(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 100)]
    origin: Option<String>,
    /// Part of the name or slug.
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

impl BaseDataDomainQuery {
    fn filter(self, node_id: &str) -> Result<base_data_domains::Filter> {
        Ok(base_data_domains::Filter {
            phase: self.phase,
            responsible: self.responsible,
            q: self.q,
            origin: super::extract::origin(self.origin, node_id)?,
        })
    }
}
