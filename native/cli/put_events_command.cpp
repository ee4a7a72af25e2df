// `edgerec put-events DIR --json FILE|-`: Personalize's PutEvents against a dataset group. The
// file (or stdin, for "-") holds the PutEvents request body; prints
// {"eventsAccepted":N,"eventsStored":S,"eventsDeduplicated":D}.
#include <cstdio>
#include <string>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "events/put_events.h"
#include "io/file_io.h"

namespace edgerec::cli {
namespace {

Result<std::string> read_request(const std::string& path) {
  if (path != "-") {
    EDGEREC_ASSIGN_OR_RETURN(const std::vector<uint8_t> bytes, read_file(path));
    return std::string(bytes.begin(), bytes.end());
  }
  std::string text;
  char buffer[1 << 16];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof(buffer), stdin)) > 0) text.append(buffer, n);
  if (std::ferror(stdin)) return io_error("cannot read the request from stdin");
  return text;
}

}  // namespace

int put_events_command(int argc, char** argv) {
  constexpr const char* kName = "put-events";
  auto args = Args::parse(argc, argv, 0, {"json"});
  if (!args.ok()) return report_failure(kName, args.status(), true);
  if (args->positional().size() != 1) {
    return report_failure(kName, invalid_input("expected one dataset group directory: put-events DIR --json FILE|-"),
                          true);
  }
  auto json_path = args->required("json");
  if (!json_path.ok()) return report_failure(kName, json_path.status(), true);
  auto body = read_request(*json_path);
  if (!body.ok()) return report_failure(kName, body.status());
  auto group = DatasetGroup::open(args->positional()[0]);
  if (!group.ok()) return report_failure(kName, group.status());
  auto result = put_events_json(*group, *body);
  if (!result.ok()) return report_failure(kName, result.status());
  std::printf("%s\n", result->to_json().c_str());
  return 0;
}

EDGEREC_REGISTER_COMMAND("put-events", put_events_command,
                         "record events (PutEvents request JSON from a file or stdin) in a dataset group", 70);

}  // namespace edgerec::cli
