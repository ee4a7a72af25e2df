// metadataColumns: Items metadata returned with each item by GetRecommendations and
// GetPersonalizedRanking, Personalize's limits, and the errors for unknown columns.
#include <catch2/catch.hpp>

#include "edgerec/json.h"
#include "edgerec/runtime.h"
#include "support/fixtures.h"
#include "support/response_test.h"

using edgerec::JsonValue;
using edgerec::Runtime;
using edgerec::StatusCode;
using edgerec::testing::make_column;

namespace {

constexpr uint32_t kItems = 60;

// Popularity: item i has (i * 7) % 13 users. GENRE, PRICE (DOUBLE), YEAR (LONG) with a few nulls.
std::vector<uint8_t> solution_with_metadata(int recipe_type = 3, bool with_columns = true) {
  edgerec::testing::SolutionSpec spec;
  spec.recipe_type = recipe_type;
  spec.recipe = recipe_type == 3 ? "popularity-count" : "user-personalization";
  spec.items = kItems;
  spec.users = 2;
  std::vector<std::string> genre, price, year;
  for (uint32_t i = 0; i < kItems; ++i) {
    spec.popularity_counts.push_back((i * 7) % 13);
    genre.push_back(i % 5 == 0 ? "" : i % 2 == 0 ? "comedy|drama" : "horror");
    price.push_back(i % 4 == 0 ? std::to_string(i) : std::to_string(i) + ".5");
    year.push_back(i % 6 == 0 ? "" : std::to_string(1990 + i));
  }
  if (with_columns) {
    spec.item_columns = {make_column("GENRE", genre), make_column("PRICE", price, true),
                         make_column("YEAR", year, true)};
  }
  if (recipe_type == 1) {
    spec.dimensions = 1;
    for (uint32_t i = 0; i < kItems; ++i) spec.item_factors.push_back(static_cast<float>(i % 17));
    spec.user_factors = {1.0f, -1.0f};
  }
  return edgerec::testing::build_solution(spec);
}

std::unique_ptr<Runtime> load(const std::vector<uint8_t>& bytes) {
  auto rt = Runtime::load(bytes.data(), bytes.size());
  REQUIRE(rt.ok());
  return std::move(rt).value();
}

JsonValue parse(const edgerec::Result<std::string>& response) { return edgerec::testing::parse_response(response); }

// "item007" -> 7
uint32_t item_number(const JsonValue& item) { return static_cast<uint32_t>(std::stoul(item.find("itemId")->as_string().substr(4))); }

std::string message_of(const edgerec::Result<std::string>& response) {
  REQUIRE_FALSE(response.ok());
  CHECK(response.status().code() == StatusCode::kInvalidInput);
  return response.status().message();
}

}  // namespace

TEST_CASE("metadata: GetRecommendations returns each requested column as a string, nulls left out", "[metadata]") {
  auto rt = load(solution_with_metadata());
  const JsonValue response =
      parse(rt->get_recommendations_json(R"({"numResults":50,"metadataColumns":{"ITEMS":["PRICE","GENRE","YEAR"]}})"));
  const auto& list = response.find("itemList")->items();
  REQUIRE(list.size() == 50);
  for (const JsonValue& item : list) {
    const uint32_t i = item_number(item);
    INFO(item.find("itemId")->as_string());
    const JsonValue* metadata = item.find("metadata");
    REQUIRE(metadata != nullptr);
    REQUIRE(metadata->is_object());
    // Request order, nulls left out.
    std::vector<std::string> keys;
    for (const auto& [k, v] : metadata->members()) {
      keys.push_back(k);
      CHECK(v.is_string());
    }
    std::vector<std::string> expected_keys = {"PRICE"};
    if (i % 5 != 0) expected_keys.push_back("GENRE");
    if (i % 6 != 0) expected_keys.push_back("YEAR");
    CHECK(keys == expected_keys);
    CHECK(metadata->find("PRICE")->as_string() == (i % 4 == 0 ? std::to_string(i) : std::to_string(i) + ".5"));
    if (i % 5 != 0) CHECK(metadata->find("GENRE")->as_string() == (i % 2 == 0 ? "comedy|drama" : "horror"));
    if (i % 6 != 0) CHECK(metadata->find("YEAR")->as_string() == std::to_string(1990 + i));
    CHECK(item.find("score") != nullptr);
  }
}

TEST_CASE("metadata: without metadataColumns, or with an empty list, nothing changes", "[metadata]") {
  auto a = load(solution_with_metadata());
  auto b = load(solution_with_metadata());
  auto c = load(solution_with_metadata());
  const auto plain = a->get_recommendations_json(R"({"numResults":500})");
  REQUIRE(plain.ok());
  CHECK(plain->find("metadata") == std::string::npos);
  // An empty list asks for nothing, so numResults is not capped either.
  CHECK(b->get_recommendations_json(R"({"numResults":500,"metadataColumns":{"ITEMS":[]}})").value() == *plain);
  CHECK(c->get_recommendations_json(R"({"numResults":500,"metadataColumns":{}})").value() == *plain);
}

TEST_CASE("metadata: Personalize's limits: numResults and inputList at most 50, at most 10 columns", "[metadata]") {
  auto rt = load(solution_with_metadata());
  CHECK(message_of(rt->get_recommendations_json(R"({"numResults":51,"metadataColumns":{"ITEMS":["GENRE"]}})")) ==
        "request field numResults must be at most 50 when metadataColumns is given (as in Personalize), got 51");
  CHECK(parse(rt->get_recommendations_json(R"({"numResults":50,"metadataColumns":{"ITEMS":["GENRE"]}})"))
            .find("itemList")->items().size() == 50);
  // The default numResults (25) is within the cap.
  CHECK(parse(rt->get_recommendations_json(R"({"metadataColumns":{"ITEMS":["GENRE"]}})"))
            .find("itemList")->items().size() == 25);
  CHECK(message_of(rt->get_recommendations_json(
            R"({"metadataColumns":{"ITEMS":["A","B","C","D","E","F","G","H","I","J","K"]}})")) ==
        "request field metadataColumns.ITEMS names 11 columns; at most 10 are allowed");

  auto up = load(solution_with_metadata(1));
  std::string list;
  for (uint32_t i = 0; i < 51; ++i) list += std::string(i ? "," : "") + "\"item0" + (i < 10 ? "0" : "") + std::to_string(i) + "\"";
  CHECK(message_of(up->get_personalized_ranking_json(R"({"userId":"user000","inputList":[)" + list +
                                                      R"(],"metadataColumns":{"ITEMS":["GENRE"]}})")) ==
        "request field inputList must hold at most 50 item ids when metadataColumns is given (as in Personalize), got 51");
  // 51 items without metadata are fine.
  CHECK(up->get_personalized_ranking_json(R"({"userId":"user000","inputList":[)" + list + "]}").ok());
}

TEST_CASE("metadata: malformed metadataColumns name what is wrong", "[metadata]") {
  auto rt = load(solution_with_metadata());
  CHECK_THAT(message_of(rt->get_recommendations_json(R"({"metadataColumns":["GENRE"]})")),
             Catch::StartsWith("request field metadataColumns must be an object such as"));
  CHECK(message_of(rt->get_recommendations_json(R"({"metadataColumns":{"USERS":["AGE"]}})")) ==
        "request field metadataColumns: unknown dataset type \"USERS\"; the only one is ITEMS (columns of the Items dataset)");
  CHECK(message_of(rt->get_recommendations_json(R"({"metadataColumns":{"ITEMS":"GENRE"}})")) ==
        "request field metadataColumns.ITEMS must be an array of column names, got string");
  CHECK(message_of(rt->get_recommendations_json(R"({"metadataColumns":{"ITEMS":["GENRE",3]}})")) ==
        "request field metadataColumns.ITEMS[1] must be a string, got number");
  CHECK(message_of(rt->get_recommendations_json(R"({"metadataColumns":{"ITEMS":["GENRE","GENRE"]}})")) ==
        "request field metadataColumns.ITEMS[1] names \"GENRE\" a second time");
  CHECK(message_of(rt->get_recommendations_json(R"({"metadataColumns":{"ITEMS":[""]}})")) ==
        "request field metadataColumns.ITEMS[0] must not be empty");
}

TEST_CASE("metadata: an unknown column is named with the solution's columns, no metadata is said so", "[metadata]") {
  auto rt = load(solution_with_metadata());
  CHECK(message_of(rt->get_recommendations_json(R"({"metadataColumns":{"ITEMS":["GENRE","COLOUR"]}})")) ==
        "request field metadataColumns: unknown column ITEMS.COLOUR; the solution's item columns are GENRE, PRICE, YEAR");
  auto bare = load(solution_with_metadata(3, false));
  CHECK_THAT(message_of(bare->get_recommendations_json(R"({"metadataColumns":{"ITEMS":["GENRE"]}})")),
             Catch::StartsWith("request field metadataColumns: the solution version has no item metadata"));
  auto up = load(solution_with_metadata(1, false));
  CHECK_THAT(message_of(up->get_personalized_ranking_json(
                 R"({"userId":"user000","inputList":["item001"],"metadataColumns":{"ITEMS":["GENRE"]}})")),
             Catch::StartsWith("request field metadataColumns: the solution version has no item metadata"));
}

TEST_CASE("metadata: GetPersonalizedRanking adds metadata to known items only", "[metadata]") {
  auto rt = load(solution_with_metadata(1));
  const JsonValue response = parse(rt->get_personalized_ranking_json(
      R"({"userId":"user000","inputList":["item003","nope","item016","item030"],"metadataColumns":{"ITEMS":["GENRE","YEAR"]}})"));
  const auto& list = response.find("personalizedRanking")->items();
  REQUIRE(list.size() == 4);
  // Factors are i % 17: item016 (16), item030 (13), item003 (3), then the unknown id.
  CHECK(list[0].find("itemId")->as_string() == "item016");
  CHECK(list[0].find("metadata")->find("GENRE")->as_string() == "comedy|drama");
  CHECK(list[0].find("metadata")->find("YEAR")->as_string() == "2006");
  CHECK(list[1].find("itemId")->as_string() == "item030");
  CHECK(list[1].find("metadata")->find("GENRE") == nullptr);  // null
  CHECK(list[1].find("metadata")->find("YEAR") == nullptr);   // null
  CHECK(list[1].find("metadata")->members().empty());
  CHECK(list[2].find("metadata")->find("GENRE")->as_string() == "horror");
  CHECK(list[3].find("itemId")->as_string() == "nope");
  CHECK(list[3].find("metadata") == nullptr);
  CHECK(list[3].find("score") == nullptr);
}

TEST_CASE("metadata: shortest_number_text", "[metadata]") {
  CHECK(edgerec::shortest_number_text(12.5) == "12.5");
  CHECK(edgerec::shortest_number_text(3.0) == "3");
  CHECK(edgerec::shortest_number_text(0.1) == "0.1");
  CHECK(edgerec::shortest_number_text(-7.25) == "-7.25");
}
