-- Only the blocks' needs fit the old table; the others go.
CREATE TABLE funding_needs_old (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    building_block_id TEXT NOT NULL REFERENCES building_blocks (id),
    year INTEGER NOT NULL,
    amount_ksek BIGINT,
    estimate TEXT NOT NULL,
    funding_form TEXT,
    note TEXT,
    source TEXT,
    UNIQUE (building_block_id, year)
);
INSERT INTO funding_needs_old
SELECT id, origin, uri, version, created_at, updated_at, building_block_id, year, amount_ksek,
    estimate, funding_form, note, source
FROM funding_needs WHERE building_block_id IS NOT NULL;
DROP TABLE funding_needs;
ALTER TABLE funding_needs_old RENAME TO funding_needs;
CREATE INDEX funding_needs_year ON funding_needs (year);
