// Scoring items for one user with a user-personalization model: the user's signal (factor
// vector and recent events) turned into one logit per catalog item.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "edgerec/solution.h"
#include "edgerec/topk.h"

namespace edgerec {

/// What is known about a user at request time.
struct UserSignal {
  const float* factors = nullptr;     ///< the user's factor vector, or nullptr if none
  std::vector<uint32_t> recent_items;  ///< catalog indices, oldest first
  /// Epoch seconds per recent item (empty: each item is its own step): tied items are one step of
  /// the sequence part (event_order.h).
  std::vector<int64_t> recent_times;
  bool empty() const { return factors == nullptr && recent_items.empty(); }
};

/// The signal the solution stores for known user `user` (its factors and history); an empty
/// signal for an unknown user.
UserSignal stored_user_signal(const Solution& solution, std::optional<uint32_t> user);

/// One logit per catalog item for `signal`. The signal must not be empty.
void personalized_logits(const Solution& solution, const UserSignal& signal, std::vector<float>& logits);

/// Turns selected items' logits into Personalize's scores: a softmax over `all_logits` (the
/// whole catalog, or the ranked input list), so scores lie in [0, 1] and sum to 1 over it.
void softmax_scores(const std::vector<float>& all_logits, std::vector<ScoredItem>& selected);

}  // namespace edgerec
