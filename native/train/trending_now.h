// trending-now (Personalize's aws-trending-now): the items whose interactions grow fastest from
// one interval to the next, measured at the end of the data.
//
// With c_now and c_before the interactions in the latest interval and the one before it,
// score = (c_now - c_before) / (c_before + smoothing): relative growth, damped for items so rare
// that one more interaction would double them. Served like popular items, the same for every
// user. Retraining each interval refreshes the list (it takes seconds).
#pragma once

#include <cstdint>
#include <vector>

#include "edgerec/status.h"
#include "train/recipe.h"

namespace edgerec {

std::vector<HyperparameterSpec> trending_now_hyperparameters();

struct TrendScores {
  std::vector<uint32_t> now;     ///< interactions per item in the latest interval
  std::vector<uint32_t> before;  ///< in the interval before it
  std::vector<float> scores;
  int64_t window_end = 0;        ///< epoch seconds: the end of the latest interval
};

/// Trend scores per dictionary item, for intervals of `interval` seconds ending at the newest
/// interaction of `set`.
TrendScores compute_trends(const TrainingSet& set, int64_t interval, double smoothing);

Result<std::vector<uint8_t>> train_trending_now(const TrainingInput& input);

}  // namespace edgerec
