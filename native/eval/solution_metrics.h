// The metrics a solution version carries, computed at training time the way Personalize does
// (PERSONALIZE.md section 3): users are split 90 / 10 at random; the model is fitted on the 90%;
// each test user's oldest 90% of interactions go in as input and the top 25 it recommends are
// scored against the newest 10% (ranking_metrics.h has the metric definitions).
//
// Recipes plug in a scorer: a model fitted on `fit` that scores every item for one test user from
// that user's input. Items in the input are not recommended (as in tests/eval/evaluate.py), and
// items scored -infinity never are.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "edgerec/status.h"
#include "interactions/training_set.h"

namespace edgerec {

struct PersonalizeSplit {
  /// Test users keep only their input (oldest 90%); everyone else is complete. held_out[u] is
  /// the test user's newest 10% (empty for training users).
  TemporalSplit input;
  /// What the model is fitted on: `input.train` without the test users' events (their rows are
  /// empty, so indices stay those of the full set).
  TrainingSet fit;
  std::vector<uint32_t> test_users;  ///< ascending
};

/// Chooses ceil(test_fraction * eligible) test users (at least 1) among the users with at least
/// 2 events, deterministically for `seed`, and holds out ceil(holdout_fraction * n) of each one's
/// newest events (at least 1, leaving at least 1 as input). No test users if fewer than 2 users
/// are eligible.
PersonalizeSplit personalize_split(const TrainingSet& set, uint64_t seed, double test_fraction = 0.1,
                                   double holdout_fraction = 0.1);

/// Fills `scores` (one per item of the set's dictionary, already sized) for test user `user`,
/// whose input is split.input.train's row `user`.
using UserScorer = std::function<Status(uint32_t user, std::vector<float>& scores)>;

/// Personalize's metrics of the scorer on the split's test users, by Personalize's names
/// (coverage, mean_reciprocal_rank_at_25, normalized_discounted_cumulative_gain_at_5/10/25,
/// precision_at_5/10/25, recall_at_5/10/25), plus popularity_bias_at_25 (share of the top-25
/// recommendations that are among the 1% most popular items of `fit`, at least one item) and
/// metrics_test_users. `catalog_size` counts every item a solution could serve (interactions and
/// Items metadata) for coverage. Empty when there are no test users.
Result<std::map<std::string, double>> solution_metrics(const PersonalizeSplit& split, size_t catalog_size,
                                                       const UserScorer& scorer);

}  // namespace edgerec
