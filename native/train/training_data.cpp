// Minimum-data check, training-data summary and fingerprint.
#include "train/training_data.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

namespace edgerec {
namespace {

uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

uint64_t hash_string(std::string_view s, uint64_t seed) {
  uint64_t h = seed ^ (s.size() * 0x9e3779b97f4a7c15ull);
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word = 0;
    std::memcpy(&word, s.data() + i, 8);
    h = mix(h ^ word) * 0x9e3779b97f4a7c15ull;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  return mix(h ^ tail ^ 0xa0761d6478bd642full);
}

std::vector<uint64_t> hash_dictionary(const std::vector<std::string>& dictionary, uint64_t seed) {
  std::vector<uint64_t> hashes(dictionary.size());
  for (size_t i = 0; i < dictionary.size(); ++i) hashes[i] = hash_string(dictionary[i], seed);
  return hashes;
}

void append_hex(std::string& out, uint64_t v) {
  static const char kHex[] = "0123456789abcdef";
  for (int i = 15; i >= 0; --i) out.push_back(kHex[(v >> (4 * i)) & 0xF]);
}

}  // namespace

Status check_minimum_events(const std::vector<uint32_t>& per_user, const std::string& what) {
  uint64_t total = 0;
  size_t active_users = 0;
  for (const uint32_t n : per_user) {
    total += n;
    if (n >= 2) ++active_users;
  }
  if (total < kMinTrainingInteractions || active_users < kMinTrainingUsers) {
    return invalid_input("not enough data to train: Amazon Personalize's minimum is " +
                         std::to_string(kMinTrainingInteractions) + " interactions and " +
                         std::to_string(kMinTrainingUsers) + " users with at least 2 interactions each; " +
                         "the data has " + std::to_string(total) + " interactions and " +
                         std::to_string(active_users) + " users with at least 2" + (what.empty() ? "" : " " + what));
  }
  return Status::ok_status();
}

Status check_minimum_training_data(const InteractionsTable& data) {
  std::vector<uint32_t> per_user(data.user_ids.size(), 0);
  for (const uint32_t u : data.users) ++per_user[u];
  return check_minimum_events(per_user, "");
}

void summarize_training_data(const InteractionsTable& data, const TrainingSet& set, SolutionDescription& d) {
  d.interactions = set.events();
  d.interactions_read = data.size();
  d.ordered_fraction = ordered_fraction(set);
  d.users = static_cast<uint32_t>(data.user_ids.size());
  d.items = static_cast<uint32_t>(data.item_ids.size());
  if (!set.times.empty()) {
    const auto [lo, hi] = std::minmax_element(set.times.begin(), set.times.end());
    d.min_timestamp = *lo;
    d.max_timestamp = *hi;
  }
  d.event_type_counts.clear();
  if (data.has_event_type) {
    std::vector<uint64_t> counts(data.event_types.size(), 0);
    for (const uint16_t t : set.event_types) ++counts[t];
    for (size_t t = 0; t < counts.size(); ++t) {
      if (counts[t] != 0) d.event_type_counts[data.event_types[t]] = counts[t];
    }
  }
  // Two independently seeded 64-bit row hashes chained in row order: the same rows in the
  // same order give the same digest, any changed row changes it.
  std::string fingerprint;
  for (const uint64_t seed : {0x243f6a8885a308d3ull, 0x13198a2e03707344ull}) {
    const std::vector<uint64_t> user_hash = hash_dictionary(data.user_ids, seed);
    const std::vector<uint64_t> item_hash = hash_dictionary(data.item_ids, seed + 1);
    const std::vector<uint64_t> type_hash = hash_dictionary(data.event_types, seed + 2);
    uint64_t h = mix(seed ^ data.size());
    for (size_t r = 0; r < data.size(); ++r) {
      uint64_t row = user_hash[data.users[r]] ^ mix(item_hash[data.items[r]] + static_cast<uint64_t>(data.timestamps[r]));
      if (data.has_event_type) row ^= mix(type_hash[data.event_type_ids[r]] + 1);
      if (data.has_event_value) {
        uint32_t bits = 0;
        const float v = data.event_values[r];
        if (!std::isnan(v)) std::memcpy(&bits, &v, sizeof(bits));
        row ^= mix(uint64_t{bits} + 2);
      }
      h = mix(h ^ row) + 0x9e3779b97f4a7c15ull;
    }
    append_hex(fingerprint, h);
  }
  d.fingerprint = fingerprint;
}

}  // namespace edgerec
