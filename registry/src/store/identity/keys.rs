//! The node's signing keys, kept in the database so that every process of the node signs and
//! verifies with the same keys.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::error::Result;
use crate::store::schema::signing_keys;
use crate::store::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = signing_keys)]
pub struct KeyRow {
    pub kid: String,
    pub algorithm: String,
    /// Base64 of the 32-byte Ed25519 seed.
    pub private_key: String,
    /// Base64url of the public key, as the JWK `x`.
    pub public_key: String,
    pub created_at: NaiveDateTime,
    pub retired_at: Option<NaiveDateTime>,
}

/// The keys not retired, newest first; when there are none, `generate` makes one, in the
/// same write transaction, so that processes starting together agree on one key.
pub fn active_or_create(
    conn: &mut DbConnection,
    generate: impl FnOnce() -> Result<KeyRow>,
) -> Result<Vec<KeyRow>> {
    crate::store::write(conn, |c| {
        let keys = active(c)?;
        if !keys.is_empty() {
            return Ok(keys);
        }
        let key = generate()?;
        diesel::insert_into(signing_keys::table)
            .values(&key)
            .execute(c)?;
        Ok(vec![key])
    })
}

pub fn active(conn: &mut DbConnection) -> Result<Vec<KeyRow>> {
    Ok(signing_keys::table
        .filter(signing_keys::retired_at.is_null())
        .select(KeyRow::as_select())
        .order((signing_keys::created_at.desc(), signing_keys::kid.desc()))
        .load(conn)?)
}

/// A key by its id, retired or not (a sealed secret names the key it was sealed with).
pub fn by_kid(conn: &mut DbConnection, kid: &str) -> Result<Option<KeyRow>> {
    Ok(signing_keys::table
        .find(kid)
        .select(KeyRow::as_select())
        .first(conn)
        .optional()?)
}
