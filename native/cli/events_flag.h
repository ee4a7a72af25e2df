// The --events FILE.json flag of `edgerec recommend` and `edgerec rank`: the file holds one
// PutEvents body or a JSON array of them, applied in order to the freshly loaded runtime before
// the request, so the CLI answers as a runtime that has seen those events (the same as a JS
// runtime after rt.putEvents(...) with the same bodies).
#pragma once

#include <string>

#include "cli/command_spec.h"
#include "edgerec/runtime.h"
#include "edgerec/status.h"

namespace edgerec::cli {

/// --events, for a command's flags.
FlagSpec events_flag();

/// Applies the PutEvents bodies in `path` to `runtime`. Errors name the file (and the array
/// index), e.g. "events.json[1]: eventList[0].sentAt: is required".
Status apply_events_file(Runtime& runtime, const std::string& path);

}  // namespace edgerec::cli
