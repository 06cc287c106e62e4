//! People's accounts of the built-in issuer and the web interface's sessions. Secrets (the
//! password, the setup token, the session token) are kept only as hashes; hashing and
//! comparing them is the caller's (`auth::secrets`, `ui::session`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::error::{Error, Result};
use crate::store::schema::{accounts, organisations, sessions};
use crate::store::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = accounts)]
pub struct AccountRow {
    pub id: String,
    pub email: String,
    pub organisation_id: String,
    pub password_hash: Option<String>,
    pub setup_token_hash: Option<String>,
    pub setup_expires_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub disabled_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub token_hash: String,
    pub subject: String,
    pub organisation_id: String,
    pub account_id: Option<String>,
    pub csrf_token: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// Emails compare without regard to case or surrounding space.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub fn insert(conn: &mut DbConnection, row: &AccountRow) -> Result<()> {
    crate::store::write(conn, |c| {
        let taken = accounts::table
            .filter(accounts::email.eq(&row.email))
            .count()
            .get_result::<i64>(c)?
            > 0;
        if taken {
            return Err(Error::Conflict {
                detail: format!("an account with the email '{}' exists", row.email),
                errors: vec![openapi::FieldError {
                    field: "email".into(),
                    message: "is taken".into(),
                }],
            });
        }
        diesel::insert_into(accounts::table)
            .values(row)
            .execute(c)?;
        Ok(())
    })
}

pub fn by_email(conn: &mut DbConnection, email: &str) -> Result<Option<AccountRow>> {
    Ok(accounts::table
        .filter(accounts::email.eq(normalise_email(email)))
        .filter(accounts::disabled_at.is_null())
        .select(AccountRow::as_select())
        .first(conn)
        .optional()?)
}

/// The account whose unexpired setup token has this hash (a SHA-256: the token is 256 random
/// bits, so a fast hash is as safe as a slow one, and it can be looked up).
pub fn by_setup_token(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<Option<AccountRow>> {
    Ok(accounts::table
        .filter(accounts::setup_token_hash.eq(token_hash))
        .filter(accounts::setup_expires_at.gt(now))
        .filter(accounts::disabled_at.is_null())
        .select(AccountRow::as_select())
        .first(conn)
        .optional()?)
}

/// Sets the password and ends the setup token: a link works once.
pub fn set_password(conn: &mut DbConnection, id: &str, hash: &str) -> Result<()> {
    crate::store::write(conn, |c| {
        diesel::update(accounts::table.find(id))
            .set((
                accounts::password_hash.eq(hash),
                accounts::setup_token_hash.eq(None::<String>),
                accounts::setup_expires_at.eq(None::<NaiveDateTime>),
            ))
            .execute(c)?;
        // Sessions begun with the old password end with it.
        diesel::delete(sessions::table.filter(sessions::account_id.eq(id))).execute(c)?;
        Ok(())
    })
}

/// Every account, for backups (hashes only).
pub fn all(conn: &mut DbConnection) -> Result<Vec<AccountRow>> {
    Ok(accounts::table
        .select(AccountRow::as_select())
        .order(accounts::created_at)
        .load(conn)?)
}

/// Accounts as `registry users list` shows them: email, organisation slug, whether a
/// password is set, created, disabled.
pub fn list(conn: &mut DbConnection) -> Result<Vec<(AccountRow, String)>> {
    Ok(accounts::table
        .inner_join(organisations::table)
        .select((AccountRow::as_select(), organisations::slug))
        .order(accounts::created_at)
        .load(conn)?)
}

pub fn insert_session(conn: &mut DbConnection, row: &SessionRow) -> Result<()> {
    crate::store::write(conn, |c| {
        // Expired sessions go whenever a new one begins, so the table stays small.
        diesel::delete(sessions::table.filter(sessions::expires_at.le(row.created_at)))
            .execute(c)?;
        diesel::insert_into(sessions::table)
            .values(row)
            .execute(c)?;
        Ok(())
    })
}

/// The live session with this token hash, with its organisation's slug.
pub fn session(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<Option<(SessionRow, String)>> {
    Ok(sessions::table
        .inner_join(organisations::table)
        .filter(sessions::token_hash.eq(token_hash))
        .filter(sessions::expires_at.gt(now))
        .select((SessionRow::as_select(), organisations::slug))
        .first(conn)
        .optional()?)
}

pub fn end_session(conn: &mut DbConnection, token_hash: &str) -> Result<()> {
    crate::store::write(conn, |c| {
        diesel::delete(sessions::table.find(token_hash)).execute(c)?;
        Ok(())
    })
}
