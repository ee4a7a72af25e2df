// The --metadata-columns flag of `edgerec recommend` and `edgerec rank`: a comma-separated list
// of Items columns, e.g. --metadata-columns GENRE,PRICE, becomes the request's
// {"metadataColumns":{"ITEMS":["GENRE","PRICE"]}}; the core checks the names.
#pragma once

#include "cli/args.h"
#include "cli/command_spec.h"
#include "edgerec/json.h"
#include "edgerec/status.h"

namespace edgerec::cli {

/// --metadata-columns, for a command's flags.
FlagSpec metadata_columns_flag();

/// Adds the metadataColumns member to the request object being written, if the flag is given.
Status add_metadata_columns_field(const Args& args, JsonWriter& request);

}  // namespace edgerec::cli
