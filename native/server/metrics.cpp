// Prometheus text output of the server's measurements (see metrics.h).
#include "server/metrics.h"

#include <ctime>

#include "edgerec/json.h"

namespace edgerec::server {

Metrics::Metrics(const std::vector<std::string>& routes) : live_(std::time(nullptr)) {
  std::vector<std::string> names = routes;
  names.push_back("other");
  for (const std::string& n : names) {
    auto r = std::make_unique<Route>();
    r->name = n;
    by_name_[n] = r.get();
    routes_.push_back(std::move(r));
  }
}

Metrics::Route* Metrics::route(const std::string& name) const {
  const auto it = by_name_.find(name);
  return it == by_name_.end() ? by_name_.at("other") : it->second;
}

void Metrics::observe(const std::string& name, int http_status, double seconds) {
  Route* r = route(name);
  const int cls = http_status >= 100 && http_status < 600 ? http_status / 100 - 1 : 4;
  r->by_class[static_cast<size_t>(cls)].fetch_add(1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  r->buckets[b].fetch_add(1, std::memory_order_relaxed);
  r->micros_total.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void Metrics::add(const std::string& counter, uint64_t amount) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& slot = counters_[counter];
  if (!slot) slot = std::make_unique<std::atomic<uint64_t>>(0);
  slot->fetch_add(amount, std::memory_order_relaxed);
}

void Metrics::gauge(const std::string& name, const std::string& help, std::function<double()> read) {
  std::lock_guard<std::mutex> lock(mutex_);
  gauges_[name] = {help, std::move(read)};
}

std::string Metrics::prometheus_text() const {
  std::string out;
  out += "# HELP edgerec_http_requests_total Requests answered, by route and status class.\n";
  out += "# TYPE edgerec_http_requests_total counter\n";
  static const char* kClasses[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
  for (const auto& r : routes_) {
    for (size_t c = 0; c < 5; ++c) {
      const uint64_t n = r->by_class[c].load(std::memory_order_relaxed);
      if (n == 0 && c != 1) continue;
      out += "edgerec_http_requests_total{route=\"" + r->name + "\",code=\"" + kClasses[c] + "\"} " +
             std::to_string(n) + "\n";
    }
  }
  out += "# HELP edgerec_http_request_duration_seconds Time from a request's arrival to its answer.\n";
  out += "# TYPE edgerec_http_request_duration_seconds histogram\n";
  for (const auto& r : routes_) {
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += r->buckets[b].load(std::memory_order_relaxed);
      const std::string le = b < kBuckets.size() ? shortest_number_text(kBuckets[b]) : "+Inf";
      out += "edgerec_http_request_duration_seconds_bucket{route=\"" + r->name + "\",le=\"" + le + "\"} " +
             std::to_string(cumulative) + "\n";
    }
    out += "edgerec_http_request_duration_seconds_sum{route=\"" + r->name + "\"} " +
           shortest_number_text(static_cast<double>(r->micros_total.load(std::memory_order_relaxed)) / 1e6) + "\n";
    out += "edgerec_http_request_duration_seconds_count{route=\"" + r->name + "\"} " + std::to_string(cumulative) + "\n";
  }
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [name, value] : counters_) {
    out += "# TYPE edgerec_" + name + "_total counter\n";
    out += "edgerec_" + name + "_total " + std::to_string(value->load(std::memory_order_relaxed)) + "\n";
  }
  for (const auto& [name, g] : gauges_) {
    out += "# HELP edgerec_" + name + " " + g.help + "\n# TYPE edgerec_" + name + " gauge\n";
    out += "edgerec_" + name + " " + shortest_number_text(g.read()) + "\n";
  }
  return out;
}

}  // namespace edgerec::server
