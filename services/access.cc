#include "services/access.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/limits.h"
#include "domain/names.h"
#include "domain/status_macros.h"
#include "domain/validation.h"
#include "services/idempotency.h"
#include "services/paging.h"
#include "storage/document_store.h"
#include "storage/entity_store.h"
#include "storage/event_store.h"
#include "storage/token_store.h"

namespace forum::services {
namespace {

using storage::TokenStore;

constexpr char kSecretPrefix[] = "forum_";
constexpr size_t kIdBytes = 6;       // 12 hex characters, public
constexpr size_t kSecretBytes = 32;  // 256 bits, never stored
constexpr char kTokenType[] = "forum.v1.Token";
// A token lives at most ten years: long enough for any mandate, short of any overflow.
constexpr int64_t kMaxTokenLifetimeMicros = int64_t{10} * 366 * 24 * 3600 * 1000000;

std::string RandomBytes(size_t n) {
  std::string bytes(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(n)) != 1) {
    throw std::runtime_error("the system random generator failed");
  }
  return bytes;
}

bool IsTokenId(absl::string_view id) {
  if (id.size() != kIdBytes * 2) return false;
  for (char ch : id) {
    if (!absl::ascii_isdigit(ch) && (ch < 'a' || ch > 'f')) return false;
  }
  return true;
}

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat(
      why,
      "; send `authorization: Bearer <token>` (forumctl reads FORUM_TOKEN or its token file)"));
}

absl::StatusOr<std::string> ParseTokenName(absl::string_view name) {
  if (!absl::StartsWith(name, "tokens/") || !IsTokenId(name.substr(7))) {
    return domain::InvalidField("name", "must be `tokens/{id}`, the id being 12 hex digits");
  }
  return std::string(name.substr(7));
}

}  // namespace

MintedSecret MintSecret() {
  MintedSecret minted;
  minted.id = absl::BytesToHexString(RandomBytes(kIdBytes));
  minted.secret = absl::StrCat(kSecretPrefix, minted.id, "_",
                               absl::WebSafeBase64Escape(RandomBytes(kSecretBytes)));
  minted.hash = HashSecret(minted.secret);
  return minted;
}

std::string HashSecret(absl::string_view secret) {
  // Every call hashes its secret. OpenSSL 3 looks an algorithm up in its providers each time it is
  // named (EVP_sha256() does), and a context costs an allocation: measured as a sixth of a point
  // read's handler. The algorithm is fetched once, and each thread keeps one context.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  thread_local std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(),
                                                                      &EVP_MD_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (sha256 == nullptr || ctx == nullptr || EVP_DigestInit_ex2(ctx.get(), sha256, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), secret.data(), secret.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest, &size) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string TokenIdOf(absl::string_view secret) {
  if (!absl::ConsumePrefix(&secret, kSecretPrefix)) return std::string();
  absl::string_view id = secret.substr(0, kIdBytes * 2);
  if (!IsTokenId(id) || secret.size() <= id.size() + 1 || secret[id.size()] != '_') {
    return std::string();
  }
  return std::string(id);
}

std::string BearerSecret(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) return std::string();
  absl::string_view value(it->second.data(), it->second.size());
  if (!absl::ConsumePrefix(&value, "Bearer ") && !absl::ConsumePrefix(&value, "bearer ")) {
    return std::string();
  }
  return std::string(absl::StripAsciiWhitespace(value));
}

std::string GrantsKey(const domain::Grants& grants) {
  std::vector<std::string> parts;
  for (const auto& b : grants.bindings()) parts.push_back(domain::FormatBinding(b));
  std::sort(parts.begin(), parts.end());
  return absl::StrJoin(parts, "\n");
}

bool IsReadMethod(absl::string_view method) {
  for (absl::string_view prefix : {"Get", "List", "Export", "Diff", "Watch"}) {
    if (absl::StartsWith(method, prefix)) return true;
  }
  return false;
}

void Access::SetCallRates(const CallRates& rates) {
  storage::RateBuckets* shared = db_.shared_rate_buckets();
  writes_ = rates.writes.rate > 0 ? std::make_unique<CallLimiter>(rates.writes, "writes", shared)
                                  : nullptr;
  reads_ =
      rates.reads.rate > 0 ? std::make_unique<CallLimiter>(rates.reads, "reads", shared) : nullptr;
}

absl::Status Access::Admit(const Caller& caller, absl::string_view method) {
  bool read = IsReadMethod(method);
  CallLimiter* limiter = read ? reads_.get() : writes_.get();
  if (limiter == nullptr) return absl::OkStatus();
  // A steady clock: a step of the wall clock must neither refill nor stall the buckets.
  int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now().time_since_epoch())
                    .count();
  int64_t wait = limiter->Take(caller.token, now);
  if (wait == 0) return absl::OkStatus();
  (read ? rate_limited_reads_ : rate_limited_writes_).fetch_add(1, std::memory_order_relaxed);
  return domain::RateLimited(absl::StrCat(caller.token, " has made more ",
                                          read ? "reads" : "changes", " than its rate allows"),
                             wait);
}

absl::StatusOr<std::string> PresentedSecret(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  if (metadata.find("authorization") == metadata.end()) {
    return Unauthenticated("this call carries no token");
  }
  std::string secret = BearerSecret(context);
  if (secret.empty()) return Unauthenticated("the authorization header is not a bearer token");
  if (TokenIdOf(secret).empty()) return Unauthenticated("the token is not a forum token");
  return secret;
}

absl::StatusOr<Caller> Access::Authenticate(const grpc::ServerContextBase& context) {
  ASSIGN_OR_RETURN(auto secret, PresentedSecret(context));
  return AuthenticateSecret(secret);
}

absl::StatusOr<Caller> Access::AuthenticateSecret(absl::string_view secret) {
  return db_.Read([&](storage::Tx& tx) { return AuthenticateSecret(tx, secret); });
}

absl::StatusOr<Caller> Access::AuthenticateSecret(storage::Tx& tx, absl::string_view secret) {
  ASSIGN_OR_RETURN(Caller caller, AuthenticateForFeed(tx, secret));
  if (caller.grants.Feed()) {
    return Unauthenticated(
        "a feed token opens calendar feeds only (/events/{event}/schedule.ics); the API needs "
        "another token");
  }
  return caller;
}

absl::StatusOr<Caller> Access::AuthenticateForFeed(storage::Tx& tx, absl::string_view secret) {
  std::string id = TokenIdOf(secret);
  if (id.empty()) return Unauthenticated("the token is not a forum token");
  const int64_t generation = tx.tokens().Generation();
  const std::string hash = HashSecret(secret);
  const int64_t now = domain::NowMicros();
  auto matches = [&](const std::string& stored_hash) {
    return hash.size() == stored_hash.size() &&
           CRYPTO_memcmp(hash.data(), stored_hash.data(), hash.size()) == 0;
  };
  {
    absl::ReaderMutexLock lock(&known_mu_);
    if (generation >= 0 && known_generation_ == generation) {
      auto it = known_.find(id);
      if (it != known_.end() && matches(it->second.secret_hash) &&
          (it->second.expire_micros == 0 || now < it->second.expire_micros)) {
        Caller caller = it->second.caller;
        if (tx.writes()) caller.generation = -1;  // as below
        return caller;
      }
    }
  }
  auto stored = tx.tokens().Find(id);
  if (!stored) return Unauthenticated("the token is not known here");
  if (!matches(stored->secret_hash)) return Unauthenticated("the token is not known here");
  const v1::Token& token = stored->token;
  if (token.has_revoke_time()) return Unauthenticated("the token was revoked");
  int64_t expire = token.has_expire_time() ? domain::ToMicros(token.expire_time()) : 0;
  if (token.has_expire_time() && expire <= now) return Unauthenticated("the token has expired");
  std::vector<v1::RoleBinding> bindings(token.bindings().begin(), token.bindings().end());
  Caller caller{token.name(), token.display_name(), domain::Grants(std::move(bindings))};
  // A write's snapshot may hold uncommitted token changes: its generation vouches for nothing.
  caller.generation = tx.writes() ? -1 : generation;
  // Only committed state fills the cache: a write transaction may see a generation moved by an
  // earlier change of its batch that has not committed yet (and may never). A generation below
  // zero means the counter is missing, and nothing is kept.
  if (tx.writes() || generation < 0) return caller;
  absl::MutexLock lock(&known_mu_);
  // Only a generation at least as new as the cache's replaces it: a call on an older snapshot
  // must not bring back what a newer one has seen change.
  if (generation > known_generation_) {
    known_.clear();
    known_generation_ = generation;
  }
  if (generation == known_generation_) {
    if (known_.size() >= kMaxKnownCallers) known_.clear();
    known_[id] = KnownCaller{stored->secret_hash, caller, expire};
  }
  return caller;
}

std::optional<Caller> Access::RecallCaller(absl::string_view secret, int64_t version) {
  if (version < 0) return std::nullopt;
  std::string id = TokenIdOf(secret);
  if (id.empty()) return std::nullopt;
  const std::string hash = HashSecret(secret);
  const int64_t now = domain::NowMicros();
  absl::ReaderMutexLock lock(&known_mu_);
  if (version != noted_version_.load(std::memory_order_relaxed) ||
      noted_generation_ != known_generation_) {
    return std::nullopt;
  }
  auto it = known_.find(id);
  if (it == known_.end()) return std::nullopt;
  const KnownCaller& known = it->second;
  if (hash.size() != known.secret_hash.size() ||
      CRYPTO_memcmp(hash.data(), known.secret_hash.data(), hash.size()) != 0) {
    return std::nullopt;
  }
  if (known.expire_micros != 0 && now >= known.expire_micros) return std::nullopt;
  if (known.caller.grants.Feed()) return std::nullopt;
  return known.caller;
}

void Access::NoteTokensAt(int64_t version, int64_t generation) {
  if (version < 0 || generation < 0) return;
  absl::MutexLock lock(&known_mu_);
  if (version <= noted_version_.load(std::memory_order_relaxed)) return;
  noted_generation_ = generation;
  noted_version_.store(version, std::memory_order_relaxed);
}

std::optional<domain::DocumentFacts> Access::DocumentFacts(storage::Tx& tx, absl::string_view event,
                                                           absl::string_view document) {
  auto doc = tx.document(event, document).Get();
  if (!doc.ok()) return std::nullopt;
  domain::DocumentFacts facts{std::string(event), std::string(document), "", doc->state()};
  if (!doc->round_table().empty()) facts.round_table = LastSegment(doc->round_table());
  return facts;
}

absl::StatusOr<v1::CreateTokenResponse> Access::CreateToken(storage::Tx& tx,
                                                            const v1::CreateTokenRequest& r,
                                                            absl::string_view creator) {
  const v1::Token& t = r.token();
  domain::Validator v;
  v.Text("token.display_name", t.display_name(), domain::kMaxShortText, /*required=*/true);
  if (t.bindings_size() == 0) v.Add("token.bindings", "a token needs at least one role");
  v.Count("token.bindings", t.bindings_size(), domain::kMaxBindings);
  v.RequestId("request_id", r.request_id());
  int64_t now = domain::NowMicros();
  if (t.has_expire_time()) {
    // Checked before any arithmetic: a seconds value near the int64 limit would overflow.
    if (!domain::IsValidTimestamp(t.expire_time())) {
      v.Add("token.expire_time", "must be a time between years 0001 and 9999");
    } else if (domain::ToMicros(t.expire_time()) <= now) {
      v.Add("token.expire_time", "must be in the future");
    } else if (domain::ToMicros(t.expire_time()) > now + kMaxTokenLifetimeMicros) {
      v.Add("token.expire_time", "must be within 10 years; make a new token then");
    }
  }
  for (int i = 0; i < t.bindings_size(); ++i) {
    absl::Status valid =
        domain::ValidateBinding(t.bindings(i), absl::StrCat("token.bindings[", i, "]"));
    if (!valid.ok()) return valid;
  }
  // A feed's token travels in calendar addresses: it carries nothing else.
  bool feed = std::any_of(t.bindings().begin(), t.bindings().end(),
                          [](const auto& b) { return b.role() == v1::ROLE_FEED; });
  if (feed && t.bindings_size() > 1) {
    return domain::InvalidField("token.bindings",
                                "a feed token holds one feed binding and no other role");
  }
  absl::Status checked = v.Finish();
  if (!checked.ok()) return checked;
  MintedSecret minted = MintSecret();
  return Idempotent<v1::CreateTokenResponse>(tx, "CreateToken", r.request_id(), r, [&]() {
    return InsertToken(tx, t, minted, now, creator);
  });
}

absl::StatusOr<v1::CreateTokenResponse> Access::CreateToken(const v1::CreateTokenRequest& request,
                                                            absl::string_view creator,
                                                            storage::AuditScope* audit) {
  return db_.Write(audit, [&](storage::Tx& tx) { return CreateToken(tx, request, creator); });
}

absl::StatusOr<v1::CreateTokenResponse> Access::InsertToken(storage::Tx& tx, const v1::Token& t,
                                                            const MintedSecret& minted, int64_t now,
                                                            absl::string_view creator) {
  if (tx.tokens().Count() >= domain::kMaxTokens) {
    return domain::CountLimit("TOKEN_COUNT", "this server", domain::kMaxTokens,
                              "tokens (revoked ones included)");
  }
  // A scoped role must name an event that exists (and, for a focal point, a known entity):
  // a typo would otherwise mint a token that can do nothing.
  for (int i = 0; i < t.bindings_size(); ++i) {
    const std::string& scope = t.bindings(i).scope();
    if (scope.empty()) continue;
    std::vector<absl::string_view> parts = absl::StrSplit(scope, '/');
    std::string field = absl::StrCat("token.bindings[", i, "].scope");
    if (!tx.events().Exists(parts[1])) {
      return domain::NotFound("forum.v1.Event", domain::EventName(parts[1]), field);
    }
    if (parts.size() == 4 && t.bindings(i).role() != v1::ROLE_CHAIR) {
      RETURN_IF_ERROR(tx.entities().Get(parts[3], field));
    }
  }
  v1::Token stored = t;
  stored.set_name(absl::StrCat("tokens/", minted.id));
  *stored.mutable_create_time() = domain::FromMicros(now);
  stored.clear_revoke_time();
  stored.set_creator(std::string(creator));
  tx.tokens().Insert(minted.id, stored, minted.hash);
  v1::CreateTokenResponse response;
  *response.mutable_token() = std::move(stored);
  response.set_secret(minted.secret);
  return response;
}

absl::StatusOr<v1::ListTokensResponse> Access::ListTokens(storage::Tx& tx,
                                                          const v1::ListTokensRequest& r) {
  ASSIGN_OR_RETURN(auto size, domain::PageSize(r.page_size()));
  std::string query = r.show_inactive() ? "all" : "live";
  ASSIGN_OR_RETURN(auto cursor, NumericCursor(r.page_token(), query));
  auto page = tx.tokens().List(cursor, size + 1, r.show_inactive(), domain::NowMicros());
  v1::ListTokensResponse response;
  size_t keep = RowsThatFit(page.tokens, static_cast<size_t>(size));
  if (keep < page.tokens.size()) {
    page.tokens.resize(keep);
    response.set_next_page_token(
        domain::EncodePageToken(query, absl::StrCat(page.cursors[keep - 1])));
  }
  for (auto& t : page.tokens) *response.add_tokens() = std::move(t);
  return response;
}

absl::StatusOr<v1::Token> Access::GetToken(storage::Tx& tx, absl::string_view name) {
  ASSIGN_OR_RETURN(auto id, ParseTokenName(name));
  auto found = tx.tokens().Find(id);
  if (!found) return domain::NotFound(kTokenType, name, "name");
  return found->token;
}

absl::StatusOr<v1::Token> Access::RevokeToken(storage::Tx& tx, const v1::RevokeTokenRequest& r) {
  ASSIGN_OR_RETURN(auto id, ParseTokenName(r.name()));
  storage::TokenStore& store = tx.tokens();
  if (!store.Find(id)) return domain::NotFound(kTokenType, r.name(), "name");
  store.Revoke(id, domain::NowMicros());
  return store.Find(id)->token;
}

absl::StatusOr<v1::ListAuditRecordsResponse> Access::ListAuditRecords(
    storage::Tx& tx, const v1::ListAuditRecordsRequest& r) {
  domain::Validator v;
  v.Text("resource_prefix", r.resource_prefix(), domain::kMaxTitle, /*required=*/false);
  v.Text("caller", r.caller(), domain::kMaxShortText, /*required=*/false);
  bool start_valid = !r.has_start_time() || domain::IsValidTimestamp(r.start_time());
  bool end_valid = !r.has_end_time() || domain::IsValidTimestamp(r.end_time());
  if (!start_valid) v.Add("start_time", "must be a time between years 0001 and 9999");
  if (!end_valid) v.Add("end_time", "must be a time between years 0001 and 9999");
  if (start_valid && end_valid && r.has_start_time() && r.has_end_time() &&
      domain::ToMicros(r.end_time()) <= domain::ToMicros(r.start_time())) {
    v.Add("end_time", "must be after start_time");
  }
  absl::Status checked = v.Finish();
  if (!checked.ok()) return checked;
  ASSIGN_OR_RETURN(auto size, domain::PageSize(r.page_size()));
  std::string query = absl::StrCat(r.resource_prefix(), "|", r.caller(), "|",
                                   r.has_start_time() ? domain::ToMicros(r.start_time()) : 0, "|",
                                   r.has_end_time() ? domain::ToMicros(r.end_time()) : 0);
  ASSIGN_OR_RETURN(auto cursor, NumericCursor(r.page_token(), query));
  storage::AuditQuery q;
  q.resource_prefix = r.resource_prefix();
  q.caller = r.caller();
  if (r.has_start_time()) q.start_micros = domain::ToMicros(r.start_time());
  if (r.has_end_time()) q.end_micros = domain::ToMicros(r.end_time());
  q.before_id = cursor;
  q.limit = size + 1;
  std::vector<v1::AuditRecord> records = tx.audit_log().List(q);
  v1::ListAuditRecordsResponse response;
  response.set_next_page_token(TrimPage(
      records, size, query, [](const v1::AuditRecord& a) { return LastSegment(a.name()); }));
  for (auto& a : records) *response.add_audit_records() = std::move(a);
  return response;
}

absl::StatusOr<std::optional<v1::CreateTokenResponse>> Access::Bootstrap() {
  v1::CreateTokenRequest request;
  request.mutable_token()->set_display_name("Secretariat (created on first start)");
  request.mutable_token()->add_bindings()->set_role(v1::ROLE_ADMIN);
  storage::AuditScope audit({kLocalCaller, "forumd", "forumd first start", "tokens", ""});
  // The count and the creation share one transaction: two forumd starting on one file cannot
  // both find it empty.
  return db_.Write(&audit,
                   [&](storage::Tx& tx) -> absl::StatusOr<std::optional<v1::CreateTokenResponse>> {
                     if (tx.tokens().Count() > 0) {
                       return std::optional<v1::CreateTokenResponse>();
                     }
                     ASSIGN_OR_RETURN(auto created, CreateToken(tx, request, kLocalCaller));
                     return std::optional<v1::CreateTokenResponse>(std::move(created));
                   });
}

absl::Status AnyCaller(const Caller&) { return absl::OkStatus(); }

absl::Status AdminOnly(const Caller& caller) {
  if (caller.grants.Admin()) return absl::OkStatus();
  return domain::Denied(caller.grants, "do this: it is reserved to the secretariat (admin)");
}

absl::StatusOr<domain::EventChild> FocalPointFor(const Caller& caller, absl::string_view name,
                                                 absl::string_view field) {
  ASSIGN_OR_RETURN(auto delegation, domain::ParseEventChildName(name, "delegations", field));
  if (!caller.grants.FocalPointOf(delegation.event, delegation.id)) {
    return domain::Denied(caller.grants, absl::StrCat("act for ", name));
  }
  return delegation;
}

absl::StatusOr<domain::MemberName> MemberFor(const Caller& caller, absl::string_view name,
                                             absl::string_view field) {
  ASSIGN_OR_RETURN(auto member, domain::ParseMemberName(name, field));
  if (!caller.grants.FocalPointOf(member.event, member.entity)) {
    return domain::Denied(
        caller.grants, absl::StrCat("act for ", domain::EventChildName(member.event, "delegations",
                                                                       member.entity)));
  }
  return member;
}

}  // namespace forum::services
