// Answers of repeated reads kept while nothing changes (services/read_cache.h): served again
// only while the database is as it was, per caller's grants, never past a revoked token; and
// on PostgreSQL, where other servers commit too, never kept at all.
#include "services/read_cache.h"

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "domain/access.h"
#include "google/protobuf/util/time_util.h"
#include "grpcpp/generic/generic_stub.h"
#include "tests/services/speaker_fixture.h"

namespace forum::testing {
namespace {

using services::ReadCache;

std::shared_ptr<const std::string> Bytes(const std::string& s) {
  return std::make_shared<const std::string>(s);
}

// A cache over a version the test moves by hand.
struct VersionedCache {
  explicit VersionedCache(size_t bytes) : cache(bytes, [this] { return version; }) {}
  int64_t version = 0;
  ReadCache cache;
};

TEST(ReadCacheTest, AnAnswerIsFoundOnlyWhileTheVersionItWasReadAtHolds) {
  VersionedCache c(1 << 20);
  c.version = 3;
  c.cache.Put("k", 3, Bytes("answer"));
  ASSERT_NE(c.cache.Find("k", 3), nullptr);
  EXPECT_EQ(*c.cache.Find("k", 3), "answer");
  EXPECT_EQ(c.cache.Find("k", 4), nullptr) << "a commit since";
  EXPECT_EQ(c.cache.Find("other", 3), nullptr);
}

TEST(ReadCacheTest, AnAnswerBuiltAcrossACommitIsNotKept) {
  VersionedCache c(1 << 20);
  c.version = 5;
  // The read began at 5; a commit moved the database to 6 before its answer was built, so its
  // transaction may have read 6's changes.
  c.version = 6;
  c.cache.Put("k", 5, Bytes("perhaps newer than 5"));
  EXPECT_EQ(c.cache.Find("k", 5), nullptr);
  EXPECT_EQ(c.cache.Find("k", 6), nullptr);
}

TEST(ReadCacheTest, AnOlderReadIsNotKeptAndANewerOneEmptiesTheCache) {
  VersionedCache c(1 << 20);
  c.version = 5;
  c.cache.Put("a", 5, Bytes("at 5"));
  c.version = 4;  // as if read and checked before the commit that made 5
  c.cache.Put("b", 4, Bytes("at 4"));
  EXPECT_EQ(c.cache.Find("b", 4), nullptr);
  EXPECT_NE(c.cache.Find("a", 5), nullptr);
  c.version = 6;
  c.cache.Put("c", 6, Bytes("at 6"));
  EXPECT_EQ(c.cache.Find("a", 5), nullptr) << "kept at an older version, gone with it";
  EXPECT_EQ(c.cache.Find("a", 6), nullptr);
  EXPECT_NE(c.cache.Find("c", 6), nullptr);
}

TEST(ReadCacheTest, ItsBytesStayWithinTheBound) {
  VersionedCache c(1000);
  for (int i = 0; i < 100; ++i) {
    c.cache.Put("key" + std::to_string(i), 0, Bytes(std::string(90, 'x')));
    EXPECT_LE(c.cache.bytes(), 1000u);
  }
  c.cache.Put("huge", 0, Bytes(std::string(2000, 'x')));
  EXPECT_EQ(c.cache.Find("huge", 0), nullptr);
  VersionedCache off(0);
  off.cache.Put("k", 0, Bytes("x"));
  EXPECT_EQ(off.cache.Find("k", 0), nullptr);
  EXPECT_FALSE(off.cache.enabled());
  ReadCache unversioned(1 << 20, [] { return int64_t{-1}; });
  EXPECT_FALSE(unversioned.enabled()) << "an engine without a version keeps nothing";
}

TEST(ReadCacheTest, KeysOfDifferentCallersAndRequestsNeverMeet) {
  // Request bytes that end like another caller's grants must not make that caller's key.
  EXPECT_NE(ReadCache::Key("ListDelegations", "admin", "req"),
            ReadCache::Key("ListDelegations", "", "admin\nreq"));
  EXPECT_NE(ReadCache::Key("ListDelegations", "a\nb", "req"),
            ReadCache::Key("ListDelegations", "b", "a\nreq"));
  EXPECT_NE(ReadCache::Key("GetDelegation", "g", "r"), ReadCache::Key("ListDelegations", "g", "r"));
  EXPECT_EQ(ReadCache::Key("GetDelegation", "g", "r"), ReadCache::Key("GetDelegation", "g", "r"));
}

class CachedReadTest : public SpeakerServiceTest {
 protected:
  bool Keeps() { return db_->data_version() >= 0; }
  int64_t Hits() { return services_->read_cache().hits(); }

  v1::ListSpeakersResponse List(const std::string& secret = "") {
    v1::ListSpeakersRequest request;
    request.set_parent(kPlenary);
    v1::ListSpeakersResponse out;
    auto ctx = secret.empty() ? Call() : CallAs(secret);
    grpc::Status s = speakers_->ListSpeakers(ctx.get(), request, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  grpc::Status ListDelegations(const std::string& secret, v1::ListDelegationsResponse* out) {
    v1::ListDelegationsRequest request;
    request.set_parent(std::string("events/") + kEvent);
    return delegations_->ListDelegations(CallAs(secret).get(), request, out);
  }
};

TEST_F(CachedReadTest, ARepeatedListIsAnsweredAgainUntilAChangeAndThenReadAfresh) {
  v1::Speaker brazil = MustInscribe("bra", v1::PROTOCOL_RANK_MINISTER);
  MustInscribe("gha", v1::PROTOCOL_RANK_HEAD_OF_STATE);
  v1::ListSpeakersResponse first = List();
  int64_t hits = Hits();
  v1::ListSpeakersResponse again = List();
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(Hits(), Keeps() ? hits + 1 : 0);

  v1::UpdateSpeakerRequest update;
  *update.mutable_speaker() = brazil;
  update.mutable_speaker()->set_speaker_name("Ana Souza");
  update.mutable_update_mask()->add_paths("speaker_name");
  v1::Speaker updated;
  ASSERT_TRUE(speakers_->UpdateSpeaker(Call().get(), update, &updated).ok());
  v1::ListSpeakersResponse after = List();
  ASSERT_EQ(after.speakers_size(), 2);
  EXPECT_EQ(after.speakers(1).speaker_name(), "Ana Souza") << "the change is seen at once";
  EXPECT_EQ(after.speakers(1).etag(), updated.etag());
}

TEST_F(CachedReadTest, ChangesMadeByAnotherProcessAreSeenOnTheNextRead) {
  MustInscribe("bra", v1::PROTOCOL_RANK_MINISTER);
  List();
  List();
  // As edits by hand would, outside forumd, one after the other on the same row.
  ExecSql("UPDATE speakers SET speaker_name = 'Edited by hand' WHERE entity_code = 'bra'");
  EXPECT_EQ(List().speakers(0).speaker_name(), "Edited by hand");
  EXPECT_EQ(List().speakers(0).speaker_name(), "Edited by hand");
  ExecSql("UPDATE speakers SET speaker_name = 'Edited again' WHERE entity_code = 'bra'");
  EXPECT_EQ(List().speakers(0).speaker_name(), "Edited again");
  // A table the change log does not follow.
  ExecSql("UPDATE entities SET display_name = 'Brasil' WHERE code = 'bra'");
  EXPECT_EQ(List().speakers(0).display_name(), "Brasil");
}

TEST_F(CachedReadTest, AReadOfOneDelegationIsKeptUntilItChanges) {
  Register(kEvent, "bra");
  v1::GetDelegationRequest get;
  get.set_name(std::string("events/") + kEvent + "/delegations/bra");
  v1::Delegation first, again;
  ASSERT_TRUE(delegations_->GetDelegation(Call().get(), get, &first).ok());
  int64_t hits = Hits();
  ASSERT_TRUE(delegations_->GetDelegation(Call().get(), get, &again).ok());
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(Hits(), Keeps() ? hits + 1 : 0);
  v1::UpdateDelegationRequest update;
  update.mutable_delegation()->set_name(get.name());
  update.mutable_delegation()->set_notes("Arrives on Thursday");
  update.mutable_update_mask()->add_paths("notes");
  v1::Delegation updated, after;
  ASSERT_TRUE(delegations_->UpdateDelegation(Call().get(), update, &updated).ok());
  ASSERT_TRUE(delegations_->GetDelegation(Call().get(), get, &after).ok());
  EXPECT_EQ(after.notes(), "Arrives on Thursday");
  EXPECT_EQ(after.etag(), updated.etag());
}

TEST_F(CachedReadTest, EachCallerGetsTheAnswerItsGrantsAllow) {
  Register(kEvent, "bra");
  v1::UpdateDelegationRequest update;
  update.mutable_delegation()->set_name(std::string("events/") + kEvent + "/delegations/bra");
  update.mutable_delegation()->set_contact_email("focal.point@example.org");
  update.mutable_update_mask()->add_paths("contact_email");
  v1::Delegation d;
  ASSERT_TRUE(delegations_->UpdateDelegation(Call().get(), update, &d).ok());
  std::string own = TokenFor({std::string("focal-point=events/") + kEvent + "/delegations/bra"});
  std::string other = TokenFor({std::string("focal-point=events/") + kEvent + "/delegations/gha"});
  for (int round = 0; round < 2; ++round) {
    v1::ListDelegationsResponse mine, theirs, admin;
    ASSERT_TRUE(ListDelegations(own, &mine).ok());
    ASSERT_TRUE(ListDelegations(other, &theirs).ok());
    ASSERT_TRUE(ListDelegations(admin_secret_, &admin).ok());
    ASSERT_EQ(mine.delegations_size(), 1);
    ASSERT_EQ(theirs.delegations_size(), 1);
    EXPECT_EQ(mine.delegations(0).contact_email(), "focal.point@example.org") << round;
    EXPECT_EQ(admin.delegations(0).contact_email(), "focal.point@example.org") << round;
    EXPECT_EQ(theirs.delegations(0).contact_email(), "") << "another delegation's, round " << round;
  }
}

class RevokedTest : public CachedReadTest, public ::testing::WithParamInterface<bool> {};

TEST_P(RevokedTest, ARevokedTokenIsRefusedThoughItsAnswerWasKept) {
  MustInscribe("bra", v1::PROTOCOL_RANK_MINISTER);
  std::string reader = TokenFor({"reader"});
  List(reader);
  List(reader);
  v1::ListTokensRequest list;
  v1::ListTokensResponse tokens;
  ASSERT_TRUE(access_->ListTokens(Call().get(), list, &tokens).ok());
  std::string name;
  for (const auto& t : tokens.tokens()) {
    if (services::TokenIdOf(reader) == t.name().substr(t.name().rfind('/') + 1)) name = t.name();
  }
  ASSERT_FALSE(name.empty());
  if (GetParam()) {
    v1::RevokeTokenRequest revoke;
    revoke.set_name(name);
    v1::Token revoked;
    ASSERT_TRUE(access_->RevokeToken(Call().get(), revoke, &revoked).ok());
  } else {
    // From another process, as `forumd tokens revoke` does while forumd runs.
    ExecSql("UPDATE tokens SET revoke_time = 1 WHERE token_id = '" + services::TokenIdOf(reader) +
            "'");
  }
  v1::ListSpeakersRequest request;
  request.set_parent(kPlenary);
  v1::ListSpeakersResponse out;
  EXPECT_EQ(speakers_->ListSpeakers(CallAs(reader).get(), request, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(out.speakers_size(), 0);
}

// Revoked through forumd (true) or by another process (false).
INSTANTIATE_TEST_SUITE_P(ByForumdOrAnotherProcess, RevokedTest, ::testing::Bool());

TEST_F(CachedReadTest, AKeptAnswerToAKnownCallerNeedsNoTransaction) {
  MustInscribe("bra", v1::PROTOCOL_RANK_MINISTER);
  std::string reader = TokenFor({"reader"});
  List(reader);  // read afresh: checks the token at this version
  int64_t before = db_->transactions();
  int64_t hits = Hits();
  List(reader);
  List(reader);
  if (!Keeps()) {
    EXPECT_EQ(db_->transactions(), before + 2) << "nothing kept: a transaction a call";
    return;
  }
  EXPECT_EQ(Hits(), hits + 2);
  EXPECT_EQ(db_->transactions(), before) << "answered from what the first call found";
  // A change of the tokens (the new token's own write): every caller is checked in a
  // transaction once more, the one already known too, then known again.
  std::string other = TokenFor({"reader"}, "another reader");
  List(other);
  List(reader);
  int64_t checked = db_->transactions();
  EXPECT_EQ(checked, before + 3) << "the token's write, then one check for each caller";
  List(other);
  List(reader);
  EXPECT_EQ(db_->transactions(), checked);
}

TEST_F(CachedReadTest, ATokenThatExpiresIsRefusedThoughNothingChanged) {
  MustInscribe("bra", v1::PROTOCOL_RANK_MINISTER);
  v1::CreateTokenRequest create;
  create.mutable_token()->set_display_name("expires soon");
  auto binding = domain::ParseBinding("reader");
  ASSERT_TRUE(binding.ok());
  *create.mutable_token()->add_bindings() = *binding;
  const auto expiry = std::chrono::system_clock::now() + std::chrono::milliseconds(1500);
  *create.mutable_token()->mutable_expire_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
          std::chrono::duration_cast<std::chrono::microseconds>(expiry.time_since_epoch()).count());
  auto created = services_->access().CreateToken(create, "tests");
  ASSERT_TRUE(created.ok()) << created.status();
  const std::string secret = created->secret();
  List(secret);
  int64_t transactions = db_->transactions();
  List(secret);
  if (Keeps()) ASSERT_EQ(db_->transactions(), transactions) << "kept, the caller known";
  std::this_thread::sleep_until(expiry + std::chrono::milliseconds(50));
  int64_t hits = Hits();
  v1::ListSpeakersRequest request;
  request.set_parent(kPlenary);
  v1::ListSpeakersResponse out;
  grpc::Status status = speakers_->ListSpeakers(CallAs(secret).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
  EXPECT_EQ(out.speakers_size(), 0);
  EXPECT_EQ(Hits(), hits);
}

TEST_F(CachedReadTest, AKnownCallerStillTakesAPermitForEachKeptAnswer) {
  MustInscribe("bra", v1::PROTOCOL_RANK_MINISTER);
  std::string reader = TokenFor({"reader"});
  services_->access().SetCallRates({{0, 1}, {0.01, 3}});  // three reads, then one per 100 s
  v1::ListSpeakersRequest request;
  request.set_parent(kPlenary);
  v1::ListSpeakersResponse out;
  ASSERT_TRUE(speakers_->ListSpeakers(CallAs(reader).get(), request, &out).ok());
  int64_t transactions = db_->transactions();
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(speakers_->ListSpeakers(CallAs(reader).get(), request, &out).ok()) << i;
  }
  int64_t hits = Hits();
  EXPECT_EQ(speakers_->ListSpeakers(CallAs(reader).get(), request, &out).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(Hits(), hits) << "refused before its answer is looked up";
  if (Keeps()) {
    EXPECT_EQ(db_->transactions(), transactions) << "kept answers and the refusal: no transaction";
  }
}

// A feed token is known to Access once the calendar feed has checked it. Recalling it refuses
// it; no answer is ever kept under a feed token's grants either, so this guards the behaviour,
// not the one check (RecallCaller's) alone.
TEST_F(CachedReadTest, AFeedTokenKnownFromTheCalendarFeedIsStillRefused) {
  std::string feed = TokenFor({std::string("feed=events/") + kEvent});
  // The calendar feed checks it (and so knows it) at the database's version now.
  ASSERT_TRUE(db_->Read([&](storage::Tx& tx) -> absl::Status {
                   return services_->access().AuthenticateForFeed(tx, feed).status();
                 })
                  .ok());
  MustInscribe("bra", v1::PROTOCOL_RANK_MINISTER);
  List();
  List();  // the version is noted: callers known at it may be recalled
  for (int i = 0; i < 2; ++i) {
    v1::ListSpeakersRequest request;
    request.set_parent(kPlenary);
    v1::ListSpeakersResponse out;
    EXPECT_EQ(speakers_->ListSpeakers(CallAs(feed).get(), request, &out).error_code(),
              grpc::StatusCode::UNAUTHENTICATED)
        << i;
  }
}

// Calls ListSpeakers with `bytes` as its body, as a client with its own encoder would.
grpc::Status RawListSpeakers(const std::shared_ptr<grpc::Channel>& channel,
                             std::unique_ptr<grpc::ClientContext> ctx, const std::string& bytes) {
  grpc::GenericStub stub(channel);
  grpc::Slice slice(bytes);
  grpc::ByteBuffer body(&slice, 1);
  grpc::ByteBuffer answer;
  grpc::Status status;
  bool done = false;
  absl::Mutex mu;
  stub.UnaryCall(ctx.get(), "/forum.v1.SpeakerService/ListSpeakers", grpc::StubOptions(), &body,
                 &answer, [&](grpc::Status s) {
                   absl::MutexLock lock(&mu);
                   status = std::move(s);
                   done = true;
                 });
  absl::MutexLock lock(&mu);
  mu.Await(absl::Condition(&done));
  return status;
}

TEST_F(CachedReadTest, AnUnreadableBodyIsInvalidArgumentAndNothingIsKept) {
  grpc::Status status =
      RawListSpeakers(channel_, Call(), std::string("\xff\xff\xff\xff not a message"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_EQ(services_->read_cache().bytes(), 0u);
}

TEST_F(CachedReadTest, FieldsTheServerDoesNotKnowMakeNoKeyOfTheirOwn) {
  MustInscribe("bra", v1::PROTOCOL_RANK_MINISTER);
  v1::ListSpeakersRequest request;
  request.set_parent(kPlenary);
  std::string plain = request.SerializeAsString();
  ASSERT_TRUE(RawListSpeakers(channel_, Call(), plain).ok());
  int64_t hits = Hits();
  size_t bytes = services_->read_cache().bytes();
  // Field 1000, a varint, unknown to forumd: the same request as far as its answer goes.
  std::string padded = plain + std::string("\xc0\x3e\x2a", 3);
  ASSERT_TRUE(RawListSpeakers(channel_, Call(), padded).ok());
  EXPECT_EQ(Hits(), Keeps() ? hits + 1 : 0);
  EXPECT_EQ(services_->read_cache().bytes(), bytes);
}

TEST_F(CachedReadTest, AWrongRequestIsRefusedEveryTimeWithTheSameCode) {
  for (int i = 0; i < 2; ++i) {
    v1::ListSpeakersRequest request;
    request.set_parent("events/gfmd-2027/speakerLists/plenary/extra");
    v1::ListSpeakersResponse out;
    EXPECT_EQ(speakers_->ListSpeakers(Call().get(), request, &out).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
    request.set_parent("events/no-such-event/speakerLists/plenary");
    EXPECT_EQ(speakers_->ListSpeakers(Call().get(), request, &out).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  EXPECT_EQ(services_->read_cache().bytes(), 0u) << "only answers that succeeded are kept";
}

}  // namespace
}  // namespace forum::testing
