// How CLI commands report failures.
#include <cstdio>

#include "cli/commands.h"

namespace edgerec::cli {

int report_failure(const char* command, const Status& status, bool usage_error) {
  std::fprintf(stderr, "edgerec %s: %s: %s\n", command, status_code_name(status.code()), status.message().c_str());
  if (usage_error) std::fprintf(stderr, "run `edgerec --help` for usage\n");
  return usage_error ? 2 : 1;
}

}  // namespace edgerec::cli
