// GetRecommendations: request validation and the response shape for popularity.
#include <catch2/catch.hpp>

#include "edgerec/json.h"
#include "serve/recommend.h"
#include "edgerec/runtime.h"
#include "support/fixtures.h"

using edgerec::Runtime;
using edgerec::StatusCode;

namespace {

std::unique_ptr<Runtime> popular_runtime(size_t items = 40) {
  std::vector<uint32_t> counts;
  for (size_t i = 0; i < items; ++i) counts.push_back(static_cast<uint32_t>((i * 7) % 13));
  const auto bytes = edgerec::testing::make_popularity_solution(counts, 20);
  auto rt = Runtime::load(bytes.data(), bytes.size());
  REQUIRE(rt.ok());
  return std::move(rt).value();
}

edgerec::JsonValue call(Runtime& rt, const std::string& request) {
  auto response = rt.get_recommendations_json(request);
  INFO(response.status().to_string());
  REQUIRE(response.ok());
  auto parsed = edgerec::parse_json(*response, "response");
  REQUIRE(parsed.ok());
  return std::move(parsed).value();
}

edgerec::Status failure(Runtime& rt, const std::string& request) {
  auto response = rt.get_recommendations_json(request);
  REQUIRE_FALSE(response.ok());
  return response.status();
}

}  // namespace

TEST_CASE("recommend: popularity returns 25 by default, best first, with scores", "[recommend]") {
  auto rt = popular_runtime();
  const auto response = call(*rt, R"({"userId":"anyone"})");
  const auto& list = response.find("itemList")->items();
  REQUIRE(list.size() == 25);
  for (size_t i = 1; i < list.size(); ++i) {
    CHECK(list[i - 1].find("score")->as_number() >= list[i].find("score")->as_number());
  }
  // counts are (i*7)%13: the max 12 is at i = 11 and 24 (item011, item024), tie broken by id.
  CHECK(list[0].find("itemId")->as_string() == "item011");
  CHECK(list[1].find("itemId")->as_string() == "item024");
  CHECK(list[0].find("score")->as_number() == Approx(12.0 / 20.0));
  CHECK_THAT(response.find("recommendationId")->as_string(), Catch::StartsWith("RID-"));
}

TEST_CASE("recommend: numResults bounds", "[recommend]") {
  auto rt = popular_runtime(600);
  CHECK(call(*rt, R"({"numResults":500})").find("itemList")->items().size() == 500);
  CHECK(call(*rt, R"({"numResults":0})").find("itemList")->items().empty());
  CHECK(call(*rt, R"({"numResults":3})").find("itemList")->items().size() == 3);
  auto small = popular_runtime(4);
  CHECK(call(*small, R"({"numResults":10})").find("itemList")->items().size() == 4);

  auto too_many = failure(*rt, R"({"numResults":501})");
  CHECK(too_many.code() == StatusCode::kInvalidInput);
  CHECK_THAT(too_many.message(), Catch::Contains("numResults") && Catch::Contains("501"));
  CHECK(failure(*rt, R"({"numResults":-1})").code() == StatusCode::kInvalidInput);
  CHECK_THAT(failure(*rt, R"({"numResults":2.5})").message(), Catch::Contains("integer"));
  CHECK_THAT(failure(*rt, R"({"numResults":"10"})").message(), Catch::Contains("must be a number"));
}

TEST_CASE("recommend: malformed requests name the field", "[recommend]") {
  auto rt = popular_runtime();
  CHECK_THAT(failure(*rt, R"({"numresults":5})").message(),
             Catch::Contains("unknown request field \"numresults\"") && Catch::Contains("numResults"));
  CHECK_THAT(failure(*rt, R"({"userId":7})").message(), Catch::Contains("userId must be a string"));
  CHECK_THAT(failure(*rt, R"({"userId":""})").message(), Catch::Contains("1 to 256"));
  CHECK_THAT(failure(*rt, "{\"userId\":\"" + std::string(257, 'u') + "\"}").message(), Catch::Contains("257"));
  CHECK_THAT(failure(*rt, "[1]").message(), Catch::Contains("must be a JSON object"));
  CHECK_THAT(failure(*rt, "{").message(), Catch::Contains("not valid JSON"));
  CHECK_THAT(failure(*rt, R"({"itemId":"item001"})").message(), Catch::Contains("itemId is not used"));
}

TEST_CASE("recommend: recommendation ids differ per call and are reproducible per seed", "[recommend]") {
  auto a = popular_runtime();
  auto b = popular_runtime();
  const std::string first = call(*a, "{}").find("recommendationId")->as_string();
  const std::string second = call(*a, "{}").find("recommendationId")->as_string();
  CHECK(first != second);
  CHECK(call(*b, "{}").find("recommendationId")->as_string() == first);
  CHECK(first.size() == 40);
  const uint8_t entropy[4] = {1, 2, 3, 4};
  auto c = popular_runtime();
  c->add_entropy(entropy, sizeof(entropy));
  CHECK(call(*c, "{}").find("recommendationId")->as_string() != first);
}

TEST_CASE("recommend: describe reports the recipe and catalog", "[recommend]") {
  auto rt = popular_runtime();
  auto parsed = edgerec::parse_json(rt->describe_json(), "describe");
  REQUIRE(parsed.ok());
  CHECK(parsed->find("recipe")->as_string() == "popularity-count");
  CHECK(parsed->find("recipeType")->as_string() == "POPULAR_ITEMS");
  CHECK(parsed->find("catalog")->find("items")->as_number() == 40);
}
