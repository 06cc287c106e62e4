-- OAuth2 clients of the built-in issuer (client-credentials grant). The secret is stored only
-- as an Argon2id hash. Operator clients act with every right, for bootstrapping a node.
CREATE TABLE oauth_clients (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    organisation_id TEXT REFERENCES organisations (id) ON DELETE CASCADE,
    operator BOOLEAN NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX oauth_clients_organisation ON oauth_clients (organisation_id);

-- The node's signing keys (tokens of the built-in issuer, and federation). The newest key
-- not retired signs; every key not retired is published in the JWKS.
CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY NOT NULL,
    algorithm TEXT NOT NULL,
    private_key TEXT NOT NULL,
    public_key TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    retired_at TIMESTAMP
);

-- Who made each change: organisation, OAuth client and token subject.
ALTER TABLE changes ADD COLUMN actor_organisation TEXT;
ALTER TABLE changes ADD COLUMN actor_client TEXT;
ALTER TABLE changes ADD COLUMN actor_subject TEXT;
