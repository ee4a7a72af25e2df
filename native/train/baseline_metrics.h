// Personalize's solution metrics (eval/solution_metrics.h) for the recipes without a factor
// model: popularity-count and trending-now (the same list for everyone, minus what the user has
// seen) and similar-items (related items of the user's latest input item, popular items after
// them, as served).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "edgerec/status.h"
#include "train/similar_items.h"
#include "interactions/training_set.h"

namespace edgerec {

/// The metrics seed: the Personalize split of recipes without their own seed.
constexpr uint64_t kMetricsSeed = 1;

Result<std::map<std::string, double>> popularity_count_metrics(const TrainingSet& set, size_t catalog_size);

Result<std::map<std::string, double>> trending_now_metrics(const TrainingSet& set, int64_t interval,
                                                           double smoothing, size_t catalog_size);

Result<std::map<std::string, double>> similar_items_metrics(const TrainingSet& set,
                                                            const CooccurrenceOptions& options, size_t catalog_size);

}  // namespace edgerec
