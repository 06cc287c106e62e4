DROP TABLE catalog_sources;
