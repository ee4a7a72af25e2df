// Evaluating a parsed filter (filter_expression.h) for one request: the items it lets through,
// as a mask over the solution's catalog.
//
// Semantics, following Amazon Personalize:
//  - Items.F: the item's metadata column F. IN matches if any of the item's values (multi-valued
//    categorical fields store them joined with '|') is in the list; NOT IN is its negation, so
//    items without a value pass NOT IN and fail IN. =, <, <=, >, >= compare numbers; items
//    without a numeric value fail them. Strings match exactly (case-sensitive). A condition the
//    field's type rules out (a comparison on a string field, a numeric field's IN list holding
//    a non-number) is an error naming its position, not an empty result.
//  - Interactions filters need a solution that stores users' recent interactions (every recipe
//    writes them; edge bundles read the session's events instead): otherwise an error.
//  - Interactions.EVENT_TYPE: the items the user interacted with, over the user's recent
//    interactions (the 100 most recent per event type). IN ("a","b") keeps interactions of those
//    types, "*" any type; NOT IN keeps interactions of other types. Event types match ignoring case.
//  - CurrentItem.F: the request item's values (IN: any of them; comparisons: its number). An item
//    unknown to the solution has no values, so such conditions match nothing.
//  - IF CurrentUser.F ...: the expression applies only when every IF condition holds for the
//    requesting user; unknown users (no metadata) never satisfy it.
//  - $PARAM: the request's filterValues. An INCLUDE expression needs all its parameters; an
//    EXCLUDE expression missing one is skipped. A comparison's parameter holds one number.
//  - Chains (|): the items = (union of the applied INCLUDE expressions, or every item when none
//    applies) minus (union of the applied EXCLUDE expressions). Skipped expressions (IF false,
//    missing EXCLUDE parameters) take no part.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "filter/filter_expression.h"
#include "filter/filter_values.h"
#include "edgerec/recent_interactions.h"
#include "edgerec/solution.h"
#include "edgerec/status.h"

namespace edgerec {

/// What a filter reads in one request besides the solution.
struct FilterContext {
  const FilterValues* values = nullptr;  ///< the request's filterValues; nullptr = none
  /// The requesting user's row in the solution's user index (CurrentUser); nothing = unknown.
  std::optional<uint32_t> user;
  /// True if the request names an item (itemId): CurrentItem may be used.
  bool has_current_item = false;
  /// That item's catalog index; nothing if the solution does not know it.
  std::optional<uint32_t> current_item;
  /// The user's recent interactions, in any order (see recent_interactions.h).
  const RecentInteraction* interactions = nullptr;
  size_t interaction_count = 0;
};

/// One byte per catalog item: 1 = the filter lets it through.
using ItemMask = std::vector<uint8_t>;

/// Evaluates `filter` against `solution` for one request. InvalidInput for a field the solution
/// has no column for (naming it), a boolean or textual field, a condition its field's type rules
/// out, Interactions on a solution without recent interactions, CurrentItem without an itemId,
/// CurrentUser when the solution has no user metadata, a missing INCLUDE parameter (naming
/// $PARAM) and a comparison parameter that is not one number.
Result<ItemMask> compile_filter_mask(const Solution& solution, const FilterExpression& filter,
                                     const FilterContext& context);

}  // namespace edgerec
