// Personalize's solution config (eventType, eventValueThreshold) as every recipe must honour it:
// too little data after the selection is refused, counts say what was read and what was used,
// and nothing the selection left out makes an item popular.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <sstream>

#include "edgerec/json.h"
#include "support/cli_test.h"
#include "support/fixtures.h"
#include "support/response_test.h"

using edgerec::JsonValue;
using edgerec::testing::item_ids;
using edgerec::testing::json_of;
using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::read_text_file;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;

namespace {

// Synthetic view/click/purchase events; only purchases carry an EVENT_VALUE (their price). The
// selection used is --event-type click (a fifth of the events).
struct Fixture {
  TempDir dir;
  std::string csv = dir.file("i.csv");
  size_t rows = 0;
  size_t clicks = 0;

  Fixture() {
    auto synth = run_command(kCli + " synth --users 150 --items 60 --interactions 8000 --seed 21 --output " + q(csv));
    REQUIRE(synth.exit_code == 0);
    std::istringstream lines(read_text_file(csv));
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
      ++rows;
      clicks += line.find(",click,") != std::string::npos;
    }
  }

  edgerec::testing::CommandResult train(const std::string& recipe, const std::string& flags, const std::string& out) {
    return run_command(kCli + " train --recipe " + recipe + " --interactions " + q(csv) + " --output " + q(out) +
                       " --quiet --threads 1 " + flags);
  }
};

std::string up_hp(const std::string& recipe) {
  return recipe == "user-personalization" || recipe == "personalized-ranking" ? "--hp hpo_trials=1 --hp factors=8 "
         : recipe == "auto"                                                   ? "--hp max_trials=2 "
                                                                              : "";
}

}  // namespace

TEST_CASE("solution config: every recipe refuses data below the minimum after event selection", "[recipes][config]") {
  Fixture f;
  for (const std::string recipe :
       {"popularity-count", "similar-items", "trending-now", "user-personalization", "personalized-ranking", "auto"}) {
    INFO(recipe);
    const std::string out = f.dir.file(recipe + ".erec");
    auto none = f.train(recipe, up_hp(recipe) + "--event-value-threshold 100000", out);
    CHECK(none.exit_code == 1);
    CHECK_THAT(none.err, Catch::Contains("not enough data to train") &&
                             Catch::Contains("the data has 0 interactions") &&
                             Catch::Contains("after the solution config's event selection") &&
                             Catch::Contains("of " + std::to_string(f.rows) + " read"));
    CHECK_FALSE(edgerec::testing::run_command("test -e " + q(out)).exit_code == 0);
  }
}

TEST_CASE("solution config: the summary says how many interactions were read and used", "[recipes][config]") {
  Fixture f;
  REQUIRE(f.clicks >= 1000);
  for (const std::string recipe : {"popularity-count", "similar-items", "user-personalization"}) {
    INFO(recipe);
    const std::string out = f.dir.file(recipe + ".erec");
    auto trained = f.train(recipe, up_hp(recipe) + "--event-type click", out);
    INFO(trained.err);
    REQUIRE(trained.exit_code == 0);
    CHECK_THAT(trained.err, Catch::Contains(std::to_string(f.clicks) + " of " + std::to_string(f.rows) +
                                            " interactions used"));
    auto described = run_command(kCli + " describe-solution " + q(out));
    REQUIRE(described.exit_code == 0);
    const JsonValue data = *json_of(described.out).find("trainingData");
    CHECK(data.find("interactions")->as_number() == static_cast<double>(f.clicks));
    CHECK(data.find("interactionsRead")->as_number() == static_cast<double>(f.rows));
    CHECK(data.find("eventTypes")->members().size() == 1);
    CHECK(data.find("eventTypes")->find("click")->as_number() == static_cast<double>(f.clicks));
  }
  // No selection: read = used, and the summary line shows one count.
  auto all = f.train("popularity-count", "", f.dir.file("all.erec"));
  REQUIRE(all.exit_code == 0);
  CHECK_THAT(all.err, Catch::Contains(", " + std::to_string(f.rows) + " interactions,"));
}

TEST_CASE("solution config: popular items (every recipe's fallback) count only trained events", "[recipes][config]") {
  Fixture f;
  const std::string config = "--event-type click";
  const std::string pop = f.dir.file("pop.erec");
  REQUIRE(f.train("popularity-count", config, pop).exit_code == 0);
  const std::string everything = f.dir.file("everything.erec");
  REQUIRE(f.train("popularity-count", "", everything).exit_code == 0);
  auto top = [](const std::string& args) {
    auto rec = run_command(kCli + " recommend " + args + " --num-results 10");
    INFO(rec.err);
    REQUIRE(rec.exit_code == 0);
    return item_ids(json_of(rec.out));
  };
  const std::vector<std::string> by_clicks = top("--solution " + q(pop));
  REQUIRE(by_clicks != top("--solution " + q(everything)));  // the data makes the two differ
  // Unknown users of user-personalization and unknown items of similar-items get the same list.
  const std::string up = f.dir.file("up.erec");
  REQUIRE(f.train("user-personalization", up_hp("user-personalization") + config, up).exit_code == 0);
  CHECK(top("--solution " + q(up) + " --user-id nobody") == by_clicks);
  const std::string sims = f.dir.file("sims.erec");
  REQUIRE(f.train("similar-items", config, sims).exit_code == 0);
  CHECK(top("--solution " + q(sims) + " --item-id nothing") == by_clicks);
}

TEST_CASE("solution config: auto records the whole run's time", "[recipes][config]") {
  Fixture f;
  const std::string out = f.dir.file("auto.erec");
  auto trained = f.train("auto", "--hp max_trials=3", out);
  INFO(trained.err);
  REQUIRE(trained.exit_code == 0);
  auto described = run_command(kCli + " describe-solution " + q(out));
  REQUIRE(described.exit_code == 0);
  const JsonValue d = json_of(described.out);
  double trials = 0.0;
  for (const JsonValue& trial : d.find("trials")->items()) trials += trial.find("seconds")->as_number();
  CHECK(d.find("trainingSeconds")->as_number() >= trials);
}

TEST_CASE("solution config: a group counts every user and records how each version was trained", "[recipes][group]") {
  Fixture f;
  const std::string group = f.dir.file("g");
  REQUIRE(run_command(kCli + " create-dataset-group " + q(group)).exit_code == 0);
  REQUIRE(run_command(kCli + " import " + q(group) + " --dataset interactions --csv " + q(f.csv)).exit_code == 0);
  const JsonValue before = json_of(run_command(kCli + " describe " + q(group)).out);
  const JsonValue* minimum = before.find("datasets")->find("interactions")->find("minimumData");
  REQUIRE(minimum != nullptr);
  CHECK(minimum->find("usersWithAtLeast2Interactions")->as_number() == 150);  // every one, not "25 or more"
  CHECK(minimum->find("usersCountedUpTo") == nullptr);
  CHECK(before.find("campaigns") == nullptr);  // nothing creates campaigns yet

  const std::string hp = up_hp("user-personalization");
  auto full = run_command(kCli + " train " + q(group) + " --recipe user-personalization --quiet --threads 1 " + hp);
  INFO(full.err);
  REQUIRE(full.exit_code == 0);
  const JsonValue first = json_of(run_command(kCli + " describe " + q(group)).out);
  REQUIRE(first.find("solutionVersions")->items().size() == 1);
  const JsonValue base = first.find("solutionVersions")->items()[0];
  CHECK(base.find("trainingMode")->as_string() == "FULL");
  CHECK(base.find("baseSolutionVersionId") == nullptr);
  auto update = run_command(kCli + " train " + q(group) + " --recipe user-personalization --quiet --threads 1 " + hp +
                            "--training-mode UPDATE --base-solution " + q(base.find("path")->as_string()));
  INFO(update.err);
  REQUIRE(update.exit_code == 0);
  const JsonValue after = json_of(run_command(kCli + " describe " + q(group)).out);
  REQUIRE(after.find("solutionVersions")->items().size() == 2);
  // Both may have been created in the same second: find the new one by id.
  JsonValue updated;
  for (const JsonValue& v : after.find("solutionVersions")->items()) {
    if (v.find("solutionVersionId")->as_string() != base.find("solutionVersionId")->as_string()) updated = v;
  }
  REQUIRE(updated.is_object());
  CHECK(updated.find("trainingMode")->as_string() == "UPDATE");
  REQUIRE(updated.find("baseSolutionVersionId") != nullptr);
  CHECK(updated.find("baseSolutionVersionId")->as_string() == base.find("solutionVersionId")->as_string());
  // An UPDATE version is measured too, as the UPDATE step makes it.
  REQUIRE(updated.find("metrics") != nullptr);
  CHECK(updated.find("metrics")->find("normalized_discounted_cumulative_gain_at_10")->as_number() > 0.0);
  CHECK(updated.find("metrics")->find("metrics_test_users")->as_number() >= 1.0);
}
