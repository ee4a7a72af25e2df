// A small JSON reader and writer for requests and responses crossing the C ABI.
//
// The reader builds a DOM, keeps object members in document order, rejects duplicate keys (in
// O(n log n): a 100,000-member request must not cost n^2 comparisons), nesting deeper than 64
// and a leading byte order mark (RFC 8259 lets readers ignore one; JSON.parse and most strict
// readers refuse it, so the same bytes mean the same thing here and in JS), and reports errors
// with a byte offset. The writer produces compact JSON with the same bytes on every target
// (floats use the shortest round-trip form).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "edgerec/status.h"

namespace edgerec {

class JsonValue {
 public:
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  using Member = std::pair<std::string, JsonValue>;

  JsonValue() = default;
  static JsonValue boolean(bool b);
  static JsonValue number(double d);
  static JsonValue string(std::string s);
  static JsonValue array(std::vector<JsonValue> items);
  static JsonValue object(std::vector<Member> members);

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  bool is_bool() const { return type_ == Type::kBool; }
  bool is_number() const { return type_ == Type::kNumber; }
  bool is_string() const { return type_ == Type::kString; }
  bool is_array() const { return type_ == Type::kArray; }
  bool is_object() const { return type_ == Type::kObject; }

  bool as_bool() const { return bool_; }
  double as_number() const { return number_; }
  const std::string& as_string() const { return string_; }
  const std::vector<JsonValue>& items() const { return items_; }
  const std::vector<Member>& members() const { return members_; }
  /// The member named `key` of an object, or nullptr.
  const JsonValue* find(std::string_view key) const;

 private:
  Type type_ = Type::kNull;
  bool bool_ = false;
  double number_ = 0.0;
  std::string string_;
  std::vector<JsonValue> items_;
  std::vector<Member> members_;
};

/// "null", "boolean", "number", "string", "array" or "object".
const char* json_type_name(JsonValue::Type type);

/// Parses one JSON document. `what` names it in errors ("request: ... at byte 17").
Result<JsonValue> parse_json(std::string_view text, std::string_view what);

/// Appends compact JSON to a string. The caller keeps the nesting well-formed.
class JsonWriter {
 public:
  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view k);
  void string(std::string_view s);
  void number(double d);
  void number_float(float f);  ///< shortest text that reads back as the same float
  void integer(int64_t i);
  void boolean(bool b);
  void null();
  /// Inserts `json` as a value; the caller guarantees it is one complete, valid JSON value.
  void raw(std::string_view json);

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void separate();
  std::string out_;
  bool need_comma_ = false;
};

/// The shortest text that reads back as `d` ("12.5", "3", "1e+300"); integers up to 2^53 without
/// a fraction or exponent; "null" for NaN and infinities. JsonWriter::number writes this.
std::string shortest_number_text(double d);

/// Appends `s` as a quoted JSON string (escaping quotes, backslashes and control characters).
/// UTF-8 is kept; a byte that is not part of well-formed UTF-8 is written as \ufffd, so the
/// output is always valid JSON whatever bytes a message quotes.
void append_json_string(std::string& out, std::string_view s);

}  // namespace edgerec
