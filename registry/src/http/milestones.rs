use crate::error::{Error, Result};
use crate::store::milestones;
use domain::identifiers::Quarter;
use openapi::{Milestone, MilestoneInput, WorkStatus};

collection! {
    milestones: Milestone, MilestoneInput, MilestoneQuery at "milestones" by id;
    rights: stored::milestone, proposed::milestone;
    list: "Milstolpar / list milestones",
    get: "En milstolpe / get one milestone by id",
    create: "Skapa milstolpe / create a milestone",
    replace: "Ersätt milstolpe / replace a milestone (If-Match required)",
    delete: "Ta bort milstolpe / delete a milestone (If-Match required)",
}

only_the_collection!(tag "milestones": "Milstolpar / Milestones");

list_query! {
    pub struct MilestoneQuery {
        /// Only milestones of this plan (id or slug).
        plan: Option<String>,
        /// Only milestones with this status.
        status: Option<WorkStatus>,
        /// Only milestones due in this quarter (`YYYY-QN`).
        #[param(example = "2021-Q3", pattern = r"^(19|[2-9][0-9])[0-9]{2}-Q[1-4]$")]
        due: Option<String>,
        /// Only milestones of this area (exact text).
        area: Option<String>,
        /// Only late milestones (past their quarter and not done, as of today), or with `false`
        /// only those that are not late.
        late: Option<bool>,
        ..origin,
        ..page
    }
}

impl MilestoneQuery {
    fn filter(self, node_id: &str) -> Result<milestones::Filter> {
        let due = self
            .due
            .as_deref()
            .map(|d| d.parse::<Quarter>().map_err(|p| Error::field("due", p)))
            .transpose()?;
        Ok(milestones::Filter {
            plan: self.plan,
            status: self.status,
            due,
            area: self.area,
            late: self.late,
            origin: super::extract::origin(self.origin, node_id)?,
        })
    }
}
