// Which events a model uses, and with what weight: Personalize's solution config as the trainer
// applied it (native/train/training_set.cpp), read back from the solution's metadata
// (solutionConfig: eventType, eventValueThreshold, eventWeight.<TYPE>), so that events arriving
// at serving time count exactly as the same events counted in training.
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "edgerec/solution.h"

namespace edgerec {

class EventWeighting {
 public:
  /// Every event with weight 1 (no solution config).
  EventWeighting() = default;
  /// The solution config recorded in `solution`'s metadata.
  explicit EventWeighting(const Solution& solution);

  /// The weight an event of `event_type` with `value` (NaN: none) trains with; 0 if the model
  /// does not use it (another eventType was selected, its weight is 0, or its value is missing or
  /// below eventValueThreshold). Event types match exactly, as in training.
  float weight(std::string_view event_type, float value) const;

  /// The weight of an event already in the model's stored history, which training selected
  /// (value threshold included): only the type's weight applies.
  float stored_weight(std::string_view event_type) const;

 private:
  std::optional<std::string> event_type_;
  std::optional<double> value_threshold_;
  std::unordered_map<std::string, float> weights_;
};

}  // namespace edgerec
