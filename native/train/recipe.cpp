// The recipe registry and hyperparameter validation.
#include "train/recipe.h"

#include "edgerec/json.h"

#include <cerrno>
#include <cstdlib>

#include "train/auto_recipe.h"
#include "train/popularity_count.h"
#include "train/training_data.h"
#include "train/similar_items.h"
#include "train/trending_now.h"
#include "train/user_personalization.h"

namespace edgerec {

double TrainingInput::number(const std::string& key) const {
  const auto it = hyperparameters.find(key);
  return it == hyperparameters.end() ? 0.0 : std::strtod(it->second.c_str(), nullptr);
}

uint64_t TrainingInput::tie_seed() const { return static_cast<uint64_t>(number("seed")); }

double TrainingInput::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

Result<TrainingSet> TrainingInput::training_set() const {
  EDGEREC_ASSIGN_OR_RETURN(TrainingSet set, build_training_set(*interactions, events, tie_seed()));
  std::vector<uint32_t> per_user(set.users);
  for (uint32_t u = 0; u < set.users; ++u) per_user[u] = static_cast<uint32_t>(set.user_events(u));
  const bool selects = events.event_type || events.event_value_threshold || !events.weights.empty();
  EDGEREC_RETURN_IF_ERROR(check_minimum_events(
      per_user, selects ? "after the solution config's event selection (eventType, eventValueThreshold, event "
                          "weights), of " + std::to_string(interactions->size()) + " read"
                        : ""));
  return set;
}

Result<flatbuffers::Offset<fb::UserHistories>> TrainingInput::recent_interactions(flatbuffers::FlatBufferBuilder& fbb,
                                                                                  const TrainingSet& trained,
                                                                                  const SortedIds& sorted_items,
                                                                                  const SortedIds& sorted_users) const {
  if (trained.events() == interactions->size()) {
    return build_recent_interactions(fbb, trained, interactions->event_types, sorted_items, sorted_users);
  }
  EDGEREC_ASSIGN_OR_RETURN(const TrainingSet everything, build_training_set(*interactions, EventSelection{}, tie_seed()));
  return build_recent_interactions(fbb, everything, interactions->event_types, sorted_items, sorted_users);
}

SolutionDescription TrainingInput::describe(const std::string& recipe, fb::RecipeType type,
                                            const TrainingSet& set) const {
  SolutionDescription d;
  d.solution_version_id = solution_version_id;
  d.recipe = recipe;
  d.recipe_type = type;
  d.hyperparameters = hyperparameters;
  d.solution_config = solution_config;
  if (events.event_type) d.solution_config["eventType"] = *events.event_type;
  if (events.event_value_threshold) d.solution_config["eventValueThreshold"] = shortest_number_text(*events.event_value_threshold);
  for (const auto& [type_name, weight] : events.weights) d.solution_config["eventWeight." + type_name] = shortest_number_text(weight);
  if (!trials.empty()) d.solution_config["performHPO"] = "true";
  d.metrics.insert(metrics.begin(), metrics.end());
  d.source = source;
  d.trials = trials;
  summarize_training_data(*interactions, set, d);
  return d;
}

const std::vector<Recipe>& all_recipes() {
  static const std::vector<Recipe> recipes = {
      {"popularity-count", fb::RecipeType::POPULAR_ITEMS,
       "the most popular items by number of distinct users, the same for everyone (aws-popularity-count)",
       {},
       train_popularity_count},
      {"user-personalization", fb::RecipeType::USER_PERSONALIZATION,
       "collaborative (iALS) plus sequence-aware (transitions from the latest events) model, blended on validation",
       user_personalization_hyperparameters(), train_user_personalization},
      {"personalized-ranking", fb::RecipeType::PERSONALIZED_RANKING,
       "the user-personalization model, served through GetPersonalizedRanking",
       user_personalization_hyperparameters(), train_personalized_ranking},
      {"similar-items", fb::RecipeType::RELATED_ITEMS,
       "related items by co-occurrence with a popularity discount, metadata similarity for cold items "
       "(aws-sims / aws-similar-items)",
       similar_items_hyperparameters(), train_similar_items},
      {"trending-now", fb::RecipeType::POPULAR_ITEMS,
       "items whose interactions grow fastest between the two latest intervals (aws-trending-now)",
       trending_now_hyperparameters(), train_trending_now},
      {"auto", fb::RecipeType::USER_PERSONALIZATION,
       "a budgeted search over popularity-count and user-personalization's hyperparameters, best NDCG@25 on "
       "validation; the trials are recorded in the solution",
       auto_hyperparameters(), train_auto},
  };
  return recipes;
}

Result<const Recipe*> find_recipe(const std::string& name) {
  std::string names;
  for (const Recipe& r : all_recipes()) {
    if (r.name == name) return &r;
    names += (names.empty() ? "" : ", ") + r.name;
  }
  return invalid_input("unknown recipe \"" + name + "\"; valid recipes are " + names);
}

Result<std::map<std::string, std::string>> resolve_hyperparameters(const Recipe& recipe,
                                                                   const std::vector<std::string>& settings) {
  std::map<std::string, std::string> values;
  for (const HyperparameterSpec& spec : recipe.hyperparameters) values[spec.name] = spec.default_value;
  std::string valid;
  for (const HyperparameterSpec& spec : recipe.hyperparameters) {
    valid += (valid.empty() ? "" : ", ") + spec.name + " (" + std::to_string(spec.min) + " to " +
             std::to_string(spec.max) + ", default " + spec.default_value + ")";
  }
  if (valid.empty()) valid = "none: recipe " + recipe.name + " has no hyperparameters";
  for (const std::string& setting : settings) {
    const size_t eq = setting.find('=');
    if (eq == std::string::npos || eq == 0) {
      return invalid_input("hyperparameter \"" + setting + "\" must be written key=value");
    }
    const std::string key = setting.substr(0, eq);
    const std::string value = setting.substr(eq + 1);
    const HyperparameterSpec* spec = nullptr;
    for (const HyperparameterSpec& s : recipe.hyperparameters) {
      if (s.name == key) spec = &s;
    }
    if (spec == nullptr) {
      return invalid_input("unknown hyperparameter \"" + key + "\" for recipe " + recipe.name + "; valid: " + valid);
    }
    errno = 0;
    char* end = nullptr;
    const double number = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || errno == ERANGE || number < spec->min || number > spec->max) {
      return invalid_input("hyperparameter " + key + "=" + value + " is out of range; valid: " + valid);
    }
    values[key] = value;
  }
  return values;
}

std::set<std::string> hyperparameter_keys(const std::vector<std::string>& settings) {
  std::set<std::string> keys;
  for (const std::string& setting : settings) keys.insert(setting.substr(0, setting.find('=')));
  return keys;
}

}  // namespace edgerec
