// speaker_bench: the speaking order and the distribution of a plenary list of 400 entries over
// 12 meetings (the size: a General Assembly general debate is about 200), beside a
// baseline measured in the same run: sorting the same entries by inscription time alone. The
// target is under 10 ms for ordering and distribution together.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "domain/speaker_distribution.h"
#include "domain/speaker_order.h"

namespace forum::bench {
namespace {

using Clock = std::chrono::steady_clock;

// 400 entries: 30 group statements, 320 Member States spread over the levels (few heads of
// State, many ministers), 10 observers, 40 organizations; 20 manual moves.
std::vector<domain::OrderEntry> MakeList(uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<domain::OrderEntry> entries;
  const v1::ProtocolRank kLevels[] = {v1::PROTOCOL_RANK_HEAD_OF_STATE,
                                      v1::PROTOCOL_RANK_HEAD_OF_GOVERNMENT,
                                      v1::PROTOCOL_RANK_MINISTER,
                                      v1::PROTOCOL_RANK_MINISTER,
                                      v1::PROTOCOL_RANK_MINISTER,
                                      v1::PROTOCOL_RANK_VICE_MINISTER,
                                      v1::PROTOCOL_RANK_PERMANENT_REPRESENTATIVE,
                                      v1::PROTOCOL_RANK_PERMANENT_REPRESENTATIVE};
  for (int i = 0; i < 400; ++i) {
    domain::OrderEntry e;
    e.id = "s" + std::to_string(i);
    e.inscribe_micros = static_cast<int64_t>(rng() % 1'000'000'000);
    if (i < 30) {
      e.kind = v1::STATEMENT_KIND_ON_BEHALF_OF_GROUP;
    } else if (i < 350) {
      e.kind = v1::STATEMENT_KIND_NATIONAL;
    } else if (i < 360) {
      e.kind = v1::STATEMENT_KIND_OBSERVER;
      e.entity_kind = v1::ENTITY_KIND_OBSERVER_STATE;
    } else {
      e.kind = v1::STATEMENT_KIND_ORGANIZATION;
      e.entity_kind = i % 2 ? v1::ENTITY_KIND_UN_ENTITY : v1::ENTITY_KIND_CIVIL_SOCIETY;
    }
    e.level = kLevels[rng() % 8];
    entries.push_back(e);
  }
  for (int m = 0; m < 20; ++m) {
    auto& e = entries[rng() % entries.size()];
    e.after = "s" + std::to_string(rng() % entries.size());
    e.move_seq = m + 1;
  }
  return entries;
}

template <typename F>
double MedianMillis(int runs, F&& f) {
  std::vector<double> ms;
  for (int r = 0; r < runs; ++r) {
    auto start = Clock::now();
    f();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

int Run() {
  auto entries = MakeList(2006);
  // Twelve meetings of three hours; statements of five to seven minutes.
  std::vector<domain::MeetingSlot> meetings;
  for (int m = 1; m <= 12; ++m) meetings.push_back({"meeting-" + std::to_string(m), 3 * 3600});
  size_t checksum = 0;

  double baseline = MedianMillis(51, [&] {
    std::vector<size_t> order(entries.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return entries[a].inscribe_micros < entries[b].inscribe_micros;
    });
    checksum += order.front();
  });
  std::vector<size_t> last;
  double order_ms = MedianMillis(51, [&] {
    last = domain::SpeakingOrder(entries, {v1::PRECEDENCE_POLICY_PROTOCOL, true, 0});
    checksum += last.front();
  });
  double draw_ms = MedianMillis(51, [&] {
    auto o = domain::SpeakingOrder(entries, {v1::PRECEDENCE_POLICY_DRAW_BY_LOT, true, 42});
    checksum += o.front();
  });
  std::vector<domain::SpeakerSlot> slots;
  for (size_t i : last) {
    slots.push_back({entries[i].kind == v1::STATEMENT_KIND_NATIONAL ? 300 : 420, ""});
  }
  domain::Distribution plan;
  double distribute_ms = MedianMillis(51, [&] {
    plan = domain::DistributeSpeakers(slots, meetings);
    checksum += plan.meeting.front();
  });
  int placed = 0;
  for (int m : plan.meeting) placed += m >= 0;

  std::printf("speaker_bench: 400 entries (20 moved by hand), 12 meetings of 3 h; median of 51\n");
  std::printf("%-46s %10s\n", "step", "ms");
  std::printf("%-46s %10.3f\n", "baseline: sort by inscription time only", baseline);
  std::printf("%-46s %10.3f\n", "speaking order, UN protocol, manual moves", order_ms);
  std::printf("%-46s %10.3f\n", "speaking order, draw by lot", draw_ms);
  std::printf("%-46s %10.3f\n", "distribution over 12 meetings", distribute_ms);
  double total = order_ms + distribute_ms;
  std::printf("\norder + distribution: %.3f ms (target < 10 ms: %s); %d of 400 placed\n", total,
              total < 10 ? "met" : "NOT MET", placed);
  std::printf("(checksum %zu)\n", checksum);
  return 0;
}

}  // namespace
}  // namespace forum::bench

int main() { return forum::bench::Run(); }
