use crate::error::Result;
use crate::store::role_assignments;
use actix_web::web;
use openapi::{Role, RoleAssignment, RoleAssignmentInput};
use serde::Deserialize;
use utoipa::IntoParams;

collection! {
    store: role_assignments,
    resource: RoleAssignments,
    stored: crate::store::authz::stored::register,
    proposed: crate::store::authz::proposed::none,
    segment: "role-assignments",
    tag: "role-assignments",
    wire: RoleAssignment,
    input: RoleAssignmentInput,
    query: RoleAssignmentQuery,
    key: "Id / Id",
    list: "Roller / list role assignments (a reference to no entry gives an empty list)",
    get: "En roll / get one role assignment by id",
    create: "Tilldela roll / assign a role (409 when held already, or for a second infrastructure owner)",
    replace: "Ersätt roll / replace a role assignment (If-Match required)",
    delete: "Ta bort roll / remove a role assignment (If-Match required)",
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one, create, replace, remove),
    tags((name = "role-assignments", description = "Roller / Role assignments")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    configure_collection(cfg);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RoleAssignmentQuery {
    /// Only roles held by this organisation (id or slug).
    organisation: Option<String>,
    /// Only this role.
    role: Option<Role>,
    /// Only roles for this building block (id or slug).
    building_block: Option<String>,
    /// Only roles for this base-data domain (id or slug).
    base_data_domain: Option<String>,
    /// Only roles for this competence area (id or slug).
    competence_area: Option<String>,
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

impl RoleAssignmentQuery {
    fn filter(self, node_id: &str) -> Result<role_assignments::Filter> {
        Ok(role_assignments::Filter {
            organisation: self.organisation,
            role: self.role,
            building_block: self.building_block,
            base_data_domain: self.base_data_domain,
            competence_area: self.competence_area,
            origin: super::extract::origin(self.origin, node_id)?,
        })
    }
}
