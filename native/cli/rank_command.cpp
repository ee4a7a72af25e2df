// `edgerec rank --solution FILE.erec --user-id U --input-list a,b,c [--filter EXPR]
// [--filter-values JSON] [--metadata-columns A,B] [--events FILE.json]` prints the
// GetPersonalizedRanking response JSON, the same bytes the C ABI and JS return. --events:
// PutEvents bodies applied first (events_flag.h).
#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "cli/events_flag.h"
#include "cli/filter_flags.h"
#include "cli/metadata_columns_flag.h"
#include "edgerec/json.h"

namespace edgerec::cli {
namespace {

int rank_command(const Args& args) {
  constexpr const char* kName = "rank";
  JsonWriter request;
  request.begin_object();
  request.key("userId");
  request.string(args.value("user-id"));
  request.key("inputList");
  request.begin_array();
  write_comma_separated(args.value("input-list"), request);
  request.end_array();
  if (Status s = add_filter_fields(args, request); !s.ok()) return report_failure(kName, s, true);
  if (Status s = add_metadata_columns_field(args, request); !s.ok()) return report_failure(kName, s, true);
  request.end_object();
  auto runtime = load_runtime(args.value("solution"));
  if (!runtime.ok()) return report_failure(kName, runtime.status());
  if (auto events = args.get("events")) {
    if (Status s = apply_events_file(**runtime, *events); !s.ok()) return report_failure(kName, s);
  }
  return print_json_or_report(kName, (*runtime)->get_personalized_ranking_json(request.str()));
}

CommandSpec rank_spec() {
  CommandSpec spec;
  spec.name = "rank";
  spec.summary = "GetPersonalizedRanking: re-rank --input-list for a user, as JSON";
  spec.order = 35;
  spec.usage = {"edgerec rank --solution FILE.erec --user-id U --input-list a,b,c [flags]"};
  spec.description =
      "Prints Personalize's GetPersonalizedRanking response (personalizedRanking, recommendationId):\n"
      "the input items the solution knows by score, the others last without a score. A filter drops\n"
      "items from the ranking.";
  spec.flags = {solution_flag().required(), text_flag("user-id", "U", "the user to rank for").required(),
                text_flag("input-list", "a,b,c", "the item ids to rank, comma-separated").required()};
  for (const FlagSpec& flag : filter_flags()) spec.flags.push_back(flag);
  spec.flags.push_back(metadata_columns_flag());
  spec.flags.push_back(events_flag());
  spec.examples = {"edgerec rank --solution ranking.erec --user-id u1 --input-list i1,i7,i40"};
  spec.run = rank_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(rank_spec);

}  // namespace edgerec::cli
