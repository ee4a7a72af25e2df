// A dictionary table (user_ids, item_ids, event_types) held in memory for one bulk job.
//
// Rows of every table store a small integer per id, so a job must turn each id into its index.
// Looking each up in SQLite would cost a B-tree search per field; instead the job loads the
// dictionary once and interns ids in memory. A job that holds the write lock throughout (Items,
// Users) numbers new ids after the largest stored index and writes them in one pass before it
// commits (insert_new_entries); an interactions job, which commits in chunks while others
// write, resolves them as it goes (store/dictionary_resolver.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "edgerec/status.h"
#include "io/id_dictionary.h"
#include "store/sqlite.h"

namespace edgerec {

enum class DictionaryKind { kUsers, kItems, kEventTypes };

/// A dictionary's table and columns, and its name in import_job_ids.
struct DictionaryTable {
  const char* table;
  const char* index;
  const char* id;
  const char* recorded_as;
};
DictionaryTable dictionary_table(DictionaryKind kind);

class DictionaryLoader {
 public:
  /// Loads every entry of the dictionary table of `kind`.
  static Result<DictionaryLoader> load(sql::Database& db, DictionaryKind kind);

  /// The stored index of `id`; a new id gets the next free index (written by insert_new_entries).
  int64_t index_of(std::string_view id) {
    const uint32_t local = ids_.intern(id);
    return local < loaded_ ? stored_[local] : next_index_ + static_cast<int64_t>(local - loaded_);
  }

  /// The local (in-memory, first-seen) index of `id`, adding it if new; see stored_index().
  uint32_t intern(std::string_view id) { return ids_.intern(id); }

  /// Ids seen so far (loaded and new).
  size_t size() const { return ids_.size(); }
  size_t loaded() const { return loaded_; }
  size_t new_entries() const { return ids_.size() - loaded_; }
  std::string_view id(size_t local) const { return ids_.view(local); }
  int64_t stored_index(size_t local) const {
    return local < loaded_ ? stored_[local] : next_index_ + static_cast<int64_t>(local - loaded_);
  }

  /// Inserts the ids added since load() into the table; run inside the job's transaction.
  Status insert_new_entries(sql::Database& db) const;

 private:
  DictionaryKind kind_ = DictionaryKind::kUsers;
  IdDictionary ids_;
  std::vector<int64_t> stored_;  ///< stored index of each loaded id, by local index
  size_t loaded_ = 0;
  int64_t next_index_ = 1;
};

}  // namespace edgerec
