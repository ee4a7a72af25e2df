// Named filters in the group's store (see filters.h).
#include "store/filters.h"

#include "edgerec/runtime.h"
#include "store/home_names.h"

namespace edgerec {
namespace {

FilterRecord read_row(const sql::Statement& row) {
  FilterRecord f;
  f.name = row.column_text(0);
  f.expression = row.column_text(1);
  f.status = row.column_text(2);
  f.created_at = row.column_int(3);
  f.updated_at = row.column_int(4);
  return f;
}

constexpr const char* kSelect = "SELECT name, expression, status, created_at, updated_at FROM filters";

}  // namespace

Status insert_filter(DatasetGroup& group, const FilterRecord& filter) {
  EDGEREC_RETURN_IF_ERROR(check_resource_name(filter.name, "filter name"));
  EDGEREC_RETURN_IF_ERROR(Runtime::check_filter_expression(filter.expression));
  EDGEREC_ASSIGN_OR_RETURN(const HomeNameClaim claim, claim_name_in_home(group, "filters", filter.name, "filter"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<FilterRecord> existing, find_filter(group, filter.name));
  if (existing) return already_exists("filter " + filter.name + " already exists in " + group.dir());
  EDGEREC_ASSIGN_OR_RETURN(const int64_t count, group.db().query_int("SELECT count(*) FROM filters"));
  if (count >= kMaxFiltersPerGroup) {
    return resource_exhausted("dataset group " + group.dir() + " has " + std::to_string(count) +
                              " filters, Amazon Personalize's quota per group; delete one first");
  }
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare("INSERT INTO filters(name, expression, status, "
                                                                 "created_at, updated_at) VALUES (?, ?, ?, ?, ?)"));
  s.bind_text(1, filter.name);
  s.bind_text(2, filter.expression);
  s.bind_text(3, filter.status);
  s.bind_int(4, filter.created_at);
  s.bind_int(5, filter.updated_at);
  return s.run();
}

Status delete_filter(DatasetGroup& group, const std::string& name) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare("DELETE FROM filters WHERE name = ?"));
  s.bind_text(1, name);
  EDGEREC_RETURN_IF_ERROR(s.run());
  if (group.db().changes() == 0) return not_found("filter " + name + " does not exist in " + group.dir());
  return Status::ok_status();
}

Result<std::optional<FilterRecord>> find_filter(DatasetGroup& group, const std::string& name) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare(std::string(kSelect) + " WHERE name = ?"));
  s.bind_text(1, name);
  EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
  if (!row) return std::optional<FilterRecord>();
  return std::optional<FilterRecord>(read_row(s));
}

Result<std::vector<FilterRecord>> list_filters(DatasetGroup& group) {
  EDGEREC_ASSIGN_OR_RETURN(sql::Statement s, group.db().prepare(std::string(kSelect) + " ORDER BY name"));
  std::vector<FilterRecord> out;
  for (;;) {
    EDGEREC_ASSIGN_OR_RETURN(const bool row, s.step());
    if (!row) break;
    out.push_back(read_row(s));
  }
  return out;
}

void write_filter_json(JsonWriter& w, const HomeIdentity& identity, const std::string& group_name,
                       const FilterRecord& f, bool summary) {
  w.begin_object();
  w.key("name");
  w.string(f.name);
  w.key("filterArn");
  w.string(arn(identity, "filter/" + f.name));
  w.key("datasetGroupArn");
  w.string(arn(identity, "dataset-group/" + group_name));
  if (!summary) {
    w.key("filterExpression");
    w.string(f.expression);
  }
  w.key("status");
  w.string(f.status);
  w.key("creationDateTime");
  w.integer(f.created_at);
  w.key("lastUpdatedDateTime");
  w.integer(f.updated_at);
  w.end_object();
}

}  // namespace edgerec
