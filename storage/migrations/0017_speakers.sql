-- Lists of speakers. A list is `plenary` or a round table's id; one without a row of its own in
-- speaker_lists has the default settings. Speakers keep their place in the speaking order
-- (`position`, from 1; 0 once withdrawn), recomputed by the server whenever the order changes,
-- so that a page of a list reads one range of speakers_in_order.

CREATE TABLE speaker_lists (
  event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
  list_id TEXT NOT NULL,
  open INTEGER NOT NULL,
  inscription_deadline INTEGER,
  policy INTEGER NOT NULL,
  draw_seed INTEGER NOT NULL,
  groups_first INTEGER NOT NULL,
  national_seconds INTEGER NOT NULL,
  group_seconds INTEGER NOT NULL,
  joint_seconds INTEGER NOT NULL,
  observer_seconds INTEGER NOT NULL,
  organization_seconds INTEGER NOT NULL,
  replies_per_meeting INTEGER NOT NULL,
  first_reply_seconds INTEGER NOT NULL,
  second_reply_seconds INTEGER NOT NULL,
  allow_multiple_national INTEGER NOT NULL,
  absent_policy INTEGER NOT NULL,
  move_seq INTEGER NOT NULL DEFAULT 0,
  -- The last statement number given on the list: numbers are never given twice.
  statement_seq INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (event_id, list_id)
) STRICT;

CREATE TABLE speakers (
  event_id TEXT NOT NULL,
  list_id TEXT NOT NULL,
  speaker_id TEXT NOT NULL,
  entity_code TEXT NOT NULL,
  speaker_name TEXT NOT NULL DEFAULT '',
  speaker_title TEXT NOT NULL DEFAULT '',
  level INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  on_behalf_of TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  inscribe_time INTEGER NOT NULL,
  state INTEGER NOT NULL,
  session_id TEXT,
  position INTEGER NOT NULL DEFAULT 0,
  -- A manual move: the speaker followed ('' for first), the move's number in the list, why,
  -- by whom and when. NULL moved_after: never moved, or its level changed since.
  moved_after TEXT,
  move_seq INTEGER NOT NULL DEFAULT 0,
  move_reason TEXT NOT NULL DEFAULT '',
  moved_by TEXT NOT NULL DEFAULT '',
  move_time INTEGER NOT NULL DEFAULT 0,
  -- Called and absent: the number of that sending back in the list (0: never).
  absent_seq INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (event_id, list_id, speaker_id),
  FOREIGN KEY (event_id, entity_code) REFERENCES delegations(event_id, entity_code),
  FOREIGN KEY (event_id, session_id) REFERENCES sessions(event_id, session_id)
) STRICT;
CREATE INDEX speakers_in_order ON speakers(event_id, list_id, position, speaker_id);
CREATE INDEX speakers_by_delegation ON speakers(event_id, entity_code, list_id);
CREATE INDEX speakers_by_session ON speakers(event_id, session_id);

-- The floor of each list: the plenary meeting under way, the turn that has the floor, the
-- statement a point of order interrupted, and since when the clock is stopped (0: running).
CREATE TABLE speaker_floors (
  event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
  list_id TEXT NOT NULL,
  session_id TEXT,
  current_statement INTEGER,
  interrupted_statement INTEGER,
  paused_since INTEGER NOT NULL DEFAULT 0,
  -- Since when the interrupted statement's clock stands still.
  interrupted_paused_since INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (event_id, list_id),
  FOREIGN KEY (event_id, session_id) REFERENCES sessions(event_id, session_id)
) STRICT;

-- Turns at the floor: a right of reply queued (no start), a turn under way (no end), or the
-- record of one delivered. `paused_micros` is the time the clock stood still.
CREATE TABLE statements (
  event_id TEXT NOT NULL,
  list_id TEXT NOT NULL,
  statement_id INTEGER NOT NULL,
  turn INTEGER NOT NULL,
  speaker_id TEXT,
  entity_code TEXT NOT NULL,
  kind INTEGER NOT NULL DEFAULT 0,
  level INTEGER NOT NULL DEFAULT 0,
  speaker_name TEXT NOT NULL DEFAULT '',
  speaker_title TEXT NOT NULL DEFAULT '',
  session_id TEXT,
  request_time INTEGER NOT NULL,
  start_time INTEGER,
  end_time INTEGER,
  paused_micros INTEGER NOT NULL DEFAULT 0,
  limit_seconds INTEGER NOT NULL DEFAULT 0,
  reply_number INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (event_id, list_id, statement_id),
  FOREIGN KEY (event_id, entity_code) REFERENCES delegations(event_id, entity_code),
  FOREIGN KEY (event_id, session_id) REFERENCES sessions(event_id, session_id),
  CHECK (end_time IS NULL OR start_time IS NOT NULL)
) STRICT;
CREATE INDEX statements_by_entity ON statements(event_id, list_id, entity_code, session_id, turn);
CREATE INDEX statements_queued ON statements(event_id, list_id, session_id, statement_id)
  WHERE start_time IS NULL;
