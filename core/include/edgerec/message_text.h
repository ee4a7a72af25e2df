// User text inside error messages. Messages cross the C ABI as NUL-terminated strings and are
// printed one per line, so a NUL, a newline or a stray byte taken from a request or a file must
// be written out, never copied: a member name "\u0000x" would otherwise end the message before
// it starts.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace edgerec {

/// `value` in double quotes for an error message: quotes and backslashes escaped with a
/// backslash, control characters, DEL and bytes that are not UTF-8 as \xNN (UTF-8 characters
/// kept), anything from `max_bytes` on cut off with "...".
std::string quote_for_message(std::string_view value, size_t max_bytes = 64);
/// The same in single quotes (an apostrophe escaped instead), as filter expression messages
/// quote what they read: 'LIKE'.
std::string single_quote_for_message(std::string_view value, size_t max_bytes = 64);

/// The path of member `name` under `parent` for an error message: `parent.name` when the name is
/// plain (ASCII letters, digits and _, or UTF-8 beyond ASCII; at most 64 bytes), else
/// `parent["..."]` with the name quoted by quote_for_message. Without a parent: `name` or
/// `["..."]`.
std::string member_path(std::string_view parent, std::string_view name);

}  // namespace edgerec
