// GetRecommendations: request parsing and validation, recipe dispatch, response JSON.
#include "edgerec/recommend.h"

#include <cmath>
#include <string>

#include "edgerec/json.h"
#include "edgerec/solution_generated.h"

namespace edgerec {
namespace {

constexpr const char* kRequestFields = "userId, itemId, numResults, campaignArn";

Status expect_type(const JsonValue& value, JsonValue::Type type, const std::string& field) {
  if (value.type() != type) {
    return invalid_input("request field " + field + " must be a " + json_type_name(type) + ", got " +
                         json_type_name(value.type()));
  }
  return Status::ok_status();
}

Status validate_id(const std::optional<std::string>& id, const char* field) {
  if (!id) return Status::ok_status();
  if (id->empty() || id->size() > kMaxIdLength) {
    return invalid_input(std::string("request field ") + field + " must be 1 to " + std::to_string(kMaxIdLength) +
                         " characters long, got " + std::to_string(id->size()));
  }
  return Status::ok_status();
}

Result<std::vector<ScoredItem>> recommend_popular(const Solution& solution, const RecommendRequest& request) {
  const fb::PopularityModel* model = solution.root().popularity();
  if (model == nullptr) {
    return failed_precondition("solution version (recipe " + std::string(solution.recipe()) +
                               ") has no popularity model");
  }
  if (request.item_id) {
    return invalid_input("request field itemId is not used by recipe " + std::string(solution.recipe()) +
                         " (POPULAR_ITEMS recommends by userId, which is optional)");
  }
  // Popular items are the same for every user, known or not, as in Personalize.
  return top_k(model->scores()->data(), model->scores()->size(), static_cast<size_t>(request.num_results));
}

}  // namespace

Status validate_recommend_request(const RecommendRequest& request) {
  EDGEREC_RETURN_IF_ERROR(validate_id(request.user_id, "userId"));
  EDGEREC_RETURN_IF_ERROR(validate_id(request.item_id, "itemId"));
  if (request.num_results < 0 || request.num_results > kMaxNumResults) {
    return invalid_input("request field numResults must be between 0 and " + std::to_string(kMaxNumResults) +
                         ", got " + std::to_string(request.num_results));
  }
  return Status::ok_status();
}

Result<RecommendRequest> parse_recommend_request(std::string_view json) {
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue root, parse_json(json, "GetRecommendations request"));
  if (!root.is_object()) {
    return invalid_input(std::string("GetRecommendations request must be a JSON object, got ") +
                         json_type_name(root.type()));
  }
  RecommendRequest request;
  for (const auto& [name, value] : root.members()) {
    if (name == "userId" || name == "itemId") {
      EDGEREC_RETURN_IF_ERROR(expect_type(value, JsonValue::Type::kString, name));
      (name == "userId" ? request.user_id : request.item_id) = value.as_string();
    } else if (name == "numResults") {
      EDGEREC_RETURN_IF_ERROR(expect_type(value, JsonValue::Type::kNumber, name));
      const double n = value.as_number();
      if (n != std::floor(n) || n < -1e9 || n > 1e9) {
        return invalid_input("request field numResults must be an integer, got " + std::to_string(n));
      }
      request.num_results = static_cast<int32_t>(n);
    } else if (name == "campaignArn") {
      // Names the campaign when routing through a server; a Runtime is one campaign already.
      EDGEREC_RETURN_IF_ERROR(expect_type(value, JsonValue::Type::kString, name));
    } else {
      return invalid_input("unknown request field \"" + name + "\"; valid fields are " + kRequestFields);
    }
  }
  EDGEREC_RETURN_IF_ERROR(validate_recommend_request(request));
  return request;
}

Result<std::vector<ScoredItem>> recommend(const Solution& solution, const RecommendRequest& request) {
  EDGEREC_RETURN_IF_ERROR(validate_recommend_request(request));
  switch (solution.root().metadata()->recipe_type()) {
    case fb::RecipeType::POPULAR_ITEMS: return recommend_popular(solution, request);
    default:
      return failed_precondition("recipe " + std::string(solution.recipe()) + " (recipe type " +
                                 fb::EnumNameRecipeType(solution.root().metadata()->recipe_type()) +
                                 ") is not served by this version of edgerec");
  }
}

std::string recommendations_to_json(const Solution& solution, const std::vector<ScoredItem>& items,
                                    std::string_view recommendation_id) {
  JsonWriter w;
  w.begin_object();
  w.key("itemList");
  w.begin_array();
  for (const ScoredItem& item : items) {
    w.begin_object();
    w.key("itemId");
    w.string(solution.items().id(item.index));
    w.key("score");
    w.number_float(item.score);
    w.end_object();
  }
  w.end_array();
  w.key("recommendationId");
  w.string(recommendation_id);
  w.end_object();
  return w.take();
}

}  // namespace edgerec
