// CreateSolution, DescribeSolution, ListSolutions, UpdateSolution, DeleteSolution: a solution
// holds a recipe and its config (store/solutions.h), ACTIVE once created; versions are trained
// from it (solution_version_operations.cpp), by request or on its automatic training's schedule
// (auto_training.h).
#include "control/auto_training.h"
#include "control/operations.h"
#include "io/json_value_writer.h"
#include "control/recipes.h"
#include "control/solution_resources.h"
#include "store/solutions.h"
#include "train/recipe.h"

namespace edgerec::control {
namespace {

// UpdateSolution applies at once: its summary is ACTIVE, with what the solution now has.
void write_latest_solution_update(JsonWriter& w, const SolutionRecord& s) {
  w.key("latestSolutionUpdate");
  w.begin_object();
  w.key("solutionUpdateConfig");
  w.begin_object();
  auto config = parse_json(s.solution_config, "solutionConfig");
  if (config.ok() && config->is_object()) {
    for (const char* member : {"autoTrainingConfig", "eventsConfig"}) {
      if (const JsonValue* v = config->find(member); v != nullptr) {
        w.key(member);
        write_json_value(w, *v);
      }
    }
  }
  w.end_object();
  w.key("status");
  w.string("ACTIVE");
  w.key("performAutoTraining");
  w.boolean(s.perform_auto_training);
  w.key("creationDateTime");
  w.integer(*s.solution_updated_at);
  w.key("lastUpdatedDateTime");
  w.integer(*s.solution_updated_at);
  w.end_object();
}

std::string solution_json(const Home& home, DatasetGroup& group, const SolutionRecord& s, bool summary) {
  JsonWriter w;
  w.begin_object();
  w.key("name");
  w.string(s.name);
  w.key("solutionArn");
  w.string(solution_arn(home, s.name));
  w.key("recipeArn");
  w.string(recipe_arn(s.recipe));
  w.key("datasetGroupArn");
  w.string(home.arn("dataset-group/" + dataset_group_name(group.dir())));
  w.key("status");
  w.string("ACTIVE");
  w.key("creationDateTime");
  w.integer(s.created_at);
  w.key("lastUpdatedDateTime");
  w.integer(s.updated_at);
  if (!summary) {
    w.key("performHPO");
    w.boolean(s.perform_hpo);
    w.key("performAutoML");
    w.boolean(s.perform_auto_ml);
    w.key("performAutoTraining");
    w.boolean(s.perform_auto_training);
    if (s.event_type) {
      w.key("eventType");
      w.string(*s.event_type);
    }
    w.key("solutionConfig");
    w.raw(s.solution_config);
    auto latest = list_solution_versions(group, s.name);
    if (latest.ok() && !latest->empty()) {
      w.key("latestSolutionVersion");
      w.begin_object();
      write_version_summary_fields(w, home, latest->front());
      w.end_object();
    }
    if (s.solution_updated_at) write_latest_solution_update(w, s);
  }
  w.end_object();
  return w.take();
}

}  // namespace

std::string solution_arn(const Home& home, const std::string& solution) { return home.arn("solution/" + solution); }

Result<SolutionRef> solution_of_arn(const Home& home, std::string_view arn, std::string_view field) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string name, home.arn_path(arn, field, "solution"));
  EDGEREC_ASSIGN_OR_RETURN(auto found, home.find_resource<SolutionRecord>([&](DatasetGroup& g) { return find_solution(g, name); },
                                                                          "solution", arn));
  return SolutionRef{std::move(found.first), std::move(found.second)};
}

Result<std::string> create_solution(Context& c, const Request& r) {
  SolutionRecord s;
  EDGEREC_ASSIGN_OR_RETURN(s.name, r.required_string("name"));
  EDGEREC_RETURN_IF_ERROR(check_resource_name(s.name, "name"));
  if (find_recipe(s.name).ok()) {
    return invalid_input("name " + s.name + " is a recipe's: it names the versions `edgerec train --recipe " + s.name +
                         " DIR` records; choose another solution name");
  }
  EDGEREC_ASSIGN_OR_RETURN(const std::string group_arn, r.required_string("datasetGroupArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> recipe_arn_text, r.optional_string("recipeArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<bool> hpo, r.optional_bool("performHPO"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<bool> auto_ml, r.optional_bool("performAutoML"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<bool> auto_training, r.optional_bool("performAutoTraining"));
  EDGEREC_ASSIGN_OR_RETURN(s.event_type, r.optional_string("eventType"));
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue* config, r.optional_object("solutionConfig"));
  s.perform_hpo = hpo.value_or(false);
  s.perform_auto_ml = auto_ml.value_or(false);
  if (s.perform_auto_ml) {
    if (recipe_arn_text) return invalid_input("give either recipeArn or performAutoML, not both");
    s.recipe = "auto";
  } else {
    if (!recipe_arn_text) return constraint_error("recipeArn", "Member must not be null (or set performAutoML)");
    EDGEREC_ASSIGN_OR_RETURN(const RecipeEntry* recipe, recipe_of_arn(*recipe_arn_text, "recipeArn"));
    s.recipe = recipe->recipe;
  }
  if (config != nullptr) {
    JsonWriter w;
    write_json_value(w, *config);
    s.solution_config = w.take();
  }
  EDGEREC_ASSIGN_OR_RETURN(const TrainingPlan plan, training_plan(s));
  (void)plan;
  EDGEREC_RETURN_IF_ERROR(auto_training_days(s).status());
  EDGEREC_ASSIGN_OR_RETURN(DatasetGroup group, c.home.group_of_arn(group_arn, "datasetGroupArn"));
  s.created_at = s.updated_at = unix_now();
  // As Personalize: on unless turned off, the first version an hour after the solution is ACTIVE.
  s.perform_auto_training = auto_training.value_or(true);
  s.auto_training_since = s.created_at;
  EDGEREC_RETURN_IF_ERROR(insert_solution(group, s));
  return arn_response("solutionArn", solution_arn(c.home, s.name));
}

Result<std::string> describe_solution(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("solutionArn"));
  EDGEREC_ASSIGN_OR_RETURN(SolutionRef ref, solution_of_arn(c.home, arn, "solutionArn"));
  return "{\"solution\":" + solution_json(c.home, ref.group, ref.solution, false) + "}";
}

Result<std::string> list_solutions(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<std::string> group_arn, r.optional_string("datasetGroupArn"));
  std::vector<std::string> items;
  EDGEREC_RETURN_IF_ERROR(c.home.for_each_listed_group(group_arn, [&](DatasetGroup& group, const std::string&) -> Status {
    EDGEREC_ASSIGN_OR_RETURN(const std::vector<SolutionRecord> solutions, edgerec::list_solutions(group));
    for (const SolutionRecord& s : solutions) items.push_back(solution_json(c.home, group, s, true));
    return Status::ok_status();
  }));
  return list_response(r, "solutions", items);
}

Result<std::string> update_solution(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("solutionArn"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<bool> auto_training, r.optional_bool("performAutoTraining"));
  EDGEREC_ASSIGN_OR_RETURN(const std::optional<bool> incremental, r.optional_bool("performIncrementalUpdate"));
  if (incremental.value_or(false)) {
    return invalid_input("performIncrementalUpdate: edgerec has no incremental updates of a solution; "
                         "create a version with trainingMode UPDATE instead");
  }
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue* update, r.optional_object("solutionUpdateConfig"));
  EDGEREC_ASSIGN_OR_RETURN(SolutionRef ref, solution_of_arn(c.home, arn, "solutionArn"));
  if (ref.solution.implicit) {
    return invalid_input("solution " + ref.solution.name + " holds the versions `edgerec train --recipe " +
                         ref.solution.name + "` records; it has no configuration to update");
  }
  // The new solutionConfig: the old one with solutionUpdateConfig's members in place of its own.
  EDGEREC_ASSIGN_OR_RETURN(const JsonValue old_config, parse_json(ref.solution.solution_config, "solutionConfig"));
  JsonWriter w;
  w.begin_object();
  if (old_config.is_object()) {
    for (const auto& [key, value] : old_config.members()) {
      if (update != nullptr && update->find(key) != nullptr) continue;
      w.key(key);
      write_json_value(w, value);
    }
  }
  if (update != nullptr) {
    for (const auto& [key, value] : update->members()) {
      if (key != "autoTrainingConfig" && key != "eventsConfig") {
        return invalid_input("solutionUpdateConfig." + key + ": not a member (autoTrainingConfig, eventsConfig)");
      }
      w.key(key);
      write_json_value(w, value);
    }
  }
  w.end_object();
  SolutionRecord updated = ref.solution;
  updated.solution_config = w.take();
  updated.perform_auto_training = auto_training.value_or(ref.solution.perform_auto_training);
  EDGEREC_ASSIGN_OR_RETURN(const TrainingPlan plan, training_plan(updated));
  (void)plan;
  EDGEREC_RETURN_IF_ERROR(auto_training_days(updated).status());
  EDGEREC_RETURN_IF_ERROR(edgerec::update_solution(ref.group, updated.name, updated.perform_auto_training,
                                                   updated.solution_config, unix_now()));
  return arn_response("solutionArn", solution_arn(c.home, updated.name));
}

Result<std::string> delete_solution(Context& c, const Request& r) {
  EDGEREC_ASSIGN_OR_RETURN(const std::string arn, r.required_string("solutionArn"));
  EDGEREC_ASSIGN_OR_RETURN(SolutionRef ref, solution_of_arn(c.home, arn, "solutionArn"));
  EDGEREC_RETURN_IF_ERROR(edgerec::delete_solution(ref.group, ref.solution.name));
  return std::string("{}");
}

}  // namespace edgerec::control
