// Factor models for the scoring tests: random factor-like rows and a FactorModel table built in
// memory (not a whole solution: the scoring functions read only this table).
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "edgerec/solution_generated.h"
#include "train/factor_quantization.h"

namespace edgerec::testing {

/// Uniform in [lo, hi) from mt19937 bits (std distributions differ between standard libraries).
inline float uniform(std::mt19937& rng, float lo, float hi) {
  return lo + (hi - lo) * static_cast<float>(rng() >> 8) * (1.0f / 16777216.0f);
}

/// Factor-like floats: signed, magnitudes varying by row over a few orders of magnitude.
inline std::vector<float> random_rows(std::mt19937& rng, size_t n, uint32_t dims) {
  std::vector<float> out(n * dims);
  for (size_t r = 0; r < n; ++r) {
    const float magnitude = std::pow(10.0f, uniform(rng, -2.0f, 1.0f));
    for (uint32_t d = 0; d < dims; ++d) out[r * dims + d] = magnitude * uniform(rng, -1.0f, 1.0f);
  }
  return out;
}

inline std::vector<int8_t> random_int8(std::mt19937& rng, size_t count, int lo = -127) {
  std::vector<int8_t> out(count);
  for (int8_t& v : out) v = static_cast<int8_t>(lo + static_cast<int>(rng() % static_cast<uint32_t>(128 - lo)));
  return out;
}

/// A FactorModel table built in memory.
struct ModelBuffer {
  flatbuffers::FlatBufferBuilder fbb;
  const edgerec::fb::FactorModel* model = nullptr;
};

inline void build_model(ModelBuffer& out, uint32_t dims, const std::vector<float>& items, bool int8,
                        const std::vector<float>& biases = {}) {
  namespace fb = edgerec::fb;
  flatbuffers::FlatBufferBuilder& fbb = out.fbb;
  flatbuffers::Offset<flatbuffers::Vector<float>> f32;
  flatbuffers::Offset<flatbuffers::Vector<int8_t>> i8;
  flatbuffers::Offset<flatbuffers::Vector<float>> scales;
  if (int8) {
    const edgerec::QuantizedRows q = edgerec::quantize_rows_int8(items.data(), items.size() / dims, dims);
    i8 = fbb.CreateVector(q.values);
    scales = fbb.CreateVector(q.scales);
  } else {
    f32 = fbb.CreateVector(items);
  }
  const auto bias = biases.empty() ? flatbuffers::Offset<flatbuffers::Vector<float>>() : fbb.CreateVector(biases);
  fb::FactorModelBuilder b(fbb);
  b.add_dimensions(dims);
  b.add_item_encoding(int8 ? fb::FactorEncoding::INT8 : fb::FactorEncoding::FLOAT32);
  if (int8) {
    b.add_item_factors_i8(i8);
    b.add_item_scales(scales);
  } else {
    b.add_item_factors_f32(f32);
  }
  if (!biases.empty()) b.add_item_biases(bias);
  fbb.Finish(b.Finish());
  out.model = flatbuffers::GetRoot<fb::FactorModel>(fbb.GetBufferPointer());
}

}  // namespace edgerec::testing
