// Who may do what: the role bindings a token holds and the questions the services ask of them.
//
// Pure rules, no storage: a service looks up the facts it needs (a document's state, its round
// table) and asks here. A binding's scope is a resource name; a chair scoped to an event covers
// every document of that event, one scoped to a round table covers that round table's summaries,
// one scoped to a document covers that document only.
#ifndef FORUM_DOMAIN_ACCESS_H_
#define FORUM_DOMAIN_ACCESS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "forum/v1/access.pb.h"
#include "forum/v1/document.pb.h"

namespace forum::domain {

inline constexpr int kMaxBindings = 50;
inline constexpr int kMaxTokenNameLength = 200;

// Checks one binding: a known role, and a scope of the shape that role takes. INVALID_ARGUMENT
// names `field` (e.g. `token.bindings[2]`).
absl::Status ValidateBinding(const v1::RoleBinding& binding, absl::string_view field);

// Parses the command-line form: `admin`, `reader`, `focal-point=events/{e}/delegations/{x}`,
// `chair=events/{e}[/roundTables/{rt}|/documents/{d}]`, `feed=events/{e}[/delegations/{x}]`.
absl::StatusOr<v1::RoleBinding> ParseBinding(absl::string_view text);
// Several roles from the command line; a role given without `=SCOPE` takes `scope` when that is
// not empty (`--role chair --scope events/hld-2006`).
absl::StatusOr<std::vector<v1::RoleBinding>> ParseBindings(const std::vector<std::string>& roles,
                                                           absl::string_view scope);
// The command-line form of a binding.
std::string FormatBinding(const v1::RoleBinding& binding);

// What a document is, as far as access is concerned.
struct DocumentFacts {
  std::string event;
  std::string document;
  std::string round_table;  // the round table's id, empty for none
  v1::DocumentState state = v1::DOCUMENT_STATE_UNSPECIFIED;
};

// The facts of a stored document.
DocumentFacts FactsOf(const v1::Document& document);

// The bindings of one caller.
class Grants {
 public:
  Grants() = default;
  explicit Grants(std::vector<v1::RoleBinding> bindings) : bindings_(std::move(bindings)) {}

  const std::vector<v1::RoleBinding>& bindings() const { return bindings_; }
  // A short description for messages: "admin", "focal point of events/x/delegations/bel", ...
  std::string Describe() const;

  bool Admin() const;
  // Holds a feed binding: a calendar feed's token, which the API refuses.
  bool Feed() const;
  // May read the feed of the event's programme (`entity` empty) or of the delegation's calendar:
  // a feed token scoped to the event, or to that delegation.
  bool FeedOf(absl::string_view event, absl::string_view entity) const;
  // The focal point of `events/{event}/delegations/{entity}` (or an admin).
  bool FocalPointOf(absl::string_view event, absl::string_view entity) const;
  // The focal point of any delegation of the event.
  bool FocalPointIn(absl::string_view event) const;
  // Runs the list of speakers `list` of the event (`plenary` or a round table's id): an admin,
  // a chair of the event, or for a round table's list a chair of that round table.
  bool ChairOfList(absl::string_view event, absl::string_view list) const;
  // May draft and edit the document: an admin, or a chair whose scope covers it.
  bool AuthorOf(const DocumentFacts& document) const;
  // May read it: its authors and admins always; the event's focal points once it is circulated;
  // everybody once it is issued.
  bool CanRead(const DocumentFacts& document) const;
  // May create a document with these facts (state is ignored).
  bool CanCreate(const DocumentFacts& document) const { return AuthorOf(document); }

 private:
  bool Has(v1::Role role, absl::string_view scope) const;
  std::vector<v1::RoleBinding> bindings_;
};

// The document access policy, asked once the facts of the document are known.
enum class DocumentNeed {
  kRead,     // read it in its present state
  kWrite,    // draft or manage it: its chair or authors
  kComment,  // see or make comments: its authors, or the event's focal points once they may read
};
// PERMISSION_DENIED unless `grants` allow `need` on the document.
absl::Status CheckDocumentAccess(const Grants& grants, const DocumentFacts& document,
                                 DocumentNeed need);
// Reading at `revision` (0: the current text): earlier revisions are drafts, for its authors,
// even of a document issued since. `name` is the name the request gave.
absl::Status CheckReadAtRevision(const Grants& grants, const DocumentFacts& document,
                                 int64_t revision, absl::string_view name);
// Creating a document with these facts under `parent`: the chair of the event, of the round
// table or of the document.
absl::Status CheckCreateDocument(const Grants& grants, const DocumentFacts& document,
                                 absl::string_view parent);
// Commenting as `author` on the document: its authors as anyone; a focal point of the event, once
// it may read the document, only as its own delegation.
absl::Status CheckCommentAs(const Grants& grants, const DocumentFacts& document,
                            absl::string_view author);

// Where forumd writes the admin token it creates on first start and where forumctl looks for a
// token by default: $FORUM_TOKEN_FILE, else $XDG_CONFIG_HOME/forum/token, else
// $HOME/.config/forum/token.
std::string DefaultTokenFile();

// PERMISSION_DENIED saying what the caller holds and what it lacked.
absl::Status Denied(const Grants& grants, absl::string_view what);

// Whether a gRPC address (`host:port`, `[v6]:port`, `unix:path`) stays on this machine:
// 127.0.0.0/8, ::1, localhost or a Unix socket. Bearer tokens may cross nothing else in plaintext.
bool IsLoopbackAddress(absl::string_view address);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_ACCESS_H_
