// Training mode UPDATE (Personalize's trainingMode=UPDATE for user-personalization): refreshes an
// existing solution version with the current data without a full retrain. Known items and users
// keep their vectors as the starting point; new users are folded in against the item factors,
// then every item (new ones from zero) is solved once against the user factors; transitions,
// histories and popularity are recounted. A FULL retrain is still worth running now and then.
#pragma once

#include <cstdint>
#include <vector>

#include "edgerec/solution.h"
#include "edgerec/status.h"
#include "train/recipe.h"

namespace edgerec {

/// `base` must be a user-personalization or personalized-ranking solution with user factors
/// (not an edge bundle). Its recipe, hyperparameters and blend are kept.
Result<std::vector<uint8_t>> train_update(const TrainingInput& input, const Solution& base);

}  // namespace edgerec
