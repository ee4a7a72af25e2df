// Random search over user-personalization's settings on a validation split.
#include "train/hyperparameter_search.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cmath>
#include <cstdio>

namespace edgerec {
namespace {

// One searched setting: how a trial draws it.
struct Dimension {
  const char* name;
  enum Kind { kLogUniform, kChoice } kind;
  double lo = 0.0, hi = 0.0;       // kLogUniform
  std::vector<double> choices;     // kChoice
  bool sequence = false;           // a setting of the sequence part only: no refit of the factors
  bool reads_order = false;        // a collaborative setting that reads event order (recency)
};

// Sequence settings tried per collaborative fit: the sequence part is cheap to rebuild, the
// factor model is not, so each fit is scored with several of them.
constexpr size_t kSequenceDrawsPerFit = 4;

// The ranges follow Rendle et al. 2021 (regularisation and unobserved weight over orders of
// magnitude, frequency-scaled regularisation on or off) and cover the transition part's window
// and popularity discount. Each range contains the recipe's default.
const std::vector<Dimension>& dimensions() {
  static const std::vector<Dimension> dims = {
      {"regularization", Dimension::kLogUniform, 0.001, 0.3, {}},
      {"regularization_exponent", Dimension::kChoice, 0, 0, {0.0, 0.5, 1.0}},
      {"unobserved_weight", Dimension::kLogUniform, 0.01, 1.0, {}},
      {"alpha", Dimension::kLogUniform, 0.3, 10.0, {}},
      {"recency_boost", Dimension::kChoice, 0, 0, {0.0, 1.0, 3.0, 10.0}, false, true},
      {"recency_halflife", Dimension::kChoice, 0, 0, {5.0, 20.0, 50.0}, false, true},
      {"transition_window", Dimension::kChoice, 0, 0, {1, 2, 3, 5, 10}, true},
      {"transition_lag_decay", Dimension::kChoice, 0, 0, {0.5, 0.8, 1.0}, true},
      {"transition_popularity_discount", Dimension::kChoice, 0, 0, {0.0, 0.25, 0.5, 0.75}, true},
      {"transition_backward_weight", Dimension::kChoice, 0, 0, {0.0, 0.5, 1.0}, true},
      {"transition_tie_weight", Dimension::kChoice, 0, 0, {0.0, 0.5, 1.0}, true},
      {"history_length", Dimension::kChoice, 0, 0, {5, 10, 20, 50}, true},
  };
  return dims;
}

const Dimension kFactors = {"factors", Dimension::kChoice, 0, 0, {32, 64, 128}};
const Dimension kValueWeighting = {"event_value_weighting", Dimension::kChoice, 0, 0, {0, 1}};

// The dimensions `options` draws, in draw order.
std::vector<const Dimension*> drawn_dimensions(const SearchOptions& options) {
  std::vector<const Dimension*> drawn;
  if (options.search_factors && options.fixed.count(kFactors.name) == 0) drawn.push_back(&kFactors);
  for (const Dimension& d : dimensions()) {
    const bool reads_order = d.sequence || d.reads_order;
    if (options.fixed.count(d.name) == 0 && (options.search_sequence || !reads_order)) drawn.push_back(&d);
  }
  if (options.search_value_weighting && options.fixed.count(kValueWeighting.name) == 0) drawn.push_back(&kValueWeighting);
  return drawn;
}

}  // namespace

std::string format_hyperparameter(double value) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.4g", value);
  return buf;
}

size_t planned_search_fits(const SearchOptions& options) {
  const std::vector<const Dimension*> drawn = drawn_dimensions(options);
  const bool any_factor = std::any_of(drawn.begin(), drawn.end(), [](const Dimension* d) { return !d->sequence; });
  const bool any_sequence = std::any_of(drawn.begin(), drawn.end(), [](const Dimension* d) { return d->sequence; });
  if (drawn.empty()) return 1;
  if (!any_factor) return 1;
  return std::max<size_t>(1, options.trials) * (any_sequence ? 1 : kSequenceDrawsPerFit);
}

std::vector<std::string> searched_hyperparameters(const SearchOptions& options) {
  std::vector<std::string> names;
  for (const Dimension* d : drawn_dimensions(options)) names.push_back(d->name);
  return names;
}

Result<SearchOutcome> search_user_personalization(const TemporalSplit& split, const TrainingInput& input,
                                                  const SearchOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
  const std::string objective = "normalized_discounted_cumulative_gain_at_" + std::to_string(options.k_objective);
  const std::vector<const Dimension*> drawn = drawn_dimensions(options);
  std::vector<const Dimension*> factor_dims, sequence_dims;
  for (const Dimension* d : drawn) (d->sequence ? sequence_dims : factor_dims).push_back(d);
  // Nothing to draw: one fit is all the search can learn. Without sequence settings each fit is
  // scored once, so the same number of configurations (and about the same time) allows
  // kSequenceDrawsPerFit times the fits.
  const size_t sequence_draws = sequence_dims.empty() ? 1 : kSequenceDrawsPerFit;
  const size_t fits = planned_search_fits(options);

  SplitMix rng(options.seed * 0x2545F4914F6CDD1Dull + 7);
  const auto draw = [&](const std::vector<const Dimension*>& dims, std::map<std::string, std::string>& hp) {
    for (const Dimension* d : dims) {
      const double v = d->kind == Dimension::kLogUniform ? rng.log_uniform(d->lo, d->hi)
                                                         : d->choices[rng.index(d->choices.size())];
      hp[d->name] = format_hyperparameter(v);
    }
  };
  // Near the best so far: a log-uniform setting moves by up to 3x either way, a choice changes
  // half of the time. iALS's objective is narrow in regularisation and unobserved weight (a
  // factor of 3 can cost a fifth of NDCG), so random draws alone rarely land on the top.
  const auto refine = [&](std::map<std::string, std::string>& hp) {
    for (const Dimension* d : factor_dims) {
      const double best = std::strtod(hp.at(d->name).c_str(), nullptr);
      double v = best;
      if (d->kind == Dimension::kLogUniform) {
        v = std::clamp(best * std::exp((2.0 * rng.uniform() - 1.0) * std::log(3.0)), d->lo, d->hi);
      } else if (rng.uniform() < 0.5) {
        v = d->choices[rng.index(d->choices.size())];
      }
      hp[d->name] = format_hyperparameter(v);
    }
  };
  // The first half of the fits explores the whole space, the second refines the best.
  const size_t explore = (fits + 1) / 2;
  SearchOutcome out;
  out.best_blend.validation_ndcg = -1.0;
  for (size_t t = 0; t < fits; ++t) {
    if (t > 0 && options.time_budget_seconds > 0 && elapsed() >= options.time_budget_seconds) break;
    TrainingInput trial = input;
    trial.show_progress = false;  // the search reports per fit instead
    if (t >= explore && t > 1) {
      for (const Dimension* d : factor_dims) trial.hyperparameters[d->name] = out.best_hyperparameters.at(d->name);
      refine(trial.hyperparameters);
    } else if (t > 0) {
      draw(factor_dims, trial.hyperparameters);
    }
    const double fit_start = elapsed();
    EDGEREC_ASSIGN_OR_RETURN(const IalsModel model, fit_validation_model(split, trial));
    for (size_t q = 0; q < sequence_draws; ++q) {
      // The first sequence setting is the given one (first fit) or the best so far; then draws.
      if (q == 0 && t > 0) {
        for (const Dimension* d : sequence_dims) trial.hyperparameters[d->name] = out.best_hyperparameters.at(d->name);
      } else if (q > 0) {
        draw(sequence_dims, trial.hyperparameters);
      }
      trial.hyperparameters["sequence_weight"] = input.hyperparameters.at("sequence_weight");
      trial.hyperparameters["sequence_decay"] = input.hyperparameters.at("sequence_decay");
      const double start = q == 0 ? fit_start : elapsed();
      const BlendChoice blend = validate_sequence_part(split, model, trial, options.k_objective);
      // The blend found here is kept for the final fit, so it is not searched again there.
      trial.hyperparameters["sequence_weight"] = format_hyperparameter(blend.weight);
      trial.hyperparameters["sequence_decay"] = format_hyperparameter(blend.decay);
      out.trials.push_back({options.recipe, trial.hyperparameters, objective, blend.validation_ndcg,
                            elapsed() - start});
      if (blend.validation_ndcg > out.best_blend.validation_ndcg) {
        out.best = out.trials.size() - 1;
        out.best_hyperparameters = trial.hyperparameters;
        out.best_blend = blend;
      }
    }
    if (options.on_trial) options.on_trial(t + 1, fits);
  }
  return out;
}

}  // namespace edgerec
