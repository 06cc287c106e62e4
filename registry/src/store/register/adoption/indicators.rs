//! Statskontoret's seven indicators for a shared service and a year, and a building block's
//! adoption over time (report 000), computed from the connections, the suppliers' reports and
//! the years' denominators. The arithmetic is `domain::adoption`'s.

use std::collections::HashMap;

use chrono::Datelike;
use diesel::prelude::*;
use openapi::{Adoption, AdoptionPoint, AdoptionYear, Indicators, OrganisationKind};

use crate::error::{Error, Result};
use crate::store::refs;
use crate::store::schema::organisations::dsl as o;
use crate::store::{connections, indicator_years, service_reports, shared_services};
use crate::store::{entry, DbConnection, Key};
use domain::adoption::{self as rules, Connected};

/// Whether each organisation is a state agency and a preparedness agency.
fn kinds(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, (bool, bool)>> {
    let rows: Vec<(String, String, bool)> = o::organisations
        .select((o::id, o::kind, o::preparedness_agency))
        .filter(o::id.eq_any(ids))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, kind, preparedness)| {
            let kind: OrganisationKind = entry::parse_enum(&kind)?;
            Ok((
                id,
                (kind == OrganisationKind::StatligMyndighet, preparedness),
            ))
        })
        .collect()
}

/// The seven indicators of one service for one year (000): 1 and 2 from the connections at
/// the year's end over the year's denominators, 3 to 7 from the supplier's report (5 against
/// the year before's).
pub fn indicators(conn: &mut DbConnection, key: &Key, year: i32) -> Result<Indicators> {
    let row = shared_services::row(conn, key)?;
    let service = row.id.clone();
    let service_ref = refs::one(
        &refs::shared_services::refs(conn, std::slice::from_ref(&service))?,
        &service,
    )?;
    let end = rules::year_end(year)
        .ok_or_else(|| Error::internal(anyhow::anyhow!("a year without an end")))?;
    let rows = connections::to_services(conn, std::slice::from_ref(&service))?;
    let connected: Vec<&connections::Row> = rows
        .iter()
        .filter(|r| r.steps().connected_on(end))
        .collect();
    let ids: Vec<String> = connected
        .iter()
        .map(|r| r.organisation_id.clone())
        .collect();
    let kinds = kinds(conn, &ids)?;
    let count = |f: fn(&(bool, bool)) -> bool| {
        connected
            .iter()
            .filter(|r| kinds.get(&r.organisation_id).is_some_and(f))
            .count() as i64
    };
    let denominators = indicator_years::by_year(conn)?.get(&year).copied();
    let report = service_reports::of(conn, &service, year)?;
    let before = service_reports::of(conn, &service, year - 1)?;
    let answers = match &report {
        Some(r) => rules::published_answers(&r.answers()?),
        None => Vec::new(),
    };
    let r = report.as_ref();
    Ok(Indicators {
        service: service_ref,
        year,
        baseline_year: rules::BASELINE_YEAR,
        state_agencies: rules::share(count(|k| k.0), denominators.map(|d| d.0)),
        preparedness_agencies: rules::share(count(|k| k.1), denominators.map(|d| d.1)),
        units: r.and_then(|r| r.units),
        unit: row.unit,
        full_cost_per_unit_sek: r.and_then(|r| rules::cost_per_unit(r.full_cost_sek, r.units)),
        fee_change_percent: rules::fee_change(
            before.and_then(|b| b.fee_sek),
            r.and_then(|r| r.fee_sek),
        ),
        availability_percent: r
            .and_then(|r| r.availability_percent)
            .filter(|_| row.agreed_hours),
        satisfaction: r.and_then(|r| r.satisfaction),
        answers,
    })
}

/// A building block's adoption: the organisations connected to the services it is, at every
/// change and at each year's end from the first connection to `this_year`.
pub fn adoption(conn: &mut DbConnection, key: &Key, this_year: i32) -> Result<Adoption> {
    let block = refs::building_blocks::find_id(conn, key)?
        .ok_or_else(|| Error::not_found("building block", key.as_str()))?;
    let block_ref = refs::one(
        &refs::building_blocks::refs(conn, std::slice::from_ref(&block))?,
        &block,
    )?;
    let services = shared_services::of_block(conn, &block)?;
    let service_ids: Vec<String> = services.iter().map(|s| s.id.clone()).collect();
    let rows = connections::to_services(conn, &service_ids)?;
    let ids = refs::distinct(&rows, |r| [&r.organisation_id]);
    let kinds = kinds(conn, &ids)?;
    let all: Vec<Connected> = rows
        .iter()
        .map(|r| Connected {
            organisation: &r.organisation_id,
            state_agency: kinds.get(&r.organisation_id).is_some_and(|k| k.0),
            steps: r.steps(),
        })
        .collect();
    let points: Vec<AdoptionPoint> = rules::change_days(&all)
        .into_iter()
        .map(|date| {
            let (organisations, state_agencies) = rules::connected_count(&all, date);
            AdoptionPoint {
                date,
                state_agencies,
                organisations,
            }
        })
        .collect();
    let denominators = indicator_years::by_year(conn)?;
    let first = points.first().map(|p| p.date.year()).unwrap_or(this_year);
    let mut years = Vec::new();
    for year in first..=this_year.max(first) {
        let Some(end) = rules::year_end(year) else {
            continue;
        };
        let (organisations, state) = rules::connected_count(&all, end);
        years.push(AdoptionYear {
            year,
            state_agencies: rules::share(state, denominators.get(&year).map(|d| d.0)),
            organisations,
        });
    }
    let named = refs::shared_services::refs(conn, &service_ids)?;
    let service_refs = service_ids
        .iter()
        .map(|id| refs::one(&named, id))
        .collect::<Result<_>>()?;
    Ok(Adoption {
        building_block: block_ref,
        services: service_refs,
        points,
        years,
    })
}
