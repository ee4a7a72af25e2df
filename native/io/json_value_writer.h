// Writing a parsed JSON value back out with JsonWriter: compact, members in their order, numbers
// in JsonWriter's shortest form. For the places that pass parsed JSON on (schemas stored on one
// line, PutEvents bodies split from an array, metrics copied from a description).
#pragma once

#include "edgerec/json.h"

namespace edgerec {

/// Appends `value` to what `w` is writing.
void write_json_value(JsonWriter& w, const JsonValue& value);

}  // namespace edgerec
