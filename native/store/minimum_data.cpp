// The minimum-data check.
#include "store/minimum_data.h"

#include <unordered_map>

#include "store/bulk_rows.h"

namespace edgerec {

Result<MinimumDataReport> check_minimum_data(sql::Database& db, UserCount count) {
  MinimumDataReport report;
  sql::ReadSnapshot snapshot(db);
  EDGEREC_RETURN_IF_ERROR(snapshot.begin());
  EDGEREC_ASSIGN_OR_RETURN(const std::string counted, counted_bulk_rows(db));
  EDGEREC_ASSIGN_OR_RETURN(const int64_t bulk, db.query_int("SELECT count(*) FROM interactions_bulk" + where_counted(counted)));
  EDGEREC_ASSIGN_OR_RETURN(const int64_t put, db.query_int("SELECT count(*) FROM interactions_put WHERE user_idx IS NOT NULL"));
  report.interactions = bulk + put;
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement users, db.prepare("SELECT user_idx FROM interactions_bulk" + where_counted(counted) + " UNION ALL "
                                                            "SELECT user_idx FROM interactions_put WHERE user_idx IS NOT NULL"));
  std::unordered_map<int64_t, uint8_t> seen;
  report.exact = count == UserCount::kExact;
  while (report.exact || report.users_with_two < kMinimumUsersWithTwo) {
    EDGEREC_ASSIGN_OR_RETURN(const bool row, users.step());
    if (!row) break;
    uint8_t& seen_count = seen[users.column_int(0)];
    if (seen_count < 2 && ++seen_count == 2) ++report.users_with_two;
  }
  return report;
}

void write_minimum_data(JsonWriter& w, const MinimumDataReport& report) {
  w.begin_object();
  w.key("interactions");
  w.integer(report.interactions);
  w.key("usersWithAtLeast2Interactions");
  w.integer(report.users_with_two);
  if (!report.exact) {
    w.key("usersCountedUpTo");
    w.integer(kMinimumUsersWithTwo);
  }
  w.key("required");
  w.begin_object();
  w.key("interactions");
  w.integer(kMinimumInteractions);
  w.key("usersWithAtLeast2Interactions");
  w.integer(kMinimumUsersWithTwo);
  w.end_object();
  w.key("meetsMinimum");
  w.boolean(report.meets_minimum());
  w.end_object();
}

}  // namespace edgerec
