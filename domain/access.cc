#include "domain/access.h"

#include <cstdlib>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "domain/errors.h"
#include "domain/names.h"

namespace forum::domain {
namespace {

// Scope shapes: which collection under an event a chair's scope may name.
bool IsChairScope(absl::string_view scope) {
  if (ParseEventName(scope, "scope").ok()) return true;
  return ParseEventChildName(scope, "roundTables", "scope").ok() ||
         ParseEventChildName(scope, "documents", "scope").ok();
}

absl::string_view RoleWord(v1::Role role) {
  switch (role) {
    case v1::ROLE_ADMIN:
      return "admin";
    case v1::ROLE_FOCAL_POINT:
      return "focal-point";
    case v1::ROLE_CHAIR:
      return "chair";
    case v1::ROLE_READER:
      return "reader";
    case v1::ROLE_FEED:
      return "feed";
    default:
      return "unknown";
  }
}

}  // namespace

absl::Status ValidateBinding(const v1::RoleBinding& b, absl::string_view field) {
  std::string scope_field = absl::StrCat(field, ".scope");
  switch (b.role()) {
    case v1::ROLE_ADMIN:
    case v1::ROLE_READER:
      if (!b.scope().empty()) {
        return InvalidField(scope_field, "must be empty: admin and reader hold for every event");
      }
      return absl::OkStatus();
    case v1::ROLE_FOCAL_POINT:
      if (!ParseEventChildName(b.scope(), "delegations", scope_field).ok()) {
        return InvalidField(scope_field,
                            "a focal point's scope is one delegation, "
                            "`events/{event}/delegations/{entity}`");
      }
      return absl::OkStatus();
    case v1::ROLE_CHAIR:
      if (!IsChairScope(b.scope())) {
        return InvalidField(scope_field,
                            "a chair's scope is `events/{event}`, "
                            "`events/{event}/roundTables/{round_table}` or "
                            "`events/{event}/documents/{document}`");
      }
      return absl::OkStatus();
    case v1::ROLE_FEED:
      if (!ParseEventName(b.scope(), scope_field).ok() &&
          !ParseEventChildName(b.scope(), "delegations", scope_field).ok()) {
        return InvalidField(scope_field,
                            "a feed's scope is an event's programme, `events/{event}`, or one "
                            "delegation's calendar, `events/{event}/delegations/{entity}`");
      }
      return absl::OkStatus();
    default:
      return InvalidField(
          absl::StrCat(field, ".role"),
          "must be one of ROLE_ADMIN, ROLE_FOCAL_POINT, ROLE_CHAIR, ROLE_READER, ROLE_FEED");
  }
}

absl::StatusOr<v1::RoleBinding> ParseBinding(absl::string_view text) {
  std::pair<absl::string_view, absl::string_view> parts =
      absl::StrSplit(text, absl::MaxSplits('=', 1));
  v1::RoleBinding b;
  if (parts.first == "admin") {
    b.set_role(v1::ROLE_ADMIN);
  } else if (parts.first == "reader") {
    b.set_role(v1::ROLE_READER);
  } else if (parts.first == "focal-point") {
    b.set_role(v1::ROLE_FOCAL_POINT);
  } else if (parts.first == "chair") {
    b.set_role(v1::ROLE_CHAIR);
  } else if (parts.first == "feed") {
    b.set_role(v1::ROLE_FEED);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("role ", Quote(parts.first),
                     " is not one of admin, reader, focal-point=SCOPE, chair=SCOPE, feed=SCOPE"));
  }
  b.set_scope(std::string(parts.second));
  absl::Status valid = ValidateBinding(b, "role");
  if (!valid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("role ", Quote(text), ": ", valid.message()));
  }
  return b;
}

absl::StatusOr<std::vector<v1::RoleBinding>> ParseBindings(const std::vector<std::string>& roles,
                                                           absl::string_view scope) {
  std::vector<v1::RoleBinding> bindings;
  for (const auto& role : roles) {
    std::string text = role;
    if (!scope.empty() && text.find('=') == std::string::npos) absl::StrAppend(&text, "=", scope);
    auto binding = ParseBinding(text);
    if (!binding.ok()) return binding.status();
    bindings.push_back(*std::move(binding));
  }
  return bindings;
}

std::string FormatBinding(const v1::RoleBinding& b) {
  if (b.scope().empty()) return std::string(RoleWord(b.role()));
  return absl::StrCat(RoleWord(b.role()), "=", b.scope());
}

DocumentFacts FactsOf(const v1::Document& d) {
  DocumentFacts facts;
  if (auto parsed = ParseDocumentName(d.name(), "name"); parsed.ok()) {
    facts.event = std::move(parsed->event);
    facts.document = std::move(parsed->doc);
  }
  if (!d.round_table().empty()) {
    facts.round_table = LastSegment(d.round_table());
  }
  facts.state = d.state();
  return facts;
}

bool Grants::Has(v1::Role role, absl::string_view scope) const {
  for (const auto& b : bindings_) {
    if (b.role() == role && b.scope() == scope) return true;
  }
  return false;
}

std::string Grants::Describe() const {
  if (bindings_.empty()) return "no role";
  return absl::StrJoin(bindings_, ", ", [](std::string* out, const v1::RoleBinding& b) {
    absl::StrAppend(out, FormatBinding(b));
  });
}

bool Grants::Admin() const { return Has(v1::ROLE_ADMIN, ""); }

bool Grants::Feed() const {
  for (const auto& b : bindings_) {
    if (b.role() == v1::ROLE_FEED) return true;
  }
  return false;
}

bool Grants::FeedOf(absl::string_view event, absl::string_view entity) const {
  if (Has(v1::ROLE_FEED, EventName(event))) return true;
  return !entity.empty() && Has(v1::ROLE_FEED, EventChildName(event, "delegations", entity));
}

bool Grants::FocalPointOf(absl::string_view event, absl::string_view entity) const {
  return Admin() || Has(v1::ROLE_FOCAL_POINT, EventChildName(event, "delegations", entity));
}

bool Grants::FocalPointIn(absl::string_view event) const {
  std::string prefix = absl::StrCat(EventName(event), "/delegations/");
  for (const auto& b : bindings_) {
    if (b.role() == v1::ROLE_FOCAL_POINT && absl::StartsWith(b.scope(), prefix)) return true;
  }
  return false;
}

bool Grants::ChairOfList(absl::string_view event, absl::string_view list) const {
  if (Admin() || Has(v1::ROLE_CHAIR, EventName(event))) return true;
  return list != "plenary" && Has(v1::ROLE_CHAIR, EventChildName(event, "roundTables", list));
}

bool Grants::AuthorOf(const DocumentFacts& d) const {
  if (Admin()) return true;
  if (Has(v1::ROLE_CHAIR, EventName(d.event))) return true;
  if (Has(v1::ROLE_CHAIR, EventChildName(d.event, "documents", d.document))) return true;
  return !d.round_table.empty() &&
         Has(v1::ROLE_CHAIR, EventChildName(d.event, "roundTables", d.round_table));
}

bool Grants::CanRead(const DocumentFacts& d) const {
  if (AuthorOf(d)) return true;
  switch (d.state) {
    case v1::DOCUMENT_STATE_ISSUED:
      return !bindings_.empty();
    case v1::DOCUMENT_STATE_CIRCULATED:
      return FocalPointIn(d.event);
    default:
      return false;
  }
}

std::string DefaultTokenFile() {
  if (const char* file = std::getenv("FORUM_TOKEN_FILE"); file != nullptr && *file != '\0') {
    return file;
  }
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0') {
    return absl::StrCat(xdg, "/forum/token");
  }
  const char* home = std::getenv("HOME");
  return absl::StrCat(home != nullptr ? home : ".", "/.config/forum/token");
}

absl::Status Denied(const Grants& grants, absl::string_view what) {
  return absl::PermissionDeniedError(
      absl::StrCat("this token (", grants.Describe(), ") may not ", what));
}

bool IsLoopbackAddress(absl::string_view address) {
  if (absl::StartsWith(address, "unix:") || absl::StartsWith(address, "unix-abstract:")) {
    return true;
  }
  absl::ConsumePrefix(&address, "dns:///");
  absl::ConsumePrefix(&address, "ipv4:");
  absl::ConsumePrefix(&address, "ipv6:");
  absl::string_view host = address;
  if (absl::StartsWith(host, "[")) {
    auto close = host.find(']');
    if (close == absl::string_view::npos) return false;
    host = host.substr(1, close - 1);
  } else if (auto colon = host.rfind(':'); colon != absl::string_view::npos) {
    host = host.substr(0, colon);
  }
  bool ipv4_loopback = absl::StartsWith(host, "127.") &&
                       host.find_first_not_of("0123456789.") == absl::string_view::npos;
  return host == "localhost" || host == "::1" || ipv4_loopback;
}

absl::Status CheckDocumentAccess(const Grants& grants, const DocumentFacts& document,
                                 DocumentNeed need) {
  if (grants.Admin()) return absl::OkStatus();
  std::string doc = EventChildName(document.event, "documents", document.document);
  switch (need) {
    case DocumentNeed::kRead:
      if (grants.CanRead(document)) return absl::OkStatus();
      return Denied(grants, absl::StrCat("read ", doc, " in its present state"));
    case DocumentNeed::kWrite:
      if (grants.AuthorOf(document)) return absl::OkStatus();
      return Denied(grants,
                    absl::StrCat("draft or manage ", doc, ": that is for its chair or authors"));
    case DocumentNeed::kComment:
      if (grants.AuthorOf(document) ||
          (grants.FocalPointIn(document.event) && grants.CanRead(document))) {
        return absl::OkStatus();
      }
      return Denied(grants, absl::StrCat("see the comments on ", doc));
  }
  return absl::OkStatus();
}

absl::Status CheckReadAtRevision(const Grants& grants, const DocumentFacts& document,
                                 int64_t revision, absl::string_view name) {
  absl::Status readable = CheckDocumentAccess(grants, document, DocumentNeed::kRead);
  if (!readable.ok() || revision == 0) return readable;
  if (CheckDocumentAccess(grants, document, DocumentNeed::kWrite).ok()) return absl::OkStatus();
  return Denied(grants, absl::StrCat("read earlier revisions of ", ShortInput(name, kMaxQuotedName),
                                     ": they are drafts, for its authors"));
}

absl::Status CheckCreateDocument(const Grants& grants, const DocumentFacts& document,
                                 absl::string_view parent) {
  if (grants.CanCreate(document)) return absl::OkStatus();
  return Denied(grants, absl::StrCat("create documents under ", ShortInput(parent, kMaxQuotedName),
                                     ": that is for the chair of the event, of the round table "
                                     "or of the document"));
}

absl::Status CheckCommentAs(const Grants& grants, const DocumentFacts& document,
                            absl::string_view author) {
  if (grants.Admin() || grants.AuthorOf(document)) return absl::OkStatus();
  std::string doc = EventChildName(document.event, "documents", document.document);
  if (!grants.FocalPointIn(document.event) || !grants.CanRead(document)) {
    return Denied(grants, absl::StrCat("comment on ", doc));
  }
  // A focal point signs as its own delegation.
  auto signer = ParseEventChildName(author, "delegations", "comment.author");
  if (!signer.ok() || signer->event != document.event ||
      !grants.FocalPointOf(signer->event, signer->id)) {
    return Denied(grants, absl::StrCat("comment as ", Quote(author),
                                       ": a focal point signs with its own delegation's name"));
  }
  return absl::OkStatus();
}

}  // namespace forum::domain
