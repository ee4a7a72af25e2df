// Hyperparameter search for the factor recipes (Personalize's HPO): random search over
// user-personalization's key settings for the first half of the fits, then a local search around
// the best so far, each configuration fitted on the training part of a validation split and
// scored by NDCG@k on each user's held-out newest events (at random among tied ones).
//
// Used twice: user-personalization tunes the settings the user did not fix (Rendle et al. 2021
// show that untuned iALS loses to every baseline, and the best regularisation / unobserved weight
// differ by orders of magnitude between data sets, so fixed defaults cannot serve all data); the
// auto recipe also searches the number of factors and compares against popularity-count.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "edgerec/status.h"
#include "train/recipe.h"
#include "interactions/split_mix.h"
#include "interactions/training_set.h"
#include "train/user_personalization.h"

namespace edgerec {

/// Shortest decimal form used for drawn values (what the solution version records).
std::string format_hyperparameter(double value);

struct SearchOptions {
  std::string recipe = "user-personalization";  ///< recorded in each trial
  /// Collaborative-model fits, the first with the given settings. Each fit is scored with
  /// several settings of the sequence part (the given or best so far, then random draws), and
  /// every combination is a recorded trial.
  size_t trials = 1;
  double time_budget_seconds = 0;  ///< no new trial starts after this (0: no limit)
  uint64_t seed = 1;
  size_t k_objective = 25;         ///< NDCG cut-off of the objective
  bool search_factors = false;     ///< also draw the number of latent factors
  /// Also draw event_value_weighting (the data has EVENT_VALUEs: counts may be confidence).
  bool search_value_weighting = false;
  /// Draw the sequence part's settings; off when the data has no event order (the part is off).
  bool search_sequence = true;
  /// Settings never drawn (given explicitly by the user): they keep their value in every trial.
  std::set<std::string> fixed;
  /// Called after each trial with (trials done, trials planned).
  std::function<void(size_t, size_t)> on_trial;
};

struct SearchOutcome {
  std::vector<SolutionDescription::Trial> trials;  ///< every configuration tried, in order
  size_t best = 0;                                 ///< index into trials
  /// The best configuration, with the validated blend (sequence_weight / sequence_decay) fixed.
  std::map<std::string, std::string> best_hyperparameters;
  BlendChoice best_blend;
};

/// How many collaborative fits the search makes: options.trials, times the sequence settings
/// each fit would have been scored with when the sequence part is not searched (so the search
/// scores as many configurations); 1 when there is nothing to draw.
size_t planned_search_fits(const SearchOptions& options);

/// The settings the search draws (those not in options.fixed), in draw order.
std::vector<std::string> searched_hyperparameters(const SearchOptions& options);

/// Runs the search on `split`, starting from input.hyperparameters (trial 0 uses them as given).
Result<SearchOutcome> search_user_personalization(const TemporalSplit& split, const TrainingInput& input,
                                                  const SearchOptions& options);

}  // namespace edgerec
