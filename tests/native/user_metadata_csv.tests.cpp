// read_user_metadata_csv: a Personalize Users CSV into typed columns, and errors that name the
// file, line, column and header.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "io/user_metadata_csv.h"
#include "support/fixtures.h"

using edgerec::MetadataColumn;
using edgerec::read_user_metadata_csv;
using edgerec::UserMetadataTable;
using edgerec::testing::TempDir;
using edgerec::testing::write_text_file;

namespace {

struct UsersFile {
  TempDir dir;
  std::string path = dir.file("users.csv");

  edgerec::Result<UserMetadataTable> read(const std::string& text) {
    write_text_file(path, text);
    return read_user_metadata_csv(path);
  }

  // The error for `text`, which must be an InvalidInput one.
  std::string error_of(const std::string& text) {
    auto table = read(text);
    INFO(text);
    REQUIRE_FALSE(table.ok());
    CHECK(table.status().code() == edgerec::StatusCode::kInvalidInput);
    return table.status().message();
  }
};

const MetadataColumn& column(const UserMetadataTable& table, const std::string& name) {
  for (const MetadataColumn& c : table.columns) {
    if (c.name == name) return c;
  }
  FAIL("no column " << name);
  return table.columns.front();
}

}  // namespace

TEST_CASE("users csv: ids in file order, every other column typed, empty cells null", "[users][csv]") {
  UsersFile f;
  auto table = f.read("SEGMENT,USER_ID,AGE,SCORE,TIERS\n"
                      "a,u1,40,1.5,gold|silver\n"
                      "b,u2,20,,\n"
                      ",\"u,3\",,2,bronze\r\n");
  INFO(table.status().message());
  REQUIRE(table.ok());
  CHECK(table->user_ids == std::vector<std::string>{"u1", "u2", "u,3"});
  REQUIRE(table->columns.size() == 4);  // USER_ID is the key, not a column

  const MetadataColumn& segment = column(*table, "SEGMENT");
  CHECK(segment.type == MetadataColumn::Type::kString);
  CHECK(segment.categorical);
  CHECK(segment.strings == std::vector<std::string>{"a", "b", ""});
  CHECK(segment.nulls == std::vector<uint8_t>{0, 0, 1});

  const MetadataColumn& age = column(*table, "AGE");
  CHECK(age.type == MetadataColumn::Type::kLong);
  CHECK(age.longs == std::vector<int64_t>{40, 20, 0});
  CHECK(age.nulls == std::vector<uint8_t>{0, 0, 1});

  const MetadataColumn& score = column(*table, "SCORE");
  CHECK(score.type == MetadataColumn::Type::kDouble);
  CHECK(score.doubles == std::vector<double>{1.5, 0.0, 2.0});
  CHECK(score.nulls == std::vector<uint8_t>{0, 1, 0});

  // Multi-valued categorical values keep their '|' separators; filters split them.
  CHECK(column(*table, "TIERS").strings == std::vector<std::string>{"gold|silver", "", "bronze"});
}

TEST_CASE("users csv: a header alone, or USER_ID alone, is a table without rows or columns", "[users][csv]") {
  UsersFile f;
  auto header_only = f.read("USER_ID,AGE\n");
  REQUIRE(header_only.ok());
  CHECK(header_only->user_ids.empty());
  REQUIRE(header_only->columns.size() == 1);
  CHECK(header_only->columns[0].rows() == 0);
  auto ids_only = f.read("USER_ID\nu1\nu2\n");
  REQUIRE(ids_only.ok());
  CHECK(ids_only->user_ids == std::vector<std::string>{"u1", "u2"});
  CHECK(ids_only->columns.empty());
}

TEST_CASE("users csv: errors name the file, line, column and field", "[users][csv]") {
  UsersFile f;
  const std::string& p = f.path;
  CHECK(f.error_of("") == p + ": empty file: a Users CSV needs a header row with USER_ID");
  CHECK(f.error_of("ID,AGE\nu1,3\n") == p + ":1: the header has no USER_ID column");
  CHECK(f.error_of("USER_ID,AGE,AGE\nu1,3,4\n") ==
        p + ":1:3 (AGE): column \"AGE\" already appears as column 2 of the header");
  CHECK(f.error_of("USER_ID,,AGE\nu1,,3\n") == p + ":1:2: the header has an empty column name");
  CHECK(f.error_of("USER_ID,AGE\nu1,3\nu2\n") == p + ":3: expected 2 columns as in the header, got 1");
  CHECK(f.error_of("AGE,USER_ID\n3,u1\n4,\n") == p + ":3:2 (USER_ID): USER_ID must be 1 to 256 characters long");
  CHECK(f.error_of("USER_ID,AGE\n" + std::string(257, 'x') + ",3\n") ==
        p + ":2:1 (USER_ID): USER_ID must be 1 to 256 characters long");
  CHECK(f.read("USER_ID,AGE\n" + std::string(256, 'x') + ",3\n").ok());
  CHECK(f.error_of("USER_ID,AGE\nu1,3\nu2,4\n\"u1\",5\n") ==
        p + ":4:1 (USER_ID): USER_ID \"u1\" already appeared on line 2");
  CHECK(f.error_of("USER_ID,AGE\nu1,3\nu2,4\"0\n") ==
        p + ":3:2 (AGE): a quote inside an unquoted field; quote the whole field and write the quote as two quotes (\"\")");

  auto missing = read_user_metadata_csv(f.dir.file("nope.csv"));
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.status().message(), Catch::Contains(f.dir.file("nope.csv")));
}
