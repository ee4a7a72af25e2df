// --events FILE.json (see events_flag.h).
#include "cli/events_flag.h"

#include "edgerec/json.h"
#include "io/file_io.h"
#include "io/json_value_writer.h"

namespace edgerec::cli {

FlagSpec events_flag() {
  return path_flag("events", "FILE.json",
                   "PutEvents bodies (one, or a JSON array of them) applied to the runtime's sessions first");
}

Status apply_events_file(Runtime& runtime, const std::string& path) {
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<uint8_t> bytes, read_file(path));
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue root, parse_json(text, path));
  if (!root.is_array()) {
    const auto applied = runtime.put_events_json(text);
    if (!applied.ok()) return Status(applied.status().code(), path + ": " + applied.status().message());
    return Status();
  }
  for (size_t i = 0; i < root.items().size(); ++i) {
    JsonWriter w;
    write_json_value(w, root.items()[i]);
    const auto applied = runtime.put_events_json(w.str());
    if (!applied.ok()) {
      return Status(applied.status().code(), path + "[" + std::to_string(i) + "]: " + applied.status().message());
    }
  }
  return Status();
}

}  // namespace edgerec::cli
