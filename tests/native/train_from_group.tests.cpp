// Training from a dataset group: bulk and streamed interactions, Items metadata, and the solution
// version recorded in the group.
#include <catch2/catch.hpp>

#include <filesystem>

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

TEST_CASE("train DIR: trains on the group's data and records the solution version", "[recipes][group]") {
  TempDir dir;
  const std::string group = dir.file("group");
  REQUIRE(run_command(kCli + " synth --users 150 --items 60 --interactions 5000 --seed 8 --output " +
                      q(dir.file("i.csv")) + " --items-output " + q(dir.file("items.csv"))).exit_code == 0);
  REQUIRE(run_command(kCli + " create-dataset-group " + q(group)).exit_code == 0);
  auto imported = run_command(kCli + " import " + q(group) + " --dataset interactions --csv " + q(dir.file("i.csv")));
  INFO(imported.err);
  REQUIRE(imported.exit_code == 0);
  const std::string tracking = json_of(run_command(kCli + " describe " + q(group)).out).find("trackingId")->as_string();
  write_text_file(dir.file("events.json"),
                  R"({"trackingId":")" + tracking + R"(","sessionId":"s1","userId":"streamer","eventList":[)"
                  R"({"eventType":"view","sentAt":1700000000,"itemId":"i1"},)"
                  R"({"eventType":"view","sentAt":1700000001,"itemId":"i2"}]})");
  auto put = run_command(kCli + " put-events " + q(group) + " --json " + q(dir.file("events.json")));
  INFO(put.err);
  REQUIRE(put.exit_code == 0);

  auto train = run_command(kCli + " train " + q(group) + " --recipe user-personalization --hp factors=8 --hp iterations=4 --quiet");
  INFO(train.err);
  REQUIRE(train.exit_code == 0);
  const JsonValue described = json_of(run_command(kCli + " describe " + q(group)).out);
  const auto& versions = described.find("solutionVersions")->items();
  REQUIRE(versions.size() == 1);
  const std::string path = versions[0].find("path")->as_string();
  CHECK(versions[0].find("recipe")->as_string() == "user-personalization");
  CHECK(std::filesystem::exists(path));
  const JsonValue solution = json_of(run_command(kCli + " describe-solution " + q(path)).out);
  // 5000 bulk interactions plus the 2 streamed ones; the streaming user is known to the model.
  CHECK(solution.find("trainingData")->find("interactions")->as_number() == 5002);
  CHECK(solution.find("trainingData")->find("users")->as_number() == 151);
  auto rec = run_command(kCli + " recommend --solution " + q(path) + " --user-id streamer --num-results 3");
  CHECK(rec.exit_code == 0);

  // Both a group and files is a usage error; so is neither.
  auto both = run_command(kCli + " train " + q(group) + " --recipe popularity-count --interactions " + q(dir.file("i.csv")));
  CHECK(both.exit_code == 2);
  auto neither = run_command(kCli + " train --recipe popularity-count --output " + q(dir.file("x.erec")));
  CHECK(neither.exit_code == 2);
  auto empty_group = dir.file("empty");
  REQUIRE(run_command(kCli + " create-dataset-group " + q(empty_group)).exit_code == 0);
  auto nothing = run_command(kCli + " train " + q(empty_group) + " --recipe popularity-count");
  CHECK(nothing.exit_code == 1);
  CHECK_THAT(nothing.err, Catch::Contains("no interactions"));
}
