// `edgerec recommend --solution FILE.erec [--user-id U] [--item-id I] [--num-results N]
//  [--filter EXPR] [--filter-values JSON] [--metadata-columns A,B] [--campaign-config JSON]
//  [--events FILE.json]` prints the GetRecommendations response JSON, the same bytes the C ABI
// and JS return. --campaign-config: Personalize's campaignConfig, set on the runtime at load
// (campaign_config.h); --events: PutEvents bodies applied first (events_flag.h).
// `edgerec describe-solution FILE.erec` prints the solution version's metadata.
#include <cstdio>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "cli/events_flag.h"
#include "cli/filter_flags.h"
#include "cli/metadata_columns_flag.h"
#include "edgerec/json.h"
#include "edgerec/limits.h"

namespace edgerec::cli {
namespace {

int recommend_command(const Args& args) {
  constexpr const char* kName = "recommend";
  const std::string path = args.value("solution");
  // The request is built as JSON and goes through the same parser as every other host's.
  JsonWriter request;
  request.begin_object();
  if (auto user = args.get("user-id")) {
    request.key("userId");
    request.string(*user);
  }
  if (auto item = args.get("item-id")) {
    request.key("itemId");
    request.string(*item);
  }
  // Any integer goes into the request: the core checks the range, as for every host.
  auto num_results = args.get_int("num-results", 0, INT32_MIN, INT32_MAX);
  if (!num_results.ok()) return report_failure(kName, num_results.status(), true);
  request.key("numResults");
  request.integer(*num_results);
  if (Status s = add_filter_fields(args, request); !s.ok()) return report_failure(kName, s, true);
  if (Status s = add_metadata_columns_field(args, request); !s.ok()) return report_failure(kName, s, true);
  request.end_object();

  auto runtime = load_runtime(path);
  if (!runtime.ok()) return report_failure(kName, runtime.status());
  if (auto config = args.get("campaign-config")) {
    if (Status s = (*runtime)->set_campaign_config_json(*config); !s.ok()) return report_failure(kName, s);
  }
  if (auto events = args.get("events")) {
    if (Status s = apply_events_file(**runtime, *events); !s.ok()) return report_failure(kName, s);
  }
  return print_json_or_report(kName, (*runtime)->get_recommendations_json(request.str()));
}

CommandSpec recommend_spec() {
  CommandSpec spec;
  spec.name = "recommend";
  spec.summary = "GetRecommendations from a solution version, as JSON";
  spec.order = 30;
  spec.usage = {"edgerec recommend --solution FILE.erec [--user-id U | --item-id I] [flags]"};
  spec.description =
      "Prints Personalize's GetRecommendations response (itemList, recommendationId) for a user\n"
      "(--user-id), or items related to an item (--item-id, similar-items), the same bytes as the\n"
      "C ABI and JS. With neither, popular items.";
  spec.flags = {solution_flag().required(),
                text_flag("user-id", "U", "the user to recommend for"),
                text_flag("item-id", "I", "the item to find related items for"),
                text_flag("num-results", "N", "how many items, at most " + std::to_string(kMaxNumResults))
                    .defaults_to(std::to_string(kDefaultNumResults))};
  for (const FlagSpec& flag : filter_flags()) spec.flags.push_back(flag);
  spec.flags.push_back(metadata_columns_flag());
  spec.flags.push_back(text_flag("campaign-config", "JSON",
                                 "Personalize's campaignConfig, e.g. '{\"itemExplorationConfig\":"
                                 "{\"explorationWeight\":\"0.3\"}}'"));
  spec.flags.push_back(events_flag());
  spec.examples = {"edgerec recommend --solution popular.erec --user-id u1 --num-results 10",
                   "edgerec recommend --solution sims.erec --item-id i7 --filter "
                   "'EXCLUDE ItemID WHERE Items.GENRE IN (\"horror\")'"};
  spec.run = recommend_command;
  return spec;
}

int describe_solution_command(const Args& args) {
  constexpr const char* kName = "describe-solution";
  std::string path;
  bool usage_error = false;
  auto runtime = load_runtime_argument(args, path, usage_error);
  if (!runtime.ok()) return report_failure(kName, runtime.status(), usage_error);
  std::printf("%s\n", (*runtime)->describe_json().c_str());
  return 0;
}

CommandSpec describe_solution_spec() {
  CommandSpec spec;
  spec.name = "describe-solution";
  spec.summary = "a solution version's metadata (recipe, training data, metrics) as JSON";
  spec.order = 40;
  spec.description =
      "Prints the solution version's metadata as JSON: id, recipe, hyperparameters, solution config,\n"
      "training data (counts, time range, fingerprint), metrics and the auto recipe's trials.";
  take_solution_argument(spec);
  spec.examples = {"edgerec describe-solution popular.erec"};
  spec.run = describe_solution_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(recommend_spec);
EDGEREC_REGISTER_COMMAND(describe_solution_spec);

}  // namespace edgerec::cli
