// Bearer tokens: a display name, role bindings, expiry and revocation, and a hash of the secret.
// The secret itself is never stored.
#ifndef FORUM_STORAGE_TOKEN_STORE_H_
#define FORUM_STORAGE_TOKEN_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "forum/v1/access.pb.h"

namespace forum::storage {

class TokenStore {
 public:
  virtual ~TokenStore() = default;

  struct Stored {
    v1::Token token;
    std::string secret_hash;
  };

  // Inserts `token` (its name is `tokens/{id}`) with its bindings.
  virtual void Insert(absl::string_view id, const v1::Token& token,
                      absl::string_view secret_hash) = 0;
  virtual std::optional<Stored> Find(absl::string_view id) = 0;
  // Newest first; `before` is a cursor from a previous page (0 for the first page).
  struct Page {
    std::vector<v1::Token> tokens;
    std::vector<int64_t> cursors;  // one per token: pass it as `before` to list what follows
  };
  virtual Page List(int64_t before, int limit, bool show_inactive, int64_t now_micros) = 0;
  // Marks the token revoked at `now_micros` unless it already is; false when nothing changed.
  virtual bool Revoke(absl::string_view id, int64_t now_micros) = 0;
  // The number of tokens, live or not.
  virtual int64_t Count() = 0;
  // A number that changes whenever any token or binding changes, by whichever process: what a
  // cache of authenticated callers is valid for.
  virtual int64_t Generation() = 0;
};

}  // namespace forum::storage

#endif  // FORUM_STORAGE_TOKEN_STORE_H_
