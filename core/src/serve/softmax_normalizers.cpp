// SoftmaxNormalizerCache: direct-mapped slots, each read and written under its stripe's mutex.
#include "serve/softmax_normalizers.h"

#include <algorithm>

namespace edgerec {

SoftmaxNormalizerCache::SoftmaxNormalizerCache(size_t users, size_t capacity) : slots_(std::min(users, capacity)) {}

std::optional<SoftmaxNormalizer> SoftmaxNormalizerCache::find(uint32_t user) const {
  if (slots_.empty()) return std::nullopt;
  const size_t slot = user % slots_.size();
  std::lock_guard<std::mutex> lock(stripe(slot));
  const Slot& s = slots_[slot];
  if (s.user != user) return std::nullopt;
  return SoftmaxNormalizer{s.max_logit, s.sum};
}

void SoftmaxNormalizerCache::store(uint32_t user, const SoftmaxNormalizer& normalizer) {
  if (slots_.empty() || user == kEmpty) return;
  const size_t slot = user % slots_.size();
  std::lock_guard<std::mutex> lock(stripe(slot));
  Slot& s = slots_[slot];
  if (s.user == kEmpty) used_.fetch_add(1, std::memory_order_relaxed);
  s = Slot{user, normalizer.max_logit, normalizer.sum};
}

}  // namespace edgerec
