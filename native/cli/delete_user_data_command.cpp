// `edgerec delete-user-data DIR (--users FILE.csv | --user-id U [--user-id U ...])`: Personalize's
// data deletion job. Removes every interaction and the Users row of those users in one
// transaction and records the job; prints the job as JSON. The CSV has the single column USER_ID
// with a header, as Personalize's deletion input.
#include <cstdio>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "events/data_deletion.h"

namespace edgerec::cli {
namespace {

int delete_user_data_command(const Args& args) {
  constexpr const char* kName = "delete-user-data";
  const auto csv = args.get("users");
  std::vector<std::string> ids = args.get_all("user-id");
  if (csv.has_value() == !ids.empty()) {
    return report_failure(kName, invalid_input("give either --users FILE.csv or one or more --user-id"), true);
  }
  auto group = DatasetGroup::open(args.positional()[0]);
  if (!group.ok()) return report_failure(kName, group.status());
  if (csv) {
    auto read = read_user_ids_csv(*csv);
    if (!read.ok()) {
      (void)record_failed_deletion_job(*group, 0, read.status().message());
      return report_failure(kName, read.status());
    }
    ids = std::move(read).value();
  }
  auto result = delete_user_data(*group, ids);
  if (!result.ok()) return report_failure(kName, result.status());
  std::printf("%s\n", result->to_json().c_str());
  return 0;
}

CommandSpec delete_user_data_spec() {
  CommandSpec spec;
  spec.name = "delete-user-data";
  spec.summary = "delete users' interactions and user rows from a dataset group (data deletion job)";
  spec.order = 76;
  spec.usage = {"edgerec delete-user-data DIR --users FILE.csv",
                "edgerec delete-user-data DIR --user-id U [--user-id U ...]"};
  spec.description =
      "Personalize's data deletion job: removes every interaction and the Users row of the users, in\n"
      "one transaction, and records the job; prints the job as JSON. Solution versions trained before\n"
      "keep what they learnt until they are retrained.";
  spec.positionals = {dataset_group_argument()};
  spec.flags = {path_flag("users", "FILE.csv", "the users to delete: a CSV with the single column USER_ID and a header"),
                text_flag("user-id", "U", "a user to delete").repeatable()};
  spec.examples = {"edgerec delete-user-data shop --user-id u1 --user-id u2",
                   "edgerec delete-user-data shop --users leavers.csv"};
  spec.run = delete_user_data_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(delete_user_data_spec);

}  // namespace edgerec::cli
