// The eponymous virtual table edgerec_interaction_batch over an InteractionRowBatch.
#include "store/interaction_batch_writer.h"

#include <sqlite3.h>

#include <new>

namespace edgerec {

namespace {

constexpr const char* kModuleName = "edgerec_interaction_batch";

struct Table {
  sqlite3_vtab base;  // first member: SQLite casts between the two
  InteractionBatchWriter::Source* source;
};

struct Cursor {
  sqlite3_vtab_cursor base;  // first member, as above
  const InteractionRowBatch* batch;
  size_t row;
};

int connect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** out, char**) {
  const int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(u, i, t, e, v, m)");
  if (rc != SQLITE_OK) return rc;
  auto* table = new (std::nothrow) Table{};
  if (table == nullptr) return SQLITE_NOMEM;
  table->source = static_cast<InteractionBatchWriter::Source*>(aux);
  *out = &table->base;
  return SQLITE_OK;
}

int disconnect(sqlite3_vtab* vtab) {
  delete reinterpret_cast<Table*>(vtab);
  return SQLITE_OK;
}

int best_index(sqlite3_vtab*, sqlite3_index_info* info) {
  info->estimatedCost = 1.0;  // a full scan is the only plan
  return SQLITE_OK;
}

int open_cursor(sqlite3_vtab* vtab, sqlite3_vtab_cursor** out) {
  auto* cursor = new (std::nothrow) Cursor{};
  if (cursor == nullptr) return SQLITE_NOMEM;
  cursor->batch = reinterpret_cast<Table*>(vtab)->source->batch;
  *out = &cursor->base;
  return SQLITE_OK;
}

int close_cursor(sqlite3_vtab_cursor* cursor) {
  delete reinterpret_cast<Cursor*>(cursor);
  return SQLITE_OK;
}

int filter(sqlite3_vtab_cursor* base, int, const char*, int, sqlite3_value**) {
  auto* cursor = reinterpret_cast<Cursor*>(base);
  cursor->batch = reinterpret_cast<Table*>(base->pVtab)->source->batch;
  cursor->row = 0;
  return SQLITE_OK;
}

int next(sqlite3_vtab_cursor* base) {
  ++reinterpret_cast<Cursor*>(base)->row;
  return SQLITE_OK;
}

int eof(sqlite3_vtab_cursor* base) {
  const auto* cursor = reinterpret_cast<Cursor*>(base);
  return cursor->batch == nullptr || cursor->row >= cursor->batch->size();
}

int column(sqlite3_vtab_cursor* base, sqlite3_context* context, int index) {
  const auto* cursor = reinterpret_cast<Cursor*>(base);
  const InteractionRowBatch& b = *cursor->batch;
  const size_t r = cursor->row;
  switch (index) {
    case 0: sqlite3_result_int64(context, b.user_idx[r]); break;
    case 1: sqlite3_result_int64(context, b.item_idx[r]); break;
    case 2: sqlite3_result_int64(context, b.timestamp[r]); break;
    case 3:
      if (b.event_type_idx[r] < 0) sqlite3_result_null(context);
      else sqlite3_result_int64(context, b.event_type_idx[r]);
      break;
    case 4:
      if (b.has_event_value[r] != 0) sqlite3_result_double(context, b.event_value[r]);
      else sqlite3_result_null(context);
      break;
    default: {
      if (b.metadata_end.empty()) {
        sqlite3_result_null(context);
        break;
      }
      const uint32_t begin = r == 0 ? 0 : b.metadata_end[r - 1];
      const uint32_t end = b.metadata_end[r];
      if (begin == end) sqlite3_result_null(context);
      else sqlite3_result_text(context, b.metadata.data() + begin, static_cast<int>(end - begin), SQLITE_TRANSIENT);
      break;
    }
  }
  return SQLITE_OK;
}

int rowid(sqlite3_vtab_cursor* base, sqlite3_int64* out) {
  *out = static_cast<sqlite3_int64>(reinterpret_cast<Cursor*>(base)->row);
  return SQLITE_OK;
}

// xCreate null: eponymous-only, usable by name without CREATE VIRTUAL TABLE. Read-only, so
// every write-side callback stays null.
sqlite3_module make_module() {
  sqlite3_module module{};
  module.xConnect = connect;
  module.xBestIndex = best_index;
  module.xDisconnect = disconnect;
  module.xOpen = open_cursor;
  module.xClose = close_cursor;
  module.xFilter = filter;
  module.xNext = next;
  module.xEof = eof;
  module.xColumn = column;
  module.xRowid = rowid;
  return module;
}

const sqlite3_module kModule = make_module();

}  // namespace

void InteractionRowBatch::clear() {
  user_idx.clear();
  item_idx.clear();
  timestamp.clear();
  event_type_idx.clear();
  event_value.clear();
  has_event_value.clear();
  metadata.clear();
  metadata_end.clear();
}

void InteractionRowBatch::reserve(size_t rows) {
  user_idx.reserve(rows);
  item_idx.reserve(rows);
  timestamp.reserve(rows);
  event_type_idx.reserve(rows);
  event_value.reserve(rows);
  has_event_value.reserve(rows);
}

Result<InteractionBatchWriter> InteractionBatchWriter::create(sql::Database& db, const std::string& table, int64_t job_id,
                                                             InteractionColumns columns) {
  InteractionBatchWriter writer;
  writer.db_ = &db;
  writer.source_ = std::make_unique<Source>();
  // Re-registering replaces an earlier writer's module on this connection.
  if (sqlite3_create_module(db.handle(), kModuleName, &kModule, writer.source_.get()) != SQLITE_OK) {
    return db.error("registering the batch table");
  }
  EDGEREC_ASSIGN_OR_RETURN(writer.insert_,
                           db.prepare("INSERT INTO " + sql::quote_identifier(table) +
                                      "(user_idx, item_idx, timestamp, event_type_idx, event_value, metadata, job_id) "
                                      "SELECT u, i, t, " + (columns.event_type ? "e" : "NULL") + ", " +
                                      (columns.event_value ? "v" : "NULL") + ", " + (columns.metadata ? "m" : "NULL") +
                                      ", ?1 FROM " + kModuleName));
  writer.insert_.bind_int(1, job_id);
  return writer;
}

InteractionBatchWriter::~InteractionBatchWriter() {
  if (db_ != nullptr && source_ != nullptr) {
    insert_ = sql::Statement();  // finalize before the module goes
    sqlite3_create_module(db_->handle(), kModuleName, nullptr, nullptr);
  }
}

Status InteractionBatchWriter::write(const InteractionRowBatch& batch) {
  source_->batch = &batch;
  Status status = insert_.run();
  source_->batch = nullptr;
  return status;
}

}  // namespace edgerec
