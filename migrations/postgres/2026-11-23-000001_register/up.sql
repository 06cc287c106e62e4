-- Every entry: identity, origin node, version (DESIGN.md §Identity and federation).
CREATE TABLE organisations (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    short_name TEXT,
    kind TEXT NOT NULL,
    organisation_number TEXT,
    preparedness_agency BOOLEAN NOT NULL,
    website TEXT,
    UNIQUE (origin, slug),
    UNIQUE (origin, organisation_number)
);

CREATE TABLE building_blocks (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    purpose TEXT NOT NULL,
    category TEXT NOT NULL,
    phase TEXT NOT NULL,
    responsible_id TEXT REFERENCES organisations (id),
    analysis_funding TEXT NOT NULL,
    analysis_legal TEXT NOT NULL,
    analysis_risk TEXT NOT NULL,
    analysis_benefit TEXT NOT NULL,
    value_propositions TEXT NOT NULL,
    related_external TEXT NOT NULL,
    UNIQUE (origin, slug)
);
CREATE INDEX building_blocks_phase ON building_blocks (phase, id);
CREATE INDEX building_blocks_category ON building_blocks (category, id);
CREATE INDEX building_blocks_responsible ON building_blocks (responsible_id, id);

CREATE TABLE building_block_dependencies (
    block_id TEXT NOT NULL REFERENCES building_blocks (id) ON DELETE CASCADE,
    depends_on_id TEXT NOT NULL REFERENCES building_blocks (id),
    PRIMARY KEY (block_id, depends_on_id)
);
CREATE INDEX building_block_dependencies_target ON building_block_dependencies (depends_on_id);

CREATE TABLE base_data_domains (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    responsible_id TEXT REFERENCES organisations (id),
    phase TEXT NOT NULL,
    UNIQUE (origin, slug)
);

CREATE TABLE base_data_domain_producers (
    domain_id TEXT NOT NULL REFERENCES base_data_domains (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (domain_id, organisation_id)
);

CREATE TABLE competence_areas (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    home_organisation_id TEXT REFERENCES organisations (id),
    status TEXT NOT NULL,
    UNIQUE (origin, slug)
);

CREATE TABLE competence_area_contributors (
    area_id TEXT NOT NULL REFERENCES competence_areas (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (area_id, organisation_id)
);

-- subject_key is the subject's id or '' so that the uniqueness holds where the subject is NULL.
CREATE TABLE role_assignments (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    role TEXT NOT NULL,
    building_block_id TEXT REFERENCES building_blocks (id),
    base_data_domain_id TEXT REFERENCES base_data_domains (id),
    competence_area_id TEXT REFERENCES competence_areas (id),
    subject_key TEXT NOT NULL,
    UNIQUE (origin, organisation_id, role, subject_key)
);
-- There is exactly one infrastructure owner (domain.md §3).
CREATE UNIQUE INDEX role_assignments_one_owner ON role_assignments (origin) WHERE role = 'infrastrukturansvarig';
CREATE INDEX role_assignments_organisation ON role_assignments (organisation_id);

CREATE TABLE documents (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    title TEXT NOT NULL,
    level INTEGER NOT NULL,
    parent_id TEXT REFERENCES documents (id),
    scope_kind TEXT NOT NULL,
    scope_subject_id TEXT,
    author_organisation_id TEXT NOT NULL REFERENCES organisations (id),
    status TEXT NOT NULL,
    decided_date DATE,
    document_version TEXT,
    link TEXT
);
CREATE INDEX documents_parent ON documents (parent_id);

CREATE TABLE plans (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    scope_kind TEXT NOT NULL,
    scope_subject_id TEXT,
    UNIQUE (origin, slug)
);

CREATE TABLE milestones (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    plan_id TEXT NOT NULL REFERENCES plans (id),
    number INTEGER NOT NULL,
    description TEXT NOT NULL,
    due TEXT NOT NULL,
    done_criteria TEXT NOT NULL,
    area TEXT NOT NULL,
    responsible TEXT NOT NULL,
    status TEXT NOT NULL,
    UNIQUE (plan_id, number)
);

CREATE TABLE funding_needs (
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
    UNIQUE (building_block_id, year)
);

CREATE TABLE benefits (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    category TEXT,
    kind TEXT NOT NULL,
    value_sek BIGINT NOT NULL,
    years INTEGER NOT NULL,
    beneficiaries TEXT NOT NULL,
    description TEXT NOT NULL
);

CREATE TABLE benefit_building_blocks (
    benefit_id TEXT NOT NULL REFERENCES benefits (id) ON DELETE CASCADE,
    building_block_id TEXT NOT NULL REFERENCES building_blocks (id),
    PRIMARY KEY (benefit_id, building_block_id)
);

-- The append-only change log: the audit trail and, later, the federation feed.
-- Foreign keys are checked from the referenced side on delete, and filters follow them.
CREATE INDEX base_data_domain_producers_organisation ON base_data_domain_producers (organisation_id);
CREATE INDEX competence_area_contributors_organisation ON competence_area_contributors (organisation_id);
CREATE INDEX role_assignments_building_block ON role_assignments (building_block_id);
CREATE INDEX role_assignments_base_data_domain ON role_assignments (base_data_domain_id);
CREATE INDEX role_assignments_competence_area ON role_assignments (competence_area_id);
CREATE INDEX documents_author ON documents (author_organisation_id);
CREATE INDEX funding_needs_year ON funding_needs (year);
CREATE INDEX benefit_building_blocks_block ON benefit_building_blocks (building_block_id);
CREATE INDEX base_data_domains_responsible ON base_data_domains (responsible_id);
CREATE INDEX competence_areas_home ON competence_areas (home_organisation_id);

CREATE TABLE changes (
    seq BIGSERIAL PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    origin TEXT NOT NULL,
    version BIGINT NOT NULL,
    operation TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    before TEXT,
    after TEXT
);
CREATE INDEX changes_entity ON changes (entity_id, seq);

-- Full-text search: the 'simple' configuration, as SQLite's unicode61 tokenizer (no stemming).
ALTER TABLE building_blocks ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', name || ' ' || description || ' ' || purpose)
) STORED;
CREATE INDEX building_blocks_search ON building_blocks USING GIN (search);

-- Every write transaction starts by updating this row, which serialises writers on both
-- backends (and makes SQLite take its write lock before reading, so no lock upgrade fails).
CREATE TABLE write_lock (id INTEGER PRIMARY KEY NOT NULL, n BIGINT NOT NULL);
INSERT INTO write_lock (id, n) VALUES (1, 0);

-- Unicode lower case for case-insensitive search; SQLite connections register the same name.
CREATE FUNCTION fold(text) RETURNS text LANGUAGE SQL IMMUTABLE PARALLEL SAFE AS 'SELECT lower($1)';
