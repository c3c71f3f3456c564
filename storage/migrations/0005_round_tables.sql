-- Round tables: their schedule, participants, the delegations' ranked preferences, and each
-- event's round-table rules (absent row: the defaults, one table per State and no slack).

CREATE TABLE round_tables (
  event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
  round_table_id TEXT NOT NULL,
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  theme_id TEXT,
  description TEXT NOT NULL DEFAULT '',
  rapporteur TEXT NOT NULL DEFAULT '',
  capacity INTEGER NOT NULL CHECK (capacity > 0),
  reserved_seats INTEGER NOT NULL DEFAULT 0 CHECK (reserved_seats >= 0),
  state INTEGER NOT NULL,
  start_time INTEGER,
  end_time INTEGER,
  room_id TEXT,
  times_indicative INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (event_id, round_table_id),
  UNIQUE (event_id, number),
  FOREIGN KEY (event_id, theme_id) REFERENCES themes(event_id, theme_id),
  FOREIGN KEY (event_id, room_id) REFERENCES rooms(event_id, room_id),
  CHECK (end_time IS NULL OR end_time > start_time)
) STRICT;
CREATE INDEX round_tables_by_room ON round_tables(event_id, room_id, start_time);

CREATE TABLE round_table_participants (
  event_id TEXT NOT NULL,
  round_table_id TEXT NOT NULL,
  entity_code TEXT NOT NULL,
  role INTEGER NOT NULL,
  add_time INTEGER NOT NULL,
  PRIMARY KEY (event_id, round_table_id, entity_code),
  FOREIGN KEY (event_id, round_table_id) REFERENCES round_tables(event_id, round_table_id)
    ON DELETE CASCADE,
  FOREIGN KEY (event_id, entity_code) REFERENCES delegations(event_id, entity_code)
) STRICT;
CREATE INDEX participants_by_delegation ON round_table_participants(event_id, entity_code);

CREATE TABLE round_table_preferences (
  event_id TEXT NOT NULL,
  entity_code TEXT NOT NULL,
  rank INTEGER NOT NULL,
  round_table_id TEXT NOT NULL,
  update_time INTEGER NOT NULL,
  PRIMARY KEY (event_id, entity_code, rank),
  UNIQUE (event_id, entity_code, round_table_id),
  FOREIGN KEY (event_id, entity_code) REFERENCES delegations(event_id, entity_code),
  FOREIGN KEY (event_id, round_table_id) REFERENCES round_tables(event_id, round_table_id)
) STRICT;
CREATE INDEX preferences_by_table ON round_table_preferences(event_id, round_table_id);

CREATE TABLE round_table_rules (
  event_id TEXT PRIMARY KEY REFERENCES events(event_id) ON DELETE CASCADE,
  max_per_state INTEGER NOT NULL DEFAULT 1 CHECK (max_per_state >= 1),
  regional_slack INTEGER NOT NULL DEFAULT 0 CHECK (regional_slack >= 0),
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
