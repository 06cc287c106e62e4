-- Funding beyond the blocks (001 §7.5.2): a need is a block's, a base-data domain's, a
-- competence area's, or one without a registered entry, named by its label (the infrastructure
-- owner's steering, the competence areas together, a not-yet-named new block).
ALTER TABLE funding_needs ALTER COLUMN building_block_id DROP NOT NULL;
ALTER TABLE funding_needs DROP CONSTRAINT funding_needs_building_block_id_year_key;
ALTER TABLE funding_needs ADD COLUMN subject_kind TEXT NOT NULL DEFAULT 'byggblock';
ALTER TABLE funding_needs ADD COLUMN base_data_domain_id TEXT REFERENCES base_data_domains (id);
ALTER TABLE funding_needs ADD COLUMN competence_area_id TEXT REFERENCES competence_areas (id);
ALTER TABLE funding_needs ADD COLUMN label TEXT;
-- The subject's id, or "label:", the origin and the label: one need per subject and year.
ALTER TABLE funding_needs ADD COLUMN subject_key TEXT;
UPDATE funding_needs SET subject_key = building_block_id;
ALTER TABLE funding_needs ALTER COLUMN subject_key SET NOT NULL;
CREATE INDEX funding_needs_block ON funding_needs (building_block_id);
CREATE UNIQUE INDEX funding_needs_subject_year ON funding_needs (subject_key, year);
