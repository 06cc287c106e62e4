use crate::store::benefits;
use openapi::{Benefit, BenefitInput, BenefitKind, Category};

collection! {
    benefits: Benefit, BenefitInput, BenefitQuery at "benefits" by id;
    rights: stored::register, proposed::none;
    list: "Nyttor / list benefits",
    get: "En nytta / get one benefit by id",
    create: "Skapa nytta / create a benefit",
    replace: "Ersätt nytta / replace a benefit (If-Match required)",
    delete: "Ta bort nytta / delete a benefit (If-Match required)",
}

only_the_collection!(tag "benefits": "Nyttor / Benefits");

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
