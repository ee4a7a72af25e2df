// Filter evaluation against a solution with item and user metadata and typed histories, and the
// filter in GetRecommendations / GetPersonalizedRanking requests.
#include <catch2/catch.hpp>

#include <cmath>

#include "filter/filter_mask.h"
#include "edgerec/json.h"
#include "edgerec/runtime.h"
#include "support/fixtures.h"
#include "support/response_test.h"

using edgerec::FilterContext;
using edgerec::FilterValues;
using edgerec::RecentInteraction;
using edgerec::Runtime;
using edgerec::Solution;
using edgerec::testing::make_column;
using edgerec::testing::SolutionSpec;
using edgerec::testing::item_ids;

namespace {

// item:    0        1        2               3         4      5         6               7
// GENRE:   comedy   drama    comedy|drama    horror    -      Comedy    drama|horror    comedy
// PRICE:   5        10       15.5            20        -      7         30              12
// users: user000 AGE 25 TIER gold; user001 AGE 40 TIER silver; user002 no AGE, TIER gold.
SolutionSpec catalog_spec(bool user_metadata = true) {
  SolutionSpec spec;
  spec.items = 8;
  spec.users = 3;
  spec.popularity_counts = {8, 7, 6, 5, 4, 3, 2, 1};
  spec.item_columns = {
      make_column("GENRE", {"comedy", "drama", "comedy|drama", "horror", "", "Comedy", "drama|horror", "comedy"}),
      make_column("PRICE", {"5", "10", "15.5", "20", "", "7", "30", "12"}, true),
  };
  if (user_metadata) {
    spec.user_columns = {make_column("AGE", {"25", "40", ""}, true), make_column("TIER", {"gold", "silver", "gold"})};
  }
  // user000: a click, a purchase (mixed case), views. user001: 101 views (the oldest, of item006,
  // falls out of the 100-per-type window) and one old purchase. user002: nothing.
  spec.histories.resize(3);
  spec.histories[0] = {{1, "click", 100}, {2, "Purchase", 200}, {3, "view", 300}, {2, "view", 400}};
  spec.histories[1].push_back({5, "purchase", 0});
  spec.histories[1].push_back({6, "view", 1});
  for (int64_t t = 2; t <= 101; ++t) spec.histories[1].push_back({0, "view", t});
  return spec;
}

std::shared_ptr<const Solution> load(const SolutionSpec& spec) {
  const auto bytes = edgerec::testing::build_solution(spec);
  auto solution = Solution::load(bytes.data(), bytes.size());
  INFO(solution.status().to_string());
  REQUIRE(solution.ok());
  return std::move(solution).value();
}

struct Request {
  std::optional<uint32_t> user;
  bool has_item = false;
  std::optional<uint32_t> item;
  FilterValues values;
  const std::vector<RecentInteraction>* interactions = nullptr;  // default: the user's stored history
};

Request by(std::optional<uint32_t> user) {
  Request r;
  r.user = user;
  return r;
}

edgerec::Result<std::vector<uint32_t>> try_mask(const Solution& solution, const std::string& text,
                                                const Request& r = {}) {
  EDGEREC_ASSIGN_OR_RETURN(const edgerec::FilterExpression filter, edgerec::parse_filter_expression(text));
  FilterContext context;
  context.values = &r.values;
  context.user = r.user;
  context.has_current_item = r.has_item;
  context.current_item = r.item;
  const std::vector<RecentInteraction> stored = edgerec::stored_recent_interactions(solution, r.user);
  const std::vector<RecentInteraction>& recent = r.interactions ? *r.interactions : stored;
  context.interactions = recent.data();
  context.interaction_count = recent.size();
  EDGEREC_ASSIGN_OR_RETURN(const edgerec::ItemMask mask, edgerec::compile_filter_mask(solution, filter, context));
  std::vector<uint32_t> allowed;
  for (uint32_t i = 0; i < mask.size(); ++i) {
    if (mask[i]) allowed.push_back(i);
  }
  return allowed;
}

std::vector<uint32_t> mask(const Solution& solution, const std::string& text, const Request& r = {}) {
  auto allowed = try_mask(solution, text, r);
  INFO(text);
  INFO(allowed.status().to_string());
  REQUIRE(allowed.ok());
  return std::move(allowed).value();
}

std::string mask_error(const Solution& solution, const std::string& text, const Request& r = {}) {
  auto allowed = try_mask(solution, text, r);
  INFO(text);
  REQUIRE_FALSE(allowed.ok());
  CHECK(allowed.status().code() == edgerec::StatusCode::kInvalidInput);
  return allowed.status().message();
}

using Items = std::vector<uint32_t>;
const std::string kInclude = "INCLUDE ItemID WHERE ";
const std::string kExclude = "EXCLUDE ItemID WHERE ";

}  // namespace

TEST_CASE("filter mask: IN and NOT IN over multi-valued, case-sensitive strings", "[filter]") {
  const auto s = load(catalog_spec());
  CHECK(mask(*s, kInclude + R"(Items.GENRE IN ("comedy"))") == Items{0, 2, 7});
  CHECK(mask(*s, kInclude + R"(Items.GENRE IN ("comedy", "horror"))") == Items{0, 2, 3, 6, 7});
  CHECK(mask(*s, kInclude + R"(Items.GENRE NOT IN ("comedy"))") == Items{1, 3, 4, 5, 6});  // no value: NOT IN holds
  CHECK(mask(*s, kExclude + R"(Items.GENRE IN ("comedy"))") == Items{1, 3, 4, 5, 6});
  CHECK(mask(*s, kExclude + R"(Items.GENRE NOT IN ("comedy", "drama"))") == Items{0, 1, 2, 6, 7});
  CHECK(mask(*s, kInclude + R"(Items.GENRE IN ("comedy|drama"))").empty());  // values are matched one by one
  CHECK(mask(*s, kInclude + R"(Items.PRICE IN ("10", "12.0"))") == Items{1, 7});  // numbers compare as numbers
}

TEST_CASE("filter mask: numeric comparisons, items without a value never match", "[filter]") {
  const auto s = load(catalog_spec());
  CHECK(mask(*s, kInclude + "Items.PRICE < 10") == Items{0, 5});
  CHECK(mask(*s, kInclude + "Items.PRICE <= 10") == Items{0, 1, 5});
  CHECK(mask(*s, kInclude + "Items.PRICE > 15.5") == Items{3, 6});
  CHECK(mask(*s, kInclude + "Items.PRICE >= 15.5") == Items{2, 3, 6});
  CHECK(mask(*s, kInclude + "Items.PRICE = 12") == Items{7});
  CHECK(mask(*s, kExclude + "Items.PRICE >= 10") == Items{0, 4, 5});
}

TEST_CASE("filter mask: AND binds tighter than OR", "[filter]") {
  const auto s = load(catalog_spec());
  const std::string comedy = R"(Items.GENRE IN ("comedy"))";
  const std::string drama = R"(Items.GENRE IN ("drama"))";
  CHECK(mask(*s, kInclude + comedy + " OR " + drama + " AND Items.PRICE > 12") == Items{0, 2, 6, 7});
  CHECK(mask(*s, kInclude + "(" + comedy + " OR " + drama + ") AND Items.PRICE > 12") == Items{2, 6});
  CHECK(mask(*s, kInclude + comedy + " AND " + drama) == Items{2});
}

TEST_CASE("filter mask: parameters from filterValues", "[filter]") {
  const auto s = load(catalog_spec());
  Request r;
  r.values = {{"G", {"drama"}}, {"P", {"10"}}, {"TWO", {"1", "2"}}, {"WORD", {"cheap"}}};
  CHECK(mask(*s, kInclude + "Items.GENRE IN ($G)", r) == Items{1, 2, 6});
  CHECK(mask(*s, kInclude + "Items.PRICE < $P", r) == Items{0, 5});
  CHECK(mask(*s, kInclude + "Items.GENRE IN ($G) AND Items.PRICE > $P", r) == Items{2, 6});
  CHECK(mask_error(*s, kInclude + "Items.PRICE < $WORD", r) ==
        "request field filterValues.WORD: Items.PRICE < $WORD needs one number, got \"cheap\"");
  CHECK_THAT(mask_error(*s, kInclude + "Items.PRICE < $TWO", r), Catch::EndsWith("needs one number, got 2 values"));
  // INCLUDE needs all its values; an EXCLUDE expression without its values is skipped.
  CHECK(mask_error(*s, kInclude + "Items.GENRE IN ($GENRE)") ==
        "filter: filterValues has no $GENRE, which the INCLUDE expression at position 1 needs (only EXCLUDE "
        "expressions may omit values)");
  CHECK(mask(*s, kExclude + "Items.GENRE IN ($GENRE)").size() == 8);
  CHECK(mask(*s, kExclude + "Items.GENRE IN ($G) AND Items.PRICE > $MISSING", r).size() == 8);
  CHECK(mask(*s, kInclude + "Items.GENRE IN ($G) | " + kExclude + "Items.PRICE > $MISSING", r) == Items{1, 2, 6});
  CHECK_THAT(mask_error(*s, kExclude + "Items.GENRE IN ($G) | " + kInclude + "Items.PRICE > $MISSING", r),
             Catch::Contains("no $MISSING, which the INCLUDE expression at position 44 needs"));
}

TEST_CASE("filter mask: CurrentItem reads the request's item", "[filter]") {
  const auto s = load(catalog_spec());
  Request r;
  r.has_item = true;
  r.item = 2;  // comedy|drama, 15.5
  CHECK(mask(*s, kInclude + "Items.GENRE IN CurrentItem.GENRE", r) == Items{0, 1, 2, 6, 7});
  CHECK(mask(*s, kInclude + "Items.PRICE < CurrentItem.PRICE", r) == Items{0, 1, 5, 7});
  CHECK(mask(*s, kInclude + "Items.PRICE < CurrentItem.PRICE AND Items.GENRE IN CurrentItem.GENRE", r) ==
        Items{0, 1, 7});
  CHECK(mask(*s, kExclude + "Items.GENRE NOT IN CurrentItem.GENRE", r) == Items{0, 1, 2, 6, 7});
  r.item = 3;  // horror, 20: numbers match as numbers
  CHECK(mask(*s, kInclude + "Items.PRICE IN CurrentItem.PRICE", r) == Items{3});
  r.item = std::nullopt;  // an item the solution does not know: no values, nothing matches
  CHECK(mask(*s, kInclude + "Items.GENRE IN CurrentItem.GENRE", r).empty());
  CHECK(mask(*s, kInclude + "Items.PRICE < CurrentItem.PRICE", r).empty());
  CHECK(mask_error(*s, kInclude + "Items.PRICE < CurrentItem.PRICE") ==
        "filter: position 36: CurrentItem.PRICE needs the request's itemId (related-items recipes)");
}

TEST_CASE("filter mask: IF CurrentUser applies an expression to some users only", "[filter]") {
  const auto s = load(catalog_spec());
  const std::string young_no_horror = kExclude + R"(Items.GENRE IN ("horror") IF CurrentUser.AGE < 30)";
  CHECK(mask(*s, young_no_horror, by(0)) == Items{0, 1, 2, 4, 5, 7});
  CHECK(mask(*s, young_no_horror, by(1)).size() == 8);             // 40: not applied
  CHECK(mask(*s, young_no_horror, by(2)).size() == 8);             // no AGE: not applied
  CHECK(mask(*s, young_no_horror, by(std::nullopt)).size() == 8);  // unknown user: not applied
  const std::string gold_comedy =
      kInclude + R"(Items.GENRE IN ("comedy") IF CurrentUser.TIER IN ("gold") AND CurrentUser.AGE >= 25)";
  CHECK(mask(*s, gold_comedy, by(0)) == Items{0, 2, 7});
  CHECK(mask(*s, gold_comedy, by(1)).size() == 8);
  CHECK(mask(*s, gold_comedy, by(2)).size() == 8);
  Request r = by(0);
  r.values = {{"T", {"silver", "gold"}}};
  CHECK(mask(*s, kInclude + "Items.PRICE > 19 IF CurrentUser.TIER IN ($T)", r) == Items{3, 6});
  CHECK(mask(*s, kInclude + R"(Items.PRICE > 19 IF CurrentUser.TIER NOT IN ("gold"))", r).size() == 8);
  CHECK(mask_error(*s, kInclude + "Items.PRICE > 19 IF CurrentUser.COUNTRY IN ($T)", r) ==
        "filter: position 42: unknown field CurrentUser.COUNTRY: the solution's user columns are AGE, TIER");

  const auto bare = load(catalog_spec(false));
  CHECK_THAT(mask_error(*bare, gold_comedy, by(0)),
             Catch::StartsWith("filter: position 51: CurrentUser.TIER needs user metadata, and this solution has none"));
}

TEST_CASE("filter mask: Interactions.EVENT_TYPE over the 100 most recent per type, ignoring case", "[filter]") {
  const auto s = load(catalog_spec());
  const Request u0 = by(0);
  CHECK(mask(*s, kInclude + R"(Interactions.EVENT_TYPE IN ("purchase"))", u0) == Items{2});
  CHECK(mask(*s, kInclude + R"(Interactions.EVENT_TYPE IN ("CLICK", "purchase"))", u0) == Items{1, 2});
  CHECK(mask(*s, kInclude + R"(Interactions.EVENT_TYPE IN ("*"))", u0) == Items{1, 2, 3});
  CHECK(mask(*s, kInclude + R"(Interactions.EVENT_TYPE NOT IN ("view"))", u0) == Items{1, 2});
  CHECK(mask(*s, kExclude + R"(Interactions.EVENT_TYPE IN ("*"))", u0) == Items{0, 4, 5, 6, 7});
  CHECK(mask(*s, kExclude + R"(Interactions.EVENT_TYPE IN ("view") OR Interactions.EVENT_TYPE IN ("click"))", u0) ==
        Items{0, 4, 5, 6, 7});
  CHECK(mask(*s, kInclude + R"(Interactions.EVENT_TYPE IN ("view") AND Interactions.EVENT_TYPE IN ("purchase"))",
             u0) == Items{2});
  const Request u1 = by(1);
  CHECK(mask(*s, kInclude + R"(Interactions.EVENT_TYPE IN ("view"))", u1) == Items{0});  // item006 is the 101st
  CHECK(mask(*s, kInclude + R"(Interactions.EVENT_TYPE IN ("purchase"))", u1) == Items{5});
  Request typed = by(1);
  typed.values = {{"TYPES", {"PURCHASE", "view"}}};
  CHECK(mask(*s, kInclude + "Interactions.EVENT_TYPE IN ($TYPES)", typed) == Items{0, 5});
  // Users without interactions, and unknown users, have none.
  CHECK(mask(*s, kInclude + R"(Interactions.EVENT_TYPE IN ("*"))", by(2)).empty());
  CHECK(mask(*s, kExclude + R"(Interactions.EVENT_TYPE IN ("*"))", by(std::nullopt)).size() == 8);
  // Interactions given by the caller (a live session) replace the stored history.
  const std::vector<RecentInteraction> session = {{7, "watch", 5}, {4, "Watch", 9}, {6, "like", 7}};
  Request live = by(0);
  live.interactions = &session;
  CHECK(mask(*s, kInclude + R"(Interactions.EVENT_TYPE IN ("watch"))", live) == Items{4, 7});
  CHECK(mask(*s, kInclude + R"(Interactions.EVENT_TYPE IN ("purchase"))", live).empty());
}

TEST_CASE("filter mask: chains are unions, INCLUDE minus EXCLUDE when mixed, in any order", "[filter]") {
  const auto s = load(catalog_spec());
  const Request u0 = by(0);
  const std::string comedy = kInclude + R"(Items.GENRE IN ("comedy"))";
  const std::string clicked = kInclude + R"(Interactions.EVENT_TYPE IN ("click"))";
  CHECK(mask(*s, comedy + " | " + clicked, u0) == Items{0, 1, 2, 7});
  const std::string no_horror = kExclude + R"(Items.GENRE IN ("horror"))";
  const std::string no_cheap = kExclude + "Items.PRICE < 10";
  CHECK(mask(*s, no_horror + " | " + no_cheap) == Items{1, 2, 4, 7});
  const std::string seen = kExclude + R"(Interactions.EVENT_TYPE IN ("*"))";
  const std::string comedy_or_drama = kInclude + R"(Items.GENRE IN ("comedy", "drama"))";
  CHECK(mask(*s, comedy_or_drama + " | " + seen, u0) == Items{0, 6, 7});
  CHECK(mask(*s, seen + " | " + comedy_or_drama, u0) == Items{0, 6, 7});
  CHECK(mask(*s, seen + " | " + comedy + " | " + no_cheap + " | " + clicked, u0) == Items{7});
  // A chain whose INCLUDE expressions are all skipped restricts nothing on the INCLUDE side.
  CHECK(mask(*s, kInclude + R"(Items.GENRE IN ("comedy") IF CurrentUser.AGE > 99 | )" + no_horror, u0) ==
        Items{0, 1, 2, 4, 5, 7});
}

TEST_CASE("filter mask: fields must be columns of the solution", "[filter]") {
  const auto s = load(catalog_spec());
  CHECK(mask_error(*s, kInclude + R"(Items.COLOR IN ("red"))") ==
        "filter: position 22: unknown field Items.COLOR: the solution's item columns are GENRE, PRICE");
  CHECK(mask_error(*s, kInclude + R"(Items.genre IN ("red"))") ==
        "filter: position 22: unknown field Items.genre: the solution's item columns are GENRE, PRICE");
  // Checked whether or not the expression applies (errors do not depend on the user).
  CHECK_THAT(mask_error(*s, kExclude + R"(Items.COLOR IN ($C) IF CurrentUser.AGE > 99)", by(0)),
             Catch::Contains("unknown field Items.COLOR"));
  // A condition the field's type rules out is an error at its position, never an empty list.
  CHECK(mask_error(*s, kInclude + "Items.GENRE = 3") ==
        "filter: position 22: Items.GENRE is a string field, and = compares numbers (match its values with IN "
        "(\"...\"))");
  CHECK_THAT(mask_error(*s, kInclude + "Items.PRICE > 1 AND Items.GENRE >= $G"),
             Catch::StartsWith("filter: position 42: Items.GENRE is a string field, and >= compares numbers"));
  CHECK(mask_error(*s, kInclude + R"(Items.PRICE IN ("10", "cheap"))") ==
        "filter: position 37: Items.PRICE is a numeric field, and the list value \"cheap\" is not a number");
  CHECK_THAT(mask_error(*s, kInclude + "Items.PRICE < CurrentItem.GENRE", [] {
               Request r;
               r.has_item = true;
               r.item = 1;
               return r;
             }()),
             Catch::StartsWith("filter: position 36: CurrentItem.GENRE is a string field, and < compares numbers"));
  CHECK(mask_error(*s, "INCLUDE ItemID WHERE Items.PRICE > 0 IF CurrentUser.TIER < 3", by(0)) ==
        "filter: position 41: CurrentUser.TIER is a string field, and < compares numbers (match its values with IN "
        "(\"...\"))");
  SolutionSpec plain = catalog_spec();
  plain.item_columns.clear();
  CHECK_THAT(mask_error(*load(plain), kInclude + "Items.PRICE < 3"),
             Catch::EndsWith("unknown field Items.PRICE: the solution's item columns are none"));
}

TEST_CASE("filter mask: Interactions need a solution that stores them", "[filter]") {
  SolutionSpec spec = catalog_spec();
  spec.histories.clear();  // a format-1.0 popularity solution: no histories, no recent interactions
  const auto s = load(spec);
  CHECK(mask_error(*s, kExclude + R"(Items.PRICE < 3 | EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*"))",
                   by(0)) ==
        "filter: position 61: Interactions.EVENT_TYPE reads the users' recent interactions, which this solution "
        "version does not store (written before format 1.1 by a recipe without user histories): train it again");
  // Items-only filters still work there.
  CHECK(mask(*s, kInclude + "Items.PRICE < 10", by(0)) == Items{0, 5});
}

// --- Through the request path --------------------------------------------------------------

namespace {

std::unique_ptr<Runtime> runtime(const SolutionSpec& spec) {
  const auto bytes = edgerec::testing::build_solution(spec);
  auto rt = Runtime::load(bytes.data(), bytes.size());
  REQUIRE(rt.ok());
  return std::move(rt).value();
}

edgerec::JsonValue call(Runtime& rt, const std::string& request, bool rank = false) {
  auto response = rank ? rt.get_personalized_ranking_json(request) : rt.get_recommendations_json(request);
  INFO(request);
  INFO(response.status().to_string());
  REQUIRE(response.ok());
  return std::move(edgerec::parse_json(*response, "response")).value();
}


std::string request_error(Runtime& rt, const std::string& request, bool rank = false) {
  auto response = rank ? rt.get_personalized_ranking_json(request) : rt.get_recommendations_json(request);
  INFO(request);
  REQUIRE_FALSE(response.ok());
  CHECK(response.status().code() == edgerec::StatusCode::kInvalidInput);
  return response.status().message();
}

}  // namespace

TEST_CASE("filter requests: popular items never include filtered-out items, fewer when too few pass", "[filter]") {
  auto rt = runtime(catalog_spec());
  const auto r = call(*rt, R"j({"numResults":5,"filterExpression":"INCLUDE ItemID WHERE Items.GENRE IN ($G)",)j"
                           R"("filterValues":{"G":"\"comedy\",\"horror\""}})");
  CHECK(item_ids(r) == std::vector<std::string>{"item000", "item002", "item003", "item006", "item007"});
  const auto few = call(*rt, R"({"filterExpression":"INCLUDE ItemID WHERE Items.PRICE > 19"})");
  CHECK(item_ids(few) == std::vector<std::string>{"item003", "item006"});
  // The userId reaches Interactions and CurrentUser conditions.
  const auto seen = call(*rt, R"({"userId":"user000","numResults":3,)"
                              R"j("filterExpression":"EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN (\"*\")"})j");
  CHECK(item_ids(seen) == std::vector<std::string>{"item000", "item004", "item005"});
  const auto none = call(*rt, R"({"filterExpression":"INCLUDE ItemID WHERE Items.PRICE > 1000"})");
  CHECK(none.find("itemList")->items().empty());
}

TEST_CASE("filter requests: related items backfill only with items that pass", "[filter]") {
  SolutionSpec spec = catalog_spec();
  spec.recipe = "similar-items";
  spec.recipe_type = 4;
  spec.neighbours.assign(8, {});
  spec.neighbours[0] = {{3, 0.9f}, {1, 0.8f}, {2, 0.7f}};
  auto rt = runtime(spec);
  const std::string no_horror = R"j("filterExpression":"EXCLUDE ItemID WHERE Items.GENRE IN (\"horror\")")j";
  const auto r = call(*rt, R"({"itemId":"item000","numResults":4,)" + no_horror + "}");
  CHECK(item_ids(r) == std::vector<std::string>{"item001", "item002", "item004", "item005"});
  CHECK(r.find("itemList")->items()[1].find("reason") == nullptr);
  CHECK(r.find("itemList")->items()[2].find("reason")->items()[0].as_string() == "Popular item");
  // Too few pass: the list is shorter, never padded with filtered-out items.
  const auto cheap = call(*rt, R"({"itemId":"item000","filterExpression":)"
                               R"("INCLUDE ItemID WHERE Items.PRICE < CurrentItem.PRICE OR Items.PRICE = 10"})");
  CHECK(item_ids(cheap) == std::vector<std::string>{"item001"});
  // A filter may read the user; without one, userId stays an error for related items.
  const auto by_user = call(*rt, R"({"itemId":"item000","userId":"user000","numResults":3,)"
                                 R"j("filterExpression":"EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN (\"click\")"})j");
  CHECK(item_ids(by_user) == std::vector<std::string>{"item003", "item002", "item004"});
  CHECK_THAT(request_error(*rt, R"({"itemId":"item000","userId":"user000"})"), Catch::Contains("userId is not used"));
}

TEST_CASE("filter requests: user-personalization and ranking", "[filter]") {
  SolutionSpec spec = catalog_spec();
  spec.recipe = "user-personalization";
  spec.recipe_type = 1;
  spec.dimensions = 1;
  spec.item_factors = {8, 7, 6, 5, 4, 3, 2, 1};
  spec.user_factors = {1, -1, 1};
  auto rt = runtime(spec);
  const auto r = call(*rt, R"({"userId":"user001","numResults":3,)"
                           R"j("filterExpression":"INCLUDE ItemID WHERE Items.GENRE IN (\"drama\")"})j");
  CHECK(item_ids(r) == std::vector<std::string>{"item006", "item002", "item001"});
  // Scores stay the softmax over the whole catalog.
  double z = 0;
  for (int i = 1; i <= 8; ++i) z += std::exp(-static_cast<double>(i));
  CHECK(r.find("itemList")->items()[0].find("score")->as_number() == Approx(std::exp(-2.0) / z).epsilon(1e-5));

  spec.recipe = "personalized-ranking";
  spec.recipe_type = 2;
  auto ranker = runtime(spec);
  const std::string list = R"("inputList":["item003","zzz","item000","item002","item005"])";
  const auto ranked = call(*ranker, R"({"userId":"user000",)" + list +
                                        R"j(,"filterExpression":"EXCLUDE ItemID WHERE Items.GENRE IN ($G)",)j"
                                        R"("filterValues":{"G":"\"comedy\""}})", true);
  CHECK(item_ids(ranked, "personalizedRanking") == std::vector<std::string>{"item003", "item005", "zzz"});
  const auto& items = ranked.find("personalizedRanking")->items();
  CHECK(items[0].find("score")->as_number() + items[1].find("score")->as_number() == Approx(1.0));
  CHECK(items[2].find("score") == nullptr);
  CHECK_THAT(request_error(*ranker, R"({"userId":"u",)" + list +
                                        R"(,"filterExpression":"INCLUDE ItemID WHERE Items.PRICE < CurrentItem.PRICE"})",
                           true),
             Catch::Contains("needs the request's itemId"));
}

TEST_CASE("filter requests: field checks", "[filter]") {
  auto rt = runtime(catalog_spec());
  const std::pair<const char*, const char*> cases[] = {
      {R"({"filterExpression":3})", "request field filterExpression must be a string, got number"},
      {R"({"filterValues":{"G":"\"a\""}})", "request field filterValues needs filterExpression"},
      {R"({"filterArn":"arn:aws:personalize:f"})", "request field filterArn is not supported"},
      {R"({"filterExpression":"INCLUDE","filterValues":[]})", "request field filterValues must be an object"},
      {R"({"filterExpression":"INCLUDE","filterValues":{"G":1}})", "request field filterValues.G must be a string"},
      {R"({"filterExpression":"INCLUDE","filterValues":{"$G":"\"a\""}})", "key \"$G\" must be a placeholder name"},
      {R"({"filterExpression":"INCLUDE","filterValues":{"G":"\"a\",\"b"}})", "the quote at character 5 is not closed"},
      {R"({"filterExpression":"INCLUDE","filterValues":{"G":"\"a\" \"b\""}})", "expected a comma at character 5"},
      {R"({"filterExpression":"INCLUDE","filterValues":{"G":""}})", "request field filterValues.G is empty"},
      {R"({"filterExpression":"INCLUDE ItemID WHERE Items.PRICE LIKE 3"})", "filter: position 34: expected IN"},
      {R"({"filterExpression":"INCLUDE ItemID WHERE Items.SIZE < 3"})", "unknown field Items.SIZE"},
      {R"j({"filterExpression":"INCLUDE ItemID WHERE Items.GENRE IN ($G)"})j", "filterValues has no $G"},
  };
  for (const auto& [request, fragment] : cases) {
    INFO(request);
    CHECK_THAT(request_error(*rt, request), Catch::Contains(fragment));
  }
  std::string many = R"({"filterExpression":"INCLUDE","filterValues":{)";
  for (int i = 0; i < 26; ++i) many += (i ? "," : "") + ("\"P" + std::to_string(i) + "\":\"1\"");
  CHECK_THAT(request_error(*rt, many + "}}"), Catch::Contains("filterValues has 26 entries, at most 25"));
  const std::string long_value(1001, 'a');
  CHECK_THAT(request_error(*rt, R"({"filterExpression":"INCLUDE","filterValues":{"G":")" + long_value + "\"}}"),
             Catch::Contains("1001 characters long, at most 1000"));
  // An unquoted value is one string; spaces around quoted values are fine.
  const auto lenient = call(*rt, R"j({"filterExpression":"INCLUDE ItemID WHERE Items.PRICE < $P OR Items.GENRE IN ($G)",)j"
                                 R"("filterValues":{"P":"6","G":" \"horror\" , \"x\" "}})");
  CHECK(item_ids(lenient) == std::vector<std::string>{"item000", "item003", "item006"});
  // The same filter twice (the second from the runtime's cache) gives the same answer.
  const std::string request = R"({"filterExpression":"INCLUDE ItemID WHERE Items.PRICE > 19"})";
  CHECK(item_ids(call(*rt, request)) == item_ids(call(*rt, request)));
}
