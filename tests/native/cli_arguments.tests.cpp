// How the CLI reads its arguments: --flag=value, repeated flags, positional arguments, usage
// errors that name the flag, and text flags checked for UTF-8 where they are read.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "io/file_io.h"
#include "support/cli_test.h"
#include "support/fixtures.h"

using edgerec::testing::json_of;
using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;

namespace {

/// A popularity solution (items item000..item009) written to `dir`.
std::string popularity_solution(const TempDir& dir) {
  const std::string path = dir.file("popular.erec");
  REQUIRE(edgerec::write_file_atomically(path, edgerec::testing::make_popularity_solution(
                                                   {9, 8, 7, 6, 5, 4, 3, 2, 1, 1}, 10))
              .ok());
  return path;
}

}  // namespace

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

TEST_CASE("cli arguments: text flags must be UTF-8, checked where they are read", "[cli][arguments][utf8]") {
  TempDir dir;
  const std::string erec = popularity_solution(dir);
  const std::string group = dir.file("group");
  REQUIRE(run_command(kCli + " create-dataset-group " + q(group)).exit_code == 0);
  const std::string bad = q("u1\xff");  // byte 2 can never be in UTF-8
  struct Case {
    std::string command;
    std::string arguments;  ///< with {} where the bad value goes
    std::string flag;
  };
  const std::vector<Case> cases = {
      {"recommend", "--solution " + q(erec) + " --user-id {}", "user-id"},
      {"recommend", "--solution " + q(erec) + " --item-id {}", "item-id"},
      {"recommend", "--solution " + q(erec) + " --filter {}", "filter"},
      {"recommend", "--solution " + q(erec) + " --filter x --filter-values {}", "filter-values"},
      {"recommend", "--solution " + q(erec) + " --metadata-columns {}", "metadata-columns"},
      {"recommend", "--solution " + q(erec) + " --campaign-config {}", "campaign-config"},
      {"rank", "--solution " + q(erec) + " --user-id {} --input-list item001", "user-id"},
      {"rank", "--solution " + q(erec) + " --user-id u1 --input-list {}", "input-list"},
      {"put-items", q(group) + " --items {}", "items"},
      {"delete-user-data", q(group) + " --user-id u0 --user-id {}", "user-id"},
      {"import", q(group) + " --dataset interactions --csv x.csv --job-name {}", "job-name"},
      {"train", "--recipe popularity-count --interactions x.csv --output y.erec --event-type {}", "event-type"},
  };
  for (const Case& c : cases) {
    std::string arguments = c.arguments;
    arguments.replace(arguments.find("{}"), 2, bad);
    auto run = run_command(kCli + " " + c.command + " " + arguments);
    INFO(c.command + " " + arguments);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(run.err == "edgerec " + c.command + ": InvalidInput: --" + c.flag +
                         ": not valid UTF-8 at byte 2: byte 0xFF never appears in UTF-8\n"
                         "run `edgerec " + c.command + " --help` for usage\n");
  }
  // Paths are not text: a file name may be any bytes the file system takes.
  auto path = run_command(kCli + " recommend --solution " + q(dir.file("missing\xff.erec")));
  CHECK(path.exit_code == 1);
  CHECK_THAT(path.err, Catch::Contains("NotFound"));
  // Valid UTF-8 beyond ASCII passes.
  auto accented = run_command(kCli + " recommend --solution " + q(erec) + " --user-id " + q("usuário"));
  CHECK(accented.exit_code == 0);
}
