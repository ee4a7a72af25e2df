// edgerec's recipes under Personalize's recipe ARNs (arn:aws:personalize:::recipe/NAME), and a
// solution's config turned into what the trainer takes: one reading of solutionConfig that
// CreateSolution validates with and the worker trains with.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edgerec/json.h"
#include "edgerec/status.h"
#include "interactions/training_set.h"
#include "store/solutions.h"

namespace edgerec::control {

struct RecipeEntry {
  const char* arn_name;     ///< Personalize's name: aws-user-personalization
  const char* recipe;       ///< edgerec's: user-personalization
  const char* recipe_type;  ///< USER_PERSONALIZATION, PERSONALIZED_RANKING, RELATED_ITEMS
  const char* description;
};

/// The recipes ListRecipes shows, in its order. Personalize's newer and older names of one
/// recipe (aws-user-personalization-v2, aws-sims) are accepted as aliases by recipe_of_arn.
const std::vector<RecipeEntry>& recipe_entries();
std::string recipe_arn(const std::string& recipe);
/// The entry a recipeArn names; NotFound for a recipe edgerec does not have (naming those it has).
Result<const RecipeEntry*> recipe_of_arn(std::string_view arn, std::string_view field);

/// How a solution trains: its recipe's hyperparameter settings ("key=value", for
/// resolve_hyperparameters) and event selection.
struct TrainingPlan {
  std::vector<std::string> hyperparameters;
  EventSelection events;
};
/// InvalidInput naming the field for an unknown hyperparameter, a value out of range or an event
/// weight outside [0, 1].
Result<TrainingPlan> training_plan(const SolutionRecord& solution);

}  // namespace edgerec::control
