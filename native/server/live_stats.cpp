// The console's live numbers (see live_stats.h).
#include "server/live_stats.h"

#include <cmath>

#include "edgerec/json.h"

namespace edgerec::server {
namespace {

constexpr double kFirstBucketSeconds = 1e-5;
constexpr double kBucketGrowth = 1.25;

int latency_bucket(double seconds, int buckets) {
  if (!(seconds > kFirstBucketSeconds)) return 0;
  const int b = static_cast<int>(std::ceil(std::log(seconds / kFirstBucketSeconds) / std::log(kBucketGrowth)));
  return b < buckets ? b : buckets - 1;
}

double bucket_upper_seconds(int bucket) { return kFirstBucketSeconds * std::pow(kBucketGrowth, bucket); }

}  // namespace

void LiveStats::MinuteRing::add(int64_t minute, uint64_t n) {
  const size_t slot = static_cast<size_t>(minute % kMinutes);
  if (stamp[slot] != minute) {
    stamp[slot] = minute;
    count[slot] = 0;
  }
  count[slot] += n;
}

uint64_t LiveStats::MinuteRing::at(int64_t minute) const {
  const size_t slot = static_cast<size_t>(minute % kMinutes);
  return stamp[slot] == minute ? count[slot] : 0;
}

void LiveStats::campaign_request(const std::string& campaign, int http_status, double seconds, int64_t now) {
  std::lock_guard<std::mutex> lock(mutex_);
  CampaignCounters& c = campaigns_[campaign];
  ++c.requests;
  if (http_status >= 400) ++c.errors;
  c.seconds_total += seconds;
  ++c.latency[static_cast<size_t>(latency_bucket(seconds, kLatencyBuckets))];
  c.per_minute.add(now / 60, 1);
}

void LiveStats::tracker_events(const std::string& tracking_id, uint64_t count, int64_t now) {
  if (count == 0) return;
  std::lock_guard<std::mutex> lock(mutex_);
  TrackerCounters& t = trackers_[tracking_id];
  t.events += count;
  t.per_minute.add(now / 60, count);
}

double LiveStats::latency_percentile_ms(const CampaignCounters& c, double fraction) {
  if (c.requests == 0) return 0;
  const double wanted = fraction * static_cast<double>(c.requests);
  uint64_t seen = 0;
  for (int b = 0; b < kLatencyBuckets; ++b) {
    seen += c.latency[static_cast<size_t>(b)];
    if (static_cast<double>(seen) >= wanted) return bucket_upper_seconds(b) * 1e3;
  }
  return bucket_upper_seconds(kLatencyBuckets - 1) * 1e3;
}

std::string LiveStats::json(int64_t now) const {
  const int64_t last_minute = now / 60;
  const auto write_minutes = [&](JsonWriter& w, const MinuteRing& ring, const char* what) {
    w.key("perMinute");
    w.begin_array();
    for (int64_t m = last_minute - kMinutes + 1; m <= last_minute; ++m) {
      w.begin_object();
      w.key("start");
      w.integer(m * 60);
      w.key(what);
      w.integer(static_cast<int64_t>(ring.at(m)));
      w.end_object();
    }
    w.end_array();
  };
  const auto rounded = [](double ms) { return std::round(ms * 1000) / 1000; };
  std::lock_guard<std::mutex> lock(mutex_);
  JsonWriter w;
  w.begin_object();
  w.key("startedAt");
  w.integer(started_at_);
  w.key("campaigns");
  w.begin_array();
  for (const auto& [name, c] : campaigns_) {
    w.begin_object();
    w.key("name");
    w.string(name);
    w.key("requests");
    w.integer(static_cast<int64_t>(c.requests));
    w.key("errors");
    w.integer(static_cast<int64_t>(c.errors));
    w.key("meanLatencyMs");
    w.number(rounded(c.requests == 0 ? 0 : c.seconds_total * 1e3 / static_cast<double>(c.requests)));
    w.key("p50LatencyMs");
    w.number(rounded(latency_percentile_ms(c, 0.5)));
    w.key("p95LatencyMs");
    w.number(rounded(latency_percentile_ms(c, 0.95)));
    write_minutes(w, c.per_minute, "requests");
    w.end_object();
  }
  w.end_array();
  w.key("eventTrackers");
  w.begin_array();
  for (const auto& [tracking_id, t] : trackers_) {
    w.begin_object();
    w.key("trackingId");
    w.string(tracking_id);
    w.key("events");
    w.integer(static_cast<int64_t>(t.events));
    write_minutes(w, t.per_minute, "events");
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

}  // namespace edgerec::server
