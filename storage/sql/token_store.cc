#include "storage/sql/token_store.h"

#include "absl/strings/str_cat.h"
#include "domain/dates.h"

namespace forum::storage::sql {
namespace {

constexpr char kColumns[] =
    "rowid, token_id, display_name, secret_hash, create_time, expire_time, revoke_time, creator";

v1::Token TokenFrom(Statement& s) {
  v1::Token t;
  t.set_name(absl::StrCat("tokens/", s.Column(1).String()));
  t.set_display_name(s.Column(2).String());
  *t.mutable_create_time() = domain::FromMicros(s.Column(4).Int64());
  if (!s.Column(5).IsNull()) *t.mutable_expire_time() = domain::FromMicros(s.Column(5).Int64());
  if (!s.Column(6).IsNull()) *t.mutable_revoke_time() = domain::FromMicros(s.Column(6).Int64());
  t.set_creator(s.Column(7).String());
  return t;
}

}  // namespace

void TokenStore::Insert(absl::string_view id, const v1::Token& t, absl::string_view hash) {
  auto& s = c_.Prepare(
      "INSERT INTO tokens (token_id, display_name, secret_hash, create_time, expire_time, "
      "revoke_time, creator) VALUES (?, ?, ?, ?, ?, NULL, ?)");
  s.Bind(1, std::string(id));
  s.Bind(2, t.display_name());
  s.BindBlob(3, hash);
  s.Bind(4, domain::ToMicros(t.create_time()));
  if (t.has_expire_time()) {
    s.Bind(5, domain::ToMicros(t.expire_time()));
  } else {
    s.BindNull(5);
  }
  s.Bind(6, t.creator());
  s.Run();
  auto& b = c_.Prepare(
      "INSERT INTO token_bindings (token_id, position, role, scope) VALUES (?, ?, ?, ?)");
  for (int i = 0; i < t.bindings_size(); ++i) {
    b.Reset();
    b.Bind(1, std::string(id));
    b.Bind(2, i);
    b.Bind(3, static_cast<int>(t.bindings(i).role()));
    b.Bind(4, t.bindings(i).scope());
    b.Run();
  }
}

void TokenStore::LoadBindings(absl::string_view id, v1::Token& token) {
  auto& s =
      c_.Prepare("SELECT role, scope FROM token_bindings WHERE token_id = ? ORDER BY position");
  s.Bind(1, std::string(id));
  while (s.Step()) {
    v1::RoleBinding* b = token.add_bindings();
    b->set_role(static_cast<v1::Role>(s.Column(0).Int()));
    b->set_scope(s.Column(1).String());
  }
}

int64_t TokenStore::Generation() {
  auto& s = c_.Prepare("SELECT generation FROM token_generation WHERE \"only\" = 1");
  return s.Step() ? s.Column(0).Int64() : -1;
}

std::optional<TokenStore::Stored> TokenStore::Find(absl::string_view id) {
  auto& s = c_.Prepare(absl::StrCat("SELECT ", kColumns, " FROM tokens WHERE token_id = ?"));
  s.Bind(1, std::string(id));
  if (!s.Step()) return std::nullopt;
  Stored stored;
  stored.token = TokenFrom(s);
  stored.secret_hash = s.Column(3).Blob();
  LoadBindings(id, stored.token);
  return stored;
}

TokenStore::Page TokenStore::List(int64_t before, int limit, bool show_inactive, int64_t now) {
  auto& s = c_.Prepare(
      absl::StrCat("SELECT ", kColumns,
                   " FROM tokens WHERE rowid < ? AND (? OR (revoke_time IS NULL AND "
                   "(expire_time IS NULL OR expire_time > ?))) ORDER BY rowid DESC LIMIT ?"));
  s.Bind(1, before > 0 ? before : INT64_MAX);
  s.Bind(2, show_inactive ? 1 : 0);
  s.Bind(3, now);
  s.Bind(4, limit);
  Page page;
  std::vector<std::string> ids;
  while (s.Step()) {
    page.tokens.push_back(TokenFrom(s));
    ids.push_back(s.Column(1).String());
    page.cursors.push_back(s.Column(0).Int64());
  }
  for (size_t i = 0; i < ids.size(); ++i) LoadBindings(ids[i], page.tokens[i]);
  return page;
}

bool TokenStore::Revoke(absl::string_view id, int64_t now) {
  auto& s =
      c_.Prepare("UPDATE tokens SET revoke_time = ? WHERE token_id = ? AND revoke_time IS NULL");
  s.Bind(1, now);
  s.Bind(2, std::string(id));
  s.Run();
  return c_.Changes() > 0;
}

int64_t TokenStore::Count() {
  auto& s = c_.Prepare("SELECT count(*) FROM tokens");
  s.Step();
  return s.Column(0).Int64();
}

}  // namespace forum::storage::sql
