// Exports of a list of speakers: the rolling list (Markdown, text, JSON) and the record of
// statements (Akoma Ntoso). Each is made whole from one snapshot and handed out in pieces under
// the byte budget; the page token carries a digest of the whole, so a piece from a later state
// of the list is refused instead of being joined to the earlier ones.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/content_pages.h"
#include "domain/dates.h"
#include "domain/digest.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "domain/page_token.h"
#include "domain/speaker_export.h"
#include "domain/status_macros.h"
#include "domain/validation.h"
#include "services/signed_page_token.h"
#include "services/speaker_support.h"
#include "services/speakers.h"
#include "storage/speaker_store.h"

namespace forum::services {
namespace {

constexpr char kListType[] = "forum.v1.SpeakerList";

// Where a call starts: at the beginning (no token), or where the token says, with the digest
// of the whole the first page was cut from. Read before the export is made, so that a bad
// token costs nothing.
struct Resume {
  bool first = true;
  domain::RevisionOffset at;  // `revision` holds the digest
};

absl::StatusOr<Resume> OpenExportToken(const std::string& page_token, const std::string& query) {
  ASSIGN_OR_RETURN(auto cursor, OpenPageToken(page_token, query));
  Resume resume;
  if (cursor.empty()) return resume;
  ASSIGN_OR_RETURN(resume.at, domain::DecodeRevisionOffset(cursor));
  resume.first = false;
  return resume;
}

// The piece of `text` a call asks for, with the token of the next one.
absl::StatusOr<v1::SpeakerExport> Piece(const std::string& text, const std::string& query,
                                        const Resume& resume, const std::string& list) {
  // A token carries the digest where a revision goes, which must be positive: 63 bits, never 0.
  auto digest = static_cast<int64_t>((domain::StableDigest(text) >> 1) | 1);
  size_t offset = 0;
  if (!resume.first) {
    if (resume.at.revision != digest) return domain::ChangedSinceFirstPage(kListType, list);
    offset = resume.at.offset;
  }
  ASSIGN_OR_RETURN(auto piece, domain::TextPiece(text, offset, domain::kMaxPageBytes));
  v1::SpeakerExport out;
  out.set_content(std::string(piece));
  size_t end = offset + piece.size();
  if (end < text.size()) {
    out.set_next_page_token(SignPageToken(query, domain::EncodeRevisionOffset({digest, end})));
  }
  return out;
}

// The one plenary meeting an export is limited to (empty: all of them). A round table's list
// has none to limit to.
absl::StatusOr<std::string> MeetingFilter(storage::Tx& tx, const domain::EventChild& ref,
                                          const std::string& session) {
  if (session.empty()) return std::string();
  if (ref.id != kPlenaryList) {
    return domain::InvalidField("session", "a round table's list has no plenary meetings");
  }
  ASSIGN_OR_RETURN(auto s, domain::ParseEventChildName(session, "sessions", "session"));
  if (s.event != ref.event) {
    return domain::InvalidField("session", "must be a plenary meeting of the list's event");
  }
  RETURN_IF_ERROR(tx.events().GetSession(ref.event, s.id).status());
  return s.id;
}

// A meeting's title, or one made from its number when it has none.
std::string MeetingTitle(const v1::Session& session) {
  return session.title().empty() ? absl::StrCat("Plenary meeting ", session.number())
                                 : session.title();
}

const char* Extension(v1::SpeakerListFormat format) {
  switch (format) {
    case v1::SPEAKER_LIST_FORMAT_MARKDOWN:
      return ".md";
    case v1::SPEAKER_LIST_FORMAT_JSON:
      return ".json";
    default:
      return ".txt";
  }
}

}  // namespace

absl::StatusOr<v1::SpeakerExport> Speakers::ExportList(storage::Tx& tx,
                                                       const domain::EventChild& ref,
                                                       const v1::ExportSpeakerListRequest& r) {
  domain::Validator v;
  v.Enum("format", r.format(), v1::SpeakerListFormat_IsValid, true);
  RETURN_IF_ERROR(v.Finish());
  std::string query = absl::StrCat("speakers|", r.name(), "|", r.format(), "|", r.session());
  ASSIGN_OR_RETURN(auto resume, OpenExportToken(r.page_token(), query));
  ASSIGN_OR_RETURN(auto list, LoadSpeakerList(tx, ref, "name", /*count=*/false));
  ASSIGN_OR_RETURN(std::string only, MeetingFilter(tx, ref, r.session()));
  ASSIGN_OR_RETURN(auto event, tx.events().GetHeader(ref.event, "name"));

  v1::RollingList rolling;
  rolling.set_list(list.name());
  rolling.set_title(list.title());
  rolling.set_event(event.name());
  rolling.set_event_title(event.title());
  rolling.set_time_zone(event.time_zone());
  rolling.set_policy(list.policy() == v1::PRECEDENCE_POLICY_UNSPECIFIED
                         ? v1::PRECEDENCE_POLICY_PROTOCOL
                         : list.policy());
  std::vector<v1::Speaker> speakers;
  for (auto& s : SpeakersInOrder(tx, ref.event, ref.id, list)) {
    if (!OffTheList(s.state())) speakers.push_back(std::move(s));
  }
  auto add_meeting = [&](const std::string& session, const std::string& title) {
    v1::RollingListMeeting* m = rolling.add_meetings();
    m->set_session(session);
    m->set_title(title);
    for (const auto& s : speakers) {
      if (ref.id != kPlenaryList || s.session() == session) *m->add_speakers() = s;
    }
    return m;
  };
  if (ref.id == kPlenaryList) {
    for (const auto& session : MeetingsInOrder(tx, ref.event)) {
      if (!only.empty() && domain::LastSegment(session.name()) != only) continue;
      v1::RollingListMeeting* m = add_meeting(session.name(), MeetingTitle(session));
      *m->mutable_start_time() = session.start_time();
      *m->mutable_end_time() = session.end_time();
    }
    bool unassigned = std::any_of(speakers.begin(), speakers.end(),
                                  [](const v1::Speaker& s) { return s.session().empty(); });
    if (only.empty() && unassigned) add_meeting("", "Not yet given a meeting");
  } else {
    ASSIGN_OR_RETURN(auto rt, tx.round_tables().Get(ref.event, ref.id));
    v1::RollingListMeeting* m = add_meeting("", list.title());
    if (rt.has_start_time()) *m->mutable_start_time() = rt.start_time();
    if (rt.has_end_time()) *m->mutable_end_time() = rt.end_time();
  }

  absl::StatusOr<std::string> text;
  std::string content_type;
  switch (r.format()) {
    case v1::SPEAKER_LIST_FORMAT_MARKDOWN:
      text = domain::RollingListMarkdown(rolling);
      content_type = "text/markdown; charset=utf-8";
      break;
    case v1::SPEAKER_LIST_FORMAT_JSON:
      text = domain::RollingListJson(rolling);
      content_type = "application/json";
      break;
    default:
      text = domain::RollingListText(rolling);
      content_type = "text/plain; charset=utf-8";
  }
  RETURN_IF_ERROR(text.status());
  ASSIGN_OR_RETURN(auto out, Piece(*text, query, resume, list.name()));
  out.set_content_type(content_type);
  out.set_file_name(absl::StrCat(ref.event, "-", ref.id, only.empty() ? "" : "-", only, "-speakers",
                                 Extension(r.format())));
  return out;
}

absl::StatusOr<v1::SpeakerExport> Speakers::ExportStatements(storage::Tx& tx,
                                                             const domain::EventChild& ref,
                                                             const v1::ExportStatementsRequest& r) {
  domain::Validator v;
  v.Enum("format", r.format(), v1::StatementsFormat_IsValid, true);
  RETURN_IF_ERROR(v.Finish());
  std::string query = absl::StrCat("statements|", r.parent(), "|", r.format(), "|", r.session());
  ASSIGN_OR_RETURN(auto resume, OpenExportToken(r.page_token(), query));
  ASSIGN_OR_RETURN(auto list, LoadSpeakerList(tx, ref, "parent", /*count=*/false));
  ASSIGN_OR_RETURN(std::string only, MeetingFilter(tx, ref, r.session()));
  ASSIGN_OR_RETURN(auto event, tx.events().GetHeader(ref.event, "parent"));

  domain::StatementRecord record;
  record.list = list.name();
  record.list_title = list.title();
  record.event = event.name();
  record.event_title = event.title();
  record.time_zone = event.time_zone();
  record.event_start_date = event.start_date();
  if (!only.empty()) record.only_session = domain::EventChildName(ref.event, "sessions", only);
  std::vector<v1::Statement> statements = DeliveredStatements(tx, ref, only);
  for (const auto& s : statements) {
    if (s.speaker().empty() || record.speakers.count(s.speaker())) continue;
    auto speaker = tx.speakers().Get(ref.event, ref.id, domain::LastSegment(s.speaker()));
    if (speaker.ok()) record.speakers.emplace(s.speaker(), *std::move(speaker));
  }
  if (ref.id == kPlenaryList) {
    for (const auto& session : MeetingsInOrder(tx, ref.event)) {
      if (!only.empty() && domain::LastSegment(session.name()) != only) continue;
      domain::RecordMeeting m{session.name(), MeetingTitle(session), {}};
      for (const auto& s : statements) {
        if (s.session() == session.name()) m.statements.push_back(s);
      }
      // A meeting nobody spoke in is left out of the whole record, kept when asked for alone.
      if (!m.statements.empty() || !only.empty()) record.meetings.push_back(std::move(m));
    }
    domain::RecordMeeting outside{"", "Outside a plenary meeting", {}};
    for (const auto& s : statements) {
      if (s.session().empty()) outside.statements.push_back(s);
    }
    if (!outside.statements.empty()) record.meetings.push_back(std::move(outside));
  } else {
    record.meetings.push_back({"", list.title(), std::move(statements)});
  }
  ASSIGN_OR_RETURN(auto xml, domain::StatementsAkomaNtoso(record));
  ASSIGN_OR_RETURN(auto out, Piece(xml, query, resume, list.name()));
  out.set_content_type("application/akn+xml");
  out.set_file_name(
      absl::StrCat(ref.event, "-", ref.id, only.empty() ? "" : "-", only, "-record.xml"));
  return out;
}

}  // namespace forum::services
