// What a bulk load reports back to its import job: rows read and stored, and the first errors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "edgerec/status.h"

namespace edgerec {

/// An import job keeps (and reports) this many errors; it reads on to count the bad rows in all.
inline constexpr size_t kMaxReportedErrors = 10;

struct ImportOutcome {
  uint64_t rows_read = 0;      ///< data records parsed (including bad ones)
  uint64_t rows_imported = 0;  ///< records written (all of them roll back if the job fails)
  std::vector<Status> errors;  ///< the first kMaxReportedErrors errors
  uint64_t error_count = 0;    ///< every error: bad rows (one each), and a reading or storing failure
  std::vector<std::string> warnings;
  uint64_t truncated_values = 0;  ///< textual values cut to 20,000 characters

  void add_error(Status status) {
    ++error_count;
    if (errors.size() < kMaxReportedErrors) errors.push_back(std::move(status));
  }
  bool failed() const { return error_count != 0; }
  /// The first error (ok if none).
  Status first_error() const { return errors.empty() ? Status::ok_status() : errors.front(); }
  /// What a failed job says: the first error, and how many there were in all when more than one,
  /// e.g. "f.csv:3:2 (ITEM_ID): ... (173 errors in 5000 rows; the first 10 are listed)".
  std::string failure_message() const {
    std::string message = first_error().message();
    if (error_count > 1) {
      message += " (" + std::to_string(error_count) + " errors in " + std::to_string(rows_read) + " rows";
      message += error_count > errors.size() ? "; the first " + std::to_string(errors.size()) + " are listed)" : ")";
    }
    return message;
  }
};

}  // namespace edgerec
