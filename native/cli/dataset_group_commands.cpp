// `edgerec create-dataset-group DIR`, `edgerec create-dataset DIR --type T [--schema F]`,
// `edgerec describe DIR`.
#include <cstdio>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "edgerec/json.h"
#include "store/dataset_group.h"
#include "store/datasets.h"

namespace edgerec::cli {
namespace {

int create_dataset_group_command(const Args& args) {
  constexpr const char* kName = "create-dataset-group";
  const std::string& dir = args.positional()[0];
  auto group = DatasetGroup::create(dir);
  if (!group.ok()) return report_failure(kName, group.status());
  JsonWriter w;
  w.begin_object();
  w.key("datasetGroup");
  w.string(dir);
  w.key("trackingId");
  w.string(group->tracking_id());
  w.end_object();
  std::printf("%s\n", w.str().c_str());
  return 0;
}

int create_dataset_command(const Args& args) {
  constexpr const char* kName = "create-dataset";
  auto type = parse_dataset_type(args.value("type"));
  if (!type.ok()) return report_failure(kName, type.status(), true);
  auto schema = args.get("schema") ? read_dataset_schema_file(*args.get("schema"), *type) : default_dataset_schema(*type);
  if (!schema.ok()) return report_failure(kName, schema.status());
  auto group = DatasetGroup::open(args.positional()[0]);
  if (!group.ok()) return report_failure(kName, group.status());
  sql::Transaction txn(group->db());
  Status status = txn.begin();
  if (status.ok()) status = create_dataset(group->db(), *schema);
  if (status.ok()) status = txn.commit();
  if (!status.ok()) return report_failure(kName, status);
  JsonWriter w;
  w.begin_object();
  w.key("datasetType");
  w.string(dataset_type_name(*type));
  w.key("status");
  w.string("ACTIVE");
  w.key("schema");
  w.raw(schema->json);
  w.key("warnings");
  w.begin_array();
  for (const std::string& warning : schema->warnings) w.string(warning);
  w.end_array();
  w.end_object();
  std::printf("%s\n", w.str().c_str());
  for (const std::string& warning : schema->warnings) std::fprintf(stderr, "edgerec %s: warning: %s\n", kName, warning.c_str());
  return 0;
}

int describe_command(const Args& args) {
  constexpr const char* kName = "describe";
  auto group = DatasetGroup::open(args.positional()[0]);
  if (!group.ok()) return report_failure(kName, group.status());
  return print_json_or_report(kName, group->describe_json());
}

CommandSpec create_dataset_group_spec() {
  CommandSpec spec;
  spec.name = "create-dataset-group";
  spec.summary = "create a dataset group: a directory with edgerec.db (SQLite)";
  spec.order = 50;
  spec.usage = {"edgerec create-dataset-group DIR"};
  spec.description =
      "Creates a dataset group: DIR (new, or empty) with edgerec.db, a SQLite database in WAL mode that\n"
      "holds the group's datasets, import jobs, events and solution versions. Prints the group and its\n"
      "event tracker's trackingId as JSON. On failure nothing it created is left behind.";
  spec.positionals = {dataset_group_argument("the directory to create the group in (new or empty)")};
  spec.examples = {"edgerec create-dataset-group shop"};
  spec.run = create_dataset_group_command;
  return spec;
}

CommandSpec create_dataset_spec() {
  CommandSpec spec;
  spec.name = "create-dataset";
  spec.summary = "create the interactions, items or users dataset of a group with its schema";
  spec.order = 51;
  spec.usage = {"edgerec create-dataset DIR --type interactions|items|users [--schema FILE.json]"};
  spec.description =
      "Creates a dataset of the group with its schema (Personalize's Avro JSON; immutable once created).\n"
      "Without --schema, Interactions get Personalize's default schema (USER_ID, ITEM_ID, TIMESTAMP,\n"
      "EVENT_TYPE, EVENT_VALUE); Items and Users need one. Prints the dataset and any schema warnings\n"
      "as JSON.";
  spec.positionals = {dataset_group_argument()};
  spec.flags = {text_flag("type", "TYPE", "interactions, items or users").required(),
                path_flag("schema", "FILE.json", "the dataset's schema (required for items and users)")};
  spec.examples = {"edgerec create-dataset shop --type items --schema items-schema.json"};
  spec.run = create_dataset_command;
  return spec;
}

CommandSpec describe_spec() {
  CommandSpec spec;
  spec.name = "describe";
  spec.summary = "a dataset group as JSON: datasets and row counts, import jobs, minimum data";
  spec.order = 53;
  spec.usage = {"edgerec describe DIR"};
  spec.description =
      "Prints the dataset group as JSON: its datasets with row counts and schemas, whether it meets\n"
      "Personalize's minimum data for training, import and data deletion jobs, and solution versions.";
  spec.positionals = {dataset_group_argument()};
  spec.examples = {"edgerec describe shop"};
  spec.run = describe_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(create_dataset_group_spec);
EDGEREC_REGISTER_COMMAND(create_dataset_spec);
EDGEREC_REGISTER_COMMAND(describe_spec);

}  // namespace edgerec::cli
