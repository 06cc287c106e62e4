CREATE TABLE apis (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    uri TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    title_sv TEXT NOT NULL,
    title_en TEXT NOT NULL,
    description_sv TEXT NOT NULL,
    description_en TEXT NOT NULL,
    publisher_id TEXT NOT NULL REFERENCES organisations (id),
    endpoint_urls TEXT NOT NULL,
    status TEXT NOT NULL,
    sunset_date DATE,
    successor_id TEXT REFERENCES apis (id),
    licence TEXT,
    access_rights TEXT NOT NULL,
    contact_name TEXT,
    contact_email TEXT,
    contact_url TEXT,
    keywords TEXT NOT NULL,
    conforms_to TEXT NOT NULL,
    documentation_url TEXT,
    sla TEXT,
    spec_url TEXT,
    -- The service IRI an imported API came from (POST /api/v1/catalog/imports), so that a
    -- second import of the same catalogue updates rather than duplicates.
    source_iri TEXT
);
CREATE INDEX apis_source_iri ON apis (source_iri);
CREATE INDEX apis_publisher ON apis (publisher_id, id);
CREATE INDEX apis_status ON apis (status, id);
CREATE INDEX apis_access_rights ON apis (access_rights, id);
CREATE INDEX apis_successor ON apis (successor_id);

CREATE TABLE api_building_blocks (
    api_id TEXT NOT NULL REFERENCES apis (id) ON DELETE CASCADE,
    building_block_id TEXT NOT NULL REFERENCES building_blocks (id),
    PRIMARY KEY (api_id, building_block_id)
);
CREATE INDEX api_building_blocks_block ON api_building_blocks (building_block_id, api_id);

-- EU data themes (http://publications.europa.eu/resource/authority/data-theme), by code.
CREATE TABLE api_themes (
    api_id TEXT NOT NULL REFERENCES apis (id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    PRIMARY KEY (api_id, theme)
);
CREATE INDEX api_themes_theme ON api_themes (theme, api_id);

-- OpenAPI documents of an API, one row per version (a new version only when the content
-- changed); the document is kept as normalised JSON and served as JSON or YAML.
CREATE TABLE api_documents (
    api_id TEXT NOT NULL REFERENCES apis (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    spec_version TEXT NOT NULL,
    source TEXT NOT NULL,
    source_url TEXT,
    content TEXT NOT NULL,
    checks TEXT NOT NULL,
    PRIMARY KEY (api_id, number)
);

-- Full-text search over titles, descriptions and keywords (as building_blocks_fts).
CREATE VIRTUAL TABLE apis_fts USING fts5 (
    id UNINDEXED, title_sv, title_en, description_sv, description_en, keywords,
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TRIGGER apis_fts_insert AFTER INSERT ON apis BEGIN
    INSERT INTO apis_fts (id, title_sv, title_en, description_sv, description_en, keywords)
    VALUES (new.id, new.title_sv, new.title_en, new.description_sv, new.description_en, new.keywords);
END;
CREATE TRIGGER apis_fts_update AFTER UPDATE OF title_sv, title_en, description_sv, description_en, keywords ON apis BEGIN
    DELETE FROM apis_fts WHERE id = old.id;
    INSERT INTO apis_fts (id, title_sv, title_en, description_sv, description_en, keywords)
    VALUES (new.id, new.title_sv, new.title_en, new.description_sv, new.description_en, new.keywords);
END;
CREATE TRIGGER apis_fts_delete AFTER DELETE ON apis BEGIN
    DELETE FROM apis_fts WHERE id = old.id;
END;
