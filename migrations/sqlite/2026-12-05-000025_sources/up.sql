-- Where each entry's facts come from (a report and its section), served as `source`.
ALTER TABLE organisations ADD COLUMN source TEXT;
ALTER TABLE role_assignments ADD COLUMN source TEXT;
ALTER TABLE competence_areas ADD COLUMN source TEXT;
ALTER TABLE building_blocks ADD COLUMN source TEXT;
ALTER TABLE base_data_domains ADD COLUMN source TEXT;
ALTER TABLE phase_decisions ADD COLUMN source TEXT;
ALTER TABLE plans ADD COLUMN source TEXT;
ALTER TABLE funding_needs ADD COLUMN source TEXT;
ALTER TABLE benefits ADD COLUMN source TEXT;
ALTER TABLE apis ADD COLUMN source TEXT;
