// What PostgreSQL reads differently from the SQL the stores and migrations are written in.
//
// Statements: parameters are `?` (numbered in order) or `?N`; PostgreSQL numbers them `$N`.
// Migrations are written in SQLite's dialect; the translation keeps their meaning on PostgreSQL:
//   - types: INTEGER is 64-bit (BIGINT), REAL is DOUBLE PRECISION, BLOB is BYTEA, and TEXT
//     compares byte by byte, as SQLite's does (COLLATE "C"), whatever the database's locale;
//   - `x INTEGER PRIMARY KEY` numbers new rows itself (an identity column);
//   - STRICT goes (PostgreSQL's columns are always typed);
//   - `a IS NOT b` / `a IS b` between values are IS [NOT] DISTINCT FROM;
//   - random() is forum_random(), a random 64-bit integer like SQLite's;
//   - a trigger's body becomes a PL/pgSQL function of its own, its WHEN a test inside it
//   (PostgreSQL
//     refuses subqueries in WHEN), and it answers the row a BEFORE trigger keeps;
//   - in the change feed's upsert, the stored row's `kind` is named as the table's, and a deleted
//     resource stays deleted when rows of its own go after it: PostgreSQL deletes the rows that
//     cascade from a row after that row's own triggers ran (SQLite before), so their "updated"
//     arrives after the "deleted"; only a new row of the same name (created) turns it "updated".
// Quoted text and comments are left as they are.
#ifndef FORUM_STORAGE_POSTGRESQL_DIALECT_H_
#define FORUM_STORAGE_POSTGRESQL_DIALECT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace forum::storage::postgresql {

// The statement with its parameters numbered `$N`. PostgreSQL needs every number from 1 to the
// highest used, so the numbers used are closed up: `?1 ... ?3` becomes `$1 ... $2`. `sources`
// gets, for each $N, the number it had (the parameter to send as $N).
std::string NumberParameters(absl::string_view sql, std::vector<int>* sources = nullptr);

// The migration in PostgreSQL's dialect; an error names a trigger it cannot read.
absl::StatusOr<std::string> TranslateMigration(absl::string_view sqlite_sql);

// Functions the translated migrations call (unixepoch, forum_random, forum_key_from_position),
// created or replaced before migrating.
extern const char kCompatibilityFunctions[];

}  // namespace forum::storage::postgresql

#endif  // FORUM_STORAGE_POSTGRESQL_DIALECT_H_
