ALTER TABLE changes DROP COLUMN bypass;
