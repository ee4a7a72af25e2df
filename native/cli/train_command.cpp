// `edgerec train --recipe NAME --interactions FILE.csv --output FILE.erec [--hp key=value ...]`
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "edgerec/solution.h"
#include "io/file_io.h"
#include "io/interactions_csv.h"
#include "io/item_metadata_csv.h"
#include "train/progress.h"
#include "train/recipe.h"
#include "train/update_mode.h"
#include "train/training_data.h"

namespace edgerec::cli {
namespace {

// Personalize's solution config: --event-type T, --event-value-threshold V,
// --event-weight TYPE=W (repeatable; eventsConfig weights in [0, 1]).
Result<EventSelection> parse_event_selection(const Args& args) {
  EventSelection selection;
  selection.event_type = args.get("event-type");
  if (auto threshold = args.get("event-value-threshold")) {
    char* end = nullptr;
    const double v = std::strtod(threshold->c_str(), &end);
    if (threshold->empty() || *end != '\0' || !std::isfinite(v)) {
      return invalid_input("flag --event-value-threshold must be a number, got \"" + *threshold + "\"");
    }
    selection.event_value_threshold = v;
  }
  for (const std::string& setting : args.get_all("event-weight")) {
    const size_t eq = setting.rfind('=');
    char* end = nullptr;
    const double w = eq == std::string::npos ? 0.0 : std::strtod(setting.c_str() + eq + 1, &end);
    if (eq == std::string::npos || eq == 0 || end == nullptr || *end != '\0' || !(w >= 0.0 && w <= 1.0)) {
      return invalid_input("flag --event-weight must be EVENT_TYPE=WEIGHT with a weight from 0 to 1, got \"" +
                           setting + "\"");
    }
    selection.weights[setting.substr(0, eq)] = w;
  }
  return selection;
}

}  // namespace

int train_command(int argc, char** argv) {
  constexpr const char* kName = "train";
  auto args = Args::parse(argc, argv, 0,
                          {"recipe", "interactions", "items", "output", "hp", "event-type", "event-value-threshold",
                           "event-weight", "threads", "training-mode", "base-solution"},
                          {"quiet"});
  if (!args.ok()) return report_failure(kName, args.status(), true);
  if (!args->positional().empty()) {
    return report_failure(kName, invalid_input("unexpected argument \"" + args->positional()[0] + "\""), true);
  }
  auto recipe_name = args->required("recipe");
  auto interactions_path = args->required("interactions");
  auto output = args->required("output");
  for (const auto* r : {&recipe_name, &interactions_path, &output}) {
    if (!r->ok()) return report_failure(kName, r->status(), true);
  }
  Progress::set_quiet(args->has("quiet"));
  auto recipe = find_recipe(*recipe_name);
  if (!recipe.ok()) return report_failure(kName, recipe.status(), true);
  auto hyperparameters = resolve_hyperparameters(**recipe, args->get_all("hp"));
  if (!hyperparameters.ok()) return report_failure(kName, hyperparameters.status(), true);

  auto data = read_interactions_csv(*interactions_path);
  if (!data.ok()) return report_failure(kName, data.status());
  if (Status s = check_minimum_training_data(*data); !s.ok()) return report_failure(kName, s);

  std::optional<ItemMetadataTable> items;
  if (auto items_path = args->get("items")) {
    auto read = read_item_metadata_csv(*items_path);
    if (!read.ok()) return report_failure(kName, read.status());
    items = std::move(read).value();
  }

  TrainingInput input;
  input.interactions = &data.value();
  input.items = items ? &*items : nullptr;
  input.hyperparameters = std::move(hyperparameters).value();
  input.source = *interactions_path;
  auto threads = args->get_int("threads", 0, 0, 1024);
  if (!threads.ok()) return report_failure(kName, threads.status(), true);
  input.threads = static_cast<uint32_t>(*threads);
  auto selection = parse_event_selection(*args);
  if (!selection.ok()) return report_failure(kName, selection.status(), true);
  input.events = std::move(selection).value();
  // Training mode: FULL trains from scratch; UPDATE refreshes --base-solution with this data.
  const std::string mode = args->get("training-mode").value_or("FULL");
  Result<std::vector<uint8_t>> solution = invalid_input("unreachable");
  if (mode == "UPDATE") {
    auto base_path = args->required("base-solution");
    if (!base_path.ok()) {
      return report_failure(kName, invalid_input("--training-mode UPDATE needs --base-solution FILE.erec"), true);
    }
    auto base_bytes = read_file(*base_path);
    if (!base_bytes.ok()) return report_failure(kName, base_bytes.status());
    auto base = Solution::load(base_bytes->data(), base_bytes->size());
    if (!base.ok()) return report_failure(kName, base.status().with_context(*base_path));
    if ((*base)->recipe() != (*recipe)->name) {
      return report_failure(kName, invalid_input("--recipe " + (*recipe)->name + " does not match the base solution's recipe " +
                                                 std::string((*base)->recipe())), true);
    }
    solution = train_update(input, **base);
  } else if (mode == "FULL") {
    if (args->has("base-solution")) {
      return report_failure(kName, invalid_input("--base-solution is only used with --training-mode UPDATE"), true);
    }
    solution = (*recipe)->train(input);
  } else {
    return report_failure(kName, invalid_input("--training-mode must be FULL or UPDATE, got \"" + mode + "\""), true);
  }
  if (!solution.ok()) return report_failure(kName, solution.status());
  if (Status s = write_file_atomically(*output, *solution); !s.ok()) return report_failure(kName, s);
  std::fprintf(stderr, "edgerec train: wrote %s (%zu bytes, recipe %s, %zu interactions, %zu users, %zu items)\n",
               output->c_str(), solution->size(), (*recipe)->name.c_str(), data->size(), data->user_ids.size(),
               data->item_ids.size());
  return 0;
}

EDGEREC_REGISTER_COMMAND("train", train_command, "train a solution version (.erec) from an Interactions CSV", 20);

}  // namespace edgerec::cli
