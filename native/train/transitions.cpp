// Building transition tables with O(items) scratch memory: events are indexed by item, then each
// item's successors are accumulated in a dense array and the best are kept.
#include "train/transitions.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "edgerec/topk.h"

namespace edgerec {

TransitionTable build_transitions(const TrainingSet& set, const TransitionOptions& options) {
  const uint32_t items = set.items;
  const size_t events = set.events();
  // Where each event's user sequence starts and ends, and each item's occurrences.
  std::vector<uint32_t> sequence_start(events);
  std::vector<uint32_t> sequence_end(events);
  for (uint32_t u = 0; u < set.users; ++u) {
    for (uint64_t e = set.user_offsets[u]; e < set.user_offsets[u + 1]; ++e) {
      sequence_start[e] = static_cast<uint32_t>(set.user_offsets[u]);
      sequence_end[e] = static_cast<uint32_t>(set.user_offsets[u + 1]);
    }
  }
  std::vector<uint32_t> occurrence_offsets(items + 1, 0);
  for (const uint32_t i : set.items_seq) ++occurrence_offsets[i + 1];
  std::partial_sum(occurrence_offsets.begin(), occurrence_offsets.end(), occurrence_offsets.begin());
  std::vector<uint32_t> occurrences(events);
  {
    std::vector<uint32_t> cursor(occurrence_offsets.begin(), occurrence_offsets.end() - 1);
    for (uint32_t e = 0; e < events; ++e) occurrences[cursor[set.items_seq[e]]++] = e;
  }
  std::vector<float> discount(items, 1.0f);
  for (uint32_t i = 0; i < items; ++i) {
    const float count = static_cast<float>(occurrence_offsets[i + 1] - occurrence_offsets[i]);
    discount[i] = count > 0.0f ? std::pow(count, -options.popularity_discount) : 0.0f;
  }

  TransitionTable table;
  table.offsets.assign(1, 0);
  std::vector<float> accumulated(items, 0.0f);
  std::vector<uint32_t> touched;
  for (uint32_t j = 0; j < items; ++j) {
    touched.clear();
    float total = 0.0f;
    for (uint32_t o = occurrence_offsets[j]; o < occurrence_offsets[j + 1]; ++o) {
      const uint32_t e = occurrences[o];
      float w = 1.0f;
      for (uint32_t d = 1; d <= options.window && e + d < sequence_end[e]; ++d, w *= options.lag_decay) {
        const uint32_t next = set.items_seq[e + d];
        if (next == j) continue;
        if (accumulated[next] == 0.0f) touched.push_back(next);
        accumulated[next] += w;
        total += w;
      }
      // Events just before count too when order within a session carries little (items rated
      // or browsed together in any order), as much as `backward_weight` says.
      w = options.backward_weight;
      for (uint32_t d = 1; w > 0.0f && d <= options.window && e >= sequence_start[e] + d; ++d, w *= options.lag_decay) {
        const uint32_t previous = set.items_seq[e - d];
        if (previous == j) continue;
        if (accumulated[previous] == 0.0f) touched.push_back(previous);
        accumulated[previous] += w;
        total += w;
      }
    }
    TopK best(options.max_successors);
    for (const uint32_t i : touched) {
      best.push(i, accumulated[i] / total * discount[i]);
      accumulated[i] = 0.0f;
    }
    for (const ScoredItem& s : best.take()) {
      table.next.push_back(s.index);
      table.scores.push_back(s.score);
    }
    table.offsets.push_back(static_cast<uint32_t>(table.next.size()));
  }
  return table;
}

}  // namespace edgerec
