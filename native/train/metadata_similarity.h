// Item-to-item similarity from metadata: IDF-weighted cosine over categorical tokens (see
// io/item_metadata_csv.h). Used by similar-items for items without interactions, and to give
// such cold items factor vectors in user-personalization.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "io/item_metadata_csv.h"

namespace edgerec {

using Neighbours = std::vector<std::pair<uint32_t, float>>;  ///< (metadata row, similarity), best first

/// For each row in `queries`, the `count` most similar rows among those with candidate[row]
/// true (never the row itself); similarities in (0, 1].
std::vector<Neighbours> metadata_neighbours(const ItemMetadataTable& table, const std::vector<uint32_t>& queries,
                                            const std::vector<bool>& candidate, size_t count);

}  // namespace edgerec
