// The interactions a recipe trains on: Personalize's event selection applied (eventType,
// eventValueThreshold, per-type weights), each user's events in time order, and the per-user
// temporal splits used for validation and metrics.
#pragma once

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "edgerec/status.h"
#include "io/interactions_csv.h"
#include "interactions/sparse_matrix.h"

namespace edgerec {

/// Which events train and how much each weighs (Personalize's solution eventType,
/// eventValueThreshold and eventsConfig).
struct EventSelection {
  /// Train on this event type only (Personalize's CreateSolution eventType).
  std::optional<std::string> event_type;
  /// Keep events whose EVENT_VALUE is at least this; events without a value are dropped.
  std::optional<double> event_value_threshold;
  /// Weight per event type in [0, 1] (eventsConfig); types not listed weigh 1, weight 0 drops.
  std::map<std::string, double> weights;
};

/// Events grouped by user (dictionary index from the InteractionsTable), oldest first. Events
/// sharing a timestamp are in a seeded random order (build_training_set): their file order is an
/// artefact no model may learn.
struct TrainingSet {
  uint32_t users = 0;  ///< dictionary sizes of the source table
  uint32_t items = 0;
  std::vector<uint64_t> user_offsets;  ///< users + 1
  std::vector<uint32_t> items_seq;     ///< item per event
  std::vector<int64_t> times;          ///< epoch seconds per event
  std::vector<float> weights;          ///< weight per event
  std::vector<uint16_t> event_types;   ///< event type per event (empty if the data has none)
  std::vector<float> values;           ///< EVENT_VALUE per event, NaN if none (empty if the data has none)

  size_t events() const { return items_seq.size(); }
  /// Appends event `e` of `from` (every per-event field) to the last user's run; the caller
  /// keeps user_offsets.
  void append_event(const TrainingSet& from, uint64_t e);
  size_t user_events(uint32_t u) const { return static_cast<size_t>(user_offsets[u + 1] - user_offsets[u]); }
};

/// Applies `selection` to the table and orders each user's events by time; events sharing a
/// timestamp are shuffled with `tie_seed` (the recipe's seed), so splits hold out at random among
/// them. Errors name an unknown event type or a weight out of [0, 1].
Result<TrainingSet> build_training_set(const InteractionsTable& data, const EventSelection& selection,
                                       uint64_t tie_seed = 0);

/// Per dictionary item: distinct users with an event of the set.
std::vector<uint32_t> count_distinct_users_per_item(const TrainingSet& set);

/// The share of consecutive events of a user with distinct timestamps (event_order.h).
double ordered_fraction(const TrainingSet& set);

/// A split of each user's sequence: the oldest events stay in `train`, the newest are held out.
struct TemporalSplit {
  TrainingSet train;
  std::vector<std::vector<uint32_t>> held_out;  ///< per user, held-out items (may be empty)
};

/// Holds out the newest ceil(fraction * n) events of every user with n >= 2 events (always
/// leaving one for training); among events tied at the boundary, the set's (seeded random) order
/// decides. Users listed in `only_users` (if not empty) are the only ones split.
TemporalSplit split_newest(const TrainingSet& set, double fraction, const std::vector<bool>& only_users = {});

/// Extra weight for a user's latest events, so the collaborative model follows a user's current
/// tastes: an event's weight is multiplied by 1 + boost * 2^(-r / halflife), r the steps back from
/// the user's newest event (event_order.h: 0 for the newest timestamp, tied events alike). boost
/// 0 leaves weights as they are.
struct RecencyWeighting {
  float boost = 0.0f;
  float halflife = 10.0f;  ///< in events
  float factor(size_t rank_from_newest) const {
    return boost == 0.0f ? 1.0f : 1.0f + boost * std::exp2(-static_cast<float>(rank_from_newest) / halflife);
  }
};

/// How much each event counts in the collaborative model: its type weight, times the recency
/// factor, times event_value_factor(EVENT_VALUE) when `by_value` (counts as confidence).
struct ConfidenceWeighting {
  RecencyWeighting recency;
  bool by_value = false;
  /// The weight of event `e` of `set`, `step` steps back from its user's newest.
  float weight(const TrainingSet& set, uint64_t e, uint32_t step) const;
};

/// The user x item matrix of summed event weights (repeated interactions add up), each event
/// weighted by `weighting`.
Result<CsrMatrix> user_item_matrix(const TrainingSet& set, const ConfidenceWeighting& weighting = {});

}  // namespace edgerec
