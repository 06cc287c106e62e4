use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use openapi::{EntryRef, Milestone, MilestoneInput, MilestoneMove, WorkStatus};

use crate::error::{Error, Result};
use crate::store::crud::Crud;
use crate::store::entry::{self, Ctx, Key};
use crate::store::paging::ToWire;
use crate::store::schema::milestone_moves::dsl as mv;
use crate::store::schema::milestones::{self, dsl as t};
use crate::store::{refs, DbConnection};
use domain::identifiers::Quarter;
use domain::plans;

pub const ENTITY: &str = "milestones";

stored_row! {
    milestones, "milestone";
    pub struct Row {
        pub plan_id: String,
        pub number: i32,
        pub description: String,
        pub due: String,
        pub done_criteria: String,
        pub area: String,
        pub responsible: String,
        pub status: String,
    }
}

/// Today in UTC, what "late" is measured against.
fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

type Moves = HashMap<String, Vec<MilestoneMove>>;

/// A move of the due quarter, as stored (and as backed up).
#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = crate::store::schema::milestone_moves)]
pub struct MoveRow {
    pub id: String,
    pub milestone_id: String,
    pub from_due: String,
    pub to_due: String,
    pub moved_at: NaiveDateTime,
}

fn load_moves(conn: &mut DbConnection, ids: &[&str]) -> Result<Moves> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<MoveRow> = mv::milestone_moves
        .filter(mv::milestone_id.eq_any(ids))
        .order(mv::id)
        .select(MoveRow::as_select())
        .load(conn)?;
    let mut out: Moves = HashMap::new();
    for r in rows {
        out.entry(r.milestone_id).or_default().push(MilestoneMove {
            from_due: r.from_due,
            to_due: r.to_due,
            moved_at: chrono::DateTime::from_naive_utc_and_offset(r.moved_at, chrono::Utc),
        });
    }
    Ok(out)
}

impl ToWire for Row {
    type Wire = Milestone;
    /// The plans and moves of the page.
    type Refs = (HashMap<String, EntryRef>, Moves);

    fn load_refs(conn: &mut DbConnection, rows: &[Row]) -> Result<Self::Refs> {
        let plan_ids: Vec<String> = rows.iter().map(|r| r.plan_id.clone()).collect();
        let plans = refs::plans::refs(conn, &plan_ids)?;
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        Ok((plans, load_moves(conn, &ids)?))
    }

    fn to_wire(&self, (plans, moves): &Self::Refs) -> Result<Milestone> {
        let status: WorkStatus = entry::parse_enum(&self.status)?;
        let late = match self.due.parse::<Quarter>() {
            Ok(due) => plans::is_late(due, status, today()),
            Err(_) => false,
        };
        Ok(Milestone {
            meta: self.meta()?,
            plan: refs::one(plans, &self.plan_id)?,
            number: self.number,
            description: self.description.clone(),
            due: self.due.clone(),
            done_criteria: self.done_criteria.clone(),
            area: self.area.clone(),
            responsible: self.responsible.clone(),
            status,
            late,
            moves: moves.get(&self.id).cloned().unwrap_or_default(),
        })
    }
}

entry_list! {
    milestones => Milestone;
    /// Id or slug of the plan.
    plan in plans: String = plan_id,
    status: WorkStatus = status.as_str(),
    due: Quarter = due.to_string(),
    area: String = area,
    /// Only late milestones (true: past their quarter and not done), or only those that are not.
    late: bool => |query, late| {
        // Quarters are stored as `YYYY-QN`, which sort as text in time order.
        let current = plans::quarter_of(today()).to_string();
        let done = WorkStatus::Klar.as_str();
        if *late {
            query.filter(t::due.lt(current).and(t::status.ne(done)))
        } else {
            query.filter(t::due.ge(current).or(t::status.eq(done)))
        }
    },
}

impl Crud for Row {
    type Input = MilestoneInput;
    /// The input and its plan's id.
    type Resolved = (MilestoneInput, String);

    /// One milestone of each number in a plan.
    fn resolve(
        conn: &mut DbConnection,
        _ctx: &Ctx,
        id: &str,
        i: MilestoneInput,
    ) -> Result<(MilestoneInput, String)> {
        let plan_id = refs::plans::resolve(conn, "plan", &i.plan)?;
        let same_number: i64 = t::milestones
            .filter(t::plan_id.eq(&plan_id))
            .filter(t::number.eq(i.number))
            .filter(t::id.ne(id))
            .count()
            .get_result(conn)?;
        if same_number > 0 {
            return Err(Error::conflict(
                "number",
                format!("the plan already has a milestone number {}", i.number),
            ));
        }
        Ok((i, plan_id))
    }

    fn set(&mut self, (i, plan_id): &(MilestoneInput, String)) -> Result<()> {
        let i = i.clone();
        self.plan_id = plan_id.clone();
        self.number = i.number;
        self.description = i.description;
        self.due = i.due;
        self.done_criteria = i.done_criteria;
        self.area = i.area;
        self.responsible = i.responsible;
        self.status = i.status.as_str().to_string();
        Ok(())
    }

    /// A living plan keeps the history of its moves.
    fn replaced(&self, conn: &mut DbConnection, old: &Row) -> Result<()> {
        if plans::is_move(&old.due, &self.due) {
            diesel::insert_into(mv::milestone_moves)
                .values(&MoveRow {
                    id: entry::new_id(),
                    milestone_id: self.id.clone(),
                    from_due: old.due.clone(),
                    to_due: self.due.clone(),
                    moved_at: self.updated_at,
                })
                .execute(conn)?;
        }
        Ok(())
    }
}

/// Sets a mirrored milestone's history of moves to its origin's, which a mirror that skipped
/// a version (or got it late) could not rebuild from the versions it applied.
pub fn mirror_moves(conn: &mut DbConnection, id: &str, moves: &[MilestoneMove]) -> Result<()> {
    diesel::delete(mv::milestone_moves.filter(mv::milestone_id.eq(id))).execute(conn)?;
    for m in moves {
        diesel::insert_into(mv::milestone_moves)
            .values(&MoveRow {
                id: entry::new_id(),
                milestone_id: id.to_string(),
                from_due: m.from_due.clone(),
                to_due: m.to_due.clone(),
                moved_at: m.moved_at.naive_utc(),
            })
            .execute(conn)?;
    }
    Ok(())
}

/// The input that would store the milestone as it is (its plan by id): what an edit starts from.
pub fn to_input(m: &Milestone) -> MilestoneInput {
    MilestoneInput {
        plan: m.plan.id.to_string(),
        number: m.number,
        description: m.description.clone(),
        due: m.due.clone(),
        done_criteria: m.done_criteria.clone(),
        area: m.area.clone(),
        responsible: m.responsible.clone(),
        status: m.status,
    }
}
