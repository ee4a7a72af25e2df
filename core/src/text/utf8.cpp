// UTF-8 well-formedness per Unicode Table 3-7 (no overlongs, no surrogates, at most U+10FFFF).
#include "edgerec/utf8.h"

#include <cstdio>

namespace edgerec::utf8 {
namespace {

/// The sequence length a lead byte announces, or 0 if the byte cannot start a sequence.
size_t declared_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xC2) return 0;  // continuation byte, or C0/C1 (always overlong)
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  if (lead < 0xF5) return 4;
  return 0;  // F5..FF would encode above U+10FFFF
}

/// The allowed range of the second byte, which is narrower after E0, ED, F0 and F4 so that
/// overlong forms, surrogates and code points above U+10FFFF are rejected.
void second_byte_range(unsigned char lead, unsigned char& low, unsigned char& high) {
  low = 0x80;
  high = 0xBF;
  if (lead == 0xE0) low = 0xA0;
  if (lead == 0xED) high = 0x9F;
  if (lead == 0xF0) low = 0x90;
  if (lead == 0xF4) high = 0x8F;
}

/// Index of the first byte (1..length-1) that breaks the sequence within `available` bytes,
/// or 0 if the available bytes are a valid prefix.
size_t first_bad_continuation(const unsigned char* bytes, size_t length, size_t available) {
  unsigned char low = 0;
  unsigned char high = 0;
  second_byte_range(bytes[0], low, high);
  for (size_t i = 1; i < length && i < available; ++i) {
    if (bytes[i] < low || bytes[i] > high) return i;
    low = 0x80;
    high = 0xBF;
  }
  return 0;
}

std::string hex_byte(unsigned char byte) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02X", static_cast<unsigned>(byte));
  return text;
}

}  // namespace

size_t sequence_length(const unsigned char* bytes, size_t available) {
  if (available == 0) return 0;
  const size_t length = declared_length(bytes[0]);
  if (length == 0 || length > available) return 0;
  return first_bad_continuation(bytes, length, available) == 0 ? length : 0;
}

bool needs_more_bytes(const unsigned char* bytes, size_t available) {
  if (available == 0) return true;
  const size_t length = declared_length(bytes[0]);
  return length > available && first_bad_continuation(bytes, length, available) == 0;
}

size_t find_invalid(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  size_t i = 0;
  while (i < text.size()) {
    if (bytes[i] < 0x80) {
      ++i;
      continue;
    }
    const size_t length = sequence_length(bytes + i, text.size() - i);
    if (length == 0) return i;
    i += length;
  }
  return text.size();
}

size_t count_code_points(std::string_view text) {
  size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

std::string describe_invalid(const unsigned char* bytes, size_t available) {
  if (available == 0) return "missing byte";
  const unsigned char lead = bytes[0];
  const size_t length = declared_length(lead);
  if (length == 0) {
    if (lead >= 0x80 && lead < 0xC0) return "byte " + hex_byte(lead) + " is a continuation byte with no lead byte";
    return "byte " + hex_byte(lead) + " never appears in UTF-8";
  }
  const size_t bad = first_bad_continuation(bytes, length, available);
  if (bad != 0) {
    return "byte " + hex_byte(lead) + " starts a " + std::to_string(length) + "-byte sequence but byte " +
           hex_byte(bytes[bad]) + " cannot follow it";
  }
  return "byte " + hex_byte(lead) + " starts a " + std::to_string(length) +
         "-byte sequence that is cut off by the end of the input";
}

std::string problem_with(std::string_view text) {
  const size_t bad = find_invalid(text);
  if (bad == text.size()) return "";
  return "not valid UTF-8 at byte " + std::to_string(bad) + ": " +
         describe_invalid(reinterpret_cast<const unsigned char*>(text.data()) + bad, text.size() - bad);
}

}  // namespace edgerec::utf8
