// JSON reader (strict RFC 8259, DOM, byte offsets in errors) and compact writer.
#include "edgerec/json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "edgerec/limits.h"
#include "edgerec/message_text.h"
#include "edgerec/utf8.h"
#include "text/float_text.h"

namespace edgerec {

JsonValue JsonValue::boolean(bool b) {
  JsonValue v;
  v.type_ = Type::kBool;
  v.bool_ = b;
  return v;
}
JsonValue JsonValue::number(double d) {
  JsonValue v;
  v.type_ = Type::kNumber;
  v.number_ = d;
  return v;
}
JsonValue JsonValue::string(std::string s) {
  JsonValue v;
  v.type_ = Type::kString;
  v.string_ = std::move(s);
  return v;
}
JsonValue JsonValue::array(std::vector<JsonValue> items) {
  JsonValue v;
  v.type_ = Type::kArray;
  v.items_ = std::move(items);
  return v;
}
JsonValue JsonValue::object(std::vector<Member> members) {
  JsonValue v;
  v.type_ = Type::kObject;
  v.members_ = std::move(members);
  return v;
}

const JsonValue* JsonValue::find(std::string_view key) const {
  for (const Member& m : members_) {
    if (m.first == key) return &m.second;
  }
  return nullptr;
}

const char* json_type_name(JsonValue::Type type) {
  switch (type) {
    case JsonValue::Type::kNull: return "null";
    case JsonValue::Type::kBool: return "boolean";
    case JsonValue::Type::kNumber: return "number";
    case JsonValue::Type::kString: return "string";
    case JsonValue::Type::kArray: return "array";
    case JsonValue::Type::kObject: return "object";
  }
  return "unknown";
}

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// The names of an object's members read so far, for the duplicate check: indices into the
// members vector ordered by name, looked up by name in O(log n). (Indices, not views: the
// vector moves its strings when it grows.)
class MemberNames {
 public:
  explicit MemberNames(const std::vector<JsonValue::Member>& members) : indices_(ByName{&members}) {}
  bool contains(std::string_view name) const { return indices_.find(name) != indices_.end(); }
  void add(size_t index) { indices_.insert(index); }

 private:
  struct ByName {
    using is_transparent = void;
    const std::vector<JsonValue::Member>* members;
    std::string_view name(size_t i) const { return (*members)[i].first; }
    bool operator()(size_t a, size_t b) const { return name(a) < name(b); }
    bool operator()(size_t a, std::string_view b) const { return name(a) < b; }
    bool operator()(std::string_view a, size_t b) const { return a < name(b); }
  };
  std::set<size_t, ByName> indices_;
};

class Parser {
 public:
  Parser(std::string_view text, std::string_view what) : text_(text), what_(what) {}

  Result<JsonValue> parse_document() {
    skip_space();
    JsonValue value;
    EDGEREC_RETURN_IF_ERROR(parse_value(value, 0));
    skip_space();
    if (pos_ != text_.size()) return error("unexpected text after the JSON value");
    return value;
  }

 private:
  Status error(const std::string& message) const {
    return invalid_input(std::string(what_) + " is not valid JSON: " + message + " at byte " +
                         std::to_string(pos_));
  }

  void skip_space() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool consume_literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  Status parse_value(JsonValue& out, int depth) {
    if (depth > kMaxJsonDepth) return error("nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    if (pos_ >= text_.size()) return error(pos_ == 0 ? "empty input" : "unexpected end of input");
    const char c = text_[pos_];
    switch (c) {
      case '{': return parse_object(out, depth);
      case '[': return parse_array(out, depth);
      case '"': {
        std::string s;
        EDGEREC_RETURN_IF_ERROR(parse_string(s));
        out = JsonValue::string(std::move(s));
        return Status::ok_status();
      }
      case 't':
        if (!consume_literal("true")) return error("invalid literal");
        out = JsonValue::boolean(true);
        return Status::ok_status();
      case 'f':
        if (!consume_literal("false")) return error("invalid literal");
        out = JsonValue::boolean(false);
        return Status::ok_status();
      case 'n':
        if (!consume_literal("null")) return error("invalid literal");
        out = JsonValue();
        return Status::ok_status();
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return parse_number(out);
        if (text_.substr(pos_, kByteOrderMark.size()) == kByteOrderMark) {
          return error(pos_ == 0 ? "a byte order mark (BOM) is not allowed (save the text as UTF-8 without a BOM)"
                                 : "a byte order mark (BOM) is not allowed");
        }
        return error("unexpected " + character_at_pos());
    }
  }

  // What is at pos_, for a message: the character quoted (a control character escaped), or why
  // the bytes there are not UTF-8.
  std::string character_at_pos() const {
    const size_t n = utf8_length_at_pos();
    if (n == 0) return "bytes that are not UTF-8 (" + invalid_utf8_at_pos() + ")";
    return "character " + single_quote_for_message(text_.substr(pos_, n));
  }

  Status parse_object(JsonValue& out, int depth) {
    ++pos_;  // '{'
    std::vector<JsonValue::Member> members;
    MemberNames names(members);
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      out = JsonValue::object(std::move(members));
      return Status::ok_status();
    }
    for (;;) {
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != '"') return error("expected a quoted member name");
      const size_t key_pos = pos_;
      std::string key;
      EDGEREC_RETURN_IF_ERROR(parse_string(key));
      if (names.contains(key)) {
        pos_ = key_pos;
        return error("duplicate member " + quote_for_message(key));
      }
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != ':') return error("expected ':' after a member name");
      ++pos_;
      skip_space();
      JsonValue value;
      EDGEREC_RETURN_IF_ERROR(parse_value(value, depth + 1));
      members.emplace_back(std::move(key), std::move(value));
      names.add(members.size() - 1);
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        out = JsonValue::object(std::move(members));
        return Status::ok_status();
      }
      return error(pos_ >= text_.size() ? "unexpected end of input" : "expected ',' or '}' in an object");
    }
  }

  Status parse_array(JsonValue& out, int depth) {
    ++pos_;  // '['
    std::vector<JsonValue> items;
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      out = JsonValue::array(std::move(items));
      return Status::ok_status();
    }
    for (;;) {
      skip_space();
      JsonValue value;
      EDGEREC_RETURN_IF_ERROR(parse_value(value, depth + 1));
      items.push_back(std::move(value));
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        out = JsonValue::array(std::move(items));
        return Status::ok_status();
      }
      return error(pos_ >= text_.size() ? "unexpected end of input" : "expected ',' or ']' in an array");
    }
  }

  Status parse_hex4(uint32_t& out) {
    out = 0;
    for (int i = 0; i < 4; ++i) {
      if (pos_ >= text_.size()) return error("truncated \\u escape");
      const char h = text_[pos_++];
      out <<= 4;
      if (h >= '0' && h <= '9') out |= static_cast<uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f') out |= static_cast<uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') out |= static_cast<uint32_t>(h - 'A' + 10);
      else return error("invalid hex digit in \\u escape");
    }
    return Status::ok_status();
  }

  static void append_utf8(std::string& s, uint32_t cp) {
    if (cp < 0x80) {
      s.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      s.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      s.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  // Length of the valid UTF-8 sequence starting at pos_, or 0 if invalid.
  size_t utf8_length_at_pos() const {
    return utf8::sequence_length(reinterpret_cast<const unsigned char*>(text_.data()) + pos_, text_.size() - pos_);
  }

  std::string invalid_utf8_at_pos() const {
    return utf8::describe_invalid(reinterpret_cast<const unsigned char*>(text_.data()) + pos_, text_.size() - pos_);
  }

  Status parse_string(std::string& out) {
    ++pos_;  // opening quote
    for (;;) {
      if (pos_ >= text_.size()) return error("unterminated string");
      const unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return Status::ok_status();
      }
      if (c < 0x20) return error("unescaped control character in a string");
      if (c == '\\') {
        ++pos_;
        if (pos_ >= text_.size()) return error("truncated escape");
        const char e = text_[pos_++];
        switch (e) {
          case '"': out.push_back('"'); break;
          case '\\': out.push_back('\\'); break;
          case '/': out.push_back('/'); break;
          case 'b': out.push_back('\b'); break;
          case 'f': out.push_back('\f'); break;
          case 'n': out.push_back('\n'); break;
          case 'r': out.push_back('\r'); break;
          case 't': out.push_back('\t'); break;
          case 'u': {
            uint32_t cp = 0;
            EDGEREC_RETURN_IF_ERROR(parse_hex4(cp));
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              if (!consume_literal("\\u")) return error("unpaired surrogate in \\u escape");
              uint32_t low = 0;
              EDGEREC_RETURN_IF_ERROR(parse_hex4(low));
              if (low < 0xDC00 || low > 0xDFFF) return error("invalid low surrogate in \\u escape");
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
              return error("unpaired surrogate in \\u escape");
            }
            append_utf8(out, cp);
            break;
          }
          default:
            --pos_;  // at the character after the backslash
            return error("invalid escape: a backslash followed by " + character_at_pos());
        }
        continue;
      }
      if (c < 0x80) {
        out.push_back(static_cast<char>(c));
        ++pos_;
        continue;
      }
      const size_t n = utf8_length_at_pos();
      if (n == 0) return error("invalid UTF-8 in a string (" + invalid_utf8_at_pos() + ")");
      out.append(text_.substr(pos_, n));
      pos_ += n;
    }
  }

  Status parse_number(JsonValue& out) {
    const size_t start = pos_;
    const auto digit = [&]() { return pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9'; };
    if (text_[pos_] == '-') ++pos_;
    if (!digit()) return error("invalid number");
    if (text_[pos_] == '0') {
      ++pos_;
    } else {
      while (digit()) ++pos_;
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (!digit()) return error("invalid number: digits expected after '.'");
      while (digit()) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (!digit()) return error("invalid number: digits expected in the exponent");
      while (digit()) ++pos_;
    }
    const std::string literal(text_.substr(start, pos_ - start));
    const double value = std::strtod(literal.c_str(), nullptr);
    if (!std::isfinite(value)) {
      pos_ = start;
      return error("number out of range");
    }
    out = JsonValue::number(value);
    return Status::ok_status();
  }

  std::string_view text_;
  std::string_view what_;
  size_t pos_ = 0;
};

}  // namespace

Result<JsonValue> parse_json(std::string_view text, std::string_view what) {
  return Parser(text, what).parse_document();
}

void append_json_string(std::string& out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      // JSON text is UTF-8 (RFC 8259 8.1): a byte that is not part of a well-formed sequence
      // (from a header, a request echoed in an error) becomes U+FFFD, so what we write parses.
      const size_t n = utf8::sequence_length(reinterpret_cast<const unsigned char*>(s.data()) + i, s.size() - i);
      if (n == 0) {
        out += "\\ufffd";
      } else {
        out.append(s.data() + i, n);
        i += n - 1;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

void JsonWriter::separate() {
  if (need_comma_) out_.push_back(',');
  need_comma_ = true;
}
void JsonWriter::begin_object() {
  separate();
  out_.push_back('{');
  need_comma_ = false;
}
void JsonWriter::end_object() {
  out_.push_back('}');
  need_comma_ = true;
}
void JsonWriter::begin_array() {
  separate();
  out_.push_back('[');
  need_comma_ = false;
}
void JsonWriter::end_array() {
  out_.push_back(']');
  need_comma_ = true;
}
void JsonWriter::key(std::string_view k) {
  separate();
  append_json_string(out_, k);
  out_.push_back(':');
  need_comma_ = false;
}
void JsonWriter::string(std::string_view s) {
  separate();
  append_json_string(out_, s);
}
void JsonWriter::integer(int64_t i) {
  separate();
  out_ += std::to_string(i);
}
void JsonWriter::boolean(bool b) {
  separate();
  out_ += b ? "true" : "false";
}
void JsonWriter::null() {
  separate();
  out_ += "null";
}
void JsonWriter::raw(std::string_view json) {
  separate();
  out_ += json;
}

std::string shortest_number_text(double d) {
  if (!std::isfinite(d)) return "null";  // JSON has no NaN or infinity
  if (d == std::floor(d) && std::fabs(d) < 9007199254740992.0) return std::to_string(static_cast<int64_t>(d));
  // The fewest significant digits that read back as d. Correctly rounded, p digits reading back
  // implies p + 1 do too, so a binary search over 1..17 (17 always do) finds the same as a scan.
  char buf[32];
  int low = 1;
  int high = 17;
  while (low < high) {
    const int mid = (low + high) / 2;
    std::snprintf(buf, sizeof(buf), "%.*g", mid, d);
    if (std::strtod(buf, nullptr) == d) {
      high = mid;
    } else {
      low = mid + 1;
    }
  }
  std::snprintf(buf, sizeof(buf), "%.*g", low, d);
  return buf;
}

void JsonWriter::number(double d) {
  separate();
  out_ += shortest_number_text(d);
}

void JsonWriter::number_float(float f) {
  separate();
  if (!std::isfinite(f)) {
    out_ += "null";
    return;
  }
  char buf[32];
  if (const size_t length = json_detail::shortest_float_text(f, buf); length != 0) {
    out_.append(buf, length);
    return;
  }
  // Outside its range: as shortest_number_text, a binary search over 1..9 digits (9 always read
  // back as f).
  int low = 1;
  int high = 9;
  while (low < high) {
    const int mid = (low + high) / 2;
    std::snprintf(buf, sizeof(buf), "%.*g", mid, static_cast<double>(f));
    if (std::strtof(buf, nullptr) == f) {
      high = mid;
    } else {
      low = mid + 1;
    }
  }
  std::snprintf(buf, sizeof(buf), "%.*g", low, static_cast<double>(f));
  out_ += buf;
}

}  // namespace edgerec
