// The auto recipe: popularity-count against a random search over user-personalization's space
// (the number of factors included).
#include "train/auto_recipe.h"

#include <chrono>
#include <cmath>
#include <limits>

#include "edgerec/topk.h"
#include "eval/ranking_metrics.h"
#include "train/popularity_count.h"
#include "train/hyperparameter_search.h"
#include "train/progress.h"
#include "train/training_data.h"
#include "train/user_personalization.h"

namespace edgerec {
namespace {

constexpr size_t kObjectiveK = 25;
constexpr const char* kObjectiveName = "normalized_discounted_cumulative_gain_at_25";

// popularity-count on the validation split: the same ranking for everyone, seen items excluded.
double popularity_objective(const TemporalSplit& split) {
  const TrainingSet& train = split.train;
  const std::vector<uint32_t> counts = count_distinct_users_per_item(train);
  std::vector<float> scores(counts.begin(), counts.end());
  std::vector<ScoredItem> ranked = top_k(scores.data(), scores.size(), scores.size());
  double sum = 0.0;
  size_t users = 0;
  std::vector<bool> seen(train.items, false);
  for (uint32_t u = 0; u < train.users; ++u) {
    if (split.held_out[u].empty()) continue;
    for (uint64_t e = train.user_offsets[u]; e < train.user_offsets[u + 1]; ++e) seen[train.items_seq[e]] = true;
    std::vector<uint32_t> ranking;
    for (const ScoredItem& s : ranked) {
      if (!seen[s.index]) ranking.push_back(s.index);
      if (ranking.size() == kObjectiveK) break;
    }
    for (uint64_t e = train.user_offsets[u]; e < train.user_offsets[u + 1]; ++e) seen[train.items_seq[e]] = false;
    sum += ndcg_at(ranking, split.held_out[u], kObjectiveK);
    ++users;
  }
  return users == 0 ? 0.0 : sum / static_cast<double>(users);
}

}  // namespace

std::vector<HyperparameterSpec> auto_hyperparameters() {
  return {
      {"max_trials", "16", 1, 40, "configurations tried (Personalize's maxNumberOfTrainingJobs is at most 40)"},
      {"time_budget_seconds", "600", 1, 86400, "no new trial starts after this"},
      {"seed", "1", 0, 4294967295.0, "seeds the search"},
      {"validation_fraction", "0.1", 0.01, 0.5, "newest share of each user's events held out for validation"},
  };
}

Result<std::vector<uint8_t>> train_auto(const TrainingInput& input) {
  // The final trainer copies input.started, so its trainingSeconds include this search.
  const auto elapsed = [&] { return input.elapsed_seconds(); };
  EDGEREC_ASSIGN_OR_RETURN(const TrainingSet set, input.training_set());
  const TemporalSplit split = split_newest(set, input.number("validation_fraction"));

  EDGEREC_ASSIGN_OR_RETURN(const Recipe* up, find_recipe("user-personalization"));
  EDGEREC_ASSIGN_OR_RETURN(const auto up_defaults, resolve_hyperparameters(*up, {}));
  const size_t max_trials = static_cast<size_t>(input.number("max_trials"));

  std::vector<SolutionDescription::Trial> trials;
  const double t0 = elapsed();
  trials.push_back({"popularity-count", {}, kObjectiveName, popularity_objective(split), elapsed() - t0});
  TrainingInput up_input = input;
  up_input.hyperparameters = up_defaults;
  SearchOptions search;
  fit_search_to_data(set, search, up_input);
  search.trials = max_trials - 1;
  search.seed = static_cast<uint64_t>(input.number("seed"));
  search.k_objective = kObjectiveK;
  search.search_factors = true;
  Progress progress("auto search", 1 + (max_trials > 1 ? planned_search_fits(search) : 0), "fits");
  progress.update(1);

  SearchOutcome searched;
  if (max_trials > 1) {
    search.time_budget_seconds = std::max(1e-9, input.number("time_budget_seconds") - elapsed());
    search.on_trial = [&](size_t done, size_t) { progress.update(done + 1); };
    EDGEREC_ASSIGN_OR_RETURN(searched, search_user_personalization(split, up_input, search));
    trials.insert(trials.end(), searched.trials.begin(), searched.trials.end());
  }

  TrainingInput final_input = input;
  final_input.trials = trials;
  final_input.solution_config["performAutoML"] = "true";
  if (searched.trials.empty() || !(searched.trials[searched.best].objective > trials[0].objective)) {
    final_input.hyperparameters.clear();
    return train_popularity_count(final_input);
  }
  // Every setting is now fixed by the search: the final fit does not search again.
  final_input.hyperparameters = searched.best_hyperparameters;
  final_input.explicit_hyperparameters.clear();
  for (const auto& [key, value] : final_input.hyperparameters) final_input.explicit_hyperparameters.insert(key);
  return train_user_personalization(final_input);
}

}  // namespace edgerec
