// Solution metrics of popularity-count, trending-now and similar-items.
#include "train/baseline_metrics.h"

#include <algorithm>

#include "eval/solution_metrics.h"
#include "train/popularity_count.h"
#include "train/trending_now.h"

namespace edgerec {
namespace {

// Scores every user gets: `values` as they are.
Result<std::map<std::string, double>> same_for_everyone(const PersonalizeSplit& split, const std::vector<float>& values,
                                                        size_t catalog_size) {
  return solution_metrics(split, catalog_size, [&](uint32_t, std::vector<float>& scores) {
    std::copy(values.begin(), values.end(), scores.begin());
    return Status();
  });
}

}  // namespace

Result<std::map<std::string, double>> popularity_count_metrics(const TrainingSet& set, size_t catalog_size) {
  const PersonalizeSplit split = personalize_split(set, kMetricsSeed);
  const std::vector<uint32_t> counts = count_distinct_users_per_item(split.fit);
  return same_for_everyone(split, std::vector<float>(counts.begin(), counts.end()), catalog_size);
}

Result<std::map<std::string, double>> trending_now_metrics(const TrainingSet& set, int64_t interval,
                                                           double smoothing, size_t catalog_size) {
  const PersonalizeSplit split = personalize_split(set, kMetricsSeed);
  return same_for_everyone(split, compute_trends(split.fit, interval, smoothing).scores, catalog_size);
}

Result<std::map<std::string, double>> similar_items_metrics(const TrainingSet& set,
                                                            const CooccurrenceOptions& options, size_t catalog_size) {
  const PersonalizeSplit split = personalize_split(set, kMetricsSeed);
  const std::vector<Neighbours> lists = cooccurrence_neighbours(split.fit, options);
  const std::vector<uint32_t> counts = count_distinct_users_per_item(split.fit);
  const float max_count = counts.empty() ? 0.0f : static_cast<float>(*std::max_element(counts.begin(), counts.end()));
  const TrainingSet& in = split.input.train;
  return solution_metrics(split, catalog_size, [&](uint32_t user, std::vector<float>& scores) {
    // Popular items (below 1) after the neighbours of the latest input item (1 and above, in
    // their order), as GetRecommendations backfills a short related-items list.
    for (size_t i = 0; i < scores.size(); ++i) scores[i] = static_cast<float>(counts[i]) / (max_count + 1.0f);
    const uint32_t latest = in.items_seq[in.user_offsets[user + 1] - 1];
    const Neighbours& list = lists[latest];
    for (size_t r = 0; r < list.size(); ++r) scores[list[r].first] = 1.0f + static_cast<float>(list.size() - r);
    return Status();
  });
}

}  // namespace edgerec
