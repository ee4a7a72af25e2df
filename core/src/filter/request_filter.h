// The filter of one GetRecommendations / GetPersonalizedRanking request: its request fields and
// the item mask it comes to.
//
// Request fields (JSON):
//   filterExpression  the filter's expression itself (filter_expression.h). Personalize names a
//                     stored filter by filterArn instead; edgerec has no filter store, so the
//                     expression travels with the request (a Runtime parses each distinct one once).
//   filterValues      the expression's $PARAM values (filter_values.h); needs filterExpression.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "filter/filter_expression.h"
#include "filter/filter_mask.h"
#include "filter/filter_values.h"
#include "edgerec/json.h"
#include "edgerec/recent_interactions.h"
#include "edgerec/solution.h"
#include "edgerec/status.h"

namespace edgerec {

struct UserSignal;              // personalized_scoring.h
class ItemExploration;         // item_exploration.h
class SoftmaxNormalizerCache;  // softmax_normalizers.h

struct RequestFilter {
  std::optional<std::string> expression;  ///< filterExpression
  std::optional<FilterValues> values;     ///< filterValues
};

/// Inputs of a request that do not come from its JSON.
struct RequestContext {
  /// The request's filterExpression already parsed (a Runtime caches them); it must be the parse
  /// of that text. nullptr: parsed per call.
  const FilterExpression* filter = nullptr;
  /// The user's recent interactions, read by Interactions filters. nullptr: the history the
  /// solution stores for the request's userId. A live session passes its own events here.
  const std::vector<RecentInteraction>* recent_interactions = nullptr;
  /// The user's signal for personalized scoring. nullptr: the one the solution stores for the
  /// request's userId. A live session passes its folded-in vector and recent items here.
  const UserSignal* user_signal = nullptr;
  /// The campaign's item exploration (GetRecommendations of User-Personalization). nullptr: none.
  const ItemExploration* exploration = nullptr;
  /// Known users' softmax normalisers for this solution (a Runtime keeps one): a request for a
  /// known user's stored signal reads its normaliser there and scores only its top-k, or stores
  /// it after the full pass. nullptr: every request takes the full pass.
  SoftmaxNormalizerCache* normalizers = nullptr;
  /// The signal's personalized logits over the whole catalog, computed beforehand (requests
  /// scored as a batch, Runtime::get_recommendations_json_many): used as they are. nullptr:
  /// computed per request.
  const std::vector<float>* logits = nullptr;
};

/// Reads request member `name` into `filter` if it is one of filterExpression, filterValues
/// (true) or not (false); InvalidInput for a wrong type or value, and for filterArn, which
/// edgerec does not take.
Result<bool> parse_request_filter_member(const std::string& name, const JsonValue& value, RequestFilter& filter);

/// Checks the fields together once the whole request is read (filterValues needs filterExpression).
Status validate_request_filter(const RequestFilter& filter);

/// The request's item mask, or nothing when it has no filter. `user_id` and `item_id` are the
/// request's (CurrentUser, Interactions, CurrentItem).
Result<std::optional<ItemMask>> request_filter_mask(const Solution& solution, const RequestFilter& filter,
                                                    const RequestContext& context,
                                                    const std::optional<std::string>& user_id,
                                                    const std::optional<std::string>& item_id);

}  // namespace edgerec
