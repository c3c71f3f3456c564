// forumd migrate --from forum.db --to postgresql://...: moves a secretariat's SQLite database to
// PostgreSQL (storage/transfer/copy_database.h) and prints what it copied and verified.
#ifndef FORUM_SERVER_MIGRATE_H_
#define FORUM_SERVER_MIGRATE_H_

#include <string>

namespace forum::server {

// Returns the process exit code: 0 when every table was copied and verified.
int MigrateToPostgres(const std::string& from, const std::string& to, int pool);

}  // namespace forum::server

#endif  // FORUM_SERVER_MIGRATE_H_
