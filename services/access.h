// Authentication, authorization and the audit trail, as every RPC meets them.
//
// A caller presents `authorization: Bearer forum_{id}_{secret}`. The id finds the token; the
// secret is checked against the stored SHA-256 hash (the secret carries 256 random bits, so a
// fast hash suffices: there is nothing to guess). A missing, malformed, unknown, expired or
// revoked token answers UNAUTHENTICATED. Then the RPC's rule, written next to its adapter, asks
// domain::Grants whether this caller may do this to this object: PERMISSION_DENIED if not.
//
// A call runs in exactly one transaction (Serve): the token check, the facts the rule reads and
// the change (or the read) see one snapshot, and a change commits with the call's audit record,
// which the transaction carries. Nothing about the call is kept per thread.
#ifndef FORUM_SERVICES_ACCESS_H_
#define FORUM_SERVICES_ACCESS_H_

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "domain/access.h"
#include "domain/names.h"
#include "domain/rate_limit.h"
#include "domain/status_macros.h"
#include "forum/v1/access.pb.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "services/call_limits.h"
#include "services/field_behavior.h"
#include "services/grpc_status.h"
#include "services/read_cache.h"
#include "storage/audit_log.h"
#include "storage/database.h"

namespace forum::services {

// The caller of `local/forumd` for changes made by forumd's offline commands.
inline constexpr char kLocalCaller[] = "local/forumd";

// A freshly made secret: its public id, the secret to hand out, and the hash to store.
struct MintedSecret {
  std::string id;
  std::string secret;
  std::string hash;
};
MintedSecret MintSecret();
// SHA-256 of the secret, raw bytes.
std::string HashSecret(absl::string_view secret);
// The token id inside a well-formed secret, or empty. Public: it is what logs show.
std::string TokenIdOf(absl::string_view secret);
// The bearer secret in a call's metadata, or empty.
std::string BearerSecret(const grpc::ServerContextBase& context);
// The well-formed forum secret a call presents, or UNAUTHENTICATED: checked before any
// transaction, so a call without a plausible token costs the database nothing.
absl::StatusOr<std::string> PresentedSecret(const grpc::ServerContextBase& context);

struct Caller {
  std::string token;  // `tokens/{id}`
  std::string display_name;
  domain::Grants grants;
  // The tokens' generation in the snapshot that checked the token (-1: not known).
  int64_t generation = -1;
};

// Per-token rates of calls; the defaults are unlimited (forumd sets its configured ones).
struct CallRates {
  domain::RateLimit writes;
  domain::RateLimit reads;
};

// Whether `method` (an RPC's bare name) only reads: Get*, List*, Export*, Diff* and Watch*.
bool IsReadMethod(absl::string_view method);

// The key of what a caller may see: callers with the same grants see every resource alike, so
// a resource read (or an answer built) for one serves all.
std::string GrantsKey(const domain::Grants& grants);

class Access {
 public:
  explicit Access(storage::Database& db) : db_(db) {}

  // Replaces the rate limits; call before serving. Over a database that several replicas share,
  // the limits hold across all of them (services/call_limits.h).
  void SetCallRates(const CallRates& rates);
  // Takes a permit from the caller's bucket for this kind of call: RESOURCE_EXHAUSTED with the
  // delay to wait when there is none.
  absl::Status Admit(const Caller& caller, absl::string_view method);
  // Whether a writing call's permit is taken in a read of its own before its write: when the
  // buckets are shared by replicas, so that neither the round trip to them nor a refusal holds
  // the replicas' write lock.
  bool AdmitsBeforeWriting(absl::string_view method) const {
    const CallLimiter* limiter = IsReadMethod(method) ? reads_.get() : writes_.get();
    return limiter != nullptr && limiter->shared();
  }

  // The caller whose secret this is, read in the call's transaction.
  absl::StatusOr<Caller> AuthenticateSecret(storage::Tx& tx, absl::string_view secret);
  // The same, but a calendar feed's token (ROLE_FEED) is let through: for the feed addresses
  // only, which check its scope.
  absl::StatusOr<Caller> AuthenticateForFeed(storage::Tx& tx, absl::string_view secret);
  // The same in a transaction of its own (benchmarks, tools).
  absl::StatusOr<Caller> AuthenticateSecret(absl::string_view secret);
  absl::StatusOr<Caller> Authenticate(const grpc::ServerContextBase& context);

  // The caller of `secret` without a transaction, when the database is still at `version` (its
  // data version, read before the call began) and a call at that version found the tokens at
  // the generation this caller was checked at: no commit, and so no revocation, since. Expiry
  // and the refusal of feed tokens are checked as a transaction would. nullopt: authenticate
  // in the call's transaction.
  std::optional<Caller> RecallCaller(absl::string_view secret, int64_t version);
  // Records that the tokens were at `generation` while the database was at `version`: called
  // once a transaction that began after `version` was read has finished and the version has
  // not moved, so that the transaction read exactly that state.
  void NoteTokensAt(int64_t version, int64_t generation);
  // Whether NoteTokensAt(version, ...) would record anything new (cheap; no lock).
  bool NeedsTokensAt(int64_t version) const {
    return version > noted_version_.load(std::memory_order_relaxed);
  }

  // What access needs to know of a document; nullopt when it does not exist (the call then
  // answers NOT_FOUND on its own).
  std::optional<domain::DocumentFacts> DocumentFacts(storage::Tx& tx, absl::string_view event,
                                                     absl::string_view document);

  // The logic of AccessService, also used by `forumd tokens`.
  absl::StatusOr<v1::CreateTokenResponse> CreateToken(storage::Tx& tx,
                                                      const v1::CreateTokenRequest& request,
                                                      absl::string_view creator);
  // The same in a write transaction of its own, recorded as `audit` says (null: unrecorded, for
  // tests and benchmarks).
  absl::StatusOr<v1::CreateTokenResponse> CreateToken(const v1::CreateTokenRequest& request,
                                                      absl::string_view creator,
                                                      storage::AuditScope* audit = nullptr);
  absl::StatusOr<v1::ListTokensResponse> ListTokens(storage::Tx& tx,
                                                    const v1::ListTokensRequest& request);
  absl::StatusOr<v1::Token> RevokeToken(storage::Tx& tx, const v1::RevokeTokenRequest& request);
  absl::StatusOr<v1::Token> GetToken(storage::Tx& tx, absl::string_view name);
  absl::StatusOr<v1::ListAuditRecordsResponse> ListAuditRecords(
      storage::Tx& tx, const v1::ListAuditRecordsRequest& request);
  // On a database that holds no token at all, creates an admin token and returns it with its
  // secret; otherwise returns nullopt.
  absl::StatusOr<std::optional<v1::CreateTokenResponse>> Bootstrap();

  storage::Database& database() { return db_; }
  // Calls refused by the rate limits since the start, reads and writes apart.
  int64_t rate_limited_reads() const { return rate_limited_reads_.load(); }
  int64_t rate_limited_writes() const { return rate_limited_writes_.load(); }
  // Permits the shared buckets could not give (the replica then limited the call on its own).
  int64_t shared_rate_failures() const {
    return (reads_ != nullptr ? reads_->shared_failures() : 0) +
           (writes_ != nullptr ? writes_->shared_failures() : 0);
  }

 private:
  absl::StatusOr<v1::CreateTokenResponse> InsertToken(storage::Tx& tx, const v1::Token& t,
                                                      const MintedSecret& minted, int64_t now,
                                                      absl::string_view creator);

  storage::Database& db_;
  // Callers already authenticated, by token id: the secret's hash, who it is, when it expires.
  // They hold only while the tokens' generation read in the call's own snapshot is the one the
  // cache was filled at, so a revocation (by this server or by `forumd tokens` beside it) is
  // seen by the next call that starts after it commits.
  struct KnownCaller {
    std::string secret_hash;
    Caller caller;
    int64_t expire_micros = 0;  // 0: never
  };
  static constexpr size_t kMaxKnownCallers = 4096;
  absl::Mutex known_mu_;
  int64_t known_generation_ ABSL_GUARDED_BY(known_mu_) = -1;
  absl::flat_hash_map<std::string, KnownCaller> known_ ABSL_GUARDED_BY(known_mu_);
  // The latest database version at which the tokens' generation is known (NoteTokensAt).
  // Written under known_mu_; NeedsTokensAt reads it without.
  std::atomic<int64_t> noted_version_{-1};
  int64_t noted_generation_ ABSL_GUARDED_BY(known_mu_) = -1;
  // Null: unlimited. Set once before serving, so calls read them without a lock.
  std::unique_ptr<CallLimiter> writes_;
  std::unique_ptr<CallLimiter> reads_;
  std::atomic<int64_t> rate_limited_reads_{0};
  std::atomic<int64_t> rate_limited_writes_{0};
};

// Rules shared by many RPCs.
absl::Status AnyCaller(const Caller& caller);
absl::Status AdminOnly(const Caller& caller);
// The delegation named `name` (`events/{e}/delegations/{x}`, carried in `field`), when the caller
// is its focal point or an admin: INVALID_ARGUMENT for a malformed name, PERMISSION_DENIED for
// anybody else.
absl::StatusOr<domain::EventChild> FocalPointFor(const Caller& caller, absl::string_view name,
                                                 absl::string_view field);
// The same for a member of a delegation (`events/{e}/delegations/{x}/members/{n}`).
absl::StatusOr<domain::MemberName> MemberFor(const Caller& caller, absl::string_view name,
                                             absl::string_view field);

// The context of one call as it travels down the pipeline: who calls (once authenticated), and
// the audit record its change commits with, which the call's transaction carries.
struct CallContext {
  CallContext(absl::string_view service, absl::string_view method,
              const google::protobuf::Message& request)
      : audit(service, method, request) {}
  Caller caller;
  storage::AuditScope audit;
  // Whether the call has its permit: a transaction run again after a lost connection does not
  // take a second one.
  bool admitted = false;
};

// Whether a call's transaction writes.
enum class TxKind { kByMethod, kRead, kWrite };

// Runs one RPC in one transaction (by default a read for Get*, List*, Export* and Diff*, else a
// write; `kind` overrides it for a call that reads although its method writes, such as a dry
// run): refuses a call past its deadline or without a well-formed token before any transaction;
// then, in the transaction, authenticates, takes a permit of the caller's rate, applies
// `rule(caller[, tx])`, checks the request's required fields, runs `fn(caller, tx)` and maps its
// answer. Output-only fields (and the name of a resource being created) are cleared first. A
// refusal rolls back. A rule that parses the request's names to decide returns them
// (absl::StatusOr<Ref>, a malformed name refused as INVALID_ARGUMENT) and the logic gets them:
// `fn(caller, tx, ref)`.
template <typename Request, typename Response, typename Rule, typename F>
grpc::Status Serve(grpc::ServerContextBase* context, Access& access, absl::string_view service,
                   absl::string_view method, const Request& request, Response* response,
                   Rule&& rule, F&& fn, TxKind kind = TxKind::kByMethod) {
  // A call whose deadline has passed is answered before any work. (Whether the client cancelled
  // is not asked: a cancelled call's answer is dropped, and on the synchronous server, where
  // the tests and the fuzzer still call these handlers, the question waits for a completion
  // queue round.)
  if (context->deadline() <= std::chrono::system_clock::now()) {
    return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                        "the call's deadline passed before it was served");
  }
  absl::StatusOr<std::string> secret = PresentedSecret(*context);
  if (!secret.ok()) return ToGrpcStatus(secret.status());
  // gRPC parses each request into a message of the call's own and hands the handler a const
  // pointer to it: the field behaviours the protos mark are applied to that
  // message in place, before anything reads it (what the server sets is cleared here; required
  // fields are checked once the caller is known to be allowed). So `request` must be an object
  // of the call's own, never a shared constant such as a default instance.
  ClearServerFields(const_cast<Request&>(request), IsCreateMethod(method));
  CallContext call(service, method, request);
  bool writes = kind == TxKind::kByMethod ? !IsReadMethod(method) : kind == TxKind::kWrite;
  // A read whose adapter keeps answers (services/read_cache.h): the database's version is taken
  // before the transaction begins, so that what the transaction reads is at least that new.
  CachedRead* cached = writes ? nullptr : CachedRead::Take();
  const int64_t version = cached != nullptr ? cached->cache->version() : -1;
  // While nothing has committed since a call checked this token, a kept answer needs no
  // transaction at all: the caller is known at this version (Access::RecallCaller), its permit
  // is taken and its rule applied as below. A refusal or a miss takes the usual way, which
  // answers it (without a second permit).
  if constexpr (!std::is_invocable_v<Rule&, const Caller&, storage::Tx&>) {
    if (version >= 0) {
      if (std::optional<Caller> known = access.RecallCaller(*secret, version)) {
        call.caller = *std::move(known);
        if (absl::Status admitted = access.Admit(call.caller, method); !admitted.ok()) {
          return ToGrpcStatus(*context, admitted);
        }
        call.admitted = true;
        if (rule(call.caller).ok() && CheckRequiredFields(request).ok()) {
          cached->version = version;
          cached->key =
              ReadCache::Key(cached->method, GrantsKey(call.caller.grants), cached->request);
          cached->hit = cached->cache->Find(cached->key, version, /*count_miss=*/false);
          if (cached->hit != nullptr) return grpc::Status::OK;
        }
      }
    }
  }
  // Over buckets shared by replicas, a write's permit is taken before the write waits for the
  // replicas' write lock (see AdmitsBeforeWriting).
  if (writes && access.AdmitsBeforeWriting(method)) {
    absl::Status admitted =
        access.database().Run(false, nullptr, [&](storage::Tx& tx) -> absl::Status {
          ASSIGN_OR_RETURN(Caller caller, access.AuthenticateSecret(tx, *secret));
          return access.Admit(caller, method);
        });
    if (!admitted.ok()) return ToGrpcStatus(*context, admitted);
    call.admitted = true;
  }
  absl::StatusOr<Response> result =
      access.database().Run(writes, &call.audit, [&](storage::Tx& tx) -> absl::StatusOr<Response> {
        absl::StatusOr<Caller> caller = access.AuthenticateSecret(tx, *secret);
        if (!caller.ok()) return caller.status();
        call.caller = *std::move(caller);
        call.audit.SetCaller(call.caller.token, call.caller.display_name);
        if (!call.admitted) {
          if (absl::Status admitted = access.Admit(call.caller, method); !admitted.ok()) {
            return admitted;
          }
          call.admitted = true;
        }
        // A rule either allows (absl::Status) or allows and hands the logic what it parsed
        // from the request (absl::StatusOr<Ref>), so the logic does not parse it again.
        auto allowed = [&] {
          if constexpr (std::is_invocable_v<Rule&, const Caller&, storage::Tx&>) {
            return rule(call.caller, tx);
          } else {
            return rule(call.caller);
          }
        }();
        if constexpr (std::is_same_v<decltype(allowed), absl::Status>) {
          if (!allowed.ok()) return allowed;
        } else {
          if (!allowed.ok()) return allowed.status();
        }
        RETURN_IF_ERROR(CheckRequiredFields(request));
        if (version >= 0) {
          cached->version = version;
          cached->key =
              ReadCache::Key(cached->method, GrantsKey(call.caller.grants), cached->request);
          cached->hit = cached->cache->Find(cached->key, version);
          // The adapter answers with the kept bytes; the response stays empty.
          if (cached->hit != nullptr) return Response();
        }
        if constexpr (std::is_same_v<decltype(allowed), absl::Status>) {
          return fn(call.caller, tx);
        } else {
          return fn(call.caller, tx, *allowed);
        }
      });
  if (!result.ok()) return ToGrpcStatus(*context, result.status());
  // A transaction that began after `version` was read, with no commit since: it read the
  // tokens exactly as they are at `version`, so the next calls at it may recall their callers.
  if (version >= 0 && access.NeedsTokensAt(version) && cached->cache->version() == version) {
    access.NoteTokensAt(version, call.caller.generation);
  }
  *response = *std::move(result);
  return grpc::Status::OK;
}

}  // namespace forum::services

#endif  // FORUM_SERVICES_ACCESS_H_
