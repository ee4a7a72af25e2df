// Timestamps as Amazon Personalize takes them: epoch seconds. One rule for every place that reads
// one (CSV imports, schema fields, PutEvents' sentAt on the server and on the device), so a value
// one of them accepts is never refused by another.
#pragma once

#include <cstdint>
#include <string_view>

#include "edgerec/status.h"

namespace edgerec {

/// From 10^11 seconds (the year 5138) on a timestamp is taken for milliseconds, a common export
/// mistake (JavaScript's Date.now()) that would otherwise put every event thousands of years ahead.
/// The same bound below zero.
inline constexpr int64_t kFirstImplausibleTimestamp = 100'000'000'000;

enum class EpochRange : uint8_t {
  kAnyYear,   ///< a schema field of type long (TIMESTAMP, CREATION_TIMESTAMP): before 1970 too
  kFrom1970,  ///< an event being sent now (PutEvents sentAt): not negative
};

/// OK, or InvalidInput saying what is wrong, for the caller to prefix with where (a file, line
/// and column; an event's path): "got 1700000000000, which looks like milliseconds; TIMESTAMP must
/// be epoch seconds", "expected epoch seconds from 0 (1970) on, got -5", "expected epoch seconds,
/// got NaN". `field` names the field in the first.
Status check_epoch_seconds(double seconds, EpochRange range, std::string_view field);

}  // namespace edgerec
