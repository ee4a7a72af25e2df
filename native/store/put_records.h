// PutItems / PutUsers (Personalize's personalize-events API): 1 to 10 records per call, each
// {"itemId" | "userId": "...", "properties": "<JSON object as a string>"}. Property keys are
// camelCase and map to the schema's SNAKE_CASE fields (numRatings -> NUM_RATINGS); values are
// typed by the same rules as CSV imports (field_value.h). A record with an id that exists is
// replaced (upsert). Records are stored with source = put, so FULL imports keep them. The call
// is all-or-nothing: any invalid record rejects the whole call.
#pragma once

#include <cstddef>
#include <string_view>

#include "edgerec/limits.h"
#include "edgerec/status.h"
#include "schema/dataset_schema.h"
#include "store/dataset_group.h"

namespace edgerec {


struct PutRecordsResult {
  size_t created = 0;  ///< records with a new id
  size_t updated = 0;  ///< records that replaced one with the same id
};

/**
 * Stores `records_json` (a JSON array of records) into the items or users dataset (`type`).
 * @return counts, or InvalidInput naming the record (0-based index, as Personalize's API
 *   does), the property and the rule; FailedPrecondition if the dataset was not created.
 */
Result<PutRecordsResult> put_records(DatasetGroup& group, DatasetType type, std::string_view records_json);

inline Result<PutRecordsResult> put_items(DatasetGroup& group, std::string_view items_json) {
  return put_records(group, DatasetType::kItems, items_json);
}
inline Result<PutRecordsResult> put_users(DatasetGroup& group, std::string_view users_json) {
  return put_records(group, DatasetType::kUsers, users_json);
}

}  // namespace edgerec
