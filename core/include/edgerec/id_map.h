// IdMap: string id <-> dense index, as a zero-copy view over a sorted FlatBuffers string vector.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <flatbuffers/flatbuffers.h>

#include "edgerec/status.h"

namespace edgerec {

/// Lookups are binary searches over ids stored in strictly ascending byte order; index i is
/// the position of the id. The map borrows the vector: it lives as long as its Solution.
class IdMap {
 public:
  using IdVector = flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>>;

  IdMap() = default;
  explicit IdMap(const IdVector* ids) : ids_(ids) {}

  /// Checks the order the lookups rely on; `what` names the vector in the error.
  static Status validate(const IdVector* ids, std::string_view what);

  uint32_t size() const;
  /// The index of `id`, or nothing if unknown.
  std::optional<uint32_t> find(std::string_view id) const;
  /// The id at `index` (< size()).
  std::string_view id(uint32_t index) const;

 private:
  const IdVector* ids_ = nullptr;
};

}  // namespace edgerec
