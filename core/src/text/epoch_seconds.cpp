// The epoch-seconds rule (see epoch_seconds.h).
#include "edgerec/epoch_seconds.h"

#include <cmath>
#include <string>

#include "edgerec/json.h"

namespace edgerec {

Status check_epoch_seconds(double seconds, EpochRange range, std::string_view field) {
  const std::string name(field);
  if (!std::isfinite(seconds)) {
    return invalid_input("expected epoch seconds, got " + std::string(std::isnan(seconds) ? "NaN" : "infinity"));
  }
  const std::string text = shortest_number_text(seconds);
  const double limit = static_cast<double>(kFirstImplausibleTimestamp);
  if (seconds >= limit || seconds <= -limit) {
    return invalid_input("got " + text + ", which looks like milliseconds; " + name + " must be epoch seconds");
  }
  if (range == EpochRange::kFrom1970 && seconds < 0) {
    return invalid_input("expected epoch seconds from 0 (1970) on, got " + text);
  }
  return Status::ok_status();
}

}  // namespace edgerec
