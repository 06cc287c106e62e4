ALTER TABLE peers DROP COLUMN caught_up_at;
ALTER TABLE peers DROP COLUMN failures;
