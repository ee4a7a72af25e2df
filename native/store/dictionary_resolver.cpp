// Resolving a chunked import's new ids.
#include "store/dictionary_resolver.h"

#include <string>

namespace edgerec {

Result<DictionaryResolver> DictionaryResolver::create(sql::Database& db, DictionaryKind kind,
                                                      const DictionaryLoader& loaded, int64_t job_id) {
  const DictionaryTable names = dictionary_table(kind);
  DictionaryResolver r;
  r.db_ = &db;
  r.stored_.reserve(loaded.loaded());
  for (size_t local = 0; local < loaded.loaded(); ++local) r.stored_.push_back(loaded.stored_index(local));
  const std::string table(names.table);
  EDGEREC_ASSIGN_OR_RETURN(r.insert_, db.prepare("INSERT OR IGNORE INTO " + table + "(" + names.id + ") VALUES (?)"));
  EDGEREC_ASSIGN_OR_RETURN(r.find_, db.prepare(std::string("SELECT ") + names.index + " FROM " + table + " WHERE " +
                                                names.id + " = ?"));
  EDGEREC_ASSIGN_OR_RETURN(r.record_, db.prepare("INSERT INTO import_job_ids(job_id, dictionary, idx) VALUES (?, ?, ?)"));
  r.record_.bind_int(1, job_id);
  r.record_.bind_text(2, names.recorded_as);
  return r;
}

Status DictionaryResolver::add(std::string_view id) {
  insert_.bind_text(1, id);
  EDGEREC_RETURN_IF_ERROR(insert_.run());
  if (db_->changes() == 1) {
    const int64_t index = db_->last_insert_rowid();
    record_.bind_int(3, index);
    EDGEREC_RETURN_IF_ERROR(record_.run());
    stored_.push_back(index);
    return Status::ok_status();
  }
  find_.bind_text(1, id);
  EDGEREC_ASSIGN_OR_RETURN(const bool found, find_.step());
  const int64_t index = found ? find_.column_int(0) : -1;
  find_.reset();
  if (!found) return internal_error(db_->path() + ": an id neither inserted nor found: " + std::string(id));
  stored_.push_back(index);
  return Status::ok_status();
}

}  // namespace edgerec
