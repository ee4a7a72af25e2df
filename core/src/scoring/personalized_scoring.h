// Scoring items for one user with a user-personalization model: the user's signal (factor
// vector and recent events) turned into one logit per catalog item.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "edgerec/solution.h"
#include "edgerec/topk.h"
#include "scoring/interleaved_item_factors.h"

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

/// personalized_logits for `count` signals at once (batch inference): logits[s] gets exactly what
/// personalized_logits gives signals[s], with the factor part of the signals that have a vector
/// scored together over `interleaved` (multi_user_scoring.h; nullptr: one at a time).
void personalized_logits_for_users(const Solution& solution, const UserSignal* const* signals, size_t count,
                                   std::vector<float>* const* logits, const InterleavedItemFactors* interleaved);

/// Whether top_k_logits serves `signal`: the solution has a factor model and the signal a vector.
bool top_k_logits_applies(const Solution& solution, const UserSignal& signal);

/**
 * The k best catalog items by personalized logit among those with allowed[i] != 0 (all when
 * `allowed` is null), each with its logit as score: exactly personalized_logits followed by
 * top_k (same items, same order, same bits), without computing every logit. An item the
 * sequence part does not reach has its factor score as logit, so the fused factor top-k
 * (top_k_items, over the packed copy where the CPU has one) finds the best of those; the
 * items it reaches (up to history_length steps' successors: about a thousand by default) get
 * their exact logit (factor score, then the same additions in the same order) and compete with
 * them. When it reaches more than a sixteenth of the catalog, every logit is computed instead
 * (the same result, no faster). Requires top_k_logits_applies.
 */
std::vector<ScoredItem> top_k_logits(const Solution& solution, const UserSignal& signal, size_t k,
                                     const uint8_t* allowed = nullptr);

/// What the softmax over a set of logits divides by: its largest logit and sum_i exp(logit_i -
/// max), summed in the order softmax_scores sums. Scoring one logit needs nothing else, so a
/// signal's normaliser, once known, serves any number of requests (serve/softmax_normalizers.h).
struct SoftmaxNormalizer {
  float max_logit = 0.0f;
  double sum = 0.0;
};

/// The normaliser of `all_logits` (not empty): a pass over every logit.
SoftmaxNormalizer softmax_normalizer(const std::vector<float>& all_logits);

/// Personalize's score of one logit under `normalizer`: exp(logit - max) / sum, the bits
/// softmax_scores gives it.
float softmax_score(const SoftmaxNormalizer& normalizer, float logit);

/// Turns selected items' logits into Personalize's scores: a softmax over `all_logits` (the
/// whole catalog, or the ranked input list), so scores lie in [0, 1] and sum to 1 over it.
void softmax_scores(const std::vector<float>& all_logits, std::vector<ScoredItem>& selected);

}  // namespace edgerec
