// GetPersonalizedRanking.
#include "serve/rank.h"

#include <algorithm>
#include <optional>
#include <unordered_map>

#include "edgerec/json.h"
#include "edgerec/message_text.h"
#include "scoring/personalized_scoring.h"
#include "serve/item_list_response.h"
#include "serve/recommend.h"
#include "edgerec/solution_generated.h"
#include "edgerec/topk.h"

namespace edgerec {
namespace {

constexpr const char* kRankFields = "userId, inputList, filterExpression, filterValues, metadataColumns, campaignArn";

}  // namespace

Result<RankRequest> parse_rank_request(std::string_view json) {
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue root, parse_json(json, "GetPersonalizedRanking request"));
  if (!root.is_object()) {
    return invalid_input(std::string("GetPersonalizedRanking request must be a JSON object, got ") +
                         json_type_name(root.type()));
  }
  RankRequest request;
  bool has_user = false;
  bool has_list = false;
  for (const auto& [name, value] : root.members()) {
    if (name == "userId") {
      if (!value.is_string()) return invalid_input("request field userId must be a string");
      request.user_id = value.as_string();
      has_user = true;
    } else if (name == "inputList") {
      if (!value.is_array()) return invalid_input("request field inputList must be an array of item ids");
      for (size_t i = 0; i < value.items().size(); ++i) {
        const JsonValue& item = value.items()[i];
        if (!item.is_string()) {
          return invalid_input("request field inputList[" + std::to_string(i) + "] must be a string, got " +
                               json_type_name(item.type()));
        }
        EDGEREC_RETURN_IF_ERROR(validate_id_field(item.as_string(), "inputList[" + std::to_string(i) + "]"));
        request.input_list.push_back(item.as_string());
      }
      has_list = true;
    } else if (name == "campaignArn") {
      if (!value.is_string()) return invalid_input("request field campaignArn must be a string");
    } else if (name == "metadataColumns") {
      EDGEREC_RETURN_IF_ERROR(parse_metadata_columns(value, request.metadata));
    } else {
      EDGEREC_ASSIGN_OR_RETURN(const bool filter_field, parse_request_filter_member(name, value, request.filter));
      if (!filter_field) {
        return invalid_input("unknown request field " + quote_for_message(name) + "; valid fields are " + kRankFields);
      }
    }
  }
  EDGEREC_RETURN_IF_ERROR(validate_request_filter(request.filter));
  if (!has_user) return invalid_input("request field userId is required");
  if (!has_list) return invalid_input("request field inputList is required");
  EDGEREC_RETURN_IF_ERROR(validate_id_field(request.user_id, "userId"));
  if (request.input_list.empty() || request.input_list.size() > kMaxRankInputItems) {
    return invalid_input("request field inputList must hold 1 to " + std::to_string(kMaxRankInputItems) +
                         " item ids, got " + std::to_string(request.input_list.size()));
  }
  if (request.metadata.requested() && request.input_list.size() > kMaxResultsWithMetadata) {
    return invalid_input("request field inputList must hold at most " + std::to_string(kMaxResultsWithMetadata) +
                         " item ids when metadataColumns is given (as in Personalize), got " +
                         std::to_string(request.input_list.size()));
  }
  std::unordered_map<std::string_view, size_t> seen;
  for (size_t i = 0; i < request.input_list.size(); ++i) {
    const auto [it, inserted] = seen.emplace(request.input_list[i], i);
    if (!inserted) {
      return invalid_input("request field inputList holds " + quote_for_message(request.input_list[i]) + " twice (positions " +
                           std::to_string(it->second) + " and " + std::to_string(i) + ")");
    }
  }
  return request;
}

Result<std::vector<RankedItem>> rank(const Solution& solution, const RankRequest& request,
                                     const RequestContext& context) {
  const fb::RecipeType type = solution.root().metadata()->recipe_type();
  if (type != fb::RecipeType::PERSONALIZED_RANKING && type != fb::RecipeType::USER_PERSONALIZATION) {
    return invalid_input("recipe " + std::string(solution.recipe()) + " (" + fb::EnumNameRecipeType(type) +
                         ") does not serve GetPersonalizedRanking");
  }
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<ItemMask> mask,
                           request_filter_mask(solution, request.filter, context, request.user_id, std::nullopt));
  std::vector<uint32_t> known;  // catalog indices of known input items that pass, in input order
  std::vector<RankedItem> unknown;
  for (const std::string& id : request.input_list) {
    if (const auto index = solution.items().find(id)) {
      if (!mask || (*mask)[*index]) known.push_back(*index);
    } else {
      unknown.push_back({id, false, 0.0f, std::nullopt});
    }
  }
  std::vector<ScoredItem> ranked;
  const UserSignal stored =
      context.user_signal != nullptr ? UserSignal{} : stored_user_signal(solution, solution.users().find(request.user_id));
  const UserSignal& signal = context.user_signal != nullptr ? *context.user_signal : stored;
  if (!signal.empty()) {
    std::vector<float> logits;
    personalized_logits(solution, signal, logits);
    std::vector<float> list_logits;
    for (const uint32_t i : known) list_logits.push_back(logits[i]);
    for (size_t k = 0; k < known.size(); ++k) ranked.push_back({static_cast<uint32_t>(k), list_logits[k]});
    std::sort(ranked.begin(), ranked.end(), [&](const ScoredItem& a, const ScoredItem& b) {
      if (a.score != b.score) return a.score > b.score;
      return known[a.index] < known[b.index];
    });
    softmax_scores(list_logits, ranked);
  } else {
    // A user the model does not know: rank by popularity, scored by share of the list's total.
    const fb::PopularityModel* popularity = solution.root().popularity();
    double total = 0.0;
    for (size_t k = 0; k < known.size(); ++k) {
      const float p = popularity != nullptr ? popularity->scores()->Get(known[k]) : 0.0f;
      ranked.push_back({static_cast<uint32_t>(k), p});
      total += p;
    }
    std::sort(ranked.begin(), ranked.end(), [&](const ScoredItem& a, const ScoredItem& b) {
      if (a.score != b.score) return a.score > b.score;
      return known[a.index] < known[b.index];
    });
    for (ScoredItem& r : ranked) {
      r.score = total > 0.0 ? static_cast<float>(r.score / total) : 1.0f / static_cast<float>(ranked.size());
    }
  }
  std::vector<RankedItem> out;
  out.reserve(request.input_list.size());
  for (const ScoredItem& r : ranked) {
    out.push_back({std::string(solution.items().id(known[r.index])), true, r.score, known[r.index]});
  }
  for (RankedItem& u : unknown) out.push_back(std::move(u));
  return out;
}

std::string ranking_to_json(const std::vector<RankedItem>& items, std::string_view recommendation_id,
                            const std::vector<ColumnView>& metadata) {
  const auto write_members = [&](JsonWriter& w, const RankedItem& item) {
    w.key("itemId");
    w.string(item.item_id);
    if (item.has_score) {
      w.key("score");
      w.number_float(item.score);
    }
    if (item.index) write_item_metadata(w, metadata, *item.index);
  };
  return item_list_response_json("personalizedRanking", items, recommendation_id, write_members);
}

}  // namespace edgerec
