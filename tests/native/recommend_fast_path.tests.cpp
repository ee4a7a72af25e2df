// GetRecommendations' fast path for known users (core/src/serve/softmax_normalizers.h) on a model
// the trainer made: factors, histories and the sequence part as `edgerec train` writes them. Every
// user's top-k equals the full path's, and a Runtime's repeat requests (served from the cached
// normaliser) equal a fresh Runtime's first ones, filters included.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "edgerec/runtime.h"
#include "edgerec/solution_generated.h"
#include "scoring/personalized_scoring.h"
#include "support/cli_test.h"
#include "support/fixtures.h"
#include "support/response_test.h"

using edgerec::ScoredItem;
using edgerec::testing::kCli;
using edgerec::testing::q;
using edgerec::testing::TempDir;
using edgerec::testing::without_recommendation_id;

TEST_CASE("user-personalization: the API's fast path equals the full path on a trained model", "[fast_path]") {
  TempDir dir;
  const auto synth = edgerec::testing::run_command(
      kCli + " synth --users 300 --items 3000 --interactions 30000 --seed 11 --output " + q(dir.file("i.csv")));
  REQUIRE(synth.exit_code == 0);
  const auto train = edgerec::testing::run_command(
      kCli + " train --recipe user-personalization --interactions " + q(dir.file("i.csv")) + " --output " +
      q(dir.file("up.erec")) + " --quiet --hp factors=16 --hp iterations=5 --hp hpo_trials=1 --threads 2");
  INFO(train.err);
  REQUIRE(train.exit_code == 0);
  const std::string bytes_text = edgerec::testing::read_text_file(dir.file("up.erec"));
  const std::vector<uint8_t> bytes(bytes_text.begin(), bytes_text.end());
  auto loaded = edgerec::Solution::load(bytes.data(), bytes.size());
  REQUIRE(loaded.ok());
  const edgerec::Solution& solution = **loaded;
  REQUIRE(solution.root().sequence() != nullptr);
  REQUIRE(solution.root().sequence()->weight() != 0.0f);
  const uint32_t items = solution.items().size();
  std::mt19937 rng(4);
  std::vector<uint8_t> half(items);
  for (uint8_t& a : half) a = static_cast<uint8_t>(rng() % 2);

  for (uint32_t u = 0; u < solution.users().size(); ++u) {
    const edgerec::UserSignal signal = edgerec::stored_user_signal(solution, u);
    std::vector<float> logits;
    edgerec::personalized_logits(solution, signal, logits);
    for (const size_t k : {size_t{1}, size_t{25}, size_t{500}}) {
      for (const uint8_t* allowed : {static_cast<const uint8_t*>(nullptr), static_cast<const uint8_t*>(half.data())}) {
        INFO("user " << u << " k " << k << " filtered " << (allowed != nullptr));
        const std::vector<ScoredItem> full = edgerec::top_k(logits.data(), logits.size(), k, allowed);
        const std::vector<ScoredItem> fast = edgerec::top_k_logits(solution, signal, k, allowed);
        REQUIRE(fast.size() == full.size());
        for (size_t r = 0; r < full.size(); ++r) {
          REQUIRE(fast[r].index == full[r].index);
          REQUIRE(std::memcmp(&fast[r].score, &full[r].score, sizeof(float)) == 0);  // the same bits
        }
      }
    }
  }

  auto runtime = edgerec::Runtime::load(bytes.data(), bytes.size());
  REQUIRE(runtime.ok());
  for (uint32_t u = 0; u < solution.users().size(); u += 7) {
    const std::string user(solution.users().id(u));
    const std::string filter = R"j(,"filterExpression":"EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN (\"*\")")j";
    for (const std::string& extra : {std::string(), filter}) {
      const std::string request =
          "{\"userId\":\"" + user + "\",\"numResults\":" + std::to_string(1 + u % 100) + extra + "}";
      INFO(request);
      auto fresh = edgerec::Runtime::load(bytes.data(), bytes.size());
      REQUIRE(fresh.ok());
      const auto expected = (*fresh)->get_recommendations_json(request);
      REQUIRE(expected.ok());
      for (int repeat = 0; repeat < 2; ++repeat) {
        const auto actual = (*runtime)->get_recommendations_json(request);
        REQUIRE(actual.ok());
        REQUIRE(without_recommendation_id(*actual) == without_recommendation_id(*expected));
      }
    }
  }
}
