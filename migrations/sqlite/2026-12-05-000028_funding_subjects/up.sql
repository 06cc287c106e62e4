-- Funding beyond the blocks (001 §7.5.2): a need is a block's, a base-data domain's, a
-- competence area's, or one without a registered entry, named by its label (the infrastructure
-- owner's steering, the competence areas together, a not-yet-named new block). SQLite cannot
-- drop NOT NULL or a table constraint in place, so the table is rebuilt.
CREATE TABLE funding_needs_new (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    building_block_id TEXT REFERENCES building_blocks (id),
    year INTEGER NOT NULL,
    amount_ksek BIGINT,
    estimate TEXT NOT NULL,
    funding_form TEXT,
    note TEXT,
    source TEXT,
    subject_kind TEXT NOT NULL DEFAULT 'byggblock',
    base_data_domain_id TEXT REFERENCES base_data_domains (id),
    competence_area_id TEXT REFERENCES competence_areas (id),
    label TEXT,
    -- The subject's id, or "label:", the origin and the label: one need per subject and year.
    subject_key TEXT NOT NULL
);
INSERT INTO funding_needs_new (id, origin, uri, version, created_at, updated_at,
    building_block_id, year, amount_ksek, estimate, funding_form, note, source, subject_kind,
    subject_key)
SELECT id, origin, uri, version, created_at, updated_at, building_block_id, year, amount_ksek,
    estimate, funding_form, note, source, 'byggblock', building_block_id
FROM funding_needs;
DROP TABLE funding_needs;
ALTER TABLE funding_needs_new RENAME TO funding_needs;
CREATE INDEX funding_needs_year ON funding_needs (year);
CREATE INDEX funding_needs_block ON funding_needs (building_block_id);
CREATE UNIQUE INDEX funding_needs_subject_year ON funding_needs (subject_key, year);
