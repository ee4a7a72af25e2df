// Data deletion jobs: Amazon Personalize's CreateDataDeletionJob against a local dataset group.
//
// Deletes every reference to the given users, in one transaction:
// - their interactions, imported (interactions_bulk) and streamed (interactions_put);
// - the anonymous events of any session in which they sent an event (sessionId-only events that
//   a retrain would merge into their history, and so are theirs); if a device was shared, the
//   session's anonymous events go too: deletion errs on the side of forgetting;
// - their row in the Users dataset (`users`), if the group has one;
// - their entry in the user_ids dictionary, so the id string itself is gone.
// Later training cannot see them. Ids the group has never seen are not an error: they count
// among the users requested, not among those deleted.
//
// Each call records a data_deletion_jobs row: COMPLETED with num_deleted = the number of users
// deleted (users, as Personalize's numDeleted counts, not rows; the message gives row counts),
// or FAILED with the reason, in which case nothing was deleted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "edgerec/status.h"
#include "store/dataset_group.h"

namespace edgerec {

struct DataDeletionResult {
  int64_t job_id = 0;
  size_t users_requested = 0;  ///< distinct ids asked for
  size_t users_deleted = 0;    ///< of those, the ones the group knew (Personalize's numDeleted)
  size_t bulk_rows = 0;        ///< interactions_bulk rows removed
  size_t streamed_rows = 0;    ///< interactions_put rows carrying the users' ids
  size_t anonymous_rows = 0;   ///< interactions_put rows of their sessions without a userId
  size_t user_rows = 0;        ///< rows of the Users dataset removed

  /// {"jobId":..,"status":"COMPLETED","usersRequested":..,"numDeleted":..,"interactionsDeleted":{..},"userRowsDeleted":..}
  std::string to_json() const;
};

/// Reads a CSV whose header is the single column USER_ID (Personalize's deletion input), one id
/// per row. Errors name file, line and column.
Result<std::vector<std::string>> read_user_ids_csv(const std::string& path);

/// Runs a data deletion job for `user_ids` (each 1-256 characters; at least one). On failure the
/// group is unchanged and a FAILED job is recorded with the reason. `pending_job_id`: a job the
/// control plane recorded PENDING, which this run completes instead of recording a new one.
Result<DataDeletionResult> delete_user_data(DatasetGroup& group, const std::vector<std::string>& user_ids,
                                            int64_t pending_job_id = 0);

/// Records a FAILED job for input that could not be read (the CLI's unreadable CSV), so that
/// `describe` shows the attempt as Personalize's job list would.
Status record_failed_deletion_job(DatasetGroup& group, size_t users_requested, const std::string& message,
                                  int64_t pending_job_id = 0);

}  // namespace edgerec
