// Training mode UPDATE.
#include "train/update_mode.h"

#include <algorithm>
#include <thread>

#include "edgerec/als_solver.h"
#include "edgerec/solution_generated.h"
#include "train/catalog.h"
#include "train/training_data.h"
#include "train/user_personalization.h"

namespace edgerec {
namespace {

// CG steps per row: new rows start from zero, so more than a warm-started training step.
constexpr uint32_t kUpdateCgSteps = 8;

std::string setting(const Solution& base, const std::string& key, const std::string& fallback) {
  const auto* hp = base.root().metadata()->hyperparameters();
  if (hp == nullptr) return fallback;
  for (const fb::KeyValue* kv : *hp) {
    if (kv->key()->str() == key && kv->value() != nullptr) return kv->value()->str();
  }
  return fallback;
}

// Solves rows [0, rows) of `solved` (row-major, k per row) against the fixed side, in parallel
// over a fixed interleaving of rows (each row alone, so the result does not depend on threads).
Status solve_side(const CsrMatrix& observations, const std::vector<float>& fixed, uint32_t k, float lambda,
                  float exponent, float alpha, float unobserved, uint32_t threads, std::vector<float>& solved) {
  const uint32_t fixed_rows = observations.cols;
  std::vector<double> gram(static_cast<size_t>(k) * k, 0.0);
  add_gramian(fixed.data(), fixed_rows, k, k, gram.data());
  std::vector<float> gramian(gram.size());
  for (size_t i = 0; i < gram.size(); ++i) gramian[i] = static_cast<float>(gram[i] * unobserved);
  const AlsFixedSide side{fixed.data(), fixed_rows, k, k, gramian.data(), unobserved};
  AlsSolveOptions options;
  options.cg_steps = kUpdateCgSteps;
  std::vector<Status> failures(threads);
  auto work = [&](uint32_t t) {
    AlsWorkspace workspace;
    std::vector<float> confidence;
    for (uint32_t r = t; r < observations.rows; r += threads) {
      const size_t n = observations.row_size(r);
      const uint64_t begin = observations.offsets[r];
      confidence.resize(n);
      for (size_t j = 0; j < n; ++j) confidence[j] = 1.0f + alpha * observations.values[begin + j];
      const AlsRow row{observations.indices.data() + begin, confidence.data(), n,
                       als_row_regularization(lambda, exponent, n, unobserved, fixed_rows)};
      Status s = solve_als_row(side, row, options, solved.data() + static_cast<size_t>(r) * k, workspace);
      if (!s.ok()) {
        failures[t] = s;
        return;
      }
    }
  };
  std::vector<std::thread> pool;
  for (uint32_t t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (std::thread& t : pool) t.join();
  for (const Status& s : failures) EDGEREC_RETURN_IF_ERROR(s);
  return Status::ok_status();
}

// The base's settings for the hyperparameters that shape the model, so the refreshed model stays
// comparable with it.
TrainingInput with_base_settings(const TrainingInput& input, const Solution& base) {
  TrainingInput resolved = input;
  for (const char* key : {"regularization", "regularization_exponent", "alpha", "unobserved_weight",
                          "transition_window", "transition_popularity_discount", "transition_successors",
                          "transition_backward_weight", "transition_tie_weight", "transition_lag_decay", "recency_boost", "recency_halflife",
                          "history_length", "factors", "event_value_weighting"}) {
    resolved.hyperparameters[key] = setting(base, key, resolved.hyperparameters.count(key) ? resolved.hyperparameters[key] : "0");
  }
  return resolved;
}

struct RefreshedFactors {
  IalsModel model;
  size_t known_items = 0;
  size_t known_users = 0;
};

// The UPDATE step on `set` (built from `data`): the base vectors of known items and users (zeros
// for new ones) as the starting point, then every user solved against the items, then every item
// against the users.
Result<RefreshedFactors> refresh_factors(const Solution& base, const InteractionsTable& data, const TrainingSet& set,
                                         const TrainingInput& resolved) {
  const fb::FactorModel* factors = base.root().factors();
  const uint32_t k = factors->dimensions();
  RefreshedFactors out;
  IalsModel& model = out.model;
  model.factors = k;
  model.users = set.users;
  model.items = set.items;
  model.item_factors.assign(static_cast<size_t>(set.items) * k, 0.0f);
  model.user_factors.assign(static_cast<size_t>(set.users) * k, 0.0f);
  for (uint32_t i = 0; i < set.items; ++i) {
    const auto at = base.items().find(data.item_ids[i]);
    if (!at) continue;
    ++out.known_items;
    float* row = model.item_factors.data() + static_cast<size_t>(i) * k;
    const size_t first = static_cast<size_t>(*at) * k;
    if (factors->item_encoding() == fb::FactorEncoding::INT8) {
      const float scale = factors->item_scales()->Get(*at);
      for (uint32_t f = 0; f < k; ++f) row[f] = static_cast<float>(factors->item_factors_i8()->Get(static_cast<uint32_t>(first + f))) * scale;
    } else {
      std::copy_n(factors->item_factors_f32()->data() + first, k, row);
    }
  }
  for (uint32_t u = 0; u < set.users; ++u) {
    const auto at = base.users().find(data.user_ids[u]);
    if (!at) continue;
    ++out.known_users;
    std::copy_n(factors->user_factors()->data() + static_cast<size_t>(*at) * k, k,
                model.user_factors.data() + static_cast<size_t>(u) * k);
  }
  const float lambda = static_cast<float>(resolved.number("regularization"));
  const float exponent = static_cast<float>(resolved.number("regularization_exponent"));
  const float alpha = static_cast<float>(resolved.number("alpha"));
  const float unobserved = static_cast<float>(resolved.number("unobserved_weight"));
  const uint32_t threads = std::max(1u, resolved.threads != 0 ? resolved.threads : std::thread::hardware_concurrency());
  EDGEREC_ASSIGN_OR_RETURN(const CsrMatrix user_items, user_item_matrix(set, confidence_weighting(resolved)));
  const CsrMatrix item_users = user_items.transpose();
  EDGEREC_RETURN_IF_ERROR(solve_side(user_items, model.item_factors, k, lambda, exponent, alpha, unobserved, threads,
                                     model.user_factors));
  EDGEREC_RETURN_IF_ERROR(solve_side(item_users, model.user_factors, k, lambda, exponent, alpha, unobserved, threads,
                                     model.item_factors));
  return out;
}

}  // namespace

Result<std::vector<uint8_t>> train_update(const TrainingInput& input, const Solution& base) {
  const fb::Solution& root = base.root();
  const fb::RecipeType type = root.metadata()->recipe_type();
  if (type != fb::RecipeType::USER_PERSONALIZATION && type != fb::RecipeType::PERSONALIZED_RANKING) {
    return invalid_input("training mode UPDATE refreshes user-personalization and personalized-ranking solutions; "
                         "the base solution's recipe is " + std::string(base.recipe()));
  }
  const fb::FactorModel* factors = root.factors();
  if (factors == nullptr || factors->user_factors() == nullptr || factors->user_factors()->size() == 0) {
    return invalid_input("the base solution has no user factors (an edge bundle?): UPDATE needs the full solution");
  }
  const InteractionsTable& data = *input.interactions;
  EDGEREC_ASSIGN_OR_RETURN(const TrainingSet set, input.training_set());
  TrainingInput resolved = with_base_settings(input, base);
  EDGEREC_ASSIGN_OR_RETURN(const RefreshedFactors refreshed, refresh_factors(base, data, set, resolved));

  const TransitionTable transitions = build_transitions(set, transition_options(resolved));
  BlendChoice blend;
  if (const fb::SequenceModel* sequence = root.sequence()) {
    blend.weight = sequence->weight();
    blend.decay = sequence->history_decay();
  }
  // Personalize's metrics of the refreshed model, measured the way it was made: the UPDATE step
  // from the base on 90% of the users, the test users folded in from their input.
  EDGEREC_ASSIGN_OR_RETURN(
      resolved.metrics,
      user_personalization_metrics(set, resolved, blend, build_catalog(data, input.items).ids.size(),
                                   [&](const TrainingSet& fit) -> Result<IalsModel> {
                                     EDGEREC_ASSIGN_OR_RETURN(RefreshedFactors r,
                                                              refresh_factors(base, data, fit, resolved));
                                     return std::move(r.model);
                                   }));
  resolved.solution_config["trainingMode"] = "UPDATE";
  resolved.solution_config["baseSolutionVersionId"] =
      root.metadata()->solution_version_id() != nullptr ? root.metadata()->solution_version_id()->str() : "";
  resolved.solution_config["newItems"] = std::to_string(set.items - refreshed.known_items);
  resolved.solution_config["newUsers"] = std::to_string(set.users - refreshed.known_users);
  return write_user_personalization_solution(resolved, type, std::string(base.recipe()), set, refreshed.model,
                                             transitions, blend, static_cast<uint32_t>(resolved.number("history_length")),
                                             input.elapsed_seconds(), fb::TrainingMode::UPDATE);
}

}  // namespace edgerec
