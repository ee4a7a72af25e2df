// Which events a model uses, and with what weight: Personalize's solution config as the trainer
// applied it (native/interactions/training_set.cpp), read back from the solution's metadata
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

/// How much an event's EVENT_VALUE adds to its weight when a model weights by value (the
/// user-personalization hyperparameter event_value_weighting=1: counts, quantities, ratings as
/// confidence): 1 + log(1 + value), so a count of 1 weighs 1.69 and 100 weighs 5.6; events
/// without a positive value weigh 1. The trainer and fold-in both call this.
inline float event_value_factor(float value) {
  return std::isnan(value) || !(value > 0.0f) ? 1.0f : 1.0f + std::log1p(value);
}

class EventWeighting {
 public:
  /// Every event with weight 1 (no solution config).
  EventWeighting() = default;
  /// The solution config recorded in `solution`'s metadata.
  explicit EventWeighting(const Solution& solution);

  /// The weight an event of `event_type` with `value` (NaN: none) trains with; 0 if the model
  /// does not use it (another eventType was selected, its weight is 0, or its value is missing or
  /// below eventValueThreshold). Event types match exactly, as in training. Times
  /// event_value_factor(value) when the model weights by value.
  float weight(std::string_view event_type, float value) const;

  /// The weight of an event already in the model's stored history, which training selected
  /// (value threshold included): only the type's weight applies.
  float stored_weight(std::string_view event_type) const;

 private:
  std::optional<std::string> event_type_;
  std::optional<double> value_threshold_;
  std::unordered_map<std::string, float> weights_;
  bool by_value_ = false;  ///< hyperparameter event_value_weighting = 1
};

}  // namespace edgerec
