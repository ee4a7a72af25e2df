// The solution config's event selection and weights (see event_weighting.h).
#include "edgerec/event_weighting.h"

#include <cstdlib>

#include "edgerec/solution_generated.h"

namespace edgerec {
namespace {

std::optional<double> parse_number(std::string_view text) {
  const std::string s(text);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0' || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace

EventWeighting::EventWeighting(const Solution& solution) {
  if (const auto* hp = solution.root().metadata()->hyperparameters()) {
    for (const fb::KeyValue* kv : *hp) {
      if (kv->key()->string_view() == "event_value_weighting" && kv->value() != nullptr) {
        by_value_ = parse_number(kv->value()->string_view()).value_or(0.0) == 1.0;
      }
    }
  }
  const auto* config = solution.root().metadata()->solution_config();
  if (config == nullptr) return;
  constexpr std::string_view kWeightPrefix = "eventWeight.";
  for (const fb::KeyValue* kv : *config) {
    if (kv->value() == nullptr) continue;
    const std::string_view key = kv->key()->string_view();
    const std::string_view value = kv->value()->string_view();
    if (key == "eventType") {
      event_type_ = std::string(value);
    } else if (key == "eventValueThreshold") {
      value_threshold_ = parse_number(value);
    } else if (key.substr(0, kWeightPrefix.size()) == kWeightPrefix) {
      if (const auto w = parse_number(value)) weights_[std::string(key.substr(kWeightPrefix.size()))] = static_cast<float>(*w);
    }
  }
}

float EventWeighting::stored_weight(std::string_view event_type) const {
  if (event_type_ && event_type != *event_type_) return 0.0f;
  const auto it = weights_.find(std::string(event_type));
  return it == weights_.end() ? 1.0f : it->second;
}

float EventWeighting::weight(std::string_view event_type, float value) const {
  if (value_threshold_ && (std::isnan(value) || static_cast<double>(value) < *value_threshold_)) return 0.0f;
  const float w = stored_weight(event_type);
  return by_value_ ? w * event_value_factor(value) : w;
}

}  // namespace edgerec
