// `edgerec train --recipe NAME --interactions FILE.csv --output FILE.erec [--hp key=value ...]`
#include <cstdio>

#include "cli/args.h"
#include "cli/command_registry.h"
#include "cli/commands.h"
#include "io/file_io.h"
#include "io/interactions_csv.h"
#include "train/recipe.h"
#include "train/training_data.h"

namespace edgerec::cli {

int train_command(int argc, char** argv) {
  constexpr const char* kName = "train";
  auto args = Args::parse(argc, argv, 0, {"recipe", "interactions", "output", "hp"});
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
  auto recipe = find_recipe(*recipe_name);
  if (!recipe.ok()) return report_failure(kName, recipe.status(), true);
  auto hyperparameters = resolve_hyperparameters(**recipe, args->get_all("hp"));
  if (!hyperparameters.ok()) return report_failure(kName, hyperparameters.status(), true);

  auto data = read_interactions_csv(*interactions_path);
  if (!data.ok()) return report_failure(kName, data.status());
  if (Status s = check_minimum_training_data(*data); !s.ok()) return report_failure(kName, s);

  TrainingInput input;
  input.interactions = &data.value();
  input.hyperparameters = std::move(hyperparameters).value();
  input.source = *interactions_path;
  auto solution = (*recipe)->train(input);
  if (!solution.ok()) return report_failure(kName, solution.status());
  if (Status s = write_file_atomically(*output, *solution); !s.ok()) return report_failure(kName, s);
  std::fprintf(stderr, "edgerec train: wrote %s (%zu bytes, recipe %s, %zu interactions, %zu users, %zu items)\n",
               output->c_str(), solution->size(), (*recipe)->name.c_str(), data->size(), data->user_ids.size(),
               data->item_ids.size());
  return 0;
}

EDGEREC_REGISTER_COMMAND("train", train_command, "train a solution version (.erec) from an Interactions CSV", 20);

}  // namespace edgerec::cli
