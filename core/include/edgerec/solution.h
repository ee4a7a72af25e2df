// Solution: an immutable, verified view of one solution version (.erec bytes).
//
// Loading checks everything before anything is read: the container header (magic, CRC, version,
// sizes), zstd decompression into a buffer of exactly the declared size (capped), the
// FlatBuffers Verifier, then the invariants the readers rely on (sorted ids, vector lengths,
// finite model values, usable fold-in settings): a solution that loads serves no NaN score.
// After that, accessors are zero-copy reads of the decompressed buffer.
//
// Thread safety: a loaded Solution is never modified; share it freely between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "edgerec/id_map.h"
#include "edgerec/limits.h"
#include "edgerec/status.h"

namespace edgerec {
namespace fb {
struct Solution;
}
class PackedItemFactors;  // core/src/scoring/packed_item_factors.h

struct LoadOptions {
  /// Refuse solutions whose decompressed FlatBuffer is larger than this. The FlatBuffers
  /// format itself cannot exceed 2 GiB.
  uint64_t max_content_bytes = kMaxSolutionContentBytes;
};

class Solution {
 public:
  /// Verifies and loads `size` bytes of a .erec file. The bytes are not retained.
  ~Solution();
  Solution(const Solution&) = delete;
  Solution& operator=(const Solution&) = delete;

  static Result<std::shared_ptr<const Solution>> load(const uint8_t* data, size_t size,
                                                      const LoadOptions& options = {});

  const fb::Solution& root() const { return *root_; }
  const IdMap& items() const { return items_; }
  const IdMap& users() const { return users_; }
  std::string_view recipe() const;
  uint16_t format_minor() const { return format_minor_; }
  /// An edge bundle (edgerec export-edge): the item side only, no user index or histories; its
  /// sessions personalise from the device's own events (solution config edgeBundle=true).
  bool is_edge_bundle() const { return edge_bundle_; }
  /// The int8 item factors in the packed, norm-sorted layout for top_k_items, when the running
  /// CPU scores with it (core/src/scoring/packed_item_factors.h); nullptr otherwise. Made on the first call (once,
  /// thread-safe), so only solutions that search it pay its memory: GetRecommendations does from a
  /// known user's second request on (core/src/serve/softmax_normalizers.h).
  const PackedItemFactors* packed_item_factors() const;

 private:
  Solution() = default;
  Status index();

  std::vector<uint8_t> buffer_;  // the decompressed FlatBuffer
  const fb::Solution* root_ = nullptr;
  IdMap items_;
  IdMap users_;
  uint16_t format_minor_ = 0;
  bool edge_bundle_ = false;
  mutable std::once_flag packed_once_;
  mutable std::unique_ptr<const PackedItemFactors> packed_items_;
};

}  // namespace edgerec
