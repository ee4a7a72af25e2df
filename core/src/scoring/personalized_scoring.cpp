// Personalized scoring: factor scores for the user's vector plus transitions from recent events.
#include "scoring/personalized_scoring.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

#include "edgerec/event_order.h"
#include "scoring/factor_scoring.h"
#include "scoring/multi_user_scoring.h"
#include "edgerec/solution_generated.h"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif
#include "scoring/factor_scoring_kernels.h"
#ifdef EDGEREC_SCORING_X86
#include "scoring/x86_intrinsics.h"
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

namespace {

/// Whether for_each_sequence_term calls its `add` at all (some events, a sequence part of non-zero
/// weight).
bool has_sequence_terms(const Solution& solution, const UserSignal& signal) {
  const fb::SequenceModel* sequence = solution.root().sequence();
  return sequence != nullptr && !signal.recent_items.empty() && sequence->weight() != 0.0f;
}

/// Calls add(item, w, score) for each term w * score the sequence part adds to an item's logit,
/// in the order personalized_logits adds them: transitions out of the latest events, newest
/// first, decaying with each step back; events sharing a timestamp are one step and share its
/// weight (event_order.h). personalized_logits and top_k_logits both add through this, so an
/// item's additions happen in one order, whichever computes it.
template <typename Add>
void for_each_sequence_term(const Solution& solution, const UserSignal& signal, Add add) {
  if (!has_sequence_terms(solution, signal)) return;
  const fb::SequenceModel* sequence = solution.root().sequence();
  // The vectors looked up once: each accessor reads the table's vtable again.
  const flatbuffers::Vector<uint32_t>& offsets = *sequence->offsets();
  const flatbuffers::Vector<uint32_t>& next_items = *sequence->next_items();
  const flatbuffers::Vector<float>& scores = *sequence->scores();
  const float decay = sequence->history_decay();
  const bool timed = signal.recent_times.size() == signal.recent_items.size();
  float step_weight = sequence->weight();
  for_each_step_from_newest(timed ? signal.recent_times.data() : nullptr, signal.recent_items.size(),
                            sequence->history_length(), [&](size_t first, size_t last, size_t) {
                              const float w = last - first == 1 ? step_weight
                                                                : step_weight / static_cast<float>(last - first);
                              for (size_t m = last; m-- > first;) {
                                const uint32_t from = signal.recent_items[m];
                                const uint32_t end = offsets.Get(from + 1);
                                for (uint32_t e = offsets.Get(from); e < end; ++e) {
                                  add(next_items.Get(e), w, scores.Get(e));
                                }
                              }
                              step_weight *= decay;
                            });
}

}  // namespace

void personalized_logits(const Solution& solution, const UserSignal& signal, std::vector<float>& logits) {
  const uint32_t items = solution.items().size();
  logits.assign(items, 0.0f);
  const fb::FactorModel* factors = solution.root().factors();
  if (factors != nullptr && signal.factors != nullptr) {
    score_all_items(*factors, items, signal.factors, logits.data());
  }
  for_each_sequence_term(solution, signal, [&](uint32_t item, float w, float score) { logits[item] += w * score; });
}

void personalized_logits_for_users(const Solution& solution, const UserSignal* const* signals, size_t count,
                                   std::vector<float>* const* logits, const InterleavedItemFactors* interleaved) {
  const uint32_t items = solution.items().size();
  const fb::FactorModel* factors = solution.root().factors();
  std::vector<const float*> vectors;
  std::vector<float*> outputs;
  for (size_t s = 0; s < count; ++s) {
    logits[s]->assign(items, 0.0f);
    if (factors != nullptr && signals[s]->factors != nullptr) {
      vectors.push_back(signals[s]->factors);
      outputs.push_back(logits[s]->data());
    }
  }
  if (!vectors.empty()) {
    score_all_items_for_users(*factors, items, vectors.data(), vectors.size(), outputs.data(), interleaved);
  }
  for (size_t s = 0; s < count; ++s) {
    std::vector<float>& out = *logits[s];
    for_each_sequence_term(solution, *signals[s], [&](uint32_t item, float w, float score) { out[item] += w * score; });
  }
}

bool top_k_logits_applies(const Solution& solution, const UserSignal& signal) {
  return solution.root().factors() != nullptr && signal.factors != nullptr;
}

std::vector<ScoredItem> top_k_logits(const Solution& solution, const UserSignal& signal, size_t k,
                                     const uint8_t* allowed) {
  const uint32_t items = solution.items().size();
  const fb::FactorModel& factors = *solution.root().factors();
  k = std::min<size_t>(k, items);
  if (k == 0) return {};
  if (!has_sequence_terms(solution, signal)) {
    return top_k_items(factors, items, signal.factors, k, allowed, solution.packed_item_factors());
  }
  // The factor top-k's candidates: allowed items the sequence part leaves alone (their logit is
  // their factor score, the same bits). Bit 0: allowed; bit 1, while collecting: reached.
  std::vector<uint8_t> others(items, 1);
  if (allowed != nullptr) {
    for (uint32_t i = 0; i < items; ++i) others[i] = allowed[i] != 0 ? 1 : 0;
  }
  std::vector<uint32_t> reached;
  for_each_sequence_term(solution, signal, [&](uint32_t item, float, float) {
    if (others[item] < 2) {
      others[item] |= 2;
      reached.push_back(item);
    }
  });
  if (reached.size() > items / 16) {
    // Each reached item costs some 40 ns (scattered rows and successor lists: cache misses), a
    // pass over the catalog ~2.5 ns per item (27K int8 items at 64 factors): past a sixteenth,
    // that pass is cheaper.
    std::vector<float> logits;
    personalized_logits(solution, signal, logits);
    return top_k(logits.data(), logits.size(), k, allowed);
  }
  std::vector<uint8_t> reached_allowed(reached.size());
  for (size_t r = 0; r < reached.size(); ++r) {
    reached_allowed[r] = others[reached[r]] & 1;
    others[reached[r]] = 0;
  }
  std::vector<ScoredItem> best =
      top_k_items(factors, items, signal.factors, k, others.data(), solution.packed_item_factors());
  // The reached items' exact logits: the factor score, then personalized_logits' additions in
  // its order. Only reached entries of `logits` are ever written or read.
  std::vector<float> scores(reached.size());
  score_items(factors, reached.data(), reached.size(), signal.factors, scores.data());
  const std::unique_ptr<float[]> logits(new float[items]);
  for (size_t r = 0; r < reached.size(); ++r) logits[reached[r]] = scores[r];
  for_each_sequence_term(solution, signal, [&](uint32_t item, float w, float score) { logits[item] += w * score; });
  // Under ranks_before (a total order) the k best of the union are the k best overall; with k
  // others found, only a reached item that ranks before the k-th can enter.
  const size_t others_found = best.size();
  const ScoredItem kth = others_found == k ? best.back() : ScoredItem{};
  for (size_t r = 0; r < reached.size(); ++r) {
    const ScoredItem candidate{reached[r], logits[reached[r]]};
    // NaN: top_k never selects it.
    if (reached_allowed[r] == 0 || candidate.score != candidate.score) continue;
    if (others_found < k || ranks_before(candidate, kth)) best.push_back(candidate);
  }
  if (best.size() == others_found) return best;
  std::sort(best.begin(), best.end(), ranks_before);
  if (best.size() > k) best.resize(k);
  return best;
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

#ifdef EDGEREC_SCORING_X86
EDGEREC_TARGET_REGION_BEGIN("avx2")
/// exp_nonpositive of eight values, the same operations in AVX2 (no FMA: this file is compiled
/// without contraction and the target adds none), for sum_exp on CPUs that have it: the
/// exponentials were two fifths of a new user's recommendation over 27,000 items.
inline __m256 exp_nonpositive8(__m256 x) {
  x = _mm256_max_ps(x, _mm256_set1_ps(-87.0f));  // std::max(x, -87) for the non-NaN x it gets
  const __m256 round = _mm256_set1_ps(12582912.0f);
  const __m256 k = _mm256_sub_ps(_mm256_add_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)), round), round);
  const __m256 r = _mm256_sub_ps(_mm256_sub_ps(x, _mm256_mul_ps(k, _mm256_set1_ps(0.693359375f))),
                                 _mm256_mul_ps(k, _mm256_set1_ps(-2.12194440e-4f)));
  __m256 p = _mm256_set1_ps(1.9875691500e-4f);
  for (const float c : {1.3981999507e-3f, 8.3334519073e-3f, 4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f}) {
    p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(c));
  }
  p = _mm256_add_ps(_mm256_add_ps(_mm256_mul_ps(p, _mm256_mul_ps(r, r)), r), _mm256_set1_ps(1.0f));
  const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvttps_epi32(k), _mm256_set1_epi32(127)), 23);
  return _mm256_mul_ps(p, _mm256_castsi256_ps(bits));
}

/// exp_nonpositive8 of four vectors at once, step by step: the polynomial is a chain of
/// dependent multiplies and adds, and four independent chains give the core's pipes work while
/// each waits on latency (a sixth off sum_exp's time, measured in a batch job). The same
/// operations per lane, so the same bits.
inline void exp_nonpositive8x4(__m256 (&x)[4]) {
  constexpr int kN = 4;
  const __m256 round = _mm256_set1_ps(12582912.0f);
  __m256 k[kN];
  __m256 r[kN];
  __m256 p[kN];
  for (int v = 0; v < kN; ++v) x[v] = _mm256_max_ps(x[v], _mm256_set1_ps(-87.0f));
  for (int v = 0; v < kN; ++v) {
    k[v] = _mm256_sub_ps(_mm256_add_ps(_mm256_mul_ps(x[v], _mm256_set1_ps(1.44269504088896341f)), round), round);
  }
  for (int v = 0; v < kN; ++v) {
    r[v] = _mm256_sub_ps(_mm256_sub_ps(x[v], _mm256_mul_ps(k[v], _mm256_set1_ps(0.693359375f))),
                         _mm256_mul_ps(k[v], _mm256_set1_ps(-2.12194440e-4f)));
  }
  for (int v = 0; v < kN; ++v) p[v] = _mm256_set1_ps(1.9875691500e-4f);
  for (const float c : {1.3981999507e-3f, 8.3334519073e-3f, 4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f}) {
    for (int v = 0; v < kN; ++v) p[v] = _mm256_add_ps(_mm256_mul_ps(p[v], r[v]), _mm256_set1_ps(c));
  }
  for (int v = 0; v < kN; ++v) {
    p[v] = _mm256_add_ps(_mm256_add_ps(_mm256_mul_ps(p[v], _mm256_mul_ps(r[v], r[v])), r[v]), _mm256_set1_ps(1.0f));
    const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvttps_epi32(k[v]), _mm256_set1_epi32(127)), 23);
    x[v] = _mm256_mul_ps(p[v], _mm256_castsi256_ps(bits));
  }
}

/// One chunk of sum_exp: terms[j] = exp(logits[j] - max) (NaN -> 0) for j < count (a multiple of
/// 8 or the chunk's end), and the eight double lanes advanced by the same additions as the
/// scalar loop. Returns whether a NaN was seen.
bool sum_exp_chunk_avx2(const float* logits, size_t count, float max, float* terms, double* lanes) {
  const __m256 shift = _mm256_set1_ps(max);
  int nans = 0;
  size_t j = 0;
  for (; j + 32 <= count; j += 32) {
    __m256 x[4];
    for (int v = 0; v < 4; ++v) {
      x[v] = _mm256_sub_ps(_mm256_loadu_ps(logits + j + 8 * v), shift);
      const __m256 is_nan = _mm256_cmp_ps(x[v], x[v], _CMP_UNORD_Q);
      nans |= _mm256_movemask_ps(is_nan);
      x[v] = _mm256_andnot_ps(is_nan, x[v]);  // NaN -> 0
    }
    exp_nonpositive8x4(x);
    for (int v = 0; v < 4; ++v) _mm256_storeu_ps(terms + j + 8 * v, x[v]);
  }
  for (; j + 8 <= count; j += 8) {
    const __m256 x = _mm256_sub_ps(_mm256_loadu_ps(logits + j), shift);
    const __m256 is_nan = _mm256_cmp_ps(x, x, _CMP_UNORD_Q);
    nans |= _mm256_movemask_ps(is_nan);
    _mm256_storeu_ps(terms + j, exp_nonpositive8(_mm256_andnot_ps(is_nan, x)));  // NaN -> 0
  }
  for (; j < count; ++j) {
    const float x = logits[j] - max;
    nans |= x != x ? 1 : 0;
    terms[j] = exp_nonpositive(x != x ? 0.0f : x);
  }
  for (; j % 8 != 0; ++j) terms[j] = 0.0f;
  __m256d low = _mm256_loadu_pd(lanes);
  __m256d high = _mm256_loadu_pd(lanes + 4);
  for (size_t i = 0; i < j; i += 8) {
    const __m256 t = _mm256_loadu_ps(terms + i);
    low = _mm256_add_pd(low, _mm256_cvtps_pd(_mm256_castps256_ps128(t)));
    high = _mm256_add_pd(high, _mm256_cvtps_pd(_mm256_extractf128_ps(t, 1)));
  }
  _mm256_storeu_pd(lanes, low);
  _mm256_storeu_pd(lanes + 4, high);
  return nans != 0;
}
EDGEREC_TARGET_REGION_END
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
#ifdef EDGEREC_SCORING_X86
  static const bool avx2 = scoring::cpu_has_avx2();
  if (avx2) {
    for (size_t begin = 0; begin < n; begin += kChunk) {
      nan = sum_exp_chunk_avx2(logits + begin, std::min(kChunk, n - begin), max, terms, lanes) || nan;
    }
    if (nan) return std::numeric_limits<double>::quiet_NaN();
    return ((lanes[0] + lanes[4]) + (lanes[2] + lanes[6])) + ((lanes[1] + lanes[5]) + (lanes[3] + lanes[7]));
  }
#endif
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

SoftmaxNormalizer softmax_normalizer(const std::vector<float>& all_logits) {
  SoftmaxNormalizer normalizer;
  normalizer.max_logit = max_logit_of(all_logits);
  normalizer.sum = sum_exp(all_logits.data(), all_logits.size(), normalizer.max_logit);
  return normalizer;
}

float softmax_score(const SoftmaxNormalizer& normalizer, float logit) {
  const float x = logit - normalizer.max_logit;
  return static_cast<float>(static_cast<double>(exp_nonpositive(x != x ? 0.0f : x)) / normalizer.sum);
}

void softmax_scores(const std::vector<float>& all_logits, std::vector<ScoredItem>& selected) {
  if (all_logits.empty()) return;
  const SoftmaxNormalizer normalizer = softmax_normalizer(all_logits);
  for (ScoredItem& item : selected) item.score = softmax_score(normalizer, all_logits[item.index]);
}

}  // namespace edgerec
