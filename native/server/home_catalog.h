// What `edgerec serve` knows of its home: the dataset groups under HOME, their deployed campaigns
// (each a loaded Runtime), named filters and event trackers, as one immutable snapshot that
// requests read without locks and a refresh replaces.
//
// The store is the truth: the CLI (or the control plane) records campaigns, filters and trackers
// in a group's store; refresh() reads them back through the HomeStore / GroupStore interfaces
// (server/store/group_store.h; the catalog keeps nothing but caches of what they hold), loads the solution version of each new or
// changed campaign (outside any lock, so requests go on) and swaps the snapshot in. A campaign
// swap fails no request: a request holds the snapshot, and so the Runtime, it started with, and
// the old Runtime is freed when the last such request ends. Campaigns whose config asks for
// syncWithLatestSolutionVersion are moved to each new version of their group as refresh sees it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "edgerec/runtime.h"
#include "edgerec/status.h"
#include "server/store/group_store.h"

namespace edgerec::server {

/// One dataset group the server serves; every read and write of it goes through its store.
struct ServedGroup {
  std::string name;  ///< HOME/NAME
  std::unique_ptr<GroupStore> store;
};

/// A campaign as deployed: its record, the Runtime serving it, and its edge bundle (made on the
/// first request for it).
struct DeployedCampaign {
  std::string name;
  ServedGroup* group = nullptr;
  CampaignRecord record;
  std::string solution_version_arn;
  std::shared_ptr<Runtime> runtime;

  /// The edge bundle's bytes and strong ETag, made once.
  Result<std::pair<std::shared_ptr<const std::string>, std::string>> edge_bundle() const;

 private:
  mutable std::mutex edge_mutex_;
  mutable std::shared_ptr<const std::string> edge_bytes_;
  mutable std::string edge_etag_;
};

struct NamedFilter {
  ServedGroup* group = nullptr;
  std::string expression;
};

struct TrackerEntry {
  ServedGroup* group = nullptr;
  EventTrackerRecord record;
};

/// What requests read: immutable once published.
struct HomeSnapshot {
  std::map<std::string, std::shared_ptr<const DeployedCampaign>> campaigns;  ///< by name
  std::map<std::string, NamedFilter> filters;                               ///< by name
  std::map<std::string, TrackerEntry> trackers;                             ///< by trackingId
  std::map<std::string, TrackerEntry> client_keys;                          ///< by client key
  std::map<std::string, ServedGroup*> groups;                               ///< by name
  std::vector<std::string> problems;  ///< campaigns that could not be deployed, and why
};

class HomeCatalog {
 public:
  /// Opens HOME (a directory of dataset groups) and deploys what it records.
  static Result<std::unique_ptr<HomeCatalog>> open(const std::string& home);
  /// The same for any store behind the interface.
  static Result<std::unique_ptr<HomeCatalog>> open(std::unique_ptr<HomeStore> store);
  ~HomeCatalog();

  const HomeIdentity& identity() const { return identity_; }

  /// The current snapshot; hold it for the whole request.
  std::shared_ptr<const HomeSnapshot> snapshot() const;

  /// Reads every group's store again and swaps in what changed (new groups, campaigns created,
  /// updated or deleted, new versions for synced campaigns, filters, trackers). Serialised: one
  /// refresh at a time.
  Status refresh();

  /// For a request that names something the snapshot lacks (created a moment ago by the CLI):
  /// makes sure a refresh that started after `arrived` (the request's arrival) has completed.
  /// Misses that arrive together share one refresh.
  void refresh_since(std::chrono::steady_clock::time_point arrived);

  /// Gives `bodies` (PutEvents JSON, stored already) to the live sessions of every campaign of
  /// `group` in the current snapshot. A swap waits for deliveries in progress and moves the old
  /// model's sessions to the new one (Runtime::adopt_sessions), so no event misses the campaign
  /// that serves next.
  void deliver_live_events(const ServedGroup* group, const std::vector<std::string>& bodies);

  /// Counts for /metrics.
  uint64_t swaps() const { return swaps_.load(); }

  /// Stops every group's writes (after those already accepted).
  void stop_writers();

 private:
  HomeCatalog() = default;
  Result<ServedGroup*> group(const std::string& name);
  Status refresh_locked();

  std::unique_ptr<HomeStore> store_;
  HomeIdentity identity_;
  std::mutex refresh_mutex_;
  std::shared_mutex live_mutex_;  // shared: deliveries; exclusive: a swap's adopt + publish
  std::map<std::string, std::unique_ptr<ServedGroup>> groups_;  // guarded by refresh_mutex_
  std::shared_ptr<const HomeSnapshot> snapshot_;                // atomic_load / atomic_store
  std::chrono::steady_clock::time_point last_refresh_started_;  // guarded by refresh_mutex_
  std::atomic<uint64_t> swaps_{0};
};

}  // namespace edgerec::server
