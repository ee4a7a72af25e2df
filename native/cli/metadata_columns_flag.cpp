// --metadata-columns.
#include "cli/metadata_columns_flag.h"

#include <string>

namespace edgerec::cli {

Status add_metadata_columns_field(const Args& args, JsonWriter& request) {
  const auto list = args.get("metadata-columns");
  if (!list) return Status::ok_status();
  request.key("metadataColumns");
  request.begin_object();
  request.key("ITEMS");
  request.begin_array();
  // Empty parts are kept so that the core names them ("must not be empty"), as for JSON input.
  size_t start = 0;
  for (;;) {
    const size_t comma = list->find(',', start);
    request.string(list->substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  request.end_array();
  request.end_object();
  return Status::ok_status();
}

}  // namespace edgerec::cli
