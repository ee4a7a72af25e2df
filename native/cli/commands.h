// Shared by the edgerec CLI's commands (each registers itself, see command_registry.h). Each runs
// on its parsed arguments and returns the process exit code: 0 on success, 1 on a runtime error,
// 2 on a usage error. Errors go to stderr as "edgerec <command>: <Code>: <message>".
#pragma once

#include <memory>
#include <string>

#include "cli/args.h"
#include "cli/command_spec.h"
#include "edgerec/json.h"
#include "edgerec/runtime.h"
#include "edgerec/status.h"

namespace edgerec::cli {

/// Reads and verifies a solution version; errors are prefixed with the path. Recommendation ids
/// are seeded from std::random_device.
Result<std::unique_ptr<Runtime>> load_runtime(const std::string& path);

/// Prints "edgerec <command>: <Code>: <message>" to stderr and returns the exit code for it:
/// 2 for usage errors (followed by where to find the command's usage), 1 for everything else.
int report_failure(const char* command, const Status& status, bool usage_error = false);

/// Prints a command's JSON answer (one line on stdout) and returns 0, or reports its failure as
/// report_failure does and returns 1.
int print_json_or_report(const char* command, const Result<std::string>& json);

/// --solution FILE.erec, for a command's flags (not required: add .required() where it is).
FlagSpec solution_flag();

/// The dataset group DIR that most commands take as their first positional argument.
PositionalSpec dataset_group_argument(std::string help = "the dataset group directory");

/// Makes `spec` take the solution version as FILE.erec or --solution FILE.erec (usage lines,
/// argument and flag), for solution_path_argument.
void take_solution_argument(CommandSpec& spec);

/// The solution file of a command taking it as its one positional argument or as --solution
/// (solution_flag()); a usage error otherwise.
Result<std::string> solution_path_argument(const Args& args);

/// load_runtime of solution_path_argument(args); `path` receives the path. Usage errors (no
/// path) are marked in `usage_error`.
Result<std::unique_ptr<Runtime>> load_runtime_argument(const Args& args, std::string& path, bool& usage_error);

/// The path of the running edgerec binary (what `edgerec serve` starts job workers with).
Result<std::string> this_executable();

/// Writes "a,b,c" as the strings "a", "b", "c" (empty parts kept, so the core names them as it
/// does for JSON input) into the array `w` is in.
void write_comma_separated(const std::string& list, JsonWriter& w);

}  // namespace edgerec::cli
