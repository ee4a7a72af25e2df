// Private to json.cpp: the shortest "%.{p}g" text of a float that reads back as the same float,
// computed with integer arithmetic instead of snprintf + strtof.
//
// Why: responses carry a score per item, and the printf family is slow where it matters most: in
// WebAssembly, musl formats through 128-bit long doubles emulated in software, and the search for
// the shortest precision formats and parses up to four times per number. That was a third of a
// JS getRecommendations call.
//
// What: for p = 1, 2, ... the correctly rounded p-digit decimal of f (round half to even, as
// printf rounds), kept at the first p whose decimal lies in f's rounding interval (the reals
// that round to f, ends included when f's significand is even, as strtof rounds). Each step is
// exact: f = m * 2^e, and every comparison is between integers below 2^110 (unsigned __int128).
// The text is what snprintf("%.*g", p, f) prints, so output is unchanged, only faster.
#pragma once

#include <cstddef>

namespace edgerec::json_detail {

/// Writes the text into `out` (at least 32 bytes) and returns its length, or 0 when |f| is
/// outside [1e-10, 1e7) or not finite (callers fall back to snprintf there).
size_t shortest_float_text(float f, char* out);

}  // namespace edgerec::json_detail
