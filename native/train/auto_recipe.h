// auto: a budgeted search over recipes and hyperparameters (Personalize's HPO / AutoML), keeping
// the configuration with the best NDCG@25 on a validation split of each user's newest events.
// The search's trials are recorded in the solution version it writes.
#pragma once

#include <cstdint>
#include <vector>

#include "edgerec/status.h"
#include "train/recipe.h"

namespace edgerec {

std::vector<HyperparameterSpec> auto_hyperparameters();

Result<std::vector<uint8_t>> train_auto(const TrainingInput& input);

}  // namespace edgerec
