// trending-now trainer.
#include "train/trending_now.h"

#include <algorithm>

#include "train/baseline_metrics.h"
#include "train/catalog.h"
#include "train/solution_writer.h"
#include "train/training_data.h"
#include "interactions/training_set.h"

namespace edgerec {

std::vector<HyperparameterSpec> trending_now_hyperparameters() {
  return {
      {"trend_interval_seconds", "10800", 60, 2592000,
       "length of the compared intervals (Personalize offers 1800, 3600, 10800 and 86400)"},
      {"trend_smoothing", "5", 0.01, 1e6, "added to the earlier count so rare items do not dominate"},
  };
}

TrendScores compute_trends(const TrainingSet& set, int64_t interval, double smoothing) {
  TrendScores t;
  t.now.assign(set.items, 0);
  t.before.assign(set.items, 0);
  t.scores.assign(set.items, 0.0f);
  if (set.times.empty()) return t;
  t.window_end = *std::max_element(set.times.begin(), set.times.end());
  const int64_t now_start = t.window_end - interval;      // (now_start, window_end]
  const int64_t before_start = now_start - interval;      // (before_start, now_start]
  for (size_t e = 0; e < set.events(); ++e) {
    const int64_t time = set.times[e];
    if (time > now_start) ++t.now[set.items_seq[e]];
    else if (time > before_start) ++t.before[set.items_seq[e]];
  }
  for (uint32_t i = 0; i < set.items; ++i) {
    t.scores[i] = static_cast<float>((static_cast<double>(t.now[i]) - static_cast<double>(t.before[i])) /
                                     (static_cast<double>(t.before[i]) + smoothing));
  }
  return t;
}

Result<std::vector<uint8_t>> train_trending_now(const TrainingInput& input) {
  const InteractionsTable& data = *input.interactions;
  EDGEREC_ASSIGN_OR_RETURN(const TrainingSet set, input.training_set());
  const auto interval = static_cast<int64_t>(input.number("trend_interval_seconds"));
  const TrendScores trends = compute_trends(set, interval, input.number("trend_smoothing"));
  const SortedIds items = sort_ids(data.item_ids);
  const SortedIds users = sort_ids(data.user_ids);
  std::vector<uint32_t> counts(set.items);
  std::vector<float> scores(set.items);
  for (uint32_t i = 0; i < set.items; ++i) {
    counts[items.position[i]] = trends.now[i];
    scores[items.position[i]] = trends.scores[i];
  }
  SolutionDescription description = input.describe("trending-now", fb::RecipeType::POPULAR_ITEMS, set);
  description.solution_config["trendWindowEnd"] = std::to_string(trends.window_end);
  description.metrics["items_trending_up"] =
      static_cast<double>(std::count_if(scores.begin(), scores.end(), [](float s) { return s > 0.0f; }));
  EDGEREC_ASSIGN_OR_RETURN(const auto metrics,
                           trending_now_metrics(set, interval, input.number("trend_smoothing"),
                                                build_catalog(data, input.items).ids.size()));
  description.metrics.insert(metrics.begin(), metrics.end());
  description.training_seconds = input.elapsed_seconds();

  flatbuffers::FlatBufferBuilder fbb(1 << 16);
  const auto metadata = build_metadata(fbb, description);
  const auto catalog = build_item_catalog(fbb, items, {}, input.items);
  // Served through the popularity section: counts are the latest interval's, scores the trend.
  const auto trending = fb::CreatePopularityModel(fbb, fbb.CreateVector(counts), fbb.CreateVector(scores));
  // The user index serves filters: IF CurrentUser (Users metadata) and Interactions conditions.
  const auto user_index = build_user_index(fbb, users, input.users);
  EDGEREC_ASSIGN_OR_RETURN(const auto recent, input.recent_interactions(fbb, set, items, users));
  fb::SolutionBuilder root(fbb);
  root.add_metadata(metadata);
  root.add_items(catalog);
  root.add_users(user_index);
  root.add_popularity(trending);
  root.add_recent_interactions(recent);
  fb::FinishSolutionBuffer(fbb, root.Finish());
  return seal_solution(fbb.GetBufferPointer(), fbb.GetSize());
}

}  // namespace edgerec
