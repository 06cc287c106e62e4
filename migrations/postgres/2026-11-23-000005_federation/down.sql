ALTER TABLE changes DROP COLUMN signature;
DROP TABLE origin_keys;
DROP TABLE pending_changes;
DROP TABLE peers;
