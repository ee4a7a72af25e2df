// The interactions import pipeline: a parsing thread, a bounded queue, the writing thread.
#include "store/interactions_import.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>

#include "edgerec/json.h"
#include "io/interaction_column_layout.h"
#include "schema/csv_header.h"
#include "schema/field_value.h"
#include "store/bounded_queue.h"
#include "store/bulk_rows.h"
#include "store/dictionary_loader.h"
#include "store/dictionary_resolver.h"
#include "store/interaction_batch_writer.h"

namespace edgerec {
namespace {

/// Ids a batch's rows use for the first time, in local-index order, back to back.
struct NewIds {
  std::string bytes;
  std::vector<uint32_t> ends;

  void add(std::string_view id) {
    bytes.append(id);
    ends.push_back(static_cast<uint32_t>(bytes.size()));
  }
  std::string_view at(size_t i) const {
    const size_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(bytes).substr(begin, ends[i] - begin);
  }
  void clear() {
    bytes.clear();
    ends.clear();
  }
};

enum Dictionaries { kUsers, kItems, kEventTypes, kDictionaries };

/// Rows with local dictionary indices, and the ids first seen in them.
struct ParsedBatch {
  InteractionRowBatch rows;
  NewIds new_ids[kDictionaries];

  void clear() {
    rows.clear();
    for (NewIds& ids : new_ids) ids.clear();
  }
};

using BatchPtr = std::unique_ptr<ParsedBatch>;

/// Where the fixed columns sit in the file, with each column's schema field; the metadata
/// columns go to the row's metadata JSON.
struct Layout : InteractionColumnLayout {
  CsvColumns fields;
};

Layout make_layout(const CsvColumns& columns) {
  std::vector<std::string> names;
  for (const SchemaField* field : columns) names.push_back(field->name);
  return Layout{locate_interaction_columns(names), columns};
}

/// The parsing side: owns the reader and the dictionaries while it runs. Rows carry local
/// dictionary indices; the writer turns them into stored ones (DictionaryResolver).
class RowParser {
 public:
  RowParser(CsvReader& reader, const Layout& layout, DictionaryLoader& users, DictionaryLoader& items,
            DictionaryLoader& event_types, ImportOutcome& outcome)
      : reader_(reader), layout_(layout), users_(users), items_(items), event_types_(event_types), outcome_(outcome) {
    reported_[kUsers] = users.loaded();
    reported_[kItems] = items.loaded();
    reported_[kEventTypes] = event_types.loaded();
  }

  /// Parses every row, filling batches from `empty` and handing them to `full`; closes `full`.
  void run(BoundedQueue<BatchPtr>& empty, BoundedQueue<BatchPtr>& full) {
    BatchPtr batch;
    std::vector<std::string_view> fields;
    for (;;) {
      auto more = reader_.next(fields);
      if (!more.ok()) {
        outcome_.add_error(more.status());  // malformed CSV: the reader cannot go on
        break;
      }
      if (!*more) break;
      ++outcome_.rows_read;
      if (!batch && !outcome_.failed()) {
        auto next = empty.pop();
        if (!next) break;  // the writer stopped (database error)
        batch = std::move(*next);
      }
      Status status = parse_row(fields, outcome_.failed() ? nullptr : batch.get());
      if (!status.ok()) {
        outcome_.add_error(std::move(status));
        continue;  // keep reading to count the bad rows; nothing more is stored
      }
      if (!outcome_.failed() && batch->rows.size() >= batch_rows) {
        if (!full.push(std::move(batch))) break;
        batch.reset();
      }
    }
    if (batch && batch->rows.size() > 0 && !outcome_.failed()) full.push(std::move(batch));
    full.close();
  }

  size_t batch_rows = 32768;
  std::vector<uint8_t> event_type_seen;  ///< by local event-type index

 private:
  /// Validates one record; appends it to `parsed` unless null (after an earlier error).
  Status parse_row(const std::vector<std::string_view>& fields, ParsedBatch* parsed) {
    if (fields.size() != layout_.count) {
      const size_t blamed = std::min(fields.size(), layout_.count);  // first missing or first extra
      return reader_.field_error(blamed, "expected " + std::to_string(layout_.count) + " columns as in the header, got " +
                                             std::to_string(fields.size()));
    }
    const std::string_view user = fields[layout_.user];
    const std::string_view item = fields[layout_.item];
    if (Status s = check_id_value(user); !s.ok()) return reader_.field_error(layout_.user, s.message());
    if (Status s = check_id_value(item); !s.ok()) return reader_.field_error(layout_.item, s.message());
    auto timestamp = parse_field_value(*layout_.fields[layout_.timestamp], fields[layout_.timestamp]);
    if (!timestamp.ok()) return reader_.field_error(layout_.timestamp, timestamp.status().message());

    int64_t event_type = -1;
    if (layout_.event_type) {
      const size_t column = *layout_.event_type;
      auto value = parse_field_value(*layout_.fields[column], fields[column]);
      if (!value.ok()) return reader_.field_error(column, value.status().message());
      if (value->kind == FieldValue::Kind::kText) {
        const uint32_t local = event_types_.intern(value->text);
        if (local >= event_type_seen.size()) event_type_seen.resize(local + 1, 0);
        event_type_seen[local] = 1;
        event_type = local;
      }
    }
    std::optional<double> event_value;
    if (layout_.event_value) {
      const size_t column = *layout_.event_value;
      auto value = parse_field_value(*layout_.fields[column], fields[column]);
      if (!value.ok()) return reader_.field_error(column, value.status().message());
      if (value->kind == FieldValue::Kind::kReal) event_value = value->real;
    }
    JsonWriter metadata;
    bool any_metadata = false;
    for (const size_t column : layout_.metadata) {
      const SchemaField& field = *layout_.fields[column];
      auto value = parse_field_value(field, fields[column]);
      if (!value.ok()) return reader_.field_error(column, value.status().message());
      if (value->kind == FieldValue::Kind::kNull) continue;
      if (value->truncated) ++outcome_.truncated_values;
      if (!any_metadata) metadata.begin_object();
      any_metadata = true;
      metadata.key(field.name);
      write_field_value(metadata, field, *value);
    }
    // Dictionaries are interned last so a rejected row adds no ids.
    const uint32_t user_idx = users_.intern(user);
    const uint32_t item_idx = items_.intern(item);
    if (parsed == nullptr) return Status::ok_status();
    report_new_ids(users_, kUsers, *parsed);
    report_new_ids(items_, kItems, *parsed);
    report_new_ids(event_types_, kEventTypes, *parsed);
    InteractionRowBatch* batch = &parsed->rows;
    batch->user_idx.push_back(user_idx);
    batch->item_idx.push_back(item_idx);
    batch->timestamp.push_back(timestamp->integer);
    batch->event_type_idx.push_back(event_type);
    batch->event_value.push_back(event_value.value_or(0.0));
    batch->has_event_value.push_back(event_value ? 1 : 0);
    if (!layout_.metadata.empty()) {
      if (any_metadata) {
        metadata.end_object();
        batch->metadata += metadata.str();
      }
      batch->metadata_end.push_back(static_cast<uint32_t>(batch->metadata.size()));
    }
    return Status::ok_status();
  }

  /// Hands the ids interned since the last report to the batch whose rows first use them.
  void report_new_ids(const DictionaryLoader& dictionary, Dictionaries which, ParsedBatch& parsed) {
    for (; reported_[which] < dictionary.size(); ++reported_[which]) parsed.new_ids[which].add(dictionary.id(reported_[which]));
  }

  CsvReader& reader_;
  const Layout& layout_;
  size_t reported_[kDictionaries] = {0, 0, 0};
  DictionaryLoader& users_;
  DictionaryLoader& items_;
  DictionaryLoader& event_types_;
  ImportOutcome& outcome_;
};

/// Event types that count against Personalize's limit besides this job's: streamed ones, and
/// for INCREMENTAL jobs every type the group knows.
Result<std::vector<std::string>> counted_event_types(sql::Database& db, const DictionaryLoader& types,
                                                     const std::vector<uint8_t>& seen, bool full) {
  std::vector<std::string> names;
  for (size_t local = 0; local < types.size(); ++local) {
    const bool in_job = local < seen.size() && seen[local] != 0;
    if (in_job || (!full && local < types.loaded())) names.emplace_back(types.id(local));
  }
  if (full) {
    EDGEREC_ASSIGN_OR_RETURN(sql::Statement put, db.prepare("SELECT DISTINCT t.event_type FROM interactions_put p "
                                                            "JOIN event_types t ON t.event_type_idx = p.event_type_idx"));
    for (;;) {
      EDGEREC_ASSIGN_OR_RETURN(const bool row, put.step());
      if (!row) break;
      std::string name = put.column_text(0);
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
    }
  }
  return names;
}

size_t optional_metadata_fields(const DatasetSchema& schema) {
  size_t count = 0;
  for (const SchemaField& field : schema.fields) {
    const std::string& n = field.name;
    if (n != "USER_ID" && n != "ITEM_ID" && n != "TIMESTAMP" && n != "IMPRESSION" && n != "RECOMMENDATION_ID" &&
        n != "EVENT_ATTRIBUTION_SOURCE") {
      ++count;
    }
  }
  return count;
}

/// The writing side: stores batches in write transactions of about kImportChunkMilliseconds,
/// resolving each batch's new ids first, and leaves the lock free for a moment between them.
class ChunkWriter {
 public:
  static Result<ChunkWriter> create(sql::Database& db, const Layout& layout, const DictionaryLoader& users,
                                    const DictionaryLoader& items, const DictionaryLoader& event_types, int64_t job_id) {
    InteractionColumns filled;
    filled.event_type = layout.event_type.has_value();
    filled.event_value = layout.event_value.has_value();
    filled.metadata = !layout.metadata.empty();
    EDGEREC_ASSIGN_OR_RETURN(InteractionBatchWriter rows, InteractionBatchWriter::create(db, "interactions_bulk", job_id, filled));
    EDGEREC_ASSIGN_OR_RETURN(DictionaryResolver u, DictionaryResolver::create(db, DictionaryKind::kUsers, users, job_id));
    EDGEREC_ASSIGN_OR_RETURN(DictionaryResolver i, DictionaryResolver::create(db, DictionaryKind::kItems, items, job_id));
    EDGEREC_ASSIGN_OR_RETURN(DictionaryResolver t,
                             DictionaryResolver::create(db, DictionaryKind::kEventTypes, event_types, job_id));
    return ChunkWriter(db, std::move(rows), std::move(u), std::move(i), std::move(t));
  }

  /// Stores `batch` (its indices become stored ones). `idle`: no batch is waiting, so the chunk
  /// ends here rather than hold the lock while the parser catches up.
  Status write(ParsedBatch& batch, bool idle) {
    if (!chunk_) {
      chunk_ = std::make_unique<sql::Transaction>(*db_);
      EDGEREC_RETURN_IF_ERROR(chunk_->begin());
      chunk_started_ = std::chrono::steady_clock::now();
    }
    for (int d = 0; d < kDictionaries; ++d) {
      const NewIds& ids = batch.new_ids[d];
      for (size_t k = 0; k < ids.ends.size(); ++k) EDGEREC_RETURN_IF_ERROR(resolvers_[d].add(ids.at(k)));
    }
    InteractionRowBatch& rows = batch.rows;
    for (int64_t& u : rows.user_idx) u = resolvers_[kUsers].stored(static_cast<uint32_t>(u));
    for (int64_t& i : rows.item_idx) i = resolvers_[kItems].stored(static_cast<uint32_t>(i));
    for (int64_t& t : rows.event_type_idx) {
      if (t >= 0) t = resolvers_[kEventTypes].stored(static_cast<uint32_t>(t));
    }
    EDGEREC_RETURN_IF_ERROR(rows_.write(rows));
    // Idle, the writer waits for the parser with the lock free anyway; after a full chunk it
    // pauses, so that a writer polling for the lock finds it free.
    if (idle) return finish();
    if (std::chrono::steady_clock::now() - chunk_started_ >= std::chrono::milliseconds(kImportChunkMilliseconds)) {
      EDGEREC_RETURN_IF_ERROR(finish());
      yield_write_lock();
    }
    return Status::ok_status();
  }

  /// Commits the open chunk, if any. (Destroyed with one open, the chunk rolls back.)
  Status finish() {
    if (!chunk_) return Status::ok_status();
    Status committed = chunk_->commit();
    chunk_.reset();
    return committed;
  }

 private:
  ChunkWriter(sql::Database& db, InteractionBatchWriter rows, DictionaryResolver users, DictionaryResolver items,
              DictionaryResolver types)
      : db_(&db), rows_(std::move(rows)), resolvers_{std::move(users), std::move(items), std::move(types)} {}

  sql::Database* db_;
  InteractionBatchWriter rows_;
  DictionaryResolver resolvers_[kDictionaries];
  std::unique_ptr<sql::Transaction> chunk_;
  std::chrono::steady_clock::time_point chunk_started_;
};

}  // namespace

Status import_interactions_csv(sql::Database& db, CsvReader& reader, const DatasetSchema& schema,
                               const InteractionsImportOptions& options, ImportOutcome& outcome) {
  auto columns = read_csv_header(reader, schema);
  if (!columns.ok()) {
    outcome.add_error(columns.status());
    return outcome.first_error();
  }
  const Layout layout = make_layout(*columns);

  EDGEREC_ASSIGN_OR_RETURN(DictionaryLoader users, DictionaryLoader::load(db, DictionaryKind::kUsers));
  EDGEREC_ASSIGN_OR_RETURN(DictionaryLoader items, DictionaryLoader::load(db, DictionaryKind::kItems));
  EDGEREC_ASSIGN_OR_RETURN(DictionaryLoader event_types, DictionaryLoader::load(db, DictionaryKind::kEventTypes));
  EDGEREC_ASSIGN_OR_RETURN(ChunkWriter writer, ChunkWriter::create(db, layout, users, items, event_types, options.job_id));

  // Enough batches in flight that neither side waits on the other for long; few enough that
  // they cost a few MB.
  constexpr size_t kBatchesInFlight = 6;
  BoundedQueue<BatchPtr> empty(kBatchesInFlight);
  BoundedQueue<BatchPtr> full(kBatchesInFlight);
  for (size_t i = 0; i < kBatchesInFlight; ++i) {
    auto batch = std::make_unique<ParsedBatch>();
    batch->rows.reserve(options.batch_rows);
    empty.push(std::move(batch));
  }
  RowParser parser(reader, layout, users, items, event_types, outcome);
  parser.batch_rows = options.batch_rows;
  std::thread parsing([&] { parser.run(empty, full); });

  Status write_status;
  while (auto batch = full.pop()) {
    if (write_status.ok()) {
      write_status = writer.write(**batch, !full.ready());
      if (write_status.ok()) {
        outcome.rows_imported += (*batch)->rows.size();
      } else {
        empty.close();  // the parser stops at its next batch
        full.close();
      }
    }
    (*batch)->clear();
    empty.push(std::move(*batch));
  }
  parsing.join();
  if (write_status.ok() && !outcome.failed()) write_status = writer.finish();
  // The parser has finished with `outcome`; from here on this thread owns it.
  if (!write_status.ok()) {
    outcome.errors.insert(outcome.errors.begin(), write_status);
    ++outcome.error_count;
    return write_status;
  }
  if (outcome.failed()) return outcome.first_error();
  if (outcome.rows_read == 0) {
    outcome.add_error(invalid_input(reader.path() + ": the file has no records, only a header row (" +
                                    schema_field_list(schema) + ")"));
    return outcome.first_error();
  }
  if (outcome.rows_read < kMinInteractionsPerImportJob) {
    outcome.add_error(invalid_input(
        reader.path() + ": " + std::to_string(outcome.rows_read) + " interactions; Personalize requires at least " +
        std::to_string(kMinInteractionsPerImportJob) + " records per import job (FULL or INCREMENTAL). Import fewer "
        "rows together with more data, or send them one by one with put-events"));
    return outcome.first_error();
  }
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<std::string> types,
                           counted_event_types(db, event_types, parser.event_type_seen, options.full));
  const size_t optional_fields = optional_metadata_fields(schema);
  if (optional_fields + types.size() > kMaxInteractionsMetadataPlusEventTypes) {
    std::string list;
    for (const std::string& t : types) list += (list.empty() ? "" : ", ") + t;
    outcome.add_error(invalid_input(
        reader.path() + ": " + std::to_string(types.size()) + " distinct event types (" + list + ") plus " +
        std::to_string(optional_fields) + " optional metadata fields exceed Personalize's limit of " +
        std::to_string(kMaxInteractionsMetadataPlusEventTypes) + (options.full ? "" : " (streamed and earlier event types count too)")));
    return outcome.first_error();
  }
  if (outcome.truncated_values != 0) {
    outcome.warnings.push_back(std::to_string(outcome.truncated_values) + " textual values were longer than " +
                               std::to_string(kMaxTextualChars) + " characters and were truncated");
  }
  return Status::ok_status();
}

}  // namespace edgerec
