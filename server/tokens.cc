#include "server/tokens.h"

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "domain/access.h"
#include "domain/dates.h"
#include "server/open_database.h"
#include "services/access.h"

namespace forum::server {
namespace {

// `90d`, `12h`, `30m`: days are not an absl duration unit, so they are read here.
absl::StatusOr<absl::Duration> ParseLifetime(const std::string& text) {
  int64_t days = 0;
  if (!text.empty() && text.back() == 'd' &&
      absl::SimpleAtoi(absl::string_view(text).substr(0, text.size() - 1), &days) && days > 0) {
    // Ten years at most, as CreateToken allows; checked before any arithmetic.
    if (days > 3660) return absl::InvalidArgumentError("--expires-in is at most 3660d");
    return absl::Hours(24 * days);
  }
  absl::Duration d;
  if (absl::ParseDuration(text, &d) && d > absl::ZeroDuration()) {
    if (d > absl::Hours(24 * 3660))
      return absl::InvalidArgumentError("--expires-in is at most 3660d");
    return d;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("--expires-in '", text, "' is not a lifetime such as 90d, 12h or 30m"));
}

std::string Describe(const v1::Token& t) {
  std::vector<std::string> roles;
  for (const auto& b : t.bindings()) roles.push_back(domain::FormatBinding(b));
  std::string state =
      t.has_revoke_time()                                                               ? "revoked"
      : t.has_expire_time() && domain::ToMicros(t.expire_time()) <= domain::NowMicros() ? "expired"
                                                                                        : "live";
  return absl::StrCat(
      t.name(), "\t", state, "\t", absl::StrJoin(roles, ","), "\t", t.display_name(), "\t",
      t.has_expire_time()
          ? absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                             absl::FromUnixMicros(domain::ToMicros(t.expire_time())),
                             absl::UTCTimeZone())
          : "never");
}

int Fail(const absl::Status& status) {
  std::cerr << "forumd tokens: " << status.message() << "\n";
  return absl::IsInvalidArgument(status) ? 2 : 1;
}

}  // namespace

CLI::App* AddTokenCommands(CLI::App& app, TokenCommand& c) {
  CLI::App* tokens = app.add_subcommand("tokens", "Create, list or revoke bearer tokens");
  tokens->require_subcommand(1);
  tokens->fallthrough();
  c.create = tokens->add_subcommand("create", "Create a token and print its secret once");
  c.create
      ->add_option("--role", c.roles,
                   "admin, reader, focal-point=events/E/delegations/X, or "
                   "chair=events/E[/roundTables/R|/documents/D]; repeat for several")
      ->required();
  c.create->add_option("--scope", c.scope,
                       "Scope for the roles given without one, e.g. --role chair --scope "
                       "events/hld-2006");
  c.create->add_option("--name", c.name, "Who holds it, e.g. \"Focal point, Belgium\"")->required();
  c.create->add_option("--expires-in", c.expires_in, "Lifetime such as 90d, 12h; default never");
  c.create->fallthrough();
  c.list = tokens->add_subcommand("list", "List tokens, newest first");
  c.list->add_flag("--all", c.all, "Also revoked and expired tokens");
  c.list->fallthrough();
  c.revoke = tokens->add_subcommand("revoke", "Revoke a token at once");
  c.revoke->add_option("token", c.token, "tokens/ID or ID")->required();
  c.revoke->fallthrough();
  return tokens;
}

int RunTokenCommand(const Config& config, const TokenCommand& c) {
  // A mistyped --db must not create a new, empty database whose first start would then find a
  // token already there and make no admin token.
  if (!storage::postgresql::IsPostgresUri(config.db_path) &&
      !std::filesystem::exists(config.db_path)) {
    std::cerr << "forumd tokens: there is no database at " << config.db_path
              << "; give --db, or start forumd once to create it\n";
    return 1;
  }
  auto db = OpenDatabase(config);
  if (!db.ok()) return Fail(db.status());
  services::Access access(*db->db);

  if (c.create->parsed()) {
    v1::CreateTokenRequest request;
    request.mutable_token()->set_display_name(c.name);
    auto bindings = domain::ParseBindings(c.roles, c.scope);
    if (!bindings.ok()) return Fail(bindings.status());
    for (auto& b : *bindings) *request.mutable_token()->add_bindings() = std::move(b);
    if (!c.expires_in.empty()) {
      auto lifetime = ParseLifetime(c.expires_in);
      if (!lifetime.ok()) return Fail(lifetime.status());
      *request.mutable_token()->mutable_expire_time() =
          domain::FromMicros(domain::NowMicros() + absl::ToInt64Microseconds(*lifetime));
    }
    storage::AuditScope audit(
        {services::kLocalCaller, "forumd", "forumd tokens create", "tokens", ""});
    auto created = access.CreateToken(request, services::kLocalCaller, &audit);
    if (!created.ok()) return Fail(created.status());
    std::cerr << "created " << Describe(created->token()) << "\n"
              << "the secret below is shown only now:\n";
    std::cout << created->secret() << "\n";
    return 0;
  }
  if (c.list->parsed()) {
    v1::ListTokensRequest request;
    request.set_show_inactive(c.all);
    request.set_page_size(1000);
    do {
      auto page = db->db->Read([&](storage::Tx& tx) { return access.ListTokens(tx, request); });
      if (!page.ok()) return Fail(page.status());
      for (const auto& t : page->tokens()) std::cout << Describe(t) << "\n";
      request.set_page_token(page->next_page_token());
    } while (!request.page_token().empty());
    return 0;
  }
  v1::RevokeTokenRequest request;
  request.set_name(absl::StartsWith(c.token, "tokens/") ? c.token : "tokens/" + c.token);
  storage::AuditScope audit(
      {services::kLocalCaller, "forumd", "forumd tokens revoke", request.name(), ""});
  auto revoked =
      db->db->Write(&audit, [&](storage::Tx& tx) { return access.RevokeToken(tx, request); });
  if (!revoked.ok()) return Fail(revoked.status());
  std::cout << Describe(*revoked) << "\n";
  return 0;
}

}  // namespace forum::server
