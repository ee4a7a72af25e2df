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

int put_records_command(const char* name, DatasetType type, const char* flag, int argc, char** argv) {
  auto args = Args::parse(argc, argv, 0, {flag});
  if (!args.ok()) return report_failure(name, args.status(), true);
  if (args->positional().size() != 1) {
    return report_failure(name, invalid_input(std::string("usage: edgerec ") + name + " DIR --" + flag +
                                              " '[{\"" + (type == DatasetType::kItems ? "itemId" : "userId") +
                                              "\":\"..\",\"properties\":\"{\\\"genre\\\":\\\"drama\\\"}\"}]'"),
                          true);
  }
  auto records = args->required(flag);
  if (!records.ok()) return report_failure(name, records.status(), true);
  auto group = DatasetGroup::open(args->positional()[0]);
  if (!group.ok()) return report_failure(name, group.status());
  auto result = put_records(*group, type, *records);
  if (!result.ok()) return report_failure(name, result.status());
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

int put_items_command(int argc, char** argv) { return put_records_command("put-items", DatasetType::kItems, "items", argc, argv); }
int put_users_command(int argc, char** argv) { return put_records_command("put-users", DatasetType::kUsers, "users", argc, argv); }

}  // namespace

EDGEREC_REGISTER_COMMAND("put-items", put_items_command, "PutItems: add or replace 1-10 items (properties as JSON)", 55);
EDGEREC_REGISTER_COMMAND("put-users", put_users_command, "PutUsers: add or replace 1-10 users (properties as JSON)", 56);

}  // namespace edgerec::cli
