-- The decision register (001 §4.1.1, §5.2.7): every decision of the infrastructure owner,
-- append-only. The subject's name is kept as it was when decided, should the entry go.
CREATE TABLE decisions (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    kind TEXT NOT NULL,
    decision_date DATE NOT NULL,
    reference TEXT,
    deciding_organisation_id TEXT NOT NULL REFERENCES organisations (id),
    scope_kind TEXT NOT NULL,
    scope_subject_id TEXT,
    scope_subject_name TEXT,
    text TEXT NOT NULL,
    record_entity TEXT,
    record_id TEXT,
    source TEXT
);
CREATE INDEX decisions_date ON decisions (decision_date);
CREATE INDEX decisions_subject ON decisions (scope_subject_id);
