// Solutions and solution versions by ARN (solution/NAME, solution/NAME/ID), shared by the
// solution, solution-version and campaign operations.
#pragma once

#include <string>
#include <string_view>

#include "control/home.h"
#include "edgerec/json.h"
#include "store/solutions.h"

namespace edgerec::control {

struct SolutionRef {
  DatasetGroup group;
  SolutionRecord solution;
};
struct SolutionVersionRef {
  DatasetGroup group;
  SolutionVersionRecord version;
};

std::string solution_arn(const Home& home, const std::string& solution);
std::string solution_version_arn(const Home& home, const SolutionVersionRecord& version);

/// NotFound when no group of the home has the solution.
Result<SolutionRef> solution_of_arn(const Home& home, std::string_view arn, std::string_view field);
/// NotFound when no group of the home has the version (its id is unique in the home).
Result<SolutionVersionRef> solution_version_of_arn(const Home& home, std::string_view arn, std::string_view field);

/// Personalize's SolutionVersionSummary fields (arn, status, trainingMode, times, failureReason)
/// into the object `w` has open.
void write_version_summary_fields(JsonWriter& w, const Home& home, const SolutionVersionRecord& v);

}  // namespace edgerec::control
