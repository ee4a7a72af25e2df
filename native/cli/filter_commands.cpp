// `edgerec create-filter | describe-filter | list-filters | delete-filter`: Personalize's named
// filters on a dataset group's store (store/filters.h), in the service's JSON shapes.
#include <cstdio>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "edgerec/json.h"
#include "store/filters.h"

namespace edgerec::cli {
namespace {

int create_filter_command(const Args& args) {
  constexpr const char* kName = "create-filter";
  const std::string& dir = args.positional()[0];
  auto group = DatasetGroup::open(dir);
  if (!group.ok()) return report_failure(kName, group.status());
  auto identity = home_identity_of_group(dir);
  if (!identity.ok()) return report_failure(kName, identity.status());
  FilterRecord f;
  f.name = args.value("name");
  f.expression = args.value("expression");
  f.created_at = f.updated_at = unix_now();
  if (Status s = insert_filter(*group, f); !s.ok()) return report_failure(kName, s);
  std::printf("{\"filterArn\":\"%s\"}\n", arn(*identity, "filter/" + f.name).c_str());
  return 0;
}

int describe_filter_command(const Args& args) {
  constexpr const char* kName = "describe-filter";
  const std::string& dir = args.positional()[0];
  auto group = DatasetGroup::open(dir);
  if (!group.ok()) return report_failure(kName, group.status());
  auto identity = home_identity_of_group(dir);
  if (!identity.ok()) return report_failure(kName, identity.status());
  const std::string name = args.value("name");
  auto found = find_filter(*group, name);
  if (!found.ok()) return report_failure(kName, found.status());
  if (!*found) return report_failure(kName, not_found("filter " + name + " does not exist in " + dir));
  JsonWriter w;
  w.begin_object();
  w.key("filter");
  write_filter_json(w, *identity, dataset_group_name(dir), **found);
  w.end_object();
  std::printf("%s\n", w.str().c_str());
  return 0;
}

int list_filters_command(const Args& args) {
  constexpr const char* kName = "list-filters";
  const std::string& dir = args.positional()[0];
  auto group = DatasetGroup::open(dir);
  if (!group.ok()) return report_failure(kName, group.status());
  auto identity = home_identity_of_group(dir);
  if (!identity.ok()) return report_failure(kName, identity.status());
  auto filters = list_filters(*group);
  if (!filters.ok()) return report_failure(kName, filters.status());
  JsonWriter w;
  w.begin_object();
  w.key("Filters");  // sic: ListFilters' response member is capitalised in Personalize's API
  w.begin_array();
  for (const FilterRecord& f : *filters) write_filter_json(w, *identity, dataset_group_name(dir), f, true);
  w.end_array();
  w.end_object();
  std::printf("%s\n", w.str().c_str());
  return 0;
}

int delete_filter_command(const Args& args) {
  constexpr const char* kName = "delete-filter";
  auto group = DatasetGroup::open(args.positional()[0]);
  if (!group.ok()) return report_failure(kName, group.status());
  if (Status s = delete_filter(*group, args.value("name")); !s.ok()) return report_failure(kName, s);
  return 0;
}

FlagSpec name_flag() { return text_flag("name", "NAME", "the filter's name (unique in the home)").required(); }

CommandSpec create_filter_spec() {
  CommandSpec spec;
  spec.name = "create-filter";
  spec.summary = "record a named filter (CreateFilter) for requests' filterArn";
  spec.order = 105;
  spec.usage = {"edgerec create-filter DIR --name N --expression EXPR"};
  spec.description =
      "Records a filter expression (Personalize's filter language, README \"Filters\") under a name,\n"
      "after checking its syntax; requests to edgerec serve name it by its ARN (filterArn) with their\n"
      "filterValues. Prints {\"filterArn\":...}.";
  spec.positionals = {dataset_group_argument()};
  spec.flags = {name_flag(), text_flag("expression", "EXPR", "the filter expression").required()};
  spec.examples = {"edgerec create-filter shop --name unseen --expression "
                   "'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN (\"*\")'"};
  spec.run = create_filter_command;
  return spec;
}

CommandSpec describe_filter_spec() {
  CommandSpec spec;
  spec.name = "describe-filter";
  spec.summary = "a named filter as JSON (DescribeFilter)";
  spec.order = 106;
  spec.usage = {"edgerec describe-filter DIR --name N"};
  spec.description = "Prints {\"filter\":{name, filterArn, datasetGroupArn, filterExpression, status, ...}}.";
  spec.positionals = {dataset_group_argument()};
  spec.flags = {name_flag()};
  spec.examples = {"edgerec describe-filter shop --name unseen"};
  spec.run = describe_filter_command;
  return spec;
}

CommandSpec list_filters_spec() {
  CommandSpec spec;
  spec.name = "list-filters";
  spec.summary = "the group's named filters as JSON (ListFilters)";
  spec.order = 107;
  spec.usage = {"edgerec list-filters DIR"};
  spec.description = "Prints {\"Filters\":[{name, filterArn, datasetGroupArn, status, ...}]}, as Personalize spells it.";
  spec.positionals = {dataset_group_argument()};
  spec.examples = {"edgerec list-filters shop"};
  spec.run = list_filters_command;
  return spec;
}

CommandSpec delete_filter_spec() {
  CommandSpec spec;
  spec.name = "delete-filter";
  spec.summary = "delete a named filter (DeleteFilter)";
  spec.order = 108;
  spec.usage = {"edgerec delete-filter DIR --name N"};
  spec.description = "Removes the filter; requests that name it get ResourceNotFoundException.";
  spec.positionals = {dataset_group_argument()};
  spec.flags = {name_flag()};
  spec.examples = {"edgerec delete-filter shop --name unseen"};
  spec.run = delete_filter_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(create_filter_spec);
EDGEREC_REGISTER_COMMAND(describe_filter_spec);
EDGEREC_REGISTER_COMMAND(list_filters_spec);
EDGEREC_REGISTER_COMMAND(delete_filter_spec);

}  // namespace edgerec::cli
