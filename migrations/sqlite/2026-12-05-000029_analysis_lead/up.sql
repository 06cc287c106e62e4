-- The actor that leads the exploratory work in Idé and Analys och krav, appointed by the
-- infrastructure owner in its decision to start it (001 §4.1.5), apart from the responsible
-- agency (byggblocks-/grunddatadomänansvarig) appointed for development and operation.
ALTER TABLE building_blocks ADD COLUMN analysis_lead_id TEXT REFERENCES organisations (id);
ALTER TABLE base_data_domains ADD COLUMN analysis_lead_id TEXT REFERENCES organisations (id);
