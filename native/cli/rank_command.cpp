// `edgerec rank --solution FILE.erec --user-id U --input-list a,b,c [--filter EXPR]
// [--filter-values JSON] [--metadata-columns A,B] [--events FILE.json]` prints the
// GetPersonalizedRanking response JSON, the same bytes the C ABI and JS return. --events:
// PutEvents bodies applied first (events_flag.h).
#include <cstdio>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "cli/events_flag.h"
#include "cli/filter_flags.h"
#include "cli/metadata_columns_flag.h"
#include "edgerec/json.h"

namespace edgerec::cli {

int rank_command(int argc, char** argv) {
  constexpr const char* kName = "rank";
  auto args = Args::parse(argc, argv, 0, {"solution", "user-id", "input-list", "filter", "filter-values",
                                          "metadata-columns", "events"});
  if (!args.ok()) return report_failure(kName, args.status(), true);
  auto path = args->required("solution");
  auto user = args->required("user-id");
  auto list = args->required("input-list");
  for (const auto* r : {&path, &user, &list}) {
    if (!r->ok()) return report_failure(kName, r->status(), true);
  }
  JsonWriter request;
  request.begin_object();
  request.key("userId");
  request.string(*user);
  request.key("inputList");
  request.begin_array();
  write_comma_separated(*list, request);
  request.end_array();
  if (Status s = add_filter_fields(*args, request); !s.ok()) return report_failure(kName, s, true);
  if (Status s = add_metadata_columns_field(*args, request); !s.ok()) return report_failure(kName, s, true);
  request.end_object();
  auto runtime = load_runtime(*path);
  if (!runtime.ok()) return report_failure(kName, runtime.status());
  if (auto events = args->get("events")) {
    if (Status s = apply_events_file(**runtime, *events); !s.ok()) return report_failure(kName, s);
  }
  auto response = (*runtime)->get_personalized_ranking_json(request.str());
  if (!response.ok()) return report_failure(kName, response.status());
  std::printf("%s\n", response->c_str());
  return 0;
}

EDGEREC_REGISTER_COMMAND("rank", rank_command, "GetPersonalizedRanking: re-rank --input-list for a user, as JSON", 35);

}  // namespace edgerec::cli
