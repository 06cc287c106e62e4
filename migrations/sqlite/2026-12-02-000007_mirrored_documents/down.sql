ALTER TABLE apis DROP COLUMN mirrored_document;
