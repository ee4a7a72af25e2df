// popularity-count trainer.
#include "train/popularity_count.h"

#include <algorithm>

#include "train/baseline_metrics.h"
#include "train/catalog.h"
#include "train/solution_writer.h"
#include "train/training_data.h"

namespace edgerec {

flatbuffers::Offset<fb::PopularityModel> build_popularity_model(flatbuffers::FlatBufferBuilder& fbb,
                                                                const TrainingSet& set, const SortedIds& items,
                                                                size_t catalog_size) {
  const std::vector<uint32_t> counts = count_distinct_users_per_item(set);
  size_t active_users = 0;
  for (uint32_t u = 0; u < set.users; ++u) active_users += set.user_events(u) != 0 ? 1 : 0;
  const double n_users = std::max<double>(1.0, static_cast<double>(active_users));
  std::vector<uint32_t> sorted_counts(catalog_size, 0);
  std::vector<float> scores(catalog_size, 0.0f);
  for (uint32_t i = 0; i < set.items; ++i) {
    sorted_counts[items.position[i]] = counts[i];
    scores[items.position[i]] = static_cast<float>(counts[i] / n_users);
  }
  return fb::CreatePopularityModel(fbb, fbb.CreateVector(sorted_counts), fbb.CreateVector(scores));
}

Result<std::vector<uint8_t>> train_popularity_count(const TrainingInput& input) {
  const InteractionsTable& data = *input.interactions;
  EDGEREC_ASSIGN_OR_RETURN(const TrainingSet set, input.training_set());
  const SortedIds items = sort_ids(data.item_ids);
  const SortedIds users = sort_ids(data.user_ids);

  SolutionDescription description = input.describe("popularity-count", fb::RecipeType::POPULAR_ITEMS, set);
  EDGEREC_ASSIGN_OR_RETURN(const auto metrics,
                           popularity_count_metrics(set, build_catalog(data, input.items).ids.size()));
  description.metrics.insert(metrics.begin(), metrics.end());
  description.training_seconds = input.elapsed_seconds();

  flatbuffers::FlatBufferBuilder fbb(1 << 16);
  const auto metadata = build_metadata(fbb, description);
  const auto catalog = build_item_catalog(fbb, items, {}, input.items);
  const auto user_index = build_user_index(fbb, users, input.users);
  const auto popularity = build_popularity_model(fbb, set, items, items.ids.size());
  EDGEREC_ASSIGN_OR_RETURN(const auto recent, input.recent_interactions(fbb, set, items, users));
  fb::SolutionBuilder root(fbb);
  root.add_metadata(metadata);
  root.add_items(catalog);
  root.add_users(user_index);
  root.add_popularity(popularity);
  root.add_recent_interactions(recent);
  fb::FinishSolutionBuffer(fbb, root.Finish());
  return seal_solution(fbb.GetBufferPointer(), fbb.GetSize());
}

}  // namespace edgerec
