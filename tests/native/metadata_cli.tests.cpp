// metadataColumns and campaign exploration end to end: a solution trained with the synthetic
// Items CSV, `edgerec recommend|rank --metadata-columns` and `edgerec recommend --campaign-config`.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include "edgerec/json.h"
#include "support/cli_test.h"
#include "support/fixtures.h"

using edgerec::testing::json_of;
using edgerec::testing::kCli;
using edgerec::testing::q;

using edgerec::JsonValue;
using edgerec::testing::read_text_file;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;

namespace {

struct ItemRow {
  std::string genre;
  std::string price;  // as written in the CSV
  int64_t created = 0;
};

struct Fixture {
  TempDir dir;
  std::string interactions = dir.file("i.csv");
  std::string items_csv = dir.file("items.csv");
  std::map<std::string, ItemRow> items;

  Fixture() {
    auto synth = run_command(kCli + " synth --users 200 --items 150 --interactions 6000 --seed 9 --output " +
                             q(interactions) + " --items-output " + q(items_csv));
    REQUIRE(synth.exit_code == 0);
    std::istringstream in(read_text_file(items_csv));
    std::string line;
    std::getline(in, line);  // ITEM_ID,GENRE,CATEGORY,PRICE,CREATION_TIMESTAMP
    while (std::getline(in, line)) {
      std::vector<std::string> f;
      std::stringstream fields(line);
      for (std::string cell; std::getline(fields, cell, ',');) f.push_back(cell);
      REQUIRE(f.size() == 5);
      items[f[0]] = {f[1], f[3], std::stoll(f[4])};
    }
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

JsonValue run_ok(const std::string& command) {
  auto r = run_command(command);
  INFO(command);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return json_of(r.out);
}

std::string run_failing(const std::string& command) {
  auto r = run_command(command);
  INFO(command);
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  return r.err;
}

}  // namespace

TEST_CASE("cli metadata: recommend and rank return the requested Items columns", "[cli][metadata]") {
  Fixture f;
  const std::string popular = f.train("popularity-count");
  const JsonValue rec = run_ok(kCli + " recommend --solution " + q(popular) +
                               " --num-results 50 --metadata-columns GENRE,PRICE,CREATION_TIMESTAMP");
  const auto& list = rec.find("itemList")->items();
  REQUIRE(list.size() == 50);
  for (const JsonValue& item : list) {
    const std::string id = item.find("itemId")->as_string();
    INFO(id);
    const JsonValue* metadata = item.find("metadata");
    REQUIRE(metadata != nullptr);
    CHECK(metadata->find("GENRE")->as_string() == f.items[id].genre);
    CHECK(metadata->find("PRICE")->as_string() == f.items[id].price);
    CHECK(metadata->find("CREATION_TIMESTAMP")->as_string() == std::to_string(f.items[id].created));
  }

  const std::string up = f.train("user-personalization", "--hp factors=8 --hp iterations=3 --hp hpo_trials=1 --threads 1");
  const JsonValue ranked = run_ok(kCli + " rank --solution " + q(up) +
                                  " --user-id u1 --input-list i3,nope,i7 --metadata-columns GENRE");
  const auto& ranking = ranked.find("personalizedRanking")->items();
  REQUIRE(ranking.size() == 3);
  for (size_t i = 0; i < 2; ++i) {
    const std::string id = ranking[i].find("itemId")->as_string();
    CHECK(ranking[i].find("metadata")->find("GENRE")->as_string() == f.items[id].genre);
  }
  CHECK(ranking[2].find("itemId")->as_string() == "nope");
  CHECK(ranking[2].find("metadata") == nullptr);

  // Errors: the cap, an unknown column, a solution without metadata.
  CHECK(run_failing(kCli + " recommend --solution " + q(popular) + " --num-results 51 --metadata-columns GENRE") ==
        "edgerec recommend: InvalidInput: request field numResults must be at most 50 when metadataColumns is given "
        "(as in Personalize), got 51\n");
  CHECK(run_failing(kCli + " recommend --solution " + q(popular) + " --metadata-columns GENRE,COLOUR") ==
        "edgerec recommend: InvalidInput: request field metadataColumns: unknown column ITEMS.COLOUR; the solution's "
        "item columns are CREATION_TIMESTAMP, GENRE, CATEGORY, PRICE\n");
  CHECK(run_failing(kCli + " rank --solution " + q(up) + " --user-id u1 --input-list i1 --metadata-columns ,") ==
        "edgerec rank: InvalidInput: request field metadataColumns.ITEMS[0] must not be empty\n");
  TempDir bare_dir;
  const std::string bare = bare_dir.file("bare.erec");
  REQUIRE(run_command(kCli + " train --recipe popularity-count --interactions " + q(f.interactions) + " --output " +
                      q(bare) + " --quiet").exit_code == 0);
  CHECK_THAT(run_failing(kCli + " recommend --solution " + q(bare) + " --metadata-columns GENRE"),
             Catch::Contains("the solution version has no item metadata"));
}

TEST_CASE("cli exploration: --campaign-config explores new items, weight 0 changes nothing", "[cli][exploration]") {
  Fixture f;
  const std::string up = f.train("user-personalization", "--hp factors=8 --hp iterations=3 --hp hpo_trials=1 --threads 1");
  const int64_t end = json_of(run_command(kCli + " describe-solution " + q(up)).out)
                          .find("trainingData")->find("maxTimestamp")->as_number();
  const std::string base = kCli + " recommend --solution " + q(up) + " --user-id u1 --num-results 20";
  const JsonValue plain = run_ok(base);

  const JsonValue zero = run_ok(base + " --campaign-config " +
                                q(R"({"itemExplorationConfig":{"explorationWeight":"0","explorationItemAgeCutOff":"30"}})"));
  CHECK(zero.find("itemList")->items().size() == 20);
  for (size_t i = 0; i < 20; ++i) {
    CHECK(zero.find("itemList")->items()[i].find("itemId")->as_string() ==
          plain.find("itemList")->items()[i].find("itemId")->as_string());
    CHECK(zero.find("itemList")->items()[i].find("reason") == nullptr);
  }

  const std::string config = q(R"({"itemExplorationConfig":{"explorationWeight":"0.3","explorationItemAgeCutOff":"30"}})");
  const JsonValue explored = run_ok(base + " --campaign-config " + config);
  const auto& list = explored.find("itemList")->items();
  REQUIRE(list.size() == 20);
  size_t exploring = 0;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string id = list[i].find("itemId")->as_string();
    if (const JsonValue* reason = list[i].find("reason")) {
      INFO(id << " at " << i);
      CHECK(reason->items()[0].as_string() == "Exploration");
      CHECK((i == 3 || i == 6 || i == 9 || i == 13 || i == 16 || i == 19));  // 0.3: every 3rd or 4th slot
      CHECK(f.items[id].created >= end - 30 * 86'400);
      ++exploring;
    }
  }
  CHECK(exploring > 0);
  // Deterministic.
  CHECK(run_ok(base + " --campaign-config " + config).find("itemList")->items().size() == 20);
  const JsonValue again = run_ok(base + " --campaign-config " + config);
  for (size_t i = 0; i < 20; ++i) {
    CHECK(again.find("itemList")->items()[i].find("itemId")->as_string() == list[i].find("itemId")->as_string());
  }

  // Errors: a range, a recipe that does not take exploration.
  CHECK(run_failing(base + " --campaign-config " + q(R"({"itemExplorationConfig":{"explorationWeight":"3"}})")) ==
        "edgerec recommend: InvalidInput: campaignConfig.itemExplorationConfig.explorationWeight must be between 0 "
        "and 1 (0: no exploration), got \"3\"\n");
  const std::string popular = f.train("popularity-count");
  CHECK_THAT(run_failing(kCli + " recommend --solution " + q(popular) + " --campaign-config " + config),
             Catch::Contains("itemExplorationConfig is for User-Personalization solutions only"));
}
