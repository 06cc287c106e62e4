ALTER TABLE changes DROP COLUMN signature;
DROP TABLE peers;
