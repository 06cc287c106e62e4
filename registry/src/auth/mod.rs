//! Authentication and authorisation (DESIGN.md §Authentication): bearer JWTs from the built-in
//! issuer or an external OpenID Connect provider, turned into the organisation acting, whose
//! roles in the register decide what it may do (`domain::permissions`).

pub mod accounts;
pub mod oidc;
pub mod secrets;

use std::sync::RwLock;
use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::keys::node as keys;
use crate::settings::Settings;
use crate::store::{self, Actor, DbConnection};
use domain::permissions::{self, Action, Caller, Subject};

/// The scopes the built-in issuer grants. Writes need `registry.write`.
pub const SCOPES: [&str; 2] = ["registry.read", "registry.write"];
pub const WRITE_SCOPE: &str = "registry.write";

/// Tokens longer than this are refused before any parsing.
pub const MAX_TOKEN_BYTES: usize = 8 * 1024;

/// Leeway for clock skew when checking `exp` and `nbf`.
const LEEWAY_SECONDS: u64 = 30;

/// What an operator's write records: operator clients are the node's own (created on its
/// command line) and hold no role, so no row of the permission table applies to them.
pub const OPERATOR_BYPASS: &str = "operator token: the permission table (who may do what) was \
     not applied; the domain's rules were";

/// Who is acting, once the token is verified and its organisation found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The node the caller acts on: only its own entries give rights.
    pub node_id: String,
    pub operator: bool,
    /// The organisation's id and slug.
    pub organisation: Option<(String, String)>,
    pub client: Option<String>,
    pub subject: Option<String>,
}

impl Principal {
    /// How the change log records this caller.
    pub fn actor(&self) -> Actor {
        Actor {
            label: match (&self.organisation, self.operator) {
                (Some((_, slug)), _) => slug.clone(),
                (None, true) => "operator".into(),
                (None, false) => "unknown".into(),
            },
            organisation: self.organisation.as_ref().map(|(id, _)| id.clone()),
            client: self.client.clone(),
            subject: self
                .subject
                .clone()
                .filter(|s| Some(s) != self.client.as_ref()),
            bypass: (self.operator && self.organisation.is_none()).then(|| OPERATOR_BYPASS.into()),
        }
    }
}

/// The claims of a token from the built-in issuer.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub exp: u64,
    pub nbf: u64,
    pub iat: u64,
    pub jti: String,
    pub scope: String,
    pub client_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
}

/// What a verified token says, before the register is asked who that is.
#[derive(Debug, Clone)]
pub enum Verified {
    /// From the built-in issuer: the client decides the organisation.
    Builtin { client_id: String },
    /// From the external provider: the organisation claim decides.
    External {
        organisation: Option<String>,
        client: Option<String>,
        subject: Option<String>,
    },
}

/// The node's token machinery, shared by every worker.
pub struct Auth {
    pub issuer: String,
    pub audience: String,
    pub ttl: u64,
    org_claim: String,
    keys: RwLock<keys::NodeKeys>,
    oidc: Option<oidc::Oidc>,
}

fn invalid(reason: impl Into<String>) -> Error {
    Error::Unauthorized(reason.into())
}

impl Auth {
    pub fn new(settings: &Settings, keys: keys::NodeKeys) -> Auth {
        let a = &settings.auth;
        Auth {
            issuer: settings.public_url.clone(),
            audience: settings.audience().to_string(),
            ttl: a.token_ttl,
            org_claim: a.org_claim.clone(),
            keys: RwLock::new(keys),
            // Without its guarded HTTP client the provider is not trusted at all (its tokens
            // are refused), never reached through an unguarded one.
            oidc: a.oidc_issuer.clone().and_then(|issuer| {
                oidc::Oidc::new(
                    issuer,
                    a.oidc_algorithms.clone(),
                    Duration::from_secs(a.jwks_refresh),
                    settings.fetch_allow_private,
                )
                .map_err(|e| tracing::error!(error = %e, "the OpenID provider cannot be used"))
                .ok()
            }),
        }
    }

    fn with_keys<T>(&self, f: impl FnOnce(&keys::NodeKeys) -> T) -> T {
        let guard = self.keys.read().unwrap_or_else(|p| p.into_inner());
        f(&guard)
    }

    /// Signs a feed statement with the node's newest key (`keys::signing`).
    pub fn sign_statement(&self, statement: &Value) -> Result<String> {
        self.with_keys(|k| k.sign_detached(statement))
    }

    pub fn jwks(&self) -> Value {
        self.with_keys(|k| k.jwks())
    }

    /// Signs a token for a client of the built-in issuer.
    pub fn issue(&self, client_id: &str, org: Option<String>, scope: &str) -> Result<String> {
        let now = jsonwebtoken::get_current_timestamp();
        let claims = Claims {
            iss: self.issuer.clone(),
            sub: client_id.to_string(),
            aud: self.audience.clone(),
            exp: now + self.ttl,
            nbf: now,
            iat: now,
            jti: uuid::Uuid::new_v4().to_string(),
            scope: scope.to_string(),
            client_id: client_id.to_string(),
            org,
        };
        self.with_keys(|k| k.sign(&claims))
    }

    /// Verifies signature, algorithm, `iss`, `aud`, `exp`, `nbf` and the write scope.
    pub async fn verify(&self, token: &str) -> Result<Verified> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(invalid("the token is too long"));
        }
        let header =
            jsonwebtoken::decode_header(token).map_err(|_| invalid("the token is not a JWT"))?;
        let kid = header
            .kid
            .ok_or_else(|| invalid("the token names no key (kid)"))?;
        // The issuer picks the keys and the algorithms; the token's own `alg` is only
        // checked against them, never trusted.
        let unverified: Map<String, Value> = jsonwebtoken::dangerous::insecure_decode_claims(token)
            .map_err(|_| invalid("the token's claims cannot be read"))?;
        let iss = unverified
            .get("iss")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("the token names no issuer"))?;
        if iss == self.issuer {
            let key = self
                .with_keys(|k| k.decoding_key(&kid).cloned())
                .ok_or_else(|| invalid("the token is signed with a key this node does not have"))?;
            let claims = self.validate(token, &key, &[keys::ALGORITHM], iss)?;
            let client_id = claims
                .get("client_id")
                .and_then(Value::as_str)
                .ok_or_else(|| invalid("the token names no client"))?;
            return Ok(Verified::Builtin {
                client_id: client_id.to_string(),
            });
        }
        match &self.oidc {
            Some(p) if p.issuer == iss => {
                let key = p.key(&kid).await.ok_or_else(|| {
                    invalid("the token is signed with a key the provider does not publish")
                })?;
                let claims = self.validate(token, &key, &p.algorithms, iss)?;
                let text = |name: &str| claims.get(name).and_then(Value::as_str).map(String::from);
                Ok(Verified::External {
                    organisation: text(&self.org_claim),
                    client: text("azp").or_else(|| text("client_id")),
                    subject: text("sub"),
                })
            }
            _ => Err(invalid(
                "the token is from an issuer this node does not trust",
            )),
        }
    }

    /// The external provider, when one is configured and usable.
    pub fn provider(&self) -> Option<&oidc::Oidc> {
        self.oidc.as_ref()
    }

    /// Verifies an ID token of the external provider for a person signing in to the web
    /// interface (OpenID Connect Core §3.1.3.7): signature with a key the provider publishes,
    /// `iss`, `aud` (this node's client id), `exp`, `nbf` and the `nonce` this sign-in sent.
    /// Gives the organisation claim and who the person is (email, else subject).
    pub async fn verify_id_token(
        &self,
        token: &str,
        client_id: &str,
        nonce: &str,
    ) -> Result<(Option<String>, String)> {
        let p = self
            .oidc
            .as_ref()
            .ok_or_else(|| invalid("no OpenID provider is configured"))?;
        if token.len() > MAX_TOKEN_BYTES {
            return Err(invalid("the ID token is too long"));
        }
        let header =
            jsonwebtoken::decode_header(token).map_err(|_| invalid("the ID token is not a JWT"))?;
        let kid = header
            .kid
            .ok_or_else(|| invalid("the ID token names no key (kid)"))?;
        let key = p.key(&kid).await.ok_or_else(|| {
            invalid("the ID token is signed with a key the provider does not publish")
        })?;
        let claims = self.validate_for(token, &key, &p.algorithms, &p.issuer, client_id)?;
        let text = |name: &str| claims.get(name).and_then(Value::as_str).map(String::from);
        if text("nonce").as_deref() != Some(nonce) {
            return Err(invalid("the ID token is not for this sign-in (nonce)"));
        }
        let who = text("email")
            .or_else(|| text("sub"))
            .ok_or_else(|| invalid("the ID token names nobody"))?;
        Ok((text(&self.org_claim), who))
    }

    fn validate(
        &self,
        token: &str,
        key: &DecodingKey,
        algorithms: &[Algorithm],
        issuer: &str,
    ) -> Result<Map<String, Value>> {
        let claims = self.validate_for(token, key, algorithms, issuer, &self.audience)?;
        let scopes = scopes(&claims);
        if !scopes.iter().any(|s| s == WRITE_SCOPE) {
            return Err(Error::InsufficientScope(WRITE_SCOPE));
        }
        Ok(claims)
    }

    fn validate_for(
        &self,
        token: &str,
        key: &DecodingKey,
        algorithms: &[Algorithm],
        issuer: &str,
        audience: &str,
    ) -> Result<Map<String, Value>> {
        let mut v = Validation::new(algorithms[0]);
        v.algorithms = algorithms.to_vec();
        v.leeway = LEEWAY_SECONDS;
        v.validate_nbf = true;
        v.set_issuer(&[issuer]);
        v.set_audience(&[audience]);
        v.set_required_spec_claims(&["exp", "iss", "aud"]);
        let data = jsonwebtoken::decode::<Map<String, Value>>(token, key, &v).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind as K;
            invalid(match e.kind() {
                K::ExpiredSignature => "the token has expired",
                K::ImmatureSignature => "the token is not valid yet",
                K::InvalidAudience => "the token is for another audience",
                K::InvalidIssuer => "the token is from another issuer",
                K::InvalidAlgorithm => "the token's algorithm is not accepted",
                K::InvalidSignature => "the token's signature does not verify",
                K::MissingRequiredClaim(_) => "the token lacks a required claim",
                _ => "the token is not valid",
            })
        })?;
        Ok(data.claims)
    }
}

/// The token's scopes: `scope` as a space-separated string (RFC 8693), or `scp` as a list.
fn scopes(claims: &Map<String, Value>) -> Vec<String> {
    match (claims.get("scope"), claims.get("scp")) {
        (Some(Value::String(s)), _) => s.split_whitespace().map(String::from).collect(),
        (_, Some(Value::Array(a))) => a
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect(),
        (_, Some(Value::String(s))) => s.split_whitespace().map(String::from).collect(),
        _ => vec![],
    }
}

/// Finds who a verified token speaks for: the client's organisation (a revoked client is
/// refused at once, not when its token expires), or the organisation the provider names.
pub fn principal(conn: &mut DbConnection, node_id: &str, v: Verified) -> Result<Principal> {
    match v {
        Verified::Builtin { client_id } => {
            let client = store::clients::find(conn, &client_id)?
                .filter(|c| c.revoked_at.is_none())
                .ok_or_else(|| invalid("the token's client is unknown or revoked"))?;
            let organisation = match &client.organisation_id {
                Some(id) => Some((id.clone(), store::organisations::slug_of(conn, id)?)),
                None => None,
            };
            Ok(Principal {
                node_id: node_id.to_string(),
                operator: client.operator,
                organisation,
                client: Some(client.id.clone()),
                subject: Some(client.id),
            })
        }
        Verified::External {
            organisation,
            client,
            subject,
        } => {
            let named = organisation.ok_or_else(|| Error::Forbidden {
                detail: "the token names no organisation".into(),
                roles: vec![],
            })?;
            let found = store::organisations::find_by_name_or_number(conn, node_id, &named)?
                .ok_or_else(|| Error::Forbidden {
                    detail: format!(
                        "the organisation '{named}' named by the token is not in the register"
                    ),
                    roles: vec![],
                })?;
            Ok(Principal {
                node_id: node_id.to_string(),
                operator: false,
                organisation: Some(found),
                client,
                subject,
            })
        }
    }
}

/// Allows the action on the subject for this caller, or refuses it with 403 naming the roles
/// that would allow it. Runs inside the write's transaction, so it sees the roles as they are
/// when the write happens.
pub fn authorize(
    conn: &mut DbConnection,
    who: &Principal,
    action: Action,
    subject: &Subject,
) -> Result<()> {
    let caller = Caller {
        operator: who.operator,
        organisation: who.organisation.as_ref().map(|(id, _)| id.clone()),
        held: match &who.organisation {
            Some((id, _)) => store::authz::held(conn, &who.node_id, id)?,
            None => vec![],
        },
    };
    permissions::check(&caller, action, subject).map_err(|r| {
        let who = who
            .organisation
            .as_ref()
            .map(|(_, slug)| slug.as_str())
            .unwrap_or("this client");
        Error::Forbidden {
            detail: format!(
                "{who} may not {}: that needs {}",
                action.describe(),
                r.needs.join(", or ")
            ),
            roles: r.roles().iter().map(|r| r.as_str().to_string()).collect(),
        }
    })
}

/// A client as created: the secret is shown this once and kept only as a hash.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewClient {
    pub client_id: String,
    pub client_secret: String,
}

/// Creates a client of the built-in issuer acting for an organisation (slug, id or
/// organisation number), or an operator client with every right (`operator`).
pub fn create_client(
    conn: &mut DbConnection,
    node_id: &str,
    organisation: Option<&str>,
    operator: bool,
    name: Option<&str>,
) -> Result<NewClient> {
    let organisation = match organisation {
        Some(named) => Some(
            store::organisations::find_by_name_or_number(conn, node_id, named)?.ok_or_else(
                || {
                    Error::field(
                        "organisation",
                        format!("no organisation '{named}' in the register"),
                    )
                },
            )?,
        ),
        None if operator => None,
        None => {
            return Err(Error::field(
                "organisation",
                "a client acts for an organisation; name one (or make an operator client)",
            ))
        }
    };
    let secret = secrets::generate()?;
    let row = store::clients::ClientRow {
        id: format!("bbr-{}", uuid::Uuid::new_v4().simple()),
        name: name
            .map(String::from)
            .or_else(|| organisation.as_ref().map(|(_, slug)| slug.clone()))
            .unwrap_or_else(|| "operator".into()),
        organisation_id: organisation.map(|(id, _)| id),
        operator,
        secret_hash: secrets::hash(&secret)?,
        created_at: store::entry::now(),
        revoked_at: None,
    };
    store::clients::insert(conn, &row)?;
    Ok(NewClient {
        client_id: row.id,
        client_secret: secret,
    })
}

/// A decision or proposal is recorded in the name of the caller's own organisation: the
/// organisation the input names in `field` must be the token's (operators record for anyone).
pub fn acting_as(conn: &mut DbConnection, who: &Principal, field: &str, named: &str) -> Result<()> {
    if who.operator {
        return Ok(());
    }
    let id = store::refs::organisations::resolve(conn, field, named)?;
    match &who.organisation {
        Some((mine, _)) if *mine == id => Ok(()),
        Some((_, slug)) => Err(Error::Forbidden {
            detail: format!("{field} must be the organisation the token acts for ({slug})"),
            roles: vec![],
        }),
        None => Err(Error::Forbidden {
            detail: format!("{field}: the token acts for no organisation"),
            roles: vec![],
        }),
    }
}
