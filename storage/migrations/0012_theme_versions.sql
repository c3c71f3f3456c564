-- Themes get a row version, as rooms and sessions have, so that they carry an etag and can be
-- updated (UpdateTheme) without losing a concurrent change.
ALTER TABLE themes ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
