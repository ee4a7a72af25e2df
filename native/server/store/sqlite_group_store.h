// A dataset group's directory and its SQLite store, as the server's GroupStore (group_store.h).
//
// Two connections: one for reads, guarded (a connection is not shared between threads unguarded),
// and the EventWriter's, which makes every write on its own thread with group commit.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "server/store/event_writer.h"
#include "server/store/group_store.h"
#include "store/dataset_group.h"

namespace edgerec::server {

class SqliteGroupStore final : public GroupStore {
 public:
  /// Opens the group at `dir` (migrating an older store first) and starts its writer.
  static Result<std::unique_ptr<SqliteGroupStore>> open(const std::string& name, const std::string& dir);
  ~SqliteGroupStore() override;

  const std::string& name() const override { return name_; }
  Result<GroupDeployment> read_deployment() override;
  Result<SolutionVersionBytes> read_solution_version(const std::string& id) override;
  Result<CampaignRecord> move_campaign(const CampaignRecord& campaign, const std::string& id) override;
  void store_events(std::vector<ValidatedEvent> events, Done done) override;
  void put_records(DatasetType type, std::string records_json, Done done) override;
  void ingest_event_batch(std::shared_ptr<const std::string> bytes, BatchDone done) override;
  void stop() override;

 private:
  SqliteGroupStore(std::string name, std::string dir, DatasetGroup reader, HomeIdentity identity,
                   std::unique_ptr<EventWriter> writer);

  std::string name_;
  std::string dir_;
  std::mutex read_mutex_;
  DatasetGroup reader_;
  HomeIdentity identity_;
  std::unique_ptr<EventWriter> writer_;
};

}  // namespace edgerec::server
