// `IF CurrentUser.FIELD` end to end: Users metadata given to `edgerec train` (--users USERS.csv,
// or a dataset group's Users dataset) reaches the solution's user index, and `edgerec recommend`
// / `rank` apply a filter's clause only for the users whose metadata satisfies it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "edgerec/json.h"
#include "support/cli_test.h"
#include "support/fixtures.h"
#include "support/response_test.h"

using edgerec::JsonValue;
using edgerec::testing::json_of;
using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::read_text_file;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;
using edgerec::testing::write_text_file;
using edgerec::testing::item_ids;

namespace {

// u1 is over 30 and in segment "a", u2 is 20 and in "b", u3 has interactions but no metadata;
// "ghost" has metadata but no interactions (so it is not in the solution).
const char* const kUsersCsv =
    "USER_ID,AGE,SEGMENT\n"
    "u1,40,a\n"
    "u2,20,b\n"
    "ghost,50,a\n";

const std::string kSmallModel = " --hp factors=8 --hp iterations=3 --hp hpo_trials=1 --threads 1";


struct Fixture {
  TempDir dir;
  std::string interactions = dir.file("i.csv");
  std::string items_csv = dir.file("items.csv");
  std::string users_csv = dir.file("users.csv");
  std::map<std::string, std::string> genre;  // item -> GENRE

  Fixture() {
    auto synth = run_command(kCli + " synth --users 200 --items 80 --interactions 6000 --seed 5 --output " +
                             q(interactions) + " --items-output " + q(items_csv));
    REQUIRE(synth.exit_code == 0);
    write_text_file(users_csv, kUsersCsv);
    // The synthetic Items CSV: ITEM_ID,GENRE,CATEGORY,PRICE,CREATION_TIMESTAMP, no quoting.
    std::istringstream rows(read_text_file(items_csv));
    std::string line;
    std::getline(rows, line);
    while (std::getline(rows, line)) {
      const size_t comma = line.find(',');
      genre[line.substr(0, comma)] = line.substr(comma + 1, line.find(',', comma + 1) - comma - 1);
    }
  }

  std::string train(const std::string& recipe, const std::string& extra) {
    const std::string out = dir.file(recipe + ".erec");
    auto trained = run_command(kCli + " train --recipe " + recipe + " --interactions " + q(interactions) + " --items " +
                               q(items_csv) + " --output " + q(out) + " --quiet" + extra);
    INFO(trained.err);
    REQUIRE(trained.exit_code == 0);
    return out;
  }
};

// The item ids recommended to `user`, optionally filtered (the whole catalog fits in 500).
std::vector<std::string> recommend(const std::string& solution, const std::string& user, const std::string& filter = "",
                                   const std::string& values = "") {
  std::string command = kCli + " recommend --solution " + q(solution) + " --user-id " + user + " --num-results 500";
  if (!filter.empty()) command += " --filter " + q(filter);
  if (!values.empty()) command += " --filter-values " + q(values);
  auto rec = run_command(command);
  INFO(command);
  INFO(rec.err);
  REQUIRE(rec.exit_code == 0);
  return item_ids(json_of(rec.out));
}

// `list` without the items of genre `g`.
std::vector<std::string> without(const std::vector<std::string>& list, const std::map<std::string, std::string>& genre,
                                 const std::string& g) {
  std::vector<std::string> out;
  for (const std::string& id : list) {
    if (genre.at(id) != g) out.push_back(id);
  }
  return out;
}

// `filter` (which excludes genre_0 when its IF holds) applies to exactly the users in `applies`
// among u1, u2, u3 and an unknown user: theirs is the unfiltered list without genre_0, the
// others' is the unfiltered list unchanged.
void check_applies_to(const std::string& solution, const Fixture& f, const std::string& filter,
                      const std::vector<std::string>& applies, const std::string& values = "") {
  for (const std::string user : {"u1", "u2", "u3", "stranger"}) {
    INFO(user << ": " << filter);
    const std::vector<std::string> all = recommend(solution, user);
    REQUIRE(without(all, f.genre, "genre_0").size() < all.size());  // the filter has something to drop
    const bool expected = std::find(applies.begin(), applies.end(), user) != applies.end();
    CHECK(recommend(solution, user, filter, values) == (expected ? without(all, f.genre, "genre_0") : all));
  }
}

const std::string kOver30 = R"(EXCLUDE ItemID WHERE Items.GENRE IN ("genre_0") IF CurrentUser.AGE > 30)";
const std::string kSegmentA = R"(EXCLUDE ItemID WHERE Items.GENRE IN ("genre_0") IF CurrentUser.SEGMENT IN ("a"))";

}  // namespace

TEST_CASE("cli user filters: --users metadata makes IF CurrentUser apply per user", "[cli][filter][users]") {
  Fixture f;
  for (const std::string recipe : {"popularity-count", "user-personalization"}) {
    INFO(recipe);
    const std::string solution =
        f.train(recipe, " --users " + q(f.users_csv) + (recipe == "user-personalization" ? kSmallModel : ""));
    check_applies_to(solution, f, kOver30, {"u1"});
    check_applies_to(solution, f, kSegmentA, {"u1"});
    check_applies_to(solution, f, R"(EXCLUDE ItemID WHERE Items.GENRE IN ("genre_0") IF CurrentUser.AGE <= 20)",
                     {"u2"});
    check_applies_to(solution, f,
                     R"(EXCLUDE ItemID WHERE Items.GENRE IN ("genre_0") IF CurrentUser.SEGMENT IN ($S) AND )"
                     R"(CurrentUser.AGE < $MAX)",
                     {"u2"}, R"({"S":"\"b\",\"c\"","MAX":"30"})");
  }
}

TEST_CASE("cli user filters: ranking, unknown user fields, and solutions without Users metadata",
          "[cli][filter][users]") {
  Fixture f;
  const std::string up = f.train("user-personalization", " --users " + q(f.users_csv) + kSmallModel);
  std::string genre_0_item;
  for (const auto& [id, g] : f.genre) {
    if (g == "genre_0" && genre_0_item.empty()) genre_0_item = id;
  }
  REQUIRE_FALSE(genre_0_item.empty());
  std::string other_item;
  for (const auto& [id, g] : f.genre) {
    if (g != "genre_0" && other_item.empty()) other_item = id;
  }
  for (const auto& [user, dropped] : std::vector<std::pair<std::string, bool>>{{"u1", true}, {"u2", false}}) {
    INFO(user);
    auto ranked = run_command(kCli + " rank --solution " + q(up) + " --user-id " + user + " --input-list " +
                              genre_0_item + "," + other_item + " --filter " + q(kOver30));
    INFO(ranked.err);
    REQUIRE(ranked.exit_code == 0);
    CHECK(item_ids(json_of(ranked.out), "personalizedRanking").size() == (dropped ? 1u : 2u));
  }

  auto unknown = run_command(kCli + " recommend --solution " + q(up) + " --user-id u1 --filter " +
                             q(R"(EXCLUDE ItemID WHERE Items.GENRE IN ("genre_0") IF CurrentUser.COLOUR IN ("red"))"));
  CHECK(unknown.exit_code == 1);
  CHECK_THAT(unknown.err, Catch::Contains("unknown field CurrentUser.COLOUR: the solution's user columns are AGE, SEGMENT"));

  const std::string plain = f.train("popularity-count", "");
  auto none = run_command(kCli + " recommend --solution " + q(plain) + " --user-id u1 --filter " + q(kOver30));
  CHECK(none.exit_code == 1);
  CHECK_THAT(none.err, Catch::Contains("needs user metadata, and this solution has none"));

  // A bad Users CSV fails training with its location; files and a DIR do not mix.
  write_text_file(f.dir.file("bad.csv"), "USER_ID,AGE\nu1,3\nu1,4\n");
  auto bad = run_command(kCli + " train --recipe popularity-count --interactions " + q(f.interactions) + " --users " +
                         q(f.dir.file("bad.csv")) + " --output " + q(f.dir.file("x.erec")));
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.err, Catch::Contains(f.dir.file("bad.csv") + ":3:1 (USER_ID): USER_ID \"u1\" already appeared on line 2"));
  auto both = run_command(kCli + " train " + q(f.dir.path()) + " --recipe popularity-count --users " + q(f.users_csv));
  CHECK(both.exit_code == 2);
  CHECK_THAT(both.err, Catch::Contains("--interactions/--items/--users files, not both"));

  auto help = run_command(kCli + " train --help");
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("--users USERS.csv") && Catch::Contains("popularity-count"));
}

TEST_CASE("cli user filters: UPDATE training keeps the Users metadata it is given", "[cli][filter][users]") {
  Fixture f;
  const std::string full = f.train("user-personalization", " --users " + q(f.users_csv) + kSmallModel);
  // u3 gets metadata in the update: the refreshed solution has the new Users data.
  write_text_file(f.dir.file("users2.csv"), std::string(kUsersCsv) + "u3,35,c\n");
  const std::string updated = f.dir.file("updated.erec");
  auto update = run_command(kCli + " train --recipe user-personalization --training-mode UPDATE --base-solution " +
                            q(full) + " --interactions " + q(f.interactions) + " --items " + q(f.items_csv) +
                            " --users " + q(f.dir.file("users2.csv")) + " --output " + q(updated) +
                            " --threads 1 --quiet");
  INFO(update.err);
  REQUIRE(update.exit_code == 0);
  check_applies_to(updated, f, kOver30, {"u1", "u3"});
}

TEST_CASE("cli user filters: a dataset group's Users dataset reaches the solution", "[cli][filter][users][group]") {
  Fixture f;
  const std::string group = f.dir.file("group");
  REQUIRE(run_command(kCli + " create-dataset-group " + q(group)).exit_code == 0);
  REQUIRE(run_command(kCli + " import " + q(group) + " --dataset interactions --csv " + q(f.interactions)).exit_code == 0);
  write_text_file(f.dir.file("items.json"),
                  R"({"type":"record","name":"Items","fields":[{"name":"ITEM_ID","type":"string"},)"
                  R"({"name":"GENRE","type":"string","categorical":true},{"name":"CATEGORY","type":"string",)"
                  R"("categorical":true},{"name":"PRICE","type":"float"},{"name":"CREATION_TIMESTAMP","type":"long"}]})");
  // AGE as a nullable int, SEGMENT categorical, and a boolean field, which filters cannot use.
  write_text_file(f.dir.file("users.json"),
                  R"({"type":"record","name":"Users","fields":[{"name":"USER_ID","type":"string"},)"
                  R"({"name":"AGE","type":["null","int"]},{"name":"SEGMENT","type":["null","string"],"categorical":true},)"
                  R"({"name":"VERIFIED","type":["null","boolean"]}]})");
  write_text_file(f.dir.file("users_v.csv"), "USER_ID,AGE,SEGMENT,VERIFIED\nu1,40,a,true\nu2,20,b,false\nghost,50,a,\n");
  for (const auto& [dataset, csv] : std::vector<std::pair<std::string, std::string>>{
           {"items", f.items_csv}, {"users", f.dir.file("users_v.csv")}}) {
    auto imported = run_command(kCli + " import " + q(group) + " --dataset " + dataset + " --csv " + q(csv) +
                                " --schema " + q(f.dir.file(dataset + ".json")));
    INFO(imported.err);
    REQUIRE(imported.exit_code == 0);
  }
  // A PutUsers record counts too: u3 joins segment "a" without an age.
  auto put = run_command(kCli + " put-users " + q(group) +
                         R"( --users '[{"userId":"u3","properties":"{\"segment\":\"a\"}"}]')");
  INFO(put.err);
  REQUIRE(put.exit_code == 0);

  const std::string solution = f.dir.file("g.erec");
  for (const std::string recipe : {"popularity-count", "user-personalization"}) {
    INFO(recipe);
    auto train = run_command(kCli + " train " + q(group) + " --recipe " + recipe + " --quiet --output " + q(solution) +
                             (recipe == "user-personalization" ? kSmallModel : ""));
    INFO(train.err);
    REQUIRE(train.exit_code == 0);
    check_applies_to(solution, f, kOver30, {"u1"});
    check_applies_to(solution, f, kSegmentA, {"u1", "u3"});
    // "ghost" has Users metadata but no interactions: not a training user, served as unknown.
    const JsonValue described = json_of(run_command(kCli + " describe-solution " + q(solution)).out);
    CHECK(described.find("trainingData")->find("users")->as_number() == 200);
    CHECK(recommend(solution, "ghost", kOver30) == recommend(solution, "stranger"));
  }
  auto boolean = run_command(kCli + " recommend --solution " + q(solution) + " --user-id u1 --filter " +
                             q(R"(EXCLUDE ItemID WHERE Items.GENRE IN ("genre_0") IF CurrentUser.VERIFIED IN ("true"))"));
  CHECK(boolean.exit_code == 1);
  CHECK_THAT(boolean.err, Catch::Contains("unknown field CurrentUser.VERIFIED: the solution's user columns are AGE, SEGMENT"));
}
