// UTF-8 validation and counting for text from files (CSV imports), event batches, the command
// line, ids in solution files and the JSON reader's strings.
//
// Personalize requires non-ASCII data to be UTF-8; edgerec checks every byte on import so a bad
// file fails with the position of the first bad byte instead of storing ids that no client can
// send back.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace edgerec::utf8 {

/// Length in bytes (1-4) of the well-formed UTF-8 sequence starting at `bytes`, reading at most
/// `available` bytes; 0 if the sequence is malformed (bad lead byte, missing or bad continuation
/// byte, overlong form, surrogate, or above U+10FFFF). A sequence cut short by `available`
/// also gives 0: callers that stream check `needs_more_bytes` first.
size_t sequence_length(const unsigned char* bytes, size_t available);

/// True if the bytes at `bytes` start a multi-byte sequence whose lead byte asks for more than
/// `available` bytes, so a streaming reader must fetch more input before judging it.
bool needs_more_bytes(const unsigned char* bytes, size_t available);

/// Offset of the first byte that is not part of well-formed UTF-8, or `text.size()` if all is.
size_t find_invalid(std::string_view text);

/// Number of code points in `text`, which must be valid UTF-8 (continuation bytes are skipped).
size_t count_code_points(std::string_view text);

/// Why the sequence at `bytes` is malformed, for error messages, e.g.
/// "byte 0xC3 starts a 2-byte sequence but byte 0x41 is not a continuation byte".
std::string describe_invalid(const unsigned char* bytes, size_t available);

/// "" if `text` is well-formed UTF-8; else "not valid UTF-8 at byte N: <describe_invalid>", N the
/// offset of the first bad byte (from 0), for a message that says first where the text came from.
std::string problem_with(std::string_view text);

}  // namespace edgerec::utf8
