// What CLI commands share: reporting failures, loading solution versions.
#include <unistd.h>

#include <cstdio>
#include <random>

#include "cli/commands.h"
#include "io/file_io.h"

namespace edgerec::cli {

Result<std::unique_ptr<Runtime>> load_runtime(const std::string& path) {
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<uint8_t> bytes, read_file(path));
  auto runtime = Runtime::load(bytes.data(), bytes.size());
  if (!runtime.ok()) return runtime.status().with_context(path);
  std::random_device entropy;
  const uint32_t seed[4] = {entropy(), entropy(), entropy(), entropy()};
  (*runtime)->add_entropy(reinterpret_cast<const uint8_t*>(seed), sizeof(seed));
  return runtime;
}

int report_failure(const char* command, const Status& status, bool usage_error) {
  std::fprintf(stderr, "edgerec %s: %s: %s\n", command, status_code_name(status.code()), status.message().c_str());
  if (usage_error) std::fprintf(stderr, "run `edgerec %s --help` for usage\n", command);
  return usage_error ? 2 : 1;
}

int print_json_or_report(const char* command, const Result<std::string>& json) {
  if (!json.ok()) return report_failure(command, json.status());
  std::printf("%s\n", json->c_str());
  return 0;
}

FlagSpec solution_flag() { return path_flag("solution", "FILE.erec", "the solution version"); }

PositionalSpec dataset_group_argument(std::string help) { return {"DIR", std::move(help), true, false}; }

void take_solution_argument(CommandSpec& spec) {
  spec.usage = {"edgerec " + spec.name + " FILE.erec", "edgerec " + spec.name + " --solution FILE.erec"};
  spec.positionals = {{"FILE.erec", "the solution version", false, false}};
  spec.flags = {solution_flag()};
}

Result<std::string> solution_path_argument(const Args& args) {
  const bool positional = !args.positional().empty();
  if (positional && args.has("solution")) return invalid_input("give the solution version as FILE.erec or --solution, not both");
  if (positional) return args.positional()[0];
  if (!args.has("solution")) return invalid_input("missing the solution version: give FILE.erec or --solution FILE.erec");
  return args.value("solution");
}

void write_comma_separated(const std::string& list, JsonWriter& w) {
  size_t start = 0;
  for (;;) {
    const size_t comma = list.find(',', start);
    w.string(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
}

Result<std::unique_ptr<Runtime>> load_runtime_argument(const Args& args, std::string& path, bool& usage_error) {
  auto argument = solution_path_argument(args);
  usage_error = !argument.ok();
  if (!argument.ok()) return argument.status();
  path = *argument;
  return load_runtime(path);
}

}  // namespace edgerec::cli

namespace edgerec::cli {

Result<std::string> this_executable() {
  char path[4096];
  const ssize_t n = ::readlink("/proc/self/exe", path, sizeof(path) - 1);
  if (n <= 0) return io_error("cannot find the edgerec executable (/proc/self/exe)");
  return std::string(path, static_cast<size_t>(n));
}

}  // namespace edgerec::cli
