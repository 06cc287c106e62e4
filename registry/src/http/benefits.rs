use crate::error::Result;
use crate::store::benefits;
use actix_web::web;
use openapi::{Benefit, BenefitInput, BenefitKind, Category};
use serde::Deserialize;
use utoipa::IntoParams;

collection! {
    store: benefits,
    resource: Benefits,
    stored: crate::store::authz::stored::register,
    proposed: crate::store::authz::proposed::none,
    segment: "benefits",
    tag: "benefits",
    wire: Benefit,
    input: BenefitInput,
    query: BenefitQuery,
    key: "Id / Id",
    list: "Nyttor / list benefits",
    get: "En nytta / get one benefit by id",
    create: "Skapa nytta / create a benefit",
    replace: "Ersätt nytta / replace a benefit (If-Match required)",
    delete: "Ta bort nytta / delete a benefit (If-Match required)",
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one, create, replace, remove),
    tags((name = "benefits", description = "Nyttor / Benefits")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    configure_collection(cfg);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BenefitQuery {
    /// Only benefits of this category.
    category: Option<Category>,
    /// Only benefits of this kind.
    kind: Option<BenefitKind>,
    /// Only benefits that include this building block (id or slug).
    building_block: Option<String>,
    /// Only entries of this node (`local`), mirrored from others (`mirrored`), or owned by the
    /// node with this id.
    #[param(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 100)]
    origin: Option<String>,
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

impl BenefitQuery {
    fn filter(self, node_id: &str) -> Result<benefits::Filter> {
        Ok(benefits::Filter {
            category: self.category,
            kind: self.kind,
            building_block: self.building_block,
            origin: super::extract::origin(self.origin, node_id)?,
        })
    }
}
