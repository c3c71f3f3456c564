-- PostgreSQL's text of 0011: the old table's primary key index is renamed with it, so that the
-- new table can have its own under the usual name.
ALTER TABLE request_log RENAME TO request_log_unscoped;
ALTER INDEX request_log_pkey RENAME TO request_log_unscoped_pkey;

CREATE TABLE request_log (
  caller TEXT COLLATE "C" NOT NULL,
  request_id TEXT COLLATE "C" NOT NULL,
  method TEXT COLLATE "C" NOT NULL,
  request_digest TEXT COLLATE "C" NOT NULL,
  response BYTEA NOT NULL,
  create_time BIGINT NOT NULL,
  PRIMARY KEY (caller, request_id)
);
CREATE INDEX request_log_by_time ON request_log(create_time);

INSERT INTO request_log (caller, request_id, method, request_digest, response, create_time)
  SELECT '', request_id, method, request_digest, response, create_time FROM request_log_unscoped;
DROP TABLE request_log_unscoped;
