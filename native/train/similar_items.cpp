// similar-items trainer.
#include "train/similar_items.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>

#include "edgerec/topk.h"
#include "train/baseline_metrics.h"
#include "train/catalog.h"
#include "train/popularity_count.h"
#include "train/solution_writer.h"
#include "train/training_data.h"

namespace edgerec {
namespace {

// Each user's latest distinct items (at most max_user_history), as item -> users and
// user -> items lists.
struct Baskets {
  std::vector<uint64_t> user_offsets;
  std::vector<uint32_t> user_items;
  std::vector<uint64_t> item_offsets;
  std::vector<uint32_t> item_users;
};

Baskets build_baskets(const TrainingSet& set, uint32_t max_user_history) {
  Baskets b;
  b.user_offsets.assign(1, 0);
  std::vector<uint8_t> seen(set.items, 0);
  std::vector<uint32_t> kept;
  for (uint32_t u = 0; u < set.users; ++u) {
    kept.clear();
    for (uint64_t e = set.user_offsets[u + 1]; e > set.user_offsets[u] && kept.size() < max_user_history; --e) {
      const uint32_t i = set.items_seq[e - 1];
      if (!seen[i]) {
        seen[i] = 1;
        kept.push_back(i);
      }
    }
    for (const uint32_t i : kept) seen[i] = 0;
    std::sort(kept.begin(), kept.end());
    b.user_items.insert(b.user_items.end(), kept.begin(), kept.end());
    b.user_offsets.push_back(b.user_items.size());
  }
  b.item_offsets.assign(set.items + 1, 0);
  for (const uint32_t i : b.user_items) ++b.item_offsets[i + 1];
  std::partial_sum(b.item_offsets.begin(), b.item_offsets.end(), b.item_offsets.begin());
  b.item_users.resize(b.user_items.size());
  std::vector<uint64_t> cursor(b.item_offsets.begin(), b.item_offsets.end() - 1);
  for (uint32_t u = 0; u < set.users; ++u) {
    for (uint64_t e = b.user_offsets[u]; e < b.user_offsets[u + 1]; ++e) b.item_users[cursor[b.user_items[e]]++] = u;
  }
  return b;
}

}  // namespace

std::vector<Neighbours> cooccurrence_neighbours(const TrainingSet& set, const CooccurrenceOptions& options) {
  const Baskets b = build_baskets(set, options.max_user_history);
  std::vector<float> count(set.items);
  std::vector<float> discount(set.items);
  for (uint32_t i = 0; i < set.items; ++i) {
    count[i] = static_cast<float>(b.item_offsets[i + 1] - b.item_offsets[i]);
    discount[i] = count[i] > 0.0f ? std::pow(count[i], -options.popularity_discount) : 0.0f;
  }
  std::vector<Neighbours> out(set.items);
  const uint32_t threads = std::max(1u, options.threads != 0 ? options.threads : std::thread::hardware_concurrency());
  // Items are dealt to threads in a fixed interleaving; every item's list is computed alone, so
  // the result does not depend on the thread count.
  auto work = [&](uint32_t first) {
    std::vector<uint32_t> together(set.items, 0);
    std::vector<uint32_t> touched;
    for (uint32_t j = first; j < set.items; j += threads) {
      touched.clear();
      for (uint64_t p = b.item_offsets[j]; p < b.item_offsets[j + 1]; ++p) {
        const uint32_t u = b.item_users[p];
        for (uint64_t e = b.user_offsets[u]; e < b.user_offsets[u + 1]; ++e) {
          const uint32_t i = b.user_items[e];
          if (i == j) continue;
          if (together[i]++ == 0) touched.push_back(i);
        }
      }
      TopK best(options.neighbours);
      for (const uint32_t i : touched) {
        if (together[i] >= std::max(1u, options.min_cointeractions)) {
          best.push(i, static_cast<float>(together[i]) * discount[i] * discount[j]);
        }
        together[i] = 0;
      }
      for (const ScoredItem& s : best.take()) out[j].emplace_back(s.index, s.score);
    }
  };
  std::vector<std::thread> pool;
  for (uint32_t t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (std::thread& t : pool) t.join();
  return out;
}

std::vector<HyperparameterSpec> similar_items_hyperparameters() {
  return {
      {"popularity_discount_factor", "0.5", 0, 1, "discount of popular items: c(i,j) / (n_i n_j)^factor"},
      {"min_cointeraction_count", "3", 0, 10, "pairs seen together fewer times are not neighbours"},
      {"neighbours", "100", 1, 1000, "neighbours kept per item"},
      {"max_user_history", "500", 2, 100000, "latest distinct items per user that count"},
  };
}

Result<std::vector<uint8_t>> train_similar_items(const TrainingInput& input) {
  const InteractionsTable& data = *input.interactions;
  EDGEREC_ASSIGN_OR_RETURN(const TrainingSet set, input.training_set());
  CooccurrenceOptions options;
  options.popularity_discount = static_cast<float>(input.number("popularity_discount_factor"));
  options.min_cointeractions = static_cast<uint32_t>(input.number("min_cointeraction_count"));
  options.neighbours = static_cast<uint32_t>(input.number("neighbours"));
  options.max_user_history = static_cast<uint32_t>(input.number("max_user_history"));
  options.threads = input.threads;
  std::vector<Neighbours> lists = cooccurrence_neighbours(set, options);

  // Items short of neighbours (cold ones above all) are completed by metadata similarity, ranked
  // after every co-occurrence neighbour.
  const Catalog catalog = build_catalog(data, input.items);
  const uint32_t n = static_cast<uint32_t>(catalog.ids.size());
  lists.resize(n);
  size_t completed = 0;
  if (input.items != nullptr) {
    std::vector<uint32_t> queries;
    std::vector<uint32_t> query_items;
    for (uint32_t i = 0; i < n; ++i) {
      if (catalog.metadata_row[i] >= 0 && lists[i].size() < options.neighbours) {
        queries.push_back(static_cast<uint32_t>(catalog.metadata_row[i]));
        query_items.push_back(i);
      }
    }
    std::vector<int64_t> item_of_row(input.items->item_ids.size(), -1);
    for (uint32_t i = 0; i < n; ++i) {
      if (catalog.metadata_row[i] >= 0) item_of_row[static_cast<size_t>(catalog.metadata_row[i])] = i;
    }
    const std::vector<bool> everyone(input.items->item_ids.size(), true);
    const std::vector<Neighbours> by_metadata = metadata_neighbours(*input.items, queries, everyone, options.neighbours);
    for (size_t q = 0; q < queries.size(); ++q) {
      Neighbours& list = lists[query_items[q]];
      const float floor = list.empty() ? 1.0f : list.back().second;
      for (const auto& [row, similarity] : by_metadata[q]) {
        if (list.size() >= options.neighbours) break;
        const uint32_t item = static_cast<uint32_t>(item_of_row[row]);
        if (std::any_of(list.begin(), list.end(), [&](const auto& p) { return p.first == item; })) continue;
        list.emplace_back(item, floor * similarity * 0.999f);
      }
      ++completed;
    }
  }

  const SortedIds items = sort_ids(catalog.ids);
  std::vector<uint32_t> offsets = {0};
  std::vector<uint32_t> neighbours;
  std::vector<float> scores;
  for (uint32_t c = 0; c < n; ++c) {
    for (const auto& [item, score] : lists[items.index[c]]) {
      neighbours.push_back(items.position[item]);
      scores.push_back(score);
    }
    offsets.push_back(static_cast<uint32_t>(neighbours.size()));
  }
  SolutionDescription description = input.describe("similar-items", fb::RecipeType::RELATED_ITEMS, set);
  description.items = n;
  description.metrics["items_with_metadata_neighbours"] = static_cast<double>(completed);
  EDGEREC_ASSIGN_OR_RETURN(const auto metrics, similar_items_metrics(set, options, n));
  description.metrics.insert(metrics.begin(), metrics.end());
  description.training_seconds = input.elapsed_seconds();

  flatbuffers::FlatBufferBuilder fbb(1 << 20);
  const auto metadata = build_metadata(fbb, description);
  const auto catalog_table = build_item_catalog(fbb, items, {}, input.items);
  const auto popularity = build_popularity_model(fbb, set, items, n);
  const auto neighbour_model =
      fb::CreateNeighbourModel(fbb, fbb.CreateVector(offsets), fbb.CreateVector(neighbours), fbb.CreateVector(scores));
  // The user index serves filters with a userId: IF CurrentUser and Interactions conditions.
  const SortedIds users = sort_ids(data.user_ids);
  const auto user_index = build_user_index(fbb, users, input.users);
  EDGEREC_ASSIGN_OR_RETURN(const auto recent, input.recent_interactions(fbb, set, items, users));
  fb::SolutionBuilder root(fbb);
  root.add_metadata(metadata);
  root.add_items(catalog_table);
  root.add_users(user_index);
  root.add_popularity(popularity);
  root.add_neighbours(neighbour_model);
  root.add_recent_interactions(recent);
  fb::FinishSolutionBuffer(fbb, root.Finish());
  return seal_solution(fbb.GetBufferPointer(), fbb.GetSize());
}

}  // namespace edgerec
