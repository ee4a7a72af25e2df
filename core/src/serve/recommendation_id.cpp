// Recommendation ids: a keyed mix of a per-runtime seed and a counter, formatted like a UUID v4.
#include "serve/recommendation_id.h"

namespace edgerec {
namespace {

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

void append_hex(std::string& out, uint64_t value, int digits) {
  static const char kHex[] = "0123456789abcdef";
  for (int i = digits - 1; i >= 0; --i) out.push_back(kHex[(value >> (4 * i)) & 0xF]);
}

}  // namespace

void RecommendationIdGenerator::add_entropy(const uint8_t* data, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    seed_hi_ = splitmix64(seed_hi_ ^ data[i] ^ (uint64_t{i} << 8));
    seed_lo_ = splitmix64(seed_lo_ + seed_hi_);
  }
}

static uint32_t recommendation_id_source_hash(std::string_view source) {
  uint32_t h = 2166136261u;  // FNV-1a: stable across platforms and builds, which the tag must be
  for (const char c : source) h = (h ^ static_cast<uint8_t>(c)) * 16777619u;
  return h;
}

std::string recommendation_id_source_tag(std::string_view source) {
  std::string tag;
  append_hex(tag, recommendation_id_source_hash(source), 8);
  return tag;
}

void RecommendationIdGenerator::set_source(std::string_view source) {
  has_source_ = true;
  source_tag_ = recommendation_id_source_hash(source);
}

std::string RecommendationIdGenerator::next() {
  const uint64_t n = counter_.fetch_add(1, std::memory_order_relaxed);
  const uint64_t hi = splitmix64(seed_hi_ ^ splitmix64(n));
  const uint64_t lo = splitmix64(seed_lo_ ^ hi);
  std::string id = "RID-";
  // 8-4-4-4-12 hex digits, with the version (4) and variant (8..b) nibbles of a random UUID.
  append_hex(id, has_source_ ? source_tag_ : hi >> 32, 8);
  id.push_back('-');
  append_hex(id, (hi >> 16) & 0xFFFF, 4);
  id.push_back('-');
  append_hex(id, 0x4000 | (hi & 0x0FFF), 4);
  id.push_back('-');
  append_hex(id, 0x8000 | ((lo >> 48) & 0x3FFF), 4);
  id.push_back('-');
  append_hex(id, lo & 0xFFFFFFFFFFFFull, 12);
  return id;
}

}  // namespace edgerec
