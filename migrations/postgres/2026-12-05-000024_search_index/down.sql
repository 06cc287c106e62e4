ALTER TABLE write_lock DROP COLUMN reindex;

ALTER TABLE building_blocks ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', name || ' ' || description || ' ' || purpose)
) STORED;
CREATE INDEX building_blocks_search ON building_blocks USING GIN (search);
ALTER TABLE apis ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', title_sv || ' ' || title_en || ' ' || description_sv || ' ' || description_en || ' ' || keywords)
) STORED;
CREATE INDEX apis_search ON apis USING GIN (search);
