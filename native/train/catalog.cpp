// Building the served catalog.
#include "train/catalog.h"

#include <unordered_map>

namespace edgerec {

Catalog build_catalog(const InteractionsTable& data, const ItemMetadataTable* metadata) {
  Catalog catalog;
  catalog.ids = data.item_ids;
  catalog.interaction_items = static_cast<uint32_t>(data.item_ids.size());
  catalog.metadata_row.assign(catalog.ids.size(), -1);
  if (metadata == nullptr) return catalog;
  // Keyed by views of data.item_ids, not catalog.ids: the push_back below may reallocate
  // catalog.ids, which moves short (SSO) strings and would leave the views dangling.
  std::unordered_map<std::string_view, uint32_t> index;
  index.reserve(data.item_ids.size());
  for (uint32_t i = 0; i < data.item_ids.size(); ++i) index.emplace(data.item_ids[i], i);
  for (uint32_t r = 0; r < metadata->item_ids.size(); ++r) {
    const auto it = index.find(metadata->item_ids[r]);
    if (it != index.end()) {
      catalog.metadata_row[it->second] = static_cast<int32_t>(r);
    } else {
      catalog.ids.push_back(metadata->item_ids[r]);
      catalog.metadata_row.push_back(static_cast<int32_t>(r));
    }
  }
  return catalog;
}

}  // namespace edgerec
