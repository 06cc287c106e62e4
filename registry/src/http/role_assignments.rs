use crate::store::role_assignments;
use openapi::{Role, RoleAssignment, RoleAssignmentInput};

collection! {
    role_assignments: RoleAssignment, RoleAssignmentInput, RoleAssignmentQuery
        at "role-assignments" by id;
    rights: stored::register, proposed::none;
    list: "Roller / list role assignments (a reference to no entry gives an empty list)",
    get: "En roll / get one role assignment by id",
    create: "Tilldela roll / assign a role (409 when held already, or for a second infrastructure owner)",
    replace: "Ersätt roll / replace a role assignment (If-Match required)",
    delete: "Ta bort roll / remove a role assignment (If-Match required)",
}

only_the_collection!(tag "role-assignments": "Roller / Role assignments");

list_query! {
    pub struct RoleAssignmentQuery => role_assignments::Filter {
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
        ..origin,
        ..page
    }
}
