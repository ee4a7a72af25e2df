// SplitMix64: a small deterministic generator. std:: distributions differ between standard
// libraries, and a search, a split or a tie shuffle must draw the same numbers everywhere for a
// given seed.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace edgerec {

class SplitMix {
 public:
  explicit SplitMix(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  ///< [0, 1)
  double log_uniform(double lo, double hi) { return std::exp(std::log(lo) + uniform() * (std::log(hi) - std::log(lo))); }
  size_t index(size_t n) { return static_cast<size_t>(uniform() * static_cast<double>(n)) % n; }  ///< [0, n)

 private:
  uint64_t state_;
};

}  // namespace edgerec
