// A solution version's metadata as JSON: what `edgerec describe-solution`, Runtime::describe_json,
// edgerec_runtime_describe and rt.describe() print (recipe, hyperparameters, solution config,
// training data, metrics, the auto recipe's trials, catalog sizes).
#pragma once

#include <string>

#include "edgerec/solution.h"

namespace edgerec {

std::string describe_solution_json(const Solution& solution);

}  // namespace edgerec
