// How a dataset group's database moves from one format version to the next. A new group is
// created at format 1 and migrated like any old one, so every step runs on every new group and
// stays tested.
#pragma once

#include "edgerec/status.h"
#include "store/sqlite.h"

namespace edgerec {

/// The format DatasetGroup writes; older groups are migrated when opened.
inline constexpr int kStoreFormatVersion = 8;

/// Applies every step from `from` to kStoreFormatVersion in one transaction and records the new
/// version in meta. A failed step leaves the database as it was.
Status migrate_store(sql::Database& db, int from);

}  // namespace edgerec
