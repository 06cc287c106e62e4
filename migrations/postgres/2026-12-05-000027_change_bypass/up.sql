-- A write by an operator token, which the permission table does not hold to, says so.
ALTER TABLE changes ADD COLUMN bypass TEXT;
