#include "domain/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"

namespace forum::domain {
namespace {

void AttachFields(absl::Status& status, const std::vector<FieldViolation>& violations) {
  if (violations.empty()) return;
  v1::BadRequest details;
  for (const auto& v : violations) {
    auto* out = details.add_field_violations();
    out->set_field(v.field);
    out->set_description(v.description);
  }
  status.SetPayload(kBadRequestUrl, absl::Cord(details.SerializeAsString()));
}

void AttachResource(absl::Status& status, absl::string_view type, absl::string_view name,
                    absl::string_view description) {
  v1::ResourceInfo info;
  info.set_resource_type(std::string(type));
  info.set_resource_name(std::string(name));
  info.set_description(std::string(description));
  status.SetPayload(kResourceInfoUrl, absl::Cord(info.SerializeAsString()));
}

}  // namespace

std::string ShortInput(absl::string_view input, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < input.size(); ++i) {
    // A byte that starts a character (not 10xxxxxx) past the limit: cut before it.
    bool starts = (static_cast<unsigned char>(input[i]) & 0xC0) != 0x80;
    // Invalid UTF-8 (continuation bytes only) is cut by bytes: no character is longer than 4.
    if ((starts && chars++ == max_chars) || i == max_chars * 4) {
      return absl::StrCat(input.substr(0, i), "…");
    }
  }
  return std::string(input);
}

std::string Quote(absl::string_view input) { return absl::StrCat("'", ShortInput(input), "'"); }

absl::Status InvalidArgument(const std::vector<FieldViolation>& violations) {
  std::string message = "invalid request:";
  for (size_t i = 0; i < violations.size(); ++i) {
    absl::StrAppend(&message, i == 0 ? " " : "; ", violations[i].field, ": ",
                    violations[i].description);
  }
  absl::Status status = absl::InvalidArgumentError(message);
  AttachFields(status, violations);
  return status;
}

absl::Status InvalidField(absl::string_view field, absl::string_view description) {
  return InvalidArgument({{std::string(field), std::string(description)}});
}

absl::Status NotFound(absl::string_view type, absl::string_view full_name,
                      absl::string_view field) {
  std::string name = ShortInput(full_name, kMaxQuotedName);
  absl::Status status = absl::NotFoundError(absl::StrCat(name, " does not exist"));
  AttachResource(status, type, name, "not found");
  if (!field.empty())
    AttachFields(status, {{std::string(field), absl::StrCat(name, " does not exist")}});
  return status;
}

absl::Status AlreadyExists(absl::string_view type, absl::string_view full_name,
                           absl::string_view why) {
  std::string name = ShortInput(full_name, kMaxQuotedName);
  absl::Status status = absl::AlreadyExistsError(absl::StrCat(name, " already exists: ", why));
  AttachResource(status, type, name, why);
  return status;
}

absl::Status StaleEtag(absl::string_view type, absl::string_view full_name) {
  std::string name = ShortInput(full_name, kMaxQuotedName);
  absl::Status status = absl::AbortedError(absl::StrCat(
      name, " has changed since it was read (stale etag); read it again and reapply the change"));
  AttachResource(status, type, name, "etag mismatch");
  return status;
}

absl::Status ChangedSinceFirstPage(absl::string_view type, absl::string_view full_name) {
  std::string name = ShortInput(full_name, kMaxQuotedName);
  absl::Status status = absl::AbortedError(absl::StrCat(
      name, " has changed since the first page of this export; export it again from the start"));
  AttachResource(status, type, name, "EXPORT_CHANGED");
  return status;
}

absl::Status FailedPrecondition(absl::string_view type, absl::string_view full_subject,
                                absl::string_view description, absl::string_view field) {
  std::string subject = ShortInput(full_subject, kMaxQuotedName);
  absl::Status status = absl::FailedPreconditionError(absl::StrCat(subject, ": ", description));
  v1::PreconditionFailure details;
  auto* v = details.add_violations();
  v->set_type(std::string(type));
  v->set_subject(subject);
  v->set_description(std::string(description));
  status.SetPayload(kPreconditionUrl, absl::Cord(details.SerializeAsString()));
  if (!field.empty()) AttachFields(status, {{std::string(field), std::string(description)}});
  return status;
}

absl::Status RateLimited(absl::string_view what, int64_t retry_after_micros) {
  int64_t millis = (retry_after_micros + 999) / 1000;
  absl::Status status = absl::ResourceExhaustedError(
      absl::StrCat(what, "; retry in ", millis, " ms (RetryInfo in the status details)"));
  v1::RetryInfo info;
  info.mutable_retry_delay()->set_seconds(retry_after_micros / 1000000);
  info.mutable_retry_delay()->set_nanos(static_cast<int32_t>(retry_after_micros % 1000000) * 1000);
  status.SetPayload(kRetryInfoUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

absl::Status CountLimit(absl::string_view type, absl::string_view subject, int64_t limit,
                        absl::string_view what) {
  absl::Status status = absl::ResourceExhaustedError(
      absl::StrCat(subject, " already has ", limit, " ", what, ", the most it may have"));
  v1::PreconditionFailure details;
  auto* v = details.add_violations();
  v->set_type(std::string(type));
  v->set_subject(std::string(subject));
  v->set_description(absl::StrCat("at most ", limit, " ", what));
  status.SetPayload(kPreconditionUrl, absl::Cord(details.SerializeAsString()));
  return status;
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  std::vector<FieldViolation> out;
  auto payload = status.GetPayload(kBadRequestUrl);
  if (!payload) return out;
  v1::BadRequest details;
  if (!details.ParseFromString(std::string(*payload))) return out;
  for (const auto& v : details.field_violations()) out.push_back({v.field(), v.description()});
  return out;
}

}  // namespace forum::domain
