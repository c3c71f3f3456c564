-- After the translation of 0018: a change's revision is the log's next number, given as the row
-- is written, as SQLite gives a rowid, rather than drawn from a sequence. A sequence would leave
-- gaps (every merge into an open row, an upsert that conflicts, draws a number it throws away)
-- and the feed promises revisions without gaps. forumd's writes serialize across replicas (an
-- advisory lock; storage/postgresql/database.h), so the largest revision is read by one writer
-- at a time; the trigger takes the same lock itself (held already, it costs nothing), so that a
-- script's change or a migration waits its turn too instead of taking the same number.
ALTER TABLE changes ALTER COLUMN revision DROP IDENTITY;
CREATE FUNCTION changes_numbered() RETURNS trigger LANGUAGE plpgsql AS $forum$
BEGIN
  PERFORM pg_advisory_xact_lock(112628847701249);  -- kWriteLock, "forum" then 1
  NEW.revision := coalesce((SELECT max(revision) FROM changes),
                           (SELECT compacted FROM change_log WHERE id = 1), 0) + 1;
  RETURN NEW;
END
$forum$;
CREATE TRIGGER changes_numbered BEFORE INSERT ON changes FOR EACH ROW
  EXECUTE FUNCTION changes_numbered();
