// The CLI's command table.
#include "cli/command_registry.h"

#include <algorithm>

namespace edgerec::cli {
namespace {

std::vector<DescribeCommand>& registrations() {
  static std::vector<DescribeCommand> describers;  // function-local: safe from init-order issues
  return describers;
}

}  // namespace

bool register_command(DescribeCommand describe) {
  registrations().push_back(describe);
  return true;
}

const std::vector<CommandSpec>& registered_commands() {
  static const std::vector<CommandSpec> commands = [] {
    std::vector<CommandSpec> specs;
    for (const DescribeCommand describe : registrations()) specs.push_back(describe());
    std::stable_sort(specs.begin(), specs.end(),
                     [](const CommandSpec& a, const CommandSpec& b) { return a.order < b.order; });
    return specs;
  }();
  return commands;
}

const CommandSpec* find_command(std::string_view name) {
  for (const CommandSpec& spec : registered_commands()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

}  // namespace edgerec::cli
