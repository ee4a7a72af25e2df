// The CLI's command table. Each command's .cpp registers a function that describes it (a
// CommandSpec), so adding a command is adding a file (the CLI sources are linked into the
// executable directly, keeping the registrations). The descriptions are built on first use, after
// static initialisation, so they may use anything.
#pragma once

#include <string_view>
#include <vector>

#include "cli/command_spec.h"

namespace edgerec::cli {

using DescribeCommand = CommandSpec (*)();

/// Every registered command, sorted by `order`.
const std::vector<CommandSpec>& registered_commands();

/// The command called `name`, or nullptr.
const CommandSpec* find_command(std::string_view name);

/// Called by EDGEREC_REGISTER_COMMAND at static initialisation.
bool register_command(DescribeCommand describe);

}  // namespace edgerec::cli

/// Registers the command `describe()` describes. Use once per command, at namespace scope in its .cpp.
#define EDGEREC_REGISTER_COMMAND(describe) \
  static const bool edgerec_registered_##describe = ::edgerec::cli::register_command(describe)
