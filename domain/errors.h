// Building the statuses that the domain and the stores return.
//
// Every refusal is an absl::Status with the most specific code and a message a person can act
// on. Details a machine needs (which field, which resource, which condition) travel as payloads
// holding serialized forum.v1 error messages, keyed by their type URL, so that the gRPC layer can
// copy them into the status details without knowing where they came from.
#ifndef FORUM_DOMAIN_ERRORS_H_
#define FORUM_DOMAIN_ERRORS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "forum/v1/errors.pb.h"

namespace forum::domain {

// Type URLs of the payloads, as `google.protobuf.Any` spells them.
inline constexpr absl::string_view kBadRequestUrl = "type.googleapis.com/forum.v1.BadRequest";
inline constexpr absl::string_view kPreconditionUrl =
    "type.googleapis.com/forum.v1.PreconditionFailure";
inline constexpr absl::string_view kResourceInfoUrl = "type.googleapis.com/forum.v1.ResourceInfo";
inline constexpr absl::string_view kRetryInfoUrl = "type.googleapis.com/forum.v1.RetryInfo";

// How much of a caller's input a message or a detail quotes: enough to recognize it, never
// enough to grow the answer (gRPC clients refuse status metadata over 8 KiB by default).
inline constexpr size_t kMaxQuotedChars = 64;
// How much of a resource name a message or a detail carries: well-formed names are shorter.
inline constexpr size_t kMaxQuotedName = 256;

// `input` as far as `max_chars` code points, then `…` when it was longer; never cuts a UTF-8
// character. Every message and detail that repeats what a caller sent goes through here.
std::string ShortInput(absl::string_view input, size_t max_chars = kMaxQuotedChars);
// ShortInput between single quotes: `'events/x'`.
std::string Quote(absl::string_view input);

// One refused field: its dotted path in the request and why.
struct FieldViolation {
  std::string field;
  std::string description;
};

// INVALID_ARGUMENT naming every refused field; the message lists them for a person.
absl::Status InvalidArgument(const std::vector<FieldViolation>& violations);
// INVALID_ARGUMENT for a single field.
absl::Status InvalidField(absl::string_view field, absl::string_view description);

// NOT_FOUND for a resource, e.g. ("forum.v1.Event", "events/x"). `field`, when given, names the
// request field that referred to it.
absl::Status NotFound(absl::string_view type, absl::string_view name, absl::string_view field = "");
// ALREADY_EXISTS for a resource that a create would duplicate.
absl::Status AlreadyExists(absl::string_view type, absl::string_view name, absl::string_view why);
// ABORTED for a stale etag.
absl::Status StaleEtag(absl::string_view type, absl::string_view name);
// ABORTED for a paged export whose resource changed after its first page: start again.
absl::Status ChangedSinceFirstPage(absl::string_view type, absl::string_view name);
// FAILED_PRECONDITION for a condition of the system's state. `field`, when given, names the
// request field whose value met the condition.
absl::Status FailedPrecondition(absl::string_view type, absl::string_view subject,
                                absl::string_view description, absl::string_view field = "");

// RESOURCE_EXHAUSTED for a rate that was passed: the message says what and when to retry, and
// a RetryInfo detail carries the delay.
absl::Status RateLimited(absl::string_view what, int64_t retry_after_micros);
// RESOURCE_EXHAUSTED for a count a resource may not pass (paragraphs per document, ...).
absl::Status CountLimit(absl::string_view type, absl::string_view subject, int64_t limit,
                        absl::string_view what);

// Reads the payloads back (for tests and for the gRPC layer); empty when absent.
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_ERRORS_H_
