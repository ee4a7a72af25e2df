// A user's recent interactions as the core consumes them: the input of Interactions filters
// (Interactions.EVENT_TYPE IN (...)), whoever supplies them. A request by a known user reads the
// interactions stored in the solution; a live session adds its own events the same way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "edgerec/solution.h"

namespace edgerec {

/// Personalize's window for interaction filters: the 100 most recent interactions per user and
/// event type. The trainer stores this many per type (Solution.recent_interactions); filters
/// read the newest this many per type of the stored ones plus a session's.
inline constexpr size_t kFilterInteractionsPerEventType = 100;

struct RecentInteraction {
  uint32_t item = 0;            ///< catalog index
  std::string_view event_type;  ///< as recorded ("" if the data has no event types); matched ignoring case
  int64_t timestamp = 0;        ///< epoch seconds; newer wins the per-type window, ties by later position
  float weight = -1.0f;         ///< the weight it trained with, if the solution stores it (else < 0)
};

/// What Interactions filters read for `user` from the solution, oldest first, with views into
/// the solution's event type names: the user's most recent interactions per event type, whatever
/// the solution config trained on (Solution.recent_interactions; a format-1.0 file has only the
/// trained history, which stands in). Empty for an unknown user and in edge bundles.
std::vector<RecentInteraction> stored_recent_interactions(const Solution& solution, std::optional<uint32_t> user);

/// The user's latest trained events (UserHistories `histories`: after the solution config's event
/// selection, at most 100), oldest first: what fold-in starts from. Empty for an unknown user or
/// a solution without histories.
std::vector<RecentInteraction> stored_trained_events(const Solution& solution, std::optional<uint32_t> user);

/// True when Interactions filters have something to read: the solution stores users' recent
/// interactions, or it is an edge bundle (whose filters read the session's events). A solution
/// with neither refuses such filters rather than ignore them.
bool serves_interaction_filters(const Solution& solution);

}  // namespace edgerec
