// `describe` (DatasetGroup::describe_json) shows every column it means to: each table's column
// list is held against the database's real columns, and every listed column of every row reaches
// the JSON with its stored value. A column added to a table, or one a writer stops writing (as
// data_deletion_jobs.finished_at once was), fails here.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "edgerec/json.h"
#include "store/dataset_group.h"
#include "store/group_description.h"
#include "support/cli_test.h"
#include "support/dataset_group_test.h"
#include "support/fixtures.h"

using edgerec::ColumnAs;
using edgerec::ColumnJson;
using edgerec::DatasetGroup;
using edgerec::JsonValue;
using edgerec::TableJson;
using edgerec::testing::exec;
using edgerec::testing::json_of;
using edgerec::testing::new_group;
using edgerec::testing::TempDir;

namespace {

std::set<std::string> table_columns(DatasetGroup& group, const std::string& table) {
  auto info = group.db().prepare("SELECT name FROM pragma_table_info('" + table + "')");
  REQUIRE(info.ok());
  std::set<std::string> names;
  for (;;) {
    auto row = info->step();
    REQUIRE(row.ok());
    if (!*row) break;
    names.insert(info->column_text(0));
  }
  REQUIRE_FALSE(names.empty());
  return names;
}

std::set<std::string> keys_of(const JsonValue& object) {
  REQUIRE(object.is_object());
  std::set<std::string> keys;
  for (const JsonValue::Member& m : object.members()) keys.insert(m.first);
  return keys;
}

// Every column filled in, and a second row with every nullable column NULL.
void fill_every_column(DatasetGroup& group) {
  exec(group,
       "INSERT INTO datasets(dataset_type, schema_json, created_at, updated_at) "
       "VALUES ('interactions', '{\"type\":\"record\",\"name\":\"Interactions\"}', 1700000001, 1700000002);"
       "INSERT INTO import_jobs(job_name, dataset_type, mode, source, status, rows_read, rows_imported, errors, "
       "pid, created_at, finished_at, message) VALUES ('first', 'interactions', 'FULL', 'i.csv', 'CREATE FAILED', "
       "7, 5, '[\"i.csv:3:1 (USER_ID): empty value\",\"i.csv:4:1 (USER_ID): empty value\"]', 4242, 1700000010, "
       "1700000011, 'interactions: 2 rows were refused');"
       "INSERT INTO import_jobs(job_name, dataset_type, mode, source, status, created_at) "
       "VALUES ('second', 'interactions', 'INCREMENTAL', 'j.csv', 'CREATE IN_PROGRESS', 1700000020);"
       "INSERT INTO data_deletion_jobs(status, users, num_deleted, created_at, finished_at, message) "
       "VALUES ('COMPLETED', 3, 2, 1700000030, 1700000031, 'deleted 2 of 3 users');"
       "INSERT INTO data_deletion_jobs(status, users, created_at) VALUES ('IN_PROGRESS', 1, 1700000040);"
       "INSERT INTO solution_versions(solution_version_id, recipe, path, status, created_at, metrics, "
       "training_mode, base_solution_version_id) VALUES ('sv-b', 'user-personalization', 'b.erec', 'ACTIVE', "
       "1700000060, '{\"coverage\":0.5}', 'UPDATE', 'sv-a');"
       "INSERT INTO solution_versions(solution_version_id, recipe, path, status, created_at) "
       "VALUES ('sv-a', 'popularity-count', 'a.erec', 'ACTIVE', 1700000050);"
       "UPDATE solution_versions SET solution_name = 'shop-up', failure_reason = 'not enough data', progress = "
       "'iALS fit: 3/10 iterations', updated_at = 1700000071, pid = 77 WHERE solution_version_id = 'sv-b';"
       "INSERT INTO solutions(name, recipe, perform_hpo, perform_auto_ml, event_type, solution_config, created_at, "
       "updated_at) VALUES ('shop-up', 'user-personalization', 1, 0, 'click', '{\"algorithmHyperParameters\":{}}', "
       "1700000065, 1700000066);"
       "INSERT INTO solutions(name, recipe, created_at, updated_at) VALUES ('shop-auto', 'auto', 1700000067, 1700000067);"
       "INSERT INTO batch_jobs(kind, job_name, solution_version_id, filter_name, num_results, input_location, input_path, "
       "output_location, output_path, role_arn, status, failure_reason, pid, lines, failed_lines, created_at, updated_at) "
       "VALUES ('inference', 'nightly', 'sv-b', 'genre', 10, 's3://data/u.jsonl', '/d/u.jsonl', 's3://data/out/', "
       "'/d/out/u.jsonl.out', 'r', 'ACTIVE', NULL, 9, 100, 2, 1700000080, 1700000081);"
       "INSERT INTO batch_jobs(kind, job_name, solution_version_id, num_results, input_location, input_path, "
       "output_location, output_path, status, failure_reason, created_at, updated_at) VALUES ('inference', 'failed', "
       "'sv-a', 25, 's3://data/v.jsonl', '/d/v.jsonl', 's3://data/out/', '/d/out/v.jsonl.out', 'CREATE FAILED', "
       "'the worker process was killed by signal 9', 1700000090, 1700000091);"
       "UPDATE import_jobs SET data_location = 's3://data/i.csv', role_arn = 'arn:aws:iam::1:role/r', updated_at = "
       "1700000012 WHERE job_name = 'first';"
       "UPDATE data_deletion_jobs SET job_name = 'forget', data_location = 's3://data/d.csv', source = '/d.csv', "
       "role_arn = 'r', pid = 5 WHERE status = 'COMPLETED';");
}

JsonValue describe(DatasetGroup& group) {
  auto described = group.describe_json();
  INFO(described.status().to_string());
  REQUIRE(described.ok());
  return json_of(*described);
}

// The described member `key` of `object` holds the stored value of `column` (read from `row`).
void check_value(const JsonValue& object, const ColumnJson& column, const edgerec::sql::Statement& row, int index) {
  INFO("column " << column.column << " as " << column.key);
  const JsonValue* value = object.find(column.key);
  const bool null = row.column_is_null(index);
  switch (column.as) {
    case ColumnAs::kInteger:
      REQUIRE(value != nullptr);
      CHECK(value->as_number() == static_cast<double>(row.column_int(index)));
      break;
    case ColumnAs::kText:
      REQUIRE(value != nullptr);
      CHECK(value->as_string() == row.column_text(index));
      break;
    case ColumnAs::kIntegerOrNull:
      REQUIRE(value != nullptr);
      if (null) CHECK(value->is_null());
      else CHECK(value->as_number() == static_cast<double>(row.column_int(index)));
      break;
    case ColumnAs::kTextOrNull:
      REQUIRE(value != nullptr);
      if (null) CHECK(value->is_null());
      else CHECK(value->as_string() == row.column_text(index));
      break;
    case ColumnAs::kTextIfPresent:
      CHECK((value != nullptr) == !null);
      if (value != nullptr) CHECK(value->as_string() == row.column_text(index));
      break;
    case ColumnAs::kJsonIfPresent: {
      CHECK((value != nullptr) == !row.column_text(index).empty());
      if (value != nullptr) CHECK(keys_of(*value) == keys_of(json_of(row.column_text(index))));
      break;
    }
    case ColumnAs::kStringArray: {
      REQUIRE(value != nullptr);
      REQUIRE(value->is_array());
      std::vector<std::string> stored;
      if (!null) {
        const JsonValue array = json_of(row.column_text(index));
        for (const JsonValue& e : array.items()) stored.push_back(e.as_string());
      }
      std::vector<std::string> shown;
      for (const JsonValue& e : value->items()) shown.push_back(e.as_string());
      CHECK(shown == stored);
      break;
    }
  }
}

}  // namespace

TEST_CASE("describe: every column of a described table is shown, or left out by name", "[dataset_group][describe]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  for (const TableJson& table : edgerec::described_tables()) {
    INFO(table.table);
    std::set<std::string> accounted;
    for (const ColumnJson& c : table.columns) CHECK(accounted.insert(c.column).second);  // listed once
    for (const char* c : table.unshown) CHECK(accounted.insert(c).second);
    CHECK(accounted == table_columns(group, table.table));
  }
  std::set<std::string> dataset = {"dataset_type"};  // the member each dataset is written under
  for (const ColumnJson& c : edgerec::dataset_columns()) CHECK(dataset.insert(c.column).second);
  CHECK(dataset == table_columns(group, "datasets"));
}

TEST_CASE("describe: every row shows each listed column under its key, with the stored value",
          "[dataset_group][describe]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  fill_every_column(group);
  const JsonValue json = describe(group);

  for (const TableJson& table : edgerec::described_tables()) {
    INFO(table.key);
    const JsonValue* shown = json.find(table.key);
    REQUIRE(shown != nullptr);
    auto rows = group.db().prepare("SELECT " + edgerec::select_list(table.columns) + " FROM " + table.table +
                                   " ORDER BY " + table.order_by);
    REQUIRE(rows.ok());
    size_t n = 0;
    for (;; ++n) {
      auto row = rows->step();
      REQUIRE(row.ok());
      if (!*row) break;
      REQUIRE(n < shown->items().size());
      const JsonValue& object = shown->items()[n];
      std::set<std::string> expected_keys;
      for (size_t c = 0; c < table.columns.size(); ++c) {
        check_value(object, table.columns[c], *rows, static_cast<int>(c));
        if (object.find(table.columns[c].key) != nullptr) expected_keys.insert(table.columns[c].key);
      }
      CHECK(keys_of(object) == expected_keys);  // nothing else either
    }
    CHECK(n == 2);  // both rows of every table, the full one and the sparse one
    CHECK(shown->items().size() == n);
  }

  const JsonValue* interactions = json.find("datasets")->find("interactions");
  REQUIRE(interactions != nullptr);
  auto stored = group.db().prepare("SELECT " + edgerec::select_list(edgerec::dataset_columns()) +
                                   " FROM datasets WHERE dataset_type = 'interactions'");
  REQUIRE(stored.ok());
  REQUIRE(*stored->step());
  for (size_t c = 0; c < edgerec::dataset_columns().size(); ++c) {
    check_value(*interactions, edgerec::dataset_columns()[c], *stored, static_cast<int>(c));
  }
  CHECK(interactions->find("status")->as_string() == "ACTIVE");
  CHECK(json.find("datasets")->find("items")->find("status")->as_string() == "NOT_CREATED");
  CHECK(json.find("datasets")->find("items")->find("createdAt") == nullptr);
}

TEST_CASE("describe: a data deletion job says when it finished", "[dataset_group][describe][data_deletion]") {
  TempDir dir;
  DatasetGroup group = new_group(dir);
  fill_every_column(group);
  const JsonValue json = describe(group);
  const auto& jobs = json.find("dataDeletionJobs")->items();
  REQUIRE(jobs.size() == 2);
  REQUIRE(jobs[0].find("finishedAt") != nullptr);
  CHECK(jobs[0].find("finishedAt")->as_number() == 1700000031);
  REQUIRE(jobs[1].find("finishedAt") != nullptr);
  CHECK(jobs[1].find("finishedAt")->is_null());  // still running
}
