// The Personalize control plane over a home: Personalize's management operations by name, with
// their request and response bodies as JSON (AWS JSON 1.1), for `edgerec serve`
// (`X-Amz-Target: AmazonPersonalize.<Operation>`) and the CLI (`edgerec api`) alike, so what one
// creates the other lists. Jobs (dataset imports, solution versions, data deletions) are recorded
// pending and run by a JobRunner (job_runner.h) in worker processes.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "control/data_locations.h"
#include "control/jobs.h"
#include "edgerec/status.h"

namespace edgerec::control {

struct ControlPlaneOptions {
  std::string home;
  DataLocations locations;
  /// Called when an operation recorded a job, so whoever runs jobs starts it without waiting.
  std::function<void(const PendingJob& job)> job_recorded;
};

class ControlPlane {
 public:
  explicit ControlPlane(ControlPlaneOptions options) : options_(std::move(options)) {}

  enum class Support { kSupported, kNotSupported, kUnknown };
  /// Whether `operation` is one edgerec implements, one of Personalize's it does not, or no
  /// Personalize operation at all.
  static Support support(std::string_view operation);
  /// Personalize's operations edgerec implements, in the order of the service's reference.
  static std::vector<std::string> supported_operations();
  /// Whether a successful `operation` changes what the server deploys (campaigns, filters,
  /// event trackers, dataset groups): the server reads its home again at once.
  static bool changes_deployment(std::string_view operation);

  /// Runs a supported operation on its JSON request body; the response body, or the error.
  Result<std::string> call(std::string_view operation, std::string_view body) const;

  /// edgerec's own read-only operations the console uses (X-Amz-Target: Edgerec.OP;
  /// console_operations.cpp): whether `operation` is one, their names, and running one.
  static bool is_extension(std::string_view operation);
  static std::vector<std::string> extension_operations();
  Result<std::string> call_extension(std::string_view operation, std::string_view body) const;
  /// The error type Personalize gives for `status` where it is not the status code's (the
  /// server maps codes, aws_error.h): InvalidNextTokenException for a bad nextToken. Empty
  /// otherwise.
  static std::string error_type(const Status& status);

  const DataLocations& locations() const { return options_.locations; }

 private:
  ControlPlaneOptions options_;
};

}  // namespace edgerec::control
