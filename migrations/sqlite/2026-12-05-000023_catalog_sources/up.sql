-- Where an organisation publishes its own DCAT-AP-SE catalogue: the register fetches it on a
-- schedule and on demand and imports it as the organisation (issue 15). The last run's
-- outcome is kept: its report (JSON) or the reason it failed.
CREATE TABLE catalog_sources (
    organisation_id TEXT PRIMARY KEY NOT NULL REFERENCES organisations (id),
    url TEXT NOT NULL,
    interval_hours INTEGER NOT NULL,
    withdraw_missing BOOLEAN NOT NULL,
    next_run TIMESTAMP NOT NULL,
    last_run TIMESTAMP,
    last_report TEXT,
    last_error TEXT
);
CREATE INDEX catalog_sources_next_run ON catalog_sources (next_run);
