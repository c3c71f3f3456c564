#include "clients/draft_watch.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "forum/v1/document.pb.h"

namespace forum::client {
namespace {

// The etag a section or paragraph carries in a change, or empty.
std::string EtagOf(const v1::Change& change) {
  v1::Paragraph p;
  if (change.resource().UnpackTo(&p)) return p.etag();
  v1::Section s;
  if (change.resource().UnpackTo(&s)) return s.etag();
  return std::string();
}

}  // namespace

DraftWatch::DraftWatch(Context& ctx, const std::string& document,
                       const v1::DocumentContent& content) {
  for (const auto& s : content.sections()) {
    etags_[s.section().name()] = s.section().etag();
    for (const auto& p : s.paragraphs()) etags_[p.name()] = p.etag();
  }
  // `events/{e}/documents/{d}` → the event and the prefix below it.
  std::vector<std::string> parts = absl::StrSplit(document, '/');
  if (parts.size() < 4) return;
  FeedRequest request;
  request.event = absl::StrCat(parts[0], "/", parts[1]);
  request.prefixes = {absl::StrCat(parts[2], "/", parts[3], "/")};
  thread_ = std::thread([this, &ctx, request] {
    (void)FollowFeed(
        ctx, request,
        [this](const v1::WatchEventResponse& m) {
          std::lock_guard<std::mutex> lock(mu_);
          for (const auto& c : m.changes()) {
            auto it = etags_.find(c.name());
            if (it == etags_.end()) continue;  // new since the read: nothing of it was edited
            if (m.kind() == v1::WatchEventResponse::KIND_SNAPSHOT) {
              if (EtagOf(c) != it->second) changed_[c.name()] = 0;
            } else {
              changed_[c.name()] = c.revision();
            }
          }
          return true;
        },
        &cancel_);
  });
}

DraftWatch::~DraftWatch() {
  cancel_.Cancel();
  if (thread_.joinable()) thread_.join();
}

std::map<std::string, int64_t> DraftWatch::Changed() {
  std::lock_guard<std::mutex> lock(mu_);
  return changed_;
}

}  // namespace forum::client
