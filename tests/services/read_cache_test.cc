// Answers of repeated reads kept while nothing changes (services/read_cache.h): served again
// only while the database is as it was, per caller's grants, never past a revoked token; and
// on PostgreSQL, where other servers commit too, never kept at all.
#include "services/read_cache.h"

#include <memory>
#include <string>

#include "grpcpp/generic/generic_stub.h"
#include "tests/services/speaker_fixture.h"

namespace forum::testing {
namespace {

using services::ReadCache;
using services::ReadStamp;

std::shared_ptr<const std::string> Bytes(const std::string& s) {
  return std::make_shared<const std::string>(s);
}

TEST(ReadCacheTest, AnAnswerIsFoundOnlyAtTheStampItWasReadAt) {
  ReadCache cache(1 << 20);
  cache.Put("k", {3, 10}, Bytes("answer"));
  ASSERT_NE(cache.Find("k", {3, 10}), nullptr);
  EXPECT_EQ(*cache.Find("k", {3, 10}), "answer");
  EXPECT_EQ(cache.Find("k", {4, 10}), nullptr) << "a commit of forumd's since";
  EXPECT_EQ(cache.Find("k", {3, 11}), nullptr) << "a change by another process since";
  EXPECT_EQ(cache.Find("other", {3, 10}), nullptr);
}

TEST(ReadCacheTest, AnOlderReadIsNotKeptAndANewerOneEmptiesTheCache) {
  ReadCache cache(1 << 20);
  cache.Put("a", {5, 5}, Bytes("new"));
  cache.Put("b", {4, 5}, Bytes("read before the last commit"));
  EXPECT_EQ(cache.Find("b", {4, 5}), nullptr);
  EXPECT_EQ(cache.Find("b", {5, 5}), nullptr);
  cache.Put("c", {6, 5}, Bytes("newer"));
  EXPECT_EQ(cache.Find("a", {5, 5}), nullptr);
  EXPECT_EQ(cache.Find("a", {6, 5}), nullptr) << "kept at an older state, gone with it";
  EXPECT_NE(cache.Find("c", {6, 5}), nullptr);
}

TEST(ReadCacheTest, ItsBytesStayWithinTheBound) {
  ReadCache cache(1000);
  for (int i = 0; i < 100; ++i) {
    cache.Put("key" + std::to_string(i), {1, 1}, Bytes(std::string(90, 'x')));
    EXPECT_LE(cache.bytes(), 1000u);
  }
  cache.Put("huge", {1, 1}, Bytes(std::string(2000, 'x')));
  EXPECT_EQ(cache.Find("huge", {1, 1}), nullptr);
  ReadCache off(0);
  off.Put("k", {1, 1}, Bytes("x"));
  EXPECT_EQ(off.Find("k", {1, 1}), nullptr);
  EXPECT_FALSE(off.enabled());
}

class CachedReadTest : public SpeakerServiceTest {
 protected:
  bool Keeps() { return db_->commit_generation() >= 0; }
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

TEST_F(CachedReadTest, AChangeMadeByAnotherProcessIsSeenOnTheNextRead) {
  MustInscribe("bra", v1::PROTOCOL_RANK_MINISTER);
  List();
  List();
  // As an edit by hand would, outside forumd: the change log's trigger records it.
  ExecSql("UPDATE speakers SET speaker_name = 'Edited by hand' WHERE entity_code = 'bra'");
  EXPECT_EQ(List().speakers(0).speaker_name(), "Edited by hand");
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

TEST_F(CachedReadTest, ARevokedTokenIsRefusedThoughItsAnswerWasKept) {
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
  v1::RevokeTokenRequest revoke;
  revoke.set_name(name);
  v1::Token revoked;
  ASSERT_TRUE(access_->RevokeToken(Call().get(), revoke, &revoked).ok());
  v1::ListSpeakersRequest request;
  request.set_parent(kPlenary);
  v1::ListSpeakersResponse out;
  EXPECT_EQ(speakers_->ListSpeakers(CallAs(reader).get(), request, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(out.speakers_size(), 0);
}

TEST_F(CachedReadTest, AnUnreadableBodyIsInvalidArgumentAndNothingIsKept) {
  grpc::GenericStub stub(channel_);
  grpc::Slice garbage(std::string("\xff\xff\xff\xff not a message"));
  grpc::ByteBuffer body(&garbage, 1);
  grpc::ByteBuffer answer;
  grpc::Status status;
  bool done = false;
  absl::Mutex mu;
  auto ctx = Call();
  stub.UnaryCall(ctx.get(), "/forum.v1.SpeakerService/ListSpeakers", grpc::StubOptions(), &body,
                 &answer, [&](grpc::Status s) {
                   absl::MutexLock lock(&mu);
                   status = std::move(s);
                   done = true;
                 });
  absl::MutexLock lock(&mu);
  mu.Await(absl::Condition(&done));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_EQ(services_->read_cache().bytes(), 0u);
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
