DROP TABLE catalog_terms;
DROP TABLE catalog_datasets;
DROP INDEX apis_identifier;
ALTER TABLE apis DROP COLUMN dcat;
ALTER TABLE apis DROP COLUMN contact_telephone;
ALTER TABLE apis DROP COLUMN identifier;
