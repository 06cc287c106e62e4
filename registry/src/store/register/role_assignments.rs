use diesel::prelude::*;
use openapi::{Role, RoleAssignment, RoleAssignmentInput};

use crate::error::{Error, Result};
use crate::store::crud::Crud;
use crate::store::entry::{self, Ctx, Key};
use crate::store::refs;
use crate::store::schema::role_assignments::{self, dsl as t};
use crate::store::{appointments as record, DbConnection};
use domain::appointments::{self, Appointed};
use domain::Errors;

pub const ENTITY: &str = "role-assignments";

stored_row! {
    role_assignments, "role assignment";
    pub struct Row {
        pub organisation_id: String,
        pub role: String,
        pub building_block_id: Option<String>,
        pub base_data_domain_id: Option<String>,
        pub competence_area_id: Option<String>,
        /// The subject's id, or "" for the role without one, so that the uniqueness constraint
        /// also covers that role (NULLs never collide).
        pub subject_key: String,
        /// Where the entry's facts come from (a report and its section).
        pub source: Option<String>,
    }
}

/// An input with its references resolved to ids.
pub struct Resolved {
    role: Role,
    source: Option<String>,
    organisation_id: String,
    building_block_id: Option<String>,
    base_data_domain_id: Option<String>,
    competence_area_id: Option<String>,
}

impl Resolved {
    fn subject_key(&self) -> String {
        self.building_block_id
            .clone()
            .or_else(|| self.base_data_domain_id.clone())
            .or_else(|| self.competence_area_id.clone())
            .unwrap_or_default()
    }
}

row_wire! {
    RoleAssignment;
    /// The entries a page of assignments names, loaded with one query per table.
    pub struct Names {
        organisations: organisations[organisation_id],
        building_blocks: building_blocks[building_block_id],
        base_data_domains: base_data_domains[base_data_domain_id],
        competence_areas: competence_areas[competence_area_id],
    }

    fn to_wire(&self, names: &Names) -> Result<RoleAssignment> {
        Ok(RoleAssignment {
            meta: self.meta()?,
            source: self.source.clone(),
            organisation: refs::one(&names.organisations, &self.organisation_id)?,
            role: entry::parse_enum(&self.role)?,
            building_block: refs::optional(&names.building_blocks, &self.building_block_id)?,
            base_data_domain: refs::optional(&names.base_data_domains, &self.base_data_domain_id)?,
            competence_area: refs::optional(&names.competence_areas, &self.competence_area_id)?,
        })
    }
}

entry_list! {
    role_assignments => RoleAssignment;
    organisation in organisations: String = organisation_id,
    role: Role = role.as_str(),
    building_block in building_blocks: String = building_block_id,
    base_data_domain in base_data_domains: String = base_data_domain_id,
    competence_area in competence_areas: String = competence_area_id,
}

/// Resolves every reference of a shape-checked input, reporting all failures at once.
fn resolve_refs(conn: &mut DbConnection, i: &RoleAssignmentInput) -> Result<Resolved> {
    let mut e = Errors::default();
    let organisation_id = e.take(refs::organisations::resolve(
        conn,
        "organisation",
        &i.organisation,
    ))?;
    let building_block_id = match &i.building_block {
        Some(r) => e.take(refs::building_blocks::resolve(conn, "buildingBlock", r))?,
        None => None,
    };
    let base_data_domain_id = match &i.base_data_domain {
        Some(r) => e.take(refs::base_data_domains::resolve(conn, "baseDataDomain", r))?,
        None => None,
    };
    let competence_area_id = match &i.competence_area {
        Some(r) => e.take(refs::competence_areas::resolve(conn, "competenceArea", r))?,
        None => None,
    };
    e.into_result()?;
    let organisation_id = organisation_id
        .ok_or_else(|| Error::Internal(anyhow::anyhow!("organisation unresolved")))?;
    Ok(Resolved {
        role: i.role,
        source: i.source.clone(),
        organisation_id,
        building_block_id,
        base_data_domain_id,
        competence_area_id,
    })
}

/// The slug of the organisation other than assignment `id` that holds `role` for the subject
/// keyed `subject` ("" for the role without one) on this node, if one does.
fn other_holder(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: &str,
    role: Role,
    subject: &str,
) -> Result<Option<String>> {
    let holder: Option<String> = t::role_assignments
        .select(t::organisation_id)
        .filter(t::origin.eq(ctx.origin()))
        .filter(t::role.eq(role.as_str()))
        .filter(t::subject_key.eq(subject))
        .filter(t::id.ne(id))
        .first(conn)
        .optional()?;
    let Some(holder) = holder else {
        return Ok(None);
    };
    let names = refs::organisations::refs(conn, std::slice::from_ref(&holder))?;
    Ok(Some(refs::one(&names, &holder)?.slug.unwrap_or(holder)))
}

/// The rules that need stored data: an organisation holds a role for a subject once, and
/// the infrastructure has a single owner.
fn check_unique(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: &str,
    r: &Resolved,
    i: &RoleAssignmentInput,
) -> Result<()> {
    let same: i64 = t::role_assignments
        .filter(t::origin.eq(ctx.origin()))
        .filter(t::organisation_id.eq(&r.organisation_id))
        .filter(t::role.eq(r.role.as_str()))
        .filter(t::subject_key.eq(r.subject_key()))
        .filter(t::id.ne(id))
        .count()
        .get_result(conn)?;
    if same > 0 {
        let subject = [&i.building_block, &i.base_data_domain, &i.competence_area]
            .into_iter()
            .flatten()
            .map(|s| format!(" for '{s}'"))
            .collect::<String>();
        return Err(Error::conflict(
            "role",
            format!(
                "'{}' already holds the role {}{subject}",
                i.organisation, r.role
            ),
        ));
    }
    let subject = r.subject_key();
    if let Some(kind) =
        Appointed::of(r.role).filter(|_| !subject.is_empty() && ctx.mirror.is_none())
    {
        if let Some(holder) = other_holder(conn, ctx, id, r.role, &subject)? {
            return Err(Error::conflict(
                "organisation",
                appointments::second_holder_problem(kind, &holder),
            ));
        }
    }
    if r.role == Role::Infrastrukturansvarig {
        if let Some(holder) = other_holder(conn, ctx, id, r.role, "")? {
            return Err(Error::conflict(
                "role",
                format!(
                    "'{holder}' is already the infrastructure owner and there is only one; \
                     change or remove that assignment first"
                ),
            ));
        }
    }
    Ok(())
}

impl Crud for Row {
    type Input = RoleAssignmentInput;
    type Resolved = Resolved;

    fn resolve(
        conn: &mut DbConnection,
        ctx: &Ctx,
        id: &str,
        i: RoleAssignmentInput,
    ) -> Result<Resolved> {
        let r = resolve_refs(conn, &i)?;
        check_unique(conn, ctx, id, &r, &i)?;
        Ok(r)
    }

    fn set(&mut self, r: &Resolved) -> Result<()> {
        self.organisation_id = r.organisation_id.clone();
        self.role = r.role.as_str().to_string();
        self.building_block_id = r.building_block_id.clone();
        self.base_data_domain_id = r.base_data_domain_id.clone();
        self.competence_area_id = r.competence_area_id.clone();
        self.subject_key = r.subject_key();
        self.source = r.source.clone();
        Ok(())
    }

    /// An appointment shows on the entry it is to (`appointments`): there now, and gone from
    /// the entry it was to before, if it moved.
    fn written(&self, conn: &mut DbConnection, ctx: &Ctx, old: Option<&Self>) -> Result<()> {
        if let Some((kind, subject)) = self.appointment() {
            record::project(conn, ctx, kind, subject, None)?;
            let same = old.is_some_and(|o| {
                o.organisation_id == self.organisation_id && o.appointment() == self.appointment()
            });
            if !same && ctx.mirror.is_none() {
                let what = format!("till {}", self.role);
                let scope = (record::scope_kind(kind), subject);
                record::enter(
                    conn,
                    ctx,
                    scope,
                    &self.organisation_id,
                    &what,
                    (ENTITY, &self.id),
                )?;
            }
        }
        if let Some((kind, subject)) = old.and_then(Row::appointment) {
            if Some((kind, subject)) != self.appointment() {
                record::project(conn, ctx, kind, subject, None)?;
            }
        }
        Ok(())
    }

    fn removing(&self, conn: &mut DbConnection, ctx: &Ctx) -> Result<()> {
        match self.appointment() {
            Some((kind, subject)) => record::project(conn, ctx, kind, subject, Some(&self.id)),
            None => Ok(()),
        }
    }
}

impl Row {
    /// The entry this assignment appoints a responsible party to, if it is an appointment.
    fn appointment(&self) -> Option<(Appointed, &str)> {
        let kind = Appointed::of(entry::parse_enum(&self.role).ok()?)?;
        (!self.subject_key.is_empty()).then_some((kind, self.subject_key.as_str()))
    }
}

/// The organisation holding `role`, optionally for one competence area (the first by id).
pub(in crate::store) fn holder(
    conn: &mut DbConnection,
    ctx_node: &str,
    role: Role,
    area: Option<&str>,
) -> Result<Option<String>> {
    use crate::store::schema::role_assignments::dsl as ra;
    let mut q = ra::role_assignments
        .select(ra::organisation_id)
        .filter(ra::role.eq(role.as_str()))
        .filter(ra::origin.eq(ctx_node.to_string()))
        .into_boxed();
    if let Some(a) = area {
        q = q.filter(ra::competence_area_id.eq(a.to_string()));
    }
    Ok(q.order(ra::id).first(conn).optional()?)
}
