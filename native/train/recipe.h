// The recipe registry: what `edgerec train --recipe NAME` accepts, each recipe's
// hyperparameters with defaults and ranges, and its trainer.
#pragma once

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "edgerec/solution_generated.h"
#include "edgerec/status.h"
#include "train/solution_writer.h"
#include "io/interactions_csv.h"
#include "io/item_metadata_csv.h"
#include "io/metadata_columns.h"
#include "interactions/training_set.h"

namespace edgerec {

struct HyperparameterSpec {
  std::string name;
  std::string default_value;
  double min = 0.0;  ///< numeric range, inclusive
  double max = 0.0;
  std::string description;
};

/// Everything a recipe's trainer gets.
struct TrainingInput {
  const InteractionsTable* interactions = nullptr;
  const ItemMetadataTable* items = nullptr;  ///< optional Items metadata (cold items, similarity)
  /// Optional Users metadata: recipes with a user index store it there for filters'
  /// `IF CurrentUser.FIELD` (users without a row get nulls; rows of unknown users are dropped).
  const UserMetadataTable* users = nullptr;
  std::map<std::string, std::string> hyperparameters;  ///< validated, defaults filled in
  /// The keys the user gave (--hp): searches leave these as given.
  std::set<std::string> explicit_hyperparameters;
  EventSelection events;                               ///< Personalize's solution config
  std::string source;                                  ///< where the data came from
  /// The id the solution version gets; empty: a new one. The control plane names a version when
  /// it is requested, before a worker trains it.
  std::string solution_version_id;
  uint32_t threads = 0;                                ///< 0 = all cores
  bool show_progress = true;                           ///< progress lines for long fits
  /// Extra solution-config entries to record (e.g. UPDATE's base solution version).
  std::map<std::string, std::string> solution_config;
  /// Personalize's solution metrics (eval/solution_metrics.h), computed by the trainer before it
  /// writes the solution; recorded with the recipe's own metrics.
  std::map<std::string, double> metrics;
  /// Set by a hyperparameter search (auto, or user-personalization's own): its trials, recorded
  /// in the solution version.
  std::vector<SolutionDescription::Trial> trials;

  /// When training began: a copy keeps it, so a recipe that another one calls (auto's final fit)
  /// records the whole run's time.
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  /// A numeric hyperparameter (validated and defaulted by resolve_hyperparameters).
  double number(const std::string& key) const;

  /// The seed that orders tied events (build_training_set): the recipe's `seed`, 0 without one.
  uint64_t tie_seed() const;

  /// Seconds since `started`.
  double elapsed_seconds() const;

  /// The events the recipe trains on (the solution config applied, each user's in time order),
  /// or InvalidInput when they fall below Personalize's minimum: every recipe refuses such data.
  Result<TrainingSet> training_set() const;

  /// Solution.recent_interactions for `sorted_users` (build_recent_interactions): from `trained` itself
  /// when the solution config kept every interaction, else from all of them.
  Result<flatbuffers::Offset<fb::UserHistories>> recent_interactions(flatbuffers::FlatBufferBuilder& fbb,
                                                                     const TrainingSet& trained,
                                                                     const SortedIds& sorted_items,
                                                                     const SortedIds& sorted_users) const;

  /// Starts a solution description from this input: recipe, type, hyperparameters, solution
  /// config, source, trials, and the training-data summary (`set` is what training used).
  SolutionDescription describe(const std::string& recipe, fb::RecipeType type, const TrainingSet& set) const;
};

struct Recipe {
  std::string name;
  fb::RecipeType type = fb::RecipeType::UNKNOWN;
  std::string summary;
  std::vector<HyperparameterSpec> hyperparameters;
  /// Trains and returns the sealed .erec bytes.
  Result<std::vector<uint8_t>> (*train)(const TrainingInput& input) = nullptr;
};

/// Every recipe, in the order help lists them.
const std::vector<Recipe>& all_recipes();

/// The recipe called `name`, or InvalidInput listing the valid names.
Result<const Recipe*> find_recipe(const std::string& name);

/// Parses "key=value" settings against the recipe's hyperparameters (unknown keys and values out
/// of range are InvalidInput errors listing the valid ones) and fills in defaults.
Result<std::map<std::string, std::string>> resolve_hyperparameters(const Recipe& recipe,
                                                                   const std::vector<std::string>& settings);

/// The keys of "key=value" settings (assumed valid: call after resolve_hyperparameters).
std::set<std::string> hyperparameter_keys(const std::vector<std::string>& settings);

}  // namespace edgerec
