use crate::store::benefits;
use actix_web::web;
use openapi::{Benefit, BenefitInput, BenefitKind, Category};

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

list_query! {
    pub struct BenefitQuery => benefits::Filter {
        /// Only benefits of this category.
        category: Option<Category>,
        /// Only benefits of this kind.
        kind: Option<BenefitKind>,
        /// Only benefits that include this building block (id or slug).
        building_block: Option<String>,
        ..origin,
        ..page
    }
}
