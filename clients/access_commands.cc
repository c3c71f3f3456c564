#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "clients/commands.h"
#include "clients/paging.h"
#include "clients/table.h"
#include "domain/access.h"
#include "domain/dates.h"
#include "forum/v1/access.grpc.pb.h"

namespace forum::client {
namespace {

std::string Utc(const google::protobuf::Timestamp& ts) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", absl::FromUnixMicros(domain::ToMicros(ts)),
                          absl::UTCTimeZone());
}

std::string Roles(const v1::Token& t) {
  std::vector<std::string> roles;
  for (const auto& b : t.bindings()) roles.push_back(domain::FormatBinding(b));
  return absl::StrJoin(roles, " ");
}

std::string State(const v1::Token& t) {
  if (t.has_revoke_time()) return "revoked";
  if (t.has_expire_time() && domain::ToMicros(t.expire_time()) <= domain::NowMicros()) {
    return "expired";
  }
  return "live";
}

void PrintToken(const v1::Token& t) {
  PrintFields(std::cout, {{"name", t.name()},
                          {"display name", t.display_name()},
                          {"roles", Roles(t)},
                          {"state", State(t)},
                          {"created", Utc(t.create_time())},
                          {"expires", t.has_expire_time() ? Utc(t.expire_time()) : "never"},
                          {"revoked", t.has_revoke_time() ? Utc(t.revoke_time()) : ""},
                          {"creator", t.creator()}});
}

// `2026-11-27T10:00:00Z` or `2026-11-27` (midnight UTC).
google::protobuf::Timestamp ParseUtc(const std::string& text, const std::string& option) {
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &t, &error) &&
      !absl::ParseTime("%Y-%m-%d", text, absl::UTCTimeZone(), &t, &error)) {
    throw CLI::ValidationError(option, "'" + text + "' is not a time like 2026-11-27T10:00:00Z");
  }
  return domain::FromMicros(absl::ToUnixMicros(t));
}

std::string TokenName(const std::string& text) {
  return text.rfind("tokens/", 0) == 0 ? text : "tokens/" + text;
}

}  // namespace

void AddAccessCommands(CLI::App& app, Context& ctx) {
  CLI::App* tokens = app.add_subcommand("tokens", "Bearer tokens and their roles (admin)");
  tokens->require_subcommand(1);

  struct CreateArgs {
    std::vector<std::string> roles;
    std::string name, expires, scope;
  };
  auto create_args = std::make_shared<CreateArgs>();
  CLI::App* create = tokens->add_subcommand("create", "Create a token; prints its secret once");
  create
      ->add_option("--role", create_args->roles,
                   "admin, reader, focal-point=events/E/delegations/X, "
                   "chair=events/E[/roundTables/R|/documents/D] or feed=events/E[/delegations/X]; "
                   "repeat for several")
      ->required();
  create->add_option("--scope", create_args->scope,
                     "Scope for the roles given without one, e.g. --role chair --scope "
                     "events/hld-2006");
  create->add_option("--name", create_args->name, "Who holds it")->required();
  create->add_option("--expires", create_args->expires, "When it stops working (UTC)");
  create->callback([&ctx, create_args] {
    v1::CreateTokenRequest request;
    request.mutable_token()->set_display_name(create_args->name);
    auto bindings = domain::ParseBindings(create_args->roles, create_args->scope);
    if (!bindings.ok()) {
      throw CLI::ValidationError("--role", std::string(bindings.status().message()));
    }
    for (auto& b : *bindings) *request.mutable_token()->add_bindings() = std::move(b);
    if (!create_args->expires.empty()) {
      *request.mutable_token()->mutable_expire_time() = ParseUtc(create_args->expires, "--expires");
    }
    auto stub = v1::AccessService::NewStub(ctx.Channel());
    RunCall<v1::CreateTokenResponse>(
        ctx, [&](auto* call, auto* response) { return stub->CreateToken(call, request, response); },
        [](const v1::CreateTokenResponse& r) {
          PrintToken(r.token());
          std::cout << "\nsecret (shown only now; give it to its holder as FORUM_TOKEN):\n"
                    << r.secret() << "\n";
        });
  });

  auto all = std::make_shared<bool>(false);
  CLI::App* list = tokens->add_subcommand("list", "List tokens, newest first");
  list->add_flag("--all", *all, "Also revoked and expired tokens");
  AddLimitOption(list, ctx);
  list->callback([&ctx, all] {
    v1::ListTokensRequest request;
    request.set_show_inactive(*all);
    auto stub = v1::AccessService::NewStub(ctx.Channel());
    RunList<v1::ListTokensResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) { return stub->ListTokens(call, req, r); },
        [](v1::ListTokensResponse& r) { return r.mutable_tokens(); },
        [](const v1::ListTokensResponse& r) {
          Table table({"TOKEN", "STATE", "ROLES", "HOLDER", "EXPIRES"});
          for (const auto& t : r.tokens()) {
            table.Add({t.name(), State(t), Roles(t), t.display_name(),
                       t.has_expire_time() ? Utc(t.expire_time()) : "never"});
          }
          table.Print(std::cout);
        });
  });

  auto revoke_name = std::make_shared<std::string>();
  CLI::App* revoke = tokens->add_subcommand("revoke", "Revoke a token at once");
  revoke->add_option("token", *revoke_name, "tokens/ID or ID")->required();
  revoke->callback([&ctx, revoke_name] {
    v1::RevokeTokenRequest request;
    request.set_name(TokenName(*revoke_name));
    auto stub = v1::AccessService::NewStub(ctx.Channel());
    RunCall<v1::Token>(
        ctx, [&](auto* call, auto* response) { return stub->RevokeToken(call, request, response); },
        PrintToken);
  });

  CLI::App* whoami = app.add_subcommand("whoami", "Show the token this client sends");
  whoami->callback([&ctx] {
    auto stub = v1::AccessService::NewStub(ctx.Channel());
    RunCall<v1::Token>(
        ctx,
        [&](auto* call, auto* response) {
          return stub->GetCaller(call, v1::GetCallerRequest(), response);
        },
        PrintToken);
  });

  struct AuditArgs {
    std::string resource, caller, since, until;
  };
  auto audit_args = std::make_shared<AuditArgs>();
  CLI::App* audit = app.add_subcommand("audit", "Who changed what, newest first (admin)");
  audit->add_option("--resource", audit_args->resource,
                    "Only resources starting with this, e.g. events/gfmd-2007/");
  audit->add_option("--caller", audit_args->caller, "Only this caller: tokens/ID or local/forumd");
  audit->add_option("--since", audit_args->since, "From this time (UTC)");
  audit->add_option("--until", audit_args->until, "Before this time (UTC)");
  AddLimitOption(audit, ctx);
  audit->callback([&ctx, audit_args] {
    v1::ListAuditRecordsRequest request;
    request.set_resource_prefix(audit_args->resource);
    request.set_caller(audit_args->caller.empty() || audit_args->caller == "local/forumd"
                           ? audit_args->caller
                           : TokenName(audit_args->caller));
    if (!audit_args->since.empty()) {
      *request.mutable_start_time() = ParseUtc(audit_args->since, "--since");
    }
    if (!audit_args->until.empty()) {
      *request.mutable_end_time() = ParseUtc(audit_args->until, "--until");
    }
    auto stub = v1::AccessService::NewStub(ctx.Channel());
    RunList<v1::ListAuditRecordsResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) { return stub->ListAuditRecords(call, req, r); },
        [](v1::ListAuditRecordsResponse& r) { return r.mutable_audit_records(); },
        [](const v1::ListAuditRecordsResponse& r) {
          Table table({"TIME", "CALLER", "HOLDER", "METHOD", "RESOURCE", "REQUEST ID"});
          for (const auto& a : r.audit_records()) {
            std::string method = a.method().substr(a.method().rfind('/') + 1);
            table.Add({Utc(a.time()), a.caller(), a.caller_display_name(),
                       method.empty() ? a.method() : method, a.resource(), a.request_id()});
          }
          table.Print(std::cout);
        });
  });
}

}  // namespace forum::client
