#include "services/resource_reader.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "domain/status_macros.h"
#include "services/visibility.h"

namespace forum::services {
namespace {

template <typename T>
absl::StatusOr<google::protobuf::Any> Pack(absl::StatusOr<T> message) {
  if (!message.ok()) return message.status();
  google::protobuf::Any any;
  any.PackFrom(*message);
  return any;
}

template <typename Request>
Request Named(absl::string_view name) {
  Request r;
  r.set_name(std::string(name));
  return r;
}

absl::Status Unknown(absl::string_view name) {
  return domain::InvalidField("name", absl::StrCat("'", name, "' is no resource the feed reports"));
}

}  // namespace

absl::StatusOr<google::protobuf::Any> ResourceReader::Read(storage::Tx& tx, const Caller& caller,
                                                           absl::string_view name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() < 2 || parts[0] != "events") return Unknown(name);
  const size_t n = parts.size();
  if (n == 2) return Pack(events_.GetEvent(tx, Named<v1::GetEventRequest>(name)));
  absl::string_view kind = parts[2];
  if (n == 3 && kind == "roundTableRules") {
    return Pack(round_tables_.GetRules(tx, Named<v1::GetRoundTableRulesRequest>(name)));
  }
  if (n == 4) {
    if (kind == "sessions") return Pack(events_.GetSession(tx, Named<v1::GetSessionRequest>(name)));
    if (kind == "rooms") return Pack(events_.GetRoom(tx, Named<v1::GetRoomRequest>(name)));
    if (kind == "themes") return Pack(events_.GetTheme(tx, Named<v1::GetThemeRequest>(name)));
    if (kind == "roundTables") {
      return Pack(round_tables_.Get(tx, Named<v1::GetRoundTableRequest>(name)));
    }
    if (kind == "delegations") {
      auto d = delegations_.Get(tx, Named<v1::GetDelegationRequest>(name));
      if (d.ok()) RedactDelegation(caller, *d);
      return Pack(std::move(d));
    }
    if (kind == "scheduleReleases") {
      return Pack(schedules_.Get(tx, Named<v1::GetScheduleReleaseRequest>(name)));
    }
    if (kind == "speakerLists") {
      ASSIGN_OR_RETURN(auto list, domain::ParseEventChildName(name, "speakerLists", "name"));
      return Pack(speakers_.GetList(tx, list));
    }
    if (kind == "documents") {
      ASSIGN_OR_RETURN(auto ref, domain::ParseDocumentName(name, "name"));
      RETURN_IF_ERROR(CheckDocumentRead(access_, tx, caller, ref));
      return Pack(documents_.Get(tx, ref, Named<v1::GetDocumentRequest>(name)));
    }
  }
  if (n == 5 && kind == "speakerLists" && parts[4] == "floor") {
    ASSIGN_OR_RETURN(auto list, domain::ParseEventChildName(name.substr(0, name.size() - 6),
                                                            "speakerLists", "name"));
    return Pack(speakers_.GetFloor(tx, list));
  }
  if (n == 6) {
    if (kind == "delegations" && parts[4] == "members") {
      ASSIGN_OR_RETURN(auto member, domain::ParseMemberName(name, "name"));
      return Pack(tx.delegations().GetMember(member.event, member.entity, member.member));
    }
    if (kind == "speakerLists" && parts[4] == "speakers") {
      ASSIGN_OR_RETURN(auto speaker, domain::ParseSpeakerName(name, "name"));
      return Pack(speakers_.Get(tx, speaker));
    }
    if (kind == "speakerLists" && parts[4] == "statements") {
      ASSIGN_OR_RETURN(auto statement, domain::ParseStatementName(name, "name"));
      return Pack(speakers_.GetStatement(tx, statement));
    }
    if (kind == "documents" && (parts[4] == "sections" || parts[4] == "paragraphs")) {
      ASSIGN_OR_RETURN(auto item, domain::ParseDocumentItemName(name, parts[4], "name"));
      RETURN_IF_ERROR(CheckDocumentRead(access_, tx, caller, item.doc));
      if (parts[4] == "sections") return Pack(documents_.GetSection(tx, item));
      return Pack(documents_.GetParagraph(tx, item));
    }
  }
  return Unknown(name);
}

}  // namespace forum::services
