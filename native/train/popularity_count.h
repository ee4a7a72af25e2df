// popularity-count (Personalize's aws-popularity-count): items ranked by how many distinct users
// interacted with them; score = that count / number of users.
#pragma once

#include <cstdint>
#include <vector>

#include "edgerec/status.h"
#include "train/recipe.h"

namespace edgerec {

/// Per dictionary item: distinct users who interacted with it.
std::vector<uint32_t> count_distinct_users_per_item(const InteractionsTable& data);

Result<std::vector<uint8_t>> train_popularity_count(const TrainingInput& input);

}  // namespace edgerec
