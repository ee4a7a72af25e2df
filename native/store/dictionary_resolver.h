// Stored dictionary indices for a chunked import (store/bulk_rows.h), which commits while
// others write: PutEvents may add the same user, item or event type meanwhile, so a new id is
// inserted if absent and looked up otherwise, inside the chunk's transaction, and the entries
// the job inserted itself are recorded in import_job_ids (dropped if the job fails).
//
// Ids are numbered locally first (DictionaryLoader, in the parsing thread: every stored entry,
// then new ids in order of appearance); the writing thread resolves each new local id once,
// in the same order, and translates the rows' local indices to stored ones.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "edgerec/status.h"
#include "store/dictionary_loader.h"
#include "store/sqlite.h"

namespace edgerec {

class DictionaryResolver {
 public:
  /// Starts from the entries `loaded` held when it was loaded (local index = loaded order).
  static Result<DictionaryResolver> create(sql::Database& db, DictionaryKind kind, const DictionaryLoader& loaded,
                                           int64_t job_id);

  /// Resolves the next local id, `id`; run inside the chunk's write transaction.
  Status add(std::string_view id);

  /// The stored index of local index `local` (loaded or added).
  int64_t stored(uint32_t local) const { return stored_[local]; }
  size_t size() const { return stored_.size(); }

 private:
  DictionaryResolver() = default;
  sql::Database* db_ = nullptr;
  std::vector<int64_t> stored_;
  sql::Statement insert_;  // INSERT OR IGNORE: someone else may have added the id since
  sql::Statement find_;
  sql::Statement record_;  // import_job_ids
};

}  // namespace edgerec
