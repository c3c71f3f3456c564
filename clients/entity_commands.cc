#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "clients/commands.h"
#include "clients/paging.h"
#include "clients/table.h"
#include "forum/v1/entity.grpc.pb.h"

namespace forum::client {
namespace {

std::string Code(const std::string& name) { return name.substr(name.find('/') + 1); }

}  // namespace

void AddEntityCommands(CLI::App& app, Context& ctx) {
  CLI::App* entities = app.add_subcommand("entities", "States and organizations that take part");
  entities->require_subcommand(1);

  struct ListArgs {
    std::string kind, group, filter;
  };
  auto list_args = std::make_shared<ListArgs>();
  CLI::App* list = entities->add_subcommand("list", "List entities");
  list->add_option("--kind", list_args->kind, "member-state, observer-state, un-entity, ...");
  list->add_option("--group", list_args->group, "Regional group: african, asia-pacific, ...");
  list->add_option("--filter", list_args->filter, "Raw filter, e.g. 'kind = MEMBER_STATE'");
  AddLimitOption(list, ctx);
  list->callback([&ctx, list_args] {
    v1::ListEntitiesRequest request;
    std::string filter = list_args->filter;
    auto add = [&filter](const std::string& term) {
      filter = filter.empty() ? term : absl::StrCat(filter, " AND ", term);
    };
    if (!list_args->kind.empty()) {
      add("kind = " + v1::EntityKind_Name(
                          ParseEnumWord(v1::EntityKind_descriptor(), list_args->kind, "--kind")));
    }
    if (!list_args->group.empty()) {
      add("regional_group = " + v1::RegionalGroup_Name(ParseEnumWord(v1::RegionalGroup_descriptor(),
                                                                     list_args->group, "--group")));
    }
    request.set_filter(filter);
    auto stub = v1::EntityService::NewStub(ctx.Channel());
    RunList<v1::ListEntitiesResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) { return stub->ListEntities(call, req, r); },
        [](v1::ListEntitiesResponse& r) { return r.mutable_entities(); },
        [](const v1::ListEntitiesResponse& r) {
          Table table({"CODE", "NAME", "KIND", "GROUP", "ADMITTED"});
          for (const auto& e : r.entities()) {
            table.Add(
                {Code(e.name()), e.display_name(), EnumWord(v1::EntityKind_descriptor(), e.kind()),
                 e.regional_group() ? EnumWord(v1::RegionalGroup_descriptor(), e.regional_group())
                                    : "",
                 e.admission_date()});
          }
          table.Print(std::cout);
        });
  });

  auto code = std::make_shared<std::string>();
  CLI::App* get = entities->add_subcommand("get", "Show one entity");
  get->add_option("code", *code, "Entity code, e.g. bel or iom")->required();
  get->callback([&ctx, code] {
    v1::GetEntityRequest request;
    request.set_name("entities/" + *code);
    auto stub = v1::EntityService::NewStub(ctx.Channel());
    RunCall<v1::Entity>(
        ctx, [&](auto* call, auto* response) { return stub->GetEntity(call, request, response); },
        [](const v1::Entity& e) {
          PrintFields(
              std::cout,
              {{"name", e.name()},
               {"display name", e.display_name()},
               {"kind", EnumWord(v1::EntityKind_descriptor(), e.kind())},
               {"regional group", e.regional_group()
                                      ? EnumWord(v1::RegionalGroup_descriptor(), e.regional_group())
                                      : ""},
               {"admission date", e.admission_date()},
               {"end date", e.end_date()},
               {"description", e.description()}});
        });
  });
}

}  // namespace forum::client
