// A user's recent interactions as the core consumes them: the input of Interactions filters
// (Interactions.EVENT_TYPE IN (...)), whoever supplies them. A request by a known user reads the
// history stored in the solution; a live session passes its own events the same way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "edgerec/solution.h"

namespace edgerec {

/// Personalize's window for interaction filters: the 100 most recent interactions per user and
/// event type.
inline constexpr size_t kFilterInteractionsPerEventType = 100;

struct RecentInteraction {
  uint32_t item = 0;            ///< catalog index
  std::string_view event_type;  ///< as recorded ("" if the data has no event types); matched ignoring case
  int64_t timestamp = 0;        ///< epoch seconds; newer wins the per-type window, ties by later position
};

/// The interactions the solution stores for `user` (UserHistories), oldest first, with views into
/// the solution's event type names. Empty for an unknown user or a solution without histories
/// (popularity-count, similar-items, edge bundles). The stored history holds the user's latest
/// trained events (at most 100 in all, after the solution's event-type selection).
std::vector<RecentInteraction> stored_recent_interactions(const Solution& solution, std::optional<uint32_t> user);

}  // namespace edgerec
