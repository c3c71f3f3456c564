-- Request ids belong to the caller that sent them: two callers may use the same id without
-- seeing or blocking each other's requests. Ids kept before this change had no caller; they
-- keep the empty one. Old entries are pruned by time (create_time is indexed for that).

ALTER TABLE request_log RENAME TO request_log_unscoped;

CREATE TABLE request_log (
  caller TEXT NOT NULL,
  request_id TEXT NOT NULL,
  method TEXT NOT NULL,
  request_digest TEXT NOT NULL,
  response BLOB NOT NULL,
  create_time INTEGER NOT NULL,
  PRIMARY KEY (caller, request_id)
) STRICT;
CREATE INDEX request_log_by_time ON request_log(create_time);

INSERT INTO request_log (caller, request_id, method, request_digest, response, create_time)
  SELECT '', request_id, method, request_digest, response, create_time FROM request_log_unscoped;
DROP TABLE request_log_unscoped;
