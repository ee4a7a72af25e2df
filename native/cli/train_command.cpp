// `edgerec train --recipe NAME (DIR | --interactions FILE.csv [--items ITEMS.csv] [--users USERS.csv])
//                [--output FILE.erec] [--hp key=value ...] ...`
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "edgerec/solution.h"
#include "edgerec/solution_generated.h"
#include "io/file_io.h"
#include "io/interactions_csv.h"
#include "io/item_metadata_csv.h"
#include "io/user_metadata_csv.h"
#include "train/progress.h"
#include "train/recipe.h"
#include "train/update_mode.h"
#include "store/dataset_group.h"
#include "store/training_source.h"
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

// Where the training data comes from: a dataset group (DIR) or CSV files.
struct TrainingData {
  std::optional<DatasetGroup> group;
  InteractionsTable interactions;
  std::optional<ItemMetadataTable> items;
  std::optional<UserMetadataTable> users;
  std::string source;
};

// Usage errors in where the data comes from: a DIR or --interactions, never both or neither.
Status check_data_arguments(const Args& args) {
  if (args.positional().size() == 1 && (args.has("interactions") || args.has("items") || args.has("users"))) {
    return invalid_input("give either a dataset group DIR or --interactions/--items/--users files, not both");
  }
  if (args.positional().empty() && !args.has("interactions")) {
    return invalid_input("give a dataset group DIR or --interactions FILE.csv");
  }
  if (args.positional().empty() && !args.has("output")) return invalid_input("missing required flag --output");
  return Status::ok_status();
}

Result<TrainingData> load_training_data(const Args& args) {
  TrainingData data;
  if (args.positional().size() == 1) {
    EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, DatasetGroup::open(args.positional()[0]));
    data.group.emplace(std::move(group));
    EDGEREC_ASSIGN_OR_RETURN(GroupTrainingTables tables, load_group_training_tables(*data.group));
    data.interactions = std::move(tables.interactions);
    data.items = std::move(tables.items);
    data.users = std::move(tables.users);
    data.source = "dataset group " + args.positional()[0];
    return data;
  }
  const std::string path = *args.get("interactions");
  EDGEREC_ASSIGN_OR_RETURN(data.interactions, read_interactions_csv(path));
  if (auto items_path = args.get("items")) {
    EDGEREC_ASSIGN_OR_RETURN(ItemMetadataTable items, read_item_metadata_csv(*items_path));
    data.items = std::move(items);
  }
  if (auto users_path = args.get("users")) {
    EDGEREC_ASSIGN_OR_RETURN(UserMetadataTable users, read_user_metadata_csv(*users_path));
    data.users = std::move(users);
  }
  data.source = path;
  return data;
}

// Training mode FULL trains from scratch; UPDATE refreshes --base-solution with this data.
Result<std::vector<uint8_t>> train_in_mode(const Args& args, const Recipe& recipe, const TrainingInput& input,
                                           bool& usage_error) {
  const std::string mode = args.value("training-mode");
  usage_error = true;
  if (mode == "FULL") {
    if (args.has("base-solution")) return invalid_input("--base-solution is only used with --training-mode UPDATE");
    usage_error = false;
    return recipe.train(input);
  }
  if (mode != "UPDATE") return invalid_input("--training-mode must be FULL or UPDATE, got \"" + mode + "\"");
  auto base_path = args.get("base-solution");
  if (!base_path) return invalid_input("--training-mode UPDATE needs --base-solution FILE.erec");
  usage_error = false;
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<uint8_t> base_bytes, read_file(*base_path));
  auto base = Solution::load(base_bytes.data(), base_bytes.size());
  if (!base.ok()) return base.status().with_context(*base_path);
  if ((*base)->recipe() != recipe.name) {
    usage_error = true;
    return invalid_input("--recipe " + recipe.name + " does not match the base solution's recipe " +
                         std::string((*base)->recipe()));
  }
  return train_update(input, **base);
}

// What the written solution version says of its data: "N interactions", or "U of N interactions
// used (the solution config's event selection)" when it left some out; and, in `note`, when
// events share timestamps, how many are in time order (the model reads no order among the rest).
std::string training_data_summary(const std::vector<uint8_t>& solution, size_t read, std::string& note) {
  std::string summary = std::to_string(read) + " interactions";
  auto loaded = Solution::load(solution.data(), solution.size());
  if (!loaded.ok()) return summary;
  const fb::TrainingDataSummary* t = (*loaded)->root().metadata()->training_data();
  if (t == nullptr) return summary;
  if (t->interactions() != read) {
    summary = std::to_string(t->interactions()) + " of " + summary + " used (the solution config's event selection)";
  }
  const double ordered = t->ordered_fraction();
  if (ordered == 0.0) {
    note = "no event order: every user's events share one timestamp, so the model reads none (the sequence part "
           "and recency weights are off) and validation holds out at random";
  } else if (ordered < 0.999) {
    char share[160];
    std::snprintf(share, sizeof(share),
                  "%.0f%% of consecutive events are in time order; the model reads no order among the rest, which "
                  "share timestamps",
                  100.0 * ordered);
    note = share;
  }
  return summary;
}

int train_command(const Args& args) {
  constexpr const char* kName = "train";
  if (Status s = check_data_arguments(args); !s.ok()) return report_failure(kName, s, true);
  const std::optional<std::string> output = args.get("output");
  Progress::set_quiet(args.has("quiet"));
  auto recipe = find_recipe(args.value("recipe"));
  if (!recipe.ok()) return report_failure(kName, recipe.status(), true);
  auto hyperparameters = resolve_hyperparameters(**recipe, args.get_all("hp"));
  if (!hyperparameters.ok()) return report_failure(kName, hyperparameters.status(), true);
  auto threads = args.get_int("threads", 0, 0, 1024);
  if (!threads.ok()) return report_failure(kName, threads.status(), true);
  auto selection = parse_event_selection(args);
  if (!selection.ok()) return report_failure(kName, selection.status(), true);

  auto data = load_training_data(args);
  if (!data.ok()) return report_failure(kName, data.status());
  if (Status s = check_minimum_training_data(data->interactions); !s.ok()) return report_failure(kName, s);

  TrainingInput input;
  input.interactions = &data->interactions;
  input.items = data->items ? &*data->items : nullptr;
  input.users = data->users ? &*data->users : nullptr;
  input.hyperparameters = std::move(hyperparameters).value();
  input.explicit_hyperparameters = hyperparameter_keys(args.get_all("hp"));
  input.source = data->source;
  input.threads = static_cast<uint32_t>(*threads);
  input.events = std::move(selection).value();
  bool usage_error = false;
  auto solution = train_in_mode(args, **recipe, input, usage_error);
  if (!solution.ok()) return report_failure(kName, solution.status(), usage_error);

  std::string written;
  if (data->group) {
    auto stored = record_solution_version(*data->group, *solution);
    if (!stored.ok()) return report_failure(kName, stored.status());
    written = *stored;
  }
  if (output) {
    if (Status s = write_file_atomically(*output, *solution); !s.ok()) return report_failure(kName, s);
    written += (written.empty() ? "" : " and ") + *output;
  }
  std::string note;
  const std::string summary = training_data_summary(*solution, data->interactions.size(), note);
  std::fprintf(stderr, "edgerec train: wrote %s (%zu bytes, recipe %s, %s, %zu users, %zu items)\n",
               written.c_str(), solution->size(), (*recipe)->name.c_str(), summary.c_str(),
               data->interactions.user_ids.size(), data->interactions.item_ids.size());
  if (!note.empty()) std::fprintf(stderr, "edgerec train: note: %s\n", note.c_str());
  return 0;
}

std::string recipe_list() {
  std::string list = "recipes:\n";
  char line[256];
  for (const Recipe& r : all_recipes()) {
    std::snprintf(line, sizeof(line), "  %-22s ", r.name.c_str());
    list += line + r.summary + "\n";
  }
  return list;
}

CommandSpec train_spec() {
  CommandSpec spec;
  spec.name = "train";
  spec.summary = "train a solution version (.erec) from a dataset group DIR or an Interactions CSV";
  spec.order = 20;
  spec.usage = {"edgerec train --recipe NAME DIR [--output FILE.erec] [flags]",
                "edgerec train --recipe NAME --interactions FILE.csv [--items ITEMS.csv] [--users USERS.csv]",
                "              --output FILE.erec [flags]"};
  spec.description =
      "Trains a solution version from a dataset group DIR (its Interactions, Items and Users datasets;\n"
      "the version is also recorded in the group) or from Personalize CSV files. The event flags are\n"
      "Personalize's solution config (eventType, eventValueThreshold, eventsConfig weights).\n"
      "--training-mode UPDATE refreshes --base-solution with this data instead of training anew.";
  spec.positionals = {{"DIR", "a dataset group to train from (instead of --interactions)", false, false}};
  spec.flags = {
      text_flag("recipe", "NAME", "the recipe, one of those listed below").required(),
      path_flag("interactions", "FILE.csv", "USER_ID,ITEM_ID,TIMESTAMP[,EVENT_TYPE][,EVENT_VALUE]"),
      path_flag("items", "ITEMS.csv", "ITEM_ID plus metadata columns: cold items, similarity, Items.FIELD filters"),
      path_flag("users", "USERS.csv", "USER_ID plus metadata columns, for IF CurrentUser.FIELD filters"),
      path_flag("output", "FILE.erec", "where to write the solution version (required without DIR)"),
      text_flag("hp", "KEY=VALUE", "a hyperparameter; an unknown key lists the recipe's").repeatable(),
      text_flag("event-type", "T", "train on events of type T only"),
      text_flag("event-value-threshold", "V", "train on events with EVENT_VALUE >= V only"),
      text_flag("event-weight", "TYPE=W", "the weight of an event type, 0 to 1").repeatable(),
      text_flag("training-mode", "FULL|UPDATE", "UPDATE refreshes --base-solution with this data").defaults_to("FULL"),
      path_flag("base-solution", "FILE.erec", "the solution version that --training-mode UPDATE refreshes"),
      text_flag("threads", "N", "training threads, 0 = all cores").defaults_to("0"),
      switch_flag("quiet", "no progress output"),
  };
  spec.examples = {
      "edgerec train --recipe user-personalization shop",
      "edgerec train --recipe popularity-count --interactions interactions.csv --output popular.erec",
      "edgerec train --recipe similar-items --interactions interactions.csv --items items.csv --output sims.erec "
      "--hp popularity_discount_factor=0.5",
      "edgerec train --recipe user-personalization --interactions new.csv --output updated.erec "
      "--training-mode UPDATE --base-solution up.erec"};
  spec.more_help = recipe_list;
  spec.run = train_command;
  return spec;
}

}  // namespace

EDGEREC_REGISTER_COMMAND(train_spec);

}  // namespace edgerec::cli
