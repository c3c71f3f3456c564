#include "storage/sqlite/token_store.h"

#include "absl/strings/str_cat.h"
#include "domain/dates.h"

namespace forum::storage::sqlite {
namespace {

constexpr char kColumns[] =
    "rowid, token_id, display_name, secret_hash, create_time, expire_time, revoke_time, creator";

v1::Token TokenFrom(SQLite::Statement& s) {
  v1::Token t;
  t.set_name(absl::StrCat("tokens/", s.getColumn(1).getString()));
  t.set_display_name(s.getColumn(2).getString());
  *t.mutable_create_time() = domain::FromMicros(s.getColumn(4).getInt64());
  if (!s.getColumn(5).isNull())
    *t.mutable_expire_time() = domain::FromMicros(s.getColumn(5).getInt64());
  if (!s.getColumn(6).isNull())
    *t.mutable_revoke_time() = domain::FromMicros(s.getColumn(6).getInt64());
  t.set_creator(s.getColumn(7).getString());
  return t;
}

}  // namespace

void TokenStore::Insert(absl::string_view id, const v1::Token& t, absl::string_view hash) {
  auto& s = c_.Prepare(
      "INSERT INTO tokens (token_id, display_name, secret_hash, create_time, expire_time, "
      "revoke_time, creator) VALUES (?, ?, ?, ?, ?, NULL, ?)");
  s.bind(1, std::string(id));
  s.bind(2, t.display_name());
  s.bind(3, hash.data(), static_cast<int>(hash.size()));
  s.bind(4, domain::ToMicros(t.create_time()));
  if (t.has_expire_time()) {
    s.bind(5, domain::ToMicros(t.expire_time()));
  } else {
    s.bind(5);
  }
  s.bind(6, t.creator());
  s.exec();
  auto& b = c_.Prepare(
      "INSERT INTO token_bindings (token_id, position, role, scope) VALUES (?, ?, ?, ?)");
  for (int i = 0; i < t.bindings_size(); ++i) {
    b.reset();
    b.clearBindings();
    b.bind(1, std::string(id));
    b.bind(2, i);
    b.bind(3, static_cast<int>(t.bindings(i).role()));
    b.bind(4, t.bindings(i).scope());
    b.exec();
  }
}

void TokenStore::LoadBindings(absl::string_view id, v1::Token& token) {
  auto& s =
      c_.Prepare("SELECT role, scope FROM token_bindings WHERE token_id = ? ORDER BY position");
  s.bind(1, std::string(id));
  while (s.executeStep()) {
    v1::RoleBinding* b = token.add_bindings();
    b->set_role(static_cast<v1::Role>(s.getColumn(0).getInt()));
    b->set_scope(s.getColumn(1).getString());
  }
}

int64_t TokenStore::Generation() {
  auto& s = c_.Prepare("SELECT generation FROM token_generation WHERE only = 1");
  return s.executeStep() ? s.getColumn(0).getInt64() : -1;
}

std::optional<TokenStore::Stored> TokenStore::Find(absl::string_view id) {
  auto& s = c_.Prepare(absl::StrCat("SELECT ", kColumns, " FROM tokens WHERE token_id = ?"));
  s.bind(1, std::string(id));
  if (!s.executeStep()) return std::nullopt;
  Stored stored;
  stored.token = TokenFrom(s);
  const auto& hash = s.getColumn(3);
  stored.secret_hash.assign(static_cast<const char*>(hash.getBlob()), hash.getBytes());
  LoadBindings(id, stored.token);
  return stored;
}

TokenStore::Page TokenStore::List(int64_t before, int limit, bool show_inactive, int64_t now) {
  auto& s = c_.Prepare(
      absl::StrCat("SELECT ", kColumns,
                   " FROM tokens WHERE rowid < ? AND (? OR (revoke_time IS NULL AND "
                   "(expire_time IS NULL OR expire_time > ?))) ORDER BY rowid DESC LIMIT ?"));
  s.bind(1, before > 0 ? before : INT64_MAX);
  s.bind(2, show_inactive ? 1 : 0);
  s.bind(3, now);
  s.bind(4, limit);
  Page page;
  std::vector<std::string> ids;
  while (s.executeStep()) {
    page.tokens.push_back(TokenFrom(s));
    ids.push_back(s.getColumn(1).getString());
    page.cursors.push_back(s.getColumn(0).getInt64());
  }
  for (size_t i = 0; i < ids.size(); ++i) LoadBindings(ids[i], page.tokens[i]);
  return page;
}

bool TokenStore::Revoke(absl::string_view id, int64_t now) {
  auto& s =
      c_.Prepare("UPDATE tokens SET revoke_time = ? WHERE token_id = ? AND revoke_time IS NULL");
  s.bind(1, now);
  s.bind(2, std::string(id));
  s.exec();
  return c_.Changes() > 0;
}

int64_t TokenStore::Count() {
  auto& s = c_.Prepare("SELECT count(*) FROM tokens");
  s.executeStep();
  return s.getColumn(0).getInt64();
}

}  // namespace forum::storage::sqlite
