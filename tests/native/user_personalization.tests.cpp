// The user-personalization and personalized-ranking recipes end to end through the CLI.
#include <catch2/catch.hpp>

#include <cstdio>
#include <set>
#include <sstream>
#include <string>

#include "edgerec/json.h"
#include "support/cli_test.h"
#include "support/fixtures.h"

using edgerec::testing::json_of;
using edgerec::testing::kCli;
using edgerec::testing::q;

using edgerec::JsonValue;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;
using edgerec::testing::write_text_file;

namespace {

const std::string kSmallModel = " --hp factors=8 --hp iterations=4 --threads 2";

std::vector<std::string> item_ids(const JsonValue& list) {
  std::vector<std::string> out;
  for (const JsonValue& item : list.items()) out.push_back(item.find("itemId")->as_string());
  return out;
}

// Users walk along a chain of items c0 -> c1 -> ... one step at a time, each from its own start:
// what comes next is only predictable from the order of events.
std::string chain_csv(int users, int chain, int steps) {
  std::ostringstream csv;
  csv << "USER_ID,ITEM_ID,TIMESTAMP\n";
  for (int u = 0; u < users; ++u) {
    const int start = (u * 7) % (chain - steps);
    for (int s = 0; s < steps; ++s) csv << "u" << u << ",c" << (start + s) << "," << (1000 + u * 100 + s) << "\n";
  }
  return csv.str();
}

}  // namespace

TEST_CASE("user-personalization: trains, serves known users with softmax scores, ranks", "[recipes]") {
  TempDir dir;
  const std::string csv = dir.file("i.csv");
  const std::string erec = dir.file("up.erec");
  REQUIRE(run_command(kCli + " synth --users 300 --items 120 --interactions 9000 --seed 5 --output " + q(csv)).exit_code == 0);
  auto train = run_command(kCli + " train --recipe user-personalization --interactions " + q(csv) + " --output " +
                           q(erec) + kSmallModel);
  INFO(train.err);
  REQUIRE(train.exit_code == 0);

  auto rec = run_command(kCli + " recommend --solution " + q(erec) + " --user-id u3");
  REQUIRE(rec.exit_code == 0);
  const JsonValue response = json_of(rec.out);
  const auto& list = response.find("itemList")->items();
  REQUIRE(list.size() == 25);
  double sum = 0.0;
  for (size_t i = 0; i < list.size(); ++i) {
    const double score = list[i].find("score")->as_number();
    CHECK(score > 0.0);
    CHECK(score < 1.0);
    if (i > 0) CHECK(score <= list[i - 1].find("score")->as_number());
    sum += score;
  }
  CHECK(sum < 1.0);  // a softmax over the whole catalog, of which these are 25 of 120

  auto described = json_of(run_command(kCli + " describe-solution " + q(erec)).out);
  CHECK(described.find("recipeType")->as_string() == "USER_PERSONALIZATION");
  CHECK(described.find("metrics")->find("validation_ndcg_at_25")->as_number() > 0.0);
  CHECK(described.find("hyperparameters")->find("factors")->as_string() == "8");
  // The settings not given were searched on validation (12 collaborative fits by default, each
  // scored with 4 settings of the sequence part); the given ones (factors, iterations) stayed as
  // given in every trial, and the served settings are the best trial's.
  CHECK(described.find("solutionConfig")->find("performHPO")->as_string() == "true");
  const auto& trials = described.find("trials")->items();
  REQUIRE(trials.size() == 12 * 4);
  std::set<std::string> regularizations;
  const JsonValue* best = nullptr;
  for (const JsonValue& t : trials) {
    CHECK(t.find("hyperparameters")->find("factors")->as_string() == "8");
    CHECK(t.find("hyperparameters")->find("iterations")->as_string() == "4");
    regularizations.insert(t.find("hyperparameters")->find("regularization")->as_string());
    if (best == nullptr || t.find("objective")->as_number() > best->find("objective")->as_number()) best = &t;
  }
  CHECK(regularizations.size() > 1);
  for (const char* key : {"regularization", "unobserved_weight", "alpha", "transition_window", "recency_boost",
                          "transition_lag_decay", "history_length"}) {
    CHECK(described.find("hyperparameters")->find(key)->as_string() ==
          best->find("hyperparameters")->find(key)->as_string());
  }
  CHECK(described.find("metrics")->find("validation_ndcg_at_25")->as_number() ==
        Approx(best->find("objective")->as_number()));

  // Ranking through a user-personalization solution works too.
  auto ranked = run_command(kCli + " rank --solution " + q(erec) + " --user-id u3 --input-list i1,i2,zzz,i3");
  REQUIRE(ranked.exit_code == 0);
  const auto ranking = json_of(ranked.out).find("personalizedRanking")->items();
  REQUIRE(ranking.size() == 4);
  CHECK(ranking[3].find("itemId")->as_string() == "zzz");
  CHECK(ranking[3].find("score") == nullptr);

  // Same data, same seed, same thread count: the same recommendations.
  const std::string again = dir.file("up2.erec");
  REQUIRE(run_command(kCli + " train --recipe user-personalization --interactions " + q(csv) + " --output " +
                      q(again) + kSmallModel).exit_code == 0);
  auto rec2 = run_command(kCli + " recommend --solution " + q(again) + " --user-id u3");
  CHECK(item_ids(*json_of(rec2.out).find("itemList")) == item_ids(*response.find("itemList")));
}

TEST_CASE("user-personalization: the sequence part predicts what comes next", "[recipes]") {
  TempDir dir;
  const std::string csv = dir.file("chain.csv");
  write_text_file(csv, chain_csv(200, 60, 12));
  const std::string erec = dir.file("chain.erec");
  auto train = run_command(kCli + " train --recipe user-personalization --interactions " + q(csv) + " --output " +
                           q(erec) + kSmallModel);
  INFO(train.err);
  REQUIRE(train.exit_code == 0);
  auto described = json_of(run_command(kCli + " describe-solution " + q(erec)).out);
  CHECK(std::stod(described.find("hyperparameters")->find("sequence_weight")->as_string()) > 0.0);
  // u0 walked c0..c11: next is c12. u1 walked c7..c18: next is c19.
  for (const auto& [user, next] : {std::pair<std::string, std::string>{"u0", "c12"}, {"u1", "c19"}}) {
    auto rec = run_command(kCli + " recommend --solution " + q(erec) + " --user-id " + user + " --num-results 3");
    REQUIRE(rec.exit_code == 0);
    const auto ids = item_ids(*json_of(rec.out).find("itemList"));
    INFO(rec.out);
    CHECK(std::find(ids.begin(), ids.end(), next) != ids.end());
  }
}

TEST_CASE("user-personalization: solution config and hyperparameter errors", "[recipes]") {
  TempDir dir;
  const std::string csv = dir.file("i.csv");
  REQUIRE(run_command(kCli + " synth --users 100 --items 50 --interactions 3000 --seed 2 --output " + q(csv)).exit_code == 0);
  const std::string out = " --output " + q(dir.file("x.erec"));
  auto bad_type = run_command(kCli + " train --recipe user-personalization --interactions " + q(csv) + out +
                              " --event-type like");
  CHECK(bad_type.exit_code == 1);
  CHECK_THAT(bad_type.err, Catch::Contains("eventType \"like\"") && Catch::Contains("purchase"));
  auto bad_weight = run_command(kCli + " train --recipe user-personalization --interactions " + q(csv) + out +
                                " --event-weight view=3");
  CHECK(bad_weight.exit_code == 2);
  CHECK_THAT(bad_weight.err, Catch::Contains("from 0 to 1"));
  auto bad_hp = run_command(kCli + " train --recipe user-personalization --interactions " + q(csv) + out +
                            " --hp factors=0");
  CHECK(bad_hp.exit_code == 2);
  CHECK_THAT(bad_hp.err, Catch::Contains("factors=0 is out of range") && Catch::Contains("regularization"));
  // Personalize's minimum applies after event filtering: 3000 events hold ~300 purchases.
  auto purchases = run_command(kCli + " train --recipe user-personalization --interactions " + q(csv) + out +
                               kSmallModel + " --event-type purchase");
  CHECK(purchases.exit_code == 1);
  CHECK_THAT(purchases.err, Catch::Contains("1000 interactions") && Catch::Contains("after the solution config's event selection") && Catch::Contains("of 3000 read"));
  // Weighted event types and a value threshold train when enough events remain.
  auto weighted = run_command(kCli + " train --recipe user-personalization --interactions " + q(csv) + out +
                              kSmallModel + " --event-weight view=0.2 --event-weight click=0.6");
  CHECK(weighted.exit_code == 0);
  auto threshold = run_command(kCli + " train --recipe user-personalization --interactions " + q(csv) + out +
                               kSmallModel + " --event-value-threshold 5");
  CHECK(threshold.exit_code == 1);  // only purchases carry values
  CHECK_THAT(threshold.err, Catch::Contains("after the solution config's event selection"));
}

TEST_CASE("personalized-ranking: serves GetPersonalizedRanking only", "[recipes]") {
  TempDir dir;
  const std::string csv = dir.file("i.csv");
  const std::string erec = dir.file("pr.erec");
  REQUIRE(run_command(kCli + " synth --users 100 --items 50 --interactions 3000 --seed 2 --output " + q(csv)).exit_code == 0);
  REQUIRE(run_command(kCli + " train --recipe personalized-ranking --interactions " + q(csv) + " --output " + q(erec) +
                      kSmallModel).exit_code == 0);
  auto ranked = run_command(kCli + " rank --solution " + q(erec) + " --user-id u1 --input-list i4,i1,i2");
  REQUIRE(ranked.exit_code == 0);
  double sum = 0.0;
  const JsonValue ranking = json_of(ranked.out);  // named: a range-for would not keep a temporary alive
  for (const auto& item : ranking.find("personalizedRanking")->items()) sum += item.find("score")->as_number();
  CHECK(sum == Approx(1.0).epsilon(1e-4));
  auto rec = run_command(kCli + " recommend --solution " + q(erec) + " --user-id u1");
  CHECK(rec.exit_code == 1);
  CHECK_THAT(rec.err, Catch::Contains("GetPersonalizedRanking"));
}

TEST_CASE("auto: searches, keeps the best configuration and records the trials", "[recipes]") {
  TempDir dir;
  const std::string csv = dir.file("i.csv");
  const std::string erec = dir.file("auto.erec");
  REQUIRE(run_command(kCli + " synth --users 200 --items 80 --interactions 6000 --seed 9 --output " + q(csv)).exit_code == 0);
  auto train = run_command(kCli + " train --recipe auto --hp max_trials=3 --interactions " + q(csv) + " --output " +
                           q(erec) + " --threads 2");
  INFO(train.err);
  REQUIRE(train.exit_code == 0);
  const JsonValue described = json_of(run_command(kCli + " describe-solution " + q(erec)).out);
  const auto& trials = described.find("trials")->items();
  REQUIRE(trials.size() == 1 + 2 * 4);  // popularity-count, then 2 fits x 4 sequence settings
  CHECK(trials[0].find("recipe")->as_string() == "popularity-count");
  CHECK(trials[1].find("recipe")->as_string() == "user-personalization");
  CHECK(trials[0].find("objectiveName")->as_string() == "normalized_discounted_cumulative_gain_at_25");
  double best = -1.0;
  std::string best_recipe;
  for (const JsonValue& t : trials) {
    if (t.find("objective")->as_number() > best) {
      best = t.find("objective")->as_number();
      best_recipe = t.find("recipe")->as_string();
    }
  }
  CHECK(described.find("recipe")->as_string() == best_recipe);
  CHECK(described.find("solutionConfig")->find("performAutoML")->as_string() == "true");
  auto rec = run_command(kCli + " recommend --solution " + q(erec) + " --user-id u1 --num-results 5");
  CHECK(rec.exit_code == 0);
  auto bad = run_command(kCli + " train --recipe auto --hp max_trials=41 --interactions " + q(csv) + " --output " + q(erec));
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("max_trials"));
}

TEST_CASE("user-personalization: items known only from metadata get vectors and can be served", "[recipes]") {
  TempDir dir;
  std::ostringstream csv;
  csv << "USER_ID,ITEM_ID,TIMESTAMP\n";
  for (int u = 0; u < 200; ++u) {
    const char taste = u % 2 == 0 ? 'a' : 'b';
    for (int k = 0; k < 8; ++k) csv << "u" << u << "," << taste << ((u / 2 + k * 3) % 12) << "," << (100 + k) << "\n";
  }
  write_text_file(dir.file("i.csv"), csv.str());
  std::ostringstream items;
  items << "ITEM_ID,GENRE,CREATION_TIMESTAMP\n";
  for (int k = 0; k < 12; ++k) items << "a" << k << ",comedy,10\nb" << k << ",horror,10\n";
  items << "new-comedy,comedy,999\nnew-horror,horror,999\n";
  write_text_file(dir.file("items.csv"), items.str());
  const std::string erec = dir.file("up.erec");
  auto train = run_command(kCli + " train --recipe user-personalization --interactions " + q(dir.file("i.csv")) +
                           " --items " + q(dir.file("items.csv")) + " --output " + q(erec) + kSmallModel);
  INFO(train.err);
  REQUIRE(train.exit_code == 0);
  const JsonValue described = json_of(run_command(kCli + " describe-solution " + q(erec)).out);
  CHECK(described.find("catalog")->find("items")->as_number() == 26);
  CHECK(described.find("metrics")->find("cold_items_with_metadata_vectors")->as_number() == 2);
  for (const auto& [user, first] : {std::pair<std::string, std::string>{"u0", "new-comedy"}, {"u1", "new-horror"}}) {
    auto ranked = run_command(kCli + " rank --solution " + q(erec) + " --user-id " + user +
                              " --input-list new-horror,new-comedy");
    REQUIRE(ranked.exit_code == 0);
    const auto list = json_of(ranked.out).find("personalizedRanking")->items();
    REQUIRE(list.size() == 2);
    CHECK(list[0].find("itemId")->as_string() == first);
    CHECK(list[1].find("score") != nullptr);  // both are known to the model
  }
}

TEST_CASE("user-personalization: training mode UPDATE adds new users and items to an existing model", "[recipes]") {
  TempDir dir;
  const std::string csv = dir.file("i.csv");
  REQUIRE(run_command(kCli + " synth --users 200 --items 80 --interactions 6000 --seed 21 --output " + q(csv)).exit_code == 0);
  const std::string full = dir.file("full.erec");
  REQUIRE(run_command(kCli + " train --recipe user-personalization --interactions " + q(csv) + " --output " + q(full) +
                      kSmallModel).exit_code == 0);
  // New data: a new user, and a new item that many existing users interact with.
  std::string grown = edgerec::testing::read_text_file(csv);
  for (int u = 0; u < 60; ++u) grown += "u" + std::to_string(u) + ",fresh," + std::to_string(1800000000 + u) + ",view,\n";
  grown += "newbie,fresh,1800000100,view,\nnewbie,i1,1800000101,click,\nnewbie,i2,1800000102,view,\n";
  write_text_file(dir.file("grown.csv"), grown);
  const std::string updated = dir.file("updated.erec");
  auto update = run_command(kCli + " train --recipe user-personalization --training-mode UPDATE --base-solution " +
                            q(full) + " --interactions " + q(dir.file("grown.csv")) + " --output " + q(updated) +
                            " --threads 2");
  INFO(update.err);
  REQUIRE(update.exit_code == 0);
  const JsonValue described = json_of(run_command(kCli + " describe-solution " + q(updated)).out);
  CHECK(described.find("trainingMode")->as_string() == "UPDATE");
  CHECK(described.find("solutionConfig")->find("newItems")->as_string() == "1");
  CHECK(described.find("solutionConfig")->find("newUsers")->as_string() == "1");
  CHECK(described.find("hyperparameters")->find("factors")->as_string() == "8");
  // The new item is known and scored; the new user is personalized (not the popular fallback).
  auto ranked = run_command(kCli + " rank --solution " + q(updated) + " --user-id u3 --input-list fresh,i1");
  REQUIRE(ranked.exit_code == 0);
  const JsonValue ranking = json_of(ranked.out);  // named: a range-for would not keep a temporary alive
  for (const JsonValue& item : ranking.find("personalizedRanking")->items()) CHECK(item.find("score") != nullptr);
  auto newbie = run_command(kCli + " recommend --solution " + q(updated) + " --user-id newbie --num-results 5");
  auto stranger = run_command(kCli + " recommend --solution " + q(updated) + " --user-id stranger --num-results 5");
  REQUIRE(newbie.exit_code == 0);
  CHECK(item_ids(*json_of(newbie.out).find("itemList")) != item_ids(*json_of(stranger.out).find("itemList")));

  auto wrong_recipe = run_command(kCli + " train --recipe popularity-count --training-mode UPDATE --base-solution " +
                                  q(full) + " --interactions " + q(dir.file("grown.csv")) + " --output " + q(updated));
  CHECK(wrong_recipe.exit_code == 2);
  CHECK_THAT(wrong_recipe.err, Catch::Contains("does not match"));
  auto no_base = run_command(kCli + " train --recipe user-personalization --training-mode UPDATE --interactions " +
                             q(csv) + " --output " + q(updated));
  CHECK(no_base.exit_code == 2);
  CHECK_THAT(no_base.err, Catch::Contains("--base-solution"));
}
