// trending-now: growth between the two latest intervals.
#include <catch2/catch.hpp>

#include <sstream>

#include "support/cli_test.h"
#include "support/fixtures.h"
#include "train/trending_now.h"

using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::run_command;
using edgerec::testing::TempDir;
using edgerec::testing::write_text_file;

TEST_CASE("trending-now: growth over the previous interval, damped for rare items", "[recipes]") {
  edgerec::TrainingSet set;
  set.users = 1;
  set.items = 4;
  // interval 100, data ends at 1000: now = (900, 1000], before = (800, 900]
  const std::vector<std::pair<uint32_t, int64_t>> events = {
      {0, 850}, {0, 860}, {0, 950}, {0, 960},             // steady: 2 -> 2
      {1, 950}, {1, 960}, {1, 970}, {1, 980}, {1, 990},   // rising: 0 -> 5
      {2, 810}, {2, 820}, {2, 830}, {2, 990},             // falling: 3 -> 1
      {3, 1000}, {3, 100}};                               // one new event; one ancient
  for (const auto& [item, time] : events) {
    set.items_seq.push_back(item);
    set.times.push_back(time);
    set.weights.push_back(1.0f);
  }
  set.user_offsets = {0, set.items_seq.size()};
  const auto t = edgerec::compute_trends(set, 100, 5.0);
  CHECK(t.window_end == 1000);
  CHECK(t.now == std::vector<uint32_t>{2, 5, 1, 1});
  CHECK(t.before == std::vector<uint32_t>{2, 0, 3, 0});
  CHECK(t.scores[1] == Approx(5.0 / 5.0));
  CHECK(t.scores[0] == Approx(0.0));
  CHECK(t.scores[2] == Approx(-2.0 / 8.0));
  CHECK(t.scores[3] == Approx(1.0 / 5.0));
}

TEST_CASE("trending-now: the CLI serves the fastest risers first", "[recipes]") {
  TempDir dir;
  std::ostringstream csv;
  csv << "USER_ID,ITEM_ID,TIMESTAMP\n";
  // 40 users; "hot" only in the last hour, "old" only in the hour before, filler throughout.
  for (int u = 0; u < 40; ++u) {
    for (int k = 0; k < 25; ++k) csv << "u" << u << ",f" << (k % 10) << "," << (100000 + u * 10 + k * 300) << "\n";
    csv << "u" << u << ",hot," << (110000 - u) << "\n";
    csv << "u" << u << ",old," << (110000 - 3600 - u - 1) << "\n";
  }
  write_text_file(dir.file("i.csv"), csv.str());
  const std::string erec = dir.file("t.erec");
  auto train = run_command(kCli + " train --recipe trending-now --hp trend_interval_seconds=3600 --interactions " +
                           q(dir.file("i.csv")) + " --output " + q(erec));
  INFO(train.err);
  REQUIRE(train.exit_code == 0);
  auto rec = run_command(kCli + " recommend --solution " + q(erec) + " --num-results 2");
  REQUIRE(rec.exit_code == 0);
  CHECK_THAT(rec.out, Catch::StartsWith("{\"itemList\":[{\"itemId\":\"hot\""));
  CHECK(rec.out.find("\"old\"") == std::string::npos);
  auto bad = run_command(kCli + " train --recipe trending-now --hp trend_interval_seconds=5 --interactions " +
                         q(dir.file("i.csv")) + " --output " + q(erec));
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("trend_interval_seconds"));
}
