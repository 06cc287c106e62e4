DROP TABLE IF EXISTS api_documents;
DROP TABLE IF EXISTS api_themes;
DROP TABLE IF EXISTS api_building_blocks;
DROP TABLE IF EXISTS apis;
