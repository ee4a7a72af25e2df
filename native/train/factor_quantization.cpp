// Per-row symmetric int8 quantisation of factor matrices.
#include "train/factor_quantization.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace edgerec {

QuantizedRows quantize_rows_int8(const float* rows, size_t n, uint32_t dims) {
  QuantizedRows out;
  out.values.assign(n * dims, 0);
  out.scales.assign(n, 0.0f);
  for (size_t r = 0; r < n; ++r) {
    const float* row = rows + r * dims;
    float max_abs = 0.0f;
    bool finite = true;
    for (uint32_t d = 0; d < dims; ++d) {
      finite = finite && std::isfinite(row[d]);
      max_abs = std::max(max_abs, std::fabs(row[d]));
    }
    if (!finite) {
      out.scales[r] = std::numeric_limits<float>::quiet_NaN();
      continue;
    }
    if (max_abs == 0.0f) continue;
    const float scale = max_abs / 127.0f;
    out.scales[r] = scale;
    int8_t* q = out.values.data() + r * dims;
    // Rounding v / scale (not v * 127 / max) makes q * scale, what readers compute, the nearest
    // representable value; the clamp only catches the last ulp of division rounding.
    for (uint32_t d = 0; d < dims; ++d) {
      q[d] = static_cast<int8_t>(std::clamp(std::nearbyint(row[d] / scale), -127.0f, 127.0f));
    }
  }
  return out;
}

void dequantize_rows_int8(const int8_t* values, const float* scales, size_t n, uint32_t dims, float* out) {
  for (size_t r = 0; r < n; ++r) {
    for (uint32_t d = 0; d < dims; ++d) out[r * dims + d] = static_cast<float>(values[r * dims + d]) * scales[r];
  }
}

}  // namespace edgerec
