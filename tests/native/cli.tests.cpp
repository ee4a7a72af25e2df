// The edgerec CLI end to end: synth -> train -> recommend, and its errors and exit codes.
#include <catch2/catch.hpp>

#include <fstream>

#include "edgerec/json.h"
#include "support/cli_test.h"
#include "support/fixtures.h"

using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;
using edgerec::testing::write_text_file;

namespace {

// A trained popularity solution in `dir`, from synthetic data.
std::string trained_solution(const TempDir& dir) {
  const std::string csv = dir.file("interactions.csv");
  const std::string erec = dir.file("popular.erec");
  auto synth = run_command(kCli + " synth --users 200 --items 80 --interactions 5000 --seed 11 --output " + q(csv));
  REQUIRE(synth.exit_code == 0);
  auto train = run_command(kCli + " train --recipe popularity-count --interactions " + q(csv) + " --output " + q(erec));
  INFO(train.err);
  REQUIRE(train.exit_code == 0);
  return erec;
}

}  // namespace

TEST_CASE("cli: train then recommend prints Personalize's response shape", "[cli]") {
  TempDir dir;
  const std::string erec = trained_solution(dir);
  auto rec = run_command(kCli + " recommend --solution " + q(erec) + " --user-id u1 --num-results 7");
  INFO(rec.err);
  REQUIRE(rec.exit_code == 0);
  auto json = edgerec::parse_json(rec.out, "stdout");
  REQUIRE(json.ok());
  const auto& list = json->find("itemList")->items();
  CHECK(list.size() == 7);
  CHECK_THAT(list[0].find("itemId")->as_string(), Catch::StartsWith("i"));
  CHECK(list[0].find("score")->as_number() > 0.0);
  CHECK_THAT(json->find("recommendationId")->as_string(), Catch::StartsWith("RID-"));

  auto by_default = run_command(kCli + " recommend --solution " + q(erec));
  REQUIRE(by_default.exit_code == 0);
  CHECK(edgerec::parse_json(by_default.out, "stdout")->find("itemList")->items().size() == 25);

  auto described = run_command(kCli + " describe-solution " + q(erec));
  REQUIRE(described.exit_code == 0);
  auto meta = edgerec::parse_json(described.out, "stdout");
  REQUIRE(meta.ok());
  CHECK(meta->find("recipe")->as_string() == "popularity-count");
  CHECK(meta->find("trainingData")->find("interactions")->as_number() == 5000);
  CHECK(meta->find("trainingData")->find("fingerprint")->as_string().size() == 32);
}

TEST_CASE("cli: the same data gives the same fingerprint and ranking", "[cli]") {
  TempDir a;
  TempDir b;
  const std::string first = trained_solution(a);
  const std::string second = trained_solution(b);
  auto fa = run_command(kCli + " describe-solution " + q(first));
  auto fb = run_command(kCli + " describe-solution " + q(second));
  CHECK(edgerec::parse_json(fa.out, "a")->find("trainingData")->find("fingerprint")->as_string() ==
        edgerec::parse_json(fb.out, "b")->find("trainingData")->find("fingerprint")->as_string());
  auto ra = run_command(kCli + " recommend --solution " + q(first) + " --num-results 50");
  auto rb = run_command(kCli + " recommend --solution " + q(second) + " --num-results 50");
  CHECK(ra.out.substr(0, ra.out.find("recommendationId")) == rb.out.substr(0, rb.out.find("recommendationId")));
}

TEST_CASE("cli: usage errors exit 2 and name the problem", "[cli]") {
  TempDir dir;
  auto no_command = run_command(kCli);
  CHECK(no_command.exit_code == 2);
  auto unknown = run_command(kCli + " frobnicate");
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err, Catch::Contains("unknown command \"frobnicate\""));
  auto missing = run_command(kCli + " train --recipe popularity-count --output x.erec");
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("--interactions"));
  auto bad_flag = run_command(kCli + " recommend --solution x --nmu-results 3");
  CHECK(bad_flag.exit_code == 2);
  CHECK_THAT(bad_flag.err, Catch::Contains("unknown flag --nmu-results") && Catch::Contains("--num-results"));
  auto bad_recipe = run_command(kCli + " train --recipe fancy --interactions a.csv --output b.erec");
  CHECK(bad_recipe.exit_code == 2);
  CHECK_THAT(bad_recipe.err, Catch::Contains("unknown recipe \"fancy\"") && Catch::Contains("popularity-count"));
  auto bad_hp = run_command(kCli + " train --recipe popularity-count --hp foo=1 --interactions a.csv --output b.erec");
  CHECK(bad_hp.exit_code == 2);
  CHECK_THAT(bad_hp.err, Catch::Contains("unknown hyperparameter \"foo\""));
}

TEST_CASE("cli: runtime errors exit 1 with file and reason", "[cli]") {
  TempDir dir;
  auto missing_csv = run_command(kCli + " train --recipe popularity-count --interactions " +
                                 q(dir.file("nope.csv")) + " --output " + q(dir.file("x.erec")));
  CHECK(missing_csv.exit_code == 1);
  CHECK_THAT(missing_csv.err, Catch::Contains("nope.csv"));

  const std::string small = dir.file("small.csv");
  write_text_file(small, "USER_ID,ITEM_ID,TIMESTAMP\nu1,i1,1\nu1,i2,2\nu2,i1,3\n");
  auto too_small = run_command(kCli + " train --recipe popularity-count --interactions " + q(small) + " --output " +
                               q(dir.file("x.erec")));
  CHECK(too_small.exit_code == 1);
  CHECK_THAT(too_small.err, Catch::Contains("1000 interactions") && Catch::Contains("25 users"));

  const std::string bad = dir.file("bad.csv");
  write_text_file(bad, "USER_ID,ITEM_ID,TIMESTAMP\nu1,i1,1\nu1,i2,yesterday\n");
  auto bad_row = run_command(kCli + " train --recipe popularity-count --interactions " + q(bad) + " --output " +
                             q(dir.file("x.erec")));
  CHECK(bad_row.exit_code == 1);
  CHECK_THAT(bad_row.err, Catch::Contains("bad.csv:3:3") && Catch::Contains("TIMESTAMP"));
  CHECK_FALSE(std::ifstream(dir.file("x.erec")).good());

  const std::string not_erec = dir.file("not.erec");
  write_text_file(not_erec, "hello");
  auto corrupt = run_command(kCli + " recommend --solution " + q(not_erec));
  CHECK(corrupt.exit_code == 1);
  CHECK_THAT(corrupt.err, Catch::Contains("not.erec") && Catch::Contains("CorruptData"));

  const std::string erec = trained_solution(dir);
  auto too_many = run_command(kCli + " recommend --solution " + q(erec) + " --num-results 501");
  CHECK(too_many.exit_code == 1);
  CHECK_THAT(too_many.err, Catch::Contains("InvalidInput") && Catch::Contains("numResults"));
  CHECK(too_many.out.empty());
}
