// The services under fuzzing, by the short names that the targets, the corpus folders and the
// scripts use.
#ifndef FORUM_TESTS_FUZZ_SERVICES_H_
#define FORUM_TESTS_FUZZ_SERVICES_H_

#include <string>

#include "absl/strings/string_view.h"

namespace forum::fuzz {

struct FuzzedService {
  const char* short_name;  // `event`: corpus/event, event_fuzzer
  const char* full_name;   // `forum.v1.EventService`
};

inline constexpr FuzzedService kFuzzedServices[] = {
    {"entity", "forum.v1.EntityService"},         {"event", "forum.v1.EventService"},
    {"delegation", "forum.v1.DelegationService"}, {"round_table", "forum.v1.RoundTableService"},
    {"document", "forum.v1.DocumentService"},     {"access", "forum.v1.AccessService"},
    {"speaker", "forum.v1.SpeakerService"},       {"schedule", "forum.v1.ScheduleService"},
};

// The full name of the service called `name` (short or full), or empty.
inline std::string FuzzedServiceNamed(absl::string_view name) {
  for (const auto& s : kFuzzedServices) {
    if (name == s.short_name || name == s.full_name) return s.full_name;
  }
  return std::string();
}

}  // namespace forum::fuzz

#endif  // FORUM_TESTS_FUZZ_SERVICES_H_
