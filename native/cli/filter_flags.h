// The filter flags of `edgerec recommend` and `edgerec rank`: --filter EXPR becomes the request's
// filterExpression, --filter-values JSON its filterValues object, e.g.
//   --filter 'INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)' --filter-values '{"GENRE":"\"drama\""}'
#pragma once

#include <vector>

#include "cli/args.h"
#include "cli/command_spec.h"
#include "edgerec/json.h"
#include "edgerec/status.h"

namespace edgerec::cli {

/// --filter and --filter-values, for a command's flags.
std::vector<FlagSpec> filter_flags();

/// Adds filterExpression / filterValues members to the request object being written. The core
/// checks their content; only --filter-values being one JSON object is checked here.
Status add_filter_fields(const Args& args, JsonWriter& request);

}  // namespace edgerec::cli
