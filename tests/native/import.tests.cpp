// Import jobs: typed, all-or-nothing CSV loads with Personalize's FULL / INCREMENTAL rules.
#include <catch2/catch.hpp>

#include <string>

#include "edgerec/json.h"
#include "store/dataset_group.h"
#include "store/import_job.h"
#include "support/cli_test.h"
#include "support/fixtures.h"

using edgerec::DatasetGroup;
using edgerec::DatasetType;
using edgerec::ImportJobRequest;
using edgerec::ImportMode;
using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;
using edgerec::testing::write_text_file;

namespace {

const std::string kHeader = "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE\n";

/// `rows` interactions: 50 users (u<prefix>0..), 20 items, two event types.
std::string interactions_csv(int rows, const std::string& prefix = "") {
  std::string csv = kHeader;
  for (int r = 0; r < rows; ++r) {
    csv += "u" + prefix + std::to_string(r % 50) + ",i" + std::to_string(r % 20) + "," + std::to_string(1700000000 + r) +
           (r % 3 == 0 ? ",purchase,9.5\n" : ",view,\n");
  }
  return csv;
}

struct Counts {
  int64_t bulk, put, users, items, event_types;
  bool operator==(const Counts& o) const {
    return bulk == o.bulk && put == o.put && users == o.users && items == o.items && event_types == o.event_types;
  }
};

Counts counts(DatasetGroup& group) {
  auto& db = group.db();
  return {*db.query_int("SELECT count(*) FROM interactions_bulk"), *db.query_int("SELECT count(*) FROM interactions_put"),
          *db.query_int("SELECT count(*) FROM user_ids"), *db.query_int("SELECT count(*) FROM item_ids"),
          *db.query_int("SELECT count(*) FROM event_types")};
}

edgerec::ImportJobResult import(DatasetGroup& group, const std::string& csv, ImportMode mode = ImportMode::kFull,
                                DatasetType type = DatasetType::kInteractions) {
  ImportJobRequest request;
  request.dataset = type;
  request.csv_path = csv;
  request.mode = mode;
  auto job = edgerec::run_import_job(group, request);
  REQUIRE(job.ok());
  return std::move(job).value();
}

std::string job_status(DatasetGroup& group, int64_t job_id) {
  auto stmt = group.db().prepare("SELECT status FROM import_jobs WHERE job_id = ?");
  stmt->bind_int(1, job_id);
  REQUIRE(*stmt->step());
  return stmt->column_text(0);
}

}  // namespace

TEST_CASE("import: a FULL job loads every row, dictionary-encoded, and reports minimum data", "[import]") {
  TempDir dir;
  auto group = DatasetGroup::create(dir.file("g"));
  REQUIRE(group.ok());
  write_text_file(dir.file("a.csv"), interactions_csv(1200));
  auto job = import(*group, dir.file("a.csv"));
  INFO(job.to_json());
  REQUIRE(job.succeeded);
  CHECK(job.outcome.rows_read == 1200);
  CHECK(job.outcome.rows_imported == 1200);
  CHECK(counts(*group) == Counts{1200, 0, 50, 20, 2});
  REQUIRE(job.minimum);
  CHECK(job.minimum->meets_minimum());
  CHECK(job_status(*group, job.job_id) == "ACTIVE");
  // Typed columns: purchase rows carry EVENT_VALUE, view rows NULL.
  CHECK(*group->db().query_int("SELECT count(*) FROM interactions_bulk WHERE event_value IS NULL") == 800);
  CHECK(*group->db().query_int("SELECT count(*) FROM interactions_bulk b JOIN user_ids u USING (user_idx) "
                               "WHERE u.user_id = 'u7' AND b.timestamp = 1700000007") == 1);
}

TEST_CASE("import: FULL replaces bulk rows but keeps streamed ones, INCREMENTAL appends", "[import]") {
  TempDir dir;
  auto group = DatasetGroup::create(dir.file("g"));
  REQUIRE(group.ok());
  write_text_file(dir.file("a.csv"), interactions_csv(1500));
  write_text_file(dir.file("b.csv"), interactions_csv(1000, "b"));
  REQUIRE(import(*group, dir.file("a.csv")).succeeded);
  REQUIRE(group->db().exec("INSERT INTO interactions_put(user_idx, session_id, item_idx, timestamp, event_type_idx, event_id, "
                           "received_at) VALUES (1, 's1', 1, 1700000000, 1, 'e1', 1700000000)").ok());
  auto incremental = import(*group, dir.file("b.csv"), ImportMode::kIncremental);
  REQUIRE(incremental.succeeded);
  CHECK(counts(*group) == Counts{2500, 1, 100, 20, 2});
  auto full = import(*group, dir.file("b.csv"), ImportMode::kFull);
  REQUIRE(full.succeeded);
  CHECK(counts(*group).bulk == 1000);
  CHECK(counts(*group).put == 1);  // streamed records survive a FULL import
  CHECK(*group->db().query_int("SELECT count(DISTINCT job_id) FROM interactions_bulk") == 1);
}

TEST_CASE("import: the first import must be FULL and a job needs 1000 interactions", "[import]") {
  TempDir dir;
  auto group = DatasetGroup::create(dir.file("g"));
  REQUIRE(group.ok());
  write_text_file(dir.file("a.csv"), interactions_csv(1000));
  auto first = import(*group, dir.file("a.csv"), ImportMode::kIncremental);
  CHECK_FALSE(first.succeeded);
  CHECK_THAT(first.outcome.first_error().message(), Catch::Contains("first import must be FULL"));
  CHECK(job_status(*group, first.job_id) == "CREATE FAILED");
  // The failed job created nothing, not even the dataset.
  CHECK(*group->db().query_int("SELECT count(*) FROM datasets") == 0);

  write_text_file(dir.file("small.csv"), interactions_csv(999));
  auto small = import(*group, dir.file("small.csv"));
  CHECK_FALSE(small.succeeded);
  CHECK_THAT(small.outcome.first_error().message(), Catch::Contains("999 interactions") && Catch::Contains("at least 1000"));
  REQUIRE(import(*group, dir.file("a.csv")).succeeded);
}

TEST_CASE("import: bad CSV fails the job, names line and column, and leaves nothing behind", "[import]") {
  struct Case {
    std::string name;
    std::string csv;
    std::vector<std::string> expected;
  };
  const std::string good = interactions_csv(1100);
  const std::string long_id(257, 'x');
  const std::vector<Case> cases = {
      {"unterminated quote", good + "u1,\"i1,1700000000,view,\n", {"bad.csv:1102:2", "never closed"}},
      {"wrong column count", good + "u1,i1,1700000000,view\n", {"bad.csv:1102:5", "expected 5 columns"}},
      {"non-numeric TIMESTAMP", good + "u1,i1,yesterday,view,\n", {"bad.csv:1102:3 (TIMESTAMP)", "epoch seconds"}},
      {"over-long USER_ID", good + long_id + ",i1,1700000000,view,\n", {"bad.csv:1102:1 (USER_ID)", "256 characters"}},
      {"over-long ITEM_ID", good + "u1," + long_id + ",1700000000,view,\n", {"bad.csv:1102:2 (ITEM_ID)", "256 characters"}},
      {"invalid UTF-8", good + "u1,i\xC3\x28,1700000000,view,\n", {"bad.csv:1102:2 (ITEM_ID)", "invalid UTF-8"}},
      {"bad EVENT_VALUE", good + "u1,i1,1700000000,view,lots\n", {"bad.csv:1102:5 (EVENT_VALUE)", "expected a number"}},
      {"empty file", "", {"bad.csv", "the file is empty"}},
      {"header only", kHeader, {"bad.csv", "no records, only a header row"}},
      {"unknown column", "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,DEVICE\nu1,i1,1,view,ios\n", {"bad.csv:1:5 (DEVICE)", "unknown column DEVICE"}},
      {"missing column", "USER_ID,ITEM_ID,EVENT_TYPE\nu1,i1,view\n", {"bad.csv:1", "no TIMESTAMP column"}},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir dir;
      auto group = DatasetGroup::create(dir.file("g"));
      REQUIRE(group.ok());
      write_text_file(dir.file("seed.csv"), interactions_csv(1000, "s"));
      REQUIRE(import(*group, dir.file("seed.csv")).succeeded);
      const Counts before = counts(*group);
      write_text_file(dir.file("bad.csv"), c.csv);
      auto job = import(*group, dir.file("bad.csv"), ImportMode::kIncremental);
      INFO(job.to_json());
      CHECK_FALSE(job.succeeded);
      for (const std::string& part : c.expected) CHECK_THAT(job.outcome.first_error().message(), Catch::Contains(part));
      CHECK(counts(*group) == before);  // rows and dictionaries unchanged
      CHECK(job_status(*group, job.job_id) == "CREATE FAILED");
      auto stored = group->db().prepare("SELECT errors FROM import_jobs WHERE job_id = ?");
      stored->bind_int(1, job.job_id);
      REQUIRE(*stored->step());
      CHECK_THAT(stored->column_text(0), Catch::Contains(c.expected[0]));

      // The CLI names the same place on stderr and exits 1.
      auto cli = run_command(kCli + " import " + q(dir.file("g")) + " --dataset interactions --mode incremental --csv " +
                             q(dir.file("bad.csv")));
      CHECK(cli.exit_code == 1);
      CHECK_THAT(cli.err, Catch::Contains(c.expected[0]) && Catch::Contains("CREATE FAILED"));
    }
  }
}

TEST_CASE("import: up to 10 errors are listed, every bad row is counted", "[import]") {
  TempDir dir;
  auto group = DatasetGroup::create(dir.file("g"));
  REQUIRE(group.ok());
  std::string csv = interactions_csv(1000);
  for (int i = 0; i < 15; ++i) csv += "u1,i1,bad" + std::to_string(i) + ",view,\n";
  write_text_file(dir.file("bad.csv"), csv);
  auto job = import(*group, dir.file("bad.csv"));
  CHECK_FALSE(job.succeeded);
  REQUIRE(job.outcome.errors.size() == 10);
  CHECK_THAT(job.outcome.errors[9].message(), Catch::Contains("bad.csv:1011:3"));
  // The rest of the file is read too, so the job can say how bad it is.
  CHECK(job.outcome.error_count == 15);
  CHECK(job.outcome.rows_read == 1015);
  const edgerec::JsonValue report = *edgerec::parse_json(job.to_json(), "job");
  CHECK(report.find("errorCount")->as_number() == 15);
  CHECK(report.find("moreErrors")->as_number() == 5);
  auto message = group->db().prepare("SELECT message FROM import_jobs WHERE job_id = ?");
  message->bind_int(1, job.job_id);
  REQUIRE(*message->step());
  CHECK_THAT(message->column_text(0), Catch::EndsWith("(15 errors in 1015 rows; the first 10 are listed)"));
}

TEST_CASE("import: a schema with metadata columns and the event-type limit", "[import]") {
  TempDir dir;
  auto group = DatasetGroup::create(dir.file("g"));
  REQUIRE(group.ok());
  std::string fields = R"({"name":"USER_ID","type":"string"},{"name":"ITEM_ID","type":"string"},{"name":"TIMESTAMP","type":"long"},
    {"name":"EVENT_TYPE","type":"string"},{"name":"EVENT_VALUE","type":["null","float"]},{"name":"DEVICE","type":["null","string"],"categorical":true})";
  for (int i = 0; i < 4; ++i) fields += R"(,{"name":"C)" + std::to_string(i) + R"(","type":["null","int"]})";
  write_text_file(dir.file("s.json"), R"({"type":"record","name":"Interactions","fields":[)" + fields + "]}");
  // 7 optional fields + 4 event types > 10.
  std::string csv = "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,DEVICE,C0\n";
  for (int r = 0; r < 1000; ++r) {
    csv += "u" + std::to_string(r % 30) + ",i" + std::to_string(r % 7) + ",1700000000,t" + std::to_string(r % 4) + "," +
           (r % 2 ? "ios" : "") + "," + std::to_string(r) + "\n";
  }
  write_text_file(dir.file("a.csv"), csv);
  ImportJobRequest request;
  request.csv_path = dir.file("a.csv");
  request.schema_path = dir.file("s.json");
  auto job = edgerec::run_import_job(*group, request);
  REQUIRE(job.ok());
  CHECK_FALSE(job->succeeded);
  CHECK_THAT(job->outcome.first_error().message(), Catch::Contains("4 distinct event types") && Catch::Contains("limit of 10"));

  // Three event types fit; metadata is stored as JSON, nulls left out.
  std::string fewer = csv;
  for (size_t at = fewer.find(",t3,"); at != std::string::npos; at = fewer.find(",t3,")) fewer.replace(at, 4, ",t2,");
  write_text_file(dir.file("a.csv"), fewer);
  job = edgerec::run_import_job(*group, request);
  REQUIRE(job.ok());
  INFO(job->to_json());
  REQUIRE(job->succeeded);
  CHECK(*group->db().query_int("SELECT count(*) FROM interactions_bulk WHERE metadata = '{\"DEVICE\":\"ios\",\"C0\":1}'") == 1);
  CHECK(*group->db().query_int("SELECT count(*) FROM interactions_bulk WHERE metadata = '{\"C0\":0}'") == 1);

  // Schemas are immutable: the default schema differs from the stored one.
  request.schema_path = std::nullopt;
  write_text_file(dir.file("other.json"), edgerec::default_interactions_schema_json());
  request.schema_path = dir.file("other.json");
  job = edgerec::run_import_job(*group, request);
  REQUIRE(job.ok());
  CHECK_THAT(job->outcome.first_error().message(), Catch::Contains("schemas are immutable"));
}

TEST_CASE("import: items and users, FULL keeps PutItems rows, INCREMENTAL upserts", "[import]") {
  TempDir dir;
  auto group = DatasetGroup::create(dir.file("g"));
  REQUIRE(group.ok());
  write_text_file(dir.file("items.json"), R"({"type":"record","name":"Items","fields":[{"name":"ITEM_ID","type":"string"},
    {"name":"GENRE","type":"string","categorical":true},{"name":"PRICE","type":["null","float"]},
    {"name":"CREATION_TIMESTAMP","type":"long"}]})");
  write_text_file(dir.file("items.csv"), "CREATION_TIMESTAMP,ITEM_ID,GENRE,PRICE\n1,i1,drama,2.5\n2,i2,\"comedy|drama\",\n");
  ImportJobRequest request;
  request.dataset = DatasetType::kItems;
  request.csv_path = dir.file("items.csv");
  // Items have no default schema.
  auto no_schema = edgerec::run_import_job(*group, request);
  REQUIRE(no_schema.ok());
  CHECK_THAT(no_schema->outcome.first_error().message(), Catch::Contains("needs a schema"));

  request.schema_path = dir.file("items.json");
  auto job = edgerec::run_import_job(*group, request);
  REQUIRE(job.ok());
  INFO(job->to_json());
  REQUIRE(job->succeeded);
  CHECK(*group->db().query_int("SELECT count(*) FROM items WHERE GENRE = 'comedy|drama' AND PRICE IS NULL AND source = 0") == 1);

  REQUIRE(group->db().exec("INSERT INTO item_ids(item_id) VALUES ('p1'); INSERT INTO items(item_idx, GENRE, "
                           "CREATION_TIMESTAMP, source) SELECT item_idx, 'x', 5, 1 FROM item_ids WHERE item_id = 'p1'").ok());
  write_text_file(dir.file("more.csv"), "ITEM_ID,GENRE,CREATION_TIMESTAMP\ni2,horror,3\ni3,news,4\n");
  request.csv_path = dir.file("more.csv");
  request.mode = ImportMode::kIncremental;
  job = edgerec::run_import_job(*group, request);
  REQUIRE(job.ok());
  REQUIRE(job->succeeded);
  CHECK(*group->db().query_int("SELECT count(*) FROM items") == 4);
  CHECK(*group->db().query_int("SELECT count(*) FROM items WHERE GENRE = 'horror'") == 1);

  request.mode = ImportMode::kFull;
  job = edgerec::run_import_job(*group, request);
  REQUIRE(job.ok());
  REQUIRE(job->succeeded);
  CHECK(*group->db().query_int("SELECT count(*) FROM items") == 3);  // i2, i3 and the streamed p1
  CHECK(*group->db().query_int("SELECT count(*) FROM items WHERE source = 1") == 1);

  write_text_file(dir.file("bad.csv"), "ITEM_ID,GENRE,CREATION_TIMESTAMP\ni9,x,1\ni10," + std::string(1001, 'g') + ",2\n");
  request.csv_path = dir.file("bad.csv");
  job = edgerec::run_import_job(*group, request);
  REQUIRE(job.ok());
  CHECK_FALSE(job->succeeded);
  CHECK_THAT(job->outcome.first_error().message(), Catch::Contains("bad.csv:3:2 (GENRE)") && Catch::Contains("1000"));
  CHECK(*group->db().query_int("SELECT count(*) FROM items") == 3);
  CHECK(*group->db().query_int("SELECT count(*) FROM item_ids WHERE item_id IN ('i9', 'i10')") == 0);
}
