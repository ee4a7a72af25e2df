// Interactions filters read what the user did, whatever the solution config trained on: every
// recipe stores each user's most recent interactions per event type (Solution.recent_interactions),
// an edge bundle reads the session's own events, and a solution without either refuses them.
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
using edgerec::testing::write_text_file;

namespace {

constexpr const char* kEverything = R"(EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*"))";

// Synthetic view/click/purchase events; trained with --event-type view, so clicks and purchases
// are left out of the model, yet the user did them.
struct Fixture {
  TempDir dir;
  std::string csv = dir.file("i.csv");
  std::map<std::string, std::set<std::string>> items_of;  // user -> every item of any event
  std::map<std::string, std::set<std::string>> viewed;    // user -> items of view events

  Fixture() {
    auto synth = run_command(kCli + " synth --users 120 --items 60 --interactions 5000 --seed 11 --output " + q(csv));
    REQUIRE(synth.exit_code == 0);
    std::istringstream rows(read_text_file(csv));
    std::string line;
    std::getline(rows, line);
    while (std::getline(rows, line)) {
      std::vector<std::string> f;
      std::stringstream cells(line);
      for (std::string cell; std::getline(cells, cell, ',');) f.push_back(cell);
      items_of[f[0]].insert(f[1]);
      if (f[3] == "view") viewed[f[0]].insert(f[1]);
    }
  }

  // A user with items they only clicked or bought: what a filter over trained events would miss.
  std::string user_with_untrained_items() const {
    for (const auto& [user, items] : items_of) {
      const auto views = viewed.find(user);
      for (const std::string& item : items) {
        if (views == viewed.end() || views->second.count(item) == 0) return user;
      }
    }
    FAIL("no user has an item without a view");
    return "";
  }

  std::string train(const std::string& recipe, const std::string& config) {
    const std::string out = dir.file(recipe + ".erec");
    auto trained = run_command(kCli + " train --recipe " + recipe + " --interactions " + q(csv) + " --output " + q(out) +
                               " --quiet --threads 1 " +
                               (recipe == "user-personalization" ? "--hp hpo_trials=1 --hp factors=8 " : "") + config);
    INFO(trained.err);
    REQUIRE(trained.exit_code == 0);
    return out;
  }
};

// Every item of a recommend call's answer.
std::vector<std::string> recommended(const std::string& args) {
  auto rec = run_command(kCli + " recommend " + args);
  INFO(rec.err);
  REQUIRE(rec.exit_code == 0);
  return item_ids(json_of(rec.out));
}

size_t overlap(const std::vector<std::string>& listed, const std::set<std::string>& done) {
  size_t n = 0;
  for (const std::string& id : listed) n += done.count(id);
  return n;
}

}  // namespace

TEST_CASE("interaction filters: every recipe excludes what the user did, not only what it trained on",
          "[filter][interactions]") {
  Fixture f;
  const std::string user = f.user_with_untrained_items();
  const std::set<std::string>& done = f.items_of[user];
  std::set<std::string> untrained;
  for (const std::string& item : done) {
    if (f.viewed[user].count(item) == 0) untrained.insert(item);
  }
  for (const std::string recipe : {"popularity-count", "trending-now", "user-personalization", "similar-items"}) {
    INFO(recipe);
    const std::string solution = f.train(recipe, "--event-type view");
    const bool related = recipe == std::string("similar-items");
    // Related items take a userId only for a filter to read.
    const std::string base = "--solution " + q(solution) + " --num-results 60" +
                             (related ? " --item-id i3" : "") + " --user-id " + user;
    const std::vector<std::string> plain =
        recommended(related ? "--solution " + q(solution) + " --num-results 60 --item-id i3" : base);
    REQUIRE(overlap(plain, done) > 0);  // without the filter the user's items come back
    const std::vector<std::string> filtered = recommended(base + " --filter " + q(kEverything));
    CHECK(overlap(filtered, done) == 0);
    CHECK(overlap(filtered, untrained) == 0);
    CHECK_FALSE(filtered.empty());
    // Only the clicks and purchases: none of them is a trained event.
    const std::vector<std::string> unbought = recommended(
        base + " --filter " + q(R"(EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click", "purchase"))"));
    CHECK(overlap(unbought, untrained) == 0);
  }
}

TEST_CASE("interaction filters: the 100 most recent interactions of each event type", "[filter][interactions]") {
  // "heavy" purchased p0..p4 first, then viewed 150 times: p0..p4 stay in the purchase window
  // although 150 newer events follow, and the view of "old" (the oldest of 101 distinct views)
  // has left the view window, as in Personalize.
  TempDir dir;
  std::ostringstream csv;
  csv << "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\n";
  int64_t t = 1700000000;
  for (int p = 0; p < 5; ++p) csv << "heavy,p" << p << "," << t++ << ",purchase\n";
  csv << "heavy,old," << t++ << ",view\n";
  for (int v = 0; v < 150; ++v) csv << "heavy,v" << (v % 100) << "," << t++ << ",view\n";
  for (int u = 0; u < 30; ++u) {
    for (int e = 0; e < 40; ++e) csv << "u" << u << ",v" << (u * 7 + e) % 100 << "," << t++ << ",view\n";
    csv << "u" << u << ",p" << u % 5 << "," << t++ << ",purchase\n";
    csv << "u" << u << ",old," << t++ << ",view\n";
  }
  write_text_file(dir.file("i.csv"), csv.str());
  const std::string solution = dir.file("pop.erec");
  auto trained = run_command(kCli + " train --recipe popularity-count --interactions " + q(dir.file("i.csv")) +
                             " --output " + q(solution) + " --quiet");
  INFO(trained.err);
  REQUIRE(trained.exit_code == 0);
  const std::string base = "--solution " + q(solution) + " --user-id heavy --num-results 200";
  const std::vector<std::string> all = recommended(base);
  REQUIRE(overlap(all, {"p0", "p1", "p2", "p3", "p4", "old"}) == 6);
  const std::vector<std::string> unpurchased =
      recommended(base + " --filter " + q(R"(EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("PURCHASE"))"));
  CHECK(overlap(unpurchased, {"p0", "p1", "p2", "p3", "p4"}) == 0);
  CHECK(unpurchased.size() == all.size() - 5);
  const std::vector<std::string> unviewed =
      recommended(base + " --filter " + q(R"(EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("view"))"));
  CHECK(overlap(unviewed, {"old"}) == 1);  // its one view is the 101st newest
  CHECK(overlap(unviewed, {"v0", "v49", "v99"}) == 0);
}

TEST_CASE("interaction filters: an edge bundle reads the session's events", "[filter][interactions][edge]") {
  Fixture f;
  const std::string solution = f.train("popularity-count", "");
  const std::string edge = f.dir.file("edge.erec");
  REQUIRE(run_command(kCli + " export-edge " + q(solution) + " --output " + q(edge)).exit_code == 0);
  const std::string base = "--solution " + q(edge) + " --user-id u7 --num-results 60 --filter " + q(kEverything);
  // The bundle knows no user: nothing of u7's stored past is excluded...
  CHECK(recommended(base).size() == 60);
  // ...but what the session did is.
  write_text_file(f.dir.file("events.json"),
                  R"({"sessionId":"s","userId":"u7","eventList":[{"eventType":"view","sentAt":1700000000,"itemId":"i0"},)"
                  R"({"eventType":"purchase","sentAt":1700000001,"itemId":"i1"}]})");
  const std::vector<std::string> listed = recommended(base + " --events " + q(f.dir.file("events.json")));
  CHECK(overlap(listed, {"i0", "i1"}) == 0);
  CHECK(listed.size() == 58);
}
