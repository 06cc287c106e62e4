//! Each year's denominators of indicators 1 and 2 (report 000 §2): how many state agencies and
//! preparedness agencies there were. Stored per year, so a new year is an entry, not a release.

use diesel::prelude::*;
use openapi::{IndicatorYear, IndicatorYearInput};

use crate::error::Result;
use crate::store::crud::Crud;
use crate::store::entry::{Ctx, Key};
use crate::store::schema::indicator_years::{self, dsl as t};
use crate::store::DbConnection;

pub const ENTITY: &str = "indicator-years";

stored_row! {
    indicator_years, "indicator year";
    pub struct Row {
        pub year: i32,
        pub state_agencies: i64,
        pub preparedness_agencies: i64,
        /// Where the entry's facts come from (a report and its section).
        pub source: Option<String>,
    }
}

row_wire! {
    IndicatorYear;
    names nothing;

    fn to_wire(&self, _: &()) -> Result<IndicatorYear> {
        Ok(IndicatorYear {
            meta: self.meta()?,
            year: self.year,
            state_agencies: self.state_agencies,
            preparedness_agencies: self.preparedness_agencies,
            source: self.source.clone(),
        })
    }
}

entry_list! {
    indicator_years => IndicatorYear;
    year: i32 = year,
}

/// Every year's denominators: (state agencies, preparedness agencies) by year. Where mirrors
/// hold the same year from several nodes, this node's own counts.
pub(in crate::store) fn by_year(
    conn: &mut DbConnection,
) -> Result<std::collections::HashMap<i32, (i64, i64)>> {
    let rows: Vec<(i32, i64, i64)> = t::indicator_years
        .select((t::year, t::state_agencies, t::preparedness_agencies))
        .order(ours_first!(t::origin).desc())
        .load(conn)?;
    Ok(rows.into_iter().map(|(y, s, p)| (y, (s, p))).collect())
}

impl Crud for Row {
    type Input = IndicatorYearInput;
    type Resolved = IndicatorYearInput;

    /// One entry per year (of this node's own).
    fn resolve(
        conn: &mut DbConnection,
        ctx: &Ctx,
        id: &str,
        i: IndicatorYearInput,
    ) -> Result<IndicatorYearInput> {
        refuse_second!(
            conn,
            indicator_years,
            id,
            [t::origin.eq(ctx.origin()), t::year.eq(i.year)],
            "year",
            format!("the denominators of {} are stored already", i.year)
        );
        Ok(i)
    }

    fn set(&mut self, i: &IndicatorYearInput) -> Result<()> {
        self.year = i.year;
        self.state_agencies = i.state_agencies;
        self.preparedness_agencies = i.preparedness_agencies;
        self.source = i.source.clone();
        Ok(())
    }
}
