// The catalog a recipe serves: the items of the interactions, then items that only the Items
// metadata knows (cold items), which must be servable too.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/interactions_csv.h"
#include "io/item_metadata_csv.h"

namespace edgerec {

struct Catalog {
  /// Dictionary: [0, interaction_items) are the InteractionsTable's item indices, then the
  /// metadata-only items in file order.
  std::vector<std::string> ids;
  uint32_t interaction_items = 0;
  /// Per catalog item, its row in the metadata table, or -1.
  std::vector<int32_t> metadata_row;
};

Catalog build_catalog(const InteractionsTable& data, const ItemMetadataTable* metadata);

}  // namespace edgerec
