#include "server/metrics/metrics.h"

#include <limits>
#include <map>

#include "absl/strings/match.h"
#include "prometheus/text_serializer.h"
#include "services/call_logger.h"

namespace forum::server::metrics {
namespace {

// Seconds: a read takes about a millisecond, a durable write a few, an export up to seconds.
const prometheus::Histogram::BucketBoundaries kLatencyBounds = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

constexpr int kCodes = 17;

}  // namespace

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      calls_(prometheus::BuildCounter()
                 .Name("forum_rpc_calls_total")
                 .Help("Calls answered, by method and status code (gRPC and HTTP alike)")
                 .Register(*registry_)),
      latency_(prometheus::BuildHistogram()
                   .Name("forum_rpc_duration_seconds")
                   .Help("Time from a call's arrival to its answer, by method")
                   .Register(*registry_)) {}

Metrics::MethodMetrics& Metrics::For(const std::string& key) {
  auto it = methods_.find(key);
  if (it != methods_.end()) return it->second;
  MethodMetrics made{&latency_.Add({{"method", key}}, kLatencyBounds),
                     std::vector<prometheus::Counter*>(kCodes, nullptr)};
  return methods_.emplace(key, std::move(made)).first->second;
}

void Metrics::OnCall(absl::string_view method, grpc::StatusCode code, double seconds) {
  int index = static_cast<int>(code);
  if (index < 0 || index >= kCodes) index = static_cast<int>(grpc::StatusCode::UNKNOWN);
  // Only the API's own methods get series of their own, so no client can grow the label set.
  std::string key = absl::StartsWith(method, "/forum.v1.") || absl::StartsWith(method, "/grpc.")
                        ? std::string(method)
                        : "other";
  prometheus::Histogram* latency;
  prometheus::Counter* counter;
  {
    absl::MutexLock lock(&mu_);
    MethodMetrics& m = For(key);
    if (m.by_code[index] == nullptr) {
      m.by_code[index] = &calls_.Add(
          {{"method", key}, {"code", services::CodeName(static_cast<grpc::StatusCode>(index))}});
    }
    latency = m.latency;
    counter = m.by_code[index];
  }
  latency->Observe(seconds);
  counter->Increment();
}

std::vector<prometheus::MetricFamily> ToFamilies(const std::vector<Reading>& readings,
                                                 const std::vector<HistogramReading>& histograms) {
  std::vector<prometheus::MetricFamily> families;
  std::map<std::string, size_t> index;
  for (const Reading& r : readings) {
    auto [it, added] = index.emplace(r.name, families.size());
    if (added) {
      prometheus::MetricFamily family;
      family.name = r.name;
      family.help = r.help;
      family.type = r.counter ? prometheus::MetricType::Counter : prometheus::MetricType::Gauge;
      families.push_back(std::move(family));
    }
    prometheus::ClientMetric metric;
    for (const auto& [name, value] : r.labels) metric.label.push_back({name, value});
    if (r.counter) {
      metric.counter.value = r.value;
    } else {
      metric.gauge.value = r.value;
    }
    families[it->second].metric.push_back(std::move(metric));
  }
  for (const HistogramReading& h : histograms) {
    prometheus::MetricFamily family;
    family.name = h.name;
    family.help = h.help;
    family.type = prometheus::MetricType::Histogram;
    prometheus::ClientMetric metric;
    uint64_t cumulative = 0;
    for (size_t i = 0; i < h.counts.size(); ++i) {
      cumulative += static_cast<uint64_t>(h.counts[i]);
      double bound =
          i < h.upper_bounds.size() ? h.upper_bounds[i] : std::numeric_limits<double>::infinity();
      metric.histogram.bucket.push_back({cumulative, bound});
    }
    metric.histogram.sample_count = cumulative;
    metric.histogram.sample_sum = h.sum;
    family.metric.push_back(std::move(metric));
    families.push_back(std::move(family));
  }
  return families;
}

std::string Metrics::Scrape() const {
  std::vector<prometheus::MetricFamily> families = registry_->Collect();
  auto more =
      ToFamilies(sources_.readings ? sources_.readings() : std::vector<Reading>(),
                 sources_.histograms ? sources_.histograms() : std::vector<HistogramReading>());
  families.insert(families.end(), std::make_move_iterator(more.begin()),
                  std::make_move_iterator(more.end()));
  return prometheus::TextSerializer().Serialize(families);
}

}  // namespace forum::server::metrics
