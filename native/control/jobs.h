// The control plane's background jobs, by kind and id: what an operation records CREATE PENDING
// and a worker later runs (job_worker.h, job_runner.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "edgerec/status.h"

namespace edgerec::control {

enum class JobKind { kImport, kSolutionVersion, kDataDeletion, kBatch };

const char* job_kind_name(JobKind kind);  ///< "import", "solution-version", "data-deletion", "batch"
Result<JobKind> parse_job_kind(std::string_view name);

struct PendingJob {
  std::string group_dir;
  JobKind kind;
  std::string id;  ///< import job id, solution version id, deletion job id
  int64_t created_at = 0;
};

}  // namespace edgerec::control
