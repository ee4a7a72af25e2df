// Item exploration (Personalize's itemExplorationConfig, User-Personalization only): a campaign
// gives part of each GetRecommendations list to new and not-yet-interacted items, so that they
// gather the interactions the model needs to learn them.
//
// Exploration candidates, fixed when the config is set:
//   - items whose CREATION_TIMESTAMP (a catalog column, when the solution has one) is at most
//     explorationItemAgeCutOff days before the reference time (later ones, too); and
//   - items without a CREATION_TIMESTAMP that no one interacted with in the training data (cold
//     items: their factor vectors come from Items metadata), when the solution has interaction
//     counts (its popularity section).
//   An item older than the cut-off is never a candidate, however few interactions it has.
// Reference time: the newest interaction of the training data (the solution's
// trainingData.maxTimestamp), as Personalize measures item age "since the latest interaction";
// a solution without one uses its newest CREATION_TIMESTAMP. Never the wall clock, so the same
// solution and config give the same lists on every host and every day.
//
// The list (deterministic): of numResults slots, position j (0-based) explores when
// floor((j + 1) * w) > floor(j * w), w = explorationWeight: floor(numResults * w) slots spread
// evenly, the first at position ceil(1 / w) - 1 (w = 0.3: positions 3, 6, 9, ...). Exploration
// slots take the best-scoring candidates for the user (the same logits, or for unknown users
// popularity); the other slots take the model's best items, as without exploration. Each item
// appears once; when one kind runs out, the other fills its slots. Explored items carry the
// reason ["Exploration"] (as User-Personalization-v2) and their usual score, so the list is not
// sorted by score. Filters apply to both kinds. w = 0 (or no config) explores nothing: the exact
// list of a runtime without exploration.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "serve/campaign_config.h"
#include "edgerec/solution.h"
#include "edgerec/status.h"
#include "edgerec/topk.h"

namespace edgerec {

class ItemExploration {
 public:
  /// The candidates of `solution` under `config`. InvalidInput for a solution that is not
  /// USER_PERSONALIZATION (Personalize takes the config for User-Personalization only).
  static Result<std::shared_ptr<const ItemExploration>> build(const Solution& solution,
                                                              const ItemExplorationConfig& config);

  double weight() const { return config_.weight; }
  double age_cut_off_days() const { return config_.age_cut_off_days; }
  /// Epoch seconds items' ages are measured from; 0 if the solution has no time at all.
  int64_t reference_time() const { return reference_time_; }
  /// Per catalog item: 1 for an exploration candidate.
  const std::vector<uint8_t>& candidates() const { return candidates_; }
  size_t candidate_count() const { return candidate_count_; }

  /// Whether list position `slot` (0-based) is an exploration slot.
  bool explores_slot(size_t slot) const;

 private:
  ItemExplorationConfig config_;
  int64_t reference_time_ = 0;
  std::vector<uint8_t> candidates_;
  size_t candidate_count_ = 0;
};

/// One entry of an explored list.
struct ExploredItem {
  ScoredItem item;         ///< catalog index and the score it was chosen by
  bool explored = false;  ///< filled an exploration slot
};

/// The list of `k` items for one user: `scores` (one per catalog item) ranks both the model's
/// picks and the candidates; `allowed` is the request filter's mask (nullptr: every item).
std::vector<ExploredItem> explore_top_k(const ItemExploration& exploration, const float* scores, size_t count,
                                        size_t k, const uint8_t* allowed);

}  // namespace edgerec
