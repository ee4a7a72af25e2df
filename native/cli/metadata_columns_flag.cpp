// --metadata-columns.
#include "cli/metadata_columns_flag.h"

#include "cli/commands.h"

#include <string>

namespace edgerec::cli {

FlagSpec metadata_columns_flag() {
  return text_flag("metadata-columns", "A,B", "Items columns to return with each item, comma-separated");
}

Status add_metadata_columns_field(const Args& args, JsonWriter& request) {
  const auto list = args.get("metadata-columns");
  if (!list) return Status::ok_status();
  request.key("metadataColumns");
  request.begin_object();
  request.key("ITEMS");
  request.begin_array();
  write_comma_separated(*list, request);
  request.end_array();
  request.end_object();
  return Status::ok_status();
}

}  // namespace edgerec::cli
