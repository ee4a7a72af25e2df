// Personalized scoring: factor scores for the user's vector plus transitions from recent events.
#include "scoring/personalized_scoring.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "edgerec/event_order.h"
#include "scoring/factor_scoring.h"
#include "edgerec/solution_generated.h"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace edgerec {

UserSignal stored_user_signal(const Solution& solution, std::optional<uint32_t> user) {
  UserSignal signal;
  if (!user) return signal;
  if (const fb::FactorModel* factors = solution.root().factors()) {
    signal.factors = stored_user_vector(*factors, *user);
  }
  if (const fb::UserHistories* h = solution.root().histories()) {
    const uint32_t begin = h->offsets()->Get(*user);
    const uint32_t end = h->offsets()->Get(*user + 1);
    const bool timed = h->timestamps() != nullptr && h->timestamps()->size() != 0;
    for (uint32_t e = begin; e < end; ++e) {
      signal.recent_items.push_back(h->items()->Get(e));
      if (timed) signal.recent_times.push_back(h->timestamps()->Get(e));
    }
  }
  return signal;
}

void personalized_logits(const Solution& solution, const UserSignal& signal, std::vector<float>& logits) {
  const uint32_t items = solution.items().size();
  logits.assign(items, 0.0f);
  const fb::FactorModel* factors = solution.root().factors();
  if (factors != nullptr && signal.factors != nullptr) {
    score_all_items(*factors, items, signal.factors, logits.data());
  }
  // Sequence part: transitions out of the latest events, newest first, decaying with each step
  // back; events sharing a timestamp are one step and share its weight (event_order.h).
  const fb::SequenceModel* sequence = solution.root().sequence();
  if (sequence == nullptr || signal.recent_items.empty() || sequence->weight() == 0.0f) return;
  const bool timed = signal.recent_times.size() == signal.recent_items.size();
  float step_weight = sequence->weight();
  for_each_step_from_newest(timed ? signal.recent_times.data() : nullptr, signal.recent_items.size(),
                            sequence->history_length(), [&](size_t first, size_t last, size_t) {
                              const float w = last - first == 1 ? step_weight
                                                                : step_weight / static_cast<float>(last - first);
                              for (size_t m = last; m-- > first;) {
                                const uint32_t from = signal.recent_items[m];
                                const uint32_t begin = sequence->offsets()->Get(from);
                                const uint32_t end = sequence->offsets()->Get(from + 1);
                                for (uint32_t e = begin; e < end; ++e) {
                                  logits[sequence->next_items()->Get(e)] += w * sequence->scores()->Get(e);
                                }
                              }
                              step_weight *= sequence->history_decay();
                            });
}

namespace {

/// exp(x) for finite x <= 0 (Cephes' expf: Cody-Waite reduction by ln 2, a degree-6 polynomial;
/// relative error below 2e-7), in float operations that are the same on every target (this
/// file is compiled without FMA contraction), and plain enough to vectorise. Below -87 the
/// result would leave the normal range; it is clamped there (~1.6e-38, nothing next to the
/// catalog's largest term, which is 1).
inline float exp_nonpositive(float x) {
  x = std::max(x, -87.0f);
  // round(x / ln 2) to nearest even by adding and subtracting 1.5 * 2^23 (exact for |v| < 2^22):
  // plain float adds, which vectorise on every target where nearbyint does not.
  constexpr float kRound = 12582912.0f;
  const float k = (x * 1.44269504088896341f + kRound) - kRound;
  const float r = (x - k * 0.693359375f) - k * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * (r * r) + r + 1.0f;
  const int32_t bits = (static_cast<int32_t>(k) + 127) * (int32_t{1} << 23);  // 2^k
  float two_k;
  std::memcpy(&two_k, &bits, sizeof two_k);
  return p * two_k;
}

#if defined(__wasm_simd128__)
/// exp_nonpositive of four values, the same operations in simd128 (clang leaves the scalar loop
/// below unvectorised for wasm, where it took a fifth of a recommendation).
inline v128_t exp_nonpositive4(v128_t x) {
  x = wasm_f32x4_pmax(x, wasm_f32x4_splat(-87.0f));  // std::max's semantics
  const v128_t round = wasm_f32x4_splat(12582912.0f);
  const v128_t k = wasm_f32x4_sub(wasm_f32x4_add(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)), round), round);
  const v128_t r = wasm_f32x4_sub(wasm_f32x4_sub(x, wasm_f32x4_mul(k, wasm_f32x4_splat(0.693359375f))),
                                  wasm_f32x4_mul(k, wasm_f32x4_splat(-2.12194440e-4f)));
  v128_t p = wasm_f32x4_splat(1.9875691500e-4f);
  for (const float c : {1.3981999507e-3f, 8.3334519073e-3f, 4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f}) {
    p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(c));
  }
  p = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(p, wasm_f32x4_mul(r, r)), r), wasm_f32x4_splat(1.0f));
  const v128_t two_k = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(k), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, two_k);
}
#endif

/// sum_i exp(logits[i] - max): the softmax's denominator over the whole catalog, which for a
/// large catalog costs more than scoring it. The exponentials are taken a chunk at a time (a
/// loop compilers vectorise) and summed into eight double lanes in a fixed order, so the result
/// is the same natively and in wasm. A NaN logit makes it NaN.
double sum_exp(const float* logits, size_t n, float max) {
  constexpr size_t kChunk = 256;
  constexpr size_t kLanes = 8;
  float terms[kChunk];
  double lanes[kLanes] = {};
  bool nan = false;
  for (size_t begin = 0; begin < n; begin += kChunk) {
    const size_t count = std::min(kChunk, n - begin);
    int nans = 0;
    size_t vectorised = 0;
#if defined(__wasm_simd128__)
    const v128_t shift = wasm_f32x4_splat(max);
    for (; vectorised + 4 <= count; vectorised += 4) {
      const v128_t x = wasm_f32x4_sub(wasm_v128_load(logits + begin + vectorised), shift);
      const v128_t is_nan = wasm_f32x4_ne(x, x);
      nans += wasm_v128_any_true(is_nan) ? 1 : 0;
      wasm_v128_store(terms + vectorised, exp_nonpositive4(wasm_v128_andnot(x, is_nan)));  // NaN -> 0
    }
#endif
    for (size_t j = vectorised; j < count; ++j) {
      const float x = logits[begin + j] - max;
      nans += x != x ? 1 : 0;
      terms[j] = exp_nonpositive(x != x ? 0.0f : x);  // NaN never reaches the int conversion
    }
    nan = nan || nans != 0;
    for (size_t j = count; j % kLanes != 0; ++j) terms[j] = 0.0f;
#if defined(__wasm_simd128__)
    // Lanes (0, 1), (2, 3), (4, 5), (6, 7) as four f64x2: the same additions, in the same order.
    v128_t sums[4];
    for (size_t q = 0; q < 4; ++q) sums[q] = wasm_v128_load(lanes + 2 * q);
    for (size_t j = 0; j < count; j += kLanes) {
      const v128_t low = wasm_v128_load(terms + j);
      const v128_t high = wasm_v128_load(terms + j + 4);
      sums[0] = wasm_f64x2_add(sums[0], wasm_f64x2_promote_low_f32x4(low));
      sums[1] = wasm_f64x2_add(sums[1], wasm_f64x2_promote_low_f32x4(wasm_i64x2_shuffle(low, low, 1, 0)));
      sums[2] = wasm_f64x2_add(sums[2], wasm_f64x2_promote_low_f32x4(high));
      sums[3] = wasm_f64x2_add(sums[3], wasm_f64x2_promote_low_f32x4(wasm_i64x2_shuffle(high, high, 1, 0)));
    }
    for (size_t q = 0; q < 4; ++q) wasm_v128_store(lanes + 2 * q, sums[q]);
#else
    for (size_t j = 0; j < count; j += kLanes) {
      for (size_t l = 0; l < kLanes; ++l) lanes[l] += static_cast<double>(terms[j + l]);
    }
#endif
  }
  if (nan) return std::numeric_limits<double>::quiet_NaN();
  return ((lanes[0] + lanes[4]) + (lanes[2] + lanes[6])) + ((lanes[1] + lanes[5]) + (lanes[3] + lanes[7]));
}

/// The largest logit, in 16 lanes so that it vectorises (only NaN, which makes every score NaN
/// anyway, could make the order matter).
float max_logit_of(const std::vector<float>& logits) {
  constexpr size_t kLanes = 16;
  float lanes[kLanes];
  std::fill_n(lanes, kLanes, -std::numeric_limits<float>::infinity());
  size_t i = 0;
#if defined(__wasm_simd128__)
  // pmax is std::max's (a < b ? b : a), four lanes at a time.
  v128_t maxima[4];
  for (size_t q = 0; q < 4; ++q) maxima[q] = wasm_v128_load(lanes + 4 * q);
  for (; i + kLanes <= logits.size(); i += kLanes) {
    for (size_t q = 0; q < 4; ++q) maxima[q] = wasm_f32x4_pmax(maxima[q], wasm_v128_load(logits.data() + i + 4 * q));
  }
  for (size_t q = 0; q < 4; ++q) wasm_v128_store(lanes + 4 * q, maxima[q]);
#endif
  for (; i + kLanes <= logits.size(); i += kLanes) {
    for (size_t l = 0; l < kLanes; ++l) lanes[l] = std::max(lanes[l], logits[i + l]);
  }
  for (size_t l = 0; i < logits.size(); ++i, ++l) lanes[l] = std::max(lanes[l], logits[i]);
  return *std::max_element(lanes, lanes + kLanes);
}

}  // namespace

void softmax_scores(const std::vector<float>& all_logits, std::vector<ScoredItem>& selected) {
  if (all_logits.empty()) return;
  const float max_logit = max_logit_of(all_logits);
  const double sum = sum_exp(all_logits.data(), all_logits.size(), max_logit);
  for (ScoredItem& item : selected) {
    const float x = all_logits[item.index] - max_logit;
    item.score = static_cast<float>(static_cast<double>(exp_nonpositive(x != x ? 0.0f : x)) / sum);
  }
}

}  // namespace edgerec
