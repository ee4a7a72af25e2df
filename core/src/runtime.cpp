// Runtime: one campaign's worth of serving over a loaded solution version.
#include "edgerec/runtime.h"

#include "edgerec/campaign_config.h"
#include "edgerec/item_metadata.h"
#include "edgerec/json.h"
#include "edgerec/session_events_request.h"
#include "edgerec/rank.h"
#include "edgerec/recommend.h"
#include "edgerec/solution_generated.h"

namespace edgerec {

Runtime::Runtime(std::shared_ptr<const Solution> solution, SessionLimits session_limits)
    : solution_(std::move(solution)), weighting_(*solution_), sessions_(session_limits) {}

Result<const FoldIn*> Runtime::fold_in() {
  std::call_once(fold_in_once_, [this] {
    if (solution_->root().factors() == nullptr) return;
    auto built = FoldIn::build(*solution_);
    if (built.ok()) fold_in_ = std::move(built).value();
    else fold_in_status_ = built.status();
  });
  if (!fold_in_status_.ok()) return fold_in_status_;
  return fold_in_.get();
}

Result<std::shared_ptr<const SessionSignal>> Runtime::session_signal(const std::optional<std::string>& key) {
  if (!key) return std::shared_ptr<const SessionSignal>();
  std::optional<SessionStore::Snapshot> session = sessions_.find(*key);
  if (!session) return std::shared_ptr<const SessionSignal>();
  if (session->signal) return session->signal;
  EDGEREC_ASSIGN_OR_RETURN(const FoldIn* fold, fold_in());
  EDGEREC_ASSIGN_OR_RETURN(std::shared_ptr<const SessionSignal> signal,
                           build_session_signal(*solution_, fold, weighting_, solution_->users().find(*key),
                                                session->events));
  sessions_.cache(*key, session->events, signal);
  return signal;
}

Result<std::string> Runtime::put_events_json(std::string_view request_json) {
  EDGEREC_ASSIGN_OR_RETURN(const SessionEventsRequest request, parse_session_events_request(request_json));
  std::vector<SessionEvent> events;
  size_t for_model = 0;
  for (const SessionPutEvent& e : request.events) {
    if (!e.item_id) continue;
    const std::optional<uint32_t> item = solution_->items().find(*e.item_id);
    if (!item) continue;
    events.push_back({*item, e.event_type, e.sent_at, e.event_value});
    if (weighting_.weight(e.event_type, e.event_value) > 0.0f) ++for_model;
  }
  if (!events.empty()) sessions_.append(request.session_key(), events);
  JsonWriter w;
  w.begin_object();
  w.key("eventsAccepted");
  w.integer(static_cast<int64_t>(request.events.size()));
  w.key("eventsForModel");
  w.integer(static_cast<int64_t>(for_model));
  w.end_object();
  return w.take();
}

Result<std::unique_ptr<Runtime>> Runtime::load(const uint8_t* data, size_t size, const LoadOptions& options) {
  EDGEREC_ASSIGN_OR_RETURN(std::shared_ptr<const Solution> solution, Solution::load(data, size, options));
  return std::make_unique<Runtime>(std::move(solution));
}

Status Runtime::set_campaign_config_json(std::string_view config_json) {
  EDGEREC_ASSIGN_OR_RETURN(const CampaignConfig config, parse_campaign_config(config_json));
  std::shared_ptr<const ItemExploration> exploration;
  if (config.item_exploration) {
    EDGEREC_ASSIGN_OR_RETURN(exploration, ItemExploration::build(*solution_, *config.item_exploration));
    // Weight 0 explores nothing: serve exactly as without a config.
    if (exploration->weight() <= 0.0) exploration.reset();
  }
  std::lock_guard<std::mutex> lock(exploration_mutex_);
  exploration_ = std::move(exploration);
  return Status::ok_status();
}

std::shared_ptr<const ItemExploration> Runtime::exploration() const {
  std::lock_guard<std::mutex> lock(exploration_mutex_);
  return exploration_;
}

Result<std::string> Runtime::get_recommendations_json(std::string_view request_json) {
  EDGEREC_ASSIGN_OR_RETURN(const RecommendRequest request, parse_recommend_request(request_json));
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<ColumnView> metadata, resolve_item_metadata(*solution_, request.metadata));
  const std::shared_ptr<const ItemExploration> exploration = this->exploration();
  std::shared_ptr<const FilterExpression> filter;
  if (request.filter.expression) {
    EDGEREC_ASSIGN_OR_RETURN(filter, filters_.get(*request.filter.expression));
  }
  RequestContext context;
  context.filter = filter.get();
  context.exploration = exploration.get();
  EDGEREC_ASSIGN_OR_RETURN(const std::shared_ptr<const SessionSignal> session, session_signal(request.user_id));
  if (session) {
    context.recent_interactions = &session->interactions;
    if (session->changes_model) context.user_signal = &session->user;
  }
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<RecommendedItem> items, recommend(*solution_, request, context));
  return recommendations_to_json(*solution_, items, ids_.next(), metadata);
}

Result<std::string> Runtime::get_personalized_ranking_json(std::string_view request_json) {
  EDGEREC_ASSIGN_OR_RETURN(const RankRequest request, parse_rank_request(request_json));
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<ColumnView> metadata, resolve_item_metadata(*solution_, request.metadata));
  std::shared_ptr<const FilterExpression> filter;
  if (request.filter.expression) {
    EDGEREC_ASSIGN_OR_RETURN(filter, filters_.get(*request.filter.expression));
  }
  RequestContext context;
  context.filter = filter.get();
  EDGEREC_ASSIGN_OR_RETURN(const std::shared_ptr<const SessionSignal> session,
                           session_signal(std::optional<std::string>(request.user_id)));
  if (session) {
    context.recent_interactions = &session->interactions;
    if (session->changes_model) context.user_signal = &session->user;
  }
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<RankedItem> items, rank(*solution_, request, context));
  return ranking_to_json(items, ids_.next(), metadata);
}

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

std::string Runtime::describe_json() const {
  const fb::Solution& s = solution_->root();
  const fb::SolutionMetadata& m = *s.metadata();
  JsonWriter w;
  w.begin_object();
  w.key("formatVersion");
  w.string(std::to_string(1) + "." + std::to_string(solution_->format_minor()));
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
  w.integer(solution_->items().size());
  w.key("users");
  w.integer(solution_->users().size());
  w.end_object();
  w.end_object();
  return w.take();
}

}  // namespace edgerec
