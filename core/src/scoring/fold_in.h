// Fold-in: a user's factor vector computed from that user's events against the model's fixed
// item factors — the iALS least-squares solve of one user row (als_solver.h), exactly as the
// trainer computes its metrics (native/train/user_personalization_metrics.cpp), so a folded-in
// vector is what training assumes a device would compute. It is how a live session personalizes
// a user the model has never seen, and how an edge bundle (no user vectors at all) personalizes
// anyone.
//
// The settings come from the solution: alpha and regularization from FactorModel,
// unobserved_weight and regularization_exponent from the metadata's hyperparameters (with the
// trainer's defaults, 0.1 and 1, when absent). Event weights come from the solution config the
// model was trained with (event_weighting.h).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "edgerec/solution.h"
#include "edgerec/status.h"

namespace edgerec {

/// One observation of the user: a catalog item and the weight of one event on it. Repeated
/// items have their weights summed, as the trainer sums a user's events into one matrix entry.
struct FoldInEvent {
  uint32_t item = 0;
  float weight = 1.0f;
  /// Epoch seconds. When every event has one, events sharing a timestamp are one step of the
  /// recency weighting (event_order.h); otherwise each event is its own step.
  std::optional<int64_t> time;
};

struct FoldInSettings {
  float alpha = 1.0f;                    ///< c = 1 + alpha * summed weight
  float regularization = 0.01f;          ///< lambda
  float regularization_exponent = 1.0f;  ///< see als_row_regularization
  float unobserved_weight = 0.1f;        ///< a0
  /// The trainer's recency weighting (RecencyWeighting in native/interactions/training_set.h): an event
  /// r steps back from the newest (event_order.h) counts 1 + recency_boost * 2^(-r / recency_halflife).
  float recency_boost = 0.0f;
  float recency_halflife = 10.0f;
};

/// The fold-in settings of a solution's factor model (the defaults without one). CorruptData
/// naming the value when one is unusable (not finite, negative, or a recency half-life of 0);
/// Solution::load refuses such a solution, so a loaded solution's settings are usable.
Result<FoldInSettings> read_fold_in_settings(const fb::Solution& solution);

/// Conjugate-gradient steps of a fold-in solve from zero: within about 1e-6 of the exact solve at
/// 64 factors and an order of magnitude cheaper than Cholesky, which matters in wasm.
inline constexpr uint32_t kFoldInCgSteps = 8;

/// Per loaded solution: the fold-in settings and the item Gramian (unobserved_weight * Y^T Y),
/// computed once (O(items k^2)) and shared by every solve. Immutable, so solves may run
/// concurrently.
class FoldIn {
 public:
  /// FailedPrecondition if the solution has no factor model (its settings were checked by
  /// Solution::load).
  static Result<std::unique_ptr<const FoldIn>> build(const Solution& solution);

  const FoldInSettings& settings() const { return settings_; }
  uint32_t dimensions() const { return dimensions_; }

  /// The user's vector from `events`, oldest first (items must be catalog indices; events with
  /// weight <= 0 are ignored). Returns false, leaving `x` empty, when no event is usable. Errors only for a
  /// singular system (regularization 0 with too few events).
  Result<bool> solve(const std::vector<FoldInEvent>& events, std::vector<float>& x) const;

 private:
  explicit FoldIn(const Solution& solution) : solution_(solution) {}
  /// Row `item` of the item factors as floats (int8 rows dequantised with their scale).
  void item_row(uint32_t item, float* out) const;

  const Solution& solution_;
  FoldInSettings settings_;
  uint32_t dimensions_ = 0;
  uint32_t items_ = 0;
  std::vector<float> gramian_;  // dimensions x dimensions, row-major
};

}  // namespace edgerec
