// Recipe ARNs and solution configs (see recipes.h).
#include "control/recipes.h"

#include <cmath>

#include "control/request.h"
#include "train/recipe.h"

namespace edgerec::control {
namespace {

constexpr const char* kRecipeArnPrefix = "arn:aws:personalize:::recipe/";

struct Alias {
  const char* arn_name;
  const char* recipe;
};
// Personalize's other names for what one edgerec recipe does.
constexpr Alias kAliases[] = {{"aws-user-personalization-v2", "user-personalization"},
                              {"aws-hrnn", "user-personalization"},
                              {"aws-personalized-ranking-v2", "personalized-ranking"},
                              {"aws-sims", "similar-items"}};

}  // namespace

const std::vector<RecipeEntry>& recipe_entries() {
  static const std::vector<RecipeEntry> entries = {
      {"aws-user-personalization", "user-personalization", "USER_PERSONALIZATION",
       "iALS plus a sequence part over each user's latest events, blended and tuned on validation"},
      {"aws-personalized-ranking", "personalized-ranking", "PERSONALIZED_RANKING",
       "user-personalization's model, ranking a given list of items for a user"},
      {"aws-similar-items", "similar-items", "RELATED_ITEMS",
       "items that co-occur in users' histories, blended with item metadata similarity"},
      {"aws-popularity-count", "popularity-count", "USER_PERSONALIZATION",
       "the most popular items by number of distinct users, the same for everyone"},
      {"aws-trending-now", "trending-now", "USER_PERSONALIZATION",
       "the items whose popularity rises fastest in the latest interval"},
      {"edgerec-auto", "auto", "USER_PERSONALIZATION",
       "performAutoML: tries the user recipes and keeps the best on validation"},
  };
  return entries;
}

std::string recipe_arn(const std::string& recipe) {
  for (const RecipeEntry& e : recipe_entries()) {
    if (recipe == e.recipe) return std::string(kRecipeArnPrefix) + e.arn_name;
  }
  return std::string(kRecipeArnPrefix) + "edgerec-" + recipe;
}

Result<const RecipeEntry*> recipe_of_arn(std::string_view arn, std::string_view field) {
  const std::string prefix = kRecipeArnPrefix;
  std::string known;
  for (const RecipeEntry& e : recipe_entries()) known += (known.empty() ? "" : ", ") + prefix + e.arn_name;
  if (arn.substr(0, prefix.size()) != prefix) {
    return invalid_input(std::string(field) + " " + std::string(arn) + " is not a recipe ARN (" + prefix + "NAME)");
  }
  const std::string_view name = arn.substr(prefix.size());
  for (const RecipeEntry& e : recipe_entries()) {
    if (name == e.arn_name) return &e;
  }
  for (const Alias& a : kAliases) {
    if (name != a.arn_name) continue;
    for (const RecipeEntry& e : recipe_entries()) {
      if (std::string_view(e.recipe) == a.recipe) return &e;
    }
  }
  return not_found("recipe " + std::string(arn) + " is not one of edgerec's (" + known + ")");
}

Result<TrainingPlan> training_plan(const SolutionRecord& solution) {
  TrainingPlan plan;
  plan.events.event_type = solution.event_type;
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue config, parse_json(solution.solution_config, "solutionConfig"));
  if (!config.is_object()) return constraint_error("solutionConfig", "Member must be an object");
  if (const JsonValue* hps = config.find("algorithmHyperParameters"); hps != nullptr && !hps->is_null()) {
    if (!hps->is_object()) return constraint_error("solutionConfig.algorithmHyperParameters", "Member must be a map");
    for (const auto& [key, value] : hps->members()) {
      if (!value.is_string()) {
        return constraint_error("solutionConfig.algorithmHyperParameters." + key, "Member must be a string");
      }
      plan.hyperparameters.push_back(key + "=" + value.as_string());
    }
  }
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> threshold,
                           string_member(config, "eventValueThreshold", "solutionConfig"));
  if (threshold) {
    char* end = nullptr;
    const double v = std::strtod(threshold->c_str(), &end);
    if (threshold->empty() || *end != '\0' || !std::isfinite(v)) {
      return constraint_error("solutionConfig.eventValueThreshold", "Member must be a number");
    }
    plan.events.event_value_threshold = v;
  }
  if (const JsonValue* events = config.find("eventsConfig"); events != nullptr && events->is_object()) {
    const JsonValue* list = events->find("eventParametersList");
    if (list != nullptr && list->is_array()) {
      for (const JsonValue& p : list->items()) {
        const JsonValue* type = p.is_object() ? p.find("eventType") : nullptr;
        const JsonValue* weight = p.is_object() ? p.find("weight") : nullptr;
        if (type == nullptr || !type->is_string() || weight == nullptr || !weight->is_number() ||
            !(weight->as_number() >= 0.0 && weight->as_number() <= 1.0)) {
          return constraint_error("solutionConfig.eventsConfig.eventParametersList",
                                  "each entry must have an eventType and a weight from 0 to 1");
        }
        plan.events.weights[type->as_string()] = weight->as_number();
      }
    }
  }
  EDGEREC_ASSIGN_OR_RETURN(const Recipe* recipe, find_recipe(solution.recipe));
  // performHPO false (Personalize's default) trains once with the given or default values; a
  // recipe whose own search edgerec runs by default is told not to, unless the caller set it.
  bool searches = false;
  bool set = false;
  for (const HyperparameterSpec& spec : recipe->hyperparameters) searches = searches || spec.name == "hpo_trials";
  for (const std::string& hp : plan.hyperparameters) set = set || hp.rfind("hpo_trials=", 0) == 0;
  if (searches && !set && !solution.perform_hpo) plan.hyperparameters.push_back("hpo_trials=1");
  auto resolved = resolve_hyperparameters(*recipe, plan.hyperparameters);
  if (!resolved.ok()) return resolved.status().with_context("solutionConfig.algorithmHyperParameters");
  return plan;
}

}  // namespace edgerec::control
