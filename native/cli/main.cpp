// The edgerec CLI: `edgerec <command> [flags]`, `edgerec help [command]`, `edgerec --version`.
#include <cstdio>
#include <string>

#include "cli/command_line.h"
#include "cli/command_registry.h"
#include "edgerec/version.h"
#include "store/sqlite.h"

namespace {

void print_usage(std::FILE* out) {
  std::fprintf(out,
               "usage: edgerec <command> [flags]\n"
               "       edgerec help <command>       (or edgerec <command> --help): its flags, defaults, examples\n"
               "       edgerec --version\n"
               "\ncommands:\n");
  for (const auto& c : edgerec::cli::registered_commands()) {
    std::fprintf(out, "  %-22s %s\n", c.name.c_str(), c.summary.c_str());
  }
  std::fprintf(out,
               "\nexamples:\n"
               "  edgerec synth --users 500 --items 200 --interactions 20000 --seed 7 --output interactions.csv\n"
               "  edgerec train --recipe popularity-count --interactions interactions.csv --output popular.erec\n"
               "  edgerec recommend --solution popular.erec --user-id u1 --num-results 10\n"
               "\nExit codes: 0 success, 1 runtime error, 2 usage error. Errors go to stderr as\n"
               "\"edgerec <command>: <Code>: <message>\".\n");
}

int unknown_command(const std::string& name) {
  std::fprintf(stderr, "edgerec: unknown command \"%s\"\n\n", name.c_str());
  print_usage(stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print_usage(stderr);
    return 2;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || (name == "help" && argc == 2)) {
    print_usage(stdout);
    return 0;
  }
  if (name == "help") {
    const edgerec::cli::CommandSpec* command = edgerec::cli::find_command(argv[2]);
    if (command == nullptr) return unknown_command(argv[2]);
    std::fputs(edgerec::cli::command_help(*command).c_str(), stdout);
    return 0;
  }
  if (name == "--version" || name == "version") {
    std::printf("edgerec %s\n", edgerec::version_string());
    return 0;
  }
  const edgerec::cli::CommandSpec* command = edgerec::cli::find_command(name);
  if (command == nullptr) return unknown_command(name);
  // A command that waits for another writer's lock on a dataset group says so.
  edgerec::sql::set_wait_notice([](const std::string& path) {
    std::fprintf(stderr, "edgerec: waiting for another writer of %s (up to 10 s)\n", path.c_str());
  });
  return edgerec::cli::run_command(*command, argc - 2, argv + 2);
}
