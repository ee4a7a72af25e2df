// CreateSchema, DescribeSchema, ListSchemas, DeleteSchema, and the home's schema files (see
// schemas.h).
#include <algorithm>
#include <filesystem>

#include "control/operations.h"
#include "control/schemas.h"
#include "io/file_io.h"

namespace edgerec::control {

namespace fs = std::filesystem;

namespace {

std::string schemas_dir(const Home& home) { return home.dir() + "/.edgerec-schemas"; }
std::string schema_path(const Home& home, const std::string& name) { return schemas_dir(home) + "/" + name + ".json"; }

Result<StoredSchema> read_schema_file(const std::string& path) {
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<uint8_t> bytes, read_file(path));
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue v, parse_json(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), path));
  const JsonValue* name = v.find("name");
  const JsonValue* schema = v.find("schema");
  const JsonValue* created = v.find("creationDateTime");
  if (name == nullptr || !name->is_string() || schema == nullptr || !schema->is_string() || created == nullptr ||
      !created->is_number()) {
    return corrupt_data(path + ": not a schema file (name, schema, creationDateTime)");
  }
  StoredSchema s;
  s.name = name->as_string();
  s.schema = schema->as_string();
  s.created_at = static_cast<int64_t>(created->as_number());
  if (const JsonValue* domain = v.find("domain"); domain != nullptr && domain->is_string()) s.domain = domain->as_string();
  return s;
}

std::string schema_json(const Home& home, const StoredSchema& s, bool summary) {
  JsonWriter w;
  w.begin_object();
  w.key("name");
  w.string(s.name);
  w.key("schemaArn");
  w.string(home.arn("schema/" + s.name));
  if (!summary) {
    w.key("schema");
    w.string(s.schema);
  }
  w.key("creationDateTime");
  w.integer(s.created_at);
  w.key("lastUpdatedDateTime");
  w.integer(s.created_at);
  if (s.domain) {
    w.key("domain");
    w.string(*s.domain);
  }
  w.end_object();
  return w.take();
}

Result<StoredSchema> schema_of_arn(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("schemaArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::string name, c.home.arn_path(arn, "schemaArn", "schema"));
  EDGEREC_ASSIGN_OR_RETURN(std::optional<StoredSchema> found, find_schema(c.home, name));
  if (!found) return not_found("schema " + arn + " does not exist");
  return std::move(*found);
}

}  // namespace

Result<DatasetType> schema_dataset_type(const std::string& schema_json, const std::string& source) {
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue v, parse_json(schema_json, source));
  bool user = false;
  bool item = false;
  if (const JsonValue* fields = v.is_object() ? v.find("fields") : nullptr; fields != nullptr && fields->is_array()) {
    for (const JsonValue& f : fields->items()) {
      const JsonValue* name = f.is_object() ? f.find("name") : nullptr;
      if (name == nullptr || !name->is_string()) continue;
      user = user || field_name_key(name->as_string()) == "userid";
      item = item || field_name_key(name->as_string()) == "itemid";
    }
  }
  const DatasetType type = user && item ? DatasetType::kInteractions : item ? DatasetType::kItems : DatasetType::kUsers;
  if (!user && !item) return invalid_input(source + ": the schema has neither a USER_ID nor an ITEM_ID field");
  EDGEREC_ASSIGN_OR_RETURN(const DatasetSchema checked, parse_dataset_schema(schema_json, type, source));
  (void)checked;
  return type;
}

Status store_schema(const Home& home, const StoredSchema& s) {
  std::error_code ec;
  fs::create_directories(schemas_dir(home), ec);
  if (ec) return io_error(schemas_dir(home) + ": cannot create directory: " + ec.message());
  JsonWriter w;
  w.begin_object();
  w.key("name");
  w.string(s.name);
  w.key("schema");
  w.string(s.schema);
  w.key("creationDateTime");
  w.integer(s.created_at);
  if (s.domain) {
    w.key("domain");
    w.string(*s.domain);
  }
  w.end_object();
  const std::string text = w.take();
  return write_file_atomically(schema_path(home, s.name), std::vector<uint8_t>(text.begin(), text.end()));
}

Result<std::optional<StoredSchema>> find_schema(const Home& home, const std::string& name) {
  std::error_code ec;
  if (!check_resource_name(name, "name").ok() || !fs::exists(schema_path(home, name), ec)) {
    return std::optional<StoredSchema>();
  }
  EDGEREC_ASSIGN_OR_RETURN(StoredSchema s, read_schema_file(schema_path(home, name)));
  return std::optional<StoredSchema>(std::move(s));
}

Result<std::vector<StoredSchema>> list_schemas(const Home& home) {
  std::vector<StoredSchema> out;
  std::error_code ec;
  for (fs::directory_iterator it(schemas_dir(home), ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() != ".json") continue;
    EDGEREC_ASSIGN_OR_RETURN(StoredSchema s, read_schema_file(it->path().string()));
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const StoredSchema& a, const StoredSchema& b) { return a.name < b.name; });
  return out;
}

Status remove_schema(const Home& home, const std::string& name) {
  std::error_code ec;
  if (!fs::remove(schema_path(home, name), ec)) return not_found("schema " + name + " does not exist");
  return Status::ok_status();
}

Result<std::string> create_schema(Context& c, const Request& r) {
  StoredSchema s;
  EDGEREC_ASSIGN_OR_RETURN(s.name, r.required_string("name"));
  EDGEREC_RETURN_IF_ERROR(check_resource_name(s.name, "name"));
  EDGEREC_ASSIGN_OR_RETURN(s.schema, r.required_string("schema"));
  EDGEREC_ASSIGN_OR_RETURN(s.domain, r.optional_string("domain"));
  if (s.domain) {
    return invalid_input("domain " + *s.domain + ": edgerec has no domain dataset groups (ECOMMERCE, VIDEO_ON_DEMAND); "
                         "create the schema without a domain");
  }
  EDGEREC_ASSIGN_OR_RETURN(const DatasetType type, schema_dataset_type(s.schema, "schema"));
  (void)type;
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<StoredSchema> existing, find_schema(c.home, s.name));
  if (existing) return already_exists("schema " + s.name + " already exists");
  s.created_at = unix_now();
  EDGEREC_RETURN_IF_ERROR(store_schema(c.home, s));
  return arn_response("schemaArn", c.home.arn("schema/" + s.name));
}

Result<std::string> describe_schema(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const StoredSchema s, schema_of_arn(c, r));
  JsonWriter w;
  w.begin_object();
  w.key("schema");
  w.raw(schema_json(c.home, s, false));
  w.end_object();
  return w.take();
}

Result<std::string> list_schemas(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<StoredSchema> schemas, list_schemas(c.home));
  std::vector<std::string> items;
  for (const StoredSchema& s : schemas) items.push_back(schema_json(c.home, s, true));
  return list_response(r, "schemas", items);
}

Result<std::string> delete_schema(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const StoredSchema s, schema_of_arn(c, r));
  std::string user;
  EDGEREC_ASSIGN_OR_RETURN(const auto holder, c.home.find_group([&](DatasetGroup& g) -> Result<bool> {
    EDGEREC_ASSIGN_OR_RETURN(sql::Statement q, g.db().prepare("SELECT dataset_type FROM datasets WHERE schema_name = ?"));
    q.bind_text(1, s.name);
    EDGEREC_ASSIGN_OR_RETURN(const bool row, q.step());
    if (row) user = q.column_text(0);
    return row;
  }));
  if (holder) {
    return failed_precondition("schema " + s.name + " is in use by the " + user + " dataset of dataset group " +
                               dataset_group_name(holder->dir()));
  }
  EDGEREC_RETURN_IF_ERROR(remove_schema(c.home, s.name));
  return std::string("{}");
}

}  // namespace edgerec::control
