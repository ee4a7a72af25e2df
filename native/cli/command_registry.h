// The CLI's command table. Each command's .cpp registers itself, so adding a command is adding a
// file (the CLI sources are linked into the executable directly, keeping the registrations).
#pragma once

#include <vector>

namespace edgerec::cli {

struct CommandInfo {
  const char* name;
  int (*run)(int argc, char** argv);  ///< argv starts after the command name
  const char* summary;
  int order;  ///< position in `edgerec --help`
};

/// Every registered command, sorted by `order`.
const std::vector<CommandInfo>& registered_commands();

/// Called by EDGEREC_REGISTER_COMMAND at static initialisation.
bool register_command(const CommandInfo& info);

}  // namespace edgerec::cli

/// Registers `fn` as `edgerec NAME`. Use once per command, at namespace scope in its .cpp.
#define EDGEREC_REGISTER_COMMAND(name, fn, summary, order) \
  static const bool edgerec_registered_##fn = ::edgerec::cli::register_command({name, fn, summary, order})
