//! The catalogues organisations publish themselves, which the register harvests
//! (`crate::catalog::harvest`), with how the last harvest went.

use chrono::{Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use openapi::{CatalogImportReport, CatalogSource, CatalogSourceInput};

use crate::error::{Error, Result};
use crate::store::entry;
use crate::store::schema::catalog_sources as s;
use crate::store::DbConnection;

type Row = (
    String,
    String,
    i32,
    bool,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<String>,
    Option<String>,
);

fn wire(conn: &mut DbConnection, r: Row) -> Result<CatalogSource> {
    let (organisation_id, url, interval_hours, withdraw_missing, next, last, report, error) = r;
    let orgs =
        crate::store::refs::organisations::refs(conn, std::slice::from_ref(&organisation_id))?;
    Ok(CatalogSource {
        organisation: crate::store::refs::one(&orgs, &organisation_id)?,
        url,
        interval_hours,
        withdraw_missing,
        next_run: next.and_utc(),
        last_run: last.map(|t| t.and_utc()),
        last_report: report.as_deref().map(entry::from_json).transpose()?,
        last_error: error,
    })
}

fn row(conn: &mut DbConnection, organisation_id: &str) -> Result<Option<Row>> {
    Ok(s::table
        .filter(s::organisation_id.eq(organisation_id))
        .first(conn)
        .optional()?)
}

pub fn get(conn: &mut DbConnection, organisation_id: &str) -> Result<CatalogSource> {
    let r = row(conn, organisation_id)?
        .ok_or_else(|| Error::not_found("catalogue source", organisation_id))?;
    wire(conn, r)
}

/// Registers or changes the organisation's source; the first harvest is due at once.
pub fn put(
    conn: &mut DbConnection,
    organisation_id: &str,
    i: &CatalogSourceInput,
) -> Result<CatalogSource> {
    let now = Utc::now().naive_utc();
    crate::store::write(conn, |conn| {
        match row(conn, organisation_id)? {
            Some(old) => {
                // A new URL or interval is harvested at once; otherwise the schedule stands.
                let next = if old.1 == i.url && old.2 == i.interval_hours {
                    old.4
                } else {
                    now
                };
                diesel::update(s::table.filter(s::organisation_id.eq(organisation_id)))
                    .set((
                        s::url.eq(&i.url),
                        s::interval_hours.eq(i.interval_hours),
                        s::withdraw_missing.eq(i.withdraw_missing),
                        s::next_run.eq(next),
                    ))
                    .execute(conn)?;
            }
            None => {
                diesel::insert_into(s::table)
                    .values((
                        s::organisation_id.eq(organisation_id),
                        s::url.eq(&i.url),
                        s::interval_hours.eq(i.interval_hours),
                        s::withdraw_missing.eq(i.withdraw_missing),
                        s::next_run.eq(now),
                    ))
                    .execute(conn)?;
            }
        }
        get(conn, organisation_id)
    })
}

pub fn delete(conn: &mut DbConnection, organisation_id: &str) -> Result<()> {
    let n =
        diesel::delete(s::table.filter(s::organisation_id.eq(organisation_id))).execute(conn)?;
    if n == 0 {
        return Err(Error::not_found("catalogue source", organisation_id));
    }
    Ok(())
}

/// The sources due at `now`: (organisation id, URL, withdraw missing).
pub fn due(conn: &mut DbConnection, now: NaiveDateTime) -> Result<Vec<(String, String, bool)>> {
    Ok(s::table
        .filter(s::next_run.le(now))
        .select((s::organisation_id, s::url, s::withdraw_missing))
        .order(s::next_run)
        .load(conn)?)
}

/// Records a harvest run at `at` and when the next is due.
pub fn record(
    conn: &mut DbConnection,
    organisation_id: &str,
    at: NaiveDateTime,
    outcome: std::result::Result<&CatalogImportReport, &str>,
) -> Result<()> {
    let Some(old) = row(conn, organisation_id)? else {
        return Ok(()); // removed while it ran
    };
    let (report, error) = match outcome {
        Ok(r) => (Some(entry::to_json(r)?), None),
        Err(e) => (None, Some(e.to_string())),
    };
    diesel::update(s::table.filter(s::organisation_id.eq(organisation_id)))
        .set((
            s::last_run.eq(at),
            s::next_run.eq(at + Duration::hours(i64::from(old.2))),
            s::last_report.eq(report),
            s::last_error.eq(error),
        ))
        .execute(conn)?;
    Ok(())
}
