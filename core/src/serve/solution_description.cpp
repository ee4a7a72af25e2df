// describe-solution's JSON (see solution_description.h).
#include "serve/solution_description.h"

#include <string>

#include "edgerec/json.h"
#include "edgerec/solution_generated.h"

namespace edgerec {

namespace {

using KeyValues = flatbuffers::Vector<flatbuffers::Offset<fb::KeyValue>>;

void write_key_values(JsonWriter& w, const char* name, const KeyValues* entries) {
  w.key(name);
  w.begin_object();
  if (entries != nullptr) {
    for (const fb::KeyValue* kv : *entries) {
      w.key(kv->key()->string_view());
      if (kv->value() != nullptr) w.string(kv->value()->string_view());
      else w.null();
    }
  }
  w.end_object();
}

void write_optional_string(JsonWriter& w, const char* name, const flatbuffers::String* s) {
  w.key(name);
  if (s != nullptr) w.string(s->string_view());
  else w.null();
}

}  // namespace

std::string describe_solution_json(const Solution& solution) {
  const fb::Solution& s = solution.root();
  const fb::SolutionMetadata& m = *s.metadata();
  JsonWriter w;
  w.begin_object();
  w.key("formatVersion");
  w.string(std::to_string(1) + "." + std::to_string(solution.format_minor()));
  write_optional_string(w, "solutionVersionId", m.solution_version_id());
  w.key("recipe");
  w.string(m.recipe()->string_view());
  w.key("recipeType");
  w.string(fb::EnumNameRecipeType(m.recipe_type()));
  w.key("trainingMode");
  w.string(fb::EnumNameTrainingMode(m.training_mode()));
  w.key("createdAt");
  w.integer(m.created_at());
  write_optional_string(w, "createdBy", m.created_by());
  w.key("trainingSeconds");
  w.number(m.training_seconds());
  write_key_values(w, "hyperparameters", m.hyperparameters());
  write_key_values(w, "solutionConfig", m.solution_config());
  w.key("trainingData");
  w.begin_object();
  if (const fb::TrainingDataSummary* t = m.training_data()) {
    w.key("interactions");  // used: after the solution config's event selection
    w.integer(static_cast<int64_t>(t->interactions()));
    w.key("interactionsRead");  // before it; unknown (null) in format 1.0 files
    if (t->interactions_read() != 0) w.integer(static_cast<int64_t>(t->interactions_read()));
    else w.null();
    w.key("users");
    w.integer(t->users());
    w.key("items");
    w.integer(t->items());
    w.key("orderedFraction");  // share of consecutive events of a user with distinct timestamps
    w.number(t->ordered_fraction());
    w.key("minTimestamp");
    w.integer(t->min_timestamp());
    w.key("maxTimestamp");
    w.integer(t->max_timestamp());
    w.key("eventTypes");
    w.begin_object();
    if (t->event_types() != nullptr) {
      for (const fb::EventTypeCount* e : *t->event_types()) {
        w.key(e->event_type()->string_view());
        w.integer(static_cast<int64_t>(e->count()));
      }
    }
    w.end_object();
    write_optional_string(w, "fingerprint", t->fingerprint());
    write_optional_string(w, "source", t->source());
  }
  w.end_object();
  w.key("metrics");
  w.begin_object();
  if (m.metrics() != nullptr) {
    for (const fb::Metric* metric : *m.metrics()) {
      w.key(metric->name()->string_view());
      w.number(metric->value());
    }
  }
  w.end_object();
  w.key("trials");
  w.begin_array();
  if (m.trials() != nullptr) {
    for (const fb::HpoTrial* trial : *m.trials()) {
      w.begin_object();
      w.key("recipe");
      w.string(trial->recipe()->string_view());
      write_key_values(w, "hyperparameters", trial->hyperparameters());
      write_optional_string(w, "objectiveName", trial->objective_name());
      w.key("objective");
      w.number(trial->objective());
      w.key("seconds");
      w.number(trial->seconds());
      w.end_object();
    }
  }
  w.end_array();
  w.key("catalog");
  w.begin_object();
  w.key("items");
  w.integer(solution.items().size());
  w.key("users");
  w.integer(solution.users().size());
  w.end_object();
  w.end_object();
  return w.take();
}

}  // namespace edgerec
