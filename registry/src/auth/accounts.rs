//! People's accounts of the built-in issuer: created by the operator for an organisation, the
//! password set by the person through a one-time link, signed in with email and password.
//! Each account acts with exactly the rights its organisation's tokens have.

use chrono::Duration;
use sha2::{Digest, Sha256};

use super::{secrets, Principal};
use crate::error::{Error, Result};
use crate::store::{self, accounts, DbConnection};

/// How long a setup link works.
pub const SETUP_VALID_HOURS: i64 = 72;
/// The shortest password accepted (NIST SP 800-63B: at least 8; longer is kinder to people
/// than rules about character classes).
pub const MIN_PASSWORD: usize = 12;
const MAX_PASSWORD: usize = 256;

/// A one-time secret's lookup hash: SHA-256, hex. Tokens are 256 random bits, so a fast hash
/// is as strong as a slow one and can be looked up directly.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new account and its one-time setup token (shown once, as a link, by the command).
pub fn create(
    conn: &mut DbConnection,
    node_id: &str,
    organisation: &str,
    email: &str,
) -> Result<String> {
    let email = accounts::normalise_email(email);
    if !plausible_email(&email) {
        return Err(Error::field("email", "is not an email address"));
    }
    let (org_id, _) = store::organisations::find_by_name_or_number(conn, node_id, organisation)?
        .ok_or_else(|| {
            Error::field(
                "organisation",
                format!("no organisation '{organisation}' in the register"),
            )
        })?;
    let token = secrets::generate()?;
    let now = store::entry::now();
    accounts::insert(
        conn,
        &accounts::AccountRow {
            id: uuid::Uuid::now_v7().to_string(),
            email,
            organisation_id: org_id,
            password_hash: None,
            setup_token_hash: Some(token_hash(&token)),
            setup_expires_at: Some(now + Duration::hours(SETUP_VALID_HOURS)),
            created_at: now,
            disabled_at: None,
        },
    )?;
    Ok(token)
}

fn plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Why a new password is refused, if it is.
pub fn password_problem(password: &str, repeated: &str) -> Option<(&'static str, &'static str)> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        Some((
            "Lösenordet måste ha minst 12 tecken.",
            "The password must have at least 12 characters.",
        ))
    } else if n > MAX_PASSWORD {
        Some((
            "Lösenordet får ha högst 256 tecken.",
            "The password may have at most 256 characters.",
        ))
    } else if password != repeated {
        Some((
            "Lösenorden är inte lika.",
            "The passwords are not the same.",
        ))
    } else {
        None
    }
}

/// Sets the password of the account whose setup token this is; gives the account.
pub fn complete_setup(
    conn: &mut DbConnection,
    token: &str,
    password: &str,
) -> Result<accounts::AccountRow> {
    let account = accounts::by_setup_token(conn, &token_hash(token), store::entry::now())?
        .ok_or_else(|| Error::field("token", "the link is unknown, used or expired"))?;
    accounts::set_password(conn, &account.id, &secrets::hash(password)?)?;
    Ok(account)
}

/// The account with this email and password; `None` for a wrong pair, in the same time
/// whether the email exists or not.
pub fn sign_in(
    conn: &mut DbConnection,
    email: &str,
    password: &str,
) -> Result<Option<accounts::AccountRow>> {
    let account = accounts::by_email(conn, email)?;
    let hash = account
        .as_ref()
        .and_then(|a| a.password_hash.clone())
        .unwrap_or_else(|| secrets::decoy().to_string());
    let matches = secrets::verify(password, &hash);
    Ok(account.filter(|a| matches && a.password_hash.is_some()))
}

/// Who a session acts as: its organisation, with the organisation's rights.
pub fn principal(node_id: &str, organisation: (String, String), subject: String) -> Principal {
    Principal {
        node_id: node_id.to_string(),
        operator: false,
        organisation: Some(organisation),
        client: None,
        subject: Some(subject),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_judged_by_length_and_repetition() {
        assert!(password_problem("kort", "kort").is_some());
        assert!(password_problem("ett långt lösenord", "ett långt lösenord").is_none());
        assert!(password_problem("ett långt lösenord", "ett annat lösenord").is_some());
        assert!(password_problem(&"x".repeat(257), &"x".repeat(257)).is_some());
    }

    #[test]
    fn emails_are_plausible_or_refused() {
        assert!(plausible_email("anna@digg.se"));
        assert!(!plausible_email("anna"));
        assert!(!plausible_email("anna@localhost"));
        assert!(!plausible_email("an na@digg.se"));
        assert!(!plausible_email("@digg.se"));
    }

    #[test]
    fn token_hashes_are_hex_sha256() {
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
