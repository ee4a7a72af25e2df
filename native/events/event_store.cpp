// The interactions_put writer: dictionaries, deduplication, inserts.
#include "events/event_store.h"

#include <random>
#include <unordered_map>

#include "schema/dataset_schema.h"
#include "store/dataset_group.h"
#include "store/datasets.h"

namespace edgerec {

void write_store_counts(JsonWriter& w, const StoreCounts& counts) {
  w.key("eventsStored");
  w.integer(static_cast<int64_t>(counts.stored));
  w.key("eventsDeduplicated");
  w.integer(static_cast<int64_t>(counts.deduplicated));
}

namespace {

// The identity lookup below relies on interactions_put_by_session (session_id, timestamp),
// created with the group (store/dataset_group.cpp); by user would not do, since anonymous events
// (user_idx NULL) all share one key.

// A dictionary table (user_ids, item_ids, event_types): string -> small integer, created on
// first use. Lookups are cached for the call, since a batch repeats the same few ids.
class Dictionary {
 public:
  static Result<Dictionary> prepare(sql::Database& db, const char* table, const char* idx, const char* column) {
    Dictionary d;
    d.db_ = &db;
    const std::string t(table);
    EDGEREC_ASSIGN_OR_RETURN(d.find_, db.prepare("SELECT " + std::string(idx) + " FROM " + t + " WHERE " + column + " = ?"));
    EDGEREC_ASSIGN_OR_RETURN(d.insert_, db.prepare("INSERT INTO " + t + "(" + column + ") VALUES (?)"));
    return d;
  }

  Result<int64_t> index_of(const std::string& value) {
    if (const auto it = cache_.find(value); it != cache_.end()) return it->second;
    find_.bind_text(1, value);
    auto found = find_.step();
    if (!found.ok()) return found.status();
    int64_t index = 0;
    if (*found) {
      index = find_.column_int(0);
      find_.reset();
    } else {
      find_.reset();
      insert_.bind_text(1, value);
      EDGEREC_RETURN_IF_ERROR(insert_.run());
      index = db_->last_insert_rowid();
    }
    cache_.emplace(value, index);
    return index;
  }

 private:
  sql::Database* db_ = nullptr;
  sql::Statement find_;
  sql::Statement insert_;
  std::unordered_map<std::string, int64_t> cache_;
};

void bind_optional_int(sql::Statement& s, int index, const std::optional<int64_t>& value) {
  if (value) s.bind_int(index, *value);
  else s.bind_null(index);
}

void bind_optional_double(sql::Statement& s, int index, const std::optional<double>& value) {
  if (value) s.bind_double(index, *value);
  else s.bind_null(index);
}

// Personalize gives a dataset group that receives events without an Interactions dataset one
// with the default schema; so does edgerec, inside the same transaction as the events.
Status ensure_interactions_dataset(sql::Database& db) {
  EDGEREC_ASSIGN_OR_RETURN(const int64_t exists,
                           db.query_int("SELECT count(*) FROM datasets WHERE dataset_type = 'interactions'"));
  if (exists != 0) return Status::ok_status();
  EDGEREC_ASSIGN_OR_RETURN(const DatasetSchema schema, default_dataset_schema(DatasetType::kInteractions));
  return create_dataset(db, schema);
}

}  // namespace

std::string generate_event_id() {
  thread_local std::random_device entropy;
  uint8_t bytes[16];
  for (int i = 0; i < 16; i += 4) {
    const uint32_t r = entropy();
    for (int k = 0; k < 4; ++k) bytes[i + k] = static_cast<uint8_t>(r >> (8 * k));
  }
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0F) | 0x40);  // UUID version 4
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static const char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id.push_back('-');
    id.push_back(kHex[bytes[i] >> 4]);
    id.push_back(kHex[bytes[i] & 0xF]);
  }
  return id;
}

Result<StoreCounts> store_events(sql::Database& db, const std::vector<ValidatedEvent>& events,
                                 const std::optional<std::string>& batch_id) {
  StoreCounts counts;
  if (events.empty()) return counts;
  EDGEREC_RETURN_IF_ERROR(ensure_interactions_dataset(db));
  EDGEREC_ASSIGN_OR_RETURN(Dictionary users, Dictionary::prepare(db, "user_ids", "user_idx", "user_id"));
  EDGEREC_ASSIGN_OR_RETURN(Dictionary items, Dictionary::prepare(db, "item_ids", "item_idx", "item_id"));
  EDGEREC_ASSIGN_OR_RETURN(Dictionary types,
                           Dictionary::prepare(db, "event_types", "event_type_idx", "event_type"));
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement identical,
                           db.prepare("SELECT 1 FROM interactions_put WHERE session_id = ?1 AND timestamp = ?2 "
                                      "AND user_idx IS ?3 AND item_idx IS ?4 AND event_type_idx = ?5 "
                                      "AND event_value IS ?6 AND properties IS ?7 LIMIT 1"));
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement insert,
                           db.prepare("INSERT INTO interactions_put(user_idx, session_id, item_idx, timestamp, "
                                      "event_type_idx, event_value, event_id, recommendation_id, impression, "
                                      "properties, batch_id, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                      "ON CONFLICT(event_id) DO NOTHING"));
  const int64_t received_at = unix_now();
  for (const ValidatedEvent& e : events) {
    std::optional<int64_t> user_idx;
    std::optional<int64_t> item_idx;
    if (e.user_id) {
      EDGEREC_ASSIGN_OR_RETURN(user_idx, users.index_of(*e.user_id));
    }
    if (e.item_id) {
      EDGEREC_ASSIGN_OR_RETURN(item_idx, items.index_of(*e.item_id));
    }
    EDGEREC_ASSIGN_OR_RETURN(const int64_t type_idx, types.index_of(e.event_type));

    identical.bind_text(1, e.session_id);
    identical.bind_int(2, e.timestamp);
    bind_optional_int(identical, 3, user_idx);
    bind_optional_int(identical, 4, item_idx);
    identical.bind_int(5, type_idx);
    bind_optional_double(identical, 6, e.event_value);
    identical.bind_optional_text(7, e.properties);
    auto seen = identical.step();
    identical.reset();
    if (!seen.ok()) return seen.status();
    if (*seen) {
      ++counts.deduplicated;
      continue;
    }

    const std::string event_id = e.event_id ? *e.event_id : generate_event_id();
    bind_optional_int(insert, 1, user_idx);
    insert.bind_text(2, e.session_id);
    bind_optional_int(insert, 3, item_idx);
    insert.bind_int(4, e.timestamp);
    insert.bind_int(5, type_idx);
    bind_optional_double(insert, 6, e.event_value);
    insert.bind_text(7, event_id);
    insert.bind_optional_text(8, e.recommendation_id);
    insert.bind_optional_text(9, e.impression);
    insert.bind_optional_text(10, e.properties);
    insert.bind_optional_text(11, batch_id);
    insert.bind_int(12, received_at);
    EDGEREC_RETURN_IF_ERROR(insert.run());
    if (db.changes() == 1) ++counts.stored;
    else ++counts.deduplicated;  // the eventId was seen before: the first event with it wins
  }
  return counts;
}

}  // namespace edgerec
