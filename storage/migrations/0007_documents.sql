-- Documents drafted section by section and paragraph by paragraph. Every change appends a
-- revision row holding the full state of the section or paragraph it touched, so the document
-- as it stood at any revision is the replay of its revision rows up to that number.

CREATE TABLE documents (
  event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
  document_id TEXT NOT NULL,
  kind INTEGER NOT NULL,
  title TEXT NOT NULL,
  round_table_id TEXT,
  authors TEXT NOT NULL DEFAULT '',
  state INTEGER NOT NULL,
  symbol TEXT,
  revision INTEGER NOT NULL DEFAULT 0,
  next_item INTEGER NOT NULL DEFAULT 1,
  create_time INTEGER NOT NULL,
  issue_time INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (event_id, document_id),
  UNIQUE (event_id, symbol),
  FOREIGN KEY (event_id, round_table_id) REFERENCES round_tables(event_id, round_table_id)
) STRICT;

CREATE TABLE document_sections (
  event_id TEXT NOT NULL,
  document_id TEXT NOT NULL,
  section_id INTEGER NOT NULL,
  position REAL NOT NULL,
  title TEXT NOT NULL,
  theme_id TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (event_id, document_id, section_id),
  FOREIGN KEY (event_id, document_id) REFERENCES documents(event_id, document_id)
    ON DELETE CASCADE
) STRICT;

CREATE TABLE document_paragraphs (
  event_id TEXT NOT NULL,
  document_id TEXT NOT NULL,
  paragraph_id INTEGER NOT NULL,
  section_id INTEGER NOT NULL,
  position REAL NOT NULL,
  text TEXT NOT NULL,
  citations TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (event_id, document_id, paragraph_id),
  FOREIGN KEY (event_id, document_id, section_id)
    REFERENCES document_sections(event_id, document_id, section_id) ON DELETE CASCADE
) STRICT;
CREATE INDEX paragraphs_by_section ON document_paragraphs(event_id, document_id, section_id,
                                                          position);

-- kind: 'document', 'section' or 'paragraph'; for a section `text` is its heading and `aux`
-- its theme id, for a paragraph `text` is its text and `aux` its citations (one per line).
CREATE TABLE document_revisions (
  event_id TEXT NOT NULL,
  document_id TEXT NOT NULL,
  number INTEGER NOT NULL,
  author TEXT NOT NULL,
  time INTEGER NOT NULL,
  change TEXT NOT NULL,
  kind TEXT NOT NULL,
  item_id INTEGER NOT NULL,
  section_id INTEGER NOT NULL DEFAULT 0,
  position REAL NOT NULL DEFAULT 0,
  text TEXT NOT NULL DEFAULT '',
  aux TEXT NOT NULL DEFAULT '',
  deleted INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (event_id, document_id, number),
  FOREIGN KEY (event_id, document_id) REFERENCES documents(event_id, document_id)
    ON DELETE CASCADE
) STRICT;

CREATE TABLE document_comments (
  event_id TEXT NOT NULL,
  document_id TEXT NOT NULL,
  comment_id INTEGER NOT NULL,
  paragraph_id INTEGER NOT NULL,
  author TEXT NOT NULL,
  text TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  PRIMARY KEY (event_id, document_id, comment_id),
  FOREIGN KEY (event_id, document_id) REFERENCES documents(event_id, document_id)
    ON DELETE CASCADE
) STRICT;

CREATE TABLE document_corrigenda (
  event_id TEXT NOT NULL,
  document_id TEXT NOT NULL,
  number INTEGER NOT NULL,
  symbol TEXT NOT NULL,
  reason TEXT NOT NULL,
  revision INTEGER NOT NULL,
  issue_time INTEGER NOT NULL,
  PRIMARY KEY (event_id, document_id, number),
  FOREIGN KEY (event_id, document_id) REFERENCES documents(event_id, document_id)
    ON DELETE CASCADE
) STRICT;

CREATE TABLE corrigendum_corrections (
  event_id TEXT NOT NULL,
  document_id TEXT NOT NULL,
  number INTEGER NOT NULL,
  paragraph_id INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (event_id, document_id, number, paragraph_id),
  FOREIGN KEY (event_id, document_id, number)
    REFERENCES document_corrigenda(event_id, document_id, number) ON DELETE CASCADE
) STRICT;
