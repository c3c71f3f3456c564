-- Bearer tokens (only a hash of each secret is kept), the roles each token holds, and the audit
-- trail that every accepted change appends to in its own transaction.

CREATE TABLE tokens (
  token_id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  secret_hash BLOB NOT NULL,
  create_time INTEGER NOT NULL,
  expire_time INTEGER,
  revoke_time INTEGER,
  creator TEXT NOT NULL
) STRICT;

CREATE TABLE token_bindings (
  token_id TEXT NOT NULL REFERENCES tokens(token_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  role INTEGER NOT NULL,
  scope TEXT NOT NULL,
  PRIMARY KEY (token_id, position)
) STRICT;

CREATE TABLE audit_records (
  record_id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  caller TEXT NOT NULL,
  caller_display_name TEXT NOT NULL,
  method TEXT NOT NULL,
  resource TEXT NOT NULL,
  request_id TEXT NOT NULL DEFAULT ''
) STRICT;

-- One index only: every page an index adds is written by every audited change. Lists by caller
-- or time walk the records newest first (record ids grow with commit order), which is what a
-- reader of the trail wants anyway; lists by resource use the index.
CREATE INDEX audit_records_by_resource ON audit_records(resource);
