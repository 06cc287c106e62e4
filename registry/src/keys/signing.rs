//! Signatures of feed items: JWS (RFC 7515) with a detached payload (Appendix F) over the
//! canonical JSON of the statement, signed with the origin node's Ed25519 key.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::{json, Value};

/// What a node vouches for about one entry state: a tombstone when `entry` is null.
pub fn statement(
    entity: &str,
    id: &str,
    origin: &str,
    version: i64,
    entry: Option<&Value>,
) -> Value {
    json!({
        "entity": entity,
        "id": id,
        "origin": origin,
        "version": version,
        "entry": entry,
    })
}

/// JSON with object keys sorted and no insignificant whitespace, so that signer and verifier
/// hash the same bytes whatever order the fields arrived in (the idea of RFC 8785; the entries
/// hold no floating-point numbers, the one place the two would differ).
pub fn canonical(v: &Value) -> String {
    let mut out = String::new();
    write(v, &mut out);
    out
}

fn write(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write(&m[k], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The protected header of a feed signature.
pub fn header(kid: &str) -> String {
    URL_SAFE_NO_PAD.encode(canonical(
        &json!({"alg": "EdDSA", "kid": kid, "typ": "bbr-entry+jws"}),
    ))
}

/// The bytes signed: `BASE64URL(header) . BASE64URL(canonical statement)`.
pub fn signing_input(header_b64: &str, statement: &Value) -> String {
    format!(
        "{header_b64}.{}",
        URL_SAFE_NO_PAD.encode(canonical(statement))
    )
}

/// Why a signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("the signature is not a detached JWS")]
    Malformed,
    #[error("the signature's algorithm is not EdDSA")]
    Algorithm,
    #[error("the origin publishes no key '{0}'")]
    UnknownKey(String),
    #[error("the signature does not verify")]
    Mismatch,
}

/// Checks a detached JWS over the statement with the origin's published keys.
pub fn verify(jws: &str, statement: &Value, origin_keys: &JwkSet) -> Result<(), Invalid> {
    let (header_b64, signature) = jws.split_once("..").ok_or(Invalid::Malformed)?;
    let header: Value = URL_SAFE_NO_PAD
        .decode(header_b64)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or(Invalid::Malformed)?;
    // The algorithm is fixed: a header asking for another is refused, never followed.
    if header["alg"] != "EdDSA" {
        return Err(Invalid::Algorithm);
    }
    let kid = header["kid"].as_str().ok_or(Invalid::Malformed)?;
    let jwk = origin_keys
        .find(kid)
        .ok_or_else(|| Invalid::UnknownKey(kid.to_string()))?;
    let key = DecodingKey::from_jwk(jwk).map_err(|_| Invalid::UnknownKey(kid.to_string()))?;
    let ok = jsonwebtoken::crypto::verify(
        signature,
        signing_input(header_b64, statement).as_bytes(),
        &key,
        Algorithm::EdDSA,
    )
    .map_err(|_| Invalid::Mismatch)?;
    if ok {
        Ok(())
    } else {
        Err(Invalid::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::node::{generate, NodeKeys};

    fn keys() -> (NodeKeys, JwkSet) {
        let k = NodeKeys::from_rows(&[generate().unwrap()]).unwrap();
        let set: JwkSet = serde_json::from_value(k.jwks()).unwrap();
        (k, set)
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_depth() {
        let a: Value =
            serde_json::from_str(r#"{"b": 1, "a": {"d": [true, null], "c": "å"}}"#).unwrap();
        assert_eq!(canonical(&a), r#"{"a":{"c":"å","d":[true,null]},"b":1}"#);
    }

    #[test]
    fn a_signed_statement_verifies_and_any_change_breaks_it() {
        let (k, set) = keys();
        let entry = json!({"slug": "digg", "name": "DIGG"});
        let s = statement("organisations", "id-1", "digg", 3, Some(&entry));
        let jws = k.sign_detached(&s).unwrap();
        assert_eq!(verify(&jws, &s, &set), Ok(()));
        for changed in [
            statement("organisations", "id-1", "digg", 4, Some(&entry)),
            statement("organisations", "id-1", "skatteverket", 3, Some(&entry)),
            statement(
                "organisations",
                "id-1",
                "digg",
                3,
                Some(&json!({"slug": "digg", "name": "X"})),
            ),
            statement("organisations", "id-1", "digg", 3, None),
        ] {
            assert_eq!(verify(&jws, &changed, &set), Err(Invalid::Mismatch));
        }
    }

    #[test]
    fn another_nodes_key_or_algorithm_is_refused() {
        let (k, _) = keys();
        let (_, other) = keys();
        let s = statement("organisations", "id-1", "digg", 1, None);
        let jws = k.sign_detached(&s).unwrap();
        assert!(matches!(
            verify(&jws, &s, &other),
            Err(Invalid::UnknownKey(_))
        ));
        let (_, sig) = jws.split_once("..").unwrap();
        let hs = URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","kid":"x"}"#);
        assert_eq!(
            verify(&format!("{hs}..{sig}"), &s, &other),
            Err(Invalid::Algorithm)
        );
        assert_eq!(verify("not a jws", &s, &other), Err(Invalid::Malformed));
    }
}
