-- Published programmes (ScheduleService): numbered, immutable releases of an event's schedule.
-- A row is written once and never changed. `release` holds the forum.v1.ScheduleRelease with its
-- changelog, `entries` the forum.v1.ScheduleEntries the exports and feeds are made from, so that
-- a release reads back exactly as it was published whatever happens to the meetings since.
CREATE TABLE schedule_releases (
  event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
  number INTEGER NOT NULL CHECK (number > 0),
  version TEXT NOT NULL,
  create_micros INTEGER NOT NULL,
  release BLOB NOT NULL,
  entries BLOB NOT NULL,
  PRIMARY KEY (event_id, number),
  UNIQUE (event_id, version)
) STRICT;

-- The change feed carries each release as it is published.
CREATE TRIGGER changes_schedule_releases_insert AFTER INSERT ON schedule_releases BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/scheduleReleases/' || NEW.number, 1)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

-- The feed's snapshot lists the releases with the other resources of the event.
DROP VIEW event_resources;
CREATE VIEW event_resources (event_id, name) AS
  SELECT event_id, 'events/' || event_id FROM events
  UNION ALL SELECT event_id, 'events/' || event_id || '/rooms/' || room_id FROM rooms
  UNION ALL SELECT event_id, 'events/' || event_id || '/sessions/' || session_id FROM sessions
  UNION ALL SELECT event_id, 'events/' || event_id || '/themes/' || theme_id FROM themes
  UNION ALL SELECT event_id, 'events/' || event_id || '/delegations/' || entity_code FROM delegations
  UNION ALL SELECT event_id, 'events/' || event_id || '/delegations/' || entity_code || '/members/'
    || member_id FROM delegation_members
  UNION ALL SELECT event_id, 'events/' || event_id || '/roundTables/' || round_table_id
    FROM round_tables
  UNION ALL SELECT event_id, 'events/' || event_id || '/roundTableRules' FROM events
  UNION ALL SELECT event_id, 'events/' || event_id || '/speakerLists/plenary' FROM events
  UNION ALL SELECT event_id, 'events/' || event_id || '/speakerLists/plenary/floor' FROM events
  UNION ALL SELECT event_id, 'events/' || event_id || '/speakerLists/' || round_table_id
    FROM round_tables
  UNION ALL SELECT event_id, 'events/' || event_id || '/speakerLists/' || round_table_id || '/floor'
    FROM round_tables
  UNION ALL SELECT event_id, 'events/' || event_id || '/speakerLists/' || list_id || '/speakers/'
    || speaker_id FROM speakers
  UNION ALL SELECT event_id, 'events/' || event_id || '/speakerLists/' || list_id || '/statements/'
    || statement_id FROM statements
  UNION ALL SELECT event_id, 'events/' || event_id || '/documents/' || document_id FROM documents
  UNION ALL SELECT event_id, 'events/' || event_id || '/documents/' || document_id || '/sections/'
    || section_id FROM document_sections
  UNION ALL SELECT event_id, 'events/' || event_id || '/documents/' || document_id
    || '/paragraphs/' || paragraph_id FROM document_paragraphs
  UNION ALL SELECT event_id, 'events/' || event_id || '/scheduleReleases/' || number
    FROM schedule_releases;
