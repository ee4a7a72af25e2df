// Personalize's training-time split and solution metrics: hand-computed cases, determinism, and
// the metrics reaching the solution version, the group and `edgerec metrics`.
#include <catch2/catch.hpp>

#include <limits>
#include <set>
#include <string>

#include "edgerec/json.h"
#include "eval/solution_metrics.h"
#include "io/file_io.h"
#include "support/cli_test.h"
#include "support/fixtures.h"
#include "support/training_sets.h"

using edgerec::testing::json_of;
using edgerec::testing::kCli;
using edgerec::testing::q;

using edgerec::JsonValue;
using edgerec::PersonalizeSplit;
using edgerec::TrainingSet;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;
using edgerec::testing::training_set_of;

namespace {

std::vector<uint32_t> row(const TrainingSet& set, uint32_t u) {
  return {set.items_seq.begin() + static_cast<std::ptrdiff_t>(set.user_offsets[u]),
          set.items_seq.begin() + static_cast<std::ptrdiff_t>(set.user_offsets[u + 1])};
}

}  // namespace

TEST_CASE("solution metrics: the 90/10 user split is Personalize's and deterministic for a seed", "[metrics]") {
  std::vector<std::vector<uint32_t>> users;
  for (uint32_t u = 0; u < 200; ++u) {
    std::vector<uint32_t> seq;
    for (uint32_t e = 0; e < 1 + u % 23; ++e) seq.push_back((u * 7 + e * 3) % 50);
    users.push_back(seq);
  }
  const TrainingSet set = training_set_of(users, 50);
  size_t eligible = 0;
  for (uint32_t u = 0; u < set.users; ++u) eligible += set.user_events(u) >= 2;

  const PersonalizeSplit a = edgerec::personalize_split(set, 7);
  const PersonalizeSplit b = edgerec::personalize_split(set, 7);
  const PersonalizeSplit c = edgerec::personalize_split(set, 8);
  CHECK(a.test_users == b.test_users);
  CHECK(a.test_users != c.test_users);
  CHECK(a.test_users.size() == (eligible + 9) / 10);  // ceil(10% of users with >= 2 events)

  const std::set<uint32_t> test(a.test_users.begin(), a.test_users.end());
  for (uint32_t u = 0; u < set.users; ++u) {
    const std::vector<uint32_t> all = row(set, u);
    if (test.count(u) == 0) {
      CHECK(row(a.fit, u) == all);  // training users are fitted on everything
      CHECK(a.input.held_out[u].empty());
      continue;
    }
    REQUIRE(all.size() >= 2);
    CHECK(a.fit.user_events(u) == 0);  // test users are not fitted on
    // The newest ceil(10%) are held out, the oldest rest are the input, in order.
    const size_t hold = (all.size() + 9) / 10;
    CHECK(a.input.held_out[u] == std::vector<uint32_t>(all.end() - static_cast<std::ptrdiff_t>(hold), all.end()));
    CHECK(row(a.input.train, u) == std::vector<uint32_t>(all.begin(), all.end() - static_cast<std::ptrdiff_t>(hold)));
  }
}

TEST_CASE("solution metrics: hand-computed values, input items never recommended", "[metrics]") {
  // Two eligible users with the same history 0..9 (one becomes the test user: input 0..8, item 9
  // held out) and a one-event user who is never a test user. Scores rank higher item indices
  // first, so the test user gets 11, 10, 9 and nothing else (the input is excluded).
  const TrainingSet set = training_set_of({{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {11}}, 12);
  const PersonalizeSplit split = edgerec::personalize_split(set, 1);
  REQUIRE(split.test_users.size() == 1);
  auto metrics = edgerec::solution_metrics(split, 12, [](uint32_t, std::vector<float>& scores) {
    for (size_t i = 0; i < scores.size(); ++i) scores[i] = static_cast<float>(i);
    return edgerec::Status();
  });
  REQUIRE(metrics.ok());
  const auto& m = *metrics;
  CHECK(m.at("normalized_discounted_cumulative_gain_at_5") == Approx(0.5));  // hit at 3: (1/log2 4) / (1/log2 2)
  CHECK(m.at("normalized_discounted_cumulative_gain_at_25") == Approx(0.5));
  CHECK(m.at("mean_reciprocal_rank_at_25") == Approx(1.0 / 3.0));
  CHECK(m.at("precision_at_5") == Approx(0.2));
  CHECK(m.at("precision_at_25") == Approx(1.0 / 25.0));
  CHECK(m.at("recall_at_5") == Approx(1.0));
  CHECK(m.at("coverage") == Approx(3.0 / 12.0));
  // The 1% most popular of 12 items is one item: 0..9 are seen once by the training user and 11
  // once by the third user, so the tie goes to item 0, which is never recommended.
  CHECK(m.at("popularity_bias_at_25") == Approx(0.0));
  CHECK(m.at("metrics_test_users") == 1.0);

  // A model that recommends nothing still evaluates the user, with zeros.
  auto nothing = edgerec::solution_metrics(split, 12, [](uint32_t, std::vector<float>& scores) {
    std::fill(scores.begin(), scores.end(), -std::numeric_limits<float>::infinity());
    return edgerec::Status();
  });
  REQUIRE(nothing.ok());
  CHECK(nothing->at("normalized_discounted_cumulative_gain_at_10") == 0.0);
  CHECK(nothing->at("coverage") == 0.0);
  CHECK(nothing->at("metrics_test_users") == 1.0);

  // A scorer's error is the metrics' error.
  auto failed = edgerec::solution_metrics(split, 12, [](uint32_t, std::vector<float>&) {
    return edgerec::invalid_input("scorer failed");
  });
  CHECK_FALSE(failed.ok());

  // Fewer than two users with two events: no test users, no metrics (an empty test set).
  const PersonalizeSplit lonely = edgerec::personalize_split(training_set_of({{0, 1, 2}, {3}}, 4), 1);
  CHECK(lonely.test_users.empty());
  auto none = edgerec::solution_metrics(lonely, 4, [](uint32_t, std::vector<float>&) { return edgerec::Status(); });
  REQUIRE(none.ok());
  CHECK(none->empty());
}

TEST_CASE("solution metrics: computed at training time, stored in the version and the group, printed by "
          "`edgerec metrics`", "[metrics][group]") {
  TempDir dir;
  const std::string group = dir.file("group");
  REQUIRE(run_command(kCli + " synth --users 200 --items 80 --interactions 6000 --seed 4 --output " +
                      q(dir.file("i.csv"))).exit_code == 0);
  REQUIRE(run_command(kCli + " create-dataset-group " + q(group)).exit_code == 0);
  REQUIRE(run_command(kCli + " import " + q(group) + " --dataset interactions --csv " + q(dir.file("i.csv"))).exit_code == 0);
  const char* keys[] = {"coverage", "mean_reciprocal_rank_at_25",
                        "normalized_discounted_cumulative_gain_at_5", "normalized_discounted_cumulative_gain_at_10",
                        "normalized_discounted_cumulative_gain_at_25", "precision_at_5", "precision_at_10",
                        "precision_at_25", "recall_at_5", "recall_at_10", "recall_at_25"};
  for (const std::string recipe : {"popularity-count", "user-personalization", "similar-items", "trending-now"}) {
    INFO(recipe);
    const std::string erec = dir.file(recipe + ".erec");
    const std::string hp = recipe == "user-personalization" ? " --hp factors=8 --hp iterations=3 --hp hpo_trials=2" : "";
    auto train = run_command(kCli + " train " + q(group) + " --quiet --recipe " + recipe + hp + " --output " + q(erec));
    INFO(train.err);
    REQUIRE(train.exit_code == 0);
    auto printed = run_command(kCli + " metrics " + q(erec));
    REQUIRE(printed.exit_code == 0);
    const JsonValue response = json_of(printed.out);
    const JsonValue* metrics = response.find("metrics");
    REQUIRE(metrics != nullptr);
    for (const char* key : keys) {
      INFO(key);
      REQUIRE(metrics->find(key) != nullptr);
      CHECK(metrics->find(key)->as_number() >= 0.0);
      CHECK(metrics->find(key)->as_number() <= 1.0);
    }
    CHECK(metrics->find("metrics_test_users")->as_number() == 20.0);  // 10% of 200 users
    // Same data, same settings: the same split and the same metrics.
    const std::string again = dir.file(recipe + "-again.erec");
    REQUIRE(run_command(kCli + " train " + q(group) + " --quiet --recipe " + recipe + hp + " --output " + q(again)).exit_code == 0);
    const JsonValue second = json_of(run_command(kCli + " metrics " + q(again)).out);
    for (const char* key : keys) {
      CHECK(second.find("metrics")->find(key)->as_number() == Approx(metrics->find(key)->as_number()));
    }
  }
  // The group records each version's metrics too.
  const JsonValue described = json_of(run_command(kCli + " describe " + q(group)).out);
  const auto& versions = described.find("solutionVersions")->items();
  REQUIRE(versions.size() == 8);
  for (const JsonValue& v : versions) {
    REQUIRE(v.find("metrics") != nullptr);
    CHECK(v.find("metrics")->find("normalized_discounted_cumulative_gain_at_10") != nullptr);
  }
  // A model learned from the data beats the same list for everyone.
  const double up = json_of(run_command(kCli + " metrics " + q(dir.file("user-personalization.erec"))).out)
                        .find("metrics")->find("normalized_discounted_cumulative_gain_at_10")->as_number();
  const double pop = json_of(run_command(kCli + " metrics " + q(dir.file("popularity-count.erec"))).out)
                         .find("metrics")->find("normalized_discounted_cumulative_gain_at_10")->as_number();
  CHECK(up > pop);

  auto missing = run_command(kCli + " metrics " + q(dir.file("nope.erec")));
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Catch::Contains("nope.erec"));
}

TEST_CASE("solution metrics: `edgerec metrics` shows a metric without a value as null, as describe-solution does",
          "[metrics]") {
  TempDir dir;
  edgerec::testing::SolutionSpec spec;
  spec.items = 3;
  spec.users = 2;
  spec.popularity_counts = {2, 1, 1};
  spec.metrics = {{"coverage", 0.5}, {"precision_at_5", std::numeric_limits<double>::quiet_NaN()}};
  const std::string erec = dir.file("nan.erec");
  REQUIRE(edgerec::write_file_atomically(erec, edgerec::testing::build_solution(spec)).ok());
  const JsonValue described = json_of(run_command(kCli + " describe-solution " + q(erec)).out);
  const JsonValue printed = json_of(run_command(kCli + " metrics " + q(erec)).out);
  const JsonValue* from_description = described.find("metrics");
  const JsonValue* from_metrics = printed.find("metrics");
  REQUIRE(from_description != nullptr);
  REQUIRE(from_metrics != nullptr);
  REQUIRE(from_description->find("precision_at_5") != nullptr);
  CHECK(from_description->find("precision_at_5")->is_null());
  REQUIRE(from_metrics->find("precision_at_5") != nullptr);
  CHECK(from_metrics->find("precision_at_5")->is_null());
  CHECK(from_metrics->find("coverage")->as_number() == 0.5);
  CHECK(from_metrics->members().size() == from_description->members().size());
}
