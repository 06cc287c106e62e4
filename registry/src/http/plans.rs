use crate::store::plans;
use openapi::{Plan, PlanInput, PlanKind, ScopeKind};

collection! {
    plans: Plan, PlanInput, PlanQuery at "plans" by id or slug;
    rights: stored::plan, proposed::plan;
    list: "Planer / list roadmaps and milestone plans",
    get: "En plan / get one plan by id or slug",
    create: "Skapa plan / create a plan",
    replace: "Ersätt plan / replace a plan (If-Match required)",
    delete: "Ta bort plan / delete a plan (If-Match required; refused while it has milestones)",
}

only_the_collection!(tag "plans": "Färdplaner och milstolpeplaner / Roadmaps and milestone plans");

list_query! {
    pub struct PlanQuery => plans::Filter {
        /// Only plans of this kind.
        kind: Option<PlanKind>,
        /// Only plans with this kind of scope.
        scope_kind: Option<ScopeKind>,
        ..origin,
        /// Part of the name or slug.
        q: Option<String>,
        ..page
    }
}
