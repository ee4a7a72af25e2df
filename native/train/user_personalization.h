// user-personalization: a collaborative model (iALS) and a sequence-aware one (item-to-item
// transitions applied to the user's latest events), with the weight of the sequence part chosen
// on a validation split of each user's newest events.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "edgerec/status.h"
#include "train/recipe.h"
#include "train/ials.h"
#include "interactions/training_set.h"
#include "train/transitions.h"

namespace edgerec {

/// The blend of the sequence part chosen on validation data.
struct BlendChoice {
  float weight = 0.0f;
  float decay = 0.5f;
  size_t k = 0;                    ///< the NDCG cut-off it was chosen by (0: not validated)
  double validation_ndcg = 0.0;    ///< NDCG@k of the chosen blend
  double factors_only_ndcg = 0.0;  ///< NDCG@k without the sequence part
};

/// Fits the model on split.train and chooses the blend that maximises NDCG@k_objective on the
/// held-out events (fixed values in the hyperparameters are kept).
Result<BlendChoice> validate_blend(const TemporalSplit& split, const TrainingInput& input, size_t k_objective);

/// validate_blend in two steps, so several sequence settings can share one fit: the collaborative
/// model on split.train, then the transitions and the blend for `input`'s sequence settings.
Result<IalsModel> fit_validation_model(const TemporalSplit& split, const TrainingInput& input);
BlendChoice validate_sequence_part(const TemporalSplit& split, const IalsModel& model, const TrainingInput& input,
                                   size_t k_objective);

/// Writes a user-personalization (or personalized-ranking) solution version: catalog and user
/// index in sorted order (plus cold items from input.items), factors, transitions, each user's
/// latest events, and popularity as the fallback for users the model does not know.
Result<std::vector<uint8_t>> write_user_personalization_solution(const TrainingInput& input, fb::RecipeType type,
                                                                const std::string& recipe, const TrainingSet& set,
                                                                const IalsModel& model,
                                                                const TransitionTable& transitions,
                                                                const BlendChoice& blend, uint32_t history_length,
                                                                double seconds, fb::TrainingMode mode);

struct SearchOptions;  // hyperparameter_search.h

/// Fits the search to the data: event_value_weighting is searched where events have values, and
/// where no user's events have an order (every one shares a timestamp) the sequence part is off:
/// its settings are not searched and its weight is 0 in `input` (unless the user gave one).
void fit_search_to_data(const TrainingSet& set, SearchOptions& search, TrainingInput& input);

/// The iALS and transition settings of the recipe's hyperparameters.
IalsOptions ials_options(const TrainingInput& input);
TransitionOptions transition_options(const TrainingInput& input);
ConfidenceWeighting confidence_weighting(const TrainingInput& input);

/// Sequence scores for one user (overwrites `out`, one per item): transitions out of the user's
/// latest `history_length` events in `set`, the newest weighted 1, each older one `decay` times
/// the next.
void sequence_scores(const TransitionTable& t, const TrainingSet& set, uint32_t user, uint32_t history_length,
                     float decay, std::vector<float>& out);

/// Fits the collaborative model on the metrics' training users (`fit` has every user's row; the
/// test users' are empty).
using FactorFit = std::function<Result<IalsModel>(const TrainingSet& fit)>;

/// Personalize's solution metrics (eval/solution_metrics.h) of the recipe with `input`'s settings
/// and `blend`: refitted on 90% of the users (by `fit`; by default iALS with `input`'s settings),
/// test users' vectors folded in from their input.
Result<std::map<std::string, double>> user_personalization_metrics(const TrainingSet& set, const TrainingInput& input,
                                                                   const BlendChoice& blend, size_t catalog_size,
                                                                   const FactorFit& fit = {});

/// The recipe's hyperparameters, with defaults and ranges.
std::vector<HyperparameterSpec> user_personalization_hyperparameters();

Result<std::vector<uint8_t>> train_user_personalization(const TrainingInput& input);
/// The same model, served through GetPersonalizedRanking (Personalize's personalized-ranking).
Result<std::vector<uint8_t>> train_personalized_ranking(const TrainingInput& input);

}  // namespace edgerec
