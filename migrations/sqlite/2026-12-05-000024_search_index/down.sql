ALTER TABLE write_lock DROP COLUMN reindex;

-- Full-text search: diacritics kept, as PostgreSQL's 'simple' configuration keeps them.
CREATE VIRTUAL TABLE building_blocks_fts USING fts5 (
    id UNINDEXED, name, description, purpose, tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TRIGGER building_blocks_fts_insert AFTER INSERT ON building_blocks BEGIN
    INSERT INTO building_blocks_fts (id, name, description, purpose)
    VALUES (new.id, new.name, new.description, new.purpose);
END;
CREATE TRIGGER building_blocks_fts_update AFTER UPDATE OF name, description, purpose ON building_blocks BEGIN
    DELETE FROM building_blocks_fts WHERE id = old.id;
    INSERT INTO building_blocks_fts (id, name, description, purpose)
    VALUES (new.id, new.name, new.description, new.purpose);
END;
CREATE TRIGGER building_blocks_fts_delete AFTER DELETE ON building_blocks BEGIN
    DELETE FROM building_blocks_fts WHERE id = old.id;
END;
INSERT INTO building_blocks_fts (id, name, description, purpose) SELECT id, name, description, purpose FROM building_blocks;

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
INSERT INTO apis_fts (id, title_sv, title_en, description_sv, description_en, keywords) SELECT id, title_sv, title_en, description_sv, description_en, keywords FROM apis;
