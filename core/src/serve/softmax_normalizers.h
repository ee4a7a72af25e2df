// A Runtime's cache of known users' softmax normalisers (personalized_scoring.h).
//
// GetRecommendations' scores are a softmax over the whole catalog, so they need the sum of every
// item's exp(logit): a pass over the catalog that costs more than the fused top-k itself. For a
// known user without a live session that changes the model, the logits come from the solution
// alone (the stored vector and history), so that sum is a constant of the user: the first request
// computes it (the full path) and stores it here, and later ones score only their top-k
// (top_k_logits) and divide by it. Sessions and exploration take the full path and never read or
// write it; a Runtime serves one immutable solution, so an entry never goes stale.
//
// Bounded: one slot per user up to `capacity` slots (16 bytes each, allocated up front), so
// solutions with at most that many users never evict. Beyond, user u takes slot u % capacity and
// a later user on the same slot replaces it (a miss then only costs the full path again).
// Thread safe: slots are guarded by striped mutexes, held only to copy 16 bytes.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include "scoring/personalized_scoring.h"

namespace edgerec {

class SoftmaxNormalizerCache {
 public:
  /// 2^18 slots: 4 MiB at most, a sixteenth of what 64-factor user vectors take per user.
  static constexpr size_t kDefaultCapacity = size_t{1} << 18;

  /// For a solution of `users` known users: min(users, capacity) slots.
  explicit SoftmaxNormalizerCache(size_t users, size_t capacity = kDefaultCapacity);
  SoftmaxNormalizerCache(const SoftmaxNormalizerCache&) = delete;
  SoftmaxNormalizerCache& operator=(const SoftmaxNormalizerCache&) = delete;

  /// The normaliser stored for user index `user`, if its slot still holds it.
  std::optional<SoftmaxNormalizer> find(uint32_t user) const;
  /// Stores `user`'s normaliser, replacing whatever its slot held.
  void store(uint32_t user, const SoftmaxNormalizer& normalizer);

  /// The number of slots: the most normalisers ever held.
  size_t capacity() const { return slots_.size(); }
  /// How many slots hold a normaliser.
  size_t size() const { return used_.load(std::memory_order_relaxed); }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;  // not a user index: a UserIndex holds fewer
  static constexpr size_t kStripes = 64;

  struct Slot {
    uint32_t user = kEmpty;
    float max_logit = 0.0f;
    double sum = 0.0;
  };

  std::mutex& stripe(size_t slot) const { return stripes_[slot % kStripes]; }

  std::vector<Slot> slots_;
  mutable std::array<std::mutex, kStripes> stripes_;
  std::atomic<size_t> used_{0};
};

}  // namespace edgerec
