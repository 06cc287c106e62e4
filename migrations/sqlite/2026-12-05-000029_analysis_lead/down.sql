ALTER TABLE building_blocks DROP COLUMN analysis_lead_id;
ALTER TABLE base_data_domains DROP COLUMN analysis_lead_id;
