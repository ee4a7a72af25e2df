// GetRecommendations: request parsing, recommending, and the response in Personalize's shape.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edgerec/solution.h"
#include "edgerec/status.h"
#include "edgerec/topk.h"

namespace edgerec {

inline constexpr int32_t kDefaultNumResults = 25;
inline constexpr int32_t kMaxNumResults = 500;
/// Personalize's limit for userId and itemId.
inline constexpr size_t kMaxIdLength = 256;

/// The fields of Personalize's GetRecommendations request that this core serves.
struct RecommendRequest {
  std::optional<std::string> user_id;
  std::optional<std::string> item_id;
  int32_t num_results = kDefaultNumResults;
};

/// Parses a request such as {"userId":"42","numResults":10}. Unknown fields, wrong types and
/// out-of-range values are InvalidInput errors naming the field.
Result<RecommendRequest> parse_recommend_request(std::string_view json);

/// Checks a request's values (ids, numResults) against Personalize's limits.
Status validate_recommend_request(const RecommendRequest& request);

/// The ranked items for `request`, best first.
Result<std::vector<ScoredItem>> recommend(const Solution& solution,
                                          const RecommendRequest& request);

/// {"itemList":[{"itemId":"..","score":..},..],"recommendationId":".."}
std::string recommendations_to_json(const Solution& solution,
                                    const std::vector<ScoredItem>& items,
                                    std::string_view recommendation_id);

}  // namespace edgerec
