// `edgerec recommend --solution FILE.erec [--user-id U] [--item-id I] [--num-results N]
//  [--filter EXPR] [--filter-values JSON] [--metadata-columns A,B] [--campaign-config JSON]
//  [--events FILE.json]` prints the GetRecommendations response JSON, the same bytes the C ABI
// and JS return. --campaign-config: Personalize's campaignConfig, set on the runtime at load
// (campaign_config.h); --events: PutEvents bodies applied first (events_flag.h).
#include <cstdio>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "cli/events_flag.h"
#include "cli/filter_flags.h"
#include "cli/metadata_columns_flag.h"
#include "edgerec/json.h"

namespace edgerec::cli {
int recommend_command(int argc, char** argv) {
  constexpr const char* kName = "recommend";
  auto args = Args::parse(argc, argv, 0, {"solution", "user-id", "item-id", "num-results", "filter", "filter-values",
                                          "metadata-columns", "campaign-config", "events"});
  if (!args.ok()) return report_failure(kName, args.status(), true);
  auto path = args->required("solution");
  if (!path.ok()) return report_failure(kName, path.status(), true);
  // The request is built as JSON and goes through the same parser as every other host's.
  JsonWriter request;
  request.begin_object();
  if (auto user = args->get("user-id")) {
    request.key("userId");
    request.string(*user);
  }
  if (auto item = args->get("item-id")) {
    request.key("itemId");
    request.string(*item);
  }
  if (auto n = args->get("num-results")) {
    auto parsed = args->get_int("num-results", 0, INT32_MIN, INT32_MAX);
    if (!parsed.ok()) return report_failure(kName, parsed.status(), true);
    request.key("numResults");
    request.integer(*parsed);
  }
  if (Status s = add_filter_fields(*args, request); !s.ok()) return report_failure(kName, s, true);
  if (Status s = add_metadata_columns_field(*args, request); !s.ok()) return report_failure(kName, s, true);
  request.end_object();

  auto runtime = load_runtime(*path);
  if (!runtime.ok()) return report_failure(kName, runtime.status());
  if (auto config = args->get("campaign-config")) {
    if (Status s = (*runtime)->set_campaign_config_json(*config); !s.ok()) return report_failure(kName, s);
  }
  if (auto events = args->get("events")) {
    if (Status s = apply_events_file(**runtime, *events); !s.ok()) return report_failure(kName, s);
  }
  auto response = (*runtime)->get_recommendations_json(request.str());
  if (!response.ok()) return report_failure(kName, response.status());
  std::printf("%s\n", response->c_str());
  return 0;
}

int describe_solution_command(int argc, char** argv) {
  constexpr const char* kName = "describe-solution";
  auto args = Args::parse(argc, argv, 0, {"solution"});
  if (!args.ok()) return report_failure(kName, args.status(), true);
  std::string path;
  bool usage_error = false;
  auto runtime = load_runtime_argument(*args, path, usage_error);
  if (!runtime.ok()) return report_failure(kName, runtime.status(), usage_error);
  std::printf("%s\n", (*runtime)->describe_json().c_str());
  return 0;
}

EDGEREC_REGISTER_COMMAND("recommend", recommend_command, "GetRecommendations from a solution version, as JSON", 30);
EDGEREC_REGISTER_COMMAND("describe-solution", describe_solution_command,
                         "a solution version's metadata (recipe, training data, metrics) as JSON", 40);

}  // namespace edgerec::cli
