use crate::error::Result;
use crate::store::plans;
use actix_web::web;
use openapi::{Plan, PlanInput, PlanKind, ScopeKind};
use serde::Deserialize;
use utoipa::IntoParams;

collection! {
    store: plans,
    resource: Plans,
    stored: crate::store::authz::stored::plan,
    proposed: crate::store::authz::proposed::plan,
    segment: "plans",
    tag: "plans",
    wire: Plan,
    input: PlanInput,
    query: PlanQuery,
    key: "Id eller slug / Id or slug",
    list: "Planer / list roadmaps and milestone plans",
    get: "En plan / get one plan by id or slug",
    create: "Skapa plan / create a plan",
    replace: "Ersätt plan / replace a plan (If-Match required)",
    delete: "Ta bort plan / delete a plan (If-Match required; refused while it has milestones)",
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get_one, create, replace, remove),
    tags((name = "plans", description = "Färdplaner och milstolpeplaner / Roadmaps and milestone plans")))]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    configure_collection(cfg);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    /// Only plans of this kind.
    kind: Option<PlanKind>,
    /// Only plans with this kind of scope.
    scope_kind: Option<ScopeKind>,
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

impl PlanQuery {
    fn filter(self, node_id: &str) -> Result<plans::Filter> {
        Ok(plans::Filter {
            kind: self.kind,
            scope_kind: self.scope_kind,
            q: self.q,
            origin: super::extract::origin(self.origin, node_id)?,
        })
    }
}
