// What the console shows live about this server (Edgerec.GetServerStats): per campaign, the
// Runtime requests answered, errors and latency, and per event tracker, the events it stored, each
// with counts per minute for the last hour. Kept in memory since the server started, as
// Personalize's console shows CloudWatch's recent numbers; /metrics has the long-term counters.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace edgerec::server {

class LiveStats {
 public:
  static constexpr int kMinutes = 60;  ///< the per-minute window

  explicit LiveStats(int64_t started_at) : started_at_(started_at) {}

  /// One Runtime request to `campaign`, answered with `http_status` after `seconds`, at `now`.
  void campaign_request(const std::string& campaign, int http_status, double seconds, int64_t now);
  /// `count` events stored for the tracker `tracking_id` at `now`.
  void tracker_events(const std::string& tracking_id, uint64_t count, int64_t now);

  /// {"startedAt":..,"campaigns":[{"name","requests","errors","meanLatencyMs","p50LatencyMs",
  /// "p95LatencyMs","perMinute":[{"start","requests"}]}],"eventTrackers":[{"trackingId","events",
  /// "perMinute":[{"start","events"}]}]}, per-minute entries for the kMinutes minutes up to `now`.
  std::string json(int64_t now) const;

 private:
  // Counts per minute in a ring: slot m % kMinutes holds minute m while stamp says it is m.
  struct MinuteRing {
    std::array<int64_t, kMinutes> stamp{};
    std::array<uint64_t, kMinutes> count{};
    void add(int64_t minute, uint64_t n);
    uint64_t at(int64_t minute) const;
  };
  // Latency in log-spaced buckets from 10 us (x1.25 each) for percentiles within 12%.
  static constexpr int kLatencyBuckets = 64;
  struct CampaignCounters {
    uint64_t requests = 0;
    uint64_t errors = 0;
    double seconds_total = 0;
    std::array<uint64_t, kLatencyBuckets> latency{};
    MinuteRing per_minute;
  };
  struct TrackerCounters {
    uint64_t events = 0;
    MinuteRing per_minute;
  };
  static double latency_percentile_ms(const CampaignCounters& c, double fraction);

  int64_t started_at_;
  mutable std::mutex mutex_;
  std::map<std::string, CampaignCounters> campaigns_;
  std::map<std::string, TrackerCounters> trackers_;
};

}  // namespace edgerec::server
