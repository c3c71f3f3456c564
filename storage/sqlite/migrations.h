// The numbered schema migrations compiled into the binary, in the order they apply.
//
// Migration N (1-based) brings the database from `user_version` N-1 to N. A migration that has
// shipped is never edited: a change is a new file under storage/sqlite/migrations/.
#ifndef FORUM_STORAGE_SQLITE_MIGRATIONS_H_
#define FORUM_STORAGE_SQLITE_MIGRATIONS_H_

#include <vector>

namespace forum::storage::sqlite {

struct Migration {
  const char* name;  // file stem, e.g. 0001_schema
  const char* sql;
};

const std::vector<Migration>& Migrations();

}  // namespace forum::storage::sqlite

#endif  // FORUM_STORAGE_SQLITE_MIGRATIONS_H_
