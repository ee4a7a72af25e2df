// `edgerec put-items DIR --items JSON` and `edgerec put-users DIR --users JSON` (PutItems /
// PutUsers: 1-10 records, properties as a JSON string).
#include <cstdio>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "edgerec/json.h"
#include "store/put_records.h"

namespace edgerec::cli {
namespace {

/// What PutItems and PutUsers differ in.
struct RecordsCommand {
  const char* name;     ///< the command
  const char* api;      ///< Personalize's operation
  DatasetType dataset;
  const char* records;  ///< the flag and the dataset's name
  const char* id_field;
  const char* example;  ///< one record, as the flag takes it
};

constexpr RecordsCommand kPutItems = {"put-items", "PutItems", DatasetType::kItems, "items", "itemId",
                                      R"({"itemId":"i1","properties":"{\"genre\":\"drama\"}"})"};
constexpr RecordsCommand kPutUsers = {"put-users", "PutUsers", DatasetType::kUsers, "users", "userId",
                                      R"({"userId":"u1","properties":"{\"ageGroup\":\"30-39\"}"})"};

int put_records_command(const RecordsCommand& command, const Args& args) {
  auto group = DatasetGroup::open(args.positional()[0]);
  if (!group.ok()) return report_failure(command.name, group.status());
  auto result = put_records(*group, command.dataset, args.value(command.records));
  if (!result.ok()) return report_failure(command.name, result.status());
  JsonWriter w;
  w.begin_object();
  w.key("created");
  w.integer(static_cast<int64_t>(result->created));
  w.key("updated");
  w.integer(static_cast<int64_t>(result->updated));
  w.end_object();
  std::printf("%s\n", w.str().c_str());
  return 0;
}

CommandSpec put_records_spec(const RecordsCommand& command) {
  const std::string records = command.records;
  const std::string id_field = command.id_field;
  CommandSpec spec;
  spec.name = command.name;
  spec.summary = std::string(command.api) + ": add or replace 1-10 " + records + " (properties as JSON)";
  spec.usage = {"edgerec " + spec.name + " DIR --" + records + " JSON"};
  spec.description = "Personalize's " + std::string(command.api) + ": adds 1 to 10 " + records + " to the group's " +
                     records + " dataset, replacing any with the\nsame " + id_field +
                     ". Each record's properties is a JSON object in a string, its keys the schema's\n"
                     "fields in camelCase. Prints {\"created\":N,\"updated\":M}.";
  spec.positionals = {dataset_group_argument()};
  spec.flags = {text_flag(records, "JSON", "the " + records + ": [{\"" + id_field + "\": .., \"properties\": \"{..}\"}, ...]")
                    .required()};
  spec.examples = {"edgerec " + spec.name + " shop --" + records + " '[" + command.example + "]'"};
  return spec;
}

int put_items_command(const Args& args) { return put_records_command(kPutItems, args); }
int put_users_command(const Args& args) { return put_records_command(kPutUsers, args); }

CommandSpec put_items_spec() {
  CommandSpec spec = put_records_spec(kPutItems);
  spec.order = 55;
  spec.run = put_items_command;
  return spec;
}

CommandSpec put_users_spec() {
  CommandSpec spec = put_records_spec(kPutUsers);
  spec.order = 56;
  spec.run = put_users_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(put_items_spec);
EDGEREC_REGISTER_COMMAND(put_users_spec);

}  // namespace edgerec::cli
