// GetRecommendations: request parsing, recommending per recipe type, and the response in
// Personalize's shape.
//
//   POPULAR_ITEMS         by userId (optional; the same list for everyone)
//   USER_PERSONALIZATION  by userId; users the model does not know get popular items
//   RELATED_ITEMS         by itemId; unknown items get popular items
//   PERSONALIZED_RANKING  not served here: use GetPersonalizedRanking (rank.h), as Personalize
//
// A filter (filterExpression + filterValues, request_filter.h) removes items before the top-k:
// filtered-out items are never returned. When too few items pass, fewer are returned; the
// popular-item backfill of related items ("Popular item") only adds items that pass the filter.
// RELATED_ITEMS and POPULAR_ITEMS take a userId with a filter, for its Interactions and
// CurrentUser conditions.
//
// metadataColumns (item_metadata.h) adds each item's Items metadata to the response, with
// numResults at most 50. A campaign's item exploration (item_exploration.h, RequestContext)
// gives part of a User-Personalization list to new and cold items, marked "Exploration".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "format/item_metadata.h"
#include "filter/request_filter.h"
#include "edgerec/solution.h"
#include "edgerec/limits.h"
#include "edgerec/status.h"
#include "edgerec/topk.h"

namespace edgerec {


/// The fields of Personalize's GetRecommendations request that this core serves.
struct RecommendRequest {
  std::optional<std::string> user_id;
  std::optional<std::string> item_id;
  int32_t num_results = kDefaultNumResults;
  RequestFilter filter;  ///< filterExpression, filterValues
  MetadataColumnsRequest metadata;  ///< metadataColumns
};

/// Why an item is in the list, when it is not the model's own pick (Personalize's `reason`).
enum class Reason : uint8_t {
  kNone = 0,
  kPopularBackfill = 1,  ///< "Popular item": added to reach numResults
  kExploration = 2,      ///< "Exploration": an exploration slot (item_exploration.h)
};

struct RecommendedItem {
  uint32_t index = 0;
  float score = 0.0f;
  Reason reason = Reason::kNone;
};

/// Parses a request such as {"userId":"42","numResults":10}. Unknown fields, wrong types and
/// out-of-range values are InvalidInput errors naming the field.
Result<RecommendRequest> parse_recommend_request(std::string_view json);

/// Checks a request's values (ids, numResults) against Personalize's limits.
Status validate_recommend_request(const RecommendRequest& request);

/// The ranked items for `request`, best first.
Result<std::vector<RecommendedItem>> recommend(const Solution& solution, const RecommendRequest& request,
                                               const RequestContext& context = {});

/// {"itemList":[{"itemId":"..","score":..},..],"recommendationId":".."}; each item also gets
/// "metadata" with `metadata`'s columns when it is not empty (resolve_item_metadata).
std::string recommendations_to_json(const Solution& solution, const std::vector<RecommendedItem>& items,
                                    std::string_view recommendation_id,
                                    const std::vector<ColumnView>& metadata = {});

/// Checks an id field against Personalize's 1..256 character limit; `field` names it.
Status validate_id_field(const std::optional<std::string>& id, std::string_view field);

}  // namespace edgerec
