// An interactions import commits in chunks: events keep being stored while it runs, its rows
// count only once it is ACTIVE, and ids it shares with those events stay one id.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "edgerec/json.h"
#include "events/data_deletion.h"
#include "events/put_events.h"
#include "store/dataset_group.h"
#include "store/datasets.h"
#include "store/import_job.h"
#include "support/background_import.h"
#include "support/cli_test.h"
#include "support/fixtures.h"

using edgerec::DatasetGroup;
using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;

namespace {

std::string put_body(const DatasetGroup& group, const std::string& user, const std::string& item, int n) {
  std::string tracking;
  edgerec::append_json_string(tracking, group.tracking_id());
  return "{\"trackingId\":" + tracking + ",\"sessionId\":\"s-" + user + "\",\"userId\":\"" + user +
         "\",\"eventList\":[{\"eventId\":\"live-" + std::to_string(n) + "\",\"eventType\":\"click\",\"sentAt\":" +
         std::to_string(1800000000 + n) + ",\"itemId\":\"" + item + "\"}]}";
}

int64_t count(DatasetGroup& group, const std::string& sql) { return *group.db().query_int(sql); }

// The status of the import job after the seed's (job 1), "" until it is recorded.
std::string job_status(DatasetGroup& group) {
  auto s = group.db().query_text("SELECT coalesce((SELECT status FROM import_jobs WHERE job_id > 1), '')");
  return s.ok() ? *s : "";
}

}  // namespace

TEST_CASE("import: PutEvents are stored while a long interactions import runs, and share its ids",
          "[import][concurrency]") {
  TempDir dir;
  const auto import = edgerec::testing::start_background_import(dir, "full", 30000, 6000, 3000000);
  const std::string& group_dir = import.group_dir;
  const pid_t child = import.child;
  auto opened = DatasetGroup::open(group_dir);
  REQUIRE(opened.ok());
  DatasetGroup group = std::move(opened).value();
  // Users and items the import also brings (u29999 and i5999 are beyond the seed's ids), so the
  // two writers meet in the dictionaries.
  int sent = 0;
  int stored_during_import = 0;
  bool refused_deletion = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string before = job_status(group);
    if (before == "ACTIVE" || before == "CREATE FAILED") break;
    if (before != "CREATE IN_PROGRESS") continue;
    const std::string user = "u" + std::to_string(29999 - sent);
    const std::string item = "i" + std::to_string(5999 - sent % 100);
    auto put = edgerec::put_events_json(group, put_body(group, user, item, sent));
    INFO(put.status().to_string());
    REQUIRE(put.ok());
    ++sent;
    // Stored and acknowledged while the import still runs: it did not wait for the import.
    if (job_status(group) == "CREATE IN_PROGRESS") ++stored_during_import;
    if (!refused_deletion && count(group, "SELECT count(*) FROM interactions_bulk") > 0) {
      auto deletion = edgerec::delete_user_data(group, {"u1"});
      refused_deletion = !deletion.ok() && deletion.status().code() == edgerec::StatusCode::kFailedPrecondition;
    }
  }
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  CHECK(stored_during_import >= 5);
  CHECK(refused_deletion);  // a deletion waits for the import (it would strand the import's rows)

  CHECK(count(group, "SELECT count(*) FROM interactions_put") == sent);
  // FULL: the seed's bulk rows are replaced, the streamed events kept; every id once.
  CHECK(*edgerec::dataset_row_count(group.db(), edgerec::DatasetType::kInteractions) == 3000000 + sent);
  CHECK(count(group, "SELECT count(*) FROM interactions_bulk") == 3000000);
  CHECK(count(group, "SELECT count(*) FROM user_ids") == count(group, "SELECT count(DISTINCT user_id) FROM user_ids"));
  // u29999, sent first, is also in the file: one entry, used by both the import's rows and the event.
  CHECK(count(group, "SELECT count(*) FROM user_ids WHERE user_id = 'u29999'") == 1);
  CHECK(count(group, "SELECT count(*) FROM interactions_bulk WHERE user_idx = (SELECT user_idx FROM user_ids WHERE "
                     "user_id = 'u29999')") > 0);
  CHECK(count(group, "SELECT count(*) FROM interactions_put WHERE user_idx = (SELECT user_idx FROM user_ids WHERE "
                     "user_id = 'u29999')") == 1);
  CHECK(count(group, "SELECT count(*) FROM import_job_ids") == 0);
  CHECK(*group.db().query_text("PRAGMA integrity_check") == "ok");
}

TEST_CASE("import: a failed interactions import leaves the rows and ids as they were", "[import]") {
  TempDir dir;
  auto created = DatasetGroup::create(dir.file("group"));
  REQUIRE(created.ok());
  DatasetGroup group = std::move(created).value();
  const std::string seed = dir.file("seed.csv");
  REQUIRE(run_command(kCli + " synth --users 100 --items 50 --interactions 2000 --seed 1 --output " + q(seed)).exit_code == 0);
  edgerec::ImportJobRequest request;
  request.csv_path = seed;
  REQUIRE(edgerec::run_import_job(group, request)->succeeded);
  const int64_t users = count(group, "SELECT count(*) FROM user_ids");
  const int64_t items = count(group, "SELECT count(*) FROM item_ids");
  const int64_t event_types = count(group, "SELECT count(*) FROM event_types");

  // 200,000 good rows with new users, items and an event type (several batches, committed
  // before the parser reaches the bad row at the end), then a bad one.
  std::string csv = "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE\n";
  for (int r = 0; r < 200000; ++r) {
    csv += "new-u" + std::to_string(r % 5000) + ",new-i" + std::to_string(r % 700) + "," + std::to_string(1700000000 + r) +
           ",buy,\n";
  }
  csv += "new-u1,new-i1,not-a-time,buy,\n";
  edgerec::testing::write_text_file(dir.file("bad.csv"), csv);
  request.csv_path = dir.file("bad.csv");
  request.mode = edgerec::ImportMode::kIncremental;
  auto failed = edgerec::run_import_job(group, request);
  REQUIRE(failed.ok());
  CHECK_FALSE(failed->succeeded);
  CHECK_THAT(failed->outcome.failure_message(), Catch::Contains("200002"));
  CHECK(count(group, "SELECT count(*) FROM interactions_bulk") == 2000);
  CHECK(count(group, "SELECT count(*) FROM user_ids") == users);
  CHECK(count(group, "SELECT count(*) FROM item_ids") == items);
  CHECK(count(group, "SELECT count(*) FROM event_types") == event_types);
  CHECK(count(group, "SELECT count(*) FROM import_job_ids") == 0);
  CHECK(count(group, "SELECT count(*) FROM meta WHERE key = 'import_leftovers'") == 0);
}
