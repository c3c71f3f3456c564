// Resource names (AIP-122): parsing what callers send, formatting what the server returns.
//
// Ids follow RFC 1034 labels: a lower-case letter, then lower-case letters, digits and hyphens,
// not ending in a hyphen, at most 63 characters. A malformed name is the caller's mistake and
// answers INVALID_ARGUMENT naming the field that carried it.
#ifndef FORUM_DOMAIN_NAMES_H_
#define FORUM_DOMAIN_NAMES_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace forum::domain {

// True for a well-formed resource id.
bool IsValidId(absl::string_view id);

// A name under an event: `events/{event}/{collection}/{id}`.
struct EventChild {
  std::string event;
  std::string id;
};

// A delegation member: `events/{event}/delegations/{entity}/members/{member}`.
struct MemberName {
  std::string event;
  std::string entity;
  int64_t member = 0;
};

// Typed references (DocRef, ItemRef, EventChild, MemberName) are what the parsers below return:
// the logic trusts their parts as well-formed ids, so build one only from a parser (or from
// names the server made itself).

// A document: `events/{event}/documents/{doc}`.
struct DocRef {
  std::string event, doc;
  std::string Name() const;
};

// A section or paragraph of a document: `events/{event}/documents/{doc}/{collection}/{id}`.
struct ItemRef {
  DocRef doc;
  int64_t id = 0;
};

// A speaker: `events/{event}/speakerLists/{list}/speakers/{speaker}`.
struct SpeakerRef {
  std::string event, list, speaker;
  std::string ListName() const;
  std::string Name() const;
};

// `entities/{code}` → code.
absl::StatusOr<std::string> ParseEntityName(absl::string_view name, absl::string_view field);
// `events/{event}` → event id.
absl::StatusOr<std::string> ParseEventName(absl::string_view name, absl::string_view field);
// `events/{event}/{collection}/{id}` → parts.
absl::StatusOr<EventChild> ParseEventChildName(absl::string_view name, absl::string_view collection,
                                               absl::string_view field);
absl::StatusOr<MemberName> ParseMemberName(absl::string_view name, absl::string_view field);
// `events/{event}/documents/{document}` → parts.
absl::StatusOr<DocRef> ParseDocumentName(absl::string_view name, absl::string_view field);
// `events/{event}/documents/{document}/{collection}/{number}` → parts (`collection`: `sections`
// or `paragraphs`).
absl::StatusOr<ItemRef> ParseDocumentItemName(absl::string_view name, absl::string_view collection,
                                              absl::string_view field);

// `events/{event}/speakerLists/{list}/speakers/{speaker}` → parts.
absl::StatusOr<SpeakerRef> ParseSpeakerName(absl::string_view name, absl::string_view field);
std::string SpeakerName(absl::string_view event, absl::string_view list, absl::string_view speaker);

// A turn at the floor: `events/{event}/speakerLists/{list}/statements/{number}`.
struct StatementRef {
  std::string event, list;
  int64_t number = 0;
};
absl::StatusOr<StatementRef> ParseStatementName(absl::string_view name, absl::string_view field);

std::string EntityName(absl::string_view code);
std::string EventName(absl::string_view event);
// The last segment of a resource name, the id it ends with: `events/x/rooms/hall` → `hall`.
// The one place that cuts a name down to its id.
std::string LastSegment(absl::string_view name);

std::string EventChildName(absl::string_view event, absl::string_view collection,
                           absl::string_view id);
std::string MemberResourceName(absl::string_view event, absl::string_view entity, int64_t member);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_NAMES_H_
