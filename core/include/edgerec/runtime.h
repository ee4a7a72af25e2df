// Runtime: what a campaign serves from one loaded solution version. This is the object behind
// the C ABI (edgerec.h), the JS Runtime class and the CLI's `recommend` command, so all of them
// return the same JSON for the same request.
//
// Live sessions: put_events_json takes Personalize's PutEvents body; the very next
// GetRecommendations / GetPersonalizedRanking for that userId (or sessionId, for an anonymous
// session) reflects the events: the user's vector is folded in again from the stored history
// plus the session's events (fold_in.h, session_signal.h), and Interactions filters see them.
// Sessions live in the Runtime's memory only, bounded (session_store.h).
//
// Campaign config: set_campaign_config_json takes Personalize's campaignConfig (campaign_config.h);
// its itemExplorationConfig makes GetRecommendations explore new and cold items
// (item_exploration.h). A Runtime without one does not explore.
//
// Thread safety: every method may be called concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "edgerec/filter_cache.h"
#include "edgerec/event_weighting.h"
#include "edgerec/fold_in.h"
#include "edgerec/item_exploration.h"
#include "edgerec/recommendation_id.h"
#include "edgerec/session_signal.h"
#include "edgerec/session_store.h"
#include "edgerec/solution.h"
#include "edgerec/status.h"

namespace edgerec {

class Runtime {
 public:
  explicit Runtime(std::shared_ptr<const Solution> solution, SessionLimits session_limits = {});

  static Result<std::unique_ptr<Runtime>> load(const uint8_t* data, size_t size,
                                               const LoadOptions& options = {});

  const Solution& solution() const { return *solution_; }

  /// See RecommendationIdGenerator::add_entropy.
  void add_entropy(const uint8_t* data, size_t size) { ids_.add_entropy(data, size); }

  /// Sets the campaign's config (campaign_config.h), replacing any earlier one; meant to be called
  /// once after load. InvalidInput for a malformed config, out-of-range values, or an
  /// itemExplorationConfig on a solution that is not User-Personalization; the earlier config
  /// stays then.
  Status set_campaign_config_json(std::string_view config_json);

  /// The exploration requests are served with, or null (no config, or explorationWeight 0).
  std::shared_ptr<const ItemExploration> exploration() const;

  /// GetRecommendations: request JSON in, response JSON out (Personalize's shapes). Request
  /// fields: userId, itemId, numResults, filterExpression, filterValues, metadataColumns
  /// (recommend.h).
  Result<std::string> get_recommendations_json(std::string_view request_json);

  /// GetPersonalizedRanking: request JSON in ({"userId","inputList"}, optionally
  /// filterExpression, filterValues and metadataColumns), response JSON out.
  Result<std::string> get_personalized_ranking_json(std::string_view request_json);

  /// PutEvents (put_events_request.h): adds the events to the session of the request's userId,
  /// or of its sessionId when there is none. Events on items the solution does not know are
  /// accepted and not kept. Response: {"eventsAccepted":n,"eventsForModel":m}, m counting the
  /// events on known items that the model uses (after the solution config's event selection).
  Result<std::string> put_events_json(std::string_view request_json);

  /// Forgets the session of `key` (a userId or sessionId); false if there was none.
  bool clear_session(std::string_view key) { return sessions_.clear(key); }

  const SessionStore& sessions() const { return sessions_; }

  /// The solution version's metadata (recipe, hyperparameters, training data, metrics, sizes).
  std::string describe_json() const;

 private:
  std::shared_ptr<const Solution> solution_;
  RecommendationIdGenerator ids_;
  FilterCache filters_;  // each distinct filterExpression is parsed once
  EventWeighting weighting_;
  SessionStore sessions_;
  // Built on the first request that needs it (O(items k^2)); null without a factor model.
  std::once_flag fold_in_once_;
  std::unique_ptr<const FoldIn> fold_in_;
  Status fold_in_status_;
  mutable std::mutex exploration_mutex_;
  std::shared_ptr<const ItemExploration> exploration_;  // guarded by exploration_mutex_

  Result<const FoldIn*> fold_in();
  /// The live session of `key` as the model and filters see it, or null without one.
  Result<std::shared_ptr<const SessionSignal>> session_signal(const std::optional<std::string>& key);
};

}  // namespace edgerec
