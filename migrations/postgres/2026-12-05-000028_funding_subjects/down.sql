-- Only the blocks' needs fit the old table; the others go.
DELETE FROM funding_needs WHERE building_block_id IS NULL;
DROP INDEX funding_needs_subject_year;
DROP INDEX funding_needs_block;
ALTER TABLE funding_needs DROP COLUMN subject_key;
ALTER TABLE funding_needs DROP COLUMN label;
ALTER TABLE funding_needs DROP COLUMN competence_area_id;
ALTER TABLE funding_needs DROP COLUMN base_data_domain_id;
ALTER TABLE funding_needs DROP COLUMN subject_kind;
ALTER TABLE funding_needs ADD CONSTRAINT funding_needs_building_block_id_year_key UNIQUE (building_block_id, year);
ALTER TABLE funding_needs ALTER COLUMN building_block_id SET NOT NULL;
