// Scoring kernels for factor models: every catalog item against one user vector.
//
// Item factors are stored as float32 or as int8 with a per-item scale; both give
// score_i = <item_i, user> (+ item bias). The kernels are plain loops the compiler vectorises
// (SSE/AVX natively, simd128 in wasm), so every target computes the same sums in the same order.
#pragma once

#include <cstdint>

#include "edgerec/solution_generated.h"

namespace edgerec {

/// out[i] = <item_i, user> + bias_i for every catalog item (out holds items() floats).
void score_all_items(const fb::FactorModel& model, uint32_t items, const float* user, float* out);

/// <item, user> + bias for one catalog item.
float score_item(const fb::FactorModel& model, uint32_t item, const float* user);

/// The stored vector of known user `user`, or nullptr if the model carries no user factors
/// (an edge bundle).
const float* stored_user_vector(const fb::FactorModel& model, uint32_t user);

}  // namespace edgerec
