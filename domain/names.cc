#include "domain/names.h"

#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/errors.h"
#include "domain/status_macros.h"

namespace forum::domain {
namespace {

absl::Status Malformed(absl::string_view field, absl::string_view name, absl::string_view pattern) {
  if (name.empty()) return InvalidField(field, "is required");
  return InvalidField(field, absl::StrCat(Quote(name), " is not a resource name of the form ",
                                          pattern, " (ids: lower-case letters, digits, hyphens)"));
}

// The number that ends a name (a member, a section, a paragraph): decimal digits, not starting
// with 0, at most 18 of them, so that a resource has one spelling; 0 when it is not one.
int64_t ItemNumber(absl::string_view text) {
  if (text.empty() || text.size() > 18 || text[0] == '0') return 0;
  int64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

bool IsValidId(absl::string_view id) {
  if (id.empty() || id.size() > 63) return false;
  if (id.front() < 'a' || id.front() > 'z') return false;
  if (id.back() == '-') return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

absl::StatusOr<std::string> ParseEntityName(absl::string_view name, absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 2 || parts[0] != "entities" || !IsValidId(parts[1])) {
    return Malformed(field, name, "entities/{code}");
  }
  return std::string(parts[1]);
}

absl::StatusOr<std::string> ParseEventName(absl::string_view name, absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 2 || parts[0] != "events" || !IsValidId(parts[1])) {
    return Malformed(field, name, "events/{event}");
  }
  return std::string(parts[1]);
}

absl::StatusOr<EventChild> ParseEventChildName(absl::string_view name, absl::string_view collection,
                                               absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != "events" || !IsValidId(parts[1]) || parts[2] != collection ||
      !IsValidId(parts[3])) {
    return Malformed(field, name, absl::StrCat("events/{event}/", collection, "/{id}"));
  }
  return EventChild{std::string(parts[1]), std::string(parts[3])};
}

absl::StatusOr<MemberName> ParseMemberName(absl::string_view name, absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  int64_t member = parts.size() == 6 ? ItemNumber(parts[5]) : 0;
  if (parts.size() != 6 || parts[0] != "events" || !IsValidId(parts[1]) ||
      parts[2] != "delegations" || !IsValidId(parts[3]) || parts[4] != "members" || member <= 0) {
    return Malformed(field, name, "events/{event}/delegations/{entity}/members/{number}");
  }
  return MemberName{std::string(parts[1]), std::string(parts[3]), member};
}

absl::StatusOr<DocRef> ParseDocumentName(absl::string_view name, absl::string_view field) {
  ASSIGN_OR_RETURN(auto parsed, ParseEventChildName(name, "documents", field));
  return DocRef{std::move(parsed.event), std::move(parsed.id)};
}

absl::StatusOr<ItemRef> ParseDocumentItemName(absl::string_view name, absl::string_view collection,
                                              absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  int64_t id = parts.size() == 6 ? ItemNumber(parts[5]) : 0;
  if (parts.size() != 6 || parts[0] != "events" || !IsValidId(parts[1]) ||
      parts[2] != "documents" || !IsValidId(parts[3]) || parts[4] != collection || id <= 0) {
    return Malformed(field, name,
                     absl::StrCat("events/{event}/documents/{document}/", collection, "/{number}"));
  }
  return ItemRef{DocRef{std::string(parts[1]), std::string(parts[3])}, id};
}

absl::StatusOr<SpeakerRef> ParseSpeakerName(absl::string_view name, absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 6 || parts[0] != "events" || !IsValidId(parts[1]) ||
      parts[2] != "speakerLists" || !IsValidId(parts[3]) || parts[4] != "speakers" ||
      !IsValidId(parts[5])) {
    return Malformed(field, name, "events/{event}/speakerLists/{list}/speakers/{speaker}");
  }
  return SpeakerRef{std::string(parts[1]), std::string(parts[3]), std::string(parts[5])};
}

absl::StatusOr<StatementRef> ParseStatementName(absl::string_view name, absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  int64_t number = 0;
  if (parts.size() != 6 || parts[0] != "events" || !IsValidId(parts[1]) ||
      parts[2] != "speakerLists" || !IsValidId(parts[3]) || parts[4] != "statements" ||
      !absl::SimpleAtoi(parts[5], &number) || number <= 0 || parts[5] != absl::StrCat(number)) {
    return Malformed(field, name, "events/{event}/speakerLists/{list}/statements/{number}");
  }
  return StatementRef{std::string(parts[1]), std::string(parts[3]), number};
}

std::string SpeakerName(absl::string_view event, absl::string_view list,
                        absl::string_view speaker) {
  return absl::StrCat("events/", event, "/speakerLists/", list, "/speakers/", speaker);
}

std::string SpeakerRef::ListName() const { return EventChildName(event, "speakerLists", list); }
std::string SpeakerRef::Name() const { return SpeakerName(event, list, speaker); }

std::string DocRef::Name() const { return EventChildName(event, "documents", doc); }

std::string EntityName(absl::string_view code) { return absl::StrCat("entities/", code); }
std::string EventName(absl::string_view event) { return absl::StrCat("events/", event); }
std::string EventChildName(absl::string_view event, absl::string_view collection,
                           absl::string_view id) {
  return absl::StrCat("events/", event, "/", collection, "/", id);
}
std::string MemberResourceName(absl::string_view event, absl::string_view entity, int64_t member) {
  return absl::StrCat("events/", event, "/delegations/", entity, "/members/", member);
}

std::string LastSegment(absl::string_view name) {
  auto slash = name.rfind('/');
  return std::string(slash == absl::string_view::npos ? name : name.substr(slash + 1));
}

}  // namespace forum::domain
