// The rules of lists of speakers that are not about order: a list's defaults and the limits of
// its settings, the fields of a speaker, the time a statement may take, and who may still
// inscribe.
#ifndef FORUM_DOMAIN_SPEAKER_RULES_H_
#define FORUM_DOMAIN_SPEAKER_RULES_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "domain/speaker_order.h"
#include "domain/validation.h"
#include "forum/v1/speaker.pb.h"

namespace forum::domain {

// Speakers a list holds at most, withdrawn ones included (the General Assembly's general debate
// has about 200).
inline constexpr int64_t kMaxSpeakersPerList = 1000;
// Entries one delegation may hold on one list, of every kind.
inline constexpr int64_t kMaxEntriesPerDelegation = 5;
inline constexpr int kMinStatementSeconds = 30;
inline constexpr int kMaxStatementSeconds = 3600;
// Turns at the floor a list may hold before it takes no more points of order or rights of
// reply (statements from the list, which are bounded by its speakers, count but are never
// refused): a bound on the record, which thus never passes this plus kMaxSpeakersPerList.
inline constexpr int64_t kMaxStatementsPerList = 5000;
inline constexpr int kMaxRepliesPerMeeting = 5;

// A list with every setting at its default (name, title and etag left empty): open, protocol
// precedence with groups first, five minutes for a national statement, two replies per meeting
// (ten minutes, then five), one national statement per delegation, absent speakers to the end
// of their level.
v1::SpeakerList DefaultSpeakerList();

// Puts the default in every setting left at zero (time limits, replies' limits, policy, absent
// policy).
void FillSpeakerListDefaults(v1::SpeakerList& list);

// Checks a list's settings (after FillSpeakerListDefaults): limits in range, known enums.
void ValidateSpeakerList(const v1::SpeakerList& list, absl::string_view prefix, Validator& v);

// Checks a speaker's own fields: name, title and group within their limits, known level and
// kind, a UN official language or none. `prefix` names the message (`speaker`).
void ValidateSpeakerFields(const v1::Speaker& speaker, absl::string_view prefix, Validator& v);

// The seconds a statement of `kind` may take on `list`.
int StatementSeconds(const v1::SpeakerList& list, v1::StatementKind kind);

// The order-relevant facts of a stored speaker.
OrderPolicy PolicyOf(const v1::SpeakerList& list);

// Whether a focal point may still inscribe, change or withdraw on the list at `now_micros`:
// FAILED_PRECONDITION when it is closed or its deadline has passed. (Chairs and the secretariat
// are not asked.)
absl::Status CheckListOpen(const v1::SpeakerList& list, int64_t now_micros);

// Whether a speaker in this state may still be changed, moved or withdrawn: not once it is
// speaking, has spoken or is withdrawn (FAILED_PRECONDITION).
absl::Status CheckSpeakerChangeable(const v1::Speaker& speaker);

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_SPEAKER_RULES_H_
