// The dataset group's format steps (see the layout in dataset_group.h).
#include "store/store_migrations.h"

#include <string>

namespace edgerec {
namespace {

// kSteps[v - 1] takes format v to v + 1.
constexpr const char* kSteps[] = {
    // 1 -> 2: solution versions say how they were trained and from which version (UPDATE).
    "ALTER TABLE solution_versions ADD COLUMN training_mode TEXT NOT NULL DEFAULT 'FULL';"
    "ALTER TABLE solution_versions ADD COLUMN base_solution_version_id TEXT;",
};
static_assert(sizeof(kSteps) / sizeof(kSteps[0]) == kStoreFormatVersion - 1, "one step per format version");

}  // namespace

Status migrate_store(sql::Database& db, int from) {
  if (from >= kStoreFormatVersion) return Status::ok_status();
  sql::Transaction txn(db);
  EDGEREC_RETURN_IF_ERROR(txn.begin());
  for (int v = from; v < kStoreFormatVersion; ++v) {
    Status step = db.exec(kSteps[v - 1]);
    if (!step.ok()) return step.with_context("migrating the dataset group from format " + std::to_string(v));
  }
  EDGEREC_RETURN_IF_ERROR(
      db.exec("UPDATE meta SET value = '" + std::to_string(kStoreFormatVersion) + "' WHERE key = 'format_version'"));
  return txn.commit();
}

}  // namespace edgerec
