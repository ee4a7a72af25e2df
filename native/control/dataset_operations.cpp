// CreateDataset, DescribeDataset, ListDatasets, DeleteDataset: a group's Interactions, Items and
// Users datasets (store/datasets.h) under ARNs dataset/GROUP/TYPE, with Personalize's name and
// the home schema they were created with.
#include <algorithm>
#include <cctype>

#include "control/dataset_resources.h"
#include "control/operations.h"
#include "control/schemas.h"
#include "store/datasets.h"

namespace edgerec::control {
namespace {

constexpr DatasetType kTypes[] = {DatasetType::kInteractions, DatasetType::kItems, DatasetType::kUsers};

std::string upper(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

// "Interactions", as Personalize's datasetType reads.
std::string type_title(DatasetType type) { return dataset_record_name(type); }

struct DatasetRow {
  DatasetType type;
  std::string name;
  std::string schema_arn;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

Result<std::optional<DatasetRow>> read_dataset(const Home& home, DatasetGroup& group, DatasetType type) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare("SELECT name, schema_name, created_at, updated_at FROM "
                                                                 "datasets WHERE dataset_type = ?"));
  s.bind_text(1, dataset_type_name(type));
  EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
  if (!row) return std::optional<DatasetRow>();
  const std::string group_name = dataset_group_name(group.dir());
  DatasetRow d{type, s.column_is_null(0) ? group_name + "-" + dataset_type_name(type) : s.column_text(0), "",
               s.column_int(2), s.column_int(3)};
  // A dataset `edgerec create-dataset` or `import` made has no home schema: its own schema is
  // named after it.
  d.schema_arn = home.arn("schema/" + (s.column_is_null(1) ? d.name : s.column_text(1)));
  return std::optional<DatasetRow>(std::move(d));
}

std::string dataset_json(const Home& home, const std::string& group_name, const DatasetRow& d, bool summary) {
  JsonWriter w;
  w.begin_object();
  w.key("name");
  w.string(d.name);
  w.key("datasetArn");
  w.string(dataset_arn(home, group_name, d.type));
  if (!summary) {
    w.key("datasetGroupArn");
    w.string(home.arn("dataset-group/" + group_name));
    w.key("schemaArn");
    w.string(d.schema_arn);
  }
  w.key("datasetType");
  w.string(type_title(d.type));
  w.key("status");
  w.string("ACTIVE");
  w.key("creationDateTime");
  w.integer(d.created_at);
  w.key("lastUpdatedDateTime");
  w.integer(d.updated_at);
  w.end_object();
  return w.take();
}

Status delete_dataset_data(DatasetGroup& group, DatasetType type) {
  sql::Database& db = group.db();
  sql::Transaction txn(db);
  EDGEREC_RETURN_IF_ERROR(txn.begin());
  if (type == DatasetType::kInteractions) {
    EDGEREC_RETURN_IF_ERROR(db.exec("DELETE FROM interactions_bulk; DELETE FROM interactions_put;"));
  } else {
    EDGEREC_RETURN_IF_ERROR(db.exec(std::string("DROP TABLE IF EXISTS ") + entity_table_name(type)));
  }
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, db.prepare("DELETE FROM datasets WHERE dataset_type = ?"));
  s.bind_text(1, dataset_type_name(type));
  EDGEREC_RETURN_IF_ERROR(s.run());
  return txn.commit();
}

}  // namespace

std::string dataset_arn(const Home& home, const std::string& group_name, DatasetType type) {
  return home.arn("dataset/" + group_name + "/" + upper(dataset_type_name(type)));
}

Result<DatasetRef> dataset_of_arn(const Home& home, std::string_view arn, std::string_view field) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string path, home.arn_path(arn, field, "dataset"));
  const size_t slash = path.find('/');
  auto type = parse_dataset_type(slash == std::string::npos ? "" : path.substr(slash + 1));
  if (!type.ok()) return not_found("dataset " + std::string(arn) + " does not exist");
  EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, home.open_group(path.substr(0, slash), arn));
  EDGEREC_ASSIGN_OR_RETURN(const auto schema, load_dataset_schema(group.db(), *type));
  if (!schema) return not_found("dataset " + std::string(arn) + " does not exist");
  return DatasetRef{std::move(group), *type, path.substr(0, slash)};
}

Result<std::string> create_dataset(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string name, r.required_string("name"));
  EDGEREC_RETURN_IF_ERROR(check_resource_name(name, "name"));
  EDGEREC_ASSIGN_OR_RETURN(const std::string schema_arn, r.required_string("schemaArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::string group_arn, r.required_string("datasetGroupArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::string type_text, r.required_string("datasetType"));
  auto type = parse_dataset_type(type_text);
  if (!type.ok()) {
    return invalid_input("datasetType " + type_text + ": edgerec has Interactions, Items and Users datasets");
  }
  EDGEREC_ASSIGN_OR_RETURN(const std::string schema_name, c.home.arn_path(schema_arn, "schemaArn", "schema"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<StoredSchema> stored, find_schema(c.home, schema_name));
  if (!stored) return not_found("schema " + schema_arn + " does not exist");
  EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, c.home.group_of_arn(group_arn, "datasetGroupArn"));
  EDGEREC_ASSIGN_OR_RETURN(const DatasetSchema schema,
                           parse_dataset_schema(stored->schema, *type, "schema " + schema_name));
  EDGEREC_ASSIGN_OR_RETURN(const auto existing, load_dataset_schema(group.db(), *type));
  const std::string group_name = dataset_group_name(group.dir());
  if (existing) {
    return already_exists("dataset group " + group_name + " already has an " + type_title(*type) + " dataset");
  }
  sql::Transaction txn(group.db());
  EDGEREC_RETURN_IF_ERROR(txn.begin());
  EDGEREC_RETURN_IF_ERROR(edgerec::create_dataset(group.db(), schema));
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s,
                           group.db().prepare("UPDATE datasets SET name = ?, schema_name = ? WHERE dataset_type = ?"));
  s.bind_text(1, name);
  s.bind_text(2, schema_name);
  s.bind_text(3, dataset_type_name(*type));
  EDGEREC_RETURN_IF_ERROR(s.run());
  EDGEREC_RETURN_IF_ERROR(txn.commit());
  return arn_response("datasetArn", dataset_arn(c.home, group_name, *type));
}

Result<std::string> describe_dataset(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("datasetArn"));
  EDGEREC_ASSIGN_OR_RETURN(DatasetRef ref, dataset_of_arn(c.home, arn, "datasetArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<DatasetRow> d, read_dataset(c.home, ref.group, ref.type));
  if (!d) return not_found("dataset " + arn + " does not exist");
  JsonWriter w;
  w.begin_object();
  w.key("dataset");
  w.raw(dataset_json(c.home, ref.group_name, *d, false));
  w.end_object();
  return w.take();
}

Result<std::string> list_datasets(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> group_arn, r.optional_string("datasetGroupArn"));
  std::vector<std::string> items;
  EDGEREC_RETURN_IF_ERROR(c.home.for_each_listed_group(group_arn, [&](DatasetGroup& group, const std::string& name) -> Status {
    for (const DatasetType type : kTypes) {
      EDGEREC_ASSIGN_OR_RETURN(const std::optional<DatasetRow> d, read_dataset(c.home, group, type));
      if (d) items.push_back(dataset_json(c.home, name, *d, true));
    }
    return Status::ok_status();
  }));
  return list_response(r, "datasets", items);
}

Result<std::string> delete_dataset(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("datasetArn"));
  EDGEREC_ASSIGN_OR_RETURN(DatasetRef ref, dataset_of_arn(c.home, arn, "datasetArn"));
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement jobs,
                           ref.group.db().prepare("SELECT job_name FROM import_jobs WHERE dataset_type = ? AND status IN "
                                                  "('CREATE PENDING', 'CREATE IN_PROGRESS')"));
  jobs.bind_text(1, dataset_type_name(ref.type));
  EDGEREC_ASSIGN_OR_RETURN(const bool importing, jobs.step());
  if (importing) return failed_precondition("dataset " + arn + " is in use: import job " + jobs.column_text(0) + " is running");
  EDGEREC_ASSIGN_OR_RETURN(const int64_t training,
                           ref.group.db().query_int("SELECT count(*) FROM solution_versions WHERE status IN "
                                                    "('CREATE PENDING', 'CREATE IN_PROGRESS', 'CREATE STOPPING')"));
  if (training != 0) return failed_precondition("dataset " + arn + " is in use: a solution version is being trained from it");
  EDGEREC_RETURN_IF_ERROR(delete_dataset_data(ref.group, ref.type));
  return std::string("{}");
}

}  // namespace edgerec::control
