// user-personalization and personalized-ranking trainers.
#include "train/user_personalization.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <thread>

#include "edgerec/event_order.h"
#include "edgerec/topk.h"
#include "eval/ranking_metrics.h"
#include "train/catalog.h"
#include "train/factor_quantization.h"
#include "train/hyperparameter_search.h"
#include "train/ials.h"
#include "train/metadata_similarity.h"
#include "train/popularity_count.h"
#include "train/progress.h"
#include "train/solution_writer.h"
#include "train/training_data.h"
#include "train/transitions.h"

namespace edgerec {
namespace {

// Events kept per user in the solution (Personalize's interaction filters see the 100 latest).
constexpr size_t kHistoryKept = 100;
// Validation users scored when tuning the blend: a sample keeps large data sets fast. Scoring a
// user costs O(items) per blend candidate, so the sample shrinks with the catalog (at least 1,000
// users; 3,000 up to 13,000 items).
constexpr size_t kMaxValidationUsers = 3000;
constexpr size_t kMinValidationUsers = 1000;
constexpr double kValidationScoringBudget = 40e6;  // users x items

size_t validation_user_cap(uint32_t items) {
  const double by_budget = kValidationScoringBudget / std::max<double>(1.0, static_cast<double>(items));
  return std::clamp<size_t>(static_cast<size_t>(by_budget), kMinValidationUsers, kMaxValidationUsers);
}
// The validation objective is NDCG@25, as for the auto recipe (Personalize's HPO objective).
constexpr size_t kObjectiveK = 25;


}  // namespace

IalsOptions ials_options(const TrainingInput& input) {
  IalsOptions o;
  o.factors = static_cast<uint32_t>(input.number("factors"));
  o.iterations = static_cast<uint32_t>(input.number("iterations"));
  o.regularization = static_cast<float>(input.number("regularization"));
  o.regularization_exponent = static_cast<float>(input.number("regularization_exponent"));
  o.alpha = static_cast<float>(input.number("alpha"));
  o.unobserved_weight = static_cast<float>(input.number("unobserved_weight"));
  o.cg_steps = static_cast<uint32_t>(input.number("cg_steps"));
  o.seed = static_cast<uint64_t>(input.number("seed"));
  o.threads = input.threads;
  return o;
}

ConfidenceWeighting confidence_weighting(const TrainingInput& input) {
  ConfidenceWeighting c;
  c.recency.boost = static_cast<float>(input.number("recency_boost"));
  c.recency.halflife = static_cast<float>(input.number("recency_halflife"));
  c.by_value = input.number("event_value_weighting") == 1.0;
  return c;
}

TransitionOptions transition_options(const TrainingInput& input) {
  TransitionOptions o;
  o.window = static_cast<uint32_t>(input.number("transition_window"));
  o.popularity_discount = static_cast<float>(input.number("transition_popularity_discount"));
  o.max_successors = static_cast<uint32_t>(input.number("transition_successors"));
  o.backward_weight = static_cast<float>(input.number("transition_backward_weight"));
  o.tie_weight = static_cast<float>(input.number("transition_tie_weight"));
  o.lag_decay = static_cast<float>(input.number("transition_lag_decay"));
  return o;
}

void sequence_scores(const TransitionTable& t, const TrainingSet& set, uint32_t user, uint32_t history_length,
                     float decay, std::vector<float>& out) {
  std::fill(out.begin(), out.end(), 0.0f);
  // As the core serves it (personalized_scoring.cpp): tied events are one step and share its weight.
  const uint64_t begin = set.user_offsets[user];
  float w = 1.0f;
  for_each_step_from_newest(set.times.data() + begin, set.user_events(user), history_length,
                            [&](size_t first, size_t last, size_t) {
                              const float share = last - first == 1 ? w : w / static_cast<float>(last - first);
                              for (size_t m = last; m-- > first;) {
                                const uint32_t from = set.items_seq[begin + m];
                                for (uint32_t k = t.offsets[from]; k < t.offsets[from + 1]; ++k) {
                                  out[t.next[k]] += share * t.scores[k];
                                }
                              }
                              w *= decay;
                            });
}

namespace {

// Chooses the sequence weight and decay that maximise NDCG@k on the held-out newest events,
// with the user's training items excluded from the ranking. Negative fixed values are chosen.
BlendChoice tune_blend(const TemporalSplit& split, const IalsModel& model, const TransitionTable& transitions,
                       uint32_t history_length, double fixed_weight, double fixed_decay, size_t k_objective,
                       uint32_t threads) {
  const TrainingSet& train = split.train;
  std::vector<uint32_t> users;
  for (uint32_t u = 0; u < train.users; ++u) {
    if (!split.held_out[u].empty() && train.user_events(u) != 0) users.push_back(u);
  }
  const size_t cap = validation_user_cap(train.items);
  if (users.size() > cap) {
    // A fixed stride keeps the sample deterministic and spread over the whole id range.
    std::vector<uint32_t> sample;
    const double stride = static_cast<double>(users.size()) / static_cast<double>(cap);
    for (size_t s = 0; s < cap; ++s) sample.push_back(users[static_cast<size_t>(static_cast<double>(s) * stride)]);
    users.swap(sample);
  }
  std::vector<float> decays = {0.3f, 0.6f, 0.9f};
  if (fixed_decay >= 0.0) decays = {static_cast<float>(fixed_decay)};
  std::vector<float> weights = {0.0f};
  if (fixed_weight >= 0.0) {
    weights = {static_cast<float>(fixed_weight)};
  } else {
    for (float w = 0.01f; w < 2000.0f; w *= 2.0f) weights.push_back(w);
  }
  const uint32_t k = model.factors;
  const uint32_t items = train.items;
  using Sums = std::vector<std::vector<double>>;
  // Users are dealt to threads in a fixed interleaving and each thread's sums are added in thread
  // order, so the choice depends only on the data and the thread count.
  const uint32_t workers = std::max(1u, std::min<uint32_t>(threads != 0 ? threads : std::thread::hardware_concurrency(),
                                                           static_cast<uint32_t>(std::max<size_t>(1, users.size()))));
  std::vector<Sums> partial(workers, Sums(decays.size(), std::vector<double>(weights.size(), 0.0)));
  auto work = [&](uint32_t worker) {
    Sums& ndcg_sum = partial[worker];
    std::vector<float> factor_logits(items);
    std::vector<float> seq(items);
    std::vector<float> combined(items);
    std::vector<bool> seen(items, false);
    std::vector<uint32_t> ranking;
    for (size_t j = worker; j < users.size(); j += workers) {
      const uint32_t u = users[j];
      const float* x = model.user_factors.data() + static_cast<size_t>(u) * k;
      for (uint32_t i = 0; i < items; ++i) {
        const float* y = model.item_factors.data() + static_cast<size_t>(i) * k;
        float s = 0.0f;
        for (uint32_t f = 0; f < k; ++f) s += x[f] * y[f];
        factor_logits[i] = s;
      }
      for (uint64_t e = train.user_offsets[u]; e < train.user_offsets[u + 1]; ++e) seen[train.items_seq[e]] = true;
      for (size_t d = 0; d < decays.size(); ++d) {
        sequence_scores(transitions, train, u, history_length, decays[d], seq);
        for (size_t w = 0; w < weights.size(); ++w) {
          for (uint32_t i = 0; i < items; ++i) {
            combined[i] = seen[i] ? -std::numeric_limits<float>::infinity() : factor_logits[i] + weights[w] * seq[i];
          }
          ranking.clear();
          for (const ScoredItem& s : top_k(combined.data(), items, std::max<size_t>(k_objective, 10))) {
            ranking.push_back(s.index);
          }
          ndcg_sum[d][w] += ndcg_at(ranking, split.held_out[u], k_objective);
        }
      }
      for (uint64_t e = train.user_offsets[u]; e < train.user_offsets[u + 1]; ++e) seen[train.items_seq[e]] = false;
    }
  };
  std::vector<std::thread> pool;
  for (uint32_t t = 1; t < workers; ++t) pool.emplace_back(work, t);
  work(0);
  for (std::thread& t : pool) t.join();
  Sums ndcg_sum(decays.size(), std::vector<double>(weights.size(), 0.0));
  for (const Sums& p : partial) {
    for (size_t d = 0; d < decays.size(); ++d) {
      for (size_t w = 0; w < weights.size(); ++w) ndcg_sum[d][w] += p[d][w];
    }
  }
  BlendChoice best;
  best.k = k_objective;
  best.validation_ndcg = -1.0;
  const double n = std::max<double>(1.0, static_cast<double>(users.size()));
  for (size_t d = 0; d < decays.size(); ++d) {
    for (size_t w = 0; w < weights.size(); ++w) {
      const double ndcg = ndcg_sum[d][w] / n;
      if (weights[w] == 0.0f && d == 0) best.factors_only_ndcg = ndcg;
      if (ndcg > best.validation_ndcg + 1e-12) {
        best.validation_ndcg = ndcg;
        best.weight = weights[w];
        best.decay = decays[d];
      }
    }
  }
  return best;
}

// Items only the metadata knows get the similarity-weighted mean of the vectors of the warm items
// most like them, so they can be recommended (and explored) before anyone interacts with them.
// Returns how many got a vector.
size_t fill_cold_item_factors(const Catalog& catalog, const ItemMetadataTable* metadata, uint32_t k,
                              const SortedIds& items, std::vector<float>& item_factors) {
  if (metadata == nullptr || catalog.ids.size() == catalog.interaction_items) return 0;
  std::vector<bool> warm_row(metadata->item_ids.size(), false);
  std::vector<uint32_t> item_of_row(metadata->item_ids.size(), 0);
  std::vector<uint32_t> queries;
  for (uint32_t i = 0; i < catalog.ids.size(); ++i) {
    if (catalog.metadata_row[i] < 0) continue;
    const auto row = static_cast<uint32_t>(catalog.metadata_row[i]);
    item_of_row[row] = i;
    if (i < catalog.interaction_items) warm_row[row] = true;
    else queries.push_back(row);
  }
  const std::vector<Neighbours> neighbours = metadata_neighbours(*metadata, queries, warm_row, 20);
  size_t filled = 0;
  for (size_t q = 0; q < queries.size(); ++q) {
    if (neighbours[q].empty()) continue;
    float* target = item_factors.data() + static_cast<size_t>(items.position[item_of_row[queries[q]]]) * k;
    float total = 0.0f;
    for (const auto& [row, similarity] : neighbours[q]) {
      const float* source = item_factors.data() + static_cast<size_t>(items.position[item_of_row[row]]) * k;
      for (uint32_t f = 0; f < k; ++f) target[f] += similarity * source[f];
      total += similarity;
    }
    for (uint32_t f = 0; f < k; ++f) target[f] /= total;
    ++filled;
  }
  return filled;
}

// CREATION_TIMESTAMP per catalog item (in dictionary order) when the metadata has it.
std::vector<int64_t> creation_timestamps(const Catalog& catalog, const ItemMetadataTable* metadata) {
  if (metadata == nullptr) return {};
  std::vector<int64_t> out(catalog.ids.size(), kUnknownCreationTime);
  for (size_t i = 0; i < catalog.ids.size(); ++i) {
    if (catalog.metadata_row[i] >= 0) out[i] = metadata->creation_timestamps[static_cast<size_t>(catalog.metadata_row[i])];
  }
  return out;
}


}  // namespace

Result<IalsModel> fit_validation_model(const TemporalSplit& split, const TrainingInput& input) {
  EDGEREC_ASSIGN_OR_RETURN(const CsrMatrix matrix, user_item_matrix(split.train, confidence_weighting(input)));
  const IalsOptions options = ials_options(input);
  Progress progress("iALS (validation fit)", options.iterations, "iterations", !input.show_progress);
  return train_ials(matrix, options, [&](uint32_t i, double) { progress.update(i + 1); });
}

BlendChoice validate_sequence_part(const TemporalSplit& split, const IalsModel& model, const TrainingInput& input,
                                   size_t k_objective) {
  const TransitionTable transitions = build_transitions(split.train, transition_options(input));
  return tune_blend(split, model, transitions, static_cast<uint32_t>(input.number("history_length")),
                    input.number("sequence_weight"), input.number("sequence_decay"), k_objective, input.threads);
}

Result<BlendChoice> validate_blend(const TemporalSplit& split, const TrainingInput& input, size_t k_objective) {
  EDGEREC_ASSIGN_OR_RETURN(const IalsModel model, fit_validation_model(split, input));
  return validate_sequence_part(split, model, input, k_objective);
}

Result<std::vector<uint8_t>> write_user_personalization_solution(const TrainingInput& input, fb::RecipeType type,
                                                                const std::string& recipe, const TrainingSet& set,
                                                                const IalsModel& model,
                                                                const TransitionTable& transitions,
                                                                const BlendChoice& blend, uint32_t history_length,
                                                                double seconds, fb::TrainingMode mode) {
  const InteractionsTable& data = *input.interactions;
  const Catalog catalog = build_catalog(data, input.items);
  const SortedIds items = sort_ids(catalog.ids);
  const SortedIds users = sort_ids(data.user_ids);
  const uint32_t k = model.factors;
  const uint32_t n_items = static_cast<uint32_t>(catalog.ids.size());
  const uint32_t n_users = set.users;

  std::vector<float> item_factors(static_cast<size_t>(n_items) * k, 0.0f);
  for (uint32_t i = 0; i < set.items; ++i) {
    std::copy_n(model.item_factors.begin() + static_cast<std::ptrdiff_t>(i) * k, k,
                item_factors.begin() + static_cast<std::ptrdiff_t>(items.position[i]) * k);
  }
  const size_t cold_with_vectors = fill_cold_item_factors(catalog, input.items, k, items, item_factors);
  std::vector<float> user_factors(static_cast<size_t>(n_users) * k);
  for (uint32_t u = 0; u < n_users; ++u) {
    std::copy_n(model.user_factors.begin() + static_cast<std::ptrdiff_t>(u) * k, k,
                user_factors.begin() + static_cast<std::ptrdiff_t>(users.position[u]) * k);
  }
  // Transitions re-indexed to catalog order.
  std::vector<uint32_t> t_offsets = {0};
  std::vector<uint32_t> t_next;
  std::vector<float> t_scores;
  for (uint32_t c = 0; c < n_items; ++c) {
    const uint32_t i = items.index[c];
    for (uint32_t e = i < set.items ? transitions.offsets[i] : 0; i < set.items && e < transitions.offsets[i + 1]; ++e) {
      t_next.push_back(items.position[transitions.next[e]]);
      t_scores.push_back(transitions.scores[e]);
    }
    t_offsets.push_back(static_cast<uint32_t>(t_next.size()));
  }
  // The latest events of each user, in user index order.
  std::vector<uint32_t> h_offsets = {0};
  std::vector<uint32_t> h_items;
  std::vector<int64_t> h_times;
  std::vector<uint8_t> h_types;
  std::vector<float> h_weights;  // only when EVENT_VALUEs weigh: fold-in cannot recompute them
  const bool keep_types = !set.event_types.empty() && data.event_types.size() <= 255;
  ConfidenceWeighting by_value;
  by_value.by_value = confidence_weighting(input).by_value;
  for (uint32_t c = 0; c < n_users; ++c) {
    const uint32_t u = users.index[c];
    const uint64_t end = set.user_offsets[u + 1];
    const uint64_t begin = std::max<uint64_t>(set.user_offsets[u], end - std::min<uint64_t>(end, kHistoryKept));
    for (uint64_t e = std::max(begin, set.user_offsets[u]); e < end; ++e) {
      h_items.push_back(items.position[set.items_seq[e]]);
      h_times.push_back(set.times[e]);
      if (keep_types) h_types.push_back(static_cast<uint8_t>(set.event_types[e]));
      if (by_value.by_value) h_weights.push_back(by_value.weight(set, e, 0));
    }
    h_offsets.push_back(static_cast<uint32_t>(h_items.size()));
  }
  SolutionDescription description = input.describe(recipe, type, set);
  description.items = n_items;
  if (input.items != nullptr) description.metrics["cold_items_with_metadata_vectors"] = static_cast<double>(cold_with_vectors);
  description.hyperparameters["sequence_weight"] = format_hyperparameter(blend.weight);
  description.hyperparameters["sequence_decay"] = format_hyperparameter(blend.decay);
  description.training_seconds = seconds;
  description.training_mode = mode;
  if (blend.k != 0) {
    const std::string name = "validation_ndcg_at_" + std::to_string(blend.k);
    description.metrics[name] = blend.validation_ndcg;
    description.metrics[name + "_factors_only"] = blend.factors_only_ndcg;
  }

  flatbuffers::FlatBufferBuilder fbb(1 << 20);
  const auto metadata = build_metadata(fbb, description);
  const auto catalog_table = build_item_catalog(fbb, items, creation_timestamps(catalog, input.items), input.items);
  const auto user_index = build_user_index(fbb, users, input.users);
  const auto popularity = build_popularity_model(fbb, set, items, n_items);
  EDGEREC_ASSIGN_OR_RETURN(const auto recent, input.recent_interactions(fbb, set, items, users));
  // Item factors as int8 with per-item scales unless item_factor_encoding=0 (factor_quantization.h):
  // a quarter of the size and the core's fastest kernels. User factors stay float32.
  const bool int8_items = input.hyperparameters.count("item_factor_encoding") == 0 ||
                          input.number("item_factor_encoding") != 0.0;
  const QuantizedRows quantized = int8_items ? quantize_rows_int8(item_factors.data(), n_items, k) : QuantizedRows{};
  const auto item_vec = int8_items ? 0 : fbb.CreateVector(item_factors);
  const auto item_i8 = int8_items ? fbb.CreateVector(quantized.values) : 0;
  const auto item_scales = int8_items ? fbb.CreateVector(quantized.scales) : 0;
  const auto user_vec = fbb.CreateVector(user_factors);
  fb::FactorModelBuilder factors(fbb);
  factors.add_dimensions(k);
  factors.add_item_encoding(int8_items ? fb::FactorEncoding::INT8 : fb::FactorEncoding::FLOAT32);
  if (int8_items) {
    factors.add_item_factors_i8(item_i8);
    factors.add_item_scales(item_scales);
  } else {
    factors.add_item_factors_f32(item_vec);
  }
  factors.add_user_factors(user_vec);
  factors.add_regularization(static_cast<float>(input.number("regularization")));
  factors.add_alpha(static_cast<float>(input.number("alpha")));
  const auto factor_model = factors.Finish();
  const auto sequence = fb::CreateSequenceModel(fbb, fbb.CreateVector(t_offsets), fbb.CreateVector(t_next),
                                                fbb.CreateVector(t_scores), history_length, blend.decay, blend.weight);
  std::vector<flatbuffers::Offset<flatbuffers::String>> type_names;
  if (keep_types) {
    for (const std::string& t : data.event_types) type_names.push_back(fbb.CreateString(t));
  }
  const auto histories = fb::CreateUserHistories(fbb, fbb.CreateVector(h_offsets), fbb.CreateVector(h_items),
                                                  fbb.CreateVector(h_times), fbb.CreateVector(h_types),
                                                  fbb.CreateVector(type_names), fbb.CreateVector(h_weights));
  fb::SolutionBuilder root(fbb);
  root.add_metadata(metadata);
  root.add_items(catalog_table);
  root.add_users(user_index);
  root.add_popularity(popularity);
  root.add_factors(factor_model);
  root.add_histories(histories);
  root.add_sequence(sequence);
  root.add_recent_interactions(recent);
  fb::FinishSolutionBuffer(fbb, root.Finish());
  return seal_solution(fbb.GetBufferPointer(), fbb.GetSize());
}

namespace {

Result<std::vector<uint8_t>> train_factor_recipe(const TrainingInput& given, fb::RecipeType type,
                                                 const std::string& recipe) {
  EDGEREC_ASSIGN_OR_RETURN(const TrainingSet set, given.training_set());
  TrainingInput input = given;
  SearchOptions search;
  fit_search_to_data(set, search, input);

  // 1. Validation: fit on all but each user's newest events; search the settings the user did not
  //    fix and choose the blend on those events (unless everything is given).
  BlendChoice blend;
  blend.weight = static_cast<float>(input.number("sequence_weight"));
  blend.decay = static_cast<float>(input.number("sequence_decay"));
  search.recipe = recipe;
  search.trials = static_cast<size_t>(input.number("hpo_trials"));
  search.time_budget_seconds = input.number("hpo_time_budget_seconds");
  search.seed = static_cast<uint64_t>(input.number("seed"));
  search.k_objective = kObjectiveK;
  search.fixed = input.explicit_hyperparameters;
  // Personalize's HPO tunes the model's size (hidden_dimension) too; the given value is the
  // default's stand-in unless --hp fixes it.
  search.search_factors = true;
  const bool searching = search.trials > 1 && !searched_hyperparameters(search).empty();
  TrainingInput final_input = input;
  if (searching) {
    const TemporalSplit split = split_newest(set, input.number("validation_fraction"));
    Progress trials_progress("hyperparameter search", planned_search_fits(search), "fits", !input.show_progress);
    search.on_trial = [&](size_t done, size_t) { trials_progress.update(done); };
    EDGEREC_ASSIGN_OR_RETURN(SearchOutcome outcome, search_user_personalization(split, input, search));
    final_input.hyperparameters = outcome.best_hyperparameters;
    final_input.trials = std::move(outcome.trials);
    blend = outcome.best_blend;
  } else if (blend.weight < 0.0f || blend.decay < 0.0f) {
    const TemporalSplit split = split_newest(set, input.number("validation_fraction"));
    EDGEREC_ASSIGN_OR_RETURN(blend, validate_blend(split, input, kObjectiveK));
  }
  const IalsOptions ials = ials_options(final_input);
  const uint32_t history_length = static_cast<uint32_t>(final_input.number("history_length"));
  const TransitionOptions transition = transition_options(final_input);

  // 2. The served model: everything refit on all the data.
  EDGEREC_ASSIGN_OR_RETURN(const CsrMatrix matrix, user_item_matrix(set, confidence_weighting(final_input)));
  Progress progress("iALS", ials.iterations, "iterations", !input.show_progress);
  EDGEREC_ASSIGN_OR_RETURN(const IalsModel model,
                           train_ials(matrix, ials, [&](uint32_t i, double) { progress.update(i + 1); }));
  const TransitionTable transitions = build_transitions(set, transition);
  // 3. Personalize's metrics: the same settings refitted on 90% of the users.
  EDGEREC_ASSIGN_OR_RETURN(final_input.metrics,
                           user_personalization_metrics(set, final_input, blend,
                                                        build_catalog(*input.interactions, input.items).ids.size()));
  const double seconds = input.elapsed_seconds();
  return write_user_personalization_solution(final_input, type, recipe, set, model, transitions, blend,
                                             history_length, seconds, fb::TrainingMode::FULL);
}

}  // namespace

void fit_search_to_data(const TrainingSet& set, SearchOptions& search, TrainingInput& input) {
  search.search_value_weighting =
      std::any_of(set.values.begin(), set.values.end(), [](float v) { return std::isfinite(v); });
  if (ordered_fraction(set) > 0.0) return;
  // No two events of any user are ordered: there is nothing for the sequence part to learn, and
  // whatever it found would be the file's order. Off, unless the user fixed it.
  search.search_sequence = false;
  if (input.explicit_hyperparameters.count("sequence_weight") == 0) input.hyperparameters["sequence_weight"] = "0";
}

std::vector<HyperparameterSpec> user_personalization_hyperparameters() {
  return {
      {"factors", "64", 1, 1024, "latent dimensions of the collaborative model"},
      {"iterations", "15", 1, 200, "iALS iterations"},
      {"regularization", "0.01", 0, 1000, "iALS L2 regularisation (lambda)"},
      {"regularization_exponent", "1", 0, 1, "frequency scaling of the regularisation (Rendle et al. 2021)"},
      {"alpha", "1", 0, 1000, "iALS confidence slope: c = 1 + alpha * weight"},
      {"unobserved_weight", "0.1", 0, 100, "weight of unobserved user-item pairs (iALS alpha0)"},
      {"cg_steps", "3", 1, 50, "conjugate-gradient steps per row solve"},
      {"seed", "1", 0, 4294967295.0, "random seed of the initial factors"},
      {"transition_window", "3", 1, 20, "events ahead counted as transitions"},
      {"transition_popularity_discount", "0.5", 0, 1, "popularity discount of transition targets"},
      {"transition_successors", "100", 1, 10000, "successors kept per item"},
      {"recency_boost", "0", 0, 100, "extra weight of a user's latest events in the collaborative model (0: none)"},
      {"recency_halflife", "10", 0.1, 10000, "steps back from the newest event at which the recency boost halves"},
      {"event_value_weighting", "0", 0, 1,
       "1: weight each event by its EVENT_VALUE, 1 + log(1 + value) (counts as confidence); 0: not; searched when "
       "the data has values"},
      {"transition_lag_decay", "0.5", 0, 1, "weight of the event d steps away: transition_lag_decay^(d-1)"},
      {"transition_tie_weight", "0", 0, 1,
       "weight of events sharing an item's timestamp as its transitions, both ways alike (0: ordered pairs only)"},
      {"transition_backward_weight", "0", 0, 1,
       "weight of the events before an item relative to those after it (order matters less)"},
      {"history_length", "10", 1, 100, "latest events the sequence part reads"},
      {"sequence_weight", "-1", -1, 100000, "weight of the sequence part; -1 chooses it on validation"},
      {"sequence_decay", "-1", -1, 1, "weight decay per older event in the sequence part; -1 chooses it"},
      {"validation_fraction", "0.1", 0.01, 0.5, "newest share of each user's events held out for validation"},
      {"item_factor_encoding", "1", 0, 1, "item factors stored as int8 with per-item scales (1) or float32 (0)"},
      {"hpo_trials", "12", 1, 100,
       "configurations tried on validation for the settings not given with --hp (1: use the defaults)"},
      {"hpo_time_budget_seconds", "900", 0, 86400, "no new configuration is tried after this (0: no limit)"},
  };
}

Result<std::vector<uint8_t>> train_user_personalization(const TrainingInput& input) {
  return train_factor_recipe(input, fb::RecipeType::USER_PERSONALIZATION, "user-personalization");
}

Result<std::vector<uint8_t>> train_personalized_ranking(const TrainingInput& input) {
  return train_factor_recipe(input, fb::RecipeType::PERSONALIZED_RANKING, "personalized-ranking");
}

}  // namespace edgerec
