// The numbered schema migrations compiled into the binary, in the order they apply: one list for
// both engines.
//
// Migration N (1-based) brings a database from schema version N-1 to N. Each is written once, in
// SQLite's dialect (NNNN_name.sql here); the PostgreSQL engine translates it (storage/postgresql/
// dialect.h), unless postgresql/NNNN_name.sql holds its own text for what does not translate;
// postgresql/NNNN_name.after.sql adds what only PostgreSQL needs after the translation. A
// migration that has shipped is never edited: a change is a new number.
#ifndef FORUM_STORAGE_MIGRATIONS_MIGRATIONS_H_
#define FORUM_STORAGE_MIGRATIONS_MIGRATIONS_H_

#include <vector>

namespace forum::storage {

struct Migration {
  const char* name;  // file stem, e.g. 0001_schema
  const char* sql;
  // PostgreSQL's own text of this migration, or null where the translation of `sql` serves.
  const char* postgres_sql;
  // What PostgreSQL runs after the translation of `sql` (postgresql/NNNN_name.after.sql): what
  // only it needs. Null for none.
  const char* postgres_after;
};

const std::vector<Migration>& Migrations();

}  // namespace forum::storage

#endif  // FORUM_STORAGE_MIGRATIONS_MIGRATIONS_H_
