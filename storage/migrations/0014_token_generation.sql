-- A counter that moves with every change to the tokens or their bindings, made by this server or
-- by any other process on the same file (`forumd tokens revoke` while the server runs). The
-- server keeps the callers it has authenticated in memory and trusts them only while the counter
-- it reads in the call's own snapshot is the one they were checked at: a revocation is seen by
-- the next call that starts after it commits.
CREATE TABLE token_generation (
  only INTEGER PRIMARY KEY CHECK (only = 1),
  generation INTEGER NOT NULL
) STRICT;
INSERT INTO token_generation (only, generation) VALUES (1, 0);

CREATE TRIGGER tokens_inserted AFTER INSERT ON tokens BEGIN
  UPDATE token_generation SET generation = generation + 1;
END;
CREATE TRIGGER tokens_updated AFTER UPDATE ON tokens BEGIN
  UPDATE token_generation SET generation = generation + 1;
END;
CREATE TRIGGER tokens_deleted AFTER DELETE ON tokens BEGIN
  UPDATE token_generation SET generation = generation + 1;
END;
CREATE TRIGGER token_bindings_inserted AFTER INSERT ON token_bindings BEGIN
  UPDATE token_generation SET generation = generation + 1;
END;
CREATE TRIGGER token_bindings_updated AFTER UPDATE ON token_bindings BEGIN
  UPDATE token_generation SET generation = generation + 1;
END;
CREATE TRIGGER token_bindings_deleted AFTER DELETE ON token_bindings BEGIN
  UPDATE token_generation SET generation = generation + 1;
END;
