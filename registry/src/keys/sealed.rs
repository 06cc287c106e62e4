//! Secrets this node must use again later (a peer's OAuth2 client secret), kept sealed: an
//! XChaCha20-Poly1305 encryption under a key derived with HKDF-SHA256 from the node's own
//! signing key (kept in the database, never in a backup). The sealed text names the signing
//! key it was derived from, so a later key still opens what an earlier one sealed, and is bound
//! to the row it belongs to (associated data), so it cannot be moved to another peer.
//!
//! A restored backup has no signing key of the old node, and no peer secrets either
//! (`registry export` leaves them out): such a peer is pulled without credentials until it is
//! added again with them.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use sha2::Sha256;

use crate::error::{Error, Result};
use crate::store::keys::KeyRow;
use crate::store::{self, peers, DbConnection};

const PREFIX: &str = "sealed:v1:";
const NONCE: usize = 24;

fn internal(what: &str) -> Error {
    Error::Internal(anyhow::anyhow!("sealed secret: {what}"))
}

/// The 256-bit key for `purpose`, derived from a signing key's seed.
fn derive(key: &KeyRow, purpose: &str) -> Result<chacha20poly1305::Key> {
    use base64::engine::general_purpose::STANDARD;
    let seed = STANDARD
        .decode(&key.private_key)
        .map_err(|_| internal("the signing key is not base64"))?;
    let hk = Hkdf::<Sha256>::new(Some(b"building-block-registry sealed secrets"), &seed);
    let mut out = [0u8; 32];
    hk.expand(format!("{purpose} v1").as_bytes(), &mut out)
        .map_err(|_| internal("key derivation"))?;
    Ok(out.into())
}

/// Seals `plain` for the row `bound_to` of `purpose` with a key derived from `key`.
pub fn seal(key: &KeyRow, purpose: &str, bound_to: &str, plain: &str) -> Result<String> {
    let cipher = XChaCha20Poly1305::new(&derive(key, purpose)?);
    let mut nonce = [0u8; NONCE];
    getrandom::fill(&mut nonce).map_err(|_| internal("no randomness"))?;
    let aad = format!("{purpose}:{bound_to}");
    let sealed = cipher
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: plain.as_bytes(),
                aad: aad.as_bytes(),
            },
        )
        .map_err(|_| internal("encryption"))?;
    let mut bytes = nonce.to_vec();
    bytes.extend_from_slice(&sealed);
    Ok(format!(
        "{PREFIX}{}:{}",
        key.kid,
        URL_SAFE_NO_PAD.encode(bytes)
    ))
}

/// Whether a stored value is sealed (or a secret stored in the clear before sealing existed).
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(PREFIX)
}

/// The signing key a sealed value names.
pub fn key_id(stored: &str) -> Option<&str> {
    stored.strip_prefix(PREFIX)?.split_once(':').map(|(k, _)| k)
}

/// Opens what `seal` sealed with the same key, purpose and row; `None` when it does not open
/// (another key, another row, altered).
pub fn open(key: &KeyRow, purpose: &str, bound_to: &str, stored: &str) -> Option<String> {
    let (kid, data) = stored.strip_prefix(PREFIX)?.split_once(':')?;
    if kid != key.kid {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(data).ok()?;
    if bytes.len() < NONCE {
        return None;
    }
    let (nonce, sealed) = bytes.split_at(NONCE);
    let nonce: [u8; NONCE] = nonce.try_into().ok()?;
    let cipher = XChaCha20Poly1305::new(&derive(key, purpose).ok()?);
    let aad = format!("{purpose}:{bound_to}");
    let plain = cipher
        .decrypt(
            &XNonce::from(nonce),
            Payload {
                msg: sealed,
                aad: aad.as_bytes(),
            },
        )
        .ok()?;
    String::from_utf8(plain).ok()
}

const PEER_SECRET: &str = "peer-client-secret";

/// The node's newest signing key (made now if the node has none yet).
fn newest_key(conn: &mut DbConnection) -> Result<KeyRow> {
    store::keys::active_or_create(conn, super::node::generate)?
        .into_iter()
        .next()
        .ok_or_else(|| internal("no signing key"))
}

/// Seals a peer's client secret for storage in its row.
pub fn seal_peer_secret(conn: &mut DbConnection, peer_id: &str, secret: &str) -> Result<String> {
    let key = newest_key(conn)?;
    seal(&key, PEER_SECRET, peer_id, secret)
}

/// The peer's client secret, opened; `None` when it has none. A secret that does not open
/// (sealed by a key this node no longer has) is an error that says to add the peer again.
pub fn open_peer_secret(conn: &mut DbConnection, row: &peers::Row) -> Result<Option<String>> {
    let Some(stored) = &row.client_secret else {
        return Ok(None);
    };
    if !is_sealed(stored) {
        // Stored before secrets were sealed; `seal_stored_peer_secrets` seals it at start.
        return Ok(Some(stored.clone()));
    }
    let key = match key_id(stored) {
        Some(kid) => store::keys::by_kid(conn, kid)?,
        None => None,
    };
    key.and_then(|k| open(&k, PEER_SECRET, &row.id, stored))
        .map(Some)
        .ok_or_else(|| {
            Error::PeerFailed(
                "the stored client secret cannot be opened with this node's keys; \
                 add the peer again with its client id and secret"
                    .into(),
            )
        })
}

/// Seals every peer secret still stored in the clear (from before sealing existed); run at
/// start. Answers how many were sealed.
pub fn seal_stored_peer_secrets(conn: &mut DbConnection) -> Result<usize> {
    store::write(conn, |c| {
        let mut n = 0;
        for row in peers::rows(c)? {
            if let Some(plain) = row.client_secret.as_deref().filter(|s| !is_sealed(s)) {
                let sealed = seal_peer_secret(c, &row.id, plain)?;
                peers::set_secret(c, &row.id, Some(&sealed))?;
                n += 1;
            }
        }
        Ok(n)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> KeyRow {
        super::super::node::generate().unwrap()
    }

    #[test]
    fn sealed_opens_with_its_key_purpose_and_row_only() {
        let (k, other) = (key(), key());
        let s = seal(&k, "p", "row-1", "the secret").unwrap();
        assert!(is_sealed(&s));
        assert!(!s.contains("the secret"));
        assert_eq!(key_id(&s), Some(k.kid.as_str()));
        assert_eq!(open(&k, "p", "row-1", &s).as_deref(), Some("the secret"));
        assert_eq!(open(&k, "p", "row-2", &s), None, "another row");
        assert_eq!(open(&k, "q", "row-1", &s), None, "another purpose");
        let mut forged = other.clone();
        forged.kid = k.kid.clone();
        assert_eq!(open(&forged, "p", "row-1", &s), None, "another key");
        // Two seals of one secret differ (a fresh nonce each time).
        assert_ne!(s, seal(&k, "p", "row-1", "the secret").unwrap());
        // Altered text does not open.
        let mut altered = s.clone();
        let last = altered.pop().unwrap();
        altered.push(if last == 'A' { 'B' } else { 'A' });
        assert_eq!(open(&k, "p", "row-1", &altered), None);
        assert_eq!(open(&k, "p", "row-1", "sealed:v1:x:AAAA"), None);
        assert_eq!(open(&k, "p", "row-1", "plain"), None);
    }
}
