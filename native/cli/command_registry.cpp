// The CLI's command table.
#include "cli/command_registry.h"

#include <algorithm>

namespace edgerec::cli {
namespace {

std::vector<CommandInfo>& table() {
  static std::vector<CommandInfo> commands;  // function-local: safe from init-order issues
  return commands;
}

}  // namespace

bool register_command(const CommandInfo& info) {
  table().push_back(info);
  std::stable_sort(table().begin(), table().end(),
                   [](const CommandInfo& a, const CommandInfo& b) { return a.order < b.order; });
  return true;
}

const std::vector<CommandInfo>& registered_commands() { return table(); }

}  // namespace edgerec::cli
