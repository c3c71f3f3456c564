#include "domain/dates.h"
#include "gtest/gtest.h"
#include "storage/sql/delegation_store.h"
#include "storage/sql/entity_store.h"
#include "storage/sql/event_store.h"
#include "storage/sql/request_log.h"
#include "tests/storage/store_fixture.h"

namespace forum::storage::sql {
namespace {

class StoresTest : public StoreTest {};

TEST_F(StoresTest, EntitiesFilterAndPage) {
  InTx([](Connection& c) {
    EntityStore store(c);
    auto ssd = store.Get("ssd");
    ASSERT_TRUE(ssd.ok());
    EXPECT_EQ(ssd->display_name(), "South Sudan");
    EXPECT_EQ(ssd->admission_date(), "2011-07-14");
    EXPECT_EQ(ssd->regional_group(), v1::REGIONAL_GROUP_AFRICAN);
    EXPECT_EQ(store.Get("xxx").status().code(), absl::StatusCode::kNotFound);

    EntityStore::Query q;
    q.kind = v1::ENTITY_KIND_MEMBER_STATE;
    q.regional_group = v1::REGIONAL_GROUP_WESTERN_EUROPEAN_OTHERS;
    q.limit = 1000;
    auto weog = store.List(q);
    EXPECT_EQ(weog.size(), 29u);
    q.limit = 10;
    q.after_code = "bel";
    auto page = store.List(q);
    ASSERT_FALSE(page.empty());
    EXPECT_GT(page.front().name(), "entities/bel");
  });
}

TEST_F(StoresTest, EventRoundTripsWithItsLists) {
  InTx([](Connection& c) {
    EventStore store(c);
    v1::Event e;
    e.set_title("Round trip");
    e.set_kind(v1::EVENT_KIND_CONSULTATION);
    e.set_venue("Geneva");
    e.set_time_zone("Europe/Zurich");
    e.set_start_date("2027-01-10");
    e.set_end_date("2027-01-11");
    e.set_state(v1::EVENT_STATE_PLANNED);
    e.add_organizers("Switzerland");
    e.add_organizers("IOM");
    e.add_follows_up("events/gfmd-2009");
    auto* doc = e.add_outcome_documents();
    doc->set_title("Conclusions");
    doc->set_symbol("A/82/1");
    auto* fig = e.add_participation();
    fig->set_category("Countries");
    fig->set_count(150);
    store.Insert("rt-2027", e, 1000000);
    auto got = store.Get("rt-2027");
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->name(), "events/rt-2027");
    EXPECT_EQ(got->organizers_size(), 2);
    EXPECT_EQ(got->organizers(1), "IOM");
    EXPECT_EQ(got->follows_up(0), "events/gfmd-2009");
    EXPECT_EQ(got->outcome_documents(0).symbol(), "A/82/1");
    EXPECT_EQ(got->participation(0).count(), 150);
    EXPECT_EQ(got->etag(), "W/\"1\"");
    EXPECT_EQ(got->create_time().seconds(), 1);

    e.clear_organizers();
    e.set_title("Renamed");
    store.Update("rt-2027", e, 2000000);
    got = store.Get("rt-2027");
    EXPECT_EQ(got->title(), "Renamed");
    EXPECT_EQ(got->organizers_size(), 0);
    EXPECT_EQ(got->etag(), "W/\"2\"");
  });
}

TEST_F(StoresTest, ListsEventsByStartDateWithFilters) {
  InTx([](Connection& c) {
    EventStore store(c);
    EventStore::Query q;
    q.limit = 100;
    auto all = store.List(q);
    ASSERT_EQ(all.size(), 16u);
    EXPECT_EQ(all.front().name(), "events/prep-2006-cotonou");
    EXPECT_EQ(all.back().name(), "events/gfmd-2009");
    q.kind = v1::EVENT_KIND_GLOBAL_FORUM;
    EXPECT_EQ(store.List(q).size(), 3u);
    q.kind = 0;
    q.after = EventStore::Cursor(all[11]);
    auto rest = store.List(q);
    ASSERT_EQ(rest.size(), 4u);
    EXPECT_EQ(rest.front().name(), all[12].name());
  });
}

TEST_F(StoresTest, FindsMeetingsOverlappingInARoom) {
  InTx([](Connection& c) {
    EventStore store(c);
    auto first = store.GetSession("hld-2006", "meeting-1");
    ASSERT_TRUE(first.ok());
    int64_t start = domain::ToMicros(first->start_time());
    int64_t end = domain::ToMicros(first->end_time());
    EXPECT_EQ(store.SessionsInRoomOverlapping("hld-2006", "ga-hall", start, end, "").size(), 1u);
    EXPECT_TRUE(
        store.SessionsInRoomOverlapping("hld-2006", "ga-hall", start, end, "meeting-1").empty());
    // Meeting 2 starts two hours after meeting 1 ends.
    EXPECT_TRUE(store.SessionsInRoomOverlapping("hld-2006", "ga-hall", end, end + 3600000000LL, "")
                    .empty());
    EXPECT_EQ(store.SessionWithNumber("hld-2006", 3), "meeting-3");
    EXPECT_EQ(store.ThemeWithNumber("hld-2006", 4), "remittances");
    EXPECT_EQ(store.ListThemes("hld-2006", 15, 10).size(), 6u);
  });
}

TEST_F(StoresTest, DelegationsAndMembers) {
  InTx([](Connection& c) {
    DelegationStore store(c);
    v1::Delegation d;
    d.set_state(v1::DELEGATION_STATE_PENDING);
    d.mutable_head()->set_full_name("Régine De Clercq");
    d.mutable_head()->set_rank(v1::PROTOCOL_RANK_PERMANENT_REPRESENTATIVE);
    store.Insert("gfmd-2007", "bel", d, 5);
    d.set_state(v1::DELEGATION_STATE_ACCREDITED);
    store.Insert("gfmd-2007", "sen", d, 6);
    auto bel = store.Get("gfmd-2007", "bel");
    ASSERT_TRUE(bel.ok());
    EXPECT_EQ(bel->display_name(), "Belgium");
    EXPECT_EQ(bel->head().full_name(), "Régine De Clercq");
    EXPECT_EQ(bel->regional_group(), v1::REGIONAL_GROUP_WESTERN_EUROPEAN_OTHERS);

    DelegationStore::Query q;
    q.limit = 10;
    EXPECT_EQ(store.Count("gfmd-2007", q), 2);
    q.regional_group = v1::REGIONAL_GROUP_AFRICAN;
    auto african = store.List("gfmd-2007", q);
    ASSERT_EQ(african.size(), 1u);
    EXPECT_EQ(african[0].name(), "events/gfmd-2007/delegations/sen");
    q.regional_group = 0;
    q.state = v1::DELEGATION_STATE_PENDING;
    EXPECT_EQ(store.Count("gfmd-2007", q), 1);

    v1::DelegationMember m;
    m.mutable_person()->set_full_name("Adviser One");
    EXPECT_EQ(store.AddMember("gfmd-2007", "bel", m), 1);
    EXPECT_EQ(store.AddMember("gfmd-2007", "bel", m), 2);
    store.RemoveMember("gfmd-2007", "bel", 1);
    // Numbers are never reused, even after a removal.
    EXPECT_EQ(store.AddMember("gfmd-2007", "bel", m), 3);
    auto members = store.ListMembers("gfmd-2007", "bel", 0, 10);
    ASSERT_EQ(members.size(), 2u);
    EXPECT_EQ(members[0].name(), "events/gfmd-2007/delegations/bel/members/2");
    EXPECT_EQ(store.Get("gfmd-2007", "bel")->member_count(), 2);
  });
}

TEST_F(StoresTest, RequestLogKeepsTheFirstAnswer) {
  InTx([](Connection& c) {
    RequestLog log(c);
    int64_t now = int64_t{1} << 50;
    EXPECT_FALSE(log.Find("tokens/a", "r1", now).has_value());
    std::string binary("\0\1\2answer", 9);
    log.Record("tokens/a", "r1", {"CreateEvent", "123", binary}, now);
    auto found = log.Find("tokens/a", "r1", now);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->method, "CreateEvent");
    EXPECT_EQ(found->response, binary);
    // Another caller's id of the same spelling is not this one.
    EXPECT_FALSE(log.Find("tokens/b", "r1", now).has_value());
    log.Record("tokens/b", "r1", {"CreateRoom", "456", "x"}, now);
    EXPECT_EQ(log.Find("tokens/b", "r1", now)->method, "CreateRoom");
    EXPECT_EQ(log.Find("tokens/a", "r1", now)->method, "CreateEvent");
  });
}

TEST_F(StoresTest, RequestLogForgetsIdsAfterAWeek) {
  InTx([](Connection& c) {
    RequestLog log(c);
    int64_t start = int64_t{1} << 50;
    for (int i = 0; i < 5; ++i) {
      log.Record("tokens/a", "old-" + std::to_string(i), {"CreateEvent", "1", "x"}, start);
    }
    // Each new entry takes a few expired ones with it.
    log.Record("tokens/a", "new", {"CreateEvent", "2", "y"},
               start + RequestLog::kRetentionMicros + 1);
    int64_t later = start + RequestLog::kRetentionMicros + 1;
    for (int i = 0; i < 5; ++i) {
      EXPECT_FALSE(log.Find("tokens/a", "old-" + std::to_string(i), later).has_value()) << i;
    }
    EXPECT_TRUE(log.Find("tokens/a", "new", later).has_value());
    // An id past its week is not found even before it is pruned, and may be used again.
    log.Record("tokens/a", "kept", {"CreateEvent", "3", "z"}, start);
    EXPECT_TRUE(log.Find("tokens/a", "kept", start + 1).has_value());
    EXPECT_FALSE(log.Find("tokens/a", "kept", later).has_value());
    log.Record("tokens/a", "kept", {"CreateRoom", "4", "w"}, later);
    EXPECT_EQ(log.Find("tokens/a", "kept", later)->method, "CreateRoom");
  });
}

}  // namespace
}  // namespace forum::storage::sql
