-- Core schema: entities, events and their meetings, rooms and themes, delegations and members,
-- and the request ids that make creates idempotent.
-- Instants are microseconds since the Unix epoch (UTC); dates are ISO text YYYY-MM-DD.
-- `version` counts updates of a row; the etag is derived from it.

CREATE TABLE entities (
  code TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  kind INTEGER NOT NULL,
  regional_group INTEGER NOT NULL DEFAULT 0,
  admission_date TEXT NOT NULL DEFAULT '',
  end_date TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX entities_by_kind ON entities(kind, regional_group, code);

CREATE TABLE events (
  event_id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  kind INTEGER NOT NULL,
  mandate TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  venue TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  presiding_officer TEXT NOT NULL DEFAULT '',
  state INTEGER NOT NULL,
  create_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  CHECK (end_date >= start_date)
) STRICT;
CREATE INDEX events_by_start ON events(start_date, event_id);

CREATE TABLE event_organizers (
  event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  organizer TEXT NOT NULL,
  PRIMARY KEY (event_id, position)
) STRICT;

CREATE TABLE event_follow_ups (
  event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  follows_up TEXT NOT NULL REFERENCES events(event_id),
  PRIMARY KEY (event_id, position)
) STRICT;

CREATE TABLE event_outcomes (
  event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  symbol TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (event_id, position)
) STRICT;

CREATE TABLE event_participation (
  event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  category TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count >= 0),
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (event_id, position)
) STRICT;

CREATE TABLE rooms (
  event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
  room_id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity > 0),
  description TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (event_id, room_id)
) STRICT;

CREATE TABLE sessions (
  event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
  session_id TEXT NOT NULL,
  number INTEGER NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  start_time INTEGER NOT NULL,
  end_time INTEGER NOT NULL,
  room_id TEXT,
  presiding_officer TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  times_indicative INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (event_id, session_id),
  UNIQUE (event_id, number),
  FOREIGN KEY (event_id, room_id) REFERENCES rooms(event_id, room_id),
  CHECK (end_time > start_time)
) STRICT;
CREATE INDEX sessions_by_room ON sessions(event_id, room_id, start_time);

CREATE TABLE themes (
  event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
  theme_id TEXT NOT NULL,
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (event_id, theme_id),
  UNIQUE (event_id, number)
) STRICT;

CREATE TABLE delegations (
  event_id TEXT NOT NULL REFERENCES events(event_id),
  entity_code TEXT NOT NULL REFERENCES entities(code),
  state INTEGER NOT NULL,
  state_reason TEXT NOT NULL DEFAULT '',
  head_name TEXT NOT NULL,
  head_title TEXT NOT NULL DEFAULT '',
  head_rank INTEGER NOT NULL,
  credentials_reference TEXT NOT NULL DEFAULT '',
  credentials_received_date TEXT NOT NULL DEFAULT '',
  contact_email TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  registration_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  member_count INTEGER NOT NULL DEFAULT 0,
  next_member_id INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (event_id, entity_code)
) STRICT;
CREATE INDEX delegations_by_state ON delegations(event_id, state, entity_code);

CREATE TABLE delegation_members (
  event_id TEXT NOT NULL,
  entity_code TEXT NOT NULL,
  member_id INTEGER NOT NULL,
  full_name TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  rank INTEGER NOT NULL DEFAULT 0,
  role TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (event_id, entity_code, member_id),
  FOREIGN KEY (event_id, entity_code) REFERENCES delegations(event_id, entity_code)
) STRICT;

-- Idempotent creates (AIP-155): the first answer to a request id, kept for replay.
CREATE TABLE request_log (
  request_id TEXT PRIMARY KEY,
  method TEXT NOT NULL,
  request_digest TEXT NOT NULL,
  response BLOB NOT NULL,
  create_time INTEGER NOT NULL
) STRICT;
