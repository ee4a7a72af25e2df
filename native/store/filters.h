// Named filters (Personalize's CreateFilter): an expression recorded in the group's store (the
// filters table), referred to by its ARN (filterArn) in GetRecommendations and
// GetPersonalizedRanking. Its syntax is checked when it is created (Runtime::check_filter_expression);
// its fields against the solution each request is served from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edgerec/json.h"
#include "edgerec/limits.h"
#include "edgerec/status.h"
#include "store/arns.h"
#include "store/dataset_group.h"

namespace edgerec {

struct FilterRecord {
  std::string name;
  std::string expression;
  std::string status = "ACTIVE";
  int64_t created_at = 0;
  int64_t updated_at = 0;
};


/// Checks the name and the expression, then records it (AlreadyExists when the name is taken,
/// ResourceExhausted (LimitExceeded) when the group has kMaxFiltersPerGroup filters).
Status insert_filter(DatasetGroup& group, const FilterRecord& filter);
Status delete_filter(DatasetGroup& group, const std::string& name);
Result<std::optional<FilterRecord>> find_filter(DatasetGroup& group, const std::string& name);
Result<std::vector<FilterRecord>> list_filters(DatasetGroup& group);

/// Personalize's Filter object (DescribeFilter's "filter"): name, filterArn, datasetGroupArn,
/// filterExpression, status, times; `summary` leaves the expression out (ListFilters).
void write_filter_json(JsonWriter& w, const HomeIdentity& identity, const std::string& group_name,
                       const FilterRecord& filter, bool summary = false);

}  // namespace edgerec
