// user-personalization: a collaborative model (iALS) and a sequence-aware one (item-to-item
// transitions applied to the user's latest events), with the weight of the sequence part chosen
// on a validation split of each user's newest events.
#pragma once

#include <cstdint>
#include <vector>

#include "edgerec/status.h"
#include "train/recipe.h"

namespace edgerec {

/// The recipe's hyperparameters, with defaults and ranges.
std::vector<HyperparameterSpec> user_personalization_hyperparameters();

Result<std::vector<uint8_t>> train_user_personalization(const TrainingInput& input);
/// The same model, served through GetPersonalizedRanking (Personalize's personalized-ranking).
Result<std::vector<uint8_t>> train_personalized_ranking(const TrainingInput& input);

}  // namespace edgerec
