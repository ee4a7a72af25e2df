// Loading dictionary tables into memory and writing back their new entries.
#include "store/dictionary_loader.h"

namespace edgerec {

DictionaryTable dictionary_table(DictionaryKind kind) {
  switch (kind) {
    case DictionaryKind::kUsers: return {"user_ids", "user_idx", "user_id", "user"};
    case DictionaryKind::kItems: return {"item_ids", "item_idx", "item_id", "item"};
    case DictionaryKind::kEventTypes: return {"event_types", "event_type_idx", "event_type", "event_type"};
  }
  return {"user_ids", "user_idx", "user_id", "user"};
}

Result<DictionaryLoader> DictionaryLoader::load(sql::Database& db, DictionaryKind kind) {
  const DictionaryTable n = dictionary_table(kind);
  DictionaryLoader loader;
  loader.kind_ = kind;
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement select, db.prepare(std::string("SELECT ") + n.index + ", " + n.id +
                                                             " FROM " + n.table + " ORDER BY " + n.index));
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool row, select.step());
    if (!row) break;
    const int64_t index = select.column_int(0);
    const uint32_t local = loader.ids_.intern(select.column_text(1));
    if (local != loader.stored_.size()) return corrupt_data(db.path() + ": duplicate id in " + n.table);
    loader.stored_.push_back(index);
    loader.next_index_ = index + 1;  // ascending order: the last one is the largest
  }
  loader.loaded_ = loader.stored_.size();
  return loader;
}

Status DictionaryLoader::insert_new_entries(sql::Database& db) const {
  if (new_entries() == 0) return Status::ok_status();
  const DictionaryTable n = dictionary_table(kind_);
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement insert, db.prepare(std::string("INSERT INTO ") + n.table + "(" + n.index +
                                                             ", " + n.id + ") VALUES (?, ?)"));
  for (size_t local = loaded_; local < ids_.size(); ++local) {
    insert.bind_int(1, stored_index(local));
    insert.bind_text(2, ids_.view(local));
    EDGEREC_RETURN_IF_ERROR(insert.run());
  }
  return Status::ok_status();
}

}  // namespace edgerec
