// Scoring every catalog item for several users at once: batch inference's pass over the catalog
// (Runtime::get_recommendations_json_many).
//
// A user's recommendations with scores need every item's logit (the softmax is over the whole
// catalog), so a batch job scores users x items in full. One user at a time, the int8 row kernel
// re-reads the item bytes and re-does their int16 extension and lane reductions per user; over
// the interleaved layout (interleaved_item_factors.h) up to kMultiUserBlock users share them.
// The arithmetic is factor_scoring.h's: the same FactorQuery quantisation, the exact int32 dot
// product, (float(dot) * user_scale) * item_scale, then + bias: every score has the bits
// score_all_items gives it, so a batch answer equals the single request's.
#pragma once

#include <cstddef>
#include <cstdint>

#include "edgerec/solution_generated.h"
#include "scoring/factor_scoring.h"
#include "scoring/interleaved_item_factors.h"

namespace edgerec {

/// The most users one kernel call scores together: one accumulator register per user.
constexpr size_t kMultiUserBlock = 8;

/// Whether batches over `model` are scored by the interleaved kernel on this CPU (int8 items and
/// AVX2): only then is an InterleavedItemFactors worth making.
bool multi_user_scoring_available(const fb::FactorModel& model);

/// out[u][i] = <item_i, users[u]> + bias_i for the first `items` catalog items, for `count`
/// users (each out[u] holds `items` floats): the bits score_all_items gives each user. With
/// `interleaved` (the model's int8 factors, multi_user_scoring_available), kMultiUserBlock users
/// at a time share each pass over it; without, each user is scored by score_all_items.
void score_all_items_for_users(const fb::FactorModel& model, uint32_t items, const float* const* users, size_t count,
                               float* const* out, const InterleavedItemFactors* interleaved);

/// The interleaved kernel itself, without biases: out[u][i] = (float(<item_i, queries[u]>) *
/// quantized_scale) * scale_i for every item of `interleaved`, `count` <= kMultiUserBlock users.
/// kAvx2 where the CPU has it, otherwise a portable reference of the same arithmetic (tests run
/// both on every CPU).
void score_interleaved_i8(const InterleavedItemFactors& interleaved, const FactorQuery* const* queries, size_t count,
                          float* const* out, ScoringKernel kernel);

}  // namespace edgerec
