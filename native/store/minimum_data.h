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

/// How far check_minimum_data counts users with two or more interactions.
enum class UserCount {
  kUntilMet,  ///< stop at kMinimumUsersWithTwo: enough to decide, quick on any data (import jobs)
  kExact,     ///< every user: what `edgerec describe` shows
};

struct MinimumDataReport {
  int64_t interactions = 0;
  /// Users with >= 2 interactions; with UserCount::kUntilMet at most kMinimumUsersWithTwo.
  int64_t users_with_two = 0;
  bool exact = false;  ///< users_with_two is the full count
  bool meets_minimum() const {
    return interactions >= kMinimumInteractions && users_with_two >= kMinimumUsersWithTwo;
  }
};

/// Counts the group's interactions and its users with at least two of them (bulk and streamed).
Result<MinimumDataReport> check_minimum_data(sql::Database& db, UserCount count);

/// {"interactions":N,"usersWithAtLeast2Interactions":M,"required":{...},"meetsMinimum":bool},
/// plus "usersCountedUpTo":25 when M was not counted to the end.
void write_minimum_data(JsonWriter& writer, const MinimumDataReport& report);

}  // namespace edgerec
