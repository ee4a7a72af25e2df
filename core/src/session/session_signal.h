// What a live session contributes to a request: the user's signal for personalized scoring
// (personalized_scoring.h) and the recent interactions Interactions filters read
// (recent_interactions.h), derived from the solution's stored data for the user (if any) plus
// the session's events. Built once per change of the session's events (SessionStore caches it).
//
//  - factors: folded in (fold_in.h) from the user's stored history (when the solution knows the
//    user and keeps histories) followed by the session's events, each weighted by the solution
//    config (event_weighting.h). On an edge bundle only the session's events exist.
//  - recent items of the sequence part: the stored history followed by the session's events.
//  - filters: the stored recent interactions (recent_interactions.h: whatever the solution config
//    trained on) followed by every session event.
// Session events the model does not use (another event type selected, weight 0, value below the
// threshold) change only what filters see.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "edgerec/event_weighting.h"
#include "scoring/fold_in.h"
#include "scoring/personalized_scoring.h"
#include "edgerec/recent_interactions.h"
#include "session/session_store.h"
#include "edgerec/solution.h"
#include "edgerec/status.h"

namespace edgerec {

struct SessionSignal {
  SessionSignal() = default;
  SessionSignal(const SessionSignal&) = delete;  // `user` points into `factors`
  SessionSignal& operator=(const SessionSignal&) = delete;

  std::shared_ptr<const SessionEvents> events;  ///< keeps the event types `interactions` views alive
  /// True when some session event is used by the model: `user` replaces the stored signal.
  /// False: the model sees exactly what it would without the session.
  bool changes_model = false;
  std::vector<float> factors;  ///< the folded-in vector (empty: none)
  UserSignal user;             ///< factors (into `factors`, or the stored vector) and recent items
  std::vector<RecentInteraction> interactions;
};

/// The signal for `user` (its index in the solution, if known) with session `events`.
/// `fold_in` is null when the solution has no factor model.
Result<std::shared_ptr<const SessionSignal>> build_session_signal(const Solution& solution, const FoldIn* fold_in,
                                                                  const EventWeighting& weighting,
                                                                  std::optional<uint32_t> user,
                                                                  std::shared_ptr<const SessionEvents> events);

}  // namespace edgerec
