// GetRecommendations: request parsing and validation, recipe dispatch, response JSON.
#include "serve/recommend.h"

#include <cmath>
#include <string>

#include "serve/item_exploration.h"
#include "serve/item_list_response.h"
#include "serve/softmax_normalizers.h"
#include "edgerec/json.h"
#include "edgerec/message_text.h"
#include "scoring/personalized_scoring.h"
#include "edgerec/solution_generated.h"

namespace edgerec {
namespace {

constexpr const char* kRequestFields =
    "userId, itemId, numResults, filterExpression, filterValues, metadataColumns, campaignArn";

Status expect_type(const JsonValue& value, JsonValue::Type type, const std::string& field) {
  if (value.type() != type) {
    return invalid_input("request field " + field + " must be a " + json_type_name(type) + ", got " +
                         json_type_name(value.type()));
  }
  return Status::ok_status();
}

std::vector<RecommendedItem> as_recommended(const std::vector<ScoredItem>& scored, Reason reason = Reason::kNone) {
  std::vector<RecommendedItem> out;
  out.reserve(scored.size());
  for (const ScoredItem& s : scored) out.push_back({s.index, s.score, reason});
  return out;
}

// The most popular items not in `exclude`, appended until `list` holds `limit` items.
void backfill_popular(const Solution& solution, size_t limit, const std::vector<uint8_t>& exclude,
                      std::vector<RecommendedItem>& list) {
  const fb::PopularityModel* model = solution.root().popularity();
  if (model == nullptr || list.size() >= limit) return;
  TopK selector(limit - list.size());
  const float* scores = model->scores()->data();
  for (uint32_t i = 0; i < model->scores()->size(); ++i) {
    if (!exclude[i]) selector.push(i, scores[i]);
  }
  for (const ScoredItem& s : selector.take()) list.push_back({s.index, s.score, Reason::kPopularBackfill});
}

std::vector<RecommendedItem> as_recommended(const std::vector<ExploredItem>& explored) {
  std::vector<RecommendedItem> out;
  out.reserve(explored.size());
  for (const ExploredItem& e : explored) {
    out.push_back({e.item.index, e.item.score, e.explored ? Reason::kExploration : Reason::kNone});
  }
  return out;
}

// The k most popular items that pass `mask` (all when it is null); with `exploration`, part of
// them new and cold items ranked by popularity (ties in catalog order).
Result<std::vector<RecommendedItem>> popular_items(const Solution& solution, size_t k, const ItemMask* mask,
                                                   const ItemExploration* exploration = nullptr) {
  const fb::PopularityModel* model = solution.root().popularity();
  if (model == nullptr) {
    return failed_precondition("solution version (recipe " + std::string(solution.recipe()) +
                               ") has no popularity model to fall back on");
  }
  if (exploration != nullptr) {
    return as_recommended(explore_top_k(*exploration, model->scores()->data(), model->scores()->size(), k,
                                        mask ? mask->data() : nullptr));
  }
  return as_recommended(top_k(model->scores()->data(), model->scores()->size(), k, mask ? mask->data() : nullptr));
}

Status reject_field(const Solution& solution, const std::optional<std::string>& field, const char* name,
                    const char* why) {
  if (!field) return Status::ok_status();
  return invalid_input(std::string("request field ") + name + " is not used by recipe " +
                       std::string(solution.recipe()) + " (" + why + ")");
}

Result<std::vector<RecommendedItem>> recommend_popular(const Solution& solution, const RecommendRequest& request,
                                                       const ItemMask* mask) {
  EDGEREC_RETURN_IF_ERROR(
      reject_field(solution, request.item_id, "itemId", "POPULAR_ITEMS recommends by userId, which is optional"));
  // Popular items are the same for every user, known or not, as in Personalize.
  return popular_items(solution, static_cast<size_t>(request.num_results), mask);
}

Result<std::vector<RecommendedItem>> recommend_for_user(const Solution& solution, const RecommendRequest& request,
                                                        const RequestContext& context, const ItemMask* mask) {
  EDGEREC_RETURN_IF_ERROR(
      reject_field(solution, request.item_id, "itemId", "USER_PERSONALIZATION recommends by userId"));
  if (!request.user_id) {
    return invalid_input("request field userId is required by recipe " + std::string(solution.recipe()) +
                         " (USER_PERSONALIZATION)");
  }
  // The stored signal's user (none with a session's signal): its normaliser may be cached.
  const std::optional<uint32_t> user =
      context.user_signal != nullptr ? std::nullopt : solution.users().find(*request.user_id);
  const UserSignal stored = context.user_signal != nullptr ? UserSignal{} : stored_user_signal(solution, user);
  const UserSignal& signal = context.user_signal != nullptr ? *context.user_signal : stored;
  // Exploration is a campaign setting of User-Personalization; weight 0 takes the plain path.
  const ItemExploration* exploration =
      context.exploration != nullptr && context.exploration->weight() > 0.0 ? context.exploration : nullptr;
  if (signal.empty()) return popular_items(solution, static_cast<size_t>(request.num_results), mask, exploration);
  SoftmaxNormalizerCache* const normalizers =
      user && exploration == nullptr && top_k_logits_applies(solution, signal) ? context.normalizers : nullptr;
  if (normalizers != nullptr && context.logits == nullptr) {
    if (const std::optional<SoftmaxNormalizer> normalizer = normalizers->find(*user)) {
      // The fast path: the same list as below, from the top-k's logits and the stored sum.
      std::vector<ScoredItem> top = top_k_logits(solution, signal, static_cast<size_t>(request.num_results),
                                                 mask ? mask->data() : nullptr);
      for (ScoredItem& item : top) item.score = softmax_score(*normalizer, item.score);
      return as_recommended(top);
    }
  }
  std::vector<float> own_logits;
  if (context.logits == nullptr) personalized_logits(solution, signal, own_logits);
  const std::vector<float>& logits = context.logits != nullptr ? *context.logits : own_logits;
  if (exploration != nullptr) {
    const std::vector<ExploredItem> explored = explore_top_k(
        *exploration, logits.data(), logits.size(), static_cast<size_t>(request.num_results), mask ? mask->data() : nullptr);
    std::vector<ScoredItem> top;
    for (const ExploredItem& e : explored) top.push_back(e.item);
    softmax_scores(logits, top);
    std::vector<RecommendedItem> out = as_recommended(explored);
    for (size_t i = 0; i < out.size(); ++i) out[i].score = top[i].score;
    return out;
  }
  // Every catalog item has a logit, so a filter leaves min(numResults, items passing) items:
  // nothing is left to backfill. Scores stay the softmax over the whole catalog.
  std::vector<ScoredItem> top = top_k(logits.data(), logits.size(), static_cast<size_t>(request.num_results),
                                      mask ? mask->data() : nullptr);
  if (logits.empty()) return as_recommended(top);
  const SoftmaxNormalizer normalizer = softmax_normalizer(logits);
  if (normalizers != nullptr) normalizers->store(*user, normalizer);
  for (ScoredItem& item : top) item.score = softmax_score(normalizer, logits[item.index]);
  return as_recommended(top);
}

Result<std::vector<RecommendedItem>> recommend_related(const Solution& solution, const RecommendRequest& request,
                                                       const ItemMask* mask) {
  if (!request.filter.expression) {
    EDGEREC_RETURN_IF_ERROR(reject_field(solution, request.user_id, "userId",
                                         "RELATED_ITEMS recommends by itemId; a filter may read userId"));
  }
  if (!request.item_id) {
    return invalid_input("request field itemId is required by recipe " + std::string(solution.recipe()) +
                         " (RELATED_ITEMS)");
  }
  const size_t limit = static_cast<size_t>(request.num_results);
  std::vector<RecommendedItem> list;
  // Filtered-out items are excluded from the neighbours and the backfill alike.
  std::vector<uint8_t> exclude(solution.items().size(), 0);
  if (mask != nullptr) {
    for (size_t i = 0; i < exclude.size(); ++i) exclude[i] = static_cast<uint8_t>(!(*mask)[i]);
  }
  const fb::NeighbourModel* model = solution.root().neighbours();
  if (const auto item = solution.items().find(*request.item_id); item && model != nullptr) {
    exclude[*item] = 1;
    const uint32_t begin = model->offsets()->Get(*item);
    const uint32_t end = model->offsets()->Get(*item + 1);
    TopK selector(limit);
    for (uint32_t e = begin; e < end; ++e) {
      const uint32_t neighbour = model->neighbours()->Get(e);
      if (!exclude[neighbour]) selector.push(neighbour, model->scores()->Get(e));
    }
    list = as_recommended(selector.take());
    for (const RecommendedItem& r : list) exclude[r.index] = 1;
  }
  // Unknown items, and items with fewer neighbours than asked for, get popular items (those that
  // pass the filter: if none do, the list stays short, as in Personalize).
  backfill_popular(solution, limit, exclude, list);
  return list;
}

}  // namespace

Status validate_id_field(const std::optional<std::string>& id, std::string_view field) {
  if (!id) return Status::ok_status();
  if (id->empty() || id->size() > kMaxIdLength) {
    return invalid_input("request field " + std::string(field) + " must be 1 to " + std::to_string(kMaxIdLength) +
                         " characters long, got " + std::to_string(id->size()));
  }
  return Status::ok_status();
}

Status validate_recommend_request(const RecommendRequest& request) {
  EDGEREC_RETURN_IF_ERROR(validate_request_filter(request.filter));
  EDGEREC_RETURN_IF_ERROR(validate_id_field(request.user_id, "userId"));
  EDGEREC_RETURN_IF_ERROR(validate_id_field(request.item_id, "itemId"));
  if (request.num_results < 0 || request.num_results > kMaxNumResults) {
    return invalid_input("request field numResults must be between 0 and " + std::to_string(kMaxNumResults) +
                         ", got " + std::to_string(request.num_results));
  }
  if (request.metadata.requested() && request.num_results > static_cast<int32_t>(kMaxResultsWithMetadata)) {
    return invalid_input("request field numResults must be at most " + std::to_string(kMaxResultsWithMetadata) +
                         " when metadataColumns is given (as in Personalize), got " +
                         std::to_string(request.num_results));
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
    } else if (name == "metadataColumns") {
      EDGEREC_RETURN_IF_ERROR(parse_metadata_columns(value, request.metadata));
    } else {
      EDGEREC_ASSIGN_OR_RETURN(const bool filter_field, parse_request_filter_member(name, value, request.filter));
      if (!filter_field) {
        return invalid_input("unknown request field " + quote_for_message(name) + "; valid fields are " + kRequestFields);
      }
    }
  }
  EDGEREC_RETURN_IF_ERROR(validate_recommend_request(request));
  return request;
}

Result<std::vector<RecommendedItem>> recommend(const Solution& solution, const RecommendRequest& request,
                                               const RequestContext& context) {
  EDGEREC_RETURN_IF_ERROR(validate_recommend_request(request));
  const fb::RecipeType type = solution.root().metadata()->recipe_type();
  const bool served = type == fb::RecipeType::POPULAR_ITEMS || type == fb::RecipeType::USER_PERSONALIZATION ||
                      type == fb::RecipeType::RELATED_ITEMS;
  std::optional<ItemMask> mask;
  if (served) {
    EDGEREC_ASSIGN_OR_RETURN(mask, request_filter_mask(solution, request.filter, context, request.user_id,
                                                       request.item_id));
  }
  const ItemMask* m = mask ? &*mask : nullptr;
  switch (type) {
    case fb::RecipeType::POPULAR_ITEMS: return recommend_popular(solution, request, m);
    case fb::RecipeType::USER_PERSONALIZATION: return recommend_for_user(solution, request, context, m);
    case fb::RecipeType::RELATED_ITEMS: return recommend_related(solution, request, m);
    case fb::RecipeType::PERSONALIZED_RANKING:
      return invalid_input("recipe " + std::string(solution.recipe()) +
                           " (PERSONALIZED_RANKING) serves GetPersonalizedRanking, not GetRecommendations");
    default:
      return failed_precondition("recipe " + std::string(solution.recipe()) + " (recipe type " +
                                 fb::EnumNameRecipeType(type) + ") is not served by this version of edgerec");
  }
}

std::string recommendations_to_json(const Solution& solution, const std::vector<RecommendedItem>& items,
                                    std::string_view recommendation_id, const std::vector<ColumnView>& metadata) {
  const auto write_members = [&](JsonWriter& w, const RecommendedItem& item) {
    w.key("itemId");
    w.string(solution.items().id(item.index));
    w.key("score");
    w.number_float(item.score);
    write_item_metadata(w, metadata, item.index);
    if (item.reason != Reason::kNone) {
      w.key("reason");
      w.begin_array();
      w.string(item.reason == Reason::kPopularBackfill ? "Popular item" : "Exploration");
      w.end_array();
    }
  };
  return item_list_response_json("itemList", items, recommendation_id, write_members);
}

}  // namespace edgerec
