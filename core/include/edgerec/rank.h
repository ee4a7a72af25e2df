// GetPersonalizedRanking: re-rank a caller's list of items for a user.
//
// Items the model knows are ordered by the user's logits (ties by catalog order) and scored with
// a softmax over those items, so their scores sum to 1; items unknown to the model follow in
// input order, without a score, as in Personalize. Users the model does not know get the known
// items ordered by popularity, scored by their share of the list's popularity.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "edgerec/solution.h"
#include "edgerec/status.h"

namespace edgerec {

/// Personalize's limit on inputList.
inline constexpr size_t kMaxRankInputItems = 500;

struct RankRequest {
  std::string user_id;
  std::vector<std::string> input_list;
};

struct RankedItem {
  std::string item_id;
  bool has_score = false;
  float score = 0.0f;
};

/// Parses {"userId":"u","inputList":["a","b"]}; errors name the field and position.
Result<RankRequest> parse_rank_request(std::string_view json);

Result<std::vector<RankedItem>> rank(const Solution& solution, const RankRequest& request);

/// {"personalizedRanking":[{"itemId":"..","score":..},{"itemId":".."}],"recommendationId":".."}
std::string ranking_to_json(const std::vector<RankedItem>& items, std::string_view recommendation_id);

}  // namespace edgerec
