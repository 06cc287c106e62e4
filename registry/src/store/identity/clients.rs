//! OAuth2 clients of the built-in issuer. Only the Argon2id hash of a secret is kept.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::error::{Error, Result};
use crate::store::schema::{oauth_clients, organisations};
use crate::store::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = oauth_clients)]
pub struct ClientRow {
    pub id: String,
    pub name: String,
    pub organisation_id: Option<String>,
    pub operator: bool,
    pub secret_hash: String,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

/// A client as `registry clients list` shows it (never the hash).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientInfo {
    pub client_id: String,
    pub name: String,
    /// The organisation's slug, for clients acting for one.
    pub organisation: Option<String>,
    pub operator: bool,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &ClientRow) -> Result<()> {
    crate::store::write(conn, |c| {
        diesel::insert_into(oauth_clients::table)
            .values(row)
            .execute(c)?;
        Ok(())
    })
}

/// The client with this id, revoked or not.
pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<ClientRow>> {
    Ok(oauth_clients::table
        .find(id)
        .select(ClientRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn list(conn: &mut DbConnection) -> Result<Vec<ClientInfo>> {
    let rows: Vec<(ClientRow, Option<String>)> = oauth_clients::table
        .left_join(organisations::table)
        .select((ClientRow::as_select(), organisations::slug.nullable()))
        .order(oauth_clients::created_at)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(r, slug)| ClientInfo {
            client_id: r.id,
            name: r.name,
            organisation: slug,
            operator: r.operator,
            created_at: r.created_at,
            revoked_at: r.revoked_at,
        })
        .collect())
}

/// Revokes a client: it gets no new tokens, and tokens it holds stop working at once.
pub fn revoke(conn: &mut DbConnection, id: &str) -> Result<()> {
    crate::store::write(conn, |c| {
        let n = diesel::update(oauth_clients::table.find(id))
            .filter(oauth_clients::revoked_at.is_null())
            .set(oauth_clients::revoked_at.eq(crate::store::entry::now()))
            .execute(c)?;
        if n == 0 && find(c, id)?.is_none() {
            return Err(Error::not_found("client", id));
        }
        Ok(())
    })
}

/// Every client, for backup.
pub fn all(conn: &mut DbConnection) -> Result<Vec<ClientRow>> {
    Ok(oauth_clients::table
        .select(ClientRow::as_select())
        .order(oauth_clients::created_at)
        .load(conn)?)
}
