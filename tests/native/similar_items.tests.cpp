// similar-items: co-occurrence neighbours, the co-interaction minimum, metadata neighbours for
// cold items, popular fallback for unknown items.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "edgerec/json.h"
#include "support/cli_test.h"
#include "support/fixtures.h"

using edgerec::JsonValue;
using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;
using edgerec::testing::write_text_file;

namespace {

// Two tastes: "a" users interact with a0..a9, "b" users with b0..b9, 6 items each.
std::string two_taste_csv() {
  std::ostringstream csv;
  csv << "USER_ID,ITEM_ID,TIMESTAMP\n";
  for (int u = 0; u < 200; ++u) {
    const char taste = u % 2 == 0 ? 'a' : 'b';
    for (int k = 0; k < 6; ++k) csv << "u" << u << "," << taste << ((u / 2 + k * 3) % 10) << "," << (100 + k) << "\n";
  }
  return csv.str();
}

std::vector<std::string> related(const std::string& erec, const std::string& item, int n) {
  auto rec = run_command(kCli + " recommend --solution " + q(erec) + " --item-id " + item + " --num-results " +
                         std::to_string(n));
  INFO(rec.err);
  REQUIRE(rec.exit_code == 0);
  auto json = edgerec::parse_json(rec.out, "stdout");
  REQUIRE(json.ok());
  std::vector<std::string> ids;
  for (const JsonValue& i : json->find("itemList")->items()) ids.push_back(i.find("itemId")->as_string());
  return ids;
}

}  // namespace

TEST_CASE("similar-items: neighbours come from the same taste", "[recipes]") {
  TempDir dir;
  write_text_file(dir.file("i.csv"), two_taste_csv());
  const std::string erec = dir.file("sims.erec");
  auto train = run_command(kCli + " train --recipe similar-items --interactions " + q(dir.file("i.csv")) +
                           " --output " + q(erec));
  INFO(train.err);
  REQUIRE(train.exit_code == 0);
  const auto ids = related(erec, "a0", 9);
  REQUIRE(ids.size() == 9);
  for (const std::string& id : ids) CHECK(id[0] == 'a');
  CHECK(std::find(ids.begin(), ids.end(), "a0") == ids.end());
  // Unknown items get popular items, marked as such.
  auto unknown = run_command(kCli + " recommend --solution " + q(erec) + " --item-id nope --num-results 3");
  REQUIRE(unknown.exit_code == 0);
  CHECK_THAT(unknown.out, Catch::Contains("\"reason\":[\"Popular item\"]"));
  // By userId is an error for a related-items recipe.
  auto by_user = run_command(kCli + " recommend --solution " + q(erec) + " --user-id u1");
  CHECK(by_user.exit_code == 1);
  CHECK_THAT(by_user.err, Catch::Contains("userId is not used"));
}

TEST_CASE("similar-items: pairs below min_cointeraction_count are not neighbours", "[recipes]") {
  TempDir dir;
  std::ostringstream csv;
  csv << "USER_ID,ITEM_ID,TIMESTAMP\n";
  // x and y appear together for 2 users only; filler makes the file trainable.
  csv << "p1,x,1\np1,y,2\np2,x,1\np2,y,2\n";
  for (int u = 0; u < 60; ++u) {
    for (int k = 0; k < 20; ++k) csv << "f" << u << ",z" << ((u + k) % 40) << "," << k << "\n";
  }
  write_text_file(dir.file("i.csv"), csv.str());
  for (const auto& [minimum, expect_y] : {std::pair<int, bool>{3, false}, {2, true}}) {
    const std::string erec = dir.file("m" + std::to_string(minimum) + ".erec");
    REQUIRE(run_command(kCli + " train --recipe similar-items --interactions " + q(dir.file("i.csv")) + " --output " +
                        q(erec) + " --hp min_cointeraction_count=" + std::to_string(minimum)).exit_code == 0);
    auto rec = run_command(kCli + " recommend --solution " + q(erec) + " --item-id x --num-results 1");
    REQUIRE(rec.exit_code == 0);
    INFO(rec.out);
    // With the pair kept, y is x's neighbour; without it, x only has popular backfill.
    CHECK((rec.out.find("\"itemId\":\"y\",\"score\"") != std::string::npos &&
           rec.out.find("reason") == std::string::npos) == expect_y);
  }
}

TEST_CASE("similar-items: cold items get neighbours from metadata", "[recipes]") {
  TempDir dir;
  write_text_file(dir.file("i.csv"), two_taste_csv());
  std::ostringstream items;
  items << "ITEM_ID,GENRE,CREATION_TIMESTAMP\n";
  for (int k = 0; k < 10; ++k) items << "a" << k << ",comedy|family,100\n" << "b" << k << ",horror,100\n";
  items << "newcomedy,comedy,500\nnewhorror,horror,500\n";
  write_text_file(dir.file("items.csv"), items.str());
  const std::string erec = dir.file("sims.erec");
  auto train = run_command(kCli + " train --recipe similar-items --interactions " + q(dir.file("i.csv")) +
                           " --items " + q(dir.file("items.csv")) + " --output " + q(erec));
  INFO(train.err);
  REQUIRE(train.exit_code == 0);
  for (const auto& [item, taste] : {std::pair<std::string, char>{"newcomedy", 'a'}, {"newhorror", 'b'}}) {
    const auto ids = related(erec, item, 5);
    REQUIRE(ids.size() == 5);
    for (const std::string& id : ids) CHECK(id[0] == taste);
  }
  auto bad_items = run_command(kCli + " train --recipe similar-items --interactions " + q(dir.file("i.csv")) +
                               " --items " + q(dir.file("i.csv")) + " --output " + q(erec));
  CHECK(bad_items.exit_code == 1);
  CHECK_THAT(bad_items.err, Catch::Contains("ITEM_ID"));
}
