// The server's own measurements, in Prometheus' text format (GET /metrics): requests and errors
// per route and status class, a latency histogram per route, and counters the handlers add
// (events stored, campaign swaps). Lock-free on the request path: a route's counters are atomics
// in a table fixed when the server starts.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/live_stats.h"

namespace edgerec::server {

class Metrics {
 public:
  /// Upper bounds of the latency buckets, in seconds (the last bucket is +Inf).
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  /// The routes requests are counted under, fixed for the server's life ("other" is added).
  explicit Metrics(const std::vector<std::string>& routes);

  /// One answered request.
  void observe(const std::string& route, int http_status, double seconds);
  /// A named counter (edgerec_<name>_total), created on first use.
  void add(const std::string& counter, uint64_t amount = 1);
  /// A gauge read when /metrics is asked (edgerec_<name>).
  void gauge(const std::string& name, const std::string& help, std::function<double()> read);

  std::string prometheus_text() const;

  /// The console's per-campaign and per-tracker numbers (live_stats.h).
  LiveStats& live() { return live_; }

 private:
  struct Route {
    std::string name;
    std::array<std::atomic<uint64_t>, 5> by_class{};  // 1xx..5xx
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<uint64_t> micros_total{0};
  };
  Route* route(const std::string& name) const;

  std::vector<std::unique_ptr<Route>> routes_;
  std::map<std::string, Route*> by_name_;
  mutable std::mutex mutex_;  // guards counters_ and gauges_ (not on the hot path)
  std::map<std::string, std::unique_ptr<std::atomic<uint64_t>>> counters_;
  struct Gauge {
    std::string help;
    std::function<double()> read;
  };
  std::map<std::string, Gauge> gauges_;
  LiveStats live_;
};

}  // namespace edgerec::server
