// GetPersonalizedRanking: re-rank a caller's list of items for a user.
//
// Items the model knows are ordered by the user's logits (ties by catalog order) and scored with
// a softmax over those items, so their scores sum to 1; items unknown to the model follow in
// input order, without a score, as in Personalize. Users the model does not know get the known
// items ordered by popularity, scored by their share of the list's popularity.
//
// A filter (filterExpression + filterValues, request_filter.h) removes known items from the
// ranking before it is scored, so the scores still sum to 1 over what is returned. Items the
// solution does not know cannot be evaluated by a filter: they keep their unscored place at the end.
//
// metadataColumns (item_metadata.h) adds each known item's Items metadata, with inputList at
// most 50 items, as in Personalize.
#pragma once

#include <cstdint>
#include <optional>

#include <string>
#include <string_view>
#include <vector>

#include "edgerec/limits.h"
#include "edgerec/solution.h"
#include "edgerec/status.h"
#include "filter/request_filter.h"
#include "format/item_metadata.h"

namespace edgerec {


struct RankRequest {
  std::string user_id;
  std::vector<std::string> input_list;
  RequestFilter filter;  ///< filterExpression, filterValues
  MetadataColumnsRequest metadata;  ///< metadataColumns
};

struct RankedItem {
  std::string item_id;
  bool has_score = false;
  float score = 0.0f;
  std::optional<uint32_t> index;  ///< catalog index; none for items the solution does not know
};

/// Parses {"userId":"u","inputList":["a","b"]}; errors name the field and position.
Result<RankRequest> parse_rank_request(std::string_view json);

Result<std::vector<RankedItem>> rank(const Solution& solution, const RankRequest& request,
                                     const RequestContext& context = {});

/// {"personalizedRanking":[{"itemId":"..","score":..},{"itemId":".."}],"recommendationId":".."};
/// known items also get "metadata" with `metadata`'s columns when it is not empty.
std::string ranking_to_json(const std::vector<RankedItem>& items, std::string_view recommendation_id,
                            const std::vector<ColumnView>& metadata = {});

}  // namespace edgerec
