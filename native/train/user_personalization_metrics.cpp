// Personalize's solution metrics for user-personalization / personalized-ranking: the model with
// the chosen settings refitted on 90% of the users; each test user's vector folded in from their
// input (the exact iALS row solve the core runs on the device), plus the sequence part over the
// input's latest events, blended as served.
#include <cmath>

#include "edgerec/als_solver.h"
#include "edgerec/event_order.h"
#include "eval/solution_metrics.h"
#include "train/ials.h"
#include "train/transitions.h"
#include "train/user_personalization.h"

namespace edgerec {

Result<std::map<std::string, double>> user_personalization_metrics(const TrainingSet& set, const TrainingInput& input,
                                                                   const BlendChoice& blend, size_t catalog_size,
                                                                   const FactorFit& fit) {
  const PersonalizeSplit split = personalize_split(set, static_cast<uint64_t>(input.number("seed")));
  if (split.test_users.empty()) return std::map<std::string, double>{};
  const ConfidenceWeighting weighting = confidence_weighting(input);
  const IalsOptions options = ials_options(input);
  IalsModel model;
  if (fit) {
    EDGEREC_ASSIGN_OR_RETURN(model, fit(split.fit));
  } else {
    EDGEREC_ASSIGN_OR_RETURN(const CsrMatrix matrix, user_item_matrix(split.fit, weighting));
    EDGEREC_ASSIGN_OR_RETURN(model, train_ials(matrix, options));
  }
  const TransitionTable transitions = build_transitions(split.fit, transition_options(input));
  const uint32_t k = model.factors;
  const uint32_t history_length = static_cast<uint32_t>(input.number("history_length"));

  std::vector<double> gram(static_cast<size_t>(k) * k, 0.0);
  add_gramian(model.item_factors.data(), model.items, k, k, gram.data());
  std::vector<float> gramian(gram.size());
  for (size_t i = 0; i < gram.size(); ++i) gramian[i] = static_cast<float>(gram[i] * options.unobserved_weight);
  const AlsFixedSide items{model.item_factors.data(), model.items, k, k, gramian.data(), options.unobserved_weight};
  AlsSolveOptions solve;
  solve.method = AlsSolveMethod::kCholesky;
  AlsWorkspace workspace;
  std::vector<float> x(k), weight_of(set.items, 0.0f), sequence(set.items), confidences;
  std::vector<uint32_t> observed;
  const TrainingSet& in = split.input.train;

  const UserScorer scorer = [&](uint32_t user, std::vector<float>& scores) -> Status {
    // The input's summed weight per item, as user_item_matrix builds a training row.
    observed.clear();
    const uint64_t begin = in.user_offsets[user];
    const std::vector<uint32_t> steps = steps_from_newest(in.times.data() + begin, in.user_events(user));
    for (uint64_t e = begin; e < in.user_offsets[user + 1]; ++e) {
      const uint32_t item = in.items_seq[e];
      if (weight_of[item] == 0.0f) observed.push_back(item);
      weight_of[item] += weighting.weight(in, e, steps[e - begin]);
    }
    confidences.clear();
    for (const uint32_t item : observed) {
      confidences.push_back(1.0f + options.alpha * weight_of[item]);
      weight_of[item] = 0.0f;
    }
    AlsRow row;
    row.indices = observed.data();
    row.confidences = confidences.data();
    row.count = observed.size();
    row.regularization = als_row_regularization(options.regularization, options.regularization_exponent,
                                                observed.size(), options.unobserved_weight, model.items);
    std::fill(x.begin(), x.end(), 0.0f);
    EDGEREC_RETURN_IF_ERROR(solve_als_row(items, row, solve, x.data(), workspace));
    for (uint32_t i = 0; i < model.items; ++i) {
      const float* y = model.item_factors.data() + static_cast<size_t>(i) * k;
      float s = 0.0f;
      for (uint32_t f = 0; f < k; ++f) s += x[f] * y[f];
      scores[i] = s;
    }
    if (blend.weight > 0.0f) {
      sequence_scores(transitions, in, user, history_length, blend.decay, sequence);
      for (uint32_t i = 0; i < model.items; ++i) scores[i] += blend.weight * sequence[i];
    }
    return Status();
  };
  return solution_metrics(split, catalog_size, scorer);
}

}  // namespace edgerec
