// Serving each recipe type: user-personalization by userId, related items by itemId,
// personalized ranking, and the fallbacks for users and items the model does not know.
#include <catch2/catch.hpp>

#include <cmath>

#include "edgerec/json.h"
#include "edgerec/runtime.h"
#include "support/fixtures.h"
#include "support/response_test.h"

using edgerec::JsonValue;
using edgerec::Runtime;
using edgerec::testing::build_solution;
using edgerec::testing::SolutionSpec;

namespace {

constexpr int kUserPersonalization = 1;
constexpr int kPersonalizedRanking = 2;
constexpr int kRelatedItems = 4;

// 4 items in 2 dims: item000 (1,0), item001 (0,1), item002 (0.5,0.5), item003 (-1,0).
// user000 likes dim 0, user001 likes dim 1. Popularity favours item003.
SolutionSpec factor_spec(int type) {
  SolutionSpec spec;
  spec.recipe = type == kUserPersonalization ? "user-personalization" : "personalized-ranking";
  spec.recipe_type = type;
  spec.items = 4;
  spec.users = 2;
  spec.popularity_counts = {1, 2, 3, 9};
  spec.dimensions = 2;
  spec.item_factors = {1, 0, 0, 1, 0.5f, 0.5f, -1, 0};
  spec.user_factors = {2, 0, 0, 3};
  return spec;
}

std::unique_ptr<Runtime> load(const SolutionSpec& spec) {
  const auto bytes = build_solution(spec);
  auto rt = Runtime::load(bytes.data(), bytes.size());
  INFO(rt.status().to_string());
  REQUIRE(rt.ok());
  return std::move(rt).value();
}

JsonValue parse(const edgerec::Result<std::string>& response) { return edgerec::testing::parse_response(response); }

std::vector<std::string> ids(const JsonValue& list) {
  std::vector<std::string> out;
  for (const JsonValue& item : list.items()) out.push_back(item.find("itemId")->as_string());
  return out;
}

}  // namespace

TEST_CASE("serving: user-personalization ranks by the user's factors with softmax scores", "[serving]") {
  auto rt = load(factor_spec(kUserPersonalization));
  const auto r0 = parse(rt->get_recommendations_json(R"({"userId":"user000"})"));
  const auto& list0 = *r0.find("itemList");
  CHECK(ids(list0) == std::vector<std::string>{"item000", "item002", "item001", "item003"});
  // logits 2, 1, 0, -2: softmax over the catalog
  const double z = std::exp(2.0) + std::exp(1.0) + std::exp(0.0) + std::exp(-2.0);
  CHECK(list0.items()[0].find("score")->as_number() == Approx(std::exp(2.0) / z).epsilon(1e-5));
  double sum = 0;
  for (const auto& item : list0.items()) sum += item.find("score")->as_number();
  CHECK(sum == Approx(1.0).epsilon(1e-5));
  const auto r1 = parse(rt->get_recommendations_json(R"({"userId":"user001","numResults":2})"));
  CHECK(ids(*r1.find("itemList")) == std::vector<std::string>{"item001", "item002"});
}

TEST_CASE("serving: unknown users get popular items, userId is required", "[serving]") {
  auto rt = load(factor_spec(kUserPersonalization));
  const auto r = parse(rt->get_recommendations_json(R"({"userId":"stranger","numResults":3})"));
  CHECK(ids(*r.find("itemList")) == std::vector<std::string>{"item003", "item002", "item001"});
  auto missing = rt->get_recommendations_json(R"({"numResults":3})");
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.status().message(), Catch::Contains("userId is required"));
  auto item = rt->get_recommendations_json(R"({"userId":"user000","itemId":"item000"})");
  REQUIRE_FALSE(item.ok());
  CHECK_THAT(item.status().message(), Catch::Contains("itemId is not used"));
}

TEST_CASE("serving: related items by itemId, backfilled with popular items", "[serving]") {
  SolutionSpec spec;
  spec.recipe = "similar-items";
  spec.recipe_type = kRelatedItems;
  spec.items = 5;
  spec.users = 3;
  spec.popularity_counts = {5, 1, 2, 3, 4};
  spec.neighbours = {{{2, 0.9f}, {1, 0.4f}}, {}, {{0, 0.9f}}, {}, {}};
  auto rt = load(spec);
  const auto r = parse(rt->get_recommendations_json(R"({"itemId":"item000","numResults":4})"));
  const auto& list = *r.find("itemList");
  // neighbours first, then popular items that are neither the query nor already listed
  CHECK(ids(list) == std::vector<std::string>{"item002", "item001", "item004", "item003"});
  CHECK(list.items()[0].find("score")->as_number() == Approx(0.9));
  CHECK(list.items()[0].find("reason") == nullptr);
  CHECK(list.items()[2].find("reason")->items()[0].as_string() == "Popular item");
  const auto unknown = parse(rt->get_recommendations_json(R"({"itemId":"nope","numResults":2})"));
  CHECK(ids(*unknown.find("itemList")) == std::vector<std::string>{"item000", "item004"});
  auto by_user = rt->get_recommendations_json(R"({"userId":"user000"})");
  REQUIRE_FALSE(by_user.ok());
  CHECK_THAT(by_user.status().message(), Catch::Contains("userId is not used"));
}

TEST_CASE("serving: personalized ranking orders known items and appends unknown ones unscored", "[serving]") {
  auto rt = load(factor_spec(kPersonalizedRanking));
  const auto r = parse(rt->get_personalized_ranking_json(
      R"({"userId":"user001","inputList":["item000","zzz","item001","item003","aaa"]})"));
  const auto& list = *r.find("personalizedRanking");
  CHECK(ids(list) == std::vector<std::string>{"item001", "item000", "item003", "zzz", "aaa"});
  double sum = 0;
  for (size_t i = 0; i < 3; ++i) sum += list.items()[i].find("score")->as_number();
  CHECK(sum == Approx(1.0).epsilon(1e-5));
  CHECK(list.items()[3].find("score") == nullptr);
  CHECK(list.items()[4].find("score") == nullptr);
  CHECK_THAT(r.find("recommendationId")->as_string(), Catch::StartsWith("RID-"));

  const auto cold = parse(rt->get_personalized_ranking_json(R"({"userId":"new","inputList":["item000","item003"]})"));
  CHECK(ids(*cold.find("personalizedRanking")) == std::vector<std::string>{"item003", "item000"});

  auto gr = rt->get_recommendations_json(R"({"userId":"user000"})");
  REQUIRE_FALSE(gr.ok());
  CHECK_THAT(gr.status().message(), Catch::Contains("GetPersonalizedRanking"));
}

TEST_CASE("serving: ranking requests are validated", "[serving]") {
  auto rt = load(factor_spec(kPersonalizedRanking));
  const std::pair<const char*, const char*> cases[] = {
      {R"({"inputList":["a"]})", "userId is required"},
      {R"({"userId":"u"})", "inputList is required"},
      {R"({"userId":"u","inputList":[]})", "1 to 500"},
      {R"({"userId":"u","inputList":["a",3]})", "inputList[1] must be a string"},
      {R"({"userId":"u","inputList":["a","b","a"]})", "twice (positions 0 and 2)"},
      {R"({"userId":"u","inputList":["a"],"numResults":3})", "unknown request field \"numResults\""},
  };
  for (const auto& [request, fragment] : cases) {
    auto response = rt->get_personalized_ranking_json(request);
    INFO(request);
    REQUIRE_FALSE(response.ok());
    CHECK(response.status().code() == edgerec::StatusCode::kInvalidInput);
    CHECK_THAT(response.status().message(), Catch::Contains(fragment));
  }
  std::string big = R"({"userId":"u","inputList":[)";
  for (int i = 0; i < 501; ++i) big += (i ? ",\"" : "\"") + std::to_string(i) + "\"";
  big += "]}";
  CHECK_THAT(rt->get_personalized_ranking_json(big).status().message(), Catch::Contains("got 501"));
}
