-- Peers this node pulls from (DESIGN.md §Identity and federation). Local configuration, not
-- entries: they are not in the change log and not mirrored.
CREATE TABLE peers (
    id TEXT PRIMARY KEY NOT NULL,
    url TEXT NOT NULL UNIQUE,
    -- The peer's node id, learned from /api/v1/federation/node on first contact.
    node_id TEXT,
    -- JSON list of further origins the peer may forward entries of (its own is always allowed).
    origins TEXT NOT NULL,
    interval_seconds BIGINT NOT NULL,
    -- The last sequence number of the peer's feed applied here; pulls resume after it.
    cursor BIGINT NOT NULL,
    peer_last_seq BIGINT,
    last_attempt_at TIMESTAMP,
    last_success_at TIMESTAMP,
    last_error TEXT,
    applied BIGINT NOT NULL,
    rejected BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- Verified changes of a peer that could not be applied yet (an entry they refer to has not
-- arrived): kept and tried again after every page, so that nothing signed is lost.
CREATE TABLE pending_changes (
    peer_id TEXT NOT NULL REFERENCES peers (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    item TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (peer_id, seq)
);

-- The public keys of the origins this node mirrors (JWKS), learned from the peers allowed to
-- speak for them, so that forwarded entries can be checked and forwarded again.
CREATE TABLE origin_keys (
    origin TEXT PRIMARY KEY NOT NULL,
    jwks TEXT NOT NULL,
    via_peer TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The origin's signature of a mirrored change, kept so that it can be forwarded intact.
ALTER TABLE changes ADD COLUMN signature TEXT;
