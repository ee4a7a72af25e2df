// Fold-in of one user's events against fixed item factors (see fold_in.h).
#include "scoring/fold_in.h"

#include "edgerec/event_order.h"

#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unordered_map>

#include "edgerec/als_solver.h"
#include "edgerec/json.h"
#include "edgerec/solution_generated.h"

namespace edgerec {
namespace {

/// The metadata hyperparameter `key` as a number, or `fallback` if absent or not a number.
float hyperparameter(const fb::Solution& solution, std::string_view key, float fallback) {
  const auto* entries = solution.metadata()->hyperparameters();
  if (entries == nullptr) return fallback;
  for (const fb::KeyValue* kv : *entries) {
    if (kv->key()->string_view() != key || kv->value() == nullptr) continue;
    const std::string text(kv->value()->string_view());
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    return end != text.c_str() && *end == '\0' ? static_cast<float>(v) : fallback;
  }
  return fallback;
}

Status check_setting(float value, const char* name) {
  if (!std::isfinite(value)) return corrupt_data(std::string(name) + ": not a finite number");
  if (value < 0.0f) {
    return corrupt_data(std::string(name) + ": " + shortest_number_text(value) + " is negative; fold-in needs >= 0");
  }
  return Status::ok_status();
}

}  // namespace

Result<FoldInSettings> read_fold_in_settings(const fb::Solution& solution) {
  const fb::FactorModel* model = solution.factors();
  FoldInSettings s;
  if (model == nullptr) return s;
  // The trainer's defaults (user_personalization_hyperparameters) when the metadata lacks them.
  s.alpha = model->alpha();
  s.regularization = model->regularization();
  s.regularization_exponent = hyperparameter(solution, "regularization_exponent", 1.0f);
  s.unobserved_weight = hyperparameter(solution, "unobserved_weight", 0.1f);
  s.recency_boost = hyperparameter(solution, "recency_boost", 0.0f);
  s.recency_halflife = hyperparameter(solution, "recency_halflife", 10.0f);
  EDGEREC_RETURN_IF_ERROR(check_setting(s.alpha, "factors.alpha"));
  EDGEREC_RETURN_IF_ERROR(check_setting(s.regularization, "factors.regularization"));
  EDGEREC_RETURN_IF_ERROR(check_setting(s.regularization_exponent, "hyperparameters.regularization_exponent"));
  EDGEREC_RETURN_IF_ERROR(check_setting(s.unobserved_weight, "hyperparameters.unobserved_weight"));
  EDGEREC_RETURN_IF_ERROR(check_setting(s.recency_boost, "hyperparameters.recency_boost"));
  EDGEREC_RETURN_IF_ERROR(check_setting(s.recency_halflife, "hyperparameters.recency_halflife"));
  if (s.recency_halflife == 0.0f) return corrupt_data("hyperparameters.recency_halflife: 0 must be > 0");
  return s;
}

Result<std::unique_ptr<const FoldIn>> FoldIn::build(const Solution& solution) {
  const fb::FactorModel* model = solution.root().factors();
  if (model == nullptr || model->dimensions() == 0) {
    return failed_precondition("recipe " + std::string(solution.recipe()) + " has no factor model to fold events into");
  }
  std::unique_ptr<FoldIn> f(new FoldIn(solution));
  f->dimensions_ = model->dimensions();
  f->items_ = solution.items().size();
  EDGEREC_ASSIGN_OR_RETURN(f->settings_, read_fold_in_settings(solution.root()));
  const FoldInSettings& s = f->settings_;
  // The Gramian in blocks of rows (int8 rows dequantised a block at a time, so a quantised
  // catalog is never expanded whole), accumulated in double as the trainer does.
  const uint32_t k = f->dimensions_;
  constexpr uint32_t kBlock = 256;
  std::vector<double> gram(static_cast<size_t>(k) * k, 0.0);
  std::vector<float> block(static_cast<size_t>(kBlock) * k);
  for (uint32_t begin = 0; begin < f->items_; begin += kBlock) {
    const uint32_t n = std::min(kBlock, f->items_ - begin);
    for (uint32_t r = 0; r < n; ++r) f->item_row(begin + r, block.data() + static_cast<size_t>(r) * k);
    add_gramian(block.data(), n, k, k, gram.data());
  }
  f->gramian_.resize(gram.size());
  for (size_t i = 0; i < gram.size(); ++i) f->gramian_[i] = static_cast<float>(gram[i] * s.unobserved_weight);
  return std::unique_ptr<const FoldIn>(std::move(f));
}

void FoldIn::item_row(uint32_t item, float* out) const {
  const fb::FactorModel& model = *solution_.root().factors();
  const size_t k = dimensions_;
  if (model.item_encoding() == fb::FactorEncoding::INT8) {
    const int8_t* row = model.item_factors_i8()->data() + item * k;
    const float scale = model.item_scales()->Get(item);
    for (size_t d = 0; d < k; ++d) out[d] = static_cast<float>(row[d]) * scale;
  } else {
    const float* row = model.item_factors_f32()->data() + item * k;
    for (size_t d = 0; d < k; ++d) out[d] = row[d];
  }
}

Result<bool> FoldIn::solve(const std::vector<FoldInEvent>& events, std::vector<float>& x) const {
  x.clear();
  // Summed weight per item, in first-seen order (as the trainer's metrics build a row).
  std::unordered_map<uint32_t, size_t> slot;
  std::vector<uint32_t> items;
  std::vector<float> weights;
  std::vector<const FoldInEvent*> usable;
  bool timed = true;
  for (const FoldInEvent& e : events) {
    if (!(e.weight > 0.0f) || e.item >= items_) continue;
    usable.push_back(&e);
    timed = timed && e.time.has_value();
  }
  std::vector<int64_t> times(usable.size());
  for (size_t j = 0; j < usable.size(); ++j) times[j] = timed ? *usable[j]->time : static_cast<int64_t>(j);
  const std::vector<uint32_t> steps = steps_from_newest(times.data(), times.size());
  for (size_t j = 0; j < usable.size(); ++j) {
    const FoldInEvent& e = *usable[j];
    const float recency = settings_.recency_boost == 0.0f
                              ? 1.0f
                              : 1.0f + settings_.recency_boost * std::exp2(-static_cast<float>(steps[j]) /
                                                                          settings_.recency_halflife);
    const auto [it, inserted] = slot.emplace(e.item, items.size());
    if (inserted) {
      items.push_back(e.item);
      weights.push_back(0.0f);
    }
    weights[it->second] += e.weight * recency;
  }
  if (items.empty()) return false;
  // Only the observed rows are needed besides the Gramian: a compact copy indexed 0..n-1.
  const uint32_t k = dimensions_;
  const size_t n = items.size();
  std::vector<float> rows(n * k);
  std::vector<uint32_t> indices(n);
  std::vector<float> confidences(n);
  for (size_t j = 0; j < n; ++j) {
    item_row(items[j], rows.data() + j * k);
    indices[j] = static_cast<uint32_t>(j);
    confidences[j] = 1.0f + settings_.alpha * weights[j];
  }
  const AlsFixedSide fixed{rows.data(), static_cast<uint32_t>(n), k, k, gramian_.data(), settings_.unobserved_weight};
  AlsRow row;
  row.indices = indices.data();
  row.confidences = confidences.data();
  row.count = n;
  row.regularization = als_row_regularization(settings_.regularization, settings_.regularization_exponent, n,
                                              settings_.unobserved_weight, items_);
  AlsWorkspace workspace;
  std::vector<float> solved(k, 0.0f);
  EDGEREC_RETURN_IF_ERROR(solve_als_row_conjugate_gradient(fixed, row, kFoldInCgSteps, solved.data(), workspace));
  x = std::move(solved);
  return true;
}

}  // namespace edgerec
