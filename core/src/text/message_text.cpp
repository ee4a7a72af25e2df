// User text inside error messages (see message_text.h).
#include "edgerec/message_text.h"

#include <cstdio>

#include "edgerec/utf8.h"

namespace edgerec {
namespace {

constexpr size_t kMaxPlainName = 64;

bool plain_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxPlainName) return false;
  const auto* bytes = reinterpret_cast<const unsigned char*>(name.data());
  for (size_t i = 0; i < name.size();) {
    const unsigned char c = bytes[i];
    if (c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      ++i;
      continue;
    }
    const size_t length = c >= 0x80 ? utf8::sequence_length(bytes + i, name.size() - i) : 0;
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::string quoted(std::string_view value, size_t max_bytes, char quote) {
  std::string text(1, quote);
  const auto* bytes = reinterpret_cast<const unsigned char*>(value.data());
  size_t i = 0;
  while (i < value.size() && i < max_bytes) {
    const unsigned char byte = bytes[i];
    if (byte == static_cast<unsigned char>(quote) || byte == '\\') {
      text += '\\';
      text += static_cast<char>(byte);
      ++i;
    } else if (byte >= 0x20 && byte < 0x7F) {
      text += static_cast<char>(byte);
      ++i;
    } else {
      const size_t length = byte >= 0x80 ? utf8::sequence_length(bytes + i, value.size() - i) : 0;
      if (length > 1) {
        text.append(value.data() + i, length);
        i += length;
      } else {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\x%02X", static_cast<unsigned>(byte));
        text += escaped;
        ++i;
      }
    }
  }
  if (i < value.size()) text += "...";
  text += quote;
  return text;
}

}  // namespace

std::string quote_for_message(std::string_view value, size_t max_bytes) { return quoted(value, max_bytes, '"'); }

std::string single_quote_for_message(std::string_view value, size_t max_bytes) {
  return quoted(value, max_bytes, '\'');
}

std::string member_path(std::string_view parent, std::string_view name) {
  std::string path(parent);
  if (plain_name(name)) {
    if (!parent.empty()) path += '.';
    path += name;
  } else {
    path += "[" + quote_for_message(name) + "]";
  }
  return path;
}

}  // namespace edgerec
