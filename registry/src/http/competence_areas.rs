use crate::store::competence_areas;
use openapi::{CompetenceArea, CompetenceAreaInput, CompetenceAreaStatus};

collection! {
    competence_areas: CompetenceArea, CompetenceAreaInput, CompetenceAreaQuery
        at "competence-areas" by id or slug;
    rights: stored::competence_area, proposed::none;
    list: "Kompetensområden / list competence areas",
    get: "Ett kompetensområde / get one competence area by id or slug",
    create: "Skapa kompetensområde / create a competence area",
    replace: "Ersätt kompetensområde / replace a competence area (If-Match required)",
    delete: "Ta bort kompetensområde / delete a competence area (If-Match required; refused while referenced)",
}

only_the_collection!(tag "competence-areas": "Kompetensområden / Competence areas");

list_query! {
    pub struct CompetenceAreaQuery => competence_areas::Filter {
        /// Only competence areas with this status.
        status: Option<CompetenceAreaStatus>,
        /// Only competence areas with this home organisation (id or slug); an unknown
        /// organisation gives an empty list.
        home_organisation: Option<String>,
        ..origin,
        /// Part of the name or slug.
        q: Option<String>,
        ..page
    }
}
