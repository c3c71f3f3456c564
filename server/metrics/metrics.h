// forumd's metrics in Prometheus's text format (prometheus-cpp), for `/metrics` on the HTTP
// port. Calls are counted as they end (by method and code) with their latency; everything else
// (transactions, the writer's queue and batches, rate-limit refusals, database and WAL sizes,
// connections, streams, watchers) is read from its owner at each scrape, so that serving pays
// nothing for it.
#ifndef FORUM_SERVER_METRICS_METRICS_H_
#define FORUM_SERVER_METRICS_METRICS_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/metric_family.h"
#include "prometheus/registry.h"
#include "services/call_logger.h"

namespace forum::server::metrics {

// One value read at a scrape.
struct Reading {
  std::string name;
  std::string help;
  bool counter = false;  // a counter (only grows) or a gauge
  std::vector<std::pair<std::string, std::string>> labels;
  double value = 0;
};

// A histogram read at a scrape: counts per bucket (not cumulative), the last above every bound.
struct HistogramReading {
  std::string name;
  std::string help;
  std::vector<double> upper_bounds;
  std::vector<int64_t> counts;  // upper_bounds.size() + 1
  double sum = 0;
};

struct ScrapeSources {
  std::function<std::vector<Reading>()> readings;
  std::function<std::vector<HistogramReading>()> histograms;
};

class Metrics final : public services::CallObserver {
 public:
  Metrics();

  void OnCall(absl::string_view method, grpc::StatusCode code, double seconds) override;

  // Set before serving.
  void SetSources(ScrapeSources sources) { sources_ = std::move(sources); }

  // The exposition text of every metric now.
  std::string Scrape() const;

 private:
  struct MethodMetrics {
    prometheus::Histogram* latency;
    std::vector<prometheus::Counter*> by_code;  // indexed by code, made on first use
  };
  MethodMetrics& For(const std::string& key) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& calls_;
  prometheus::Family<prometheus::Histogram>& latency_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, MethodMetrics> methods_ ABSL_GUARDED_BY(mu_);
  ScrapeSources sources_;
};

// Families of scrape-time readings, in exposition order.
std::vector<prometheus::MetricFamily> ToFamilies(const std::vector<Reading>& readings,
                                                 const std::vector<HistogramReading>& histograms);

}  // namespace forum::server::metrics

#endif  // FORUM_SERVER_METRICS_METRICS_H_
