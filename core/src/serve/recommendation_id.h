// Recommendation ids ("RID-" + a UUID-shaped 128-bit value), as Personalize returns with each
// response so that later events can be attributed to it.
//
// The core does no I/O, so it cannot read an entropy source itself: the host mixes in entropy
// (the CLI from std::random_device, JS from crypto.getRandomValues). Without any, ids are a
// fixed, reproducible sequence, which tests rely on. next() is safe to call from many threads.
//
// A server gives each campaign's generator a source (the campaign's name): the id's first group
// of 8 hex digits is then a hash of the name (recommendation_id_source_tag), so that an event
// carrying the id later, from PutEvents or a device's batch, can be attributed to the campaign
// without the server recording every id it gave out (the console's online metrics).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace edgerec {

/// 8 lower-case hex digits naming `source` in ids (a 32-bit FNV-1a hash of its bytes).
std::string recommendation_id_source_tag(std::string_view source);

class RecommendationIdGenerator {
 public:
  /// Mixes `size` bytes into the seed. Not safe concurrently with next().
  void add_entropy(const uint8_t* data, size_t size);
  /// Ids from now on start "RID-" + recommendation_id_source_tag(source) + "-". Not safe
  /// concurrently with next().
  void set_source(std::string_view source);
  /// The next id, e.g. "RID-6f1c2a9e-03d4-4b7a-9c55-1e2f3a4b5c6d".
  std::string next();

 private:
  uint64_t seed_hi_ = 0x6a09e667f3bcc908ull;
  uint64_t seed_lo_ = 0xbb67ae8584caa73bull;
  std::atomic<uint64_t> counter_{0};
  bool has_source_ = false;
  uint32_t source_tag_ = 0;
};

}  // namespace edgerec
