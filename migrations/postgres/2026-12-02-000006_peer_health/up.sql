-- How pulling a peer goes, beyond one pull: failures in a row (the scheduler waits longer after
-- each, up to a limit) and when the mirror last held everything the peer had (for the lag in
-- seconds).
ALTER TABLE peers ADD COLUMN failures BIGINT NOT NULL DEFAULT 0;
ALTER TABLE peers ADD COLUMN caught_up_at TIMESTAMP;
