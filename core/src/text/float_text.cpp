#include "text/float_text.h"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace edgerec::json_detail {
namespace {

// A GCC and Clang extension on 64-bit targets and wasm32 alike (__extension__: not ISO C++).
__extension__ typedef unsigned __int128 u128;

constexpr uint64_t kPowersOf10[] = {1ull,
                                    10ull,
                                    100ull,
                                    1000ull,
                                    10000ull,
                                    100000ull,
                                    1000000ull,
                                    10000000ull,
                                    100000000ull,
                                    1000000000ull,
                                    10000000000ull,
                                    100000000000ull,
                                    1000000000000ull,
                                    10000000000000ull,
                                    100000000000000ull,
                                    1000000000000000ull,
                                    10000000000000000ull,
                                    100000000000000000ull,
                                    1000000000000000000ull};

u128 power_of_10(int n) { return kPowersOf10[n]; }

/// Sign of m * 2^e - 10^k, for e <= 0 and |k| <= 10.
int compare_with_power_of_10(uint32_t m, int e, int k) {
  const u128 left = u128{m} * power_of_10(k < 0 ? -k : 0);
  const u128 right = power_of_10(k > 0 ? k : 0) << -e;
  return left < right ? -1 : left > right ? 1 : 0;
}

/// Appends "%.*g" of the decimal `digits` (exactly `precision` digits) * 10^(exponent -
/// precision + 1), as printf writes it: fixed notation when -4 <= exponent < precision, else
/// scientific with at least two exponent digits; trailing fraction zeros and a bare point dropped.
size_t format_g(bool negative, uint64_t digits, int precision, int exponent, char* out) {
  char text[20];
  for (int i = precision - 1; i >= 0; --i) {
    text[i] = static_cast<char>('0' + digits % 10);
    digits /= 10;
  }
  int used = precision;
  while (used > 1 && text[used - 1] == '0') --used;  // significant digits left after stripping
  size_t n = 0;
  if (negative) out[n++] = '-';
  if (exponent < -4 || exponent >= precision) {
    out[n++] = text[0];
    if (used > 1) {
      out[n++] = '.';
      for (int i = 1; i < used; ++i) out[n++] = text[i];
    }
    out[n++] = 'e';
    out[n++] = exponent < 0 ? '-' : '+';
    const int magnitude = exponent < 0 ? -exponent : exponent;
    if (magnitude >= 100) out[n++] = static_cast<char>('0' + magnitude / 100);
    out[n++] = static_cast<char>('0' + magnitude / 10 % 10);
    out[n++] = static_cast<char>('0' + magnitude % 10);
  } else if (exponent >= 0) {
    for (int i = 0; i <= exponent; ++i) out[n++] = text[i];
    if (used > exponent + 1) {
      out[n++] = '.';
      for (int i = exponent + 1; i < used; ++i) out[n++] = text[i];
    }
  } else {
    out[n++] = '0';
    out[n++] = '.';
    for (int i = 0; i < -exponent - 1; ++i) out[n++] = '0';
    for (int i = 0; i < used; ++i) out[n++] = text[i];
  }
  out[n] = '\0';
  return n;
}

}  // namespace

size_t shortest_float_text(float f, char* out) {
  if (!std::isfinite(f)) return 0;
  const float magnitude = std::fabs(f);
  if (!(magnitude >= 1e-10f && magnitude < 1e7f)) return 0;
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  const auto biased = static_cast<int>((bits >> 23) & 0xFF);
  const uint32_t m = (bits & 0x7FFFFF) | 0x800000;  // normal: the range excludes subnormals
  const int e = biased - 150;                        // |f| = m * 2^e, -57 <= e <= 0 here
  if (e > 0 || e < -60) return 0;

  // The decimal exponent: 10^exponent <= |f| < 10^(exponent + 1), exactly.
  int exponent = static_cast<int>(std::floor(std::log10(static_cast<double>(magnitude))));
  while (compare_with_power_of_10(m, e, exponent) < 0) --exponent;
  while (compare_with_power_of_10(m, e, exponent + 1) >= 0) ++exponent;

  // f's rounding interval in units of 2^(e-2): [4m - 2, 4m + 2], or [4m - 1, 4m + 2] when m is a
  // power of two (the float below is half as far); the ends belong to it when m is even.
  const u128 low = 4 * u128{m} - ((m & 0x7FFFFF) == 0 && biased > 1 ? 1 : 2);
  const u128 high = 4 * u128{m} + 2;
  const bool ends_included = (m & 1) == 0;
  for (int precision = 1; precision <= 9; ++precision) {
    // The correctly rounded precision-digit decimal: digits * 10^(exponent - precision + 1).
    const int scale = precision - 1 - exponent;  // -6 <= scale <= 18
    const u128 numerator = u128{m} * power_of_10(scale > 0 ? scale : 0);
    const u128 denominator = power_of_10(scale < 0 ? -scale : 0) << -e;
    u128 digits = numerator / denominator;
    const u128 remainder = numerator % denominator;
    if (2 * remainder > denominator || (2 * remainder == denominator && (digits & 1) != 0)) ++digits;
    int rounded_exponent = exponent;
    if (digits == power_of_10(precision)) {  // 9.996 -> 10.0
      digits = power_of_10(precision - 1);
      ++rounded_exponent;
    }
    // Does it read back as f? Compare digits * 10^t with the interval's ends, all scaled to
    // integers by 2^(2-e) and 10^-t.
    const int t = rounded_exponent - precision + 1;  // -18 <= t <= 6
    const u128 value = (digits * power_of_10(t > 0 ? t : 0)) << (2 - e);
    const u128 unit = power_of_10(t < 0 ? -t : 0);
    const u128 lower = low * unit;
    const u128 upper = high * unit;
    const bool above = value > lower || (ends_included && value == lower);
    const bool below = value < upper || (ends_included && value == upper);
    if (above && below) {
      return format_g(f < 0.0f, static_cast<uint64_t>(digits), precision, rounded_exponent, out);
    }
  }
  return 0;  // not reached: nine digits always read back
}

}  // namespace edgerec::json_detail
