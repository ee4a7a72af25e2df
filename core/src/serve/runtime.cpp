// Runtime: one campaign's worth of serving over a loaded solution version.
#include "edgerec/runtime.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <optional>
#include <vector>

#include "serve/user_segment.h"
#include "serve/campaign_config.h"
#include "format/item_metadata.h"
#include "edgerec/json.h"
#include "edgerec/put_events_request.h"
#include "serve/rank.h"
#include "serve/recommend.h"
#include "serve/solution_description.h"
#include "filter/filter_cache.h"
#include "filter/filter_expression.h"
#include "scoring/fold_in.h"
#include "scoring/interleaved_item_factors.h"
#include "scoring/multi_user_scoring.h"
#include "scoring/personalized_scoring.h"
#include "serve/item_exploration.h"
#include "serve/recommendation_id.h"
#include "serve/softmax_normalizers.h"
#include "session/session_signal.h"
#include "session/session_store.h"
#include "edgerec/event_weighting.h"
#include "edgerec/solution_generated.h"

namespace edgerec {
namespace {

// Only User-Personalization's GetRecommendations divides by a catalog-wide softmax of a user's
// factor scores; other recipes get no slots.
bool caches_normalizers(const Solution& solution) {
  return solution.root().metadata()->recipe_type() == fb::RecipeType::USER_PERSONALIZATION &&
         solution.root().factors() != nullptr;
}

}  // namespace

// Everything a Runtime holds, private to the core (runtime.h keeps the embedder's view small).
struct Runtime::State {
  State(std::shared_ptr<const Solution> solution, SessionLimits session_limits)
      : solution_(std::move(solution)),
        weighting_(*solution_),
        sessions_(session_limits),
        normalizers_(caches_normalizers(*solution_) ? solution_->users().size() : 0) {}

  std::shared_ptr<const Solution> solution_;
  RecommendationIdGenerator ids_;
  FilterCache filters_;  // each distinct filterExpression is parsed once
  EventWeighting weighting_;
  SessionStore sessions_;
  // Known users' softmax normalisers: a repeat request scores only its top-k.
  SoftmaxNormalizerCache normalizers_;
  // Built on the first request that needs it (O(items k^2)); null without a factor model.
  std::once_flag fold_in_once_;
  std::unique_ptr<const FoldIn> fold_in_;
  Status fold_in_status_;
  mutable std::mutex exploration_mutex_;
  std::shared_ptr<const ItemExploration> exploration_;  // guarded by exploration_mutex_

  // The int8 item factors interleaved for batches (multi_user_scoring.h): built by the first
  // batch that needs them; null where the multi-user kernel does not run.
  std::once_flag interleaved_once_;
  std::unique_ptr<const InterleavedItemFactors> interleaved_;

  Result<const FoldIn*> fold_in();
  const InterleavedItemFactors* interleaved_factors();
  std::shared_ptr<const ItemExploration> current_exploration() const;
  /// GetRecommendations for a parsed request; `logits`: its signal's, computed beforehand, or null.
  Result<std::string> recommendations_json(const RecommendRequest& request, const std::vector<float>* logits);
  /// The live session of `key` as the model and filters see it, or null without one.
  Result<std::shared_ptr<const SessionSignal>> session_signal(const std::optional<std::string>& key);
};

Runtime::Runtime(std::shared_ptr<const Solution> solution, SessionLimits session_limits)
    : state_(std::make_unique<State>(std::move(solution), session_limits)) {}

Runtime::~Runtime() = default;

const Solution& Runtime::solution() const { return *state_->solution_; }

void Runtime::add_entropy(const uint8_t* data, size_t size) { state_->ids_.add_entropy(data, size); }
void Runtime::set_recommendation_source(std::string_view source) { state_->ids_.set_source(source); }
std::string Runtime::recommendation_id_prefix_tag(std::string_view source) { return recommendation_id_source_tag(source); }

bool Runtime::clear_session(std::string_view key) { return state_->sessions_.clear(key); }

size_t Runtime::live_sessions() const { return state_->sessions_.sessions(); }

size_t Runtime::adopt_sessions(const Runtime& previous) {
  if (&previous == this) return 0;
  const Solution& from = *previous.state_->solution_;
  const Solution& to = *state_->solution_;
  const fb::TrainingDataSummary* trained = to.root().metadata()->training_data();
  const fb::TrainingDataSummary* trained_before = from.root().metadata()->training_data();
  // Trained on the very same data as the previous version (another config, a retrained copy):
  // whatever that one held live, this one has not seen either.
  const bool same_data = trained != nullptr && trained_before != nullptr && trained->fingerprint() != nullptr &&
                         trained_before->fingerprint() != nullptr &&
                         trained->fingerprint()->string_view() == trained_before->fingerprint()->string_view();
  const bool has_horizon = !same_data && trained != nullptr && trained->interactions() > 0;
  const double seen_until = has_horizon ? static_cast<double>(trained->max_timestamp()) : 0.0;
  size_t carried = 0;
  for (const auto& [key, events] : previous.state_->sessions_.least_recent_first()) {
    std::vector<SessionEvent> kept;
    for (const SessionEvent& e : *events) {
      if (has_horizon && e.sent_at <= seen_until) continue;
      const std::optional<uint32_t> item = to.items().find(from.items().id(e.item));
      if (item) kept.push_back({*item, e.event_type, e.sent_at, e.value});
    }
    if (kept.empty()) continue;
    state_->sessions_.append(key, kept);
    ++carried;
  }
  return carried;
}

std::string Runtime::describe_json() const { return describe_solution_json(*state_->solution_); }

Result<const FoldIn*> Runtime::State::fold_in() {
  std::call_once(fold_in_once_, [this] {
    if (solution_->root().factors() == nullptr) return;
    auto built = FoldIn::build(*solution_);
    if (built.ok()) fold_in_ = std::move(built).value();
    else fold_in_status_ = built.status();
  });
  if (!fold_in_status_.ok()) return fold_in_status_;
  return fold_in_.get();
}

Result<std::shared_ptr<const SessionSignal>> Runtime::State::session_signal(const std::optional<std::string>& key) {
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
  // The server's rules (put_events_request.h): a session takes exactly what PutEvents stores.
  EDGEREC_ASSIGN_OR_RETURN(const PutEventsRequest request, parse_put_events_request(request_json));
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<ValidatedEvent> validated,
                           validate_put_events(request, TrackingIdRule::kOptional));
  std::vector<SessionEvent> events;
  size_t for_model = 0;
  for (size_t i = 0; i < validated.size(); ++i) {
    const ValidatedEvent& e = validated[i];
    if (!e.item_id) continue;
    const std::optional<uint32_t> item = state_->solution_->items().find(*e.item_id);
    if (!item) continue;
    // sentAt as sent (the store keeps whole seconds; a session orders by the fraction too).
    const double sent_at = *(*request.event_list)[i].sent_at;
    const float value = e.event_value ? static_cast<float>(*e.event_value) : std::nanf("");
    events.push_back({*item, e.event_type, sent_at, value});
    if (state_->weighting_.weight(e.event_type, value) > 0.0f) ++for_model;
  }
  // Whose session the events extend: the userId if given, else the sessionId (Personalize: pass
  // the sessionId as userId to get recommendations for an anonymous session).
  const std::string& session_key = request.user_id ? *request.user_id : *request.session_id;
  if (!events.empty()) state_->sessions_.append(session_key, events);
  JsonWriter w;
  w.begin_object();
  w.key("eventsAccepted");
  w.integer(static_cast<int64_t>(validated.size()));
  w.key("eventsForModel");
  w.integer(static_cast<int64_t>(for_model));
  w.end_object();
  return w.take();
}

Status Runtime::check_filter_expression(std::string_view expression) {
  return parse_filter_expression(expression).status();
}

Result<std::unique_ptr<Runtime>> Runtime::load(const uint8_t* data, size_t size, const LoadOptions& options) {
  EDGEREC_ASSIGN_OR_RETURN(std::shared_ptr<const Solution> solution, Solution::load(data, size, options));
  return std::make_unique<Runtime>(std::move(solution));
}

Status Runtime::set_campaign_config_json(std::string_view config_json) {
  EDGEREC_ASSIGN_OR_RETURN(const CampaignConfig config, parse_campaign_config(config_json));
  std::shared_ptr<const ItemExploration> exploration;
  if (config.item_exploration) {
    EDGEREC_ASSIGN_OR_RETURN(exploration, ItemExploration::build(*state_->solution_, *config.item_exploration));
    // Weight 0 explores nothing: serve exactly as without a config.
    if (exploration->weight() <= 0.0) exploration.reset();
  }
  std::lock_guard<std::mutex> lock(state_->exploration_mutex_);
  state_->exploration_ = std::move(exploration);
  return Status::ok_status();
}

std::shared_ptr<const ItemExploration> Runtime::State::current_exploration() const {
  std::lock_guard<std::mutex> lock(exploration_mutex_);
  return exploration_;
}

std::shared_ptr<const ItemExploration> Runtime::exploration() const { return state_->current_exploration(); }

Result<std::string> Runtime::get_recommendations_json(std::string_view request_json) {
  EDGEREC_ASSIGN_OR_RETURN(const RecommendRequest request, parse_recommend_request(request_json));
  return state_->recommendations_json(request, nullptr);
}

Result<std::string> Runtime::State::recommendations_json(const RecommendRequest& request,
                                                         const std::vector<float>* logits) {
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<ColumnView> metadata, resolve_item_metadata(*solution_, request.metadata));
  const std::shared_ptr<const ItemExploration> exploration = current_exploration();
  std::shared_ptr<const FilterExpression> filter;
  if (request.filter.expression) {
    EDGEREC_ASSIGN_OR_RETURN(filter, filters_.get(*request.filter.expression));
  }
  RequestContext context;
  context.filter = filter.get();
  context.exploration = exploration.get();
  context.normalizers = &normalizers_;
  context.logits = logits;
  EDGEREC_ASSIGN_OR_RETURN(const std::shared_ptr<const SessionSignal> session, session_signal(request.user_id));
  if (session) {
    context.recent_interactions = &session->interactions;
    if (session->changes_model) context.user_signal = &session->user;
  }
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<RecommendedItem> items, recommend(*solution_, request, context));
  return recommendations_to_json(*solution_, items, ids_.next(), metadata);
}

const InterleavedItemFactors* Runtime::State::interleaved_factors() {
  std::call_once(interleaved_once_, [this] {
    const fb::FactorModel* model = solution_->root().factors();
    if (model == nullptr || !multi_user_scoring_available(*model)) return;
    interleaved_ = std::make_unique<const InterleavedItemFactors>(
        reinterpret_cast<const int8_t*>(model->item_factors_i8()->data()), model->item_scales()->data(),
        solution_->items().size(), model->dimensions());
  });
  return interleaved_.get();
}

std::vector<Result<std::string>> Runtime::get_recommendations_json_many(const std::vector<std::string_view>& requests) {
  const Solution& solution = *state_->solution_;
  // A request is scored with the batch when its logits are the stored signal's: a known user of a
  // User-Personalization model with factors, no live session, no exploration. The rest (and
  // every error) take get_recommendations_json's own path.
  const bool batchable = caches_normalizers(solution) && exploration() == nullptr;
  struct Batched {
    size_t slot;
    RecommendRequest request;
    UserSignal signal;
  };
  std::vector<std::optional<Result<std::string>>> answers(requests.size());
  std::vector<Batched> batched;
  for (size_t r = 0; r < requests.size(); ++r) {
    Result<RecommendRequest> request = parse_recommend_request(requests[r]);
    if (!request.ok()) {
      answers[r] = request.status();
      continue;
    }
    if (batchable && request->user_id && !request->item_id) {
      const std::optional<uint32_t> user = solution.users().find(*request->user_id);
      Result<std::shared_ptr<const SessionSignal>> session = state_->session_signal(request->user_id);
      if (user && session.ok() && *session == nullptr) {
        UserSignal signal = stored_user_signal(solution, user);
        if (signal.factors != nullptr) {
          batched.push_back({r, std::move(request).value(), std::move(signal)});
          continue;
        }
      }
    }
    answers[r] = state_->recommendations_json(*request, nullptr);
  }
  // kMultiUserBlock users at a time: their logits (a catalog's worth each) are all that is held.
  const InterleavedItemFactors* interleaved = batched.empty() ? nullptr : state_->interleaved_factors();
  std::vector<float> logits[kMultiUserBlock];
  for (size_t begin = 0; begin < batched.size(); begin += kMultiUserBlock) {
    const size_t n = std::min(kMultiUserBlock, batched.size() - begin);
    const UserSignal* signals[kMultiUserBlock];
    std::vector<float>* outputs[kMultiUserBlock];
    for (size_t u = 0; u < n; ++u) {
      signals[u] = &batched[begin + u].signal;
      outputs[u] = &logits[u];
    }
    personalized_logits_for_users(solution, signals, n, outputs, interleaved);
    for (size_t u = 0; u < n; ++u) {
      answers[batched[begin + u].slot] = state_->recommendations_json(batched[begin + u].request, &logits[u]);
    }
  }
  std::vector<Result<std::string>> out;
  out.reserve(answers.size());
  for (std::optional<Result<std::string>>& answer : answers) out.push_back(std::move(*answer));
  return out;
}

Result<std::string> Runtime::get_user_segment_json(std::string_view request_json) const {
  return user_segment_json(*state_->solution_, request_json);
}

Result<std::string> Runtime::get_personalized_ranking_json(std::string_view request_json) {
  EDGEREC_ASSIGN_OR_RETURN(const RankRequest request, parse_rank_request(request_json));
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<ColumnView> metadata, resolve_item_metadata(*state_->solution_, request.metadata));
  std::shared_ptr<const FilterExpression> filter;
  if (request.filter.expression) {
    EDGEREC_ASSIGN_OR_RETURN(filter, state_->filters_.get(*request.filter.expression));
  }
  RequestContext context;
  context.filter = filter.get();
  EDGEREC_ASSIGN_OR_RETURN(const std::shared_ptr<const SessionSignal> session,
                           state_->session_signal(std::optional<std::string>(request.user_id)));
  if (session) {
    context.recent_interactions = &session->interactions;
    if (session->changes_model) context.user_signal = &session->user;
  }
  EDGEREC_ASSIGN_OR_RETURN(const std::vector<RankedItem> items, rank(*state_->solution_, request, context));
  return ranking_to_json(items, state_->ids_.next(), metadata);
}

}  // namespace edgerec
