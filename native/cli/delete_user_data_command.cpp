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

int delete_user_data_command(int argc, char** argv) {
  constexpr const char* kName = "delete-user-data";
  auto args = Args::parse(argc, argv, 0, {"users", "user-id"});
  if (!args.ok()) return report_failure(kName, args.status(), true);
  if (args->positional().size() != 1) {
    return report_failure(kName, invalid_input("expected one dataset group directory: "
                                               "delete-user-data DIR (--users FILE.csv | --user-id U ...)"),
                          true);
  }
  const auto csv = args->get("users");
  std::vector<std::string> ids = args->get_all("user-id");
  if (csv.has_value() == !ids.empty()) {
    return report_failure(kName, invalid_input("give either --users FILE.csv or one or more --user-id"), true);
  }
  auto group = DatasetGroup::open(args->positional()[0]);
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

EDGEREC_REGISTER_COMMAND("delete-user-data", delete_user_data_command,
                         "delete users' interactions and user rows from a dataset group (data deletion job)", 76);

}  // namespace edgerec::cli
