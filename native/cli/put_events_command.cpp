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

int put_events_command(const Args& args) {
  constexpr const char* kName = "put-events";
  auto body = read_request(args.value("json"));
  if (!body.ok()) return report_failure(kName, body.status());
  auto group = DatasetGroup::open(args.positional()[0]);
  if (!group.ok()) return report_failure(kName, group.status());
  auto result = put_events_json(*group, *body);
  if (!result.ok()) return report_failure(kName, result.status());
  std::printf("%s\n", result->to_json().c_str());
  return 0;
}

CommandSpec put_events_spec() {
  CommandSpec spec;
  spec.name = "put-events";
  spec.summary = "record events (PutEvents request JSON from a file or stdin) in a dataset group";
  spec.order = 70;
  spec.usage = {"edgerec put-events DIR --json FILE|-"};
  spec.description =
      "Personalize's PutEvents against the group: the request body ({\"trackingId\", \"userId\"?,\n"
      "\"sessionId\", \"eventList\": [...]}) is validated as Personalize does and its events are stored\n"
      "in the Interactions dataset. Prints {\"eventsAccepted\",\"eventsStored\",\"eventsDeduplicated\"}.";
  spec.positionals = {dataset_group_argument()};
  spec.flags = {path_flag("json", "FILE|-", "the PutEvents request body; - reads standard input").required()};
  spec.examples = {"edgerec put-events shop --json events.json",
                   "edgerec put-events shop --json - < events.json"};
  spec.run = put_events_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(put_events_spec);

}  // namespace edgerec::cli
