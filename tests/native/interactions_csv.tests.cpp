// read_interactions_csv: Personalize's Interactions CSV rules, dictionary encoding, and errors
// that name file, line, column and header.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "io/interactions_csv.h"
#include "support/fixtures.h"

using edgerec::CsvReader;
using edgerec::InteractionsTable;
using edgerec::read_interactions_csv;

namespace {

edgerec::Result<InteractionsTable> parse(const std::string& text) {
  CsvReader reader = CsvReader::from_string(text, "interactions.csv");
  return read_interactions_csv(reader);
}

InteractionsTable parse_ok(const std::string& text) {
  auto table = parse(text);
  INFO(table.status().message());
  REQUIRE(table.ok());
  return std::move(table).value();
}

std::string error_of(const std::string& text) {
  auto table = parse(text);
  INFO(text);
  REQUIRE_FALSE(table.ok());
  CHECK(table.status().code() == edgerec::StatusCode::kInvalidInput);
  return table.status().message();
}

const std::string kHeader = "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE\n";

}  // namespace

TEST_CASE("interactions: rows become dictionary-encoded columns", "[interactions]") {
  const InteractionsTable table = parse_ok(kHeader +
                                           "u1,i1,100,view,\n"
                                           "u2,i2,200,purchase,9.99\n"
                                           "u1,i2,300,view,\n"
                                           "\"u,3\",i3,0,click,-1.5e2\n");
  REQUIRE(table.size() == 4);
  CHECK(table.user_ids == std::vector<std::string>{"u1", "u2", "u,3"});
  CHECK(table.item_ids == std::vector<std::string>{"i1", "i2", "i3"});
  CHECK(table.event_types == std::vector<std::string>{"view", "purchase", "click"});
  CHECK(table.users == std::vector<uint32_t>{0, 1, 0, 2});
  CHECK(table.items == std::vector<uint32_t>{0, 1, 1, 2});
  CHECK(table.timestamps == std::vector<int64_t>{100, 200, 300, 0});
  CHECK(table.event_type_ids == std::vector<uint16_t>{0, 1, 0, 2});
  REQUIRE(table.event_values.size() == 4);
  CHECK(std::isnan(table.event_values[0]));
  CHECK(table.event_values[1] == Approx(9.99f));
  CHECK(table.event_values[3] == -150.0f);
  CHECK(table.has_event_type);
  CHECK(table.has_event_value);
  CHECK(table.ignored_columns.empty());
}

TEST_CASE("interactions: columns in any order, optional ones absent, metadata ignored", "[interactions]") {
  const InteractionsTable table = parse_ok("DEVICE,TIMESTAMP,ITEM_ID,USER_ID\nphone,5,i9,u7\r\ntv,6,i8,u7");
  REQUIRE(table.size() == 2);
  CHECK(table.user_ids == std::vector<std::string>{"u7"});
  CHECK(table.item_ids == std::vector<std::string>{"i9", "i8"});
  CHECK(table.timestamps == std::vector<int64_t>{5, 6});
  CHECK_FALSE(table.has_event_type);
  CHECK_FALSE(table.has_event_value);
  CHECK(table.event_types.empty());
  CHECK(table.event_type_ids.empty());
  CHECK(table.event_values.empty());
  CHECK(table.columns == std::vector<std::string>{"DEVICE", "TIMESTAMP", "ITEM_ID", "USER_ID"});
  CHECK(table.ignored_columns == std::vector<std::string>{"DEVICE"});
}

TEST_CASE("interactions: many distinct ids keep first-seen order through table growth", "[interactions]") {
  std::string text = "USER_ID,ITEM_ID,TIMESTAMP\n";
  for (int i = 0; i < 20000; ++i) {
    // Ids of every length class the dictionary handles (short, 8, 9-15, 16, long).
    text += "user-" + std::to_string(i % 3000) + ",item-with-a-long-name-" + std::to_string(i % 5000) + "," +
            std::to_string(i) + "\n";
  }
  const InteractionsTable table = parse_ok(text);
  REQUIRE(table.size() == 20000);
  REQUIRE(table.user_ids.size() == 3000);
  REQUIRE(table.item_ids.size() == 5000);
  for (size_t row = 0; row < table.size(); ++row) {
    REQUIRE(table.user_ids[table.users[row]] == "user-" + std::to_string(row % 3000));
    REQUIRE(table.item_ids[table.items[row]] == "item-with-a-long-name-" + std::to_string(row % 5000));
  }
  CHECK(table.user_ids[2999] == "user-2999");
}

TEST_CASE("interactions: ids of every length are told apart", "[interactions]") {
  std::string text = "USER_ID,ITEM_ID,TIMESTAMP\n";
  std::vector<std::string> ids;
  for (size_t length = 1; length <= 40; ++length) {
    ids.push_back(std::string(length, 'a'));
    ids.push_back(std::string(length - 1, 'a') + "b");
    ids.push_back("b" + std::string(length - 1, 'a'));
  }
  for (const std::string& id : ids) text += "u," + id + ",1\n";
  const InteractionsTable table = parse_ok(text);
  std::vector<std::string> expected;
  for (const std::string& id : ids) {
    if (std::find(expected.begin(), expected.end(), id) == expected.end()) expected.push_back(id);
  }
  CHECK(table.item_ids == expected);
}

TEST_CASE("interactions: an empty or header-only file has no interactions", "[interactions]") {
  CHECK(error_of("") ==
        "interactions.csv: the file is empty; expected a header row naming USER_ID, ITEM_ID and TIMESTAMP");
  CHECK(error_of("\n\n") ==
        "interactions.csv: the file is empty; expected a header row naming USER_ID, ITEM_ID and TIMESTAMP");
  CHECK(error_of("USER_ID,ITEM_ID,TIMESTAMP\n") ==
        "interactions.csv: the file has no interactions, only a header row (USER_ID,ITEM_ID,TIMESTAMP)");
}

TEST_CASE("interactions: header problems are named", "[interactions]") {
  CHECK(error_of("USER_ID,ITEM_ID\nu,i\n") ==
        "interactions.csv:1: the header has no TIMESTAMP column; an Interactions CSV needs USER_ID, ITEM_ID and "
        "TIMESTAMP (found: USER_ID,ITEM_ID)");
  CHECK_THAT(error_of("user_id,ITEM_ID,TIMESTAMP\nu,i,1\n"),
             Catch::EndsWith("column names are case-sensitive, so \"user_id\" must be written USER_ID"));
  CHECK(error_of("USER_ID,ITEM_ID,TIMESTAMP,ITEM_ID\nu,i,1,j\n") ==
        "interactions.csv:1:4 (ITEM_ID): duplicate column ITEM_ID in the header (also column 2)");
  CHECK(error_of("USER_ID,,ITEM_ID,TIMESTAMP\nu,x,i,1\n") ==
        "interactions.csv:1:2: empty column name in the header row");
}

TEST_CASE("interactions: a row with the wrong number of columns", "[interactions]") {
  CHECK(error_of(kHeader + "u,i,1,view,\nu,i,2\n") ==
        "interactions.csv:3:4 (EVENT_TYPE): expected 5 columns as in the header, got 3");
  CHECK(error_of(kHeader + "u,i,1,view,,extra\n") == "interactions.csv:2:6: expected 5 columns as in the header, got 6");
}

TEST_CASE("interactions: ids must be present and at most 256 characters", "[interactions]") {
  CHECK(error_of(kHeader + "u,i,1,view,\n,i,2,view,\n") ==
        "interactions.csv:3:1 (USER_ID): empty value; every interaction needs one");
  CHECK(error_of("TIMESTAMP,USER_ID,ITEM_ID\n1,u,\n") ==
        "interactions.csv:2:3 (ITEM_ID): empty value; every interaction needs one");
  const std::string long_id(257, 'x');
  CHECK_THAT(error_of(kHeader + "u," + long_id + ",1,view,\n"),
             Catch::StartsWith("interactions.csv:2:2 (ITEM_ID): longer than 256 characters (257)"));
  // 256 characters is fine, even when they take more than 256 bytes.
  std::string accented;
  for (int i = 0; i < 256; ++i) accented += "\xC3\xA9";
  CHECK(parse_ok(kHeader + accented + ",i,1,view,\n").user_ids[0] == accented);
  CHECK_THAT(error_of(kHeader + "u,i,1," + std::string(257, 'e') + ",\n"),
             Catch::StartsWith("interactions.csv:2:4 (EVENT_TYPE): longer than 256 characters"));
}

TEST_CASE("interactions: TIMESTAMP must be integer epoch seconds, before 1970 too", "[interactions]") {
  CHECK(error_of(kHeader + "u,i,abc,view,\n") ==
        "interactions.csv:2:3 (TIMESTAMP): expected epoch seconds as an integer, got \"abc\"");
  CHECK(error_of(kHeader + "u,i,,view,\n") ==
        "interactions.csv:2:3 (TIMESTAMP): expected epoch seconds as an integer, got \"\"");
  CHECK(error_of(kHeader + "u,i,1.5,view,\n") ==
        "interactions.csv:2:3 (TIMESTAMP): expected epoch seconds as an integer, got \"1.5\"");
  CHECK(error_of(kHeader + "u,i, 12,view,\n") ==
        "interactions.csv:2:3 (TIMESTAMP): expected epoch seconds as an integer, got \" 12\"");
  // Avro long, as Personalize's schema types it: 1969 is a valid time.
  CHECK(parse_ok(kHeader + "u,i,-94694400,view,\n").timestamps[0] == -94694400);
  CHECK(error_of(kHeader + "u,i,-1700000000000,view,\n") ==
        "interactions.csv:2:3 (TIMESTAMP): got -1700000000000, which looks like milliseconds; TIMESTAMP must be "
        "epoch seconds");
  CHECK(error_of(kHeader + "u,i,99999999999999999999,view,\n") ==
        "interactions.csv:2:3 (TIMESTAMP): epoch seconds out of range: \"99999999999999999999\"");
  CHECK(error_of(kHeader + "u,i,1700000000000,view,\n") ==
        "interactions.csv:2:3 (TIMESTAMP): got 1700000000000, which looks like milliseconds; TIMESTAMP must be "
        "epoch seconds");
  // The line is where the row starts, after a quoted value spanning lines.
  CHECK(error_of("TIMESTAMP,USER_ID,ITEM_ID\n1,\"a\nb\",i\nx,u,i\n") ==
        "interactions.csv:4:1 (TIMESTAMP): expected epoch seconds as an integer, got \"x\"");
}

TEST_CASE("interactions: EVENT_VALUE must be a finite number or empty", "[interactions]") {
  CHECK(error_of(kHeader + "u,i,1,purchase,cheap\n") ==
        "interactions.csv:2:5 (EVENT_VALUE): expected a number or an empty value, got \"cheap\"");
  CHECK(error_of(kHeader + "u,i,1,purchase,inf\n") ==
        "interactions.csv:2:5 (EVENT_VALUE): expected a finite number that fits a float, got \"inf\"");
  CHECK_THAT(error_of(kHeader + "u,i,1,purchase,nan\n"), Catch::Contains("expected a finite number"));
  CHECK_THAT(error_of(kHeader + "u,i,1,purchase,1e39\n"), Catch::Contains("expected a finite number"));
  CHECK(parse_ok(kHeader + "u,i,1,purchase,1e3\n").event_values[0] == 1000.0f);
}

TEST_CASE("interactions: CSV-level errors carry the header name", "[interactions]") {
  CHECK_THAT(error_of(kHeader + "u,i,1,\"view,\n"),
             Catch::StartsWith("interactions.csv:2:4 (EVENT_TYPE): the quoted field that starts here is never closed"));
  CHECK_THAT(error_of(kHeader + "u,caf\xC3,1,view,\n"),
             Catch::StartsWith("interactions.csv:2:2 (ITEM_ID): invalid UTF-8 at byte 4 of the field"));
}

TEST_CASE("interactions: reads a file by path and reports a missing one", "[interactions]") {
  edgerec::testing::TempDir dir;
  edgerec::testing::write_text_file(dir.file("i.csv"), kHeader + "u,i,1,view,\n");
  auto table = read_interactions_csv(dir.file("i.csv"));
  REQUIRE(table.ok());
  CHECK(table->size() == 1);
  auto missing = read_interactions_csv(dir.file("missing.csv"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == edgerec::StatusCode::kNotFound);
}
