// A session's contribution to a request (see session_signal.h).
#include "session/session_signal.h"

#include <cmath>

namespace edgerec {

Result<std::shared_ptr<const SessionSignal>> build_session_signal(const Solution& solution, const FoldIn* fold_in,
                                                                  const EventWeighting& weighting,
                                                                  std::optional<uint32_t> user,
                                                                  std::shared_ptr<const SessionEvents> events) {
  auto s = std::make_shared<SessionSignal>();
  s->events = std::move(events);
  s->interactions = stored_recent_interactions(solution, user);
  std::vector<FoldInEvent> observations;
  std::vector<uint32_t> session_items;
  for (const RecentInteraction& r : stored_trained_events(solution, user)) {
    observations.push_back({r.item, r.weight >= 0.0f ? r.weight : weighting.stored_weight(r.event_type), r.timestamp});
  }
  std::vector<int64_t> session_times;
  for (const SessionEvent& e : *s->events) {
    const int64_t second = static_cast<int64_t>(std::floor(e.sent_at));
    s->interactions.push_back({e.item, e.event_type, second});
    const float w = weighting.weight(e.event_type, e.value);
    if (w <= 0.0f) continue;
    observations.push_back({e.item, w, second});
    session_items.push_back(e.item);
    session_times.push_back(second);
  }
  if (session_items.empty()) return std::shared_ptr<const SessionSignal>(std::move(s));
  s->changes_model = true;
  s->user = stored_user_signal(solution, user);
  // Times go along while every item has one (the stored history keeps them when it has any).
  const bool timed = s->user.recent_times.size() == s->user.recent_items.size();
  s->user.recent_items.insert(s->user.recent_items.end(), session_items.begin(), session_items.end());
  if (timed) s->user.recent_times.insert(s->user.recent_times.end(), session_times.begin(), session_times.end());
  else s->user.recent_times.clear();
  if (fold_in != nullptr) {
    EDGEREC_ASSIGN_OR_RETURN(const bool solved, fold_in->solve(observations, s->factors));
    if (solved) s->user.factors = s->factors.data();
  }
  return std::shared_ptr<const SessionSignal>(std::move(s));
}

}  // namespace edgerec
