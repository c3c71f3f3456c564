#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "clients/commands.h"
#include "clients/paging.h"
#include "clients/table.h"
#include "domain/dates.h"
#include "forum/v1/delegation.grpc.pb.h"

namespace forum::client {
namespace {

std::string Id(const std::string& name) { return name.substr(name.rfind('/') + 1); }

std::string Rank(int rank) { return EnumWord(v1::ProtocolRank_descriptor(), rank); }

void PrintDelegation(const v1::Delegation& d) {
  std::string head = d.head().full_name();
  if (!d.head().title().empty()) head += ", " + d.head().title();
  PrintFields(
      std::cout,
      {{"name", d.name()},
       {"entity", absl::StrCat(d.display_name(), " (", d.entity(), ")")},
       {"kind", EnumWord(v1::EntityKind_descriptor(), d.entity_kind())},
       {"regional group",
        d.regional_group() ? EnumWord(v1::RegionalGroup_descriptor(), d.regional_group()) : ""},
       {"state", EnumWord(v1::DelegationState_descriptor(), d.state())},
       {"reason", d.state_reason()},
       {"head", head},
       {"rank", Rank(d.head().rank())},
       {"credentials", d.credentials().reference()},
       {"received", d.credentials().received_date()},
       {"contact", d.contact_email()},
       {"members", d.member_count() ? std::to_string(d.member_count()) : ""},
       {"notes", d.notes()},
       {"registered", domain::FormatInZone(d.registration_time(), absl::UTCTimeZone())},
       {"etag", d.etag()}});
}

void PrintMember(const v1::DelegationMember& m) {
  PrintFields(std::cout, {{"name", m.name()},
                          {"person", m.person().full_name()},
                          {"title", m.person().title()},
                          {"rank", m.person().rank() ? Rank(m.person().rank()) : ""},
                          {"role", m.role()},
                          {"etag", m.etag()}});
}

struct Args {
  std::string event, entity, head, head_title, rank, credentials, received, email, notes, etag,
      reason, request_id, state, kind, group, filter, member, person, title, role;
};

std::string DelegationName(const Args& a) {
  return absl::StrCat("events/", a.event, "/delegations/", a.entity);
}

void AddDelegationOptions(CLI::App* cmd, Args& a, bool create) {
  auto opt = cmd->add_option("--head", a.head, "Head of delegation, full name");
  auto rank = cmd->add_option("--rank", a.rank,
                              "head-of-state, vice-president-or-crown-prince, head-of-government, "
                              "deputy-head-of-government, minister, vice-minister, "
                              "permanent-representative, other");
  if (create) {
    opt->required();
    rank->required();
  }
  cmd->add_option("--head-title", a.head_title, "Function of the head, e.g. Minister of Labour");
  cmd->add_option("--credentials", a.credentials, "Reference of the credentials letter");
  cmd->add_option("--received", a.received, "Date the credentials arrived, YYYY-MM-DD");
  cmd->add_option("--email", a.email, "Focal point's e-mail");
  cmd->add_option("--notes", a.notes, "Secretariat's notes");
}

void FillDelegation(CLI::App* cmd, const Args& a, v1::Delegation& d,
                    google::protobuf::FieldMask& mask) {
  auto given = [&](const char* option, const char* path) {
    if (cmd->count(option) == 0) return false;
    mask.add_paths(path);
    return true;
  };
  if (given("--head", "head.full_name")) d.mutable_head()->set_full_name(a.head);
  if (given("--head-title", "head.title")) d.mutable_head()->set_title(a.head_title);
  if (given("--rank", "head.rank")) {
    d.mutable_head()->set_rank(static_cast<v1::ProtocolRank>(
        ParseEnumWord(v1::ProtocolRank_descriptor(), a.rank, "--rank")));
  }
  if (given("--credentials", "credentials.reference")) {
    d.mutable_credentials()->set_reference(a.credentials);
  }
  if (given("--received", "credentials.received_date")) {
    d.mutable_credentials()->set_received_date(a.received);
  }
  if (given("--email", "contact_email")) d.set_contact_email(a.email);
  if (given("--notes", "notes")) d.set_notes(a.notes);
}

void AddMemberCommands(CLI::App* delegations, Context& ctx, std::shared_ptr<Args> a) {
  CLI::App* members = delegations->add_subcommand("members", "Members of a delegation");
  members->require_subcommand(1);
  auto target = [a](CLI::App* cmd) {
    cmd->add_option("event", a->event, "Event id")->required();
    cmd->add_option("entity", a->entity, "Entity code")->required();
  };
  auto person = [a](CLI::App* cmd, bool create) {
    auto name = cmd->add_option("--person", a->person, "Full name");
    if (create) name->required();
    cmd->add_option("--title", a->title, "Function");
    cmd->add_option("--rank", a->rank, "Protocol rank (as for delegations register)");
    cmd->add_option("--role", a->role, "Role in the delegation, e.g. adviser");
  };
  auto fill = [a](CLI::App* cmd, v1::DelegationMember& m, google::protobuf::FieldMask& mask) {
    auto given = [&](const char* option, const char* path) {
      if (cmd->count(option) == 0) return false;
      mask.add_paths(path);
      return true;
    };
    if (given("--person", "person.full_name")) m.mutable_person()->set_full_name(a->person);
    if (given("--title", "person.title")) m.mutable_person()->set_title(a->title);
    if (given("--rank", "person.rank")) {
      m.mutable_person()->set_rank(static_cast<v1::ProtocolRank>(
          ParseEnumWord(v1::ProtocolRank_descriptor(), a->rank, "--rank")));
    }
    if (given("--role", "role")) m.set_role(a->role);
  };

  CLI::App* list = members->add_subcommand("list", "List members");
  target(list);
  AddLimitOption(list, ctx);
  list->callback([&ctx, a] {
    v1::ListDelegationMembersRequest request;
    request.set_parent(DelegationName(*a));
    auto stub = v1::DelegationService::NewStub(ctx.Channel());
    RunList<v1::ListDelegationMembersResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) {
          return stub->ListDelegationMembers(call, req, r);
        },
        [](v1::ListDelegationMembersResponse& r) { return r.mutable_members(); },
        [](const v1::ListDelegationMembersResponse& r) {
          Table table({"NO", "NAME", "TITLE", "RANK", "ROLE"});
          for (const auto& m : r.members()) {
            table.Add({Id(m.name()), m.person().full_name(), m.person().title(),
                       m.person().rank() ? Rank(m.person().rank()) : "", m.role()});
          }
          table.Print(std::cout);
        });
  });

  CLI::App* add = members->add_subcommand("add", "Add a member");
  target(add);
  person(add, true);
  add->add_option("--request-id", a->request_id, "Makes a retried add safe");
  add->callback([&ctx, a, add, fill] {
    v1::AddDelegationMemberRequest request;
    request.set_parent(DelegationName(*a));
    request.set_request_id(a->request_id);
    google::protobuf::FieldMask unused;
    fill(add, *request.mutable_member(), unused);
    auto stub = v1::DelegationService::NewStub(ctx.Channel());
    RunCall<v1::DelegationMember>(
        ctx, [&](auto* call, auto* r) { return stub->AddDelegationMember(call, request, r); },
        PrintMember);
  });

  CLI::App* update = members->add_subcommand("update", "Change the fields given");
  target(update);
  update->add_option("member", a->member, "Member number")->required();
  person(update, false);
  update->add_option("--etag", a->etag, "Refuse the change if the member changed");
  update->callback([&ctx, a, update, fill] {
    v1::UpdateDelegationMemberRequest request;
    request.mutable_member()->set_name(DelegationName(*a) + "/members/" + a->member);
    request.mutable_member()->set_etag(a->etag);
    fill(update, *request.mutable_member(), *request.mutable_update_mask());
    auto stub = v1::DelegationService::NewStub(ctx.Channel());
    RunCall<v1::DelegationMember>(
        ctx, [&](auto* call, auto* r) { return stub->UpdateDelegationMember(call, request, r); },
        PrintMember);
  });

  CLI::App* remove = members->add_subcommand("remove", "Remove a member");
  target(remove);
  remove->add_option("member", a->member, "Member number")->required();
  remove->add_option("--etag", a->etag, "Refuse if the member changed");
  remove->callback([&ctx, a] {
    v1::RemoveDelegationMemberRequest request;
    request.set_name(DelegationName(*a) + "/members/" + a->member);
    request.set_etag(a->etag);
    auto stub = v1::DelegationService::NewStub(ctx.Channel());
    RunCall<v1::RemoveDelegationMemberResponse>(
        ctx, [&](auto* call, auto* r) { return stub->RemoveDelegationMember(call, request, r); },
        [&request](const auto&) { std::cout << "removed " << request.name() << "\n"; });
  });
}

}  // namespace

void AddDelegationCommands(CLI::App& app, Context& ctx) {
  CLI::App* delegations = app.add_subcommand("delegations", "Delegations and accreditation");
  delegations->require_subcommand(1);
  auto a = std::make_shared<Args>();
  auto target = [a](CLI::App* cmd) {
    cmd->add_option("event", a->event, "Event id, e.g. gfmd-2007")->required();
    cmd->add_option("entity", a->entity, "Entity code, e.g. bel")->required();
  };

  CLI::App* reg = delegations->add_subcommand("register", "Register an entity's delegation");
  target(reg);
  AddDelegationOptions(reg, *a, true);
  reg->add_option("--request-id", a->request_id, "Makes a retried registration safe");
  reg->callback([&ctx, a, reg] {
    v1::RegisterDelegationRequest request;
    request.set_parent("events/" + a->event);
    request.set_request_id(a->request_id);
    request.mutable_delegation()->set_entity("entities/" + a->entity);
    google::protobuf::FieldMask unused;
    FillDelegation(reg, *a, *request.mutable_delegation(), unused);
    auto stub = v1::DelegationService::NewStub(ctx.Channel());
    RunCall<v1::Delegation>(
        ctx, [&](auto* call, auto* r) { return stub->RegisterDelegation(call, request, r); },
        PrintDelegation);
  });

  CLI::App* get = delegations->add_subcommand("get", "Show one delegation");
  target(get);
  get->callback([&ctx, a] {
    v1::GetDelegationRequest request;
    request.set_name(DelegationName(*a));
    auto stub = v1::DelegationService::NewStub(ctx.Channel());
    RunCall<v1::Delegation>(
        ctx, [&](auto* call, auto* r) { return stub->GetDelegation(call, request, r); },
        PrintDelegation);
  });

  CLI::App* list = delegations->add_subcommand("list", "List an event's delegations");
  list->add_option("event", a->event, "Event id")->required();
  list->add_option("--state", a->state, "pending, accredited, rejected, withdrawn");
  list->add_option("--kind", a->kind, "Entity kind, e.g. member-state");
  list->add_option("--group", a->group, "Regional group, e.g. african");
  AddLimitOption(list, ctx);
  list->callback([&ctx, a] {
    v1::ListDelegationsRequest request;
    request.set_parent("events/" + a->event);
    std::string filter;
    auto add = [&filter](const std::string& term) {
      filter = filter.empty() ? term : absl::StrCat(filter, " AND ", term);
    };
    if (!a->state.empty()) {
      add("state = " + v1::DelegationState_Name(
                           ParseEnumWord(v1::DelegationState_descriptor(), a->state, "--state")));
    }
    if (!a->kind.empty()) {
      add("entity_kind = " +
          v1::EntityKind_Name(ParseEnumWord(v1::EntityKind_descriptor(), a->kind, "--kind")));
    }
    if (!a->group.empty()) {
      add("regional_group = " + v1::RegionalGroup_Name(ParseEnumWord(v1::RegionalGroup_descriptor(),
                                                                     a->group, "--group")));
    }
    request.set_filter(filter);
    auto stub = v1::DelegationService::NewStub(ctx.Channel());
    RunList<v1::ListDelegationsResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) { return stub->ListDelegations(call, req, r); },
        [](v1::ListDelegationsResponse& r) { return r.mutable_delegations(); },
        [](const v1::ListDelegationsResponse& r) {
          Table table({"ENTITY", "NAME", "STATE", "HEAD", "RANK", "GROUP"});
          for (const auto& d : r.delegations()) {
            table.Add({Id(d.name()), d.display_name(),
                       EnumWord(v1::DelegationState_descriptor(), d.state()), d.head().full_name(),
                       Rank(d.head().rank()),
                       d.regional_group()
                           ? EnumWord(v1::RegionalGroup_descriptor(), d.regional_group())
                           : ""});
          }
          table.Print(std::cout);
          std::cout << r.total_size() << " delegation(s)\n";
        });
  });

  CLI::App* update = delegations->add_subcommand("update", "Change the fields given");
  target(update);
  AddDelegationOptions(update, *a, false);
  update->add_option("--etag", a->etag, "Refuse the change if the delegation changed");
  update->callback([&ctx, a, update] {
    v1::UpdateDelegationRequest request;
    request.mutable_delegation()->set_name(DelegationName(*a));
    request.mutable_delegation()->set_etag(a->etag);
    FillDelegation(update, *a, *request.mutable_delegation(), *request.mutable_update_mask());
    auto stub = v1::DelegationService::NewStub(ctx.Channel());
    RunCall<v1::Delegation>(
        ctx, [&](auto* call, auto* r) { return stub->UpdateDelegation(call, request, r); },
        PrintDelegation);
  });

  CLI::App* accredit = delegations->add_subcommand("accredit", "Accept the credentials");
  target(accredit);
  accredit->add_option("--etag", a->etag, "Refuse if the delegation changed");
  accredit->callback([&ctx, a] {
    v1::AccreditDelegationRequest request;
    request.set_name(DelegationName(*a));
    request.set_etag(a->etag);
    auto stub = v1::DelegationService::NewStub(ctx.Channel());
    RunCall<v1::Delegation>(
        ctx, [&](auto* call, auto* r) { return stub->AccreditDelegation(call, request, r); },
        PrintDelegation);
  });

  CLI::App* reject = delegations->add_subcommand("reject", "Refuse the credentials");
  target(reject);
  reject->add_option("--reason", a->reason, "Why")->required();
  reject->add_option("--etag", a->etag, "Refuse if the delegation changed");
  reject->callback([&ctx, a] {
    v1::RejectDelegationRequest request;
    request.set_name(DelegationName(*a));
    request.set_reason(a->reason);
    request.set_etag(a->etag);
    auto stub = v1::DelegationService::NewStub(ctx.Channel());
    RunCall<v1::Delegation>(
        ctx, [&](auto* call, auto* r) { return stub->RejectDelegation(call, request, r); },
        PrintDelegation);
  });

  CLI::App* withdraw = delegations->add_subcommand("withdraw", "Withdraw a delegation");
  target(withdraw);
  withdraw->add_option("--reason", a->reason, "Why");
  withdraw->add_option("--etag", a->etag, "Refuse if the delegation changed");
  withdraw->callback([&ctx, a] {
    v1::WithdrawDelegationRequest request;
    request.set_name(DelegationName(*a));
    request.set_reason(a->reason);
    request.set_etag(a->etag);
    auto stub = v1::DelegationService::NewStub(ctx.Channel());
    RunCall<v1::Delegation>(
        ctx, [&](auto* call, auto* r) { return stub->WithdrawDelegation(call, request, r); },
        PrintDelegation);
  });

  AddMemberCommands(delegations, ctx, a);
}

}  // namespace forum::client
