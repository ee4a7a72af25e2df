// WebAssembly SIMD (simd128) scoring kernels, written directly against wasm_simd128.h rather
// than through Emscripten's SSE emulation (the skeleton is row_kernels.inc, shared with the x86 kernels;
// factor_scoring.h has the arithmetic every kernel must reproduce).
//
// What differs from x86: V8 gives wasm 16 vector registers, so the float32 kernel scores four
// items at a time but builds each item's 16 lanes one group of four lanes at a time, in the
// order of the lane tree (lanes 0-3 with 8-11, then 4-7 with 12-15), which keeps at most twelve
// vectors live instead of sixteen; the int8 kernel scores eight items at a time, loading each
// item chunk with the sign-extending load (i16x8.load8x8_s) and multiply-adding it into int32
// lanes with i32x4.dot_i16x8_s. The chunk loops stay loops: unrolled, V8's scheduler issued
// all of a block's loads first and spilled most of them (2.5x slower).
#include "scoring/factor_scoring_kernels.h"

#ifdef EDGEREC_SCORING_WASM

#include <wasm_simd128.h>

#include <algorithm>
#include <cstring>

#include "scoring/row_kernel_parts.h"

namespace edgerec::scoring::wasm {
namespace {

/// Four floats at p, of which `available` (may be <= 0 or > 4) are in the row; zeros beyond.
inline v128_t load_f32(const float* p, int64_t available) {
  if (available >= 4) return wasm_v128_load(p);
  float buffer[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  if (available > 0) std::memcpy(buffer, p, static_cast<size_t>(available) * sizeof(float));
  return wasm_v128_load(buffer);
}

/// Lane group r (lanes 4r..4r+3 of the 16-lane order) of four items' accumulators, summed over
/// the chunks in order. kChunks exact 16-float chunks, or 0: ceil(dims / 16), the last partial.
template <int kChunks>
inline void f32_lane_group(const float* rows, uint32_t dims, const float* user, uint32_t r, v128_t (&acc)[4]) {
  const uint32_t chunks = kChunks > 0 ? static_cast<uint32_t>(kChunks) : (dims + kLanes - 1) / kLanes;
#pragma clang loop unroll(disable)
  for (uint32_t c = 0; c < chunks; ++c) {
    const uint32_t at = c * kLanes + 4 * r;
    const v128_t u = wasm_v128_load(user + at);
    for (int b = 0; b < 4; ++b) {
      const float* p = rows + b * dims + at;
      const v128_t x = kChunks > 0 ? wasm_v128_load(p) : load_f32(p, int64_t{dims} - at);
      const v128_t m = wasm_f32x4_mul(x, u);
      acc[b] = c == 0 ? m : wasm_f32x4_add(acc[b], m);
    }
  }
}

/// [x0+x2, x1+x3, y0+y2, y1+y3]
inline v128_t fold_pair_f32(v128_t x, v128_t y) {
  return wasm_f32x4_add(wasm_i32x4_shuffle(x, y, 0, 1, 4, 5), wasm_i32x4_shuffle(x, y, 2, 3, 6, 7));
}
/// [x0+x1, x2+x3, y0+y1, y2+y3]
inline v128_t fold_adjacent_f32(v128_t x, v128_t y) {
  return wasm_f32x4_add(wasm_i32x4_shuffle(x, y, 0, 2, 4, 6), wasm_i32x4_shuffle(x, y, 1, 3, 5, 7));
}

/// Four items' float32 scores.
template <int kChunks>
inline v128_t f32_block(const float* rows, uint32_t dims, const float* user) {
  v128_t low[4];
  v128_t high[4];
  v128_t half[4][2];  // per item: lanes 0-3 + 8-11, lanes 4-7 + 12-15
  f32_lane_group<kChunks>(rows, dims, user, 0, low);
  f32_lane_group<kChunks>(rows, dims, user, 2, high);
  for (int b = 0; b < 4; ++b) half[b][0] = wasm_f32x4_add(low[b], high[b]);
  f32_lane_group<kChunks>(rows, dims, user, 1, low);
  f32_lane_group<kChunks>(rows, dims, user, 3, high);
  for (int b = 0; b < 4; ++b) half[b][1] = wasm_f32x4_add(low[b], high[b]);
  v128_t q[4];
  for (int b = 0; b < 4; ++b) q[b] = wasm_f32x4_add(half[b][0], half[b][1]);  // + lane l+4
  // + lane l+2, then lane 0 + lane 1, four items at once.
  return fold_adjacent_f32(fold_pair_f32(q[0], q[1]), fold_pair_f32(q[2], q[3]));
}

/// [sum a, sum b, sum c, sum d] of four int32 vectors (any order is exact).
inline v128_t sum4_i32(v128_t a, v128_t b, v128_t c, v128_t d) {
  const v128_t ab = wasm_i32x4_add(wasm_i32x4_shuffle(a, b, 0, 1, 4, 5), wasm_i32x4_shuffle(a, b, 2, 3, 6, 7));
  const v128_t cd = wasm_i32x4_add(wasm_i32x4_shuffle(c, d, 0, 1, 4, 5), wasm_i32x4_shuffle(c, d, 2, 3, 6, 7));
  return wasm_i32x4_add(wasm_i32x4_shuffle(ab, cd, 0, 2, 4, 6), wasm_i32x4_shuffle(ab, cd, 1, 3, 5, 7));
}

/// Eight items' exact int32 dot products, as two vectors of four. kChunks exact 8-value chunks,
/// or 0: the run-time count and a scalar tail.
template <int kChunks>
inline void i8_block(const int8_t* rows, uint32_t dims, const int16_t* user, v128_t& first, v128_t& second) {
  const uint32_t full = kChunks > 0 ? static_cast<uint32_t>(kChunks) * 8 : dims / 8 * 8;
  v128_t acc[8];
  for (int b = 0; b < 8; ++b) acc[b] = wasm_i32x4_splat(0);
#pragma clang loop unroll(disable)
  for (uint32_t c = 0; c < full; c += 8) {
    const v128_t u = wasm_v128_load(user + c);
    for (int b = 0; b < 8; ++b) {
      acc[b] = wasm_i32x4_add(acc[b], wasm_i32x4_dot_i16x8(wasm_i16x8_load8x8(rows + b * dims + c), u));
    }
  }
  if (kChunks == 0 && full < dims) {
    for (int b = 0; b < 8; ++b) acc[b] = wasm_i32x4_add(acc[b], wasm_i32x4_make(tail_dot(rows + b * dims, user, full, dims), 0, 0, 0));
  }
  first = sum4_i32(acc[0], acc[1], acc[2], acc[3]);
  second = sum4_i32(acc[4], acc[5], acc[6], acc[7]);
}

struct Isa {
  static constexpr size_t kF32Block = 4;
  static constexpr size_t kI8Block = 8;
  static constexpr uint32_t kF32Chunk = kLanes;
  // 64 dimensions are eight 8-value chunks: the table covers up to 64 (wider vectors unroll too
  // much for V8's registers).
  static constexpr uint32_t kI8Chunk = 8;
  template <int kChunks>
  static void f32_block(const float* rows, uint32_t dims, const float* user, float* out) {
    wasm_v128_store(out, edgerec::scoring::wasm::f32_block<kChunks>(rows, dims, user));
  }
  template <int kChunks>
  static void i8_block(const int8_t* rows, uint32_t dims, const int16_t* user, float user_scale, const float* scales,
                       float* out) {
    const v128_t uscale = wasm_f32x4_splat(user_scale);
    v128_t dots[2];
    edgerec::scoring::wasm::i8_block<kChunks>(rows, dims, user, dots[0], dots[1]);
    for (size_t h = 0; h < 2; ++h) {
      const v128_t s = wasm_f32x4_mul(wasm_f32x4_convert_i32x4(dots[h]), uscale);
      wasm_v128_store(out + 4 * h, wasm_f32x4_mul(s, wasm_v128_load(scales + 4 * h)));
    }
  }
};

}  // namespace

#include "scoring/row_kernels.inc"

}  // namespace edgerec::scoring::wasm

#endif  // EDGEREC_SCORING_WASM
