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

/// The single positional DIR of a command.
Result<std::string> group_dir(const Args& args, const char* usage) {
  if (args.positional().size() != 1) {
    return invalid_input(std::string(args.positional().empty() ? "missing the dataset group directory"
                                                               : "expected one dataset group directory") +
                         "; usage: " + usage);
  }
  return args.positional()[0];
}

int create_dataset_group_command(int argc, char** argv) {
  constexpr const char* kName = "create-dataset-group";
  auto args = Args::parse(argc, argv, 0, {});
  if (!args.ok()) return report_failure(kName, args.status(), true);
  auto dir = group_dir(*args, "edgerec create-dataset-group DIR");
  if (!dir.ok()) return report_failure(kName, dir.status(), true);
  auto group = DatasetGroup::create(*dir);
  if (!group.ok()) return report_failure(kName, group.status());
  JsonWriter w;
  w.begin_object();
  w.key("datasetGroup");
  w.string(*dir);
  w.key("trackingId");
  w.string(group->tracking_id());
  w.end_object();
  std::printf("%s\n", w.str().c_str());
  return 0;
}

int create_dataset_command(int argc, char** argv) {
  constexpr const char* kName = "create-dataset";
  constexpr const char* kUsage = "edgerec create-dataset DIR --type interactions|items|users [--schema FILE.json]";
  auto args = Args::parse(argc, argv, 0, {"type", "schema"});
  if (!args.ok()) return report_failure(kName, args.status(), true);
  auto dir = group_dir(*args, kUsage);
  if (!dir.ok()) return report_failure(kName, dir.status(), true);
  auto type_name = args->required("type");
  if (!type_name.ok()) return report_failure(kName, type_name.status(), true);
  auto type = parse_dataset_type(*type_name);
  if (!type.ok()) return report_failure(kName, type.status(), true);
  auto schema = args->get("schema") ? read_dataset_schema_file(*args->get("schema"), *type) : default_dataset_schema(*type);
  if (!schema.ok()) return report_failure(kName, schema.status());
  auto group = DatasetGroup::open(*dir);
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

int describe_command(int argc, char** argv) {
  constexpr const char* kName = "describe";
  auto args = Args::parse(argc, argv, 0, {});
  if (!args.ok()) return report_failure(kName, args.status(), true);
  auto dir = group_dir(*args, "edgerec describe DIR");
  if (!dir.ok()) return report_failure(kName, dir.status(), true);
  auto group = DatasetGroup::open(*dir);
  if (!group.ok()) return report_failure(kName, group.status());
  auto json = group->describe_json();
  if (!json.ok()) return report_failure(kName, json.status());
  std::printf("%s\n", json->c_str());
  return 0;
}

}  // namespace

EDGEREC_REGISTER_COMMAND("create-dataset-group", create_dataset_group_command,
                         "create a dataset group: a directory with edgerec.db (SQLite)", 50);
EDGEREC_REGISTER_COMMAND("create-dataset", create_dataset_command,
                         "create the interactions, items or users dataset of a group with its schema", 51);
EDGEREC_REGISTER_COMMAND("describe", describe_command,
                         "a dataset group as JSON: datasets and row counts, import jobs, minimum data", 53);

}  // namespace edgerec::cli
