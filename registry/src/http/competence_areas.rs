use crate::error::Result;
use crate::store::competence_areas;
use actix_web::web;
use openapi::{CompetenceArea, CompetenceAreaInput, CompetenceAreaStatus};
use serde::Deserialize;
use utoipa::IntoParams;

collection! {
    store: competence_areas,
    resource: CompetenceAreas,
    stored: crate::store::authz::stored::competence_area,
    proposed: crate::store::authz::proposed::none,
    segment: "competence-areas",
    tag: "competence-areas",
    wire: CompetenceArea,
    input: CompetenceAreaInput,
    query: CompetenceAreaQuery,
    key: "Id eller slug / Id or slug",
    list: "Kompetensområden / list competence areas",
    get: "Ett kompetensområde / get one competence area by id or slug",
    create: "Skapa kompetensområde / create a competence area",
    replace: "Ersätt kompetensområde / replace a competence area (If-Match required)",
    delete: "Ta bort kompetensområde / delete a competence area (If-Match required; refused while referenced)",
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one, create, replace, remove),
    tags((name = "competence-areas", description = "Kompetensområden / Competence areas")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    configure_collection(cfg);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CompetenceAreaQuery {
    /// Only competence areas with this status.
    status: Option<CompetenceAreaStatus>,
    /// Only competence areas with this home organisation (id or slug); an unknown
    /// organisation gives an empty list.
    home_organisation: Option<String>,
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

impl CompetenceAreaQuery {
    fn filter(self, node_id: &str) -> Result<competence_areas::Filter> {
        Ok(competence_areas::Filter {
            status: self.status,
            home_organisation: self.home_organisation,
            q: self.q,
            origin: super::extract::origin(self.origin, node_id)?,
        })
    }
}
