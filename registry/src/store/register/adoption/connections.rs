//! Connections to shared services (report 000): an organisation's steps from expression of
//! interest to connected and left, each dated.

use diesel::prelude::*;
use openapi::{Connection, ConnectionInput, ConnectionStep, InterestInput};

use crate::error::{Error, Result};
use crate::store::crud::Crud;
use crate::store::entry::{Ctx, Key};
use crate::store::refs;
use crate::store::schema::connections::{self, dsl as t};
use crate::store::DbConnection;
use domain::adoption::Steps;

pub const ENTITY: &str = "connections";

stored_row! {
    connections, "connection";
    pub struct Row {
        pub service_id: String,
        pub organisation_id: String,
        pub interest_on: Option<chrono::NaiveDate>,
        pub agreement_on: Option<chrono::NaiveDate>,
        pub connected_on: Option<chrono::NaiveDate>,
        pub left_on: Option<chrono::NaiveDate>,
        pub note: Option<String>,
        /// Where the entry's facts come from (a report and its section).
        pub source: Option<String>,
    }
}

impl Row {
    pub fn steps(&self) -> Steps {
        Steps {
            interest: self.interest_on,
            agreement: self.agreement_on,
            connected: self.connected_on,
            left: self.left_on,
        }
    }
}

row_wire! {
    Connection;
    /// The services and organisations a page of connections names.
    pub struct Named {
        services: shared_services[service_id],
        organisations: organisations[organisation_id],
    }

    fn to_wire(&self, n: &Named) -> Result<Connection> {
        Ok(Connection {
            meta: self.meta()?,
            service: refs::one(&n.services, &self.service_id)?,
            organisation: refs::one(&n.organisations, &self.organisation_id)?,
            // Every stored connection has a dated step (`Steps::problems`).
            step: self
                .steps()
                .step()
                .unwrap_or(ConnectionStep::Intresseanmalan),
            interest_on: self.interest_on,
            agreement_on: self.agreement_on,
            connected_on: self.connected_on,
            left_on: self.left_on,
            note: self.note.clone(),
            source: self.source.clone(),
        })
    }
}

entry_list! {
    connections => Connection;
    /// Id or slug, as the client sent it.
    service in shared_services: String = service_id,
    /// Id or slug, as the client sent it.
    organisation in organisations: String = organisation_id,
    /// The step is the latest dated one.
    step: ConnectionStep => |query, step| match step {
        ConnectionStep::Lamnat => query.filter(t::left_on.is_not_null()),
        ConnectionStep::Ansluten => query
            .filter(t::connected_on.is_not_null())
            .filter(t::left_on.is_null()),
        ConnectionStep::Samverkansoverenskommelse => query
            .filter(t::agreement_on.is_not_null())
            .filter(t::connected_on.is_null()),
        ConnectionStep::Intresseanmalan => query
            .filter(t::interest_on.is_not_null())
            .filter(t::agreement_on.is_null()),
    },
}

/// Every connection to these services.
pub(in crate::store) fn to_services(
    conn: &mut DbConnection,
    services: &[String],
) -> Result<Vec<Row>> {
    Ok(t::connections
        .filter(t::service_id.eq_any(services))
        .order(t::id)
        .select(Row::as_select())
        .load(conn)?)
}

/// An organisation's own expression of interest in a service (000 §2.1.1): a connection at
/// its first step, which the supplier carries on from. One connection per service and
/// organisation, so an organisation with one already is told so.
pub fn interest(
    conn: &mut DbConnection,
    ctx: &Ctx,
    service: &Key,
    organisation: &str,
    i: InterestInput,
) -> Result<Connection> {
    let service = refs::shared_services::find_id(conn, service)?
        .ok_or_else(|| Error::not_found("shared service", service.as_str()))?;
    Row::create(
        conn,
        ctx,
        ConnectionInput {
            service,
            organisation: organisation.to_string(),
            interest_on: Some(i.interest_on),
            agreement_on: None,
            connected_on: None,
            left_on: None,
            note: i.note,
            source: None,
        },
    )
}

/// The input with its service and organisation resolved to ids.
pub struct Resolved {
    input: ConnectionInput,
    service: String,
    organisation: String,
}

impl Crud for Row {
    type Input = ConnectionInput;
    type Resolved = Resolved;

    /// One connection per service and organisation: it moves through its steps.
    fn resolve(
        conn: &mut DbConnection,
        _ctx: &Ctx,
        id: &str,
        i: ConnectionInput,
    ) -> Result<Resolved> {
        let service = refs::shared_services::resolve(conn, "service", &i.service)?;
        let organisation = refs::organisations::resolve(conn, "organisation", &i.organisation)?;
        refuse_second!(
            conn,
            connections,
            id,
            [
                t::service_id.eq(&service),
                t::organisation_id.eq(&organisation)
            ],
            "organisation",
            "the organisation has a connection to the service already: its steps are \
             recorded on that one"
        );
        Ok(Resolved {
            input: i,
            service,
            organisation,
        })
    }

    fn set(&mut self, r: &Resolved) -> Result<()> {
        let i = &r.input;
        self.service_id = r.service.clone();
        self.organisation_id = r.organisation.clone();
        self.interest_on = i.interest_on;
        self.agreement_on = i.agreement_on;
        self.connected_on = i.connected_on;
        self.left_on = i.left_on;
        self.note = i.note.clone();
        self.source = i.source.clone();
        Ok(())
    }
}
