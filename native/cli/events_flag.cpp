// --events FILE.json (see events_flag.h).
#include "cli/events_flag.h"

#include "edgerec/json.h"
#include "io/file_io.h"

namespace edgerec::cli {
namespace {

void write_value(JsonWriter& w, const JsonValue& v) {
  switch (v.type()) {
    case JsonValue::Type::kNull: w.null(); break;
    case JsonValue::Type::kBool: w.boolean(v.as_bool()); break;
    case JsonValue::Type::kNumber: w.number(v.as_number()); break;
    case JsonValue::Type::kString: w.string(v.as_string()); break;
    case JsonValue::Type::kArray:
      w.begin_array();
      for (const JsonValue& item : v.items()) write_value(w, item);
      w.end_array();
      break;
    case JsonValue::Type::kObject:
      w.begin_object();
      for (const auto& [name, member] : v.members()) {
        w.key(name);
        write_value(w, member);
      }
      w.end_object();
      break;
  }
}

}  // namespace

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
    write_value(w, root.items()[i]);
    const auto applied = runtime.put_events_json(w.str());
    if (!applied.ok()) {
      return Status(applied.status().code(), path + "[" + std::to_string(i) + "]: " + applied.status().message());
    }
  }
  return Status();
}

}  // namespace edgerec::cli
