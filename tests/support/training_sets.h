// Small TrainingSets for the trainer's unit tests (native tests only).
#pragma once

#include <cstdint>
#include <vector>

#include "interactions/training_set.h"

namespace edgerec::testing {

/// One user per sequence (item indices, oldest first), events one second apart with weight 1.
inline TrainingSet training_set_of(const std::vector<std::vector<uint32_t>>& users, uint32_t items) {
  TrainingSet set;
  set.users = static_cast<uint32_t>(users.size());
  set.items = items;
  set.user_offsets = {0};
  for (const auto& seq : users) {
    for (const uint32_t i : seq) {
      set.items_seq.push_back(i);
      set.times.push_back(static_cast<int64_t>(set.times.size()));
      set.weights.push_back(1.0f);
    }
    set.user_offsets.push_back(set.items_seq.size());
  }
  return set;
}

}  // namespace edgerec::testing
