-- People who sign in to the web interface with an account of the built-in issuer (the embedded
-- default, where no OpenID provider is configured). Each acts for one organisation with that
-- organisation's rights. The password is kept only as an Argon2id hash; an account starts
-- without one and with a one-time setup token (its hash), valid until `setup_expires_at`.
CREATE TABLE accounts (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    password_hash TEXT,
    setup_token_hash TEXT,
    setup_expires_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    disabled_at TIMESTAMP
);
CREATE INDEX accounts_organisation ON accounts (organisation_id);

-- Signed-in sessions of the web interface, from either path (built-in account or OpenID
-- provider). The cookie carries a random token; only its SHA-256 is kept, with the CSRF token
-- the session's forms carry and a server-side expiry.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    subject TEXT NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    account_id TEXT REFERENCES accounts (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);
