// similar-items (Personalize's SIMS and Similar-Items): item-to-item co-occurrence with a
// popularity discount, stored as the top-N neighbours per item; items without enough
// interactions get neighbours by metadata similarity; unknown items fall back to popular ones.
#pragma once

#include <cstdint>
#include <vector>

#include "edgerec/status.h"
#include "train/recipe.h"
#include "train/metadata_similarity.h"
#include "interactions/training_set.h"

namespace edgerec {

std::vector<HyperparameterSpec> similar_items_hyperparameters();

struct CooccurrenceOptions {
  float popularity_discount = 0.5f;  ///< score = c(i,j) / (n_i n_j)^discount
  uint32_t min_cointeractions = 3;   ///< pairs seen together fewer times are dropped
  uint32_t neighbours = 100;         ///< kept per item
  uint32_t max_user_history = 500;   ///< latest distinct items per user that count
  uint32_t threads = 0;
};

/// Per interaction item (dictionary index): co-occurrence neighbours, best first.
std::vector<Neighbours> cooccurrence_neighbours(const TrainingSet& set, const CooccurrenceOptions& options);

Result<std::vector<uint8_t>> train_similar_items(const TrainingInput& input);

}  // namespace edgerec
