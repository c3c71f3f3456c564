#include "domain/speaker_rules.h"

#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "domain/errors.h"

namespace forum::domain {
namespace {

constexpr int kNationalSeconds = 300;
constexpr int kGroupSeconds = 420;
constexpr int kObserverSeconds = 300;
constexpr int kOrganizationSeconds = 180;
constexpr int kFirstReplySeconds = 600;
constexpr int kSecondReplySeconds = 300;
constexpr int kRepliesPerMeeting = 2;

void DefaultIfZero(int32_t value, int32_t fallback, void (v1::StatementTimeLimits::*set)(int32_t),
                   v1::StatementTimeLimits& limits) {
  if (value == 0) (limits.*set)(fallback);
}

bool IsOfficialLanguage(absl::string_view code) {
  return code == "ar" || code == "zh" || code == "en" || code == "fr" || code == "ru" ||
         code == "es";
}

}  // namespace

v1::SpeakerList DefaultSpeakerList() {
  v1::SpeakerList list;
  list.set_open(true);
  list.set_groups_first(true);
  list.set_replies_per_meeting(kRepliesPerMeeting);
  FillSpeakerListDefaults(list);
  return list;
}

void FillSpeakerListDefaults(v1::SpeakerList& list) {
  if (list.policy() == v1::PRECEDENCE_POLICY_UNSPECIFIED) {
    list.set_policy(v1::PRECEDENCE_POLICY_PROTOCOL);
  }
  if (list.absent_policy() == v1::ABSENT_POLICY_UNSPECIFIED) {
    list.set_absent_policy(v1::ABSENT_POLICY_END_OF_LEVEL);
  }
  v1::StatementTimeLimits& t = *list.mutable_time_limits();
  using L = v1::StatementTimeLimits;
  DefaultIfZero(t.national_seconds(), kNationalSeconds, &L::set_national_seconds, t);
  DefaultIfZero(t.group_seconds(), kGroupSeconds, &L::set_group_seconds, t);
  DefaultIfZero(t.joint_seconds(), kGroupSeconds, &L::set_joint_seconds, t);
  DefaultIfZero(t.observer_seconds(), kObserverSeconds, &L::set_observer_seconds, t);
  DefaultIfZero(t.organization_seconds(), kOrganizationSeconds, &L::set_organization_seconds, t);
  if (list.first_reply_seconds() == 0) list.set_first_reply_seconds(kFirstReplySeconds);
  if (list.second_reply_seconds() == 0) list.set_second_reply_seconds(kSecondReplySeconds);
}

void ValidateSpeakerList(const v1::SpeakerList& list, absl::string_view prefix, Validator& v) {
  auto field = [&](absl::string_view f) { return absl::StrCat(prefix, ".", f); };
  v.Enum(field("policy"), list.policy(), v1::PrecedencePolicy_IsValid, false);
  v.Enum(field("absent_policy"), list.absent_policy(), v1::AbsentPolicy_IsValid, false);
  const v1::StatementTimeLimits& t = list.time_limits();
  for (auto [name, value] :
       {std::pair<const char*, int32_t>{"national_seconds", t.national_seconds()},
        {"group_seconds", t.group_seconds()},
        {"joint_seconds", t.joint_seconds()},
        {"observer_seconds", t.observer_seconds()},
        {"organization_seconds", t.organization_seconds()}}) {
    v.Range(field(absl::StrCat("time_limits.", name)), value, kMinStatementSeconds,
            kMaxStatementSeconds);
  }
  v.Range(field("first_reply_seconds"), list.first_reply_seconds(), kMinStatementSeconds,
          kMaxStatementSeconds);
  v.Range(field("second_reply_seconds"), list.second_reply_seconds(), kMinStatementSeconds,
          kMaxStatementSeconds);
  v.Range(field("replies_per_meeting"), list.replies_per_meeting(), 0, kMaxRepliesPerMeeting);
  if (list.has_inscription_deadline()) {
    if (!IsValidTimestamp(list.inscription_deadline())) {
      v.Add(field("inscription_deadline"), "is not a valid time");
    }
  }
}

void ValidateSpeakerFields(const v1::Speaker& s, absl::string_view prefix, Validator& v) {
  auto field = [&](absl::string_view f) { return absl::StrCat(prefix, ".", f); };
  v.Text(field("speaker_name"), s.speaker_name(), kMaxShortText, false);
  v.Text(field("speaker_title"), s.speaker_title(), kMaxShortText, false);
  v.Text(field("on_behalf_of"), s.on_behalf_of(), kMaxShortText, false);
  v.Enum(field("level"), s.level(), v1::ProtocolRank_IsValid, false);
  v.Enum(field("kind"), s.kind(), v1::StatementKind_IsValid, false);
  if (!s.language().empty() && !IsOfficialLanguage(s.language())) {
    v.Add(field("language"),
          "must be one of the six official UN languages: ar, zh, en, fr, ru, es (or empty)");
  }
  bool for_others =
      s.kind() == v1::STATEMENT_KIND_ON_BEHALF_OF_GROUP || s.kind() == v1::STATEMENT_KIND_JOINT;
  if (for_others && s.on_behalf_of().empty()) {
    v.Add(field("on_behalf_of"),
          "must name the group or the States a group or joint statement is made for");
  }
  if (!for_others && !s.on_behalf_of().empty()) {
    v.Add(field("on_behalf_of"), "is only for statements on behalf of a group and joint ones");
  }
}

int StatementSeconds(const v1::SpeakerList& list, v1::StatementKind kind) {
  const v1::StatementTimeLimits& t = list.time_limits();
  switch (kind) {
    case v1::STATEMENT_KIND_ON_BEHALF_OF_GROUP:
      return t.group_seconds();
    case v1::STATEMENT_KIND_JOINT:
      return t.joint_seconds();
    case v1::STATEMENT_KIND_OBSERVER:
      return t.observer_seconds();
    case v1::STATEMENT_KIND_ORGANIZATION:
      return t.organization_seconds();
    default:
      return t.national_seconds();
  }
}

OrderPolicy PolicyOf(const v1::SpeakerList& list) {
  return {list.policy(), list.groups_first(), list.draw_seed()};
}

absl::Status CheckListOpen(const v1::SpeakerList& list, int64_t now_micros) {
  if (!list.open()) {
    return FailedPrecondition("forum.v1.SpeakerList", list.name(),
                              "is closed for inscription: ask the secretariat");
  }
  if (list.has_inscription_deadline() && ToMicros(list.inscription_deadline()) <= now_micros) {
    return FailedPrecondition(
        "forum.v1.SpeakerList", list.name(),
        absl::StrCat("took inscriptions until ",
                     FormatInZone(list.inscription_deadline(), absl::UTCTimeZone()),
                     ": ask the secretariat"));
  }
  return absl::OkStatus();
}

absl::Status CheckSpeakerChangeable(const v1::Speaker& s) {
  switch (s.state()) {
    case v1::SPEAKER_STATE_SPEAKING:
    case v1::SPEAKER_STATE_SPOKE:
    case v1::SPEAKER_STATE_WITHDRAWN:
      return FailedPrecondition(
          "forum.v1.Speaker", s.name(),
          absl::StrCat("is ", v1::SpeakerState_Name(s.state()), " and can no longer change"));
    default:
      return absl::OkStatus();
  }
}

}  // namespace forum::domain
