//! The node's Ed25519 signing key: signs the built-in issuer's tokens (and, with federation,
//! the node's changes); its public half is published as a JWKS.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use ed25519_dalek::SigningKey;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::keys::KeyRow;

pub const ALGORITHM: Algorithm = Algorithm::EdDSA;

/// A fresh key, as stored.
pub fn generate() -> Result<KeyRow> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| Error::Internal(anyhow::anyhow!("no randomness: {e}")))?;
    let key = SigningKey::from_bytes(&seed);
    Ok(KeyRow {
        kid: uuid::Uuid::now_v7().simple().to_string(),
        algorithm: "EdDSA".into(),
        private_key: STANDARD.encode(seed),
        public_key: URL_SAFE_NO_PAD.encode(key.verifying_key().to_bytes()),
        created_at: crate::store::entry::now(),
        retired_at: None,
    })
}

struct Key {
    kid: String,
    public_x: String,
    decoding: DecodingKey,
}

/// The keys in memory: the newest signs, all verify.
pub struct NodeKeys {
    signing_kid: String,
    signing: EncodingKey,
    keys: Vec<Key>,
}

impl NodeKeys {
    /// From the stored keys, newest first (there is always at least one).
    pub fn from_rows(rows: &[KeyRow]) -> Result<NodeKeys> {
        let bad = |what: &str| Error::Internal(anyhow::anyhow!("stored signing key: {what}"));
        let newest = rows.first().ok_or_else(|| bad("none"))?;
        let seed: [u8; 32] = STANDARD
            .decode(&newest.private_key)
            .map_err(|_| bad("not base64"))?
            .try_into()
            .map_err(|_| bad("not 32 bytes"))?;
        let der = SigningKey::from_bytes(&seed)
            .to_pkcs8_der()
            .map_err(|_| bad("cannot encode"))?;
        let keys = rows
            .iter()
            .map(|r| {
                Ok(Key {
                    kid: r.kid.clone(),
                    public_x: r.public_key.clone(),
                    decoding: DecodingKey::from_ed_components(&r.public_key)
                        .map_err(|_| bad("bad public key"))?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(NodeKeys {
            signing_kid: newest.kid.clone(),
            signing: EncodingKey::from_ed_der(der.as_bytes()),
            keys,
        })
    }

    /// Signs claims as a JWT with the newest key, naming it in `kid`.
    pub fn sign<T: Serialize>(&self, claims: &T) -> Result<String> {
        let mut header = Header::new(ALGORITHM);
        header.kid = Some(self.signing_kid.clone());
        header.typ = Some("JWT".into());
        jsonwebtoken::encode(&header, claims, &self.signing)
            .map_err(|e| Error::Internal(anyhow::anyhow!("signing: {e}")))
    }

    /// A detached JWS over a feed statement (see `keys::signing`).
    pub fn sign_detached(&self, statement: &serde_json::Value) -> Result<String> {
        use crate::keys::signing;
        let header = signing::header(&self.signing_kid);
        let input = signing::signing_input(&header, statement);
        let sig = jsonwebtoken::crypto::sign(input.as_bytes(), &self.signing, ALGORITHM)
            .map_err(|e| Error::Internal(anyhow::anyhow!("signing: {e}")))?;
        Ok(format!("{header}..{sig}"))
    }

    pub fn decoding_key(&self, kid: &str) -> Option<&DecodingKey> {
        self.keys.iter().find(|k| k.kid == kid).map(|k| &k.decoding)
    }

    /// The public keys as a JSON Web Key Set (RFC 7517, OKP keys per RFC 8037).
    pub fn jwks(&self) -> serde_json::Value {
        let keys: Vec<_> = self
            .keys
            .iter()
            .map(|k| {
                serde_json::json!({
                    "kty": "OKP", "crv": "Ed25519", "x": k.public_x,
                    "kid": k.kid, "use": "sig", "alg": "EdDSA",
                })
            })
            .collect();
        serde_json::json!({ "keys": keys })
    }
}
