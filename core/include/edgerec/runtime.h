// Runtime: what a campaign serves from one loaded solution version. This is the object behind
// the C ABI (edgerec.h), the JS Runtime class and the CLI's `recommend` command, so all of them
// return the same JSON for the same request.
//
// Live sessions: put_events_json takes Personalize's PutEvents body; the very next
// GetRecommendations / GetPersonalizedRanking for that userId (or sessionId, for an anonymous
// session) reflects the events: the user's vector is folded in again from the stored history
// plus the session's events (core/src/scoring/fold_in.h, core/src/session/session_signal.h), and Interactions filters see them.
// Sessions live in the Runtime's memory only, bounded (SessionLimits, edgerec/limits.h).
//
// Campaign config: set_campaign_config_json takes Personalize's campaignConfig (core/src/serve/campaign_config.h);
// its itemExplorationConfig makes GetRecommendations explore new and cold items
// (core/src/serve/item_exploration.h). A Runtime without one does not explore.
//
// Thread safety: every method may be called concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edgerec/limits.h"
#include "edgerec/solution.h"
#include "edgerec/status.h"

namespace edgerec {

class ItemExploration;  // core/src/serve/item_exploration.h

class Runtime {
 public:
  explicit Runtime(std::shared_ptr<const Solution> solution, SessionLimits session_limits = {});
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  static Result<std::unique_ptr<Runtime>> load(const uint8_t* data, size_t size,
                                               const LoadOptions& options = {});

  /// Checks a filter expression's syntax and Personalize's rules that need no solution (length,
  /// fields per expression, $PARAM use), as CreateFilter does: InvalidInput "filter: position N:
  /// ..." otherwise. Whether its fields exist is known only against a solution (per request).
  static Status check_filter_expression(std::string_view expression);

  const Solution& solution() const;

  /// Mixes caller entropy into the recommendationId generator (ids are reproducible without).
  void add_entropy(const uint8_t* data, size_t size);
  /// Names where this runtime's recommendationIds come from (a server: the campaign's name):
  /// they start "RID-" + recommendation_id_prefix_tag(source) + "-" from then on, so events
  /// carrying one can be attributed to it. Call before serving, like add_entropy.
  void set_recommendation_source(std::string_view source);
  /// The 8 hex digits that ids from `source` start with after "RID-".
  static std::string recommendation_id_prefix_tag(std::string_view source);

  /// Sets the campaign's config (Personalize's campaignConfig), replacing any earlier one; meant
  /// to be called once after load. InvalidInput for a malformed config, out-of-range values, or
  /// an itemExplorationConfig on a solution that is not User-Personalization; the earlier config
  /// stays then.
  Status set_campaign_config_json(std::string_view config_json);

  /// The exploration requests are served with, or null (no config, or explorationWeight 0).
  /// The type is the core's own (for its tests); embedders only compare it with null.
  std::shared_ptr<const ItemExploration> exploration() const;

  /// GetRecommendations: request JSON in, response JSON out (Personalize's shapes). Request
  /// fields: userId, itemId, numResults, filterExpression, filterValues, metadataColumns.
  Result<std::string> get_recommendations_json(std::string_view request_json);

  /// GetRecommendations for many requests at once (a batch inference job's lines): out[i] is
  /// what get_recommendations_json(requests[i]) returns, the same items and score bits, but the
  /// known users of a User-Personalization solution are scored several at a time over the
  /// catalog (core/src/scoring/multi_user_scoring.h), faster per user. Only the
  /// recommendationIds are drawn in another order. A live session that begins while the call
  /// runs may be missed by that user's request (it then answers as just before the session).
  std::vector<Result<std::string>> get_recommendations_json_many(const std::vector<std::string_view>& requests);

  /// GetPersonalizedRanking: request JSON in ({"userId","inputList"}, optionally
  /// filterExpression, filterValues and metadataColumns), response JSON out.
  Result<std::string> get_personalized_ranking_json(std::string_view request_json);

  /// A batch segment (Personalize's CreateBatchSegmentJob query): {"itemId"} or
  /// {"itemAttributes"}, optionally numResults, in; {"usersList":[...]} out, the users most likely
  /// to interact with the item or with items that have the attributes (core/src/serve/user_segment.h).
  Result<std::string> get_user_segment_json(std::string_view request_json) const;

  /// PutEvents: adds the events to the session of the request's userId, or of its sessionId
  /// when there is none. Events on items the solution does not know are accepted and not kept.
  /// Response: {"eventsAccepted":n,"eventsForModel":m}, m counting the events on known items
  /// that the model uses (after the solution config's event selection).
  Result<std::string> put_events_json(std::string_view request_json);

  /// Forgets the session of `key` (a userId or sessionId); false if there was none.
  bool clear_session(std::string_view key);

  /// How many live sessions the runtime holds.
  size_t live_sessions() const;

  /// Takes over `previous`'s live sessions, for a switch to another solution version of the same
  /// campaign (a server's campaign swap, a device's new edge bundle): each session's events whose
  /// sentAt is after the newest interaction this version was trained on (older ones, the model
  /// has seen; all of them if both versions were trained on the same data), on items this
  /// version knows, matched by itemId. Least recently used first, so the
  /// same sessions stay within this runtime's bounds. Returns how many sessions were carried.
  size_t adopt_sessions(const Runtime& previous);

  /// The solution version's metadata (recipe, hyperparameters, training data, metrics, sizes).
  std::string describe_json() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace edgerec
