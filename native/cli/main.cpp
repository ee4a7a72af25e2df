// The edgerec CLI: `edgerec <command> [flags]`.
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/commands.h"
#include "edgerec/version.h"

namespace {

struct Command {
  const char* name;
  int (*run)(int argc, char** argv);
  const char* summary;
};

const Command kCommands[] = {
    {"synth", edgerec::cli::synth_command, "generate a reproducible synthetic Interactions CSV"},
    {"train", edgerec::cli::train_command, "train a solution version (.erec) from an Interactions CSV"},
    {"recommend", edgerec::cli::recommend_command, "GetRecommendations from a solution version, as JSON"},
    {"describe-solution", edgerec::cli::describe_solution_command,
     "print a solution version's metadata (recipe, training data, metrics) as JSON"},
};

void print_usage(std::FILE* out) {
  std::fprintf(out, "usage: edgerec <command> [flags]\n\ncommands:\n");
  for (const Command& c : kCommands) std::fprintf(out, "  %-18s %s\n", c.name, c.summary);
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
  for (const Command& c : kCommands) {
    if (name == c.name) return c.run(argc - 2, argv + 2);
  }
  std::fprintf(stderr, "edgerec: unknown command \"%s\"\n\n", name.c_str());
  print_usage(stderr);
  return 2;
}
