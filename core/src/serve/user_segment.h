// Batch segments (Personalize's CreateBatchSegmentJob): the users most likely to interact with an
// item (Item-Affinity) or with the items that have given attributes (Item-Attribute-Affinity),
// from a factor model's user and item vectors.
//
// Request: {"itemId":"105"} or {"itemAttributes":"ITEMS.GENRE = \"Comedy\" AND ITEMS.PRICE ..."},
// and "numResults" (default 25, at most kMaxSegmentUsers). An item's affinity for a user is the
// dot product of their vectors; for attributes, with the mean vector of the items that have them
// (each condition ITEMS.FIELD = "value" or ITEMS.FIELD IN ("a", "b") matches as the filter
// language's Items.FIELD IN does: any of a multi-valued field's values). Users are ranked by it,
// highest first (ties: the user index's order). Response: {"usersList":["u7","u2",...]}.
#pragma once

#include <string>
#include <string_view>

#include "edgerec/limits.h"
#include "edgerec/solution.h"
#include "edgerec/status.h"

namespace edgerec {

/// InvalidInput for a malformed request, an unknown itemId, attributes no item has, or a
/// solution without user and item vectors (popularity, similar items, edge bundles).
Result<std::string> user_segment_json(const Solution& solution, std::string_view request_json);

}  // namespace edgerec
