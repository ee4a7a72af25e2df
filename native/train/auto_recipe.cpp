// The auto recipe: random search over user-personalization's space, against popularity-count.
#include "train/auto_recipe.h"

#include <chrono>
#include <cmath>
#include <limits>

#include "edgerec/topk.h"
#include "eval/ranking_metrics.h"
#include "train/popularity_count.h"
#include "train/progress.h"
#include "train/training_data.h"
#include "train/user_personalization.h"

namespace edgerec {
namespace {

constexpr size_t kObjectiveK = 25;
constexpr const char* kObjectiveName = "normalized_discounted_cumulative_gain_at_25";

// A small deterministic generator (std:: distributions differ between standard libraries).
class SplitMix {
 public:
  explicit SplitMix(uint64_t seed) : state_(seed) {}
  double uniform() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
  }
  double log_uniform(double lo, double hi) { return std::exp(std::log(lo) + uniform() * (std::log(hi) - std::log(lo))); }
  template <typename T>
  T pick(const std::vector<T>& options) {
    return options[static_cast<size_t>(uniform() * static_cast<double>(options.size())) % options.size()];
  }

 private:
  uint64_t state_;
};

std::string format(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.4g", v);
  return buf;
}

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

// The user-personalization settings of trial `t`: the defaults first, then random draws.
std::map<std::string, std::string> draw_configuration(size_t t, SplitMix& rng,
                                                      const std::map<std::string, std::string>& defaults) {
  std::map<std::string, std::string> hp = defaults;
  if (t == 0) return hp;
  hp["factors"] = std::to_string(rng.pick<int>({32, 64, 128}));
  hp["regularization"] = format(rng.log_uniform(0.001, 0.3));
  hp["regularization_exponent"] = format(rng.pick<double>({0.0, 0.5, 1.0}));
  hp["unobserved_weight"] = format(rng.log_uniform(0.01, 1.0));
  hp["alpha"] = format(rng.log_uniform(0.3, 10.0));
  hp["transition_window"] = std::to_string(rng.pick<int>({1, 2, 3, 5}));
  hp["transition_popularity_discount"] = format(rng.pick<double>({0.0, 0.25, 0.5, 0.75}));
  return hp;
}

}  // namespace

std::vector<HyperparameterSpec> auto_hyperparameters() {
  return {
      {"max_trials", "12", 1, 40, "configurations tried (Personalize's maxNumberOfTrainingJobs is at most 40)"},
      {"time_budget_seconds", "600", 1, 86400, "no new trial starts after this"},
      {"seed", "1", 0, 4294967295.0, "seeds the search"},
      {"validation_fraction", "0.1", 0.01, 0.5, "newest share of each user's events held out for validation"},
  };
}

Result<std::vector<uint8_t>> train_auto(const TrainingInput& input) {
  const auto started = std::chrono::steady_clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
  EDGEREC_ASSIGN_OR_RETURN(const TrainingSet set, build_training_set(*input.interactions, input.events));
  std::vector<uint32_t> per_user(set.users);
  for (uint32_t u = 0; u < set.users; ++u) per_user[u] = static_cast<uint32_t>(set.user_events(u));
  EDGEREC_RETURN_IF_ERROR(check_minimum_events(per_user, "after eventType / eventValueThreshold / weight filtering"));
  const TemporalSplit split = split_newest(set, input.number("validation_fraction"));

  EDGEREC_ASSIGN_OR_RETURN(const Recipe* up, find_recipe("user-personalization"));
  EDGEREC_ASSIGN_OR_RETURN(const auto up_defaults, resolve_hyperparameters(*up, {}));
  const size_t max_trials = static_cast<size_t>(input.number("max_trials"));
  const double budget = input.number("time_budget_seconds");
  SplitMix rng(static_cast<uint64_t>(input.number("seed")) * 0x2545F4914F6CDD1Dull + 7);

  std::vector<SolutionDescription::Trial> trials;
  const double t0 = elapsed();
  trials.push_back({"popularity-count", {}, kObjectiveName, popularity_objective(split), elapsed() - t0});
  size_t best = 0;
  std::map<std::string, std::string> best_hyperparameters;
  Progress progress("auto search", max_trials, "trials");
  progress.update(1);
  for (size_t t = 0; t + 1 < max_trials && elapsed() < budget; ++t) {
    TrainingInput trial_input = input;
    trial_input.hyperparameters = draw_configuration(t, rng, up_defaults);
    trial_input.show_progress = false;  // the search reports per trial instead
    const double trial_start = elapsed();
    EDGEREC_ASSIGN_OR_RETURN(const BlendChoice blend, validate_blend(split, trial_input, kObjectiveK));
    // The blend found here is fixed for the final fit, so it is not searched again.
    trial_input.hyperparameters["sequence_weight"] = format(blend.weight);
    trial_input.hyperparameters["sequence_decay"] = format(blend.decay);
    trials.push_back({"user-personalization", trial_input.hyperparameters, kObjectiveName, blend.validation_ndcg,
                      elapsed() - trial_start});
    progress.update(trials.size());
    if (blend.validation_ndcg > trials[best].objective) {
      best = trials.size() - 1;
      best_hyperparameters = trial_input.hyperparameters;
    }
  }

  TrainingInput final_input = input;
  final_input.trials = trials;
  if (trials[best].recipe == "popularity-count") {
    final_input.hyperparameters.clear();
    return train_popularity_count(final_input);
  }
  final_input.hyperparameters = best_hyperparameters;
  return train_user_personalization(final_input);
}

}  // namespace edgerec
