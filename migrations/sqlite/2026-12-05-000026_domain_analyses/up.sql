-- Base-data domains follow the blocks' model of governance and funding (001 §2): the same four
-- analyses, gating the step from Analys och krav to Utveckling.
ALTER TABLE base_data_domains ADD COLUMN analysis_funding TEXT NOT NULL DEFAULT 'ej-paborjad';
ALTER TABLE base_data_domains ADD COLUMN analysis_legal TEXT NOT NULL DEFAULT 'ej-paborjad';
ALTER TABLE base_data_domains ADD COLUMN analysis_risk TEXT NOT NULL DEFAULT 'ej-paborjad';
ALTER TABLE base_data_domains ADD COLUMN analysis_benefit TEXT NOT NULL DEFAULT 'ej-paborjad';
