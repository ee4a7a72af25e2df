// Dataset groups through the CLI and the library: create, describe, create-dataset, crash
// recovery of an import killed mid-job, PutItems / PutUsers.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "edgerec/json.h"
#include "store/dataset_group.h"
#include "store/datasets.h"
#include "store/import_job.h"
#include "store/training_source.h"
#include "store/put_records.h"
#include "support/background_import.h"
#include "support/cli_test.h"
#include "support/fixtures.h"

using edgerec::DatasetGroup;
using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;
using edgerec::testing::write_text_file;

namespace {

const char* kItemsSchema = R"({"type":"record","name":"Items","fields":[{"name":"ITEM_ID","type":"string"},
  {"name":"GENRE","type":"string","categorical":true},{"name":"NUM_RATINGS","type":["null","int"]},
  {"name":"DESCRIPTION","type":["null","string"],"textual":true}]})";
const char* kUsersSchema = R"({"type":"record","name":"Users","fields":[{"name":"USER_ID","type":"string"},
  {"name":"AGE_GROUP","type":"string","categorical":true}]})";

}  // namespace

TEST_CASE("dataset group: CLI create, import, describe with correct row counts", "[dataset_group][cli]") {
  TempDir dir;
  const std::string group = dir.file("group");
  auto created = run_command(kCli + " create-dataset-group " + q(group));
  INFO(created.err);
  REQUIRE(created.exit_code == 0);
  CHECK_THAT(created.out, Catch::Contains("trackingId"));
  CHECK(run_command(kCli + " create-dataset-group " + q(group)).exit_code == 1);  // exists, not empty

  REQUIRE(run_command(kCli + " synth --users 60 --items 30 --interactions 3000 --seed 5 --output " + q(dir.file("i.csv")) +
                      " --items-output " + q(dir.file("items.csv")) + " --users-output " + q(dir.file("users.csv")))
              .exit_code == 0);
  write_text_file(dir.file("items.json"), R"({"type":"record","name":"Items","fields":[{"name":"ITEM_ID","type":"string"},
    {"name":"GENRE","type":"string","categorical":true},{"name":"CATEGORY","type":"string","categorical":true},
    {"name":"PRICE","type":"float"},{"name":"CREATION_TIMESTAMP","type":"long"}]})");
  write_text_file(dir.file("users.json"), R"({"type":"record","name":"Users","fields":[{"name":"USER_ID","type":"string"},
    {"name":"AGE_GROUP","type":"string","categorical":true},{"name":"MEMBERSHIP","type":"string","categorical":true}]})");
  auto imported = run_command(kCli + " import " + q(group) + " --dataset interactions --csv " + q(dir.file("i.csv")) +
                              " --job-name first");
  INFO(imported.err);
  REQUIRE(imported.exit_code == 0);
  auto job = edgerec::parse_json(imported.out, "stdout");
  REQUIRE(job.ok());
  CHECK(job->find("status")->as_string() == "ACTIVE");
  CHECK(job->find("jobName")->as_string() == "first");
  CHECK(job->find("minimumData")->find("meetsMinimum")->as_bool());
  REQUIRE(run_command(kCli + " create-dataset " + q(group) + " --type users --schema " + q(dir.file("users.json"))).exit_code == 0);
  auto again = run_command(kCli + " create-dataset " + q(group) + " --type users --schema " + q(dir.file("users.json")));
  CHECK(again.exit_code == 1);
  CHECK_THAT(again.err, Catch::Contains("exists already") && Catch::Contains("immutable"));
  REQUIRE(run_command(kCli + " import " + q(group) + " --dataset users --csv " + q(dir.file("users.csv"))).exit_code == 0);
  REQUIRE(run_command(kCli + " import " + q(group) + " --dataset items --csv " + q(dir.file("items.csv")) + " --schema " +
                      q(dir.file("items.json")))
              .exit_code == 0);

  auto described = run_command(kCli + " describe " + q(group));
  REQUIRE(described.exit_code == 0);
  auto d = edgerec::parse_json(described.out, "describe");
  REQUIRE(d.ok());
  const auto* datasets = d->find("datasets");
  CHECK(datasets->find("interactions")->find("rows")->as_number() == 3000);
  CHECK(datasets->find("interactions")->find("minimumData")->find("meetsMinimum")->as_bool());
  CHECK(datasets->find("items")->find("rows")->as_number() == 30);
  CHECK(datasets->find("users")->find("rows")->as_number() == 60);
  CHECK(datasets->find("users")->find("schema")->find("name")->as_string() == "Users");
  CHECK(d->find("importJobs")->items().size() == 3);

  auto usage = run_command(kCli + " import " + q(group) + " --dataset things --csv x.csv");
  CHECK(usage.exit_code == 2);
  CHECK_THAT(usage.err, Catch::Contains("unknown dataset type \"things\""));
}

TEST_CASE("dataset group: an import killed with SIGKILL leaves a consistent group", "[dataset_group][crash]") {
  TempDir dir;
  const auto import = edgerec::testing::start_background_import(dir, "incremental", 20000, 5000, 3000000);
  const std::string& group_dir = import.group_dir;
  const std::string& seed = import.seed_csv;
  const pid_t child = import.child;
  // Wait until the job has committed some of its chunks (rows and new ids), then kill.
  auto reader = edgerec::sql::Database::open(group_dir + "/edgerec.db", false);
  REQUIRE(reader.ok());
  bool running = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    auto committed = reader->query_int("SELECT count(*) FROM interactions_bulk WHERE job_id = (SELECT job_id FROM "
                                       "import_jobs WHERE status = 'CREATE IN_PROGRESS')");
    if (committed.ok() && *committed > 200000) {
      running = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(running);
  REQUIRE(WIFSIGNALED(status));
  reader = edgerec::sql::Database();

  auto group = DatasetGroup::open(group_dir);
  REQUIRE(group.ok());
  // The killed job's chunks are still stored, and count nowhere: not in the dataset, not in
  // training (rows, users or items).
  CHECK(*group->db().query_int("SELECT count(*) FROM interactions_bulk") > 200000);
  CHECK(*edgerec::dataset_row_count(group->db(), edgerec::DatasetType::kInteractions) == 2000);
  auto training = edgerec::load_group_interactions(*group);
  REQUIRE(training.ok());
  CHECK(training->size() == 2000);
  CHECK(training->user_ids.size() == 100);
  CHECK(training->item_ids.size() == 50);
  CHECK(*group->db().query_int("SELECT count(*) FROM import_jobs WHERE status = 'CREATE FAILED' AND message LIKE "
                               "'interrupted%'") == 1);
  CHECK(*group->db().query_int("SELECT count(*) FROM import_jobs WHERE status = 'CREATE IN_PROGRESS'") == 0);
  CHECK(*group->db().query_text("PRAGMA integrity_check") == "ok");
  edgerec::ImportJobRequest request;
  request.csv_path = seed;
  request.mode = edgerec::ImportMode::kIncremental;
  auto job = edgerec::run_import_job(*group, request);
  REQUIRE(job.ok());
  CHECK(job->succeeded);
  // The next job deleted the leftovers first: rows, and the ids only the killed job had added.
  CHECK(*group->db().query_int("SELECT count(*) FROM interactions_bulk") == 4000);
  CHECK(*group->db().query_int("SELECT count(*) FROM user_ids") == 100);
  CHECK(*group->db().query_int("SELECT count(*) FROM item_ids") == 50);
  CHECK(*group->db().query_int("SELECT count(*) FROM import_job_ids") == 0);
  CHECK(*group->db().query_text("PRAGMA integrity_check") == "ok");
}

TEST_CASE("put records: PutItems / PutUsers validate like Personalize and upsert", "[dataset_group][put]") {
  TempDir dir;
  auto group = DatasetGroup::create(dir.file("g"));
  REQUIRE(group.ok());
  auto missing = edgerec::put_items(*group, R"([{"itemId":"i1","properties":"{\"genre\":\"drama\"}"}])");
  CHECK(missing.status().code() == edgerec::StatusCode::kFailedPrecondition);
  CHECK_THAT(missing.status().message(), Catch::Contains("create-dataset"));

  write_text_file(dir.file("items.json"), kItemsSchema);
  write_text_file(dir.file("users.json"), kUsersSchema);
  REQUIRE(run_command(kCli + " create-dataset " + q(dir.file("g")) + " --type items --schema " + q(dir.file("items.json"))).exit_code == 0);
  REQUIRE(run_command(kCli + " create-dataset " + q(dir.file("g")) + " --type users --schema " + q(dir.file("users.json"))).exit_code == 0);

  auto put = edgerec::put_items(*group, R"([{"itemId":"i1","properties":"{\"genre\":\"drama|comedy\",\"numRatings\":12}"},
                                            {"itemId":"i2","properties":"{\"genre\":\"news\",\"numRatings\":\"7\"}"}])");
  REQUIRE(put.ok());
  CHECK(put->created == 2);
  put = edgerec::put_items(*group, R"([{"itemId":"i1","properties":"{\"genre\":\"horror\"}"}])");
  REQUIRE(put.ok());
  CHECK(put->updated == 1);
  CHECK(*group->db().query_int("SELECT count(*) FROM items") == 2);
  CHECK(*group->db().query_int("SELECT count(*) FROM items WHERE GENRE = 'horror' AND NUM_RATINGS IS NULL AND source = 1") == 1);

  const std::pair<std::string, std::string> bad[] = {
      {"[]", "1 to 10 records"},
      {"[" + std::string(R"({"itemId":"x","properties":"{\"genre\":\"a\"}"},)") + std::string(R"({"itemId":"x","properties":"{\"genre\":\"a\"}"},)") +
           std::string(R"({"itemId":"x","properties":"{\"genre\":\"a\"}"},)") + std::string(R"({"itemId":"x","properties":"{\"genre\":\"a\"}"},)") +
           std::string(R"({"itemId":"x","properties":"{\"genre\":\"a\"}"},)") + std::string(R"({"itemId":"x","properties":"{\"genre\":\"a\"}"},)") +
           std::string(R"({"itemId":"x","properties":"{\"genre\":\"a\"}"},)") + std::string(R"({"itemId":"x","properties":"{\"genre\":\"a\"}"},)") +
           std::string(R"({"itemId":"x","properties":"{\"genre\":\"a\"}"},)") + std::string(R"({"itemId":"x","properties":"{\"genre\":\"a\"}"},)") +
           R"({"itemId":"x","properties":"{\"genre\":\"a\"}"}])",
       "got 11"},
      {R"([{"itemId":"","properties":"{\"genre\":\"a\"}"}])", "items[0].itemId: empty id"},
      {R"([{"itemId":")" + std::string(257, 'x') + R"(","properties":"{\"genre\":\"a\"}"}])", "256 characters"},
      {R"([{"itemId":"a","properties":{"genre":"a"}}])", "serialized as a string"},
      {R"([{"itemId":"a","properties":"{\"genre\":\"a\"}"},{"itemId":"b","properties":"{\"colour\":\"red\",\"genre\":\"a\"}"}])",
       "items[1].properties.colour: no such field"},
      {R"([{"itemId":"a","properties":"{\"numRatings\":3}"}])", "missing GENRE"},
      {R"([{"itemId":"a","properties":"{\"genre\":\"a\",\"numRatings\":1.5}"}])", "items[0].properties.numRatings (NUM_RATINGS): expected an integer"},
      {R"([{"itemId":"a","properties":"{\"genre\":7}"}])", "expected string, got a number"},
      {R"([{"itemId":"a","properties":"{\"genre\":\")" + std::string(32000, 'g') + R"(\"}"}])", "at most 32000"},
      {R"([{"itemId":"a","sessionId":"s"}])", "unknown member \"sessionId\""},
  };
  for (const auto& [json, expected] : bad) {
    INFO(json.substr(0, 200));
    auto result = edgerec::put_items(*group, json);
    REQUIRE_FALSE(result.ok());
    CHECK_THAT(result.status().message(), Catch::Contains(expected));
  }
  // All-or-nothing: the valid first record of a rejected call is not stored.
  CHECK(*group->db().query_int("SELECT count(*) FROM item_ids WHERE item_id = 'a'") == 0);

  auto users = run_command(kCli + " put-users " + q(dir.file("g")) +
                           R"( --users '[{"userId":"u1","properties":"{\"ageGroup\":\"18-24\"}"}]')");
  INFO(users.err);
  REQUIRE(users.exit_code == 0);
  CHECK_THAT(users.out, Catch::Contains("\"created\":1"));
  auto too_long = edgerec::put_users(*group, R"([{"userId":"u2","properties":"{\"ageGroup\":\")" + std::string(24000, 'a') + R"(\"}"}])");
  CHECK_THAT(too_long.status().message(), Catch::Contains("at most 24000"));
}

TEST_CASE("dataset group: a create-dataset-group that fails leaves nothing it created behind", "[dataset_group][cli]") {
  namespace fs = std::filesystem;
  TempDir dir;
  // Each name is allowed, but the database path is longer than SQLite opens (512 bytes).
  const std::string long_name(200, 'd');
  const std::string outer = dir.file(long_name);
  const std::string group = outer + "/" + long_name + "/" + long_name;

  auto failed = run_command(kCli + " create-dataset-group " + q(group));
  REQUIRE(failed.exit_code == 1);
  CHECK_THAT(failed.err, Catch::StartsWith("edgerec create-dataset-group: ") && Catch::Contains("edgerec.db"));
  CHECK(fs::is_empty(dir.path()));

  // Directories that were there stay, with what they held; only the new ones go.
  fs::create_directory(outer);
  write_text_file(outer + "/keep.txt", "mine");
  REQUIRE(run_command(kCli + " create-dataset-group " + q(group)).exit_code == 1);
  CHECK(fs::exists(outer + "/keep.txt"));
  CHECK_FALSE(fs::exists(outer + "/" + long_name));

  // An empty DIR that was there stays, empty.
  fs::create_directories(group);
  REQUIRE(run_command(kCli + " create-dataset-group " + q(group)).exit_code == 1);
  CHECK(fs::is_directory(group));
  CHECK(fs::is_empty(group));
}
