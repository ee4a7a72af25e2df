// Edge bundles: a solution version with the item side only, for browsers and edge workers.
//
// A bundle keeps the catalog (ids and metadata columns), popularity, item factors, neighbour
// lists and the sequence model, and drops everything about other users: the user index, user
// factors and histories. On the device a user's vector comes only from that user's own events
// (fold-in), so shipping the bundle to every visitor reveals nobody's data.
#pragma once

#include <cstdint>
#include <vector>

#include "edgerec/solution.h"
#include "edgerec/status.h"

namespace edgerec {

/// The sealed .erec bytes of `solution`'s edge bundle. Its metadata says so in the solution
/// config ("edgeBundle": "true") and keeps the solution version id it was made from. Bundling a
/// bundle gives the same content.
Result<std::vector<uint8_t>> export_edge_bundle(const Solution& solution);

}  // namespace edgerec
