// Item exploration (campaignConfig.itemExplorationConfig): config validation, the candidates
// (new by CREATION_TIMESTAMP within the cut-off, or cold), and the interleaved list.
#include <catch2/catch.hpp>

#include "serve/campaign_config.h"
#include "serve/item_exploration.h"
#include "edgerec/json.h"
#include "edgerec/runtime.h"
#include "support/fixtures.h"

using edgerec::JsonValue;
using edgerec::Runtime;
using edgerec::StatusCode;
using edgerec::testing::make_column;

namespace {

constexpr int64_t kDay = 86'400;
constexpr int64_t kEnd = 100 * kDay;  // the training data's newest interaction

// User-Personalization over 10 items; user000 scores item i as 10 - i (item000 best).
//   cold (no interactions): item005, item007, item009
//   CREATION_TIMESTAMP: item008 is 10 days old, item005 is old, item007 / item009 have none
//   => candidates with a 30-day cut-off: item007, item008, item009 (item005 is cold but old)
// GENRE is "b" for item007 only, for filters.
edgerec::testing::SolutionSpec spec(int64_t max_timestamp = kEnd) {
  edgerec::testing::SolutionSpec s;
  s.recipe = "user-personalization";
  s.recipe_type = 1;
  s.items = 10;
  s.users = 1;
  s.max_timestamp = max_timestamp;
  s.popularity_counts = {9, 8, 7, 6, 5, 0, 4, 0, 3, 0};
  s.dimensions = 1;
  for (int i = 0; i < 10; ++i) s.item_factors.push_back(static_cast<float>(10 - i));
  s.user_factors = {1.0f};
  std::vector<std::string> created(10, "1000");
  created[7] = created[9] = "";
  created[8] = std::to_string(kEnd - 10 * kDay);
  std::vector<std::string> genre(10, "a");
  genre[7] = "b";
  s.item_columns = {make_column("CREATION_TIMESTAMP", created, true), make_column("GENRE", genre)};
  return s;
}

std::unique_ptr<Runtime> load(const edgerec::testing::SolutionSpec& s, const std::string& config = "") {
  const auto bytes = edgerec::testing::build_solution(s);
  auto rt = Runtime::load(bytes.data(), bytes.size());
  REQUIRE(rt.ok());
  if (!config.empty()) {
    const edgerec::Status status = (*rt)->set_campaign_config_json(config);
    INFO(status.to_string());
    REQUIRE(status.ok());
  }
  return std::move(rt).value();
}

std::string exploration(const std::string& weight, const std::string& cut_off = "\"30\"") {
  return R"({"itemExplorationConfig":{"explorationWeight":)" + weight + R"(,"explorationItemAgeCutOff":)" + cut_off + "}}";
}

// "item003" or "item003*" for an item with reason ["Exploration"].
std::vector<std::string> items(Runtime& rt, const std::string& request) {
  const auto response = rt.get_recommendations_json(request);
  INFO(response.status().to_string());
  REQUIRE(response.ok());
  const auto parsed = edgerec::parse_json(*response, "response");
  REQUIRE(parsed.ok());
  std::vector<std::string> out;
  for (const JsonValue& item : parsed->find("itemList")->items()) {
    std::string id = item.find("itemId")->as_string();
    if (const JsonValue* reason = item.find("reason")) {
      REQUIRE(reason->items().size() == 1);
      CHECK(reason->items()[0].as_string() == "Exploration");
      id += "*";
    }
    CHECK(item.find("score") != nullptr);
    out.push_back(id);
  }
  return out;
}

std::string config_error(const std::string& config, int recipe_type = 1) {
  auto s = spec();
  s.recipe_type = recipe_type;
  auto rt = load(s);
  const edgerec::Status status = rt->set_campaign_config_json(config);
  REQUIRE_FALSE(status.ok());
  CHECK(status.code() == StatusCode::kInvalidInput);
  return status.message();
}

}  // namespace

TEST_CASE("exploration: weight 0 gives exactly the results of no config", "[exploration]") {
  auto plain = load(spec());
  auto zero = load(spec(), exploration("\"0\""));
  CHECK(zero->exploration() == nullptr);
  for (const char* request : {R"({"userId":"user000","numResults":10})", R"({"userId":"stranger","numResults":7})",
                              R"j({"userId":"user000","filterExpression":"INCLUDE ItemID WHERE Items.GENRE IN (\"a\")"})j"}) {
    INFO(request);
    // Same bytes, recommendation ids included (both runtimes follow the fixed id sequence).
    CHECK(zero->get_recommendations_json(request).value() == plain->get_recommendations_json(request).value());
  }
  CHECK(items(*plain, R"({"userId":"user000","numResults":5})") ==
        std::vector<std::string>{"item000", "item001", "item002", "item003", "item004"});
}

TEST_CASE("exploration: weight > 0 puts new and cold items in exploration slots", "[exploration]") {
  // 0.4 of 5 slots: positions 2 and 4 explore (floor((j+1) * 0.4) steps up there).
  auto rt = load(spec(), exploration("\"0.4\""));
  REQUIRE(rt->exploration() != nullptr);
  CHECK(rt->exploration()->reference_time() == kEnd);
  CHECK(rt->exploration()->candidate_count() == 3);
  const auto list = items(*rt, R"({"userId":"user000","numResults":5})");
  CHECK(list == std::vector<std::string>{"item000", "item001", "item007*", "item002", "item008*"});
  // Deterministic: the same again, and from a second runtime.
  CHECK(items(*rt, R"({"userId":"user000","numResults":5})") == list);
  CHECK(items(*load(spec(), exploration("0.4", "30")), R"({"userId":"user000","numResults":5})") == list);
  // Weight 1: every slot explores while candidates last, then the model's picks fill in.
  auto all = load(spec(), exploration("\"1\""));
  CHECK(items(*all, R"({"userId":"user000","numResults":5})") ==
        std::vector<std::string>{"item007*", "item008*", "item009*", "item000", "item001"});
}

TEST_CASE("exploration: the age cut-off excludes older items", "[exploration]") {
  // item008 is 10 days old: out with a 5-day cut-off, so item009 (cold, no timestamp) explores.
  auto rt = load(spec(), exploration("\"0.4\"", "\"5\""));
  CHECK(rt->exploration()->candidate_count() == 2);
  CHECK(items(*rt, R"({"userId":"user000","numResults":5})") ==
        std::vector<std::string>{"item000", "item001", "item007*", "item002", "item009*"});
  // A cold item with an old CREATION_TIMESTAMP (item005) is never a candidate.
  auto wide = load(spec(), exploration("\"1\"", "\"1\""));
  CHECK(items(*wide, R"({"userId":"user000","numResults":3})") ==
        std::vector<std::string>{"item007*", "item009*", "item000"});
}

TEST_CASE("exploration: filters apply to exploration candidates", "[exploration]") {
  auto rt = load(spec(), exploration("\"0.4\""));
  CHECK(items(*rt, R"j({"userId":"user000","numResults":5,"filterExpression":"INCLUDE ItemID WHERE Items.GENRE IN (\"a\")"})j") ==
        std::vector<std::string>{"item000", "item001", "item008*", "item002", "item009*"});
}

TEST_CASE("exploration: users the model does not know get popular items with exploration", "[exploration]") {
  auto rt = load(spec(), exploration("\"0.4\""));
  // Candidates by popularity: item008 (3 users), then the cold ones in catalog order.
  CHECK(items(*rt, R"({"userId":"stranger","numResults":5})") ==
        std::vector<std::string>{"item000", "item001", "item008*", "item002", "item007*"});
}

TEST_CASE("exploration: GetPersonalizedRanking is not affected", "[exploration]") {
  auto plain = load(spec());
  auto rt = load(spec(), exploration("\"1\""));
  const std::string request = R"({"userId":"user000","inputList":["item009","item000","item007"]})";
  CHECK(rt->get_personalized_ranking_json(request).value() == plain->get_personalized_ranking_json(request).value());
}

TEST_CASE("exploration: the reference time is the training data's end, else the newest creation", "[exploration]") {
  edgerec::ItemExplorationConfig config;
  const auto with_end = edgerec::testing::build_solution(spec());
  auto solution = edgerec::Solution::load(with_end.data(), with_end.size());
  REQUIRE(solution.ok());
  auto e = edgerec::ItemExploration::build(**solution, config);
  REQUIRE(e.ok());
  CHECK((*e)->reference_time() == kEnd);
  CHECK((*e)->weight() == Approx(0.3));
  CHECK((*e)->age_cut_off_days() == Approx(30.0));
  const auto without = edgerec::testing::build_solution(spec(0));
  auto solution2 = edgerec::Solution::load(without.data(), without.size());
  REQUIRE(solution2.ok());
  auto e2 = edgerec::ItemExploration::build(**solution2, config);
  REQUIRE(e2.ok());
  CHECK((*e2)->reference_time() == kEnd - 10 * kDay);  // item008's creation
  // Slots: 0.3 explores positions 3, 6, 9, 13, ...
  std::vector<size_t> slots;
  for (size_t j = 0; j < 14; ++j) {
    if ((*e)->explores_slot(j)) slots.push_back(j);
  }
  CHECK(slots == std::vector<size_t>{3, 6, 9, 13});
}

TEST_CASE("exploration: campaignConfig is validated with clear errors", "[exploration]") {
  CHECK(config_error(exploration("\"1.5\"")) ==
        "campaignConfig.itemExplorationConfig.explorationWeight must be between 0 and 1 (0: no exploration), got \"1.5\"");
  CHECK(config_error(exploration("-0.1")) ==
        "campaignConfig.itemExplorationConfig.explorationWeight must be between 0 and 1 (0: no exploration), got -0.1");
  CHECK(config_error(exploration("\"lots\"")) ==
        "campaignConfig.itemExplorationConfig.explorationWeight must be a number, got \"lots\"");
  CHECK_THAT(config_error(exploration("true")),
             Catch::StartsWith("campaignConfig.itemExplorationConfig.explorationWeight must be a number, or a string"));
  CHECK(config_error(exploration("\"0.3\"", "\"0\"")) ==
        "campaignConfig.itemExplorationConfig.explorationItemAgeCutOff must be a positive number of days, got \"0\"");
  CHECK(config_error(exploration("\"0.3\"", "-2")) ==
        "campaignConfig.itemExplorationConfig.explorationItemAgeCutOff must be a positive number of days, got -2");
  CHECK(config_error(R"({"itemExplorationConfig":{"explorationWieght":"0.3"}})") ==
        "unknown field campaignConfig.itemExplorationConfig.explorationWieght; valid fields are explorationWeight, "
        "explorationItemAgeCutOff");
  CHECK(config_error(R"({"nope":1})") ==
        "unknown field campaignConfig.nope; valid fields are itemExplorationConfig, enableMetadataWithRecommendations, "
        "syncWithLatestSolutionVersion");
  CHECK(config_error(R"({"rankingInfluence":{"POPULARITY":0.5}})") ==
        "campaignConfig.rankingInfluence is not supported: no edgerec recipe takes it");
  CHECK(config_error(R"({"enableMetadataWithRecommendations":"yes"})") ==
        "campaignConfig.enableMetadataWithRecommendations must be a boolean, got string");
  CHECK_THAT(config_error("[1]"), Catch::StartsWith("campaignConfig must be a JSON object"));
  CHECK(config_error(exploration("\"0.3\""), 3) ==
        "campaignConfig.itemExplorationConfig is for User-Personalization solutions only; recipe user-personalization "
        "is POPULAR_ITEMS");
  // Defaults for entries left out; other fields accepted.
  auto rt = load(spec(), R"({"itemExplorationConfig":{},"enableMetadataWithRecommendations":true})");
  REQUIRE(rt->exploration() != nullptr);
  CHECK(rt->exploration()->weight() == Approx(0.3));
  // A failed config leaves the earlier one in place.
  CHECK_FALSE(rt->set_campaign_config_json(exploration("\"2\"")).ok());
  CHECK(rt->exploration() != nullptr);
  // A config without itemExplorationConfig turns exploration off.
  REQUIRE(rt->set_campaign_config_json("{}").ok());
  CHECK(rt->exploration() == nullptr);
}
