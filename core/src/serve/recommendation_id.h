// Recommendation ids ("RID-" + a UUID-shaped 128-bit value), as Personalize returns with each
// response so that later events can be attributed to it.
//
// The core does no I/O, so it cannot read an entropy source itself: the host mixes in entropy
// (the CLI from std::random_device, JS from crypto.getRandomValues). Without any, ids are a
// fixed, reproducible sequence, which tests rely on. next() is safe to call from many threads.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

namespace edgerec {

class RecommendationIdGenerator {
 public:
  /// Mixes `size` bytes into the seed. Not safe concurrently with next().
  void add_entropy(const uint8_t* data, size_t size);
  /// The next id, e.g. "RID-6f1c2a9e-03d4-4b7a-9c55-1e2f3a4b5c6d".
  std::string next();

 private:
  uint64_t seed_hi_ = 0x6a09e667f3bcc908ull;
  uint64_t seed_lo_ = 0xbb67ae8584caa73bull;
  std::atomic<uint64_t> counter_{0};
};

}  // namespace edgerec
