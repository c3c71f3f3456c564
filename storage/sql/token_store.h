// The SQL implementation, shared by both engines, of storage::TokenStore.
#ifndef FORUM_STORAGE_SQL_TOKEN_STORE_H_
#define FORUM_STORAGE_SQL_TOKEN_STORE_H_

#include "storage/sql/connection.h"
#include "storage/token_store.h"

namespace forum::storage::sql {

class TokenStore final : public storage::TokenStore {
 public:
  explicit TokenStore(Connection& c) : c_(c) {}

  void Insert(absl::string_view id, const v1::Token& token, absl::string_view secret_hash) override;
  std::optional<Stored> Find(absl::string_view id) override;
  Page List(int64_t before, int limit, bool show_inactive, int64_t now_micros) override;
  bool Revoke(absl::string_view id, int64_t now_micros) override;
  int64_t Count() override;
  int64_t Generation() override;

 private:
  void LoadBindings(absl::string_view id, v1::Token& token);
  Connection& c_;
};

}  // namespace forum::storage::sql

#endif  // FORUM_STORAGE_SQL_TOKEN_STORE_H_
