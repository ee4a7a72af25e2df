// What `edgerec serve` needs of the stores behind it, as two interfaces, so the server keeps no
// state of its own beyond caches: HomeStore (which dataset groups there are, and the home's
// identity) and GroupStore (one group's campaigns, filters, trackers and solution versions to
// read; events and records to write). SqliteHomeStore / SqliteGroupStore are today's: a directory
// of group directories, each its own SQLite store. A shared database (several replicas serving one
// home) is another implementation of the same two interfaces; nothing above them changes.
//
// Every write is asynchronous and acknowledged only once it is durable: `done` is called after
// the store committed it (or with why it did not), so a request is answered only then.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "edgerec/status.h"
#include "events/batch_ingest.h"
#include "edgerec/event_validation.h"
#include "schema/dataset_schema.h"
#include "store/arns.h"
#include "store/campaigns.h"
#include "store/event_trackers.h"
#include "store/filters.h"

namespace edgerec::server {

/// What a group records for serving, read together.
struct GroupDeployment {
  std::vector<CampaignRecord> campaigns;
  std::vector<FilterRecord> filters;
  std::vector<EventTrackerRecord> trackers;
  /// For each campaign, the newest ACTIVE version of the solution it serves (what
  /// syncWithLatestSolutionVersion moves it to), where it has one.
  std::map<std::string, std::string> latest_version_of_campaign;
};

/// A solution version's bytes, with where they came from (for messages) and its ARN.
struct SolutionVersionBytes {
  std::vector<uint8_t> bytes;
  std::string source;
  std::string arn;
};

class GroupStore {
 public:
  using Done = std::function<void(const Status& status)>;
  using BatchDone = std::function<void(const Result<BatchIngestResult>& result)>;

  virtual ~GroupStore() = default;

  /// The group's name in its home (HOME/NAME).
  virtual const std::string& name() const = 0;

  virtual Result<GroupDeployment> read_deployment() = 0;
  virtual Result<SolutionVersionBytes> read_solution_version(const std::string& id) = 0;
  /// Moves `campaign` to version `id` (syncWithLatestSolutionVersion) once the version is checked
  /// deployable with its config; returns the record as stored.
  virtual Result<CampaignRecord> move_campaign(const CampaignRecord& campaign, const std::string& id) = 0;

  /// PutEvents: validated events, committed with whatever other calls arrive meanwhile.
  virtual void store_events(std::vector<ValidatedEvent> events, Done done) = 0;
  /// PutItems / PutUsers: a JSON array of records, all or none.
  virtual void put_records(DatasetType type, std::string records_json, Done done) = 0;
  /// A client upload batch (the event container's bytes), applied once per batch id.
  virtual void ingest_event_batch(std::shared_ptr<const std::string> bytes, BatchDone done) = 0;

  /// Finishes the writes already accepted, then refuses new ones. Idempotent.
  virtual void stop() = 0;
};

class HomeStore {
 public:
  virtual ~HomeStore() = default;

  /// Where the home is, for messages.
  virtual const std::string& location() const = 0;
  virtual Result<HomeIdentity> identity() = 0;
  /// The names of the groups the home holds now.
  virtual Result<std::vector<std::string>> list_groups() = 0;
  virtual Result<std::unique_ptr<GroupStore>> open_group(const std::string& name) = 0;
};

}  // namespace edgerec::server
