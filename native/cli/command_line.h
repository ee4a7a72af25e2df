// A command's command line, parsed with CLI11: the one place that builds a command's CLI11 app
// (from its CommandSpec), turns what it parsed into Args and its errors into edgerec's usage
// errors, and prints the command's help.
#pragma once

#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/command_spec.h"
#include "edgerec/status.h"

namespace edgerec::cli {

/// What a command line asked for: help, or the command run with `args`.
struct ParsedCommandLine {
  bool help_requested = false;
  Args args;
};

/// Parses a command's arguments (what follows `edgerec NAME`). Usage errors are InvalidInput and
/// name the flag or argument: "unknown flag --nmu-results; valid flags are ...", "missing required
/// flag --json", "flag --output needs a value", "--user-id: not valid UTF-8 at byte 3: ...".
Result<ParsedCommandLine> parse_command_line(const CommandSpec& spec, const std::vector<std::string>& arguments);

/// What `edgerec NAME --help` prints.
std::string command_help(const CommandSpec& spec);

/// `edgerec NAME ARGS...` (argv starts after the name): --help or -h prints the help to stdout
/// (exit 0); a usage error goes to stderr as "edgerec NAME: InvalidInput: ..." (exit 2); anything
/// else runs the command and returns its exit code.
int run_command(const CommandSpec& spec, int argc, char** argv);

}  // namespace edgerec::cli
