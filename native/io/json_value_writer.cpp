// Writing a parsed JSON value back out (see json_value_writer.h).
#include "io/json_value_writer.h"

namespace edgerec {

void write_json_value(JsonWriter& w, const JsonValue& value) {
  switch (value.type()) {
    case JsonValue::Type::kNull: w.null(); break;
    case JsonValue::Type::kBool: w.boolean(value.as_bool()); break;
    case JsonValue::Type::kNumber: w.number(value.as_number()); break;
    case JsonValue::Type::kString: w.string(value.as_string()); break;
    case JsonValue::Type::kArray:
      w.begin_array();
      for (const JsonValue& item : value.items()) write_json_value(w, item);
      w.end_array();
      break;
    case JsonValue::Type::kObject:
      w.begin_object();
      for (const auto& [key, member] : value.members()) {
        w.key(key);
        write_json_value(w, member);
      }
      w.end_object();
      break;
  }
}

}  // namespace edgerec
