// The filter flags of `edgerec recommend` and `edgerec rank`: --filter EXPR becomes the request's
// filterExpression, --filter-values JSON its filterValues object, e.g.
//   --filter 'INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)' --filter-values '{"GENRE":"\"drama\""}'
#pragma once

#include "cli/args.h"
#include "edgerec/json.h"
#include "edgerec/status.h"

namespace edgerec::cli {

/// Adds filterExpression / filterValues members to the request object being written. The core
/// checks their content; only --filter-values being one JSON object is checked here.
Status add_filter_fields(const Args& args, JsonWriter& request);

}  // namespace edgerec::cli
