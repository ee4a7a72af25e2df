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
  // Steps of each user's sequence: runs of events sharing a timestamp (event_order.h). Only events
  // in different steps are transitions, and the lag counts steps, so tied events (whose order is
  // unknown) never make one another's successors.
  std::vector<uint32_t> step_of(events);
  std::vector<uint32_t> step_begin;
  for (uint32_t u = 0; u < set.users; ++u) {
    for (uint64_t e = set.user_offsets[u]; e < set.user_offsets[u + 1]; ++e) {
      sequence_start[e] = static_cast<uint32_t>(set.user_offsets[u]);
      sequence_end[e] = static_cast<uint32_t>(set.user_offsets[u + 1]);
      if (e == set.user_offsets[u] || set.times[e] != set.times[e - 1]) step_begin.push_back(static_cast<uint32_t>(e));
      step_of[e] = static_cast<uint32_t>(step_begin.size() - 1);
    }
  }
  step_begin.push_back(static_cast<uint32_t>(events));
  const uint32_t steps = static_cast<uint32_t>(step_begin.size() - 1);
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
    // The events of step s, each counting w (a step of several tied events shares it).
    const auto add_step = [&](uint32_t s, float w) {
      const uint32_t first = step_begin[s];
      const uint32_t last = step_begin[s + 1];
      const float share = last - first == 1 ? w : w / static_cast<float>(last - first);
      for (uint32_t x = first; x < last; ++x) {
        const uint32_t other = set.items_seq[x];
        if (other == j) continue;
        if (accumulated[other] == 0.0f) touched.push_back(other);
        accumulated[other] += share;
        total += share;
      }
    };
    for (uint32_t o = occurrence_offsets[j]; o < occurrence_offsets[j + 1]; ++o) {
      const uint32_t e = occurrences[o];
      const uint32_t s = step_of[e];
      float w = 1.0f;
      for (uint32_t d = 1; d <= options.window && s + d < steps && step_begin[s + d] < sequence_end[e];
           ++d, w *= options.lag_decay) {
        add_step(s + d, w);
      }
      // Events just before count too when order within a session carries little (items rated
      // or browsed together in any order), as much as `backward_weight` says.
      w = options.backward_weight;
      for (uint32_t d = 1; w > 0.0f && d <= options.window && s >= d && step_begin[s - d] >= sequence_start[e];
           ++d, w *= options.lag_decay) {
        add_step(s - d, w);
      }
      // The events of its own step, at tie_weight shared among them (at most kMaxTiedPartners).
      const uint32_t first = step_begin[s];
      const uint32_t size = step_begin[s + 1] - first;
      if (options.tie_weight > 0.0f && size > 1) {
        const uint32_t partners = std::min(size - 1, kMaxTiedPartners);
        const float share = options.tie_weight / static_cast<float>(partners);
        for (uint32_t p = 1; p <= partners; ++p) {
          const uint32_t other = set.items_seq[first + (e - first + p) % size];
          if (other == j) continue;
          if (accumulated[other] == 0.0f) touched.push_back(other);
          accumulated[other] += share;
          total += share;
        }
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
