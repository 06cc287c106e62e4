-- A mirrored API's latest OpenAPI document as its origin describes it (number, version and the
-- origin's stable URLs, JSON). The document itself stays at the origin, which serves it with
-- CORS open; the mirror's catalogue points there.
ALTER TABLE apis ADD COLUMN mirrored_document TEXT;
