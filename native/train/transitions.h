// Item-to-item transitions: for every item, the items users went on to interact with next,
// the sequence-aware part of user-personalization (see SequenceModel in schemas/solution.fbs).
#pragma once

#include <cstdint>
#include <vector>

#include "interactions/training_set.h"

namespace edgerec {

/// Steps, here, are the runs of a user's events that share a timestamp (event_order.h): for
/// ordered data each event is a step; tied events are one step, never each other's transitions,
/// and share their step's weight.
struct TransitionOptions {
  uint32_t window = 3;            ///< look this many steps ahead of each event
  float lag_decay = 0.5f;         ///< weight of the events d steps ahead: lag_decay^(d-1)
  float popularity_discount = 0.5f;  ///< divide by (successor's count)^discount, as SIMS discounts
  uint32_t max_successors = 100;  ///< kept per item, the highest scores
  /// Weight of the events before an item relative to those after it (0: successors only).
  float backward_weight = 0.0f;
  /// Weight of the events tied with an item (its own step), relative to the next step's: items
  /// rated or bought in one go, whose order is unknown, count as each other's transitions in
  /// both directions alike, so the table does not depend on their order. 0: ordered pairs only.
  float tie_weight = 0.0f;
};

/// A step holding more tied events than this pairs each with this many others (the next ones in
/// the step's seeded order, cyclically), so one bulk import of a user costs O(events), not O(n^2).
inline constexpr uint32_t kMaxTiedPartners = 32;

/// Successor lists by item (dictionary index), CSR: item j's are [offsets[j], offsets[j+1]).
/// Scores of each item's list are normalised to sum to 1 before the discount.
struct TransitionTable {
  std::vector<uint32_t> offsets;
  std::vector<uint32_t> next;
  std::vector<float> scores;
};

TransitionTable build_transitions(const TrainingSet& set, const TransitionOptions& options);

}  // namespace edgerec
