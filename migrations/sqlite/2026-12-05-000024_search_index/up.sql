-- Asking every process to rebuild its search index from the database (`registry reindex`):
-- each compares the number with the one it built under.
ALTER TABLE write_lock ADD COLUMN reindex BIGINT NOT NULL DEFAULT 0;

-- Searches are answered by the index; the full-text tables only slowed every write.
DROP TRIGGER building_blocks_fts_insert;
DROP TRIGGER building_blocks_fts_update;
DROP TRIGGER building_blocks_fts_delete;
DROP TABLE building_blocks_fts;
DROP TRIGGER apis_fts_insert;
DROP TRIGGER apis_fts_update;
DROP TRIGGER apis_fts_delete;
DROP TABLE apis_fts;
