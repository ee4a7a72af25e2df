// Reading training data out of a dataset group, and recording solution versions in it.
#include "store/training_source.h"

#include <cmath>
#include <filesystem>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "edgerec/json.h"
#include "edgerec/runtime.h"
#include "io/file_io.h"
#include "store/bulk_rows.h"
#include "store/datasets.h"

namespace edgerec {
namespace {

// A dictionary table (idx -> id) read densely: dense index in read order, and a map from the
// stored idx (INTEGER PRIMARY KEY, possibly with gaps after deletions) to it.
struct Dictionary {
  std::vector<std::string> ids;
  std::vector<uint32_t> dense_of;  // stored idx -> dense index, or UINT32_MAX
};

constexpr uint32_t kAbsent = std::numeric_limits<uint32_t>::max();

Result<Dictionary> read_dictionary(sql::Database& db, const char* table, const char* idx, const char* id) {
  Dictionary d;
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement stmt, db.prepare(std::string("SELECT ") + idx + ", " + id + " FROM " + table +
                                                           " ORDER BY " + idx));
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    const int64_t stored = stmt.column_int(0);
    if (stored < 0 || stored > std::numeric_limits<int32_t>::max()) {
      return corrupt_data(db.path() + ": " + table + " holds an out-of-range index " + std::to_string(stored));
    }
    if (d.dense_of.size() <= static_cast<size_t>(stored)) d.dense_of.resize(static_cast<size_t>(stored) + 1, kAbsent);
    d.dense_of[static_cast<size_t>(stored)] = static_cast<uint32_t>(d.ids.size());
    d.ids.push_back(stmt.column_text(1));
  }
  return d;
}

// An empty value column for a schema field; BOOLEAN and textual fields are never asked for.
MetadataColumn value_column(const SchemaField& f) {
  MetadataColumn column;
  column.name = f.name;
  column.categorical = f.categorical;
  column.type = f.type == FieldType::kString                             ? MetadataColumn::Type::kString
                : f.type == FieldType::kInt || f.type == FieldType::kLong ? MetadataColumn::Type::kLong
                                                                          : MetadataColumn::Type::kDouble;
  return column;
}

// Fields filters can use: every one but the id, textual and boolean ones.
bool filterable(const SchemaField& f, const char* id) {
  return f.name != id && !f.textual && f.type != FieldType::kBoolean;
}

// The user dictionary also holds users that only the Users dataset or PutUsers know. They are
// not training users, as in Personalize: counted, they would shift popularity shares and get an
// untrained vector (arbitrary items) instead of the popular items unknown users get. Keeps the
// dictionary order of the others.
void drop_users_without_interactions(InteractionsTable& table) {
  std::vector<uint32_t> renumbered(table.user_ids.size(), kAbsent);
  for (const uint32_t u : table.users) renumbered[u] = 0;
  uint32_t kept = 0;
  for (size_t u = 0; u < table.user_ids.size(); ++u) {
    if (renumbered[u] == kAbsent) continue;
    if (kept != u) table.user_ids[kept] = std::move(table.user_ids[u]);
    renumbered[u] = kept++;
  }
  if (kept == table.user_ids.size()) return;
  table.user_ids.resize(kept);
  for (uint32_t& u : table.users) u = renumbered[u];
}

// Items that an unfinished or failed import added to the dictionary belong to no dataset yet:
// left out unless an interaction refers to them (the Items dataset's are added back from its
// rows by the catalog). Keeps the dictionary order of the others.
void drop_unreferenced_items(InteractionsTable& table, const Dictionary& items, const std::unordered_set<int64_t>& pending) {
  if (pending.empty()) return;
  std::vector<uint8_t> referenced(table.item_ids.size(), 0);
  for (const uint32_t i : table.items) referenced[i] = 1;
  std::vector<uint8_t> drop(table.item_ids.size(), 0);
  bool any = false;
  for (const int64_t stored : pending) {
    if (stored < 0 || static_cast<size_t>(stored) >= items.dense_of.size()) continue;
    const uint32_t dense_index = items.dense_of[static_cast<size_t>(stored)];
    if (dense_index == kAbsent || referenced[dense_index] != 0) continue;
    drop[dense_index] = 1;
    any = true;
  }
  if (!any) return;
  std::vector<uint32_t> renumbered(table.item_ids.size(), kAbsent);
  uint32_t kept = 0;
  for (size_t i = 0; i < table.item_ids.size(); ++i) {
    if (drop[i] != 0) continue;
    if (kept != i) table.item_ids[kept] = std::move(table.item_ids[i]);
    renumbered[i] = kept++;
  }
  table.item_ids.resize(kept);
  for (uint32_t& i : table.items) i = renumbered[i];
}

uint32_t dense(const Dictionary& d, int64_t stored) {
  return stored >= 0 && static_cast<size_t>(stored) < d.dense_of.size() ? d.dense_of[static_cast<size_t>(stored)] : kAbsent;
}

}  // namespace

Result<InteractionsTable> load_group_interactions(DatasetGroup& group) {
  sql::Database& db = group.db();
  // Dictionaries, counted jobs and rows from one moment, while imports and events commit.
  sql::ReadSnapshot snapshot(db);
  EDGEREC_RETURN_IF_ERROR(snapshot.begin());
  EDGEREC_ASSIGN_OR_RETURN(const std::string counted, counted_bulk_rows(db));
  EDGEREC_ASSIGN_OR_RETURN(const std::unordered_set<int64_t> pending_items, items_added_by_unfinished_imports(db));
  EDGEREC_ASSIGN_OR_RETURN(const Dictionary users, read_dictionary(db, "user_ids", "user_idx", "user_id"));
  EDGEREC_ASSIGN_OR_RETURN(const Dictionary items, read_dictionary(db, "item_ids", "item_idx", "item_id"));
  EDGEREC_ASSIGN_OR_RETURN(const Dictionary types, read_dictionary(db, "event_types", "event_type_idx", "event_type"));
  InteractionsTable table;
  table.user_ids = users.ids;
  table.item_ids = items.ids;
  table.event_types = types.ids;
  table.has_event_type = !types.ids.empty();
  table.has_event_value = true;
  table.columns = {"USER_ID", "ITEM_ID", "TIMESTAMP", "EVENT_TYPE", "EVENT_VALUE"};
  uint16_t untyped = 0;  // events without a type get a "" type when others have one
  bool untyped_added = false;
  EDGEREC_ASSIGN_OR_RETURN(
      sql::Statement rows,
      db.prepare("SELECT user_idx, item_idx, timestamp, event_type_idx, event_value FROM interactions_bulk WHERE " +
                 counted + " UNION ALL SELECT user_idx, item_idx, timestamp, event_type_idx, event_value FROM interactions_put "
                 "WHERE user_idx IS NOT NULL AND item_idx IS NOT NULL"));
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool row, rows.step());
    if (!row) break;
    const uint32_t u = dense(users, rows.column_int(0));
    const uint32_t i = dense(items, rows.column_int(1));
    if (u == kAbsent || i == kAbsent) {
      return corrupt_data(db.path() + ": an interaction refers to a user or item missing from the dictionaries");
    }
    table.users.push_back(u);
    table.items.push_back(i);
    table.timestamps.push_back(rows.column_int(2));
    if (table.has_event_type) {
      uint32_t t = rows.column_is_null(3) ? kAbsent : dense(types, rows.column_int(3));
      if (t == kAbsent) {
        if (!untyped_added) {
          untyped = static_cast<uint16_t>(table.event_types.size());
          table.event_types.emplace_back();
          untyped_added = true;
        }
        t = untyped;
      }
      table.event_type_ids.push_back(static_cast<uint16_t>(t));
    }
    table.event_values.push_back(rows.column_is_null(4) ? std::nanf("") : static_cast<float>(rows.column_double(4)));
  }
  if (table.size() == 0) {
    return invalid_input(group.dir() + ": the dataset group has no interactions to train on; import some with "
                         "`edgerec import " + group.dir() + " --dataset interactions --csv FILE`");
  }
  drop_users_without_interactions(table);
  drop_unreferenced_items(table, items, pending_items);
  return table;
}

Result<std::optional<ItemMetadataTable>> load_group_item_metadata(DatasetGroup& group) {
  sql::Database& db = group.db();
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<DatasetSchema> schema, load_dataset_schema(db, DatasetType::kItems));
  if (!schema) return std::optional<ItemMetadataTable>();
  // Stored for filters: every field but textual and boolean ones (filters cannot use those).
  // Categorical strings are also training tokens.
  std::vector<const SchemaField*> fields;
  bool has_created = false;
  for (const SchemaField& f : schema->fields) {
    if (f.name == "CREATION_TIMESTAMP") has_created = true;
    else if (filterable(f, "ITEM_ID")) fields.push_back(&f);
  }
  std::string sql = "SELECT d.item_id";
  sql += has_created ? ", t.\"CREATION_TIMESTAMP\"" : ", NULL";
  for (const SchemaField* f : fields) sql += ", t." + sql::quote_identifier(f->name);
  sql += " FROM items t JOIN item_ids d ON d.item_idx = t.item_idx ORDER BY t.item_idx";
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement stmt, db.prepare(sql));
  ItemMetadataTable table;
  table.columns.push_back("ITEM_ID");
  for (const SchemaField* f : fields) {
    if (f->type == FieldType::kString && f->categorical) table.columns.push_back(f->name);
    table.value_columns.push_back(value_column(*f));
  }
  std::unordered_map<std::string, uint32_t> token_ids;
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    table.item_ids.push_back(stmt.column_text(0));
    table.creation_timestamps.push_back(stmt.column_is_null(1) ? kUnknownCreationTime : stmt.column_int(1));
    std::vector<uint32_t> tokens;
    for (size_t c = 0; c < fields.size(); ++c) {
      const int at = static_cast<int>(c + 2);
      MetadataColumn& column = table.value_columns[c];
      if (stmt.column_is_null(at)) {
        column.push_null();
        continue;
      }
      if (column.type == MetadataColumn::Type::kLong) {
        column.push_long(stmt.column_int(at));
        continue;
      }
      if (column.type == MetadataColumn::Type::kDouble) {
        column.push_double(stmt.column_double(at));
        continue;
      }
      std::string value = stmt.column_text(at);
      if (column.categorical) {
        size_t start = 0;
        while (start <= value.size()) {
          const size_t bar = value.find('|', start);
          const std::string part = value.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
          if (!part.empty()) {
            std::string token = column.name + "=" + part;
            const auto [it, inserted] = token_ids.emplace(token, static_cast<uint32_t>(table.tokens.size()));
            if (inserted) table.tokens.push_back(std::move(token));
            tokens.push_back(it->second);
          }
          if (bar == std::string::npos) break;
          start = bar + 1;
        }
      }
      column.push_string(std::move(value));
    }
    std::sort(tokens.begin(), tokens.end());
    tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
    table.item_tokens.push_back(std::move(tokens));
  }
  return std::optional<ItemMetadataTable>(std::move(table));
}

Result<std::optional<UserMetadataTable>> load_group_user_metadata(DatasetGroup& group) {
  sql::Database& db = group.db();
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<DatasetSchema> schema, load_dataset_schema(db, DatasetType::kUsers));
  if (!schema) return std::optional<UserMetadataTable>();
  UserMetadataTable table;
  std::string sql = "SELECT d.user_id";
  for (const SchemaField& f : schema->fields) {
    if (!filterable(f, "USER_ID")) continue;
    sql += ", t." + sql::quote_identifier(f.name);
    table.columns.push_back(value_column(f));
  }
  sql += " FROM users t JOIN user_ids d ON d.user_idx = t.user_idx ORDER BY t.user_idx";
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement stmt, db.prepare(sql));
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    table.user_ids.push_back(stmt.column_text(0));
    for (size_t c = 0; c < table.columns.size(); ++c) {
      const int at = static_cast<int>(c + 1);
      MetadataColumn& column = table.columns[c];
      if (stmt.column_is_null(at)) column.push_null();
      else if (column.type == MetadataColumn::Type::kLong) column.push_long(stmt.column_int(at));
      else if (column.type == MetadataColumn::Type::kDouble) column.push_double(stmt.column_double(at));
      else column.push_string(stmt.column_text(at));
    }
  }
  return std::optional<UserMetadataTable>(std::move(table));
}

Result<GroupTrainingTables> load_group_training_tables(DatasetGroup& group) {
  GroupTrainingTables t;
  EDGEREC_ASSIGN_OR_RETURN(t.interactions, load_group_interactions(group));
  EDGEREC_ASSIGN_OR_RETURN(t.items, load_group_item_metadata(group));
  EDGEREC_ASSIGN_OR_RETURN(t.users, load_group_user_metadata(group));
  return t;
}

Result<std::string> record_solution_version(DatasetGroup& group, const std::vector<uint8_t>& solution) {
  // The stored file is the one served: read the id, recipe and metrics back through the loader.
  EDGEREC_ASSIGN_OR_RETURN(std::unique_ptr<Runtime> runtime, Runtime::load(solution.data(), solution.size()));
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue described, parse_json(runtime->describe_json(), "solution description"));
  const std::string id = described.find("solutionVersionId")->as_string();
  const std::string recipe = described.find("recipe")->as_string();
  const std::string mode = described.find("trainingMode")->as_string();
  const JsonValue* base = described.find("solutionConfig")->find("baseSolutionVersionId");
  JsonWriter metrics;
  metrics.begin_object();
  for (const auto& [name, value] : described.find("metrics")->members()) {
    metrics.key(name);
    if (value.is_number()) metrics.number(value.as_number());
    else metrics.null();  // a metric that could not be computed (NaN) stays null, as describe-solution shows it
  }
  metrics.end_object();
  // Absolute: the path is read by other processes (a server, a worker) from other directories.
  const std::string dir = std::filesystem::absolute(group.dir() + "/solutions").lexically_normal().string();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return io_error(dir + ": cannot create directory: " + ec.message());
  const std::string path = dir + "/" + id + ".erec";
  EDGEREC_RETURN_IF_ERROR(write_file_atomically(path, solution));
  // A version the control plane requested has its row (CREATE IN_PROGRESS, solutions.h): the
  // trained file completes it. Otherwise (`edgerec train DIR`) the version is recorded now.
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement requested,
                           group.db().prepare("SELECT 1 FROM solution_versions WHERE solution_version_id = ? AND "
                                              "status = 'CREATE IN_PROGRESS'"));
  requested.bind_text(1, id);
  EDGEREC_ASSIGN_OR_RETURN(const bool pending, requested.step());
  requested.reset();
  EDGEREC_ASSIGN_OR_RETURN(
      sql::Statement insert,
      group.db().prepare(pending ? "UPDATE solution_versions SET recipe = ?2, path = ?3, status = 'ACTIVE', updated_at = ?4, "
                                   "metrics = ?5, training_mode = ?6, base_solution_version_id = ?7, progress = NULL "
                                   "WHERE solution_version_id = ?1"
                                 : "INSERT INTO solution_versions(solution_version_id, recipe, path, status, "
                                   "created_at, metrics, training_mode, base_solution_version_id, sequence) "
                                   "VALUES (?1, ?2, ?3, 'ACTIVE', ?4, ?5, ?6, ?7, "
                                   "(SELECT coalesce(max(sequence), 0) + 1 FROM solution_versions))"));
  insert.bind_text(1, id);
  insert.bind_text(2, recipe);
  insert.bind_text(3, path);
  insert.bind_int(4, static_cast<int64_t>(described.find("createdAt")->as_number()));
  insert.bind_text(5, metrics.str());
  insert.bind_text(6, mode);
  if (base != nullptr && base->is_string() && !base->as_string().empty()) insert.bind_text(7, base->as_string());
  else insert.bind_null(7);
  Status stored = insert.run();
  if (!stored.ok()) {
    std::filesystem::remove(path, ec);  // a failed record leaves no orphan file behind
    return stored;
  }
  return path;
}

}  // namespace edgerec
