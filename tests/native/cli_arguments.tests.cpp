// How the CLI reads its arguments: --flag=value, repeated flags, positional arguments, usage
// errors that name the flag.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/cli_test.h"
#include "support/fixtures.h"

using edgerec::testing::json_of;
using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;

TEST_CASE("cli arguments: --flag=value, repeated flags and positional arguments", "[cli][arguments]") {
  TempDir dir;
  const std::string csv = dir.file("i.csv");
  REQUIRE(run_command(kCli + " synth --users=100 --items 50 --interactions=3000 --seed 2 --output " + q(csv)).exit_code == 0);
  const std::string erec = dir.file("p.erec");
  auto trained = run_command(kCli + " train --quiet --recipe=popularity-count --interactions=" + q(csv) +
                             " --event-weight view=0.25 --event-weight=click=0.5 --output=" + q(erec));
  INFO(trained.err);
  REQUIRE(trained.exit_code == 0);
  const edgerec::JsonValue described = json_of(run_command(kCli + " describe-solution " + q(erec)).out);
  const edgerec::JsonValue* config = described.find("solutionConfig");
  REQUIRE(config != nullptr);
  CHECK(std::stod(config->find("eventWeight.view")->as_string()) == 0.25);
  CHECK(std::stod(config->find("eventWeight.click")->as_string()) == 0.5);

  // The solution as the positional argument or as --solution, not both.
  CHECK(run_command(kCli + " metrics --solution=" + q(erec)).out == run_command(kCli + " metrics " + q(erec)).out);
  auto both = run_command(kCli + " metrics " + q(erec) + " --solution " + q(erec));
  CHECK(both.exit_code == 2);
  CHECK_THAT(both.err, Catch::Contains("not both"));
  auto neither = run_command(kCli + " describe-solution");
  CHECK(neither.exit_code == 2);
  CHECK_THAT(neither.err, Catch::Contains("give FILE.erec or --solution FILE.erec"));

  // A flag given twice that is not repeatable: the last one counts.
  auto twice = run_command(kCli + " recommend --solution " + q(erec) + " --num-results 9 --num-results 3");
  REQUIRE(twice.exit_code == 0);
  CHECK(json_of(twice.out).find("itemList")->items().size() == 3);
  // A value that looks like a flag is still the value of the flag before it.
  auto dash = run_command(kCli + " recommend --solution " + q(erec) + " --user-id --num-results");
  REQUIRE(dash.exit_code == 0);
  CHECK(json_of(dash.out).find("itemList")->items().size() == 25);
}

TEST_CASE("cli arguments: usage errors name the flag or argument", "[cli][arguments]") {
  const auto usage_error = [](const std::string& arguments, const std::string& message) {
    auto run = run_command(kCli + " " + arguments);
    INFO(arguments);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK_THAT(run.err, Catch::Contains(message));
  };
  usage_error("recommend --solution", "edgerec recommend: InvalidInput: flag --solution needs a value");
  usage_error("train --recipe popularity-count --interactions a.csv --output b.erec --quiet=yes",
              "edgerec train: InvalidInput: flag --quiet takes no value");
  usage_error("describe g1 g2", "edgerec describe: InvalidInput: unexpected argument \"g2\"");
  usage_error("synth --users 1 --items 1 --interactions 1 --seed 1 --output x.csv extra", "unexpected argument \"extra\"");
  usage_error("ingest-batch", "edgerec ingest-batch: InvalidInput: missing DIR");
  usage_error("ingest-batch g", "edgerec ingest-batch: InvalidInput: missing FILE.erev");
  usage_error("put-events g", "edgerec put-events: InvalidInput: missing required flag --json");
  // A misspelt flag is reported rather than the required flag it was meant to be.
  usage_error("rank --solutoin x --user-id u --input-list a", "unknown flag --solutoin; valid flags are --solution,");
  usage_error("import g --dataset=items --csv=x.csv -x", "edgerec import: InvalidInput: unknown flag -x;");
}
