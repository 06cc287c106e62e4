ALTER TABLE peers DROP COLUMN client_secret;
ALTER TABLE peers DROP COLUMN client_id;
