// A group directory's SQLite store as the server's GroupStore (see sqlite_group_store.h).
#include "server/store/sqlite_group_store.h"

#include <filesystem>
#include <future>

#include "events/event_store.h"
#include "io/file_io.h"
#include "store/put_records.h"
#include "store/solutions.h"

namespace edgerec::server {

Result<std::unique_ptr<SqliteGroupStore>> SqliteGroupStore::open(const std::string& name, const std::string& dir) {
  EDGEREC_ASSIGN_OR_RETURN(DatasetGroup reader, DatasetGroup::open(dir));  // migrates an older store first
  EDGEREC_ASSIGN_OR_RETURN(HomeIdentity identity, home_identity_of_group(dir));
  EDGEREC_ASSIGN_OR_RETURN(std::unique_ptr<EventWriter> writer, EventWriter::start(dir));
  return std::unique_ptr<SqliteGroupStore>(
      new SqliteGroupStore(name, dir, std::move(reader), std::move(identity), std::move(writer)));
}

SqliteGroupStore::SqliteGroupStore(std::string name, std::string dir, DatasetGroup reader, HomeIdentity identity,
                                   std::unique_ptr<EventWriter> writer)
    : name_(std::move(name)),
      dir_(std::move(dir)),
      reader_(std::move(reader)),
      identity_(std::move(identity)),
      writer_(std::move(writer)) {}

SqliteGroupStore::~SqliteGroupStore() { stop(); }

void SqliteGroupStore::stop() { writer_->stop(); }

Result<GroupDeployment> SqliteGroupStore::read_deployment() {
  std::lock_guard<std::mutex> lock(read_mutex_);
  GroupDeployment out;
  EDGEREC_ASSIGN_OR_RETURN(out.campaigns, list_campaigns(reader_));
  EDGEREC_ASSIGN_OR_RETURN(out.filters, list_filters(reader_));
  EDGEREC_ASSIGN_OR_RETURN(out.trackers, list_event_trackers(reader_));
  // Personalize syncs a campaign with the latest version of its own solution (store/solutions.h),
  // not of whatever the group trained last.
  for (const CampaignRecord& c : out.campaigns) {
    EDGEREC_ASSIGN_OR_RETURN(const std::optional<SolutionVersionRecord> serving, find_solution_version(reader_, c.solution_version_id));
    if (!serving) continue;
    EDGEREC_ASSIGN_OR_RETURN(const std::optional<SolutionVersionRecord> latest, latest_active_version(reader_, serving->solution));
    if (latest) out.latest_version_of_campaign[c.name] = latest->id;
  }
  return out;
}

Result<SolutionVersionBytes> SqliteGroupStore::read_solution_version(const std::string& id) {
  SolutionVersionBytes out;
  {
    std::lock_guard<std::mutex> lock(read_mutex_);
    // Where the group keeps it (DIR/solutions/ID.erec) whatever directory the trainer ran in,
    // else the path recorded when it was trained.
    const std::string canonical = dir_ + "/solutions/" + id + ".erec";
    std::error_code ec;
    if (std::filesystem::exists(canonical, ec)) {
      out.source = canonical;
    } else {
      EDGEREC_ASSIGN_OR_RETURN(out.source, solution_version_path(reader_, id));
    }
    EDGEREC_ASSIGN_OR_RETURN(out.arn, solution_version_arn(reader_, identity_, id));
  }
  EDGEREC_ASSIGN_OR_RETURN(out.bytes, read_file(out.source));
  return out;
}

Result<CampaignRecord> SqliteGroupStore::move_campaign(const CampaignRecord& campaign, const std::string& id) {
  // The check loads the version: on the read connection, so writes go on meanwhile.
  std::string version;
  {
    std::lock_guard<std::mutex> lock(read_mutex_);
    EDGEREC_ASSIGN_OR_RETURN(version, check_deployable(reader_, id, campaign.campaign_config));
  }
  // The record is written by the writer like every other write; if the CLI changed the campaign
  // since it was read, that change stands and the next refresh sees it.
  auto stored = std::make_shared<CampaignRecord>(campaign);
  std::promise<Status> committed;
  writer_->alone(
      [stored, version](DatasetGroup& g) -> Status {
        sql::Transaction txn(g.db());
        EDGEREC_RETURN_IF_ERROR(txn.begin());
        EDGEREC_ASSIGN_OR_RETURN(const std::optional<CampaignRecord> now, find_campaign(g, stored->name));
        if (!now) return not_found("campaign " + stored->name + " was deleted");
        if (now->solution_version_id != stored->solution_version_id || now->campaign_config != stored->campaign_config) {
          *stored = *now;
          return Status::ok_status();
        }
        stored->solution_version_id = version;
        stored->updated_at = unix_now();
        EDGEREC_RETURN_IF_ERROR(update_campaign(g, *stored));
        return txn.commit();
      },
      [&committed](const Status& s) { committed.set_value(s); });
  EDGEREC_RETURN_IF_ERROR(committed.get_future().get());
  return *stored;
}

void SqliteGroupStore::store_events(std::vector<ValidatedEvent> events, Done done) {
  writer_->shared(
      [events = std::move(events)](DatasetGroup& g) { return edgerec::store_events(g.db(), events, std::nullopt).status(); },
      std::move(done));
}

void SqliteGroupStore::put_records(DatasetType type, std::string records_json, Done done) {
  writer_->alone(
      [type, records_json = std::move(records_json)](DatasetGroup& g) {
        return edgerec::put_records(g, type, records_json).status();
      },
      std::move(done));
}

void SqliteGroupStore::ingest_event_batch(std::shared_ptr<const std::string> bytes, BatchDone done) {
  auto result = std::make_shared<Result<BatchIngestResult>>(internal_error("the batch was not ingested"));
  writer_->alone(
      [bytes, result](DatasetGroup& g) -> Status {
        *result = edgerec::ingest_event_batch(g, reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size());
        return result->status();
      },
      [result, done = std::move(done)](const Status& s) {
        if (!s.ok()) return done(Result<BatchIngestResult>(s));
        done(*result);
      });
}

}  // namespace edgerec::server
