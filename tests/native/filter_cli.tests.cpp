// Filters end to end: Items metadata from a CSV or a dataset group stored in the solution by the
// trainer, and `edgerec recommend` / `edgerec rank` with --filter and --filter-values.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <sstream>

#include "edgerec/json.h"
#include "support/cli_test.h"
#include "support/fixtures.h"
#include "support/response_test.h"

using edgerec::testing::json_of;
using edgerec::testing::kCli;
using edgerec::testing::q;

using edgerec::JsonValue;
using edgerec::testing::read_text_file;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;
using edgerec::testing::write_text_file;
using edgerec::testing::item_ids;

namespace {

struct ItemRow {
  std::string genre;
  double price = 0.0;
};

// The synthetic Items CSV (ITEM_ID,GENRE,CATEGORY,PRICE,CREATION_TIMESTAMP; no quoting needed).
std::map<std::string, ItemRow> read_items(const std::string& path) {
  std::map<std::string, ItemRow> items;
  std::istringstream in(read_text_file(path));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ',');) f.push_back(cell);
    REQUIRE(f.size() == 5);
    items[f[0]] = {f[1], std::stod(f[3])};
  }
  return items;
}


struct Fixture {
  TempDir dir;
  std::string interactions = dir.file("i.csv");
  std::string items_csv = dir.file("items.csv");
  std::map<std::string, ItemRow> items;

  Fixture() {
    auto synth = run_command(kCli + " synth --users 200 --items 80 --interactions 6000 --seed 5 --output " +
                             q(interactions) + " --items-output " + q(items_csv));
    REQUIRE(synth.exit_code == 0);
    items = read_items(items_csv);
  }

  // A popularity solution's whole catalog, from an unfiltered request.
  std::vector<std::string> catalog(const std::string& solution) {
    auto all = run_command(kCli + " recommend --solution " + q(solution) + " --num-results 500");
    REQUIRE(all.exit_code == 0);
    return item_ids(json_of(all.out));
  }

  std::string train(const std::string& recipe, const std::string& extra = "") {
    const std::string out = dir.file(recipe + ".erec");
    auto trained = run_command(kCli + " train --recipe " + recipe + " --interactions " + q(interactions) + " --items " +
                               q(items_csv) + " --output " + q(out) + " --quiet " + extra);
    INFO(trained.err);
    REQUIRE(trained.exit_code == 0);
    return out;
  }
};

}  // namespace

TEST_CASE("cli filters: recommend keeps only items that pass, with filter values", "[cli][filter]") {
  Fixture f;
  const std::string solution = f.train("popularity-count");
  const std::string filter = "INCLUDE ItemID WHERE Items.GENRE IN ($GENRE) AND Items.PRICE < $MAX";
  auto rec = run_command(kCli + " recommend --solution " + q(solution) + " --num-results 50 --filter " + q(filter) +
                         " --filter-values " + q(R"({"GENRE":"\"genre_1\",\"genre_2\"","MAX":"\"40\""})"));
  INFO(rec.err);
  REQUIRE(rec.exit_code == 0);
  const std::vector<std::string> listed = item_ids(json_of(rec.out));
  size_t expected = 0;
  for (const std::string& id : f.catalog(solution)) {
    expected += (f.items[id].genre == "genre_1" || f.items[id].genre == "genre_2") && f.items[id].price < 40;
  }
  REQUIRE(expected > 0);
  CHECK(listed.size() == std::min<size_t>(expected, 50));
  for (const std::string& id : listed) {
    INFO(id);
    CHECK((f.items[id].genre == "genre_1" || f.items[id].genre == "genre_2"));
    CHECK(f.items[id].price < 40);
  }

  // A chain: EXCLUDE expressions only.
  auto chained = run_command(kCli + " recommend --solution " + q(solution) + " --num-results 500 --filter " +
                             q(R"(EXCLUDE ItemID WHERE Items.GENRE IN ("genre_0") | EXCLUDE ItemID WHERE Items.PRICE >= 20)"));
  REQUIRE(chained.exit_code == 0);
  for (const std::string& id : item_ids(json_of(chained.out))) {
    CHECK(f.items[id].genre != "genre_0");
    CHECK(f.items[id].price < 20);
  }
}

TEST_CASE("cli filters: related items, user-personalization interactions, and ranking", "[cli][filter]") {
  Fixture f;
  const std::string sims = f.train("similar-items");
  auto related = run_command(kCli + " recommend --solution " + q(sims) + " --item-id i3 --num-results 10 --filter " +
                             q("INCLUDE ItemID WHERE Items.GENRE IN CurrentItem.GENRE"));
  INFO(related.err);
  REQUIRE(related.exit_code == 0);
  const std::vector<std::string> listed = item_ids(json_of(related.out));
  CHECK_FALSE(listed.empty());
  for (const std::string& id : listed) CHECK(f.items[id].genre == f.items["i3"].genre);

  const std::string up = f.train("user-personalization", "--hp factors=8 --hp iterations=3 --threads 1");
  std::set<std::string> seen;  // u1's items (its few events all fit the stored history of 100)
  size_t events = 0;
  std::istringstream rows(read_text_file(f.interactions));
  for (std::string line; std::getline(rows, line);) {
    if (line.rfind("u1,", 0) != 0) continue;
    seen.insert(line.substr(3, line.find(',', 3) - 3));
    ++events;
  }
  REQUIRE_FALSE(seen.empty());
  REQUIRE(events <= 100);
  auto fresh = run_command(kCli + " recommend --solution " + q(up) + " --user-id u1 --num-results 20 --filter " +
                           q(R"(EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*"))"));
  INFO(fresh.err);
  REQUIRE(fresh.exit_code == 0);
  CHECK(item_ids(json_of(fresh.out)).size() == 20);
  for (const std::string& id : item_ids(json_of(fresh.out))) CHECK(seen.count(id) == 0);

  auto ranked = run_command(kCli + " rank --solution " + q(up) + " --user-id u1 --input-list i0,i1,i2,i3,i4,nope --filter " +
                            q("INCLUDE ItemID WHERE Items.PRICE < $P") + " --filter-values " + q(R"({"P":"25"})"));
  INFO(ranked.err);
  REQUIRE(ranked.exit_code == 0);
  const std::vector<std::string> order = item_ids(json_of(ranked.out), "personalizedRanking");
  REQUIRE_FALSE(order.empty());
  CHECK(order.back() == "nope");  // unknown to the solution: kept last, unscored
  for (size_t i = 0; i + 1 < order.size(); ++i) CHECK(f.items[order[i]].price < 25);
}

TEST_CASE("cli filters: errors and exit codes", "[cli][filter]") {
  Fixture f;
  const std::string solution = f.train("popularity-count");
  const std::string base = kCli + " recommend --solution " + q(solution);
  auto unknown = run_command(base + " --filter " + q(R"(INCLUDE ItemID WHERE Items.COLOUR IN ("red"))"));
  CHECK(unknown.exit_code == 1);
  CHECK_THAT(unknown.err, Catch::Contains("edgerec recommend: InvalidInput: filter: position 22: unknown field "
                                          "Items.COLOUR: the solution's item columns are CREATION_TIMESTAMP, GENRE, "
                                          "CATEGORY, PRICE"));
  auto syntax = run_command(base + " --filter " + q("INCLUDE ItemID WHERE Items.GENRE LIKE 3"));
  CHECK(syntax.exit_code == 1);
  CHECK_THAT(syntax.err, Catch::Contains("filter: position 34: expected IN, NOT IN, =, <, <=, > or >= after Items.GENRE"));
  auto missing = run_command(base + " --filter " + q("INCLUDE ItemID WHERE Items.GENRE IN ($G)"));
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Catch::Contains("filterValues has no $G"));
  auto not_object = run_command(base + " --filter x --filter-values " + q("[1]"));
  CHECK(not_object.exit_code == 2);
  CHECK_THAT(not_object.err, Catch::Contains("flag --filter-values must be a JSON object"));
  auto bad_json = run_command(base + " --filter x --filter-values " + q("{"));
  CHECK(bad_json.exit_code == 2);
  CHECK_THAT(bad_json.err, Catch::Contains("flag --filter-values is not valid JSON"));
  auto values_alone = run_command(base + " --filter-values " + q(R"({"G":"\"a\""})"));
  CHECK(values_alone.exit_code == 1);
  CHECK_THAT(values_alone.err, Catch::Contains("filterValues needs filterExpression"));
}

TEST_CASE("cli filters: a dataset group's Items fields reach the solution with their types", "[cli][filter][group]") {
  Fixture f;
  const std::string group = f.dir.file("group");
  REQUIRE(run_command(kCli + " create-dataset-group " + q(group)).exit_code == 0);
  REQUIRE(run_command(kCli + " import " + q(group) + " --dataset interactions --csv " + q(f.interactions)).exit_code == 0);
  write_text_file(f.dir.file("items.json"),
                  R"({"type":"record","name":"Items","namespace":"com.amazonaws.personalize.schema","fields":[)"
                  R"({"name":"ITEM_ID","type":"string"},{"name":"GENRE","type":"string","categorical":true},)"
                  R"({"name":"CATEGORY","type":["null","string"]},{"name":"PRICE","type":"float"},)"
                  R"({"name":"CREATION_TIMESTAMP","type":"long"}],"version":"1.0"})");
  auto imported = run_command(kCli + " import " + q(group) + " --dataset items --csv " + q(f.items_csv) + " --schema " +
                              q(f.dir.file("items.json")));
  INFO(imported.err);
  REQUIRE(imported.exit_code == 0);
  auto train = run_command(kCli + " train " + q(group) + " --recipe popularity-count --quiet --output " +
                           q(f.dir.file("g.erec")));
  INFO(train.err);
  REQUIRE(train.exit_code == 0);
  // PRICE is a float field: compared as a number; CREATION_TIMESTAMP comes along.
  auto rec = run_command(kCli + " recommend --solution " + q(f.dir.file("g.erec")) + " --num-results 500 --filter " +
                         q("INCLUDE ItemID WHERE Items.PRICE >= 100 AND Items.CREATION_TIMESTAMP > 0"));
  INFO(rec.err);
  REQUIRE(rec.exit_code == 0);
  const std::vector<std::string> listed = item_ids(json_of(rec.out));
  size_t expected = 0;  // over the catalog: the items with interactions
  for (const std::string& id : f.catalog(f.dir.file("g.erec"))) expected += f.items[id].price >= 100;
  CHECK(listed.size() == expected);
  for (const std::string& id : listed) CHECK(f.items[id].price >= 100);
  auto by_category = run_command(kCli + " recommend --solution " + q(f.dir.file("g.erec")) + " --filter " +
                                 q(R"(INCLUDE ItemID WHERE Items.CATEGORY IN ("category_1_0"))"));
  REQUIRE(by_category.exit_code == 0);
  for (const std::string& id : item_ids(json_of(by_category.out))) CHECK(f.items[id].genre == "genre_1");
}

TEST_CASE("cli filters: items created before 1970 keep their (negative) creation times", "[cli][filter]") {
  Fixture f;
  // Rewrite the synthetic catalogue with a 1967 creation time for items whose number ends in 7.
  std::istringstream in(read_text_file(f.items_csv));
  std::ostringstream out;
  std::string line;
  std::getline(in, line);
  out << line << "\n";
  std::set<std::string> old;
  while (std::getline(in, line)) {
    const std::string id = line.substr(0, line.find(','));
    if (id.back() == '7') {
      out << line.substr(0, line.rfind(',') + 1) << "-94694400\n";
      old.insert(id);
    } else {
      out << line << "\n";
    }
  }
  REQUIRE_FALSE(old.empty());
  write_text_file(f.items_csv, out.str());
  const std::string solution = f.train("popularity-count");
  auto rec = run_command(kCli + " recommend --solution " + q(solution) + " --num-results 500 --filter " +
                         q("INCLUDE ItemID WHERE Items.CREATION_TIMESTAMP < 0"));
  INFO(rec.err);
  REQUIRE(rec.exit_code == 0);
  const std::vector<std::string> listed = item_ids(json_of(rec.out));
  CHECK(std::set<std::string>(listed.begin(), listed.end()) == old);
}
