// While a drafter has a document open in `forumctl documents edit`, the change feed of that
// document is followed in the background, so that before anything is sent the drafter learns
// which sections and paragraphs another drafter changed meanwhile.
#ifndef FORUM_CLIENTS_DRAFT_WATCH_H_
#define FORUM_CLIENTS_DRAFT_WATCH_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "clients/context.h"
#include "clients/feed.h"
#include "forum/v1/document.pb.h"

namespace forum::client {

class DraftWatch {
 public:
  // Starts following `document` (`events/{e}/documents/{d}`), read as `content`. A section or
  // paragraph whose etag in the feed's first snapshot already differs from `content` changed
  // between the read and the watch.
  DraftWatch(Context& ctx, const std::string& document, const v1::DocumentContent& content);
  ~DraftWatch();
  DraftWatch(const DraftWatch&) = delete;
  DraftWatch& operator=(const DraftWatch&) = delete;

  // The names changed by others since `content` was read, with the revision of the latest
  // change of each (0 when it changed before the watch began).
  std::map<std::string, int64_t> Changed();

 private:
  std::map<std::string, std::string> etags_;  // as read
  std::mutex mu_;
  std::map<std::string, int64_t> changed_;
  FeedCancel cancel_;
  std::thread thread_;
};

}  // namespace forum::client

#endif  // FORUM_CLIENTS_DRAFT_WATCH_H_
