#include "services/change_feed.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "domain/access.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "domain/page_token.h"
#include "domain/status_macros.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "spdlog/spdlog.h"

namespace forum::services {
namespace {

constexpr int kMaxPrefixes = 16;
constexpr size_t kMaxPrefixBytes = 200;
constexpr int kNamesPerRead = 1000;

bool PrefixChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' || c == '_' ||
         c == '.';
}

absl::Status CheckPrefixes(const v1::WatchEventRequest& request) {
  if (request.prefixes_size() > kMaxPrefixes) {
    return domain::InvalidField("prefixes", absl::StrCat("at most ", kMaxPrefixes, " prefixes"));
  }
  for (int i = 0; i < request.prefixes_size(); ++i) {
    const std::string& p = request.prefixes(i);
    std::string field = absl::StrCat("prefixes[", i, "]");
    if (p.empty() || p.size() > kMaxPrefixBytes) {
      return domain::InvalidField(field, absl::StrCat("must hold 1 to ", kMaxPrefixBytes,
                                                      " bytes, e.g. speakerLists/plenary"));
    }
    if (p.front() == '/' || !std::all_of(p.begin(), p.end(), PrefixChar) ||
        absl::StrContains(p, "..") || absl::StrContains(p, "//")) {
      return domain::InvalidField(
          field,
          "must be the start of a name below the event, e.g. delegations/ or "
          "speakerLists/plenary (letters, digits, '/', '-', '_', '.')");
    }
  }
  return absl::OkStatus();
}

std::unique_ptr<v1::WatchEventResponse> Message(v1::WatchEventResponse::Kind kind,
                                                int64_t revision) {
  auto m = std::make_unique<v1::WatchEventResponse>();
  m->set_kind(kind);
  m->set_revision(revision);
  return m;
}

// A message as it goes on the wire: serialized once, then shared by every watcher it is for (a
// copy of a ByteBuffer shares its bytes).
grpc::ByteBuffer Wire(const v1::WatchEventResponse& message) {
  grpc::ByteBuffer buffer;
  bool own = false;
  grpc::Status status =
      grpc::SerializationTraits<v1::WatchEventResponse>::Serialize(message, &buffer, &own);
  if (!status.ok()) spdlog::error("feed: a message did not serialize: {}", status.error_message());
  return buffer;
}

v1::ChangeType TypeOf(storage::ChangeKind kind) {
  switch (kind) {
    case storage::ChangeKind::kCreated:
      return v1::CHANGE_TYPE_CREATED;
    case storage::ChangeKind::kDeleted:
      return v1::CHANGE_TYPE_DELETED;
    case storage::ChangeKind::kUpdated:
      break;
  }
  return v1::CHANGE_TYPE_UPDATED;
}

// The document a name lies in (`events/{e}/documents/{d}`), or empty.
std::string DocumentOf(absl::string_view name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() < 4 || parts[2] != "documents") return std::string();
  return absl::StrCat(parts[0], "/", parts[1], "/", parts[2], "/", parts[3]);
}

}  // namespace

namespace feed_internal {

std::vector<std::unique_ptr<v1::WatchEventResponse>> PackChanges(
    std::vector<v1::Change> changes, size_t max_bytes, v1::WatchEventResponse::Kind kind) {
  std::vector<std::unique_ptr<v1::WatchEventResponse>> messages;
  size_t begin = 0;
  while (begin < changes.size()) {
    // The message's changes: as many as fit, at least one.
    size_t end = begin;
    size_t bytes = 0;
    while (end < changes.size()) {
      size_t size = changes[end].ByteSizeLong() + 16;
      if (end > begin && bytes + size > max_bytes) break;
      bytes += size;
      ++end;
    }
    // Folded: an update that a later change of the same resource in this message follows.
    std::vector<bool> folded(end - begin, false);
    absl::flat_hash_set<absl::string_view> later;
    for (size_t i = end; i-- > begin;) {
      bool followed = !later.insert(changes[i].name()).second;
      folded[i - begin] = followed && changes[i].type() == v1::CHANGE_TYPE_UPDATED;
    }
    auto message = Message(kind, changes[end - 1].revision());
    for (size_t i = begin; i < end; ++i) {
      if (!folded[i - begin]) *message->add_changes() = std::move(changes[i]);
    }
    messages.push_back(std::move(message));
    begin = end;
  }
  return messages;
}

}  // namespace feed_internal

ChangeFeed::ChangeFeed(storage::Database& db, Access& access, ResourceReader& reader,
                       FeedOptions options)
    : db_(db), access_(access), reader_(reader), options_(std::move(options)) {
  db_.SetCommitListener([this] { Notify(); });
  thread_ = std::thread([this] { Run(); });
}

ChangeFeed::~ChangeFeed() {
  Stop();
  db_.SetCommitListener(nullptr);
  if (thread_.joinable()) thread_.join();
}

void ChangeFeed::Notify() {
  absl::MutexLock lock(&mu_);
  // With nobody watching there is no round to run: the commit (on the writer's thread) does not
  // wake the feed's. A watcher that opens later starts with a round of its own (Watch).
  if (!watchers_.empty()) pending_ = true;
}

void ChangeFeed::Stop() {
  std::vector<std::shared_ptr<Watcher>> watchers;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    watchers.swap(watchers_);
  }
  for (auto& w : watchers) {
    w->End(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "the server is shutting down; watch again from the last revision"));
  }
}

int ChangeFeed::watchers() {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(
      std::count_if(watchers_.begin(), watchers_.end(), [](const auto& w) { return !w->done(); }));
}

absl::StatusOr<std::shared_ptr<Watcher>> ChangeFeed::Open(absl::string_view secret,
                                                          const v1::WatchEventRequest& request) {
  std::shared_ptr<Watcher> watcher;
  bool admitted = false;  // once, however often the read runs
  RETURN_IF_ERROR(db_.Read([&](storage::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(Caller caller, access_.AuthenticateSecret(tx, secret));
    if (!admitted) {
      RETURN_IF_ERROR(access_.Admit(caller, "WatchEvent"));
      admitted = true;
    }
    RETURN_IF_ERROR(AnyCaller(caller));
    if (request.event().empty()) return domain::InvalidField("event", "is required");
    ASSIGN_OR_RETURN(std::string event_id, domain::ParseEventName(request.event(), "event"));
    RETURN_IF_ERROR(CheckPrefixes(request));
    if (request.start_revision() < 0) {
      return domain::InvalidField("start_revision", "must be 0 (a snapshot first) or a revision");
    }
    if (!tx.events().Exists(event_id)) {
      return domain::NotFound("forum.v1.Event", request.event(), "event");
    }
    int64_t head = tx.changes().Head();
    if (request.start_revision() > head + 1) {
      return absl::OutOfRangeError(absl::StrCat("revision ", request.start_revision(),
                                                " is not written yet; the newest is ", head,
                                                " (watch from at most one past it)"));
    }
    std::vector<std::string> prefixes;
    for (const auto& p : request.prefixes()) {
      prefixes.push_back(absl::StrCat("events/", event_id, "/", p));
    }
    bool snapshot = request.start_revision() == 0;
    int64_t position = snapshot ? head : request.start_revision() - 1;
    watcher = std::make_shared<Watcher>(std::string(secret), std::move(caller), event_id,
                                        std::move(prefixes), position, snapshot);
    return absl::OkStatus();
  }));
  absl::MutexLock lock(&mu_);
  if (stopping_) return absl::UnavailableError("the server is shutting down");
  // A watch counts until its stream is over, an ending one too: a client cannot get around the
  // bounds by letting its watches overflow and opening new ones.
  watchers_.erase(
      std::remove_if(watchers_.begin(), watchers_.end(), [](const auto& w) { return w->done(); }),
      watchers_.end());
  if (static_cast<int>(watchers_.size()) >= options_.max_watchers) {
    return domain::CountLimit("WATCH_COUNT", "the server", options_.max_watchers,
                              "open watches (retry later)");
  }
  int mine = 0;
  for (const auto& w : watchers_) mine += w->token_ == watcher->token_ ? 1 : 0;
  if (mine >= options_.max_watchers_per_token) {
    return domain::CountLimit("WATCH_COUNT", watcher->token_, options_.max_watchers_per_token,
                              "open watches (close one first)");
  }
  watchers_.push_back(watcher);
  pending_ = true;
  return watcher;
}

void ChangeFeed::Run() {
  const absl::Duration tick =
      std::clamp(options_.heartbeat / 4, absl::Milliseconds(10), absl::Seconds(1));
  absl::Time last_check = absl::Now();
  // The log is pruned once at the start, then every prune_every.
  Prune();
  absl::Time last_prune = absl::Now();
  absl::Time last_round = absl::InfinitePast();
  for (;;) {
    std::vector<std::shared_ptr<Watcher>> watchers;
    {
      absl::MutexLock lock(&mu_);
      // Paced: what commits meanwhile waits for the next round, which carries it all.
      absl::Duration interval =
          std::clamp(options_.round_interval_per_watcher * static_cast<double>(watchers_.size()),
                     options_.min_round_interval,
                     std::max(options_.min_round_interval, options_.max_round_interval));
      absl::Duration since = absl::Now() - last_round;
      if (since < interval) {
        auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
        mu_.AwaitWithTimeout(absl::Condition(&stopping), interval - since);
      }
      auto woken = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return pending_ || stopping_; };
      mu_.AwaitWithTimeout(absl::Condition(&woken), tick);
      if (stopping_) return;
      pending_ = false;
      watchers_.erase(std::remove_if(watchers_.begin(), watchers_.end(),
                                     [](const auto& w) { return w->done(); }),
                      watchers_.end());
      watchers = watchers_;
    }
    for (auto& w : watchers) w->CancelIfStuck(options_.end_grace);
    absl::Time now = absl::Now();
    bool recheck = now - last_check >= options_.heartbeat;
    if (recheck) last_check = now;
    if (!watchers.empty()) {
      last_round = absl::Now();
      Round(watchers, recheck);
    }
    if (now - last_prune >= options_.prune_every) {
      last_prune = now;
      Prune();
    }
  }
}

void ChangeFeed::Prune() {
  int64_t older_than = domain::NowMicros() - absl::ToInt64Microseconds(options_.retention);
  int64_t dropped = 0;
  absl::Status status = db_.Write(nullptr, [&](storage::Tx& tx) -> absl::Status {
    dropped = tx.changes().Prune(older_than, options_.retention_count);
    return absl::OkStatus();
  });
  if (!status.ok()) {
    spdlog::warn("feed: pruning the change log failed: {}", status.ToString());
  } else if (dropped > 0) {
    spdlog::info("feed: pruned {} changes from the log", dropped);
  }
}

void ChangeFeed::Round(std::vector<std::shared_ptr<Watcher>>& watchers, bool recheck_tokens) {
  // The generation this round read; kept only once the round's read succeeded, so that a read
  // run again (a lost connection) still sees the tokens as changed.
  int64_t read_generation = token_generation_;
  absl::Status status = db_.Read([&](storage::Tx& tx) -> absl::Status {
    storage::ChangeLog& log = tx.changes();
    const int64_t head = log.Head();
    const int64_t compacted = log.Compacted();
    const int64_t generation = tx.tokens().Generation();
    const bool tokens_changed = generation != token_generation_;
    read_generation = generation;
    const absl::Time now = absl::Now();

    // Work shared within the round: a resource as seen with some grants, the changes of an event
    // after some revision, and the messages (serialized once) for watchers that asked the same
    // thing with the same grants from the same place.
    std::map<std::string, absl::StatusOr<google::protobuf::Any>> seen;
    auto read = [&](Watcher& w, const std::string& name) -> absl::StatusOr<google::protobuf::Any>& {
      std::string key = absl::StrCat(name, "\n", w.grants_key_);
      auto it = seen.find(key);
      if (it == seen.end()) it = seen.emplace(key, reader_.Read(tx, w.caller_, name)).first;
      return it->second;
    };
    // Whether a watcher may see what happens inside `document`: it may read it; or, once the
    // document is gone (only drafts are deleted), it is one who could have drafted it (the
    // secretariat, a chair of the event or of that document).
    auto may_read_document = [&](Watcher& w, const std::string& document) {
      auto& doc = read(w, document);
      if (doc.ok()) return true;
      if (doc.status().code() != absl::StatusCode::kNotFound) return false;
      domain::DocumentFacts facts;
      facts.event = w.event_id_;
      facts.document = domain::LastSegment(document);
      facts.state = v1::DOCUMENT_STATE_DRAFT;
      return w.caller_.grants.AuthorOf(facts);
    };
    std::map<std::pair<std::string, int64_t>, std::vector<storage::ChangeRecord>> batches;
    struct Prepared {
      std::vector<grpc::ByteBuffer> messages;
      size_t bytes = 0;
      int64_t reached = 0;
      bool too_many = false;
    };
    std::map<std::string, Prepared> prepared;
    size_t total_bytes = 0;
    for (auto& w : watchers) total_bytes += w->queued_bytes();

    for (auto& w : watchers) {
      if (w->ended()) continue;
      if (recheck_tokens || tokens_changed) {
        absl::StatusOr<Caller> caller = access_.AuthenticateSecret(tx, w->secret_);
        if (!caller.ok()) {
          w->End(grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                              std::string(caller.status().message())));
          continue;
        }
        w->caller_ = *std::move(caller);
        w->grants_key_ = GrantsKey(w->caller_.grants);
      }
      auto matches = [&](const std::string& name) {
        if (w->prefixes_.empty()) return true;
        return std::any_of(w->prefixes_.begin(), w->prefixes_.end(),
                           [&](const std::string& p) { return absl::StartsWith(name, p); });
      };
      const std::string asked = absl::StrCat(w->event_id_, "\n", absl::StrJoin(w->prefixes_, "\n"),
                                             "\n\n", w->grants_key_);

      if (w->needs_snapshot_) {
        auto [it, fresh] = prepared.try_emplace(absl::StrCat("snapshot\n", asked));
        Prepared& p = it->second;
        if (fresh) {
          std::vector<v1::Change> resources;
          std::string after;
          int count = 0;
          for (;;) {
            std::vector<std::string> names = log.ResourceNames(w->event_id_, after, kNamesPerRead);
            for (const std::string& name : names) {
              if (!matches(name)) continue;
              auto& resource = read(*w, name);
              if (!resource.ok()) continue;  // not for this caller's eyes
              if (++count > options_.max_snapshot_resources) p.too_many = true;
              v1::Change change;
              change.set_revision(head);
              change.set_name(name);
              change.set_type(v1::CHANGE_TYPE_EXISTING);
              *change.mutable_resource() = *resource;
              resources.push_back(std::move(change));
            }
            if (p.too_many || static_cast<int>(names.size()) < kNamesPerRead) break;
            after = names.back();
          }
          auto messages =
              feed_internal::PackChanges(std::move(resources), domain::kMaxPageBytes - 1024,
                                         v1::WatchEventResponse::KIND_SNAPSHOT);
          messages.push_back(Message(v1::WatchEventResponse::KIND_CURRENT, head));
          for (const auto& m : messages) p.messages.push_back(Wire(*m));
          for (const auto& b : p.messages) p.bytes += b.Length();
        }
        if (p.too_many || total_bytes + p.bytes > options_.max_total_bytes) {
          w->End(ToGrpcStatus(
              p.too_many
                  ? domain::FailedPrecondition(
                        "SNAPSHOT_SIZE", absl::StrCat("events/", w->event_id_),
                        absl::StrCat("a snapshot holds at most ", options_.max_snapshot_resources,
                                     " resources; watch narrower prefixes, or from a "
                                     "revision"))
                  : absl::UnavailableError(
                        "the server is sending too many snapshots; retry later")));
          continue;
        }
        total_bytes += p.bytes;
        for (const auto& m : p.messages) w->Send(m, SIZE_MAX, /*snapshot=*/true);
        w->needs_snapshot_ = false;
        w->position_ = head;
        continue;
      }

      if (w->position_ < compacted) {
        auto reset = Message(v1::WatchEventResponse::KIND_RESET, w->position_);
        reset->set_compacted_revision(compacted);
        w->End(grpc::Status::OK, Wire(*reset));
        continue;
      }

      if (w->position_ < head) {
        auto [it, fresh] =
            prepared.try_emplace(absl::StrCat("changes\n", w->position_, "\n", asked));
        Prepared& p = it->second;
        if (fresh) {
          auto key = std::make_pair(w->event_id_, w->position_);
          auto batch = batches.find(key);
          if (batch == batches.end()) {
            batch = batches
                        .emplace(key, log.Since(w->event_id_, w->position_, head,
                                                options_.max_changes_per_round))
                        .first;
          }
          const auto& records = batch->second;
          p.reached = static_cast<int>(records.size()) == options_.max_changes_per_round
                          ? records.back().revision
                          : head;
          std::vector<v1::Change> changes;
          for (const auto& r : records) {
            if (!matches(r.name)) continue;
            v1::Change change;
            change.set_revision(r.revision);
            change.set_name(r.name);
            change.set_type(TypeOf(r.kind));
            *change.mutable_commit_time() = domain::FromMicros(r.commit_micros);
            if (r.kind == storage::ChangeKind::kDeleted) {
              // A deletion inside a document is for those who may read the document.
              std::string document = DocumentOf(r.name);
              if (!document.empty() && !may_read_document(*w, document)) continue;
            } else {
              auto& resource = read(*w, r.name);
              if (resource.ok()) {
                *change.mutable_resource() = *resource;
              } else if (resource.status().code() == absl::StatusCode::kPermissionDenied) {
                continue;
              } else if (std::string document = DocumentOf(r.name);
                         !document.empty() && !may_read_document(*w, document)) {
                continue;
              }
            }
            changes.push_back(std::move(change));
          }
          auto messages =
              feed_internal::PackChanges(std::move(changes), domain::kMaxPageBytes - 1024);
          if (!messages.empty()) messages.back()->set_revision(p.reached);
          for (const auto& m : messages) p.messages.push_back(Wire(*m));
        }
        bool overflowed = false;
        for (const auto& m : p.messages) {
          if (!w->Send(m, options_.max_backlog_bytes)) {
            overflowed = true;
            break;
          }
        }
        if (overflowed) {
          auto reset = Message(v1::WatchEventResponse::KIND_RESET, w->position_);
          reset->set_compacted_revision(compacted);
          w->End(grpc::Status::OK, Wire(*reset));
          continue;
        }
        w->position_ = p.reached;
        // Nothing it may see changed, but the log moved on: it learns how far, now and then,
        // so that it resumes from there rather than from further back.
        if (p.messages.empty() && now - w->last_sent_ >= options_.heartbeat) {
          w->Send(Wire(*Message(v1::WatchEventResponse::KIND_HEARTBEAT, w->position_)),
                  options_.max_backlog_bytes);
        }
        continue;
      }

      if (now - w->last_sent_ >= options_.heartbeat) {
        w->Send(Wire(*Message(v1::WatchEventResponse::KIND_HEARTBEAT, w->position_)),
                options_.max_backlog_bytes);
      }
    }
    return absl::OkStatus();
  });
  if (status.ok()) token_generation_ = read_generation;
  if (!status.ok()) spdlog::warn("feed: a round failed: {}", status.ToString());
}

}  // namespace forum::services
