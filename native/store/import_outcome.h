// What a bulk load reports back to its import job: rows read and stored, and the first errors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "edgerec/status.h"

namespace edgerec {

/// An import job keeps (and reports) this many errors; past the tenth a bad file is bad enough.
inline constexpr size_t kMaxReportedErrors = 10;

struct ImportOutcome {
  uint64_t rows_read = 0;      ///< data records parsed (including bad ones)
  uint64_t rows_imported = 0;  ///< records written (all of them roll back if the job fails)
  std::vector<Status> errors;  ///< the first kMaxReportedErrors errors
  uint64_t error_count = 0;
  std::vector<std::string> warnings;
  uint64_t truncated_values = 0;  ///< textual values cut to 20,000 characters

  void add_error(Status status) {
    ++error_count;
    if (errors.size() < kMaxReportedErrors) errors.push_back(std::move(status));
  }
  bool failed() const { return error_count != 0; }
  /// The first error (ok if none).
  Status first_error() const { return errors.empty() ? Status::ok_status() : errors.front(); }
};

}  // namespace edgerec
