// The edgerec CLI: `edgerec <command> [flags]`.
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/command_registry.h"
#include "edgerec/version.h"

namespace {

void print_usage(std::FILE* out) {
  std::fprintf(out, "usage: edgerec <command> [flags]\n\ncommands:\n");
  for (const auto& c : edgerec::cli::registered_commands()) std::fprintf(out, "  %-20s %s\n", c.name, c.summary);
  std::fprintf(out,
               "\nexamples:\n"
               "  edgerec synth --users 500 --items 200 --interactions 20000 --seed 7 --output interactions.csv\n"
               "  edgerec train --recipe popularity-count --interactions interactions.csv --output popular.erec\n"
               "  edgerec recommend --solution popular.erec --user-id u1 --num-results 10\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print_usage(stderr);
    return 2;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(stdout);
    return 0;
  }
  if (name == "--version" || name == "version") {
    std::printf("edgerec %s\n", edgerec::version_string());
    return 0;
  }
  for (const auto& c : edgerec::cli::registered_commands()) {
    if (name == c.name) return c.run(argc - 2, argv + 2);
  }
  std::fprintf(stderr, "edgerec: unknown command \"%s\"\n\n", name.c_str());
  print_usage(stderr);
  return 2;
}
