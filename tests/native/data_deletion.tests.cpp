// Data deletion jobs: exactly the named users' rows go (imported and streamed interactions, the
// anonymous events of their sessions, their Users row, their dictionary entry), everyone else's
// stay, the job is recorded; failures change nothing and are recorded as FAILED.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "edgerec/json.h"
#include "events/data_deletion.h"
#include "events/put_events.h"
#include "schema/dataset_schema.h"
#include "store/dataset_group.h"
#include "store/datasets.h"
#include "support/cli_test.h"
#include "support/dataset_group_test.h"
#include "support/fixtures.h"

using edgerec::DatasetGroup;
using edgerec::StatusCode;
using edgerec::testing::count;
using edgerec::testing::exec;
using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;
using edgerec::testing::write_text_file;

namespace {

void put(DatasetGroup& group, const std::string& session, const std::string& user_member, const std::string& item,
         int64_t t) {
  std::string tracking;
  edgerec::append_json_string(tracking, group.tracking_id());
  const std::string body = "{\"trackingId\":" + tracking + ",\"sessionId\":\"" + session + "\"" + user_member +
                           ",\"eventList\":[{\"eventType\":\"click\",\"sentAt\":" + std::to_string(t) +
                           ",\"itemId\":\"" + item + "\"}]}";
  auto r = edgerec::put_events_json(group, body);
  INFO(r.status().to_string());
  REQUIRE(r.ok());
}

int64_t user_idx(DatasetGroup& group, const std::string& user) {
  return count(group, "SELECT user_idx FROM user_ids WHERE user_id = '" + user + "'");
}

// Rows for users u1, u2, u3 in every table a deletion touches:
//   interactions_bulk  u1 x3, u2 x2, u3 x1
//   interactions_put   u1 x2 (session s1), anonymous x2 in s1, u2 x2 (session s2),
//                      anonymous x1 in s3 (nobody's known session)
//   users              u1, u2, u3
DatasetGroup populated_group(const TempDir& dir) {
  auto created = DatasetGroup::create(dir.file("group"));
  REQUIRE(created.ok());
  DatasetGroup group = std::move(created).value();
  auto schema = edgerec::parse_dataset_schema(
      R"({"type":"record","name":"Users","namespace":"com.amazonaws.personalize.schema","fields":[)"
      R"({"name":"USER_ID","type":"string"},{"name":"AGE","type":"int"}],"version":"1.0"})",
      edgerec::DatasetType::kUsers, "test");
  REQUIRE(schema.ok());
  REQUIRE(edgerec::create_dataset(group.db(), *schema).ok());

  put(group, "s1", ",\"userId\":\"u1\"", "i1", 100);
  put(group, "s1", ",\"userId\":\"u1\"", "i2", 101);
  put(group, "s1", "", "i3", 90);  // u1's session before sign-in
  put(group, "s1", "", "i4", 91);
  put(group, "s2", ",\"userId\":\"u2\"", "i1", 200);
  put(group, "s2", ",\"userId\":\"u2\"", "i5", 201);
  put(group, "s3", "", "i1", 300);
  exec(group, "INSERT INTO user_ids(user_id) VALUES ('u3')");
  const int64_t u1 = user_idx(group, "u1"), u2 = user_idx(group, "u2"), u3 = user_idx(group, "u3");
  const int64_t item = count(group, "SELECT item_idx FROM item_ids WHERE item_id = 'i1'");
  for (const auto& [u, n] : std::vector<std::pair<int64_t, int>>{{u1, 3}, {u2, 2}, {u3, 1}}) {
    for (int k = 0; k < n; ++k) {
      exec(group, "INSERT INTO interactions_bulk(user_idx, item_idx, timestamp, job_id) VALUES (" + std::to_string(u) +
                      ", " + std::to_string(item) + ", " + std::to_string(1000 + k) + ", 1)");
    }
    exec(group, "INSERT INTO users(user_idx, AGE, source) VALUES (" + std::to_string(u) + ", 30, 0)");
  }
  return group;
}

}  // namespace

TEST_CASE("data deletion: removes exactly the user's rows and records the job", "[data_deletion]") {
  TempDir dir;
  DatasetGroup group = populated_group(dir);
  const int64_t u2 = user_idx(group, "u2");
  auto result = edgerec::delete_user_data(group, {"u1"});
  REQUIRE(result.ok());
  CHECK(result->users_requested == 1);
  CHECK(result->users_deleted == 1);
  CHECK(result->bulk_rows == 3);
  CHECK(result->streamed_rows == 2);
  CHECK(result->anonymous_rows == 2);
  CHECK(result->user_rows == 1);

  // u1 is gone from every table, the id string included.
  CHECK(count(group, "SELECT count(*) FROM user_ids WHERE user_id = 'u1'") == 0);
  CHECK(count(group, "SELECT count(*) FROM interactions_put WHERE session_id = 's1'") == 0);
  // Everyone else is untouched.
  CHECK(count(group, "SELECT count(*) FROM interactions_bulk") == 3);
  CHECK(count(group, "SELECT count(*) FROM interactions_bulk WHERE user_idx = " + std::to_string(u2)) == 2);
  CHECK(count(group, "SELECT count(*) FROM interactions_put WHERE user_idx = " + std::to_string(u2)) == 2);
  CHECK(count(group, "SELECT count(*) FROM interactions_put WHERE user_idx IS NULL AND session_id = 's3'") == 1);
  CHECK(count(group, "SELECT count(*) FROM users") == 2);
  CHECK(count(group, "SELECT count(*) FROM user_ids") == 2);
  auto fk = group.db().prepare("PRAGMA foreign_key_check");  // no rows: no dangling reference
  REQUIRE(fk.ok());
  CHECK_FALSE(*fk->step());

  CHECK(count(group, "SELECT count(*) FROM data_deletion_jobs") == 1);
  CHECK(count(group, "SELECT count(*) FROM data_deletion_jobs WHERE status = 'COMPLETED' AND users = 1 "
                     "AND num_deleted = 1 AND finished_at IS NOT NULL") == 1);
  auto message = group.db().prepare("SELECT message FROM data_deletion_jobs");
  REQUIRE(message.ok());
  REQUIRE(*message->step());
  CHECK(message->column_text(0) == "deleted 1 of 1 users: 3 imported and 2 streamed interactions, "
                                   "2 anonymous events of their sessions, 1 Users dataset rows");
  CHECK(result->to_json() ==
        R"({"jobId":1,"status":"COMPLETED","usersRequested":1,"numDeleted":1,"interactionsDeleted":)"
        R"({"bulk":3,"streamed":2,"anonymousSessionEvents":2},"userRowsDeleted":1})");
}

TEST_CASE("data deletion: several users, unknown and repeated ids", "[data_deletion]") {
  TempDir dir;
  DatasetGroup group = populated_group(dir);
  auto result = edgerec::delete_user_data(group, {"u2", "nobody", "u3", "u2"});
  REQUIRE(result.ok());
  CHECK(result->users_requested == 3);  // distinct
  CHECK(result->users_deleted == 2);    // "nobody" was never seen
  CHECK(result->bulk_rows == 3);
  CHECK(result->streamed_rows == 2);
  CHECK(result->anonymous_rows == 0);
  CHECK(result->user_rows == 2);
  CHECK(count(group, "SELECT count(*) FROM interactions_bulk") == 3);  // u1's
  CHECK(count(group, "SELECT count(*) FROM users") == 1);
  // A later event from a deleted user starts a new history.
  put(group, "s9", ",\"userId\":\"u2\"", "i1", 500);
  CHECK(count(group, "SELECT count(*) FROM interactions_put p JOIN user_ids u USING (user_idx) WHERE u.user_id = 'u2'") == 1);
}

TEST_CASE("data deletion: a group without a Users dataset", "[data_deletion]") {
  TempDir dir;
  auto created = DatasetGroup::create(dir.file("group"));
  REQUIRE(created.ok());
  DatasetGroup group = std::move(created).value();
  put(group, "s1", ",\"userId\":\"u1\"", "i1", 100);
  auto result = edgerec::delete_user_data(group, {"u1"});
  REQUIRE(result.ok());
  CHECK(result->streamed_rows == 1);
  CHECK(result->user_rows == 0);
}

TEST_CASE("data deletion: invalid input changes nothing and records a FAILED job", "[data_deletion]") {
  TempDir dir;
  DatasetGroup group = populated_group(dir);
  auto bad = edgerec::delete_user_data(group, {"u1", std::string(300, 'x')});
  CHECK(bad.status().code() == StatusCode::kInvalidInput);
  CHECK(bad.status().message() == "userIds[1]: must be 1 to 256 characters, got 300");
  auto none = edgerec::delete_user_data(group, {});
  CHECK(none.status().code() == StatusCode::kInvalidInput);
  CHECK(count(group, "SELECT count(*) FROM interactions_bulk") == 6);
  CHECK(count(group, "SELECT count(*) FROM interactions_put") == 7);
  CHECK(count(group, "SELECT count(*) FROM users") == 3);
  CHECK(count(group, "SELECT count(*) FROM data_deletion_jobs WHERE status = 'FAILED' AND num_deleted = 0") == 2);
}

TEST_CASE("data deletion: a failure mid-job rolls everything back", "[data_deletion]") {
  TempDir dir;
  DatasetGroup group = populated_group(dir);
  // Make the last step (the dictionary) fail after the interaction deletes have run.
  exec(group, "CREATE TRIGGER refuse BEFORE DELETE ON user_ids BEGIN SELECT RAISE(ABORT, 'refused by test'); END");
  auto failed = edgerec::delete_user_data(group, {"u1"});
  REQUIRE_FALSE(failed.ok());
  CHECK_THAT(failed.status().message(), Catch::Contains("refused by test"));
  CHECK(count(group, "SELECT count(*) FROM interactions_bulk") == 6);
  CHECK(count(group, "SELECT count(*) FROM interactions_put") == 7);
  CHECK(count(group, "SELECT count(*) FROM users") == 3);
  CHECK(count(group, "SELECT count(*) FROM data_deletion_jobs WHERE status = 'FAILED'") == 1);
  CHECK(count(group, "SELECT count(*) FROM data_deletion_jobs WHERE status = 'COMPLETED'") == 0);
}

TEST_CASE("data deletion: USER_ID CSV input", "[data_deletion]") {
  TempDir dir;
  write_text_file(dir.file("ok.csv"), "USER_ID\nu1\n\"u,2\"\n");
  auto ids = edgerec::read_user_ids_csv(dir.file("ok.csv"));
  REQUIRE(ids.ok());
  CHECK(*ids == std::vector<std::string>{"u1", "u,2"});

  write_text_file(dir.file("noheader.csv"), "u1\nu2\n");
  auto noheader = edgerec::read_user_ids_csv(dir.file("noheader.csv"));
  CHECK_THAT(noheader.status().message(), Catch::Contains("noheader.csv:1") &&
                                              Catch::Contains("header to be the single column USER_ID"));
  write_text_file(dir.file("two.csv"), "USER_ID\nu1\nu2,extra\n");
  CHECK_THAT(edgerec::read_user_ids_csv(dir.file("two.csv")).status().message(),
             Catch::Contains("two.csv:3") && Catch::Contains("expected 1 field (USER_ID), got 2"));
  write_text_file(dir.file("empty_id.csv"), "USER_ID\n\"\"\n");
  CHECK_THAT(edgerec::read_user_ids_csv(dir.file("empty_id.csv")).status().message(),
             Catch::Contains("empty_id.csv:2:1 (USER_ID): must be 1 to 256 characters, got 0"));
  write_text_file(dir.file("header_only.csv"), "USER_ID\n");
  CHECK_THAT(edgerec::read_user_ids_csv(dir.file("header_only.csv")).status().message(),
             Catch::Contains("no user ids after the USER_ID header"));
  CHECK(edgerec::read_user_ids_csv(dir.file("missing.csv")).status().code() == StatusCode::kNotFound);
}

TEST_CASE("cli: delete-user-data", "[data_deletion][cli]") {
  TempDir dir;
  { DatasetGroup group = populated_group(dir); }
  const std::string g = q(dir.file("group"));
  write_text_file(dir.file("users.csv"), "USER_ID\nu1\n");
  auto by_csv = run_command(kCli + " delete-user-data " + g + " --users " + q(dir.file("users.csv")));
  INFO(by_csv.err);
  REQUIRE(by_csv.exit_code == 0);
  CHECK_THAT(by_csv.out, Catch::Contains("\"status\":\"COMPLETED\"") && Catch::Contains("\"numDeleted\":1"));
  auto by_flag = run_command(kCli + " delete-user-data " + g + " --user-id u2 --user-id u3");
  REQUIRE(by_flag.exit_code == 0);
  CHECK_THAT(by_flag.out, Catch::Contains("\"usersRequested\":2,\"numDeleted\":2"));

  write_text_file(dir.file("bad.csv"), "USERID\nu1\n");
  auto bad = run_command(kCli + " delete-user-data " + g + " --users " + q(dir.file("bad.csv")));
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.err, Catch::Contains("bad.csv:1: expected the header to be the single column USER_ID"));
  auto both = run_command(kCli + " delete-user-data " + g + " --users x.csv --user-id u1");
  CHECK(both.exit_code == 2);
  auto neither = run_command(kCli + " delete-user-data " + g);
  CHECK(neither.exit_code == 2);

  auto reopened = DatasetGroup::open(dir.file("group"));
  REQUIRE(reopened.ok());
  CHECK(count(*reopened, "SELECT count(*) FROM data_deletion_jobs WHERE status = 'COMPLETED'") == 2);
  CHECK(count(*reopened, "SELECT count(*) FROM data_deletion_jobs WHERE status = 'FAILED'") == 1);
  CHECK(count(*reopened, "SELECT count(*) FROM interactions_bulk") == 0);
  CHECK(count(*reopened, "SELECT count(*) FROM interactions_put") == 1);  // s3's anonymous event
}
