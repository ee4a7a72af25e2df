// Personalize's minimum data for training, checked against what a dataset group holds: at least
// 1,000 interactions and at least 25 users with 2 or more interactions each (bulk and streamed
// together). Reported by import jobs and `edgerec describe`.
#pragma once

#include <cstdint>

#include "edgerec/json.h"
#include "edgerec/status.h"
#include "store/sqlite.h"

namespace edgerec {

inline constexpr int64_t kMinimumInteractions = 1000;
inline constexpr int64_t kMinimumUsersWithTwo = 25;

struct MinimumDataReport {
  int64_t interactions = 0;
  /// Users with >= 2 interactions, counted up to kMinimumUsersWithTwo (the scan stops there).
  int64_t users_with_two = 0;
  bool meets_minimum() const {
    return interactions >= kMinimumInteractions && users_with_two >= kMinimumUsersWithTwo;
  }
};

/// Counts the group's interactions and its users with at least two of them. The user scan stops
/// as soon as 25 are found, so it is quick for real data whatever its size.
Result<MinimumDataReport> check_minimum_data(sql::Database& db);

/// {"interactions":N,"usersWithAtLeast2Interactions":M,"required":{...},"meetsMinimum":bool}
/// (M is "25+" style capped: the scan stops at 25).
void write_minimum_data(JsonWriter& writer, const MinimumDataReport& report);

}  // namespace edgerec
