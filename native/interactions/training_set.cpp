// Building training sets and temporal splits.
#include "interactions/training_set.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "edgerec/event_order.h"
#include "edgerec/event_weighting.h"
#include "interactions/split_mix.h"

namespace edgerec {

void TrainingSet::append_event(const TrainingSet& from, uint64_t e) {
  items_seq.push_back(from.items_seq[e]);
  times.push_back(from.times[e]);
  weights.push_back(from.weights[e]);
  if (!from.event_types.empty()) event_types.push_back(from.event_types[e]);
  if (!from.values.empty()) values.push_back(from.values[e]);
}

namespace {

// Sorts (item, user) pairs and counts each distinct pair once: O(n log n), no hash sets.
std::vector<uint32_t> count_distinct_pairs(std::vector<uint64_t>& pairs, size_t items) {
  std::sort(pairs.begin(), pairs.end());
  std::vector<uint32_t> counts(items, 0);
  for (size_t r = 0; r < pairs.size(); ++r) {
    if (r == 0 || pairs[r] != pairs[r - 1]) ++counts[pairs[r] >> 32];
  }
  return counts;
}

}  // namespace

std::vector<uint32_t> count_distinct_users_per_item(const TrainingSet& set) {
  std::vector<uint64_t> pairs(set.events());
  for (uint32_t u = 0; u < set.users; ++u) {
    for (uint64_t e = set.user_offsets[u]; e < set.user_offsets[u + 1]; ++e) {
      pairs[e] = (uint64_t{set.items_seq[e]} << 32) | u;
    }
  }
  return count_distinct_pairs(pairs, set.items);
}

double ordered_fraction(const TrainingSet& set) {
  return edgerec::ordered_fraction(set.times.data(), set.user_offsets.data(), set.users);
}

Result<TrainingSet> build_training_set(const InteractionsTable& data, const EventSelection& selection,
                                       uint64_t tie_seed) {
  // Per event type: the weight it trains with (0 = dropped).
  std::vector<float> type_weight(std::max<size_t>(1, data.event_types.size()), 1.0f);
  for (const auto& [type, weight] : selection.weights) {
    if (!(weight >= 0.0 && weight <= 1.0)) {
      return invalid_input("event weight for \"" + type + "\" must be between 0 and 1, got " + std::to_string(weight));
    }
    const auto it = std::find(data.event_types.begin(), data.event_types.end(), type);
    if (it == data.event_types.end()) {
      return invalid_input("event weight given for event type \"" + type + "\", which the data does not have");
    }
    type_weight[static_cast<size_t>(it - data.event_types.begin())] = static_cast<float>(weight);
  }
  if (selection.event_type) {
    const auto it = std::find(data.event_types.begin(), data.event_types.end(), *selection.event_type);
    if (it == data.event_types.end()) {
      std::string known;
      for (const std::string& t : data.event_types) known += (known.empty() ? "" : ", ") + t;
      return invalid_input("eventType \"" + *selection.event_type + "\" does not occur in the data; its event types are " +
                           (known.empty() ? "(none: no EVENT_TYPE column)" : known));
    }
    const size_t keep = static_cast<size_t>(it - data.event_types.begin());
    for (size_t t = 0; t < type_weight.size(); ++t) {
      if (t != keep) type_weight[t] = 0.0f;
    }
  }
  if (selection.event_value_threshold && !data.has_event_value) {
    return invalid_input("eventValueThreshold needs an EVENT_VALUE column, which the data does not have");
  }

  TrainingSet set;
  set.users = static_cast<uint32_t>(data.user_ids.size());
  set.items = static_cast<uint32_t>(data.item_ids.size());
  std::vector<uint32_t> kept;
  kept.reserve(data.size());
  for (uint32_t r = 0; r < data.size(); ++r) {
    const float w = data.has_event_type ? type_weight[data.event_type_ids[r]] : 1.0f;
    if (w <= 0.0f) continue;
    if (selection.event_value_threshold) {
      const float v = data.event_values[r];
      if (std::isnan(v) || v < *selection.event_value_threshold) continue;
    }
    kept.push_back(r);
  }
  // Counting sort by user, then a stable sort of each user's rows by time.
  set.user_offsets.assign(set.users + 1, 0);
  for (const uint32_t r : kept) ++set.user_offsets[data.users[r] + 1];
  std::partial_sum(set.user_offsets.begin(), set.user_offsets.end(), set.user_offsets.begin());
  std::vector<uint32_t> order(kept.size());
  std::vector<uint64_t> cursor(set.user_offsets.begin(), set.user_offsets.end() - 1);
  for (const uint32_t r : kept) order[cursor[data.users[r]]++] = r;
  for (uint32_t u = 0; u < set.users; ++u) {
    const auto first = order.begin() + static_cast<std::ptrdiff_t>(set.user_offsets[u]);
    const auto last = order.begin() + static_cast<std::ptrdiff_t>(set.user_offsets[u + 1]);
    std::stable_sort(first, last, [&](uint32_t a, uint32_t b) { return data.timestamps[a] < data.timestamps[b]; });
    // Tied events in a seeded random order (Fisher-Yates per run), not the file's.
    SplitMix rng(tie_seed * 0x9e3779b97f4a7c15ull + u);
    for (auto run = first; run != last;) {
      auto end = run + 1;
      while (end != last && data.timestamps[*end] == data.timestamps[*run]) ++end;
      for (auto n = end - run; n > 1; --n) std::iter_swap(run + (n - 1), run + static_cast<std::ptrdiff_t>(rng.index(static_cast<size_t>(n))));
      run = end;
    }
  }
  set.items_seq.reserve(order.size());
  set.times.reserve(order.size());
  set.weights.reserve(order.size());
  for (const uint32_t r : order) {
    set.items_seq.push_back(data.items[r]);
    set.times.push_back(data.timestamps[r]);
    set.weights.push_back(data.has_event_type ? type_weight[data.event_type_ids[r]] : 1.0f);
    if (data.has_event_type) set.event_types.push_back(data.event_type_ids[r]);
    if (data.has_event_value) set.values.push_back(data.event_values[r]);
  }
  return set;
}

TemporalSplit split_newest(const TrainingSet& set, double fraction, const std::vector<bool>& only_users) {
  TemporalSplit split;
  split.held_out.resize(set.users);
  TrainingSet& train = split.train;
  train.users = set.users;
  train.items = set.items;
  train.user_offsets.assign(1, 0);
  for (uint32_t u = 0; u < set.users; ++u) {
    const size_t begin = static_cast<size_t>(set.user_offsets[u]);
    const size_t n = set.user_events(u);
    size_t hold = 0;
    if (n >= 2 && (only_users.empty() || only_users[u])) {
      hold = std::min(n - 1, static_cast<size_t>(std::ceil(fraction * static_cast<double>(n))));
    }
    for (size_t e = begin; e < begin + n - hold; ++e) train.append_event(set, e);
    for (size_t e = begin + n - hold; e < begin + n; ++e) split.held_out[u].push_back(set.items_seq[e]);
    train.user_offsets.push_back(train.items_seq.size());
  }
  return split;
}

float ConfidenceWeighting::weight(const TrainingSet& set, uint64_t e, uint32_t step) const {
  float w = set.weights[e] * recency.factor(step);
  if (by_value && !set.values.empty()) w *= event_value_factor(set.values[e]);
  return w;
}

Result<CsrMatrix> user_item_matrix(const TrainingSet& set, const ConfidenceWeighting& weighting) {
  std::vector<uint32_t> rows(set.events());
  for (uint32_t u = 0; u < set.users; ++u) {
    for (uint64_t e = set.user_offsets[u]; e < set.user_offsets[u + 1]; ++e) rows[e] = u;
  }
  if (weighting.recency.boost == 0.0f && !weighting.by_value) {
    return csr_from_coordinates(set.users, set.items, rows, set.items_seq, set.weights);
  }
  std::vector<float> weights(set.events());
  for (uint32_t u = 0; u < set.users; ++u) {
    const uint64_t begin = set.user_offsets[u];
    const std::vector<uint32_t> steps = steps_from_newest(set.times.data() + begin, set.user_events(u));
    for (uint64_t e = begin; e < set.user_offsets[u + 1]; ++e) weights[e] = weighting.weight(set, e, steps[e - begin]);
  }
  return csr_from_coordinates(set.users, set.items, rows, set.items_seq, weights);
}

}  // namespace edgerec
