-- The change feed's log (WatchEvent). Every change to a resource of an event leaves a row here,
-- written by triggers in the same transaction as the change itself and its audit record, so the
-- log can neither miss a change nor record one that rolled back. The row's `revision` is its
-- rowid: one writer gives them in commit order, a savepoint rolled back gives its numbers back,
-- and pruning always keeps the newest row, so revisions increase without gaps.
--
-- One call that touches a resource several times leaves one row: while the call runs its rows
-- are `open`, and a later touch of the same name merges into the open row (created, then
-- updated, stays created; anything then deleted is deleted; deleted, then created again, is
-- updated). The writer closes the call's rows, with the call's commit time, before it releases
-- the call's savepoint. Rows of tables that belong to a resource (the organizers of an event, the
-- participants of a round table) record an update of that resource. A list's floor shows its next
-- speakers and queued replies, so a change of a speaker or a turn is also one of the floor.
CREATE TABLE changes (
  revision INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL,
  name TEXT NOT NULL,
  -- 1 created, 2 updated, 3 deleted (forum.v1.ChangeType).
  kind INTEGER NOT NULL,
  commit_micros INTEGER NOT NULL DEFAULT 0,
  open INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX changes_by_event ON changes(event_id, revision);
CREATE UNIQUE INDEX changes_open ON changes(name) WHERE open = 1;

-- What pruning has dropped: every revision up to `compacted` is gone from the log.
CREATE TABLE change_log (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  compacted INTEGER NOT NULL
) STRICT;
INSERT INTO change_log (id, compacted) VALUES (1, 0);

-- Every resource of an event that the feed reports, by name: what a watcher's first snapshot
-- reads. The plenary list and each round table's list exist (with their floors) whether or not
-- their settings were ever changed.
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
    || '/paragraphs/' || paragraph_id FROM document_paragraphs;

CREATE TRIGGER changes_events_insert AFTER INSERT ON events BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id, 1)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_events_update AFTER UPDATE ON events BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_events_delete AFTER DELETE ON events BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id, 3)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_event_organizers_insert AFTER INSERT ON event_organizers BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_event_organizers_update AFTER UPDATE ON event_organizers BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_event_organizers_delete AFTER DELETE ON event_organizers BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_event_follow_ups_insert AFTER INSERT ON event_follow_ups BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_event_follow_ups_update AFTER UPDATE ON event_follow_ups BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_event_follow_ups_delete AFTER DELETE ON event_follow_ups BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_event_outcomes_insert AFTER INSERT ON event_outcomes BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_event_outcomes_update AFTER UPDATE ON event_outcomes BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_event_outcomes_delete AFTER DELETE ON event_outcomes BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_event_participation_insert AFTER INSERT ON event_participation BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_event_participation_update AFTER UPDATE ON event_participation BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_event_participation_delete AFTER DELETE ON event_participation BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_rooms_insert AFTER INSERT ON rooms BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/rooms/' || NEW.room_id, 1)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_rooms_update AFTER UPDATE ON rooms BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/rooms/' || NEW.room_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_rooms_delete AFTER DELETE ON rooms BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/rooms/' || OLD.room_id, 3)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_sessions_insert AFTER INSERT ON sessions BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/sessions/' || NEW.session_id, 1)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_sessions_update AFTER UPDATE ON sessions BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/sessions/' || NEW.session_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_sessions_delete AFTER DELETE ON sessions BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/sessions/' || OLD.session_id, 3)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_themes_insert AFTER INSERT ON themes BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/themes/' || NEW.theme_id, 1)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_themes_update AFTER UPDATE ON themes BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/themes/' || NEW.theme_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_themes_delete AFTER DELETE ON themes BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/themes/' || OLD.theme_id, 3)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_delegations_insert AFTER INSERT ON delegations BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/delegations/' || NEW.entity_code, 1)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_delegations_update AFTER UPDATE ON delegations BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/delegations/' || NEW.entity_code, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_delegations_delete AFTER DELETE ON delegations BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/delegations/' || OLD.entity_code, 3)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_delegation_members_insert AFTER INSERT ON delegation_members BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/delegations/' || NEW.entity_code || '/members/' || NEW.member_id, 1)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_delegation_members_update AFTER UPDATE ON delegation_members BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/delegations/' || NEW.entity_code || '/members/' || NEW.member_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_delegation_members_delete AFTER DELETE ON delegation_members BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/delegations/' || OLD.entity_code || '/members/' || OLD.member_id, 3)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_round_tables_insert AFTER INSERT ON round_tables BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/roundTables/' || NEW.round_table_id, 1)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_round_tables_update AFTER UPDATE ON round_tables BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/roundTables/' || NEW.round_table_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_round_tables_delete AFTER DELETE ON round_tables BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/roundTables/' || OLD.round_table_id, 3)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_round_table_participants_insert AFTER INSERT ON round_table_participants BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/roundTables/' || NEW.round_table_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_round_table_participants_update AFTER UPDATE ON round_table_participants BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/roundTables/' || NEW.round_table_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_round_table_participants_delete AFTER DELETE ON round_table_participants BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/roundTables/' || OLD.round_table_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_round_table_rules_insert AFTER INSERT ON round_table_rules BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/roundTableRules', 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_round_table_rules_update AFTER UPDATE ON round_table_rules BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/roundTableRules', 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_round_table_rules_delete AFTER DELETE ON round_table_rules BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/roundTableRules', 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_speaker_lists_insert AFTER INSERT ON speaker_lists BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/speakerLists/' || NEW.list_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_speaker_lists_update AFTER UPDATE ON speaker_lists BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/speakerLists/' || NEW.list_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_speaker_lists_delete AFTER DELETE ON speaker_lists BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/speakerLists/' || OLD.list_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_speakers_insert AFTER INSERT ON speakers BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/speakerLists/' || NEW.list_id || '/speakers/' || NEW.speaker_id, 1)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/speakerLists/' || NEW.list_id || '/floor', 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_speakers_update AFTER UPDATE ON speakers BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/speakerLists/' || NEW.list_id || '/speakers/' || NEW.speaker_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/speakerLists/' || NEW.list_id || '/floor', 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_speakers_delete AFTER DELETE ON speakers BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/speakerLists/' || OLD.list_id || '/speakers/' || OLD.speaker_id, 3)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/speakerLists/' || OLD.list_id || '/floor', 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_speaker_floors_insert AFTER INSERT ON speaker_floors BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/speakerLists/' || NEW.list_id || '/floor', 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_speaker_floors_update AFTER UPDATE ON speaker_floors BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/speakerLists/' || NEW.list_id || '/floor', 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_speaker_floors_delete AFTER DELETE ON speaker_floors BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/speakerLists/' || OLD.list_id || '/floor', 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_statements_insert AFTER INSERT ON statements BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/speakerLists/' || NEW.list_id || '/statements/' || NEW.statement_id, 1)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/speakerLists/' || NEW.list_id || '/floor', 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_statements_update AFTER UPDATE ON statements BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/speakerLists/' || NEW.list_id || '/statements/' || NEW.statement_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/speakerLists/' || NEW.list_id || '/floor', 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_statements_delete AFTER DELETE ON statements BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/speakerLists/' || OLD.list_id || '/statements/' || OLD.statement_id, 3)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/speakerLists/' || OLD.list_id || '/floor', 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_documents_insert AFTER INSERT ON documents BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/documents/' || NEW.document_id, 1)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_documents_update AFTER UPDATE ON documents BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/documents/' || NEW.document_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_documents_delete AFTER DELETE ON documents BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/documents/' || OLD.document_id, 3)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_document_revisions_insert AFTER INSERT ON document_revisions BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/documents/' || NEW.document_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_document_revisions_update AFTER UPDATE ON document_revisions BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/documents/' || NEW.document_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_document_revisions_delete AFTER DELETE ON document_revisions BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/documents/' || OLD.document_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_document_corrigenda_insert AFTER INSERT ON document_corrigenda BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/documents/' || NEW.document_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_document_corrigenda_update AFTER UPDATE ON document_corrigenda BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/documents/' || NEW.document_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_document_corrigenda_delete AFTER DELETE ON document_corrigenda BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/documents/' || OLD.document_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_corrigendum_corrections_insert AFTER INSERT ON corrigendum_corrections BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/documents/' || NEW.document_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_corrigendum_corrections_update AFTER UPDATE ON corrigendum_corrections BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/documents/' || NEW.document_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_corrigendum_corrections_delete AFTER DELETE ON corrigendum_corrections BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/documents/' || OLD.document_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_document_sections_insert AFTER INSERT ON document_sections BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/documents/' || NEW.document_id || '/sections/' || NEW.section_id, 1)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_document_sections_update AFTER UPDATE ON document_sections BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/documents/' || NEW.document_id || '/sections/' || NEW.section_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_document_sections_delete AFTER DELETE ON document_sections BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/documents/' || OLD.document_id || '/sections/' || OLD.section_id, 3)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_document_paragraphs_insert AFTER INSERT ON document_paragraphs BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/documents/' || NEW.document_id || '/paragraphs/' || NEW.paragraph_id, 1)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_document_paragraphs_update AFTER UPDATE ON document_paragraphs BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (NEW.event_id, 'events/' || NEW.event_id || '/documents/' || NEW.document_id || '/paragraphs/' || NEW.paragraph_id, 2)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

CREATE TRIGGER changes_document_paragraphs_delete AFTER DELETE ON document_paragraphs BEGIN
  INSERT INTO changes (event_id, name, kind) VALUES (OLD.event_id, 'events/' || OLD.event_id || '/documents/' || OLD.document_id || '/paragraphs/' || OLD.paragraph_id, 3)
    ON CONFLICT (name) WHERE open = 1 DO UPDATE SET kind = CASE WHEN excluded.kind = 3 THEN 3 WHEN kind = 1 THEN 1 WHEN kind = 3 THEN 2 ELSE excluded.kind END;
END;

