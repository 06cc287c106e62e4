-- Asking every process to rebuild its search index from the database (`registry reindex`):
-- each compares the number with the one it built under.
ALTER TABLE write_lock ADD COLUMN reindex BIGINT NOT NULL DEFAULT 0;

-- Searches are answered by the index; the full-text columns only slowed every write.
ALTER TABLE building_blocks DROP COLUMN search;
ALTER TABLE apis DROP COLUMN search;
