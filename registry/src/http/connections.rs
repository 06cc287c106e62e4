use openapi::{Connection, ConnectionInput, ConnectionStep};

use crate::store::connections;

collection! {
    connections: Connection, ConnectionInput, ConnectionQuery at "connections" in "adoption" by id;
    rights: stored::connection, proposed::connection;
    list: "Anslutningar / list connections to shared services",
    get: "En anslutning / get one connection by id",
    create: "Skapa anslutning / record a connection (the service's supplier)",
    replace: "Ersätt anslutning / replace a connection: its next step (If-Match required)",
    delete: "Ta bort anslutning / delete a connection (If-Match required)",
}

only_the_collection!();

list_query! {
    pub struct ConnectionQuery => connections::Filter {
        /// Only connections to this shared service (id or slug).
        service: Option<String>,
        /// Only this organisation's connections (id or slug).
        organisation: Option<String>,
        /// Only connections at this step (the latest dated).
        step: Option<ConnectionStep>,
        ..origin,
        ..page
    }
}
