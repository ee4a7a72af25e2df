// popularity-count (Personalize's aws-popularity-count): items ranked by how many distinct users
// interacted with them; score = that count / number of users.
#pragma once

#include <cstdint>
#include <vector>

#include "edgerec/status.h"
#include "train/recipe.h"
#include "train/training_set.h"

namespace edgerec {

/// Per dictionary item: distinct users who interacted with it.
std::vector<uint32_t> count_distinct_users_per_item(const InteractionsTable& data);
/// The same over a training set (after event selection).
std::vector<uint32_t> count_distinct_users_per_item(const TrainingSet& set);

Result<std::vector<uint8_t>> train_popularity_count(const TrainingInput& input);

}  // namespace edgerec
