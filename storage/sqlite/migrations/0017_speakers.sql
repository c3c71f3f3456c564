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
  version INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (event_id, list_id, speaker_id),
  FOREIGN KEY (event_id, entity_code) REFERENCES delegations(event_id, entity_code),
  FOREIGN KEY (event_id, session_id) REFERENCES sessions(event_id, session_id)
) STRICT;
CREATE INDEX speakers_in_order ON speakers(event_id, list_id, position, speaker_id);
CREATE INDEX speakers_by_delegation ON speakers(event_id, entity_code, list_id);
CREATE INDEX speakers_by_session ON speakers(event_id, session_id);
