ALTER TABLE base_data_domains DROP COLUMN analysis_funding;
ALTER TABLE base_data_domains DROP COLUMN analysis_legal;
ALTER TABLE base_data_domains DROP COLUMN analysis_risk;
ALTER TABLE base_data_domains DROP COLUMN analysis_benefit;
