// user-personalization: a collaborative model (iALS) and a sequence-aware one (item-to-item
// transitions applied to the user's latest events), with the weight of the sequence part chosen
// on a validation split of each user's newest events.
#pragma once

#include <cstdint>
#include <vector>

#include "edgerec/status.h"
#include "train/recipe.h"
#include "train/training_set.h"

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

/// The recipe's hyperparameters, with defaults and ranges.
std::vector<HyperparameterSpec> user_personalization_hyperparameters();

Result<std::vector<uint8_t>> train_user_personalization(const TrainingInput& input);
/// The same model, served through GetPersonalizedRanking (Personalize's personalized-ranking).
Result<std::vector<uint8_t>> train_personalized_ranking(const TrainingInput& input);

}  // namespace edgerec
