#include "server/open_database.h"

#include <utility>

namespace forum::server {

std::string WithoutPassword(const std::string& given) {
  std::string uri = given;
  // A password in the query (?password=...) goes first, up to the next parameter.
  size_t query = uri.find('?');
  for (size_t at = query; at != std::string::npos && at < uri.size();) {
    size_t end = uri.find('&', at + 1);
    if (uri.compare(at + 1, 9, "password=") == 0) {
      uri.erase(at + 1, end == std::string::npos ? std::string::npos : end - at);
      if (!uri.empty() && (uri.back() == '&' || uri.back() == '?')) uri.pop_back();
      continue;
    }
    at = end;
  }
  size_t scheme = uri.find("://");
  if (scheme == std::string::npos) return uri;
  size_t authority = scheme + 3;
  size_t at = uri.find('@', authority);
  size_t slash = uri.find('/', authority);
  if (at == std::string::npos || (slash != std::string::npos && at > slash)) return uri;
  size_t colon = uri.find(':', authority);
  if (colon == std::string::npos || colon > at) return uri;
  return uri.substr(0, colon) + uri.substr(at);
}

int OpenedDatabase::SchemaVersion() {
  if (sqlite != nullptr) return sqlite->SchemaVersion();
  if (postgres != nullptr) {
    auto version = postgres->SchemaVersion();
    return version.ok() ? *version : -1;
  }
  return -1;
}

absl::StatusOr<OpenedDatabase> OpenDatabase(const Config& config) {
  OpenedDatabase opened;
  if (storage::postgresql::IsPostgresUri(config.db_path)) {
    storage::postgresql::DatabaseOptions options;
    options.uri = config.db_path;
    options.pool_size = config.db_pool;
    auto db = storage::postgresql::Database::Open(options);
    if (!db.ok()) return db.status();
    opened.postgres = db->get();
    opened.db = *std::move(db);
    opened.where = WithoutPassword(config.db_path);
    return opened;
  }
  auto durability = storage::sqlite::ParseDurability(config.durability);
  if (!durability.ok()) return durability.status();
  storage::sqlite::DatabaseOptions options;
  options.path = config.db_path;
  options.durability = *durability;
  options.max_readers = config.readers;
  auto db = storage::sqlite::Database::Open(options);
  if (!db.ok()) return db.status();
  opened.sqlite = db->get();
  opened.db = *std::move(db);
  opened.where = config.db_path;
  return opened;
}

}  // namespace forum::server
