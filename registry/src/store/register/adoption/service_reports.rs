//! The suppliers' yearly reports on their shared services: the figures behind indicators 3 to
//! 7 of report 000.

use std::collections::HashMap;

use diesel::prelude::*;
use openapi::{AnswerCount, EntryRef, ServiceReport, ServiceReportInput};

use crate::error::{Error, Result};
use crate::store::crud::Crud;
use crate::store::entry::{self, Ctx, Key};
use crate::store::paging::ToWire;
use crate::store::refs;
use crate::store::schema::service_reports::{self, dsl as t};
use crate::store::DbConnection;

pub const ENTITY: &str = "service-reports";

stored_row! {
    service_reports, "service report";
    pub struct Row {
        pub service_id: String,
        pub year: i32,
        pub units: Option<f64>,
        pub full_cost_sek: Option<f64>,
        pub fee_sek: Option<f64>,
        pub availability_percent: Option<f64>,
        pub satisfaction: Option<f64>,
        /// JSON array of `AnswerCount`.
        pub answers: String,
        pub note: Option<String>,
        /// Where the entry's facts come from (a report and its section).
        pub source: Option<String>,
    }
}

impl Row {
    pub fn answers(&self) -> Result<Vec<AnswerCount>> {
        entry::from_json(&self.answers)
    }
}

impl ToWire for Row {
    type Wire = ServiceReport;
    type Refs = HashMap<String, EntryRef>;

    fn load_refs(conn: &mut DbConnection, rows: &[Row]) -> Result<HashMap<String, EntryRef>> {
        refs::shared_services::refs(conn, &refs::distinct(rows, |r| [&r.service_id]))
    }

    fn to_wire(&self, services: &HashMap<String, EntryRef>) -> Result<ServiceReport> {
        Ok(ServiceReport {
            meta: self.meta()?,
            service: refs::one(services, &self.service_id)?,
            year: self.year,
            units: self.units,
            full_cost_sek: self.full_cost_sek,
            fee_sek: self.fee_sek,
            availability_percent: self.availability_percent,
            satisfaction: self.satisfaction,
            answers: self.answers()?,
            note: self.note.clone(),
            source: self.source.clone(),
        })
    }
}

entry_list! {
    service_reports => ServiceReport;
    /// Id or slug, as the client sent it.
    service in shared_services: String = service_id,
    year: i32 = year,
}

/// A service's report for a year, if there is one.
pub(in crate::store) fn of(
    conn: &mut DbConnection,
    service: &str,
    year: i32,
) -> Result<Option<Row>> {
    Ok(t::service_reports
        .filter(t::service_id.eq(service))
        .filter(t::year.eq(year))
        .select(Row::as_select())
        .first(conn)
        .optional()?)
}

/// The input with its service resolved to an id.
pub struct Resolved {
    input: ServiceReportInput,
    service: String,
}

impl Crud for Row {
    type Input = ServiceReportInput;
    type Resolved = Resolved;

    /// One report per service and year; an availability only for agreed opening hours.
    fn resolve(
        conn: &mut DbConnection,
        _ctx: &Ctx,
        id: &str,
        i: ServiceReportInput,
    ) -> Result<Resolved> {
        let service = refs::shared_services::resolve(conn, "service", &i.service)?;
        refuse_second!(
            conn,
            service_reports,
            id,
            [t::service_id.eq(&service), t::year.eq(i.year)],
            "year",
            format!("the service has a report for {} already", i.year)
        );
        let agreed_hours =
            crate::store::shared_services::row(conn, &Key::Id(service.clone()))?.agreed_hours;
        if let Some(m) =
            domain::adoption::availability_problem(agreed_hours, i.availability_percent)
        {
            return Err(Error::conflict("availabilityPercent", m));
        }
        Ok(Resolved { input: i, service })
    }

    fn set(&mut self, r: &Resolved) -> Result<()> {
        let i = &r.input;
        self.service_id = r.service.clone();
        self.year = i.year;
        self.units = i.units;
        self.full_cost_sek = i.full_cost_sek;
        self.fee_sek = i.fee_sek;
        self.availability_percent = i.availability_percent;
        self.satisfaction = i.satisfaction;
        self.answers = entry::to_json(&i.answers)?;
        self.note = i.note.clone();
        self.source = i.source.clone();
        Ok(())
    }
}
