// user-personalization on data without a usable order: when every event shares a timestamp and the
// rows are sorted by user and item (a database export), no part of the model may learn that file
// order. The blend must do at least as well as its collaborative part alone, and the solution
// says what it found.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <sstream>
#include <vector>

#include "edgerec/json.h"
#include "support/cli_test.h"
#include "support/fixtures.h"

using edgerec::JsonValue;
using edgerec::testing::json_of;
using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::read_text_file;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;
using edgerec::testing::write_text_file;

namespace {

struct Row {
  std::string user, item, type, value;
  int64_t time = 0;
};

std::vector<Row> read_rows(const std::string& path) {
  std::vector<Row> rows;
  std::istringstream in(read_text_file(path));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) f.push_back(cell);
    f.resize(5);
    rows.push_back({f[0], f[1], f[3], f[4], std::stoll(f[2])});
  }
  return rows;
}

void write_rows(const std::string& path, const std::vector<Row>& rows) {
  std::ostringstream out;
  out << "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE\n";
  for (const Row& r : rows) out << r.user << "," << r.item << "," << r.time << "," << r.type << "," << r.value << "\n";
  write_text_file(path, out.str());
}

JsonValue describe(const std::string& solution) {
  auto d = run_command(kCli + " describe-solution " + q(solution));
  REQUIRE(d.exit_code == 0);
  return json_of(d.out);
}

double metric(const JsonValue& d, const std::string& name) { return d.find("metrics")->find(name)->as_number(); }

struct Trained {
  std::string err;
  JsonValue described;
};

Trained train(const TempDir& dir, const std::string& csv, const std::string& name, const std::string& hp) {
  const std::string out = dir.file(name + ".erec");
  auto r = run_command(kCli + " train --recipe user-personalization --interactions " + q(csv) + " --output " + q(out) +
                       " --threads 1 --quiet --hp factors=16 --hp iterations=8 " + hp);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return {r.err, describe(out)};
}

}  // namespace

TEST_CASE("event order: one timestamp for all, rows sorted by user and item", "[recipes][ties]") {
  TempDir dir;
  REQUIRE(run_command(kCli + " synth --users 300 --items 120 --interactions 12000 --seed 4 --output " +
                      q(dir.file("synth.csv")))
              .exit_code == 0);
  std::vector<Row> rows = read_rows(dir.file("synth.csv"));
  for (Row& r : rows) r.time = 1600000000;
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(a.user, a.item) < std::tie(b.user, b.item);
  });
  write_rows(dir.file("sorted.csv"), rows);

  const Trained blend = train(dir, dir.file("sorted.csv"), "blend", "--hp hpo_trials=1");
  const JsonValue& d = blend.described;
  CHECK(d.find("trainingData")->find("orderedFraction")->as_number() == 0.0);
  CHECK_THAT(blend.err, Catch::Contains("no event order"));
  // Nothing ordered to learn from: the sequence part is off, so it cannot be tuned to the file.
  CHECK(std::stod(d.find("hyperparameters")->find("sequence_weight")->as_string()) == 0.0);
  CHECK(metric(d, "validation_ndcg_at_25") >= metric(d, "validation_ndcg_at_25_factors_only"));

  // The same settings with the sequence part turned off by hand: the blend is at least as good.
  const Trained factors = train(dir, dir.file("sorted.csv"), "factors", "--hp hpo_trials=1 --hp sequence_weight=0");
  CHECK(metric(d, "normalized_discounted_cumulative_gain_at_10") >=
        metric(factors.described, "normalized_discounted_cumulative_gain_at_10") - 1e-9);

  // And the file's order does not matter: shuffled rows give a model as good (the split is
  // random among tied events either way).
  std::mt19937 shuffle(9);
  std::shuffle(rows.begin(), rows.end(), shuffle);
  write_rows(dir.file("shuffled.csv"), rows);
  const Trained shuffled = train(dir, dir.file("shuffled.csv"), "shuffled", "--hp hpo_trials=1");
  const double sorted_ndcg = metric(d, "normalized_discounted_cumulative_gain_at_10");
  const double shuffled_ndcg = metric(shuffled.described, "normalized_discounted_cumulative_gain_at_10");
  CHECK(sorted_ndcg > 0.5 * shuffled_ndcg);
  CHECK(shuffled_ndcg > 0.5 * sorted_ndcg);
}

TEST_CASE("event order: partial order keeps the sequence part where events are ordered", "[recipes][ties]") {
  TempDir dir;
  REQUIRE(run_command(kCli + " synth --users 300 --items 120 --interactions 12000 --seed 5 --output " +
                      q(dir.file("synth.csv")))
              .exit_code == 0);
  std::vector<Row> rows = read_rows(dir.file("synth.csv"));
  // Dates only: the times cut to whole days, so many events of a day share one.
  for (Row& r : rows) r.time -= r.time % 86400;
  write_rows(dir.file("days.csv"), rows);
  const Trained days = train(dir, dir.file("days.csv"), "days", "--hp hpo_trials=1");
  const double ordered = days.described.find("trainingData")->find("orderedFraction")->as_number();
  CHECK(ordered > 0.0);
  CHECK(ordered < 1.0);
  CHECK_THAT(days.err, Catch::Contains("% of consecutive events are in time order"));
  const JsonValue& d = days.described;
  CHECK(metric(d, "validation_ndcg_at_25") >= metric(d, "validation_ndcg_at_25_factors_only"));
}
